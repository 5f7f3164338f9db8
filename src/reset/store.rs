//! The reset feature's store: the only code that writes the flow. Components
//! read it and call these methods; the runner reports answers through
//! `ResetStore::record`.

use leptos::prelude::*;

use super::events::HostEvent;
use super::runner;
use super::state::{
    Flow, PasswordSource, PlanError, ResetChoices, Sender, Target, UserOutcome, plan,
};
use crate::api::queue::WorkQueue;
use crate::context::WidgetContext;
use crate::password::Recipe;
use crate::reader::Reader;
use crate::roles::ResetDenial;

/// What the widget does once a result is closed.
pub type OnClosed = Box<dyn Fn()>;

#[derive(Clone, Copy)]
pub struct ResetStore {
    flow: RwSignal<Flow>,
    pub(super) ctx: WidgetContext,
    pub(super) queue: StoredValue<WorkQueue, LocalStorage>,
    /// Told when a result is closed, so the list can clear its selection.
    on_closed: StoredValue<Option<OnClosed>, LocalStorage>,
    /// The admin the mails name as their sender, given when the dialog opens.
    sender: StoredValue<Sender>,
    /// Users of a bulk selection this admin may not reset: never sent, and
    /// listed in the result with the reason.
    left_out: StoredValue<Vec<(Target, ResetDenial)>>,
    /// What draws a new password for a user whose password the tenant
    /// refused, on "Retry failed users": the run's own recipe, or the
    /// default one when the admin typed the password.
    recipe: StoredValue<Recipe>,
}

impl ResetStore {
    pub fn new(
        ctx: WidgetContext,
        flow: RwSignal<Flow>,
        queue: WorkQueue,
        on_closed: Option<OnClosed>,
    ) -> Self {
        ResetStore {
            flow,
            ctx,
            queue: StoredValue::new_local(queue),
            on_closed: StoredValue::new_local(on_closed),
            sender: StoredValue::new(Sender::default()),
            left_out: StoredValue::new(Vec::new()),
            recipe: StoredValue::new(Recipe::default()),
        }
    }

    pub fn use_context() -> ResetStore {
        expect_context::<ResetStore>()
    }

    /// The flow, read only.
    pub fn flow(&self) -> Reader<Flow> {
        Reader::new(self.flow)
    }

    /// Opens the dialog for `targets`; nothing is sent yet. `sender` is the
    /// signed-in admin, as the mails will name them.
    pub fn open(&self, targets: Vec<Target>, sender: Option<Sender>) {
        self.open_with_left_out(targets, sender, Vec::new());
    }

    /// Opens the dialog for a bulk selection: `targets` may be reset;
    /// `left_out` matched the selection but may not be, and the result says so.
    pub fn open_with_left_out(
        &self,
        targets: Vec<Target>,
        sender: Option<Sender>,
        left_out: Vec<(Target, ResetDenial)>,
    ) {
        self.sender.set_value(sender.unwrap_or_default());
        self.left_out.set_value(left_out);
        self.flow
            .update(|flow| *flow = std::mem::take(flow).open(targets));
    }

    /// Starts the resets the dialog's choices describe. Nothing is sent when
    /// the plan fails (the error says why) or when a run is already under way:
    /// two clicks in one task both reach here before the form is gone.
    pub fn submit(&self, choices: &ResetChoices, source: PasswordSource) -> Result<(), PlanError> {
        let targets = self.flow.with_untracked(|flow| match flow {
            Flow::Confirming { targets } => Some(targets.clone()),
            _ => None,
        });
        let Some(targets) = targets else {
            return Ok(());
        };
        let recipe = source.recipe().cloned().unwrap_or_default();
        let mut outcomes = plan(choices, &targets, source, Recipe::generate)?;
        self.recipe.set_value(recipe);
        outcomes.extend(
            self.left_out
                .get_value()
                .into_iter()
                .map(|(target, denial)| UserOutcome::not_allowed(target, denial)),
        );
        self.flow
            .update(|flow| *flow = std::mem::take(flow).start(outcomes));
        runner::run(*self);
        Ok(())
    }

    /// How many users of the selection are left out (not allowed).
    pub fn left_out_count(&self) -> usize {
        self.left_out.with_value(Vec::len)
    }

    /// Stops sending new resets; those already sent finish.
    pub fn pause(&self) {
        self.flow
            .update(|flow| *flow = std::mem::take(flow).pause());
    }

    /// Sends the waiting resets again.
    pub fn resume(&self) {
        self.flow
            .update(|flow| *flow = std::mem::take(flow).resume());
        runner::run(*self);
    }

    /// Cancels the resets not sent yet; those already sent are awaited, and
    /// the result says for each user whether they were reset.
    pub fn cancel_run(&self) {
        let mut dropped = Vec::new();
        self.flow.update(|flow| {
            let (next, ids) = std::mem::take(flow).cancel_run();
            *flow = next;
            dropped = ids;
        });
        if !dropped.is_empty() {
            HostEvent::Cancelled { user_ids: &dropped }.dispatch(&self.ctx.host.get_value());
        }
    }

    /// The next user to send, marked as sent; none when paused, cancelled,
    /// finished or unmounted.
    pub(super) fn take_next(&self) -> Option<String> {
        self.flow.try_update(|flow| flow.take_next()).flatten()
    }

    /// Closes the dialog before anything was sent. Nothing reaches the tenant.
    pub fn cancel(&self) {
        let ids: Vec<String> = self.flow.with_untracked(|flow| match flow {
            Flow::Confirming { targets } => targets.iter().map(|t| t.id.clone()).collect(),
            _ => Vec::new(),
        });
        if ids.is_empty() {
            return;
        }
        self.flow
            .update(|flow| *flow = std::mem::take(flow).cancel());
        HostEvent::Cancelled { user_ids: &ids }.dispatch(&self.ctx.host.get_value());
    }

    /// The admin who sends this run's mails.
    pub fn sender(&self) -> Sender {
        self.sender.get_value()
    }

    /// Runs the users whose reset failed once more, with the same passwords
    /// except those the tenant refused, which are drawn anew; users already
    /// reset are not touched.
    pub fn retry_failed(&self) {
        let mut again = false;
        let recipe = self.recipe.get_value();
        self.flow.update(|flow| {
            let (next, ids) = std::mem::take(flow).retry_failed(|| recipe.generate());
            *flow = next;
            again = !ids.is_empty();
        });
        if again {
            runner::run(*self);
        }
    }

    /// Sends the notification of a reset that succeeded once more. Never
    /// resets again.
    pub fn send_again(&self, user_id: String) {
        runner::send_mail_again(*self, user_id);
    }

    /// Leaves the result. The passwords held for it are dropped, and so wiped.
    pub fn close(&self) {
        self.flow
            .update(|flow| *flow = std::mem::take(flow).close());
        let closed = self
            .flow
            .with_untracked(|flow| matches!(flow, Flow::Browsing));
        if closed {
            self.on_closed
                .with_value(|on_closed| on_closed.as_ref().map(|tell| tell()));
        }
    }

    /// Applies one answer to one user's outcome and settles the run when it
    /// was the last. False when the widget is gone (unmounted meanwhile).
    pub(super) fn record(&self, user_id: &str, change: impl FnOnce(&mut UserOutcome)) -> bool {
        self.flow
            .try_update(|flow| {
                flow.update(user_id, change);
                *flow = std::mem::take(flow).settle();
            })
            .is_some()
    }

    /// A copy of one user's outcome, if the widget and the run still exist.
    pub(super) fn outcome(&self, user_id: &str) -> Option<UserOutcome> {
        self.flow
            .try_with_untracked(|flow| {
                flow.outcomes()
                    .iter()
                    .find(|o| o.target.id == user_id)
                    .cloned()
            })
            .flatten()
    }
}
