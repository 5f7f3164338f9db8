use leptos::prelude::*;

use crate::api::models::User;
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::roles::ResetDenial;
use crate::users::selection::SelectionStore;

/// One user in the Active users table, with its selection checkbox and, when
/// this admin may not reset them, the reason in words.
#[component]
pub fn UserRow(user: User, position: usize, selectable: Memo<bool>) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let selection = SelectionStore::use_context();
    let s = ctx.strings;
    let id = user.id.clone();
    let stored_id = StoredValue::new(id.clone());
    let selected = Memo::new(move |_| stored_id.with_value(|id| selection.is_selected(id)));
    // Decided from the roles read once, again whenever they are re-read.
    // A synced user is known from the list itself: marked before the roles.
    let synced = user.is_synced_from_on_premises();
    let verdict = {
        let user = user.clone();
        move || {
            selection
                .verdict(&user)
                .or_else(|| synced.then_some(Err(ResetDenial::OnPremisesSynced)))
        }
    };
    let reason = {
        let verdict = verdict.clone();
        move || match verdict() {
            // Said once, above the list, rather than on every row.
            Some(Err(ResetDenial::NoResetRole)) => None,
            Some(Err(denial)) => Some(s.denial(&denial)),
            _ => None,
        }
    };
    let reason_id = ctx.id(&format!("reason-{id}"));
    let toggle = {
        let user = user.clone();
        move |ev: web_sys::Event| {
            selection.toggle(&user);
            // The browser already flipped the box; when the selection refused
            // the change (own account), `selected` did not move, so put the
            // box back by hand.
            event_target::<web_sys::HtmlInputElement>(&ev).set_checked(selected.get_untracked());
        }
    };
    let label = fill(s.select_user, &[("name", user.label())]);
    let describedby = reason_id.clone();
    view! {
        // Row 1 is the header; rows are counted in the whole list, not in
        // the few that are rendered.
        <tr class="rpw-row" aria-rowindex=position + 2 class:rpw-row--selected=move || selected.get()>
            <td class="rpw-table__select">
                <Show when=move || selectable.get()>
                    <input
                        type="checkbox"
                        aria-label=label.clone()
                        aria-describedby=describedby.clone()
                        prop:checked=move || selected.get()
                        disabled={
                            let verdict = verdict.clone();
                            move || matches!(verdict(), Some(Err(_)))
                        }
                        on:change=toggle.clone()
                    />
                </Show>
            </td>
            <td class="rpw-row__name">
                <span class="rpw-row__label" title=user.label().to_string()>{user.label().to_string()}</span>
                <span id=reason_id.clone() class="rpw-row__reason">{reason}</span>
            </td>
            <td class="rpw-row__upn">{user.user_principal_name.clone().unwrap_or_default()}</td>
            <td class="rpw-row__mail">{user.mail.clone().unwrap_or_default()}</td>
        </tr>
    }
}
