//! The list's selection store: who the admin is, which users they may reset,
//! and which users are ticked. The only writer of that state; role lookups
//! go through the widget's work queue, a few at a time.

use std::collections::HashMap;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::access::{Access, Eligibility, denied_without_lookup};
use crate::api::models::User;
use crate::api::queue::{Priority, WorkQueue};
use crate::context::WidgetContext;
use crate::reader::Reader;
use crate::reset::state::{Sender, Target};
use crate::roles::can_reset_anyone;

#[derive(Clone, Copy)]
pub struct SelectionStore {
    ctx: WidgetContext,
    access: RwSignal<Access>,
    eligibility: RwSignal<HashMap<String, Eligibility>>,
    /// Selected users, kept across searches.
    selected: RwSignal<Vec<User>>,
    queue: StoredValue<WorkQueue, LocalStorage>,
}

impl SelectionStore {
    pub fn new(ctx: WidgetContext, queue: WorkQueue) -> Self {
        SelectionStore {
            ctx,
            access: RwSignal::new(Access::Loading),
            eligibility: RwSignal::new(HashMap::new()),
            selected: RwSignal::new(Vec::new()),
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

    /// Something is selected and every selected user may be reset.
    pub fn ready_to_open(&self) -> bool {
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
        for user in users {
            self.check(user);
        }
        let eligibility = self.eligibility;
        self.selected.update(|sel| {
            for user in users {
                let denied = user.is_synced_from_on_premises()
                    || eligibility.with_untracked(|m| {
                        matches!(m.get(&user.id), Some(Eligibility::Denied(_)))
                    });
                if !denied && !sel.iter().any(|s| s.id == user.id) {
                    sel.push(user.clone());
                }
            }
        });
    }

    pub fn unselect(&self, users: &[User]) {
        self.selected
            .update(|sel| sel.retain(|s| !users.iter().any(|u| u.id == s.id)));
    }

    pub fn clear(&self) {
        self.selected.set(Vec::new());
    }

    /// Looks up a user's roles once and applies the role matrix; a user found
    /// to be denied leaves the selection.
    fn check(&self, user: &User) {
        let Access::Ready { my_id, roles, .. } = self.access.get_untracked() else {
            return;
        };
        let known = self
            .eligibility
            .with_untracked(|map| map.get(&user.id).is_some_and(Eligibility::is_known));
        if known {
            return;
        }
        let user_id = user.id.clone();
        if let Some(denial) = denied_without_lookup(&my_id, &roles, user) {
            self.eligibility.update(|map| {
                map.insert(user_id, Eligibility::Denied(denial));
            });
            return;
        }
        self.eligibility.update(|map| {
            map.insert(user_id.clone(), Eligibility::Checking);
        });
        let client = self.ctx.client();
        let (eligibility, selected) = (self.eligibility, self.selected);
        let lookup = async move {
            // Lookups wait in the queue: the widget may be gone by now.
            if eligibility.is_disposed() {
                return;
            }
            let target_roles = client.user_roles(&user_id).await;
            let verdict = Eligibility::from_roles(&my_id, &roles, &user_id, target_roles);
            if matches!(verdict, Eligibility::Denied(_)) {
                selected.try_update(|sel| sel.retain(|u| u.id != user_id));
            }
            eligibility.try_update(|map| {
                map.insert(user_id, verdict);
            });
        };
        self.queue.get_value().push(Priority::Lookup, lookup);
    }
}
