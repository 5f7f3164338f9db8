//! The list's selection store: who the admin is, which users they may reset,
//! and which users are ticked. The only writer of that state; role lookups
//! go through the widget's work queue, a few at a time.

use std::collections::{HashMap, HashSet};

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::access::{Access, Eligibility, denied_without_lookup};
use super::paging::PageTrail;
use crate::api::ApiError;
use crate::api::models::User;
use crate::api::query::next_link_within;
use crate::api::queue::{Priority, WorkQueue};
use crate::context::WidgetContext;
use crate::reader::Reader;
use crate::reset::state::{Sender, Target};
use crate::roles::{ResetDenial, can_reset_anyone};

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
    eligibility: RwSignal<HashMap<String, Eligibility>>,
    /// Selected users, kept across searches.
    selected: RwSignal<Vec<User>>,
    /// Users a "Select all" matched that this admin may not reset: kept out
    /// of the selection, and named in the result with the reason.
    left_out: RwSignal<Vec<(User, ResetDenial)>>,
    bulk: RwSignal<BulkSelect>,
    /// Bumped by a new "Select all" or a clear, so a reading in flight stops.
    bulk_generation: StoredValue<u32>,
    queue: StoredValue<WorkQueue, LocalStorage>,
}

impl SelectionStore {
    pub fn new(ctx: WidgetContext, queue: WorkQueue) -> Self {
        SelectionStore {
            ctx,
            access: RwSignal::new(Access::Loading),
            eligibility: RwSignal::new(HashMap::new()),
            selected: RwSignal::new(Vec::new()),
            left_out: RwSignal::new(Vec::new()),
            bulk: RwSignal::new(BulkSelect::Idle),
            bulk_generation: StoredValue::new(0),
            queue: StoredValue::new_local(queue),
        }
    }

    pub fn use_context() -> SelectionStore {
        expect_context::<SelectionStore>()
    }

    /// Reads the signed-in admin's id and roles.
    pub fn load_access(&self) {
        let client = self.ctx.client();
        let access = self.access;
        spawn_local(async move {
            // Neither request needs the other's answer: send them together.
            let result = match futures_util::future::join(client.me(), client.my_roles()).await {
                (Ok(me), Ok(roles)) => Access::Ready {
                    sender: Sender::from(&me),
                    has_mailbox: me.has_mailbox(),
                    my_id: me.id,
                    roles,
                },
                (Err(error), _) | (_, Err(error)) => Access::Failed(error),
            };
            access.try_set(result);
        });
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

    /// Whether this admin holds a role that resets anyone's password.
    pub fn may_reset(&self) -> bool {
        self.access
            .with(|a| matches!(a, Access::Ready { roles, .. } if can_reset_anyone(roles)))
    }

    pub fn eligibility(&self, user_id: &str) -> Option<Eligibility> {
        self.eligibility.with(|map| map.get(user_id).cloned())
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
    /// resets. Reading 10,000 users is 11 pages; their role checks go through
    /// the work queue like a ticked row's.
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
    /// to `left_out` instead, now or when their role check answers.
    fn select_from_bulk(&self, users: &[User]) {
        self.select_checked(users, true);
    }

    /// Something is selected, no "Select all" is reading, and every selected
    /// user may be reset.
    pub fn ready_to_open(&self) -> bool {
        if self
            .bulk
            .with(|bulk| matches!(bulk, BulkSelect::Reading { .. }))
        {
            return false;
        }
        self.selected.with(|selection| {
            !selection.is_empty()
                && self.eligibility.with(|map| {
                    selection
                        .iter()
                        .all(|u| matches!(map.get(&u.id), Some(Eligibility::Allowed)))
                })
        })
    }

    /// The selected users, as the reset dialog needs them.
    pub fn targets(&self) -> Vec<Target> {
        self.selected
            .with_untracked(|sel| sel.iter().map(Target::from).collect())
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

    /// Ticks `users` (each role-checked); with `bulk`, a user found to be
    /// denied is kept in `left_out` so the result can name them.
    fn select_checked(&self, users: &[User], bulk: bool) {
        self.check_all(users, bulk);
        let eligibility = self.eligibility;
        let mut denied_now = Vec::new();
        self.selected.update(|sel| {
            // A set of the ids already ticked: "Select all" adds thousands.
            let mut ticked: HashSet<String> = sel.iter().map(|s| s.id.clone()).collect();
            for user in users {
                let denial = if user.is_synced_from_on_premises() {
                    Some(ResetDenial::OnPremisesSynced)
                } else {
                    eligibility.with_untracked(|m| match m.get(&user.id) {
                        Some(Eligibility::Denied(denial)) => Some(*denial),
                        _ => None,
                    })
                };
                if let Some(denial) = denial {
                    denied_now.push((user.clone(), denial));
                } else if ticked.insert(user.id.clone()) {
                    sel.push(user.clone());
                }
            }
        });
        if bulk && !denied_now.is_empty() {
            self.add_left_out(denied_now);
        }
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

    /// Looks up each user's roles once and applies the role matrix; a user
    /// found to be denied leaves the selection (and, with `bulk`, joins
    /// `left_out`). The verdicts known without a lookup and the "checking"
    /// marks are written in one update, so a page of 999 users selected at
    /// once costs one pass of whatever reads the verdicts, not 999.
    fn check_all(&self, users: &[User], bulk: bool) {
        let Access::Ready { my_id, roles, .. } = self.access.get_untracked() else {
            return;
        };
        let to_check: Vec<&User> = self.eligibility.with_untracked(|map| {
            users
                .iter()
                .filter(|u| !map.get(&u.id).is_some_and(Eligibility::is_known))
                .collect()
        });
        if to_check.is_empty() {
            return;
        }
        let mut lookups = Vec::new();
        self.eligibility.update(|map| {
            for user in to_check {
                let verdict = match denied_without_lookup(&my_id, &roles, user) {
                    Some(denial) => Eligibility::Denied(denial),
                    None => {
                        lookups.push(user.clone());
                        Eligibility::Checking
                    }
                };
                map.insert(user.id.clone(), verdict);
            }
        });
        let queue = self.queue.get_value();
        for user in lookups {
            let client = self.ctx.client();
            let (my_id, roles) = (my_id.clone(), roles.clone());
            let (eligibility, selected, left_out) =
                (self.eligibility, self.selected, self.left_out);
            let lookup = async move {
                // Lookups wait in the queue: the widget may be gone by now.
                if eligibility.is_disposed() {
                    return;
                }
                let target_roles = client.user_roles(&user.id).await;
                let verdict = Eligibility::from_roles(&my_id, &roles, &user.id, target_roles);
                if let Eligibility::Denied(denial) = &verdict {
                    selected.try_update(|sel| sel.retain(|u| u.id != user.id));
                    if bulk {
                        left_out.try_update(|out| out.push((user.clone(), *denial)));
                    }
                }
                eligibility.try_update(|map| {
                    map.insert(user.id, verdict);
                });
            };
            queue.push(Priority::Lookup, lookup);
        }
    }
}
