//! The Recent resets view: a refresh button, a note when only this session's
//! resets can be shown, and the table of resets with their follow-up status.

use leptos::prelude::*;

use super::session::SessionResets;
use super::state::{FollowUp, ResetRow};
use super::store::use_recent_resets;
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::reset::ResetStore;
use crate::users::selection::SelectionStore;

/// The view; it loads when shown and stops refreshing when hidden.
#[component]
pub fn RecentResetsPanel(lang: &'static str) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    let recent = use_recent_resets(ctx, SessionResets::use_context());
    let reset = ResetStore::use_context();
    // The mail names the admin who sends it, known to the list's store.
    let selection = SelectionStore::use_context();
    let view = recent.view();
    let time = move |ms: f64| -> String {
        js_sys::Date::new(&ms.into())
            .to_locale_string(lang, &wasm_bindgen::JsValue::UNDEFINED)
            .into()
    };
    let status = move |status: &FollowUp| match *status {
        FollowUp::WaitingForSignIn => s.status_waiting.to_string(),
        FollowUp::SignedIn(at) => fill(s.status_signed_in, &[("time", &time(at))]),
        FollowUp::ChangedPassword(at) => fill(s.status_changed, &[("time", &time(at))]),
        FollowUp::ResetAgain(at) => fill(s.status_reset_again, &[("time", &time(at))]),
    };
    let row = move |row: ResetRow| {
        let user_id = row.user_id.clone();
        view! {
            <tr>
                <th scope="row">{row.name}</th>
                <td>{time(row.at_ms)}</td>
                <td>{row.by.unwrap_or_else(|| s.reset_by_you.to_string())}</td>
                <td>{status(&row.status)}</td>
                <td>
                    <button
                        type="button"
                        class="rpw-button"
                        on:click=move |_| recent.reset_again(reset, selection.sender(), user_id.clone())
                    >
                        {s.reset_again_and_send}
                    </button>
                </td>
            </tr>
        }
    };

    view! {
        <div class="rpw-panel">
            <h2 class="rpw-title">{s.recent_resets}</h2>
            <div class="rpw-toolbar">
                <button type="button" class="rpw-button" on:click=move |_| recent.refresh()>
                    {s.refresh}
                </button>
            </div>
            <p class="rpw-message">
                {move || view.with(|v| if v.session_only { s.audit_permission_missing } else { "" })}
            </p>
            <div class="rpw-table-scroll">
                <table class="rpw-table" aria-label=s.recent_resets>
                    <thead>
                        <tr>
                            <th scope="col">{s.column_name}</th>
                            <th scope="col">{s.column_reset_at}</th>
                            <th scope="col">{s.column_reset_by}</th>
                            <th scope="col">{s.column_status}</th>
                            <th scope="col">{s.column_actions}</th>
                        </tr>
                    </thead>
                    <tbody>{move || view.with(|v| v.rows.clone()).into_iter().map(row).collect_view()}</tbody>
                </table>
            </div>
            <p class="rpw-message" role="status">
                {move || view.with(|v| match v {
                    // Only the first load is announced, not each minute's.
                    v if v.rows.is_empty() && v.loading => s.loading_resets,
                    v if v.rows.is_empty() => s.no_recent_resets,
                    _ => "",
                })}
            </p>
            <p class="rpw-message rpw-message--error" role="alert">
                {move || view.with(|v| v.error.as_ref().map(|e| s.api_error(e)).unwrap_or_default())}
            </p>
        </div>
    }
}
