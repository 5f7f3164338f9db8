use leptos::prelude::*;
use leptos::task::spawn_local;
use web_sys::AbortController;

use super::user_row::UserRow;
use crate::actions;
use crate::api::ApiError;
use crate::api::client::sleep;
use crate::api::models::User;
use crate::context::WidgetContext;
use crate::flow::{Access, Eligibility, Target};
use crate::i18n::fill;
use crate::roles::can_reset_anyone;

/// Typing pauses this long before a search goes out.
const SEARCH_DEBOUNCE_MS: u32 = 250;

#[derive(Clone, Debug, PartialEq)]
enum ListState {
    Loading,
    Ready,
    Failed(ApiError),
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
            match page {
                Ok(page) => {
                    if more.is_some() {
                        users.update(|list| list.extend(page.value));
                    } else {
                        users.set(page.value);
                        // Benchmarks time startup to this mark: the first page is on screen.
                        request_animation_frame(|| {
                            drop(window().performance().map(|p| p.mark("interactive")))
                        });
                    }
                    next_link.set(page.next_link);
                    state.set(ListState::Ready);
                }
                Err(error) => state.set(ListState::Failed(error)),
            }
        });
    };
    load(String::new(), None, false);

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
        let shown = users.get();
        !shown.is_empty()
            && ctx
                .selection
                .with(|sel| shown.iter().all(|u| sel.iter().any(|s| s.id == u.id)))
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
            <table class="rpw-table" aria-label=s.active_users>
                <thead>
                    <tr>
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
                    <For each=move || users.get() key=|user| user.id.clone() let:user>
                        <UserRow user=user selectable=may_reset />
                    </For>
                </tbody>
            </table>
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
                    _ => String::new(),
                }}
            </p>
            <Show when=move || next_link.with(Option::is_some) && state.get() == ListState::Ready>
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
