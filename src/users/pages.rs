//! Loading the Active users list: the first page of a search, then the next
//! pages as the admin scrolls. A hook in the leptos-use shape: one function
//! returning a small `Copy` handle of signals and methods. A newer load
//! cancels the one in flight; typing is debounced; nothing runs after unmount.

use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::paging::{PageTrail, PagingLoop};
use crate::api::ApiError;
use crate::api::models::User;
use crate::api::query::next_link_within;
use crate::context::WidgetContext;
use crate::reader::Reader;
use crate::timers::sleep;

/// Typing pauses this long before a search goes out.
const SEARCH_DEBOUNCE_MS: u32 = 250;

#[derive(Clone, Debug, PartialEq)]
pub enum ListState {
    Loading,
    Ready,
    Failed(ApiError),
    /// The tenant's next page pointed back to a page already loaded.
    Looped,
    /// The tenant's next page pointed outside the API base: following it
    /// would send the admin's token there.
    LeftApiBase,
}

#[derive(Clone, Copy)]
pub struct UserPages {
    ctx: WidgetContext,
    users: RwSignal<Vec<User>>,
    next_link: RwSignal<Option<String>>,
    state: RwSignal<ListState>,
    search: RwSignal<String>,
    /// How many users the search (or the tenant) holds, loaded or not: the
    /// first page's `@odata.count` for a search, `/users/$count` otherwise.
    count: RwSignal<Option<u64>>,
    generation: StoredValue<u32>,
    in_flight: StoredValue<Option<AbortController>, LocalStorage>,
    trail: StoredValue<PageTrail>,
}

/// Starts loading the first page and returns the list's handle.
pub fn use_user_pages(ctx: WidgetContext) -> UserPages {
    let pages = UserPages {
        ctx,
        users: RwSignal::new(Vec::new()),
        next_link: RwSignal::new(None),
        state: RwSignal::new(ListState::Loading),
        search: RwSignal::new(String::new()),
        count: RwSignal::new(None),
        generation: StoredValue::new(0),
        in_flight: StoredValue::new_local(None),
        trail: StoredValue::new(PageTrail::default()),
    };
    on_cleanup(move || {
        if let Some(Some(request)) = pages.in_flight.try_get_value() {
            request.abort();
        }
    });
    pages.load(None, false);
    pages
}

impl UserPages {
    pub fn users(&self) -> Reader<Vec<User>> {
        Reader::new(self.users)
    }

    pub fn state(&self) -> Reader<ListState> {
        Reader::new(self.state)
    }

    pub fn search_term(&self) -> Reader<String> {
        Reader::new(self.search)
    }

    /// The number of users matching the search, loaded or not, once known.
    pub fn count(&self) -> Reader<Option<u64>> {
        Reader::new(self.count)
    }

    pub fn has_more(&self) -> bool {
        self.next_link.with(Option::is_some)
    }

    /// A new search, sent once typing pauses.
    pub fn search(&self, term: String) {
        self.search.set(term);
        self.load(None, true);
    }

    /// The next page, unless one is loading or none is left.
    pub fn load_next(&self) {
        if self.state.get_untracked() == ListState::Ready {
            self.retry_next();
        }
    }

    /// The next page again after it failed.
    pub fn retry_next(&self) {
        if let Some(link) = self.next_link.get_untracked() {
            self.load(Some(link), false);
        }
    }

    /// Loads the first page of the current search, or the page at `more`.
    fn load(self, more: Option<String>, debounce: bool) {
        self.generation.update_value(|g| *g += 1);
        let mine = self.generation.get_value();
        if let Some(previous) = self.in_flight.get_value() {
            previous.abort();
        }
        let controller = AbortController::new().ok();
        self.in_flight.set_value(controller.clone());
        self.state.set(ListState::Loading);
        if more.is_none() {
            self.count.set(None);
        }
        let term = self.search.get_untracked();
        let client = self.ctx.client();
        let page_size = self.ctx.config.with_value(|c| c.page_size);
        // Every read after an await may find the widget gone: `try_` all the way.
        let current = move || self.generation.try_get_value() == Some(mine);
        spawn_local(async move {
            if debounce {
                sleep(SEARCH_DEBOUNCE_MS).await;
                if !current() {
                    return;
                }
            }
            let page = match &more {
                Some(url) => {
                    let searching = !term.trim().is_empty();
                    client.users_page(url, searching, controller.as_ref()).await
                }
                None => {
                    client
                        .list_users(&term, page_size, controller.as_ref())
                        .await
                }
            };
            if !current() {
                return;
            }
            self.show(page, more.as_deref());
            // Without a search the list is no advanced query, so it carries
            // no count: ask for it once, only when there is more than a page.
            let needs_count = more.is_none()
                && self.count.get_untracked().is_none()
                && self.next_link.get_untracked().is_some();
            if needs_count {
                let count = client.count_users(&term).await;
                if current() {
                    self.count.set(count.ok());
                }
            }
        });
    }

    fn show(&self, page: Result<crate::api::models::Page<User>, ApiError>, more: Option<&str>) {
        match more {
            Some(link) => self.trail.update_value(|t| t.follow(link)),
            None => self.trail.update_value(PageTrail::restart),
        }
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                self.state.set(ListState::Failed(error));
                return;
            }
        };
        let next = self.trail.with_value(|t| t.check(page.next_link));
        if more.is_none() {
            self.count.set(page.count);
        }
        if more.is_some() {
            self.users.update(|list| list.extend(page.value));
        } else {
            self.users.set(page.value);
            // Benchmarks time startup to this mark: the first page is on screen.
            request_animation_frame(|| drop(window().performance().map(|p| p.mark("interactive"))));
        }
        match next {
            Ok(Some(link)) if !self.within_api_base(&link) => {
                self.next_link.set(None);
                self.state.set(ListState::LeftApiBase);
            }
            Ok(next) => {
                self.next_link.set(next);
                self.state.set(ListState::Ready);
            }
            Err(PagingLoop) => {
                self.next_link.set(None);
                self.state.set(ListState::Looped);
            }
        }
    }

    /// Decided before the link is kept, so a link that fails is never requested.
    fn within_api_base(&self, link: &str) -> bool {
        let page_origin = window().location().origin().unwrap_or_default();
        self.ctx
            .config
            .with_value(|c| next_link_within(&c.api_base, &page_origin, link))
    }
}
