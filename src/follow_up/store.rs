//! Loading the Recent resets view: the audit log's resets (or this session's,
//! when the audit log is forbidden), then each user's password and sign-in
//! times. A hook in the leptos-use shape; it loads when opened, when this
//! session resets someone, on demand and every minute, and stops on cleanup.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::session::SessionResets;
use super::state::{
    ResetRow, WINDOW_MS, follow_up, format_time, rows_from_audits, rows_from_session, user_ids,
};
use crate::api::ApiError;
use crate::api::models::{DirectoryAudit, FOLLOW_UP_SELECT, FOLLOW_UP_SELECT_LIMITED, User};
use crate::api::query::{follow_up_url, next_link_within, recent_resets_url};
use crate::context::WidgetContext;
use crate::reader::Reader;
use crate::reset::ResetStore;
use crate::reset::state::{Sender, Target};

const REFRESH_EVERY: Duration = Duration::from_secs(60);
/// Pages of audit entries read at most (100 each): a week of resets.
const MAX_AUDIT_PAGES: usize = 20;

/// What the view shows. One signal, so the view has one thing to read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct RecentView {
    pub rows: Vec<ResetRow>,
    pub loading: bool,
    /// The audit log was forbidden: the rows are this session's resets only.
    pub session_only: bool,
    pub error: Option<ApiError>,
}

#[derive(Clone, Copy)]
pub struct RecentResets {
    ctx: WidgetContext,
    session: SessionResets,
    view: RwSignal<RecentView>,
    generation: StoredValue<u32>,
}

/// Loads now, again whenever this session resets someone, and every minute.
pub fn use_recent_resets(ctx: WidgetContext, session: SessionResets) -> RecentResets {
    let recent = RecentResets {
        ctx,
        session,
        view: RwSignal::new(RecentView {
            loading: true,
            ..RecentView::default()
        }),
        generation: StoredValue::new(0),
    };
    let resets = session.resets();
    Effect::new(move |_| {
        resets.track();
        recent.refresh();
    });
    let timer = set_interval_with_handle(move || recent.refresh(), REFRESH_EVERY).ok();
    on_cleanup(move || {
        if let Some(timer) = timer {
            timer.clear();
        }
    });
    recent
}

impl RecentResets {
    pub fn view(&self) -> Reader<RecentView> {
        Reader::new(self.view)
    }

    /// Reads everything again; an answer to an older load is dropped.
    pub fn refresh(self) {
        let Some(mine) = self.generation.try_update_value(|g| {
            *g += 1;
            *g
        }) else {
            return;
        };
        self.view.update(|view| {
            view.loading = true;
            view.error = None;
        });
        let session = self.session.resets().get_untracked();
        let client = self.ctx.client();
        let page_origin = window().location().origin().unwrap_or_default();
        // Every read after an await may find the widget gone: `try_` all the way.
        spawn_local(async move {
            let now = js_sys::Date::now();
            let since = format_time(now - WINDOW_MS);
            let mut next = Some(recent_resets_url(client.base(), &since));
            let mut audits: Vec<DirectoryAudit> = Vec::new();
            let mut failure = None;
            let mut pages = 0;
            while let Some(url) = next.take().filter(|_| pages < MAX_AUDIT_PAGES) {
                pages += 1;
                match client.directory_audits(&url).await {
                    Ok(page) => {
                        audits.extend(page.value);
                        next = page
                            .next_link
                            .filter(|link| next_link_within(client.base(), &page_origin, link));
                    }
                    Err(error) => failure = Some(error),
                }
            }
            let (rows, session_only, mut error) = match failure {
                None => (rows_from_audits(&audits), false, None),
                Some(ApiError::Forbidden { .. }) => (rows_from_session(&session), true, None),
                Some(error) => (rows_from_session(&session), false, Some(error)),
            };
            let rows = follow_up(rows, &[], now);
            let mut users: Vec<User> = Vec::new();
            let mut select = FOLLOW_UP_SELECT;
            for id in user_ids(&rows) {
                let mut answer = client
                    .follow_up_user(&follow_up_url(client.base(), &id, select))
                    .await;
                // signInActivity needs an audit-log reader: ask for the rest.
                if matches!(answer, Err(ApiError::Forbidden { .. })) && select == FOLLOW_UP_SELECT {
                    select = FOLLOW_UP_SELECT_LIMITED;
                    answer = client
                        .follow_up_user(&follow_up_url(client.base(), &id, select))
                        .await;
                }
                match answer {
                    Ok(user) => users.push(user),
                    // Deleted since the reset: the row stays, with nothing to follow.
                    Err(ApiError::NotFound { .. }) => {}
                    Err(failed) => error = error.or(Some(failed)),
                }
            }
            if self.generation.try_get_value() != Some(mine) {
                return;
            }
            self.view.try_set(RecentView {
                rows: follow_up(rows, &users, now),
                loading: false,
                session_only,
                error,
            });
        });
    }

    /// Opens the reset dialog for one user of the view: a password is never
    /// kept, so sending it again means a new reset.
    pub fn reset_again(self, reset: ResetStore, sender: Option<Sender>, user_id: String) {
        let client = self.ctx.client();
        spawn_local(async move {
            match client.user(&user_id).await {
                Ok(user) => {
                    if self.view.try_with_untracked(|_| ()).is_some() {
                        reset.open(vec![Target::from(&user)], sender);
                    }
                }
                Err(error) => {
                    self.view.try_update(|view| view.error = Some(error));
                }
            }
        });
    }
}
