use leptos::prelude::*;

use super::access_notice::AccessNotice;
use super::row::UserRow;
use crate::components::retry_countdown::RetryCountdown;
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::reset::ResetStore;
use crate::users::pages::{ListState, use_user_pages};
use crate::users::selection::{BulkSelect, SelectionStore};
use crate::users::virtual_list::use_virtual_list;

/// The Active users page: toolbar, search box and the users table.
#[component]
pub fn UsersPanel() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let selection = SelectionStore::use_context();
    let reset = ResetStore::use_context();
    let s = ctx.strings;
    let pages = use_user_pages(ctx);
    let users = pages.users();
    let state = pages.state();
    let scroller = NodeRef::<leptos::html::Div>::new();
    let list = use_virtual_list(move || users.with(Vec::len), scroller);

    // Pages load as the admin scrolls towards the end of what is loaded.
    Effect::new(move |_| {
        if list.near_end() && state.get() == ListState::Ready && pages.has_more() {
            pages.load_next();
        }
    });
    let rows = move || {
        let range = list.rows.get();
        users.with(|all| {
            all.get(range.clone())
                .unwrap_or_default()
                .iter()
                .cloned()
                .zip(range)
                .collect::<Vec<_>>()
        })
    };
    // Loaded users plus the header row; -1 ("unknown") while more pages exist.
    let row_count = move || {
        if pages.has_more() {
            -1
        } else {
            users.with(Vec::len) as i64 + 1
        }
    };
    let may_reset = Memo::new(move |_| selection.may_reset());
    let ready_to_open = Memo::new(move |_| selection.ready_to_open());
    let all_shown_selected = Memo::new(move |_| {
        users.with(|shown| !shown.is_empty() && shown.iter().all(|u| selection.is_selected(&u.id)))
    });
    // "Select all N matching": offered when the search (or the tenant) holds
    // more users than are loaded, with the tenant's count in its name.
    let matching = move || {
        let count = pages.count().get()?;
        (may_reset.get() && pages.has_more() && count > users.with(Vec::len) as u64)
            .then_some(count)
    };
    let bulk = selection.bulk();
    let left_out = selection.left_out();
    let select_all_matching = move |_| {
        if let Some(count) = untrack(matching) {
            selection.select_all_matching(pages.search_term().get_untracked(), count);
        }
    };
    let bulk_status = move || match bulk.get() {
        BulkSelect::Idle => String::new(),
        BulkSelect::Reading { read, total } => fill(
            s.selecting_all,
            &[("loaded", &read.to_string()), ("count", &total.to_string())],
        ),
        BulkSelect::Failed(error) => s.api_error(&error),
    };
    let left_out_note = move || {
        let count = left_out.with(Vec::len);
        (count > 0).then(|| fill(s.left_out_note, &[("count", &count.to_string())]))
    };
    let toggle_all_shown = move |_| {
        users.with_untracked(|shown| {
            if all_shown_selected.get_untracked() {
                selection.unselect(shown);
            } else {
                selection.select(shown);
            }
        })
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
                        on:click=move |_| {
                            reset.open_with_left_out(
                                selection.targets(),
                                selection.sender(),
                                selection.left_out_targets(),
                            )
                        }
                    >
                        {s.reset_password}
                    </button>
                </Show>
                <span class="rpw-count" aria-live="polite">
                    {move || fill(s.selected_count, &[("count", &selection.selected().with(Vec::len).to_string())])}
                </span>
                {move || matching().map(|count| view! {
                    <button type="button" class="rpw-button" on:click=select_all_matching>
                        {fill(s.select_all_matching, &[("count", &count.to_string())])}
                    </button>
                })}
                <input
                    type="search"
                    class="rpw-search"
                    aria-label=s.search_label
                    placeholder=s.search_placeholder
                    prop:value=move || pages.search_term().get()
                    on:input=move |ev| {
                        // A new search starts at the top of the list.
                        list.scroll_to_top();
                        pages.search(event_target_value(&ev));
                    }
                />
            </div>
            <p class="rpw-message" role="status">{bulk_status}</p>
            <p class="rpw-message">{left_out_note}</p>
            <div class="rpw-table-scroll" node_ref=scroller on:scroll=move |ev| list.on_scroll(ev)>
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
                    <tr class="rpw-spacer" aria-hidden="true"><td colspan="4" style:height=move || list.space_above()></td></tr>
                    <For each=rows key=|(user, index)| (user.id.clone(), *index) let:row>
                        <UserRow user=row.0 position=row.1 selectable=may_reset />
                    </For>
                    <tr class="rpw-spacer" aria-hidden="true"><td colspan="4" style:height=move || list.space_below()></td></tr>
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
                    ListState::LeftApiBase => {
                        let base = ctx.config.with_value(|c| c.api_base.clone());
                        fill(s.error_next_page_elsewhere, &[("base", &base)])
                    }
                    _ => String::new(),
                }}
            </p>
            // Pages load by themselves while scrolling; after a failed page the
            // admin retries by hand.
            <Show when=move || pages.has_more() && matches!(state.get(), ListState::Failed(_))>
                <button type="button" class="rpw-button" on:click=move |_| pages.retry_next()>
                    {s.load_more}
                </button>
            </Show>
        </div>
    }
}
