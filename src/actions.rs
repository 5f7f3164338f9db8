//! What the widget does against the tenant, driven by the components: load
//! the admin's roles, check a target's roles, run resets and mails.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::api::models::User;
use crate::context::WidgetContext;
use crate::flow::{Access, Eligibility, MailStatus, ResetStatus, UserOutcome};
use crate::host_events::{self, EventDetail};
use crate::notification;
use crate::roles::{ResetDenial, check_reset};

/// Resets run side by side, but few at a time: the tenant throttles writes.
const RESET_CONCURRENCY: usize = 4;

pub fn load_access(ctx: WidgetContext) {
    spawn_local(async move {
        let client = ctx.client();
        let access = match client.my_id().await {
            Ok(my_id) => match client.my_roles().await {
                Ok(roles) => Access::Ready { my_id, roles },
                Err(error) => Access::Failed(error),
            },
            Err(error) => Access::Failed(error),
        };
        ctx.access.set(access);
    });
}

/// Looks up a target's roles once and applies the role matrix.
pub fn check_eligibility(ctx: WidgetContext, user: &User) {
    let Access::Ready { my_id, roles } = ctx.access.get_untracked() else {
        return;
    };
    let known = ctx.eligibility.with_untracked(|map| {
        matches!(
            map.get(&user.id),
            Some(Eligibility::Allowed | Eligibility::Denied(_) | Eligibility::Checking)
        )
    });
    if known {
        return;
    }
    let user_id = user.id.clone();
    // Own account and "no reset role at all" need no lookup of the target.
    if let Err(denial @ (ResetDenial::OwnAccount | ResetDenial::NoResetRole)) =
        check_reset(&my_id, &roles, &user_id, &[])
    {
        ctx.eligibility.update(|map| {
            map.insert(user_id, Eligibility::Denied(denial));
        });
        return;
    }
    ctx.eligibility.update(|map| {
        map.insert(user_id.clone(), Eligibility::Checking);
    });
    spawn_local(async move {
        let verdict = match ctx.client().user_roles(&user_id).await {
            Ok(target_roles) => match check_reset(&my_id, &roles, &user_id, &target_roles) {
                Ok(()) => Eligibility::Allowed,
                Err(denial) => Eligibility::Denied(denial),
            },
            Err(error) => Eligibility::Unknown(error),
        };
        if matches!(verdict, Eligibility::Denied(_)) {
            ctx.selection
                .update(|selected| selected.retain(|u| u.id != user_id));
        }
        ctx.eligibility.update(|map| {
            map.insert(user_id, verdict);
        });
    });
}

/// Starts the resets. The outcomes already hold each user's new password.
pub fn submit(ctx: WidgetContext, outcomes: Vec<UserOutcome>) {
    // Two clicks in one task both reach here before the form is gone: only
    // the first may send anything.
    if !ctx.flow.with_untracked(|flow| flow.can_start()) {
        return;
    }
    let queue: VecDeque<String> = outcomes.iter().map(|o| o.target.id.clone()).collect();
    ctx.flow
        .update(|flow| *flow = std::mem::take(flow).start(outcomes));
    run(ctx, queue);
}

/// Runs the users whose reset failed once more, with the same passwords;
/// users already reset are not touched.
pub fn retry_failed(ctx: WidgetContext) {
    let mut again = Vec::new();
    ctx.flow.update(|flow| {
        let (next, ids) = std::mem::take(flow).retry_failed();
        *flow = next;
        again = ids;
    });
    run(ctx, again.into());
}

fn run(ctx: WidgetContext, queue: VecDeque<String>) {
    let queue = Rc::new(RefCell::new(queue));
    for _ in 0..RESET_CONCURRENCY {
        let queue = Rc::clone(&queue);
        spawn_local(async move {
            loop {
                let next = queue.borrow_mut().pop_front();
                let Some(user_id) = next else { break };
                reset_one(ctx, &user_id).await;
            }
        });
    }
}

async fn reset_one(ctx: WidgetContext, user_id: &str) {
    let Some(outcome) = find_outcome(ctx, user_id) else {
        return;
    };
    let result = ctx
        .client()
        .reset_password(
            user_id,
            &outcome.password,
            outcome.require_change,
            outcome.require_mfa,
        )
        .await;
    let host = ctx.host.get_value();
    match result {
        Ok(()) => {
            record(ctx, user_id, |o| o.reset = ResetStatus::Done);
            host_events::dispatch(
                &host,
                host_events::RESET_DONE,
                &detail(user_id, "reset", None),
            );
            if !outcome.recipients.is_empty() {
                send_mail(ctx, user_id).await;
            }
        }
        Err(error) => {
            host_events::dispatch(
                &host,
                host_events::ERROR,
                &detail(user_id, "resetFailed", Some(error.code())),
            );
            record(ctx, user_id, |o| o.reset_failed(error));
        }
    }
}

/// Sends (or sends again) the notification of a reset that succeeded. Never
/// resets again.
pub async fn send_mail(ctx: WidgetContext, user_id: &str) {
    let Some(outcome) = find_outcome(ctx, user_id) else {
        return;
    };
    if outcome.reset != ResetStatus::Done || outcome.recipients.is_empty() {
        return;
    }
    record(ctx, user_id, |o| o.mail = MailStatus::Pending);
    let mail = notification::compose(
        ctx.strings,
        &outcome.target,
        &outcome.password,
        outcome.require_change,
    );
    drop(outcome.password);
    let result = ctx
        .client()
        .send_mail(&mail.subject, &mail.body, &outcome.recipients)
        .await;
    drop(mail);
    let host = ctx.host.get_value();
    match result {
        Ok(()) => {
            let mut d = detail(user_id, "mailSent", None);
            d.recipients = Some(outcome.recipients.len());
            host_events::dispatch(&host, host_events::MAIL_SENT, &d);
            record(ctx, user_id, |o| o.mail = MailStatus::Sent);
        }
        Err(error) => {
            host_events::dispatch(
                &host,
                host_events::ERROR,
                &detail(user_id, "mailFailed", Some(error.code())),
            );
            record(ctx, user_id, |o| o.mail = MailStatus::Failed(error));
        }
    }
}

fn find_outcome(ctx: WidgetContext, user_id: &str) -> Option<UserOutcome> {
    ctx.flow.with_untracked(|flow| {
        flow.outcomes()
            .iter()
            .find(|o| o.target.id == user_id)
            .cloned()
    })
}

fn record(ctx: WidgetContext, user_id: &str, change: impl FnOnce(&mut UserOutcome)) {
    ctx.flow.update(|flow| {
        flow.update(user_id, change);
        *flow = std::mem::take(flow).settle();
    });
}

fn detail<'a>(user_id: &'a str, outcome: &'a str, error_code: Option<&'a str>) -> EventDetail<'a> {
    EventDetail {
        user_ids: vec![user_id],
        outcome,
        error_code,
        recipients: None,
    }
}

/// Closes the dialog before anything was sent. Nothing reaches the tenant.
pub fn cancel(ctx: WidgetContext) {
    let ids: Vec<String> = ctx.flow.with_untracked(|flow| match flow {
        crate::flow::Flow::Confirming { targets } => targets.iter().map(|t| t.id.clone()).collect(),
        _ => Vec::new(),
    });
    if ids.is_empty() {
        return;
    }
    ctx.flow
        .update(|flow| *flow = std::mem::take(flow).cancel());
    let detail = EventDetail {
        user_ids: ids.iter().map(String::as_str).collect(),
        outcome: "cancelled",
        error_code: None,
        recipients: None,
    };
    host_events::dispatch(&ctx.host.get_value(), host_events::CANCELLED, &detail);
}

/// Leaves the result. The passwords held for it are dropped, and so wiped.
pub fn close_result(ctx: WidgetContext) {
    ctx.flow.update(|flow| *flow = std::mem::take(flow).close());
    if ctx
        .flow
        .with_untracked(|f| matches!(f, crate::flow::Flow::Browsing))
    {
        ctx.selection.set(Vec::new());
    }
}
