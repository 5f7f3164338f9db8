//! The list's selection store: who the admin is, which users they may reset,
//! and which users are ticked. The only writer of that state. Who may be
//! reset is decided here for every user from the roles read once
//! ([`super::role_reads`]), with no request per user.

use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::access::Access;
use super::paging::PageTrail;
use super::role_reads::read_access;
use crate::api::ApiError;
use crate::api::models::User;
use crate::api::query::next_link_within;
use crate::context::WidgetContext;
use crate::reader::Reader;
use crate::reset::state::{Sender, Target};
use crate::roles::ResetDenial;

/// Users per page when reading every user of a search ("Select all N
/// matching"): Graph's largest page, so 10,000 users take 11 requests.
const SELECT_ALL_PAGE_SIZE: u32 = 999;

/// Where "Select all N matching" is.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum BulkSelect {
    #[default]
    Idle,
    /// Reading the matching users, page by page.
    Reading { read: usize, total: u64 },
    /// A page could not be read; the users read before it stay selected.
    Failed(ApiError),
}

#[derive(Clone, Copy)]
pub struct SelectionStore {
    ctx: WidgetContext,
    access: RwSignal<Access>,
    /// The roles are being read again; the verdicts in force stay until
    /// the new ones are in.
    rechecking: RwSignal<bool>,
    /// Selected users, kept across searches.
    selected: RwSignal<Vec<User>>,
    /// Users a "Select all" matched that this admin may not reset: kept out
    /// of the selection, and named in the result with the reason.
    left_out: RwSignal<Vec<(User, ResetDenial)>>,
    bulk: RwSignal<BulkSelect>,
    /// Bumped by a new "Select all" or a clear, so a reading in flight stops.
    bulk_generation: StoredValue<u32>,
}

impl SelectionStore {
    pub fn new(ctx: WidgetContext) -> Self {
        SelectionStore {
            ctx,
            access: RwSignal::new(Access::Loading),
            rechecking: RwSignal::new(false),
            selected: RwSignal::new(Vec::new()),
            left_out: RwSignal::new(Vec::new()),
            bulk: RwSignal::new(BulkSelect::Idle),
            bulk_generation: StoredValue::new(0),
        }
    }

    pub fn use_context() -> SelectionStore {
        expect_context::<SelectionStore>()
    }

    /// Reads the signed-in admin and who holds which role.
    pub fn load_access(&self) {
        let client = self.ctx.client();
        let access = self.access;
        spawn_local(async move {
            let result = read_access(&client).await.unwrap_or_else(Access::Failed);
            access.try_set(result);
        });
    }

    /// Reads the roles, groups and units again (a role just activated in
    /// PIM, say) and decides every user anew: the list, its search and the
    /// verdicts in force stay until the answer is in.
    pub fn check_roles_again(&self) {
        if self.rechecking.get_untracked() {
            return;
        }
        self.rechecking.set(true);
        let client = self.ctx.client();
        let store = *self;
        spawn_local(async move {
            let result = read_access(&client).await.unwrap_or_else(Access::Failed);
            if store.access.try_set(result).is_none() {
                store.redecide_selection();
            }
            store.rechecking.try_set(false);
        });
    }

    /// Whether the roles are being read again.
    pub fn rechecking(&self) -> Reader<bool> {
        Reader::new(self.rechecking)
    }

    pub fn access(&self) -> Reader<Access> {
        Reader::new(self.access)
    }

    /// The signed-in admin as the notification mail names them, once read.
    pub fn sender(&self) -> Option<Sender> {
        self.access.with_untracked(|access| match access {
            Access::Ready { sender, .. } => Some(sender.clone()),
            _ => None,
        })
    }

    pub fn selected(&self) -> Reader<Vec<User>> {
        Reader::new(self.selected)
    }

    /// False once `/me` is read without a `mail`: the mail option says up
    /// front that it cannot be sent.
    pub fn has_mailbox(&self) -> bool {
        self.access.with_untracked(|access| match access {
            Access::Ready { has_mailbox, .. } => *has_mailbox,
            _ => true,
        })
    }

    /// Whether this admin holds a role that resets passwords, at any scope.
    pub fn may_reset(&self) -> bool {
        self.access.with(Access::may_reset)
    }

    /// Whether this admin may reset `user`, once the roles are read.
    pub fn verdict(&self, user: &User) -> Option<Result<(), ResetDenial>> {
        self.access.with(|access| access.verdict(user))
    }

    pub fn is_selected(&self, user_id: &str) -> bool {
        self.selected
            .with(|sel| sel.iter().any(|u| u.id == user_id))
    }

    /// Users of a "Select all" this admin may not reset.
    pub fn left_out(&self) -> Reader<Vec<(User, ResetDenial)>> {
        Reader::new(self.left_out)
    }

    /// The left-out users, as the reset dialog's result lists them.
    pub fn left_out_targets(&self) -> Vec<(Target, ResetDenial)> {
        self.left_out.with_untracked(|out| {
            out.iter()
                .map(|(user, denial)| (Target::from(user), *denial))
                .collect()
        })
    }

    pub fn bulk(&self) -> Reader<BulkSelect> {
        Reader::new(self.bulk)
    }

    /// Selects every user `search` matches (every user of the tenant when it
    /// is blank), not only those loaded in the list; `total` is the count
    /// the tenant gave, shown while reading.
    ///
    /// The users are read here, when the admin selects them, rather than when
    /// the run starts: each must pass the role check before the dialog may
    /// open (a user this admin may not reset is never sent), the dialog then
    /// states the exact number it will reset, and the run itself only sends
    /// resets. Reading 10,000 users is 11 pages; each is decided from the
    /// roles already read, with no request of its own.
    pub fn select_all_matching(&self, search: String, total: u64) {
        self.bulk_generation.update_value(|g| *g += 1);
        let mine = self.bulk_generation.get_value();
        let current =
            move |store: &SelectionStore| store.bulk_generation.try_get_value() == Some(mine);
        let client = self.ctx.client();
        let api_base = self.ctx.config.with_value(|c| c.api_base.clone());
        let store = *self;
        self.bulk.set(BulkSelect::Reading { read: 0, total });
        spawn_local(async move {
            let page_origin = window().location().origin().unwrap_or_default();
            let mut trail = PageTrail::default();
            let mut read = 0;
            let mut page = client.list_users(&search, SELECT_ALL_PAGE_SIZE, None).await;
            loop {
                if !current(&store) {
                    return;
                }
                let users = match page {
                    Ok(users) => users,
                    Err(error) => {
                        store.bulk.set(BulkSelect::Failed(error));
                        return;
                    }
                };
                read += users.value.len();
                store.select_from_bulk(&users.value);
                let next = match trail.check(users.next_link) {
                    Ok(Some(link)) if next_link_within(&api_base, &page_origin, &link) => link,
                    Ok(None) => break,
                    // A loop or a link outside the API: the list says so; the
                    // users read so far stay selected.
                    Ok(Some(_)) | Err(_) => break,
                };
                store.bulk.set(BulkSelect::Reading { read, total });
                trail.follow(&next);
                page = client
                    .users_page(&next, !search.trim().is_empty(), None)
                    .await;
            }
            store.bulk.set(BulkSelect::Idle);
        });
    }

    /// Ticks users read by "Select all"; those this admin may not reset go
    /// to `left_out` instead.
    fn select_from_bulk(&self, users: &[User]) {
        self.select_checked(users, true);
    }

    /// Something is selected, no "Select all" is reading, the roles are not
    /// being read again, and every selected user may be reset.
    pub fn ready_to_open(&self) -> bool {
        if self
            .bulk
            .with(|bulk| matches!(bulk, BulkSelect::Reading { .. }))
            || self.rechecking.get()
        {
            return false;
        }
        self.selected.with(|selection| {
            !selection.is_empty()
                && self
                    .access
                    .with(|access| selection.iter().all(|u| access.verdict(u) == Some(Ok(()))))
        })
    }

    /// The selected users, as the reset dialog needs them.
    pub fn targets(&self) -> Vec<Target> {
        self.access.with_untracked(|access| {
            self.selected.with_untracked(|sel| {
                sel.iter()
                    .map(|user| Target {
                        may_sign_out: access.may_sign_out(&user.id),
                        ..Target::from(user)
                    })
                    .collect()
            })
        })
    }

    /// Ticks or unticks one user. A user this admin may not reset (their own
    /// account, say) stays unticked.
    pub fn toggle(&self, user: &User) {
        if self
            .selected
            .with_untracked(|sel| sel.iter().any(|u| u.id == user.id))
        {
            self.selected.update(|sel| sel.retain(|u| u.id != user.id));
        } else {
            self.select(std::slice::from_ref(user));
        }
    }

    /// Ticks every user of `users` this admin is not known to be denied.
    pub fn select(&self, users: &[User]) {
        self.select_checked(users, false);
    }

    /// Ticks those of `users` this admin may reset; with `bulk`, a user
    /// who may not be is kept in `left_out` so the result can name them.
    /// Nothing is ticked before the roles are read.
    fn select_checked(&self, users: &[User], bulk: bool) {
        let mut denied = Vec::new();
        let mut allowed = Vec::new();
        self.access.with_untracked(|access| {
            for user in users {
                match access.verdict(user) {
                    Some(Ok(())) => allowed.push(user),
                    Some(Err(denial)) => denied.push((user.clone(), denial)),
                    None => {}
                }
            }
        });
        self.selected.update(|sel| {
            // A set of the ids already ticked: "Select all" adds thousands.
            let mut ticked: HashSet<String> = sel.iter().map(|s| s.id.clone()).collect();
            for user in allowed {
                if ticked.insert(user.id.clone()) {
                    sel.push(user.clone());
                }
            }
        });
        if bulk && !denied.is_empty() {
            self.add_left_out(denied);
        }
    }

    /// After the roles are read again: a selected user who may no longer be
    /// reset leaves the selection; a user "Select all" left out who now may
    /// be joins it, and the others keep their new reason.
    fn redecide_selection(&self) {
        let access = self.access.get_untracked();
        if !matches!(access, Access::Ready { .. }) {
            // Roles unreadable now: no reset is offered, nothing to redecide.
            return;
        }
        let left_out = self.left_out.get_untracked();
        let mut still_out = Vec::new();
        let mut now_allowed = Vec::new();
        for (user, _) in left_out {
            match access.verdict(&user) {
                Some(Err(denial)) => still_out.push((user, denial)),
                _ => now_allowed.push(user),
            }
        }
        self.selected.update(|sel| {
            sel.retain(|user| access.verdict(user) == Some(Ok(())));
        });
        self.left_out.set(still_out);
        self.select_checked(&now_allowed, true);
    }

    fn add_left_out(&self, users: Vec<(User, ResetDenial)>) {
        self.left_out.update(|out| {
            for (user, denial) in users {
                if !out.iter().any(|(known, _)| known.id == user.id) {
                    out.push((user, denial));
                }
            }
        });
    }

    pub fn unselect(&self, users: &[User]) {
        // `users` is what the list shows (a page or so): a scan is enough.
        let gone = |id: &str| users.iter().any(|u| u.id == id);
        self.selected.update(|sel| sel.retain(|s| !gone(&s.id)));
        self.left_out
            .update(|out| out.retain(|(u, _)| !gone(&u.id)));
    }

    pub fn clear(&self) {
        // A "Select all" still reading stops adding users.
        self.bulk_generation.update_value(|g| *g += 1);
        self.bulk.set(BulkSelect::Idle);
        self.selected.set(Vec::new());
        self.left_out.set(Vec::new());
    }
}
