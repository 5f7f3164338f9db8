use std::sync::Arc;

use leptos::prelude::*;

use crate::components::secret_field::{SecretField, SecretValue};
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::reset::report::outcome_text;
use crate::reset::state::{Flow, MailStatus, ResetStatus, SignOutStatus, UserOutcome};
use crate::reset::store::ResetStore;

/// One user's outcome: the new password (only once the tenant confirmed it),
/// whether the user was signed out of all sessions when asked, and the mail's
/// fate, with "Send email again" when it failed.
#[component]
pub fn OutcomeCard(user_id: String, position: usize) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let store = ResetStore::use_context();
    let flow = store.flow();
    let s = ctx.strings;
    let id = StoredValue::new(user_id.clone());
    let name = flow.with_untracked(|flow| {
        find(flow, &user_id, position)
            .map(|o| o.target.display_name.clone())
            .unwrap_or_default()
    });
    // Memos for what changes the structure, so the rest of the card is not
    // rebuilt when another user's outcome moves on.
    let reset = Memo::new(move |_| {
        flow.with(|flow| id.with_value(|id| find(flow, id, position).map(|o| o.reset.clone())))
    });
    let mail = Memo::new(move |_| {
        flow.with(|flow| id.with_value(|id| find(flow, id, position).map(|o| o.mail.clone())))
    });
    let sign_out = Memo::new(move |_| {
        flow.with(|flow| id.with_value(|id| find(flow, id, position).map(|o| o.sign_out.clone())))
    });
    let recipients = move || {
        flow.with(|flow| {
            id.with_value(|id| find(flow, id, position).map(|o| o.recipients.join("; ")))
        })
        .unwrap_or_default()
    };
    let password: SecretValue = Arc::new(move || {
        flow.with(|flow| {
            id.with_value(|id| find(flow, id, position).and_then(|o| o.visible_password().cloned()))
        })
    });
    let password_label = fill(s.password_for, &[("name", &name)]);
    let field_id = ctx.id(&format!("pw-{user_id}"));
    let send_again = move |_| store.send_again(id.get_value());

    let name_for_status = name.clone();
    view! {
        <li class="rpw-outcome">
            <p class="rpw-outcome__status" role="status">
                {move || match reset.get() {
                    Some(ResetStatus::InProgress) | None => s.resetting.to_string(),
                    Some(ResetStatus::Done) => fill(s.reset_done, &[("name", &name_for_status)]),
                    Some(ResetStatus::Failed(error)) => s.reset_failure(&name_for_status, &error),
                    // Waiting, cancelled before its turn, or not allowed.
                    Some(other) => format!("{name_for_status}: {}", outcome_text(s, &other)),
                }}
            </p>
            <Show when=move || reset.get() == Some(ResetStatus::Done)>
                <SecretField id=field_id.clone() label=password_label.clone() value=password.clone() copyable=true />
            </Show>
            <p
                class=move || match sign_out.get() {
                    Some(SignOutStatus::Failed(_)) => "rpw-message rpw-message--error",
                    Some(SignOutStatus::NotAllowed) => "rpw-message rpw-message--warning",
                    _ => "rpw-message rpw-message--success",
                }
                role="status"
            >
                {move || match (reset.get(), sign_out.get()) {
                    (Some(ResetStatus::Done), Some(SignOutStatus::Pending)) => s.sign_out_pending.to_string(),
                    (_, Some(SignOutStatus::Done)) => s.signed_out.to_string(),
                    (_, Some(SignOutStatus::Failed(error))) => {
                        fill(s.sign_out_failed, &[("error", &s.api_error(&error))])
                    }
                    (Some(ResetStatus::Done), Some(SignOutStatus::NotAllowed)) => s.sign_out_not_allowed.to_string(),
                    _ => String::new(),
                }}
            </p>
            <p class="rpw-message rpw-message--success" role="status">
                {move || match mail.get() {
                    Some(MailStatus::Pending) if reset.get() == Some(ResetStatus::Done) => s.mail_pending.to_string(),
                    Some(MailStatus::Sent) => fill(s.mail_sent, &[("recipients", &recipients())]),
                    _ => String::new(),
                }}
            </p>
            <p class="rpw-message rpw-message--error" role="alert">
                {move || match mail.get() {
                    Some(MailStatus::Failed(error)) => s.mail_failure(&recipients(), &error),
                    _ => String::new(),
                }}
            </p>
            <Show when=move || matches!(mail.get(), Some(MailStatus::Failed(_)))>
                <button type="button" class="rpw-button" on:click=send_again>{s.send_again}</button>
            </Show>
        </li>
    }
}

/// The user's outcome: at its position in the run (fixed when the run starts,
/// so each answer costs every card O(1), not a search of the whole list).
fn find<'a>(flow: &'a Flow, user_id: &str, position: usize) -> Option<&'a UserOutcome> {
    let outcomes = flow.outcomes();
    outcomes
        .get(position)
        .filter(|o| o.target.id == user_id)
        .or_else(|| outcomes.iter().find(|o| o.target.id == user_id))
}
