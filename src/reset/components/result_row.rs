use std::sync::Arc;

use leptos::prelude::*;

use crate::components::secret_field::{SecretField, SecretValue};
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::reset::report::{mail_text, outcome_text, sign_out_text};
use crate::reset::state::{MailStatus, ResetStatus};
use crate::reset::store::ResetStore;

/// One user in the result table: name, user name, outcome (with the reason
/// of a failure), the new password masked (Show, Copy) once the tenant
/// confirmed it, the mail's fate with "Send email again" when it failed, and
/// whether the user was signed out of all sessions when the run asked for it.
#[component]
pub fn ResultRow(
    /// The user's position in the run (fixed when the run starts).
    position: usize,
    /// The row's position among those the filter shows.
    row_index: usize,
    /// The run signs users out: one more column.
    signing_out: bool,
) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let store = ResetStore::use_context();
    let flow = store.flow();
    let s = ctx.strings;
    let (id, name, upn) = flow.with_untracked(|flow| {
        flow.outcomes()
            .get(position)
            .map(|o| {
                let t = &o.target;
                (
                    t.id.clone(),
                    t.display_name.clone(),
                    t.user_principal_name.clone(),
                )
            })
            .unwrap_or_default()
    });
    // Memos for what changes the structure, so the row is not rebuilt when
    // another user's outcome moves on.
    let reset = Memo::new(move |_| {
        flow.with(|flow| flow.outcomes().get(position).map(|o| o.reset.clone()))
    });
    let mail = move || flow.with(|flow| flow.outcomes().get(position).map(|o| mail_text(s, o)));
    let mail_failed = Memo::new(move |_| {
        flow.with(|flow| {
            flow.outcomes()
                .get(position)
                .is_some_and(|o| matches!(o.mail, MailStatus::Failed(_)))
        })
    });
    let password: SecretValue = Arc::new(move || {
        flow.with(|flow| {
            flow.outcomes()
                .get(position)
                .and_then(|o| o.visible_password().cloned())
        })
    });
    let outcome = move || reset.get().map(|r| outcome_text(s, &r)).unwrap_or_default();
    let done = move || reset.get() == Some(ResetStatus::Done);
    let password_label = fill(s.password_for, &[("name", &name)]);
    let field_id = ctx.id(&format!("result-pw-{position}"));
    let user_id = StoredValue::new(id);
    view! {
        // Row 1 is the header; rows are counted among those the filter shows.
        <tr class="rpw-row" aria-rowindex=row_index + 2>
            <td class="rpw-row__name" title=name.clone()>{name.clone()}</td>
            <td title=upn.clone()>{upn.clone()}</td>
            // Until the password is confirmed, the outcome (a failure's reason)
            // takes the password's column too: there is nothing to show there.
            <td
                class="rpw-results__outcome"
                class:rpw-results__outcome--failed=move || matches!(reset.get(), Some(ResetStatus::Failed(_)))
                colspan=move || if done() { "1" } else { "2" }
                title=outcome
            >
                <span class="rpw-results__reason">{outcome}</span>
            </td>
            // A closure child rather than `Show`: fewer component types in the bundle.
            {move || done().then(|| view! {
                <td class="rpw-results__password">
                    <SecretField id=field_id.clone() label=password_label.clone() value=password.clone() copyable=true />
                </td>
            })}
            <td title=mail>
                {mail}
                {move || mail_failed.get().then(|| view! {
                    <button type="button" class="rpw-button" on:click=move |_| store.send_again(user_id.get_value())>{s.send_again}</button>
                })}
            </td>
            {signing_out.then(|| {
                let sign_out = move || {
                    flow.with(|flow| flow.outcomes().get(position).map(|o| sign_out_text(s, o)))
                };
                view! { <td title=sign_out>{sign_out}</td> }
            })}
        </tr>
    }
}
