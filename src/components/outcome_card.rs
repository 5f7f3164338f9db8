use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::actions;
use crate::context::WidgetContext;
use crate::flow::{Flow, MailStatus, ResetStatus, UserOutcome};
use crate::i18n::fill;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// One user's outcome: the new password (only once the tenant confirmed it),
/// and the mail's fate, with "Send email again" when it failed.
#[component]
pub fn OutcomeCard(user_id: String, position: usize) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    let id = StoredValue::new(user_id.clone());
    let name = ctx.flow.with_untracked(|flow| {
        find(flow, &user_id, position)
            .map(|o| o.target.display_name.clone())
            .unwrap_or_default()
    });
    // Memos for what changes the structure, so the rest of the card is not
    // rebuilt when another user's outcome moves on.
    let reset = Memo::new(move |_| read(ctx, id, position, |o| o.reset.clone()));
    let mail = Memo::new(move |_| read(ctx, id, position, |o| o.mail.clone()));
    let recipients =
        move || read(ctx, id, position, |o| o.recipients.join("; ")).unwrap_or_default();
    let shown = RwSignal::new(false);
    let copy = RwSignal::new(CopyState::Idle);
    let password_label = fill(s.password_for, &[("name", &name)]);
    let field_id = ctx.id(&format!("pw-{user_id}"));

    let copy_password = move |_| {
        let Some(password) = ctx.flow.with_untracked(|flow| {
            id.with_value(|id| find(flow, id, position).and_then(|o| o.visible_password().cloned()))
        }) else {
            return;
        };
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            copy.set(CopyState::Failed);
            return;
        };
        let promise = clipboard.write_text(password.as_str());
        drop(password);
        spawn_local(async move {
            let state = if JsFuture::from(promise).await.is_ok() {
                CopyState::Copied
            } else {
                CopyState::Failed
            };
            copy.set(state);
        });
    };
    let send_again = {
        let id = user_id.clone();
        move |_| {
            let id = id.clone();
            spawn_local(async move { actions::send_mail(ctx, &id).await });
        }
    };

    let name_for_status = name.clone();
    view! {
        <li class="rpw-outcome">
            <p class="rpw-outcome__status" role="status">
                {move || match reset.get() {
                    Some(ResetStatus::InProgress) | None => s.resetting.to_string(),
                    Some(ResetStatus::Done) => fill(s.reset_done, &[("name", &name_for_status)]),
                    Some(ResetStatus::Failed(error)) => s.reset_failure(&name_for_status, &error),
                }}
            </p>
            <Show when=move || reset.get() == Some(ResetStatus::Done)>
                <div class="rpw-field">
                    <label class="rpw-field__label" for=field_id.clone()>{password_label.clone()}</label>
                    <div class="rpw-field__row">
                        <input
                            id=field_id.clone()
                            class="rpw-input rpw-input--secret"
                            class:rpw-input--masked=move || !shown.get()
                            type="text"
                            readonly
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || {
                                read(ctx, id, position, |o| o.visible_password().map(|p| p.as_str().to_string()))
                                    .flatten()
                                    .unwrap_or_default()
                            }
                        />
                        <button type="button" class="rpw-button" aria-pressed=move || shown.get().to_string()
                            on:click=move |_| shown.update(|v| *v = !*v)>
                            {move || if shown.get() { s.hide_password } else { s.show_password }}
                        </button>
                        <button type="button" class="rpw-button" on:click=copy_password>{s.copy_password}</button>
                    </div>
                    <p class="rpw-form__hint" aria-live="polite">
                        {move || match copy.get() {
                            CopyState::Idle => "",
                            CopyState::Copied => s.copied,
                            CopyState::Failed => s.copy_failed,
                        }}
                    </p>
                </div>
            </Show>
            <p class="rpw-message rpw-message--success" role="status">
                {move || match mail.get() {
                    Some(MailStatus::Pending) if reset.get() == Some(ResetStatus::Done) => s.mail_pending.to_string(),
                    Some(MailStatus::Sent) => fill(s.mail_sent, &[("recipients", &recipients())]),
                    _ => String::new(),
                }}
            </p>
            <p class="rpw-message rpw-message--error" role="alert">
                {move || match mail.get() {
                    Some(MailStatus::Failed(error)) => {
                        // A lost answer may hide a mail that went out: say so
                        // before the admin sends a second one.
                        let template = if error.write_may_have_applied() { s.mail_unconfirmed } else { s.mail_failed };
                        fill(template, &[("recipients", &recipients()), ("error", &s.api_error(&error))])
                    }
                    _ => String::new(),
                }}
            </p>
            <Show when=move || matches!(mail.get(), Some(MailStatus::Failed(_)))>
                <button type="button" class="rpw-button" on:click=send_again.clone()>{s.send_again}</button>
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

/// Reads one field of this user's outcome, tracking the flow.
fn read<R>(
    ctx: WidgetContext,
    id: StoredValue<String>,
    position: usize,
    field: impl FnOnce(&UserOutcome) -> R,
) -> Option<R> {
    ctx.flow
        .with(|flow| id.with_value(|id| find(flow, id, position).map(field)))
}
