use leptos::prelude::*;

use crate::actions;
use crate::api::models::User;
use crate::context::WidgetContext;
use crate::flow::Eligibility;
use crate::i18n::fill;

/// One user in the Active users table, with its selection checkbox and, when
/// this admin may not reset them, the reason in words.
#[component]
pub fn UserRow(user: User, position: usize, selectable: Memo<bool>) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    let id = user.id.clone();
    let selected = Memo::new({
        let id = id.clone();
        move |_| ctx.selection.with(|sel| sel.iter().any(|u| u.id == id))
    });
    let stored_id = StoredValue::new(id.clone());
    let eligibility =
        move || stored_id.with_value(|id| ctx.eligibility.with(|map| map.get(id).cloned()));
    let reason = move || match eligibility() {
        Some(Eligibility::Denied(denial)) => Some(s.denial(&denial)),
        Some(Eligibility::Unknown(error)) => Some(s.api_error(&error)),
        _ => None,
    };
    let reason_id = ctx.id(&format!("reason-{id}"));
    let toggle = {
        let user = user.clone();
        move |ev: web_sys::Event| {
            if selected.get_untracked() {
                ctx.selection.update(|sel| sel.retain(|u| u.id != user.id));
            } else {
                actions::check_eligibility(ctx, &user);
                if !matches!(untrack(eligibility), Some(Eligibility::Denied(_))) {
                    ctx.selection.update(|sel| sel.push(user.clone()));
                }
            }
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
        // the few that are drawn.
        <tr class="rpw-row" aria-rowindex=position + 2 class:rpw-row--selected=move || selected.get()>
            <td class="rpw-table__select">
                <Show when=move || selectable.get()>
                    <input
                        type="checkbox"
                        aria-label=label.clone()
                        aria-describedby=describedby.clone()
                        prop:checked=move || selected.get()
                        disabled=move || matches!(eligibility(), Some(Eligibility::Denied(_)))
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
