//! This session's resets, in memory only: user id, name and time, never a
//! password. The view falls back on them when the audit log is out of reach.

use std::collections::HashSet;

use leptos::prelude::*;

use super::state::SessionReset;
use crate::reader::Reader;
use crate::reset::ResetStore;
use crate::reset::state::{Flow, ResetStatus};

#[derive(Clone, Copy)]
pub struct SessionResets {
    resets: RwSignal<Vec<SessionReset>>,
}

impl SessionResets {
    /// Starts listening to the reset flow: each reset the tenant confirms is
    /// remembered once, when its answer arrives.
    pub fn watch(reset: ResetStore) -> Self {
        let resets = RwSignal::new(Vec::new());
        // Users already remembered for the run on screen; a new run starts afresh.
        // A set, not a list: a 10,000-user run passes here at every answer.
        let seen = StoredValue::new(HashSet::<String>::new());
        Effect::new(move |_| {
            reset.flow().with(|flow| match flow {
                Flow::Browsing | Flow::Confirming { .. } => seen.update_value(HashSet::clear),
                running => {
                    let now = js_sys::Date::now();
                    for outcome in running
                        .outcomes()
                        .iter()
                        .filter(|o| o.reset == ResetStatus::Done)
                    {
                        let id = &outcome.target.id;
                        if seen.with_value(|seen| seen.contains(id)) {
                            continue;
                        }
                        seen.update_value(|seen| {
                            seen.insert(id.clone());
                        });
                        resets.update(|list| {
                            list.push(SessionReset {
                                user_id: id.clone(),
                                name: outcome.target.display_name.clone(),
                                at_ms: now,
                            })
                        });
                    }
                }
            })
        });
        SessionResets { resets }
    }

    pub fn use_context() -> SessionResets {
        expect_context::<SessionResets>()
    }

    pub fn resets(&self) -> Reader<Vec<SessionReset>> {
        Reader::new(self.resets)
    }
}
