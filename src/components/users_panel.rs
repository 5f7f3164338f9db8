use std::collections::HashSet;

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use web_sys::AbortController;

use super::retry_countdown::RetryCountdown;
use super::user_row::UserRow;
use crate::actions;
use crate::api::ApiError;
use crate::api::client::sleep;
use crate::api::models::User;
use crate::context::WidgetContext;
use crate::flow::{Access, Eligibility, Target};
use crate::i18n::fill;
use crate::paging::{PageTrail, PagingLoop};
use crate::roles::can_reset_anyone;
use crate::virtual_rows::{needs_next_page, visible_rows};

/// Typing pauses this long before a search goes out.
const SEARCH_DEBOUNCE_MS: u32 = 250;
/// Rows drawn beyond the visible ones on each side.
const OVERSCAN: usize = 8;
/// Row height until a drawn row has been measured.
const ESTIMATED_ROW_PX: f64 = 48.0;

#[derive(Clone, Debug, PartialEq)]
enum ListState {
    Loading,
    Ready,
    Failed(ApiError),
    /// The tenant's next page pointed back to a page already loaded.
    Looped,
}

/// The Active users page: toolbar, search box and the users table.
#[component]
pub fn UsersPanel() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    let users = RwSignal::new(Vec::<User>::new());
    let next_link = RwSignal::new(None::<String>);
    let state = RwSignal::new(ListState::Loading);
    let search = RwSignal::new(String::new());
    let generation = StoredValue::new(0u32);
    let in_flight = StoredValue::new_local(None::<AbortController>);
    let trail = StoredValue::new(PageTrail::default());
    let scroller = NodeRef::<leptos::html::Div>::new();
    let scroll_top = RwSignal::new(0.0f64);
    let viewport_px = RwSignal::new(600.0f64);
    let row_px = RwSignal::new(ESTIMATED_ROW_PX);

    // Loads the first page for `term`, or the page at `more`; a newer load
    // cancels the one in flight and wins.
    let load = move |term: String, more: Option<String>, debounce: bool| {
        generation.update_value(|g| *g += 1);
        let mine = generation.get_value();
        if let Some(previous) = in_flight.get_value() {
            previous.abort();
        }
        let controller = AbortController::new().ok();
        in_flight.set_value(controller.clone());
        state.set(ListState::Loading);
        spawn_local(async move {
            if debounce {
                sleep(SEARCH_DEBOUNCE_MS).await;
                if generation.get_value() != mine {
                    return;
                }
            }
            let client = ctx.client();
            let page = match &more {
                Some(url) => {
                    client
                        .users_page(url, !term.trim().is_empty(), controller.as_ref())
                        .await
                }
                None => {
                    let size = ctx.config.with_value(|c| c.page_size);
                    client.list_users(&term, size, controller.as_ref()).await
                }
            };
            if generation.get_value() != mine {
                return;
            }
            match &more {
                Some(link) => trail.update_value(|t| t.follow(link)),
                None => trail.update_value(PageTrail::restart),
            }
            match page {
                Ok(page) => {
                    let next = trail.with_value(|t| t.check(page.next_link));
                    if more.is_some() {
                        users.update(|list| list.extend(page.value));
                    } else {
                        users.set(page.value);
                        if let Some(scroller) = scroller.get_untracked() {
                            scroller.set_scroll_top(0);
                        }
                        scroll_top.set(0.0);
                        // Benchmarks time startup to this mark: the first page is on screen.
                        request_animation_frame(|| {
                            drop(window().performance().map(|p| p.mark("interactive")))
                        });
                    }
                    match next {
                        Ok(next) => {
                            next_link.set(next);
                            state.set(ListState::Ready);
                        }
                        Err(PagingLoop) => {
                            next_link.set(None);
                            state.set(ListState::Looped);
                        }
                    }
                }
                Err(error) => state.set(ListState::Failed(error)),
            }
        });
    };
    load(String::new(), None, false);

    let drawn = Memo::new(move |_| {
        visible_rows(
            scroll_top.get(),
            viewport_px.get(),
            row_px.get(),
            users.with(Vec::len),
            OVERSCAN,
        )
    });
    // Pages load as the admin scrolls towards the end of what is loaded.
    Effect::new(move |_| {
        let near_end = needs_next_page(&drawn.get(), users.with(Vec::len), OVERSCAN);
        if near_end && state.get() == ListState::Ready && next_link.with(Option::is_some) {
            load(search.get_untracked(), next_link.get_untracked(), false);
        }
    });
    // Row height and viewport come from the page once rows are drawn, so
    // fonts and themes of the host are taken into account.
    Effect::new(move |_| {
        drawn.track();
        let Some(scroller) = scroller.get() else {
            return;
        };
        viewport_px.set(f64::from(scroller.client_height()));
        let measured = scroller
            .query_selector("tr.rpw-row")
            .ok()
            .flatten()
            .and_then(|row| row.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|row| f64::from(row.offset_height()))
            .filter(|height| *height > 0.0);
        if let Some(height) = measured
            && (height - row_px.get_untracked()).abs() > 0.5
        {
            row_px.set(height);
        }
    });
    let on_scroll = move |ev: web_sys::Event| {
        let scroller = event_target::<web_sys::HtmlElement>(&ev);
        scroll_top.set(f64::from(scroller.scroll_top()));
        viewport_px.set(f64::from(scroller.client_height()));
    };
    let rows = move || {
        let range = drawn.get();
        users.with(|list| {
            list.get(range.clone())
                .unwrap_or_default()
                .iter()
                .cloned()
                .zip(range)
                .collect::<Vec<_>>()
        })
    };
    let space_above = move || format!("{}px", drawn.get().start as f64 * row_px.get());
    let space_below = move || {
        let below = users.with(Vec::len).saturating_sub(drawn.get().end);
        format!("{}px", below as f64 * row_px.get())
    };
    // Loaded users plus the header row; -1 ("unknown") while more pages exist.
    let row_count = move || {
        if next_link.with(Option::is_some) {
            -1
        } else {
            users.with(Vec::len) as i64 + 1
        }
    };

    let may_reset = Memo::new(move |_| {
        ctx.access
            .with(|a| matches!(a, Access::Ready { roles, .. } if can_reset_anyone(roles)))
    });
    let selected_count = move || ctx.selection.with(Vec::len);
    // Not tied to the flow: while the modal dialog is open the page is inert
    // anyway, and an enabled button is where the browser returns focus when
    // the dialog closes.
    let ready_to_open = Memo::new(move |_| {
        let selection = ctx.selection.get();
        !selection.is_empty()
            && ctx.eligibility.with(|map| {
                selection
                    .iter()
                    .all(|u| matches!(map.get(&u.id), Some(Eligibility::Allowed)))
            })
    });
    let open_dialog = move |_| {
        let targets: Vec<Target> = ctx
            .selection
            .with_untracked(|sel| sel.iter().map(Target::from).collect());
        ctx.flow
            .update(|flow| *flow = std::mem::take(flow).open(targets));
    };
    let all_shown_selected = Memo::new(move |_| {
        users.with(|shown| {
            ctx.selection.with(|sel| {
                let selected: HashSet<&str> = sel.iter().map(|u| u.id.as_str()).collect();
                !shown.is_empty() && shown.iter().all(|u| selected.contains(u.id.as_str()))
            })
        })
    });
    let toggle_all_shown = move |_| {
        let shown = users.get_untracked();
        if all_shown_selected.get_untracked() {
            ctx.selection
                .update(|sel| sel.retain(|s| !shown.iter().any(|u| u.id == s.id)));
        } else {
            for user in &shown {
                actions::check_eligibility(ctx, user);
            }
            ctx.selection.update(|sel| {
                for user in shown {
                    let denied = ctx.eligibility.with_untracked(|m| {
                        matches!(m.get(&user.id), Some(Eligibility::Denied(_)))
                    });
                    if !denied && !sel.iter().any(|s| s.id == user.id) {
                        sel.push(user);
                    }
                }
            });
        }
    };

    view! {
        <div class="rpw-panel">
            <h2 class="rpw-title">{s.active_users}</h2>
            <AccessNotice />
            <RetryCountdown />
            <div class="rpw-toolbar">
                <Show when=move || may_reset.get()>
                    <button
                        type="button"
                        class="rpw-button rpw-button--primary"
                        disabled=move || !ready_to_open.get()
                        on:click=open_dialog
                    >
                        {s.reset_password}
                    </button>
                </Show>
                <span class="rpw-count" aria-live="polite">
                    {move || fill(s.selected_count, &[("count", &selected_count().to_string())])}
                </span>
                <input
                    type="search"
                    class="rpw-search"
                    aria-label=s.search_label
                    placeholder=s.search_placeholder
                    prop:value=move || search.get()
                    on:input=move |ev| {
                        let term = event_target_value(&ev);
                        search.set(term.clone());
                        load(term, None, true);
                    }
                />
            </div>
            <div class="rpw-table-scroll" node_ref=scroller on:scroll=on_scroll>
            <table class="rpw-table" aria-label=s.active_users aria-rowcount=row_count>
                <thead>
                    <tr aria-rowindex="1">
                        <th scope="col" class="rpw-table__select">
                            <Show when=move || may_reset.get()>
                                <input
                                    type="checkbox"
                                    aria-label=s.select_all_shown
                                    prop:checked=move || all_shown_selected.get()
                                    on:change=toggle_all_shown
                                />
                            </Show>
                        </th>
                        <th scope="col">{s.column_name}</th>
                        <th scope="col">{s.column_user_name}</th>
                        <th scope="col">{s.column_email}</th>
                    </tr>
                </thead>
                <tbody>
                    <tr class="rpw-spacer" aria-hidden="true"><td colspan="4" style:height=space_above></td></tr>
                    <For each=rows key=|(user, index)| (user.id.clone(), *index) let:row>
                        <UserRow user=row.0 position=row.1 selectable=may_reset />
                    </For>
                    <tr class="rpw-spacer" aria-hidden="true"><td colspan="4" style:height=space_below></td></tr>
                </tbody>
            </table>
            </div>
            <p class="rpw-message" role="status">
                {move || match state.get() {
                    ListState::Loading => s.loading_users,
                    ListState::Ready if users.with(Vec::is_empty) => s.no_users,
                    _ => "",
                }}
            </p>
            <p class="rpw-message rpw-message--error" role="alert">
                {move || match state.get() {
                    ListState::Failed(error) => s.api_error(&error),
                    ListState::Looped => s.error_paging_loop.to_string(),
                    _ => String::new(),
                }}
            </p>
            // Pages load by themselves while scrolling; after a failed page the
            // admin retries by hand.
            <Show when=move || next_link.with(Option::is_some) && matches!(state.get(), ListState::Failed(_))>
                <button
                    type="button"
                    class="rpw-button"
                    on:click=move |_| load(search.get_untracked(), next_link.get_untracked(), false)
                >
                    {s.load_more}
                </button>
            </Show>
        </div>
    }
}

/// Says why the admin can't reset, or that roles are still being checked.
#[component]
fn AccessNotice() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    // Live regions stay in the page, empty when silent: screen readers only
    // announce changes to regions that already exist.
    view! {
        <p class="rpw-message" role="status">
            {move || if ctx.access.with(|a| matches!(a, Access::Loading)) { s.checking_roles } else { "" }}
        </p>
        <p class="rpw-message rpw-message--warning" role="alert">
            {move || match ctx.access.get() {
                Access::Failed(error) => s.api_error(&error),
                Access::Ready { roles, .. } if !can_reset_anyone(&roles) => s.no_reset_role.to_string(),
                _ => String::new(),
            }}
        </p>
    }
}
