use leptos::prelude::*;

use super::check_option::CheckOption;
use super::generated_password::{GeneratedPassword, GeneratorChoices, generator_problem};
use crate::actions;
use crate::context::WidgetContext;
use crate::flow::{ResetForm as FormState, Target, UserOutcome};
use crate::i18n::fill;
use crate::password::{GeneratorError, Password, PolicyContext, generate, validate};

/// The choices of the reset dialog: generated or typed password, change at
/// next sign-in, and who gets the mail. Nothing is sent until submit.
#[component]
pub fn ResetForm(targets: Vec<Target>) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    let defaults = FormState::for_targets(&targets);
    let auto_generate = RwSignal::new(defaults.auto_generate);
    let require_change = RwSignal::new(defaults.require_change);
    let require_mfa = RwSignal::new(defaults.require_mfa);
    let send_mail = RwSignal::new(defaults.send_mail);
    let recipients_text = RwSignal::new(defaults.recipients_text);
    let typed = RwSignal::new(Password::new(String::new()));
    // Password boxes are text boxes masked by CSS, not type=password: they keep
    // their textbox role and stay out of the browser's password manager.
    let show_typed = RwSignal::new(false);
    let form_error = RwSignal::new(None::<String>);
    let choices = GeneratorChoices::new(ctx.config.with_value(|c| c.password_length));
    let drawn = RwSignal::new(Err::<Password, _>(GeneratorError::NoClassSelected));
    let single = targets.len() == 1;

    let form = move || FormState {
        auto_generate: auto_generate.get(),
        require_change: require_change.get(),
        require_mfa: require_mfa.get(),
        send_mail: send_mail.get(),
        recipients_text: recipients_text.get(),
    };
    // Checked against the first target's names; with several users the
    // tenant still checks each one and says which it refused.
    let policy_context = targets
        .first()
        .map(|t| PolicyContext {
            first_name: t.given_name.clone(),
            last_name: t.surname.clone(),
            tenant_name: ctx.config.with_value(|c| c.tenant_name.clone()),
        })
        .unwrap_or_default();
    // Plain derived closures, not memos: cheap to recompute, and each memo
    // type costs bundle size.
    let policy_context = StoredValue::new(policy_context);
    let violations = move || {
        if auto_generate.get() {
            Vec::new()
        } else {
            typed.with(|pw| policy_context.with_value(|c| validate(pw.as_str(), c)))
        }
    };
    let recipients_problem = move || form().recipients().err();
    let password_ready = move || !auto_generate.get() || drawn.with(Result::is_ok);
    let can_submit =
        move || password_ready() && violations().is_empty() && recipients_problem().is_none();

    let targets_for_submit = targets.clone();
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if !can_submit() {
            return;
        }
        let state = form();
        let Ok(recipients) = state.recipients() else {
            return;
        };
        let options = choices.options_untracked();
        let mut outcomes = Vec::with_capacity(targets_for_submit.len());
        for target in &targets_for_submit {
            let password = if state.auto_generate && single {
                // The one the admin saw (and may have regenerated).
                match drawn.get_untracked() {
                    Ok(password) => password,
                    Err(error) => {
                        form_error.set(Some(generator_problem(s, &error)));
                        return;
                    }
                }
            } else if state.auto_generate {
                match generate(&options) {
                    Ok(password) => password,
                    Err(error) => {
                        form_error.set(Some(generator_problem(s, &error)));
                        return;
                    }
                }
            } else {
                typed.get_untracked()
            };
            outcomes.push(UserOutcome::new(
                target.clone(),
                password,
                recipients.clone(),
                &state,
            ));
        }
        // The passwords now live in the outcomes only.
        typed.set(Password::new(String::new()));
        drawn.set(Err(GeneratorError::NoClassSelected));
        actions::submit(ctx, outcomes);
    };

    let intro = match targets.as_slice() {
        [one] => fill(
            s.dialog_intro_one,
            &[
                ("name", &one.display_name),
                ("upn", &one.user_principal_name),
            ],
        ),
        many => fill(s.dialog_intro_many, &[("count", &many.len().to_string())]),
    };
    let title = if targets.len() > 1 {
        s.dialog_title_many
    } else {
        s.dialog_title_one
    };
    let password_problems_id = ctx.id("password-problems");
    let recipients_problem_id = ctx.id("recipients-problem");

    view! {
        <form class="rpw-form" on:submit=submit novalidate>
            <h2 class="rpw-title">{title}</h2>
            <p class="rpw-form__intro">{intro}</p>
            <CheckOption label=s.auto_generate checked=auto_generate />
            <Show when=move || auto_generate.get()>
                <GeneratedPassword choices=choices drawn=drawn single=single />
            </Show>
            <Show when=move || !auto_generate.get()>
                <div class="rpw-field">
                    <label class="rpw-field__label" for=ctx.id("password")>{s.password}</label>
                    <div class="rpw-field__row">
                        <input
                            id=ctx.id("password")
                            class="rpw-input rpw-input--secret"
                            class:rpw-input--masked=move || !show_typed.get()
                            type="text"
                            autocomplete="new-password"
                            spellcheck="false"
                            aria-describedby=password_problems_id.clone()
                            aria-invalid=move || (!violations().is_empty()).to_string()
                            on:input=move |ev| typed.set(Password::new(event_target_value(&ev)))
                        />
                        <button type="button" class="rpw-button" aria-pressed=move || show_typed.get().to_string()
                            on:click=move |_| show_typed.update(|v| *v = !*v)>
                            {move || if show_typed.get() { s.hide_password } else { s.show_password }}
                        </button>
                    </div>
                    <ul id=password_problems_id.clone() class="rpw-problems" aria-live="polite">
                        {move || violations().iter().map(|v| view! { <li>{s.policy_violation(v)}</li> }).collect_view()}
                    </ul>
                </div>
            </Show>
            <CheckOption label=s.require_change checked=require_change />
            <CheckOption label=s.require_mfa checked=require_mfa />
            <CheckOption label=s.email_password checked=send_mail />
            <Show when=move || send_mail.get()>
                <div class="rpw-field">
                    <label class="rpw-field__label" for=ctx.id("recipients")>{s.recipients}</label>
                    <input
                        id=ctx.id("recipients")
                        class="rpw-input"
                        type="text"
                        inputmode="email"
                        autocomplete="off"
                        aria-describedby=recipients_problem_id.clone()
                        aria-invalid=move || recipients_problem().is_some().to_string()
                        prop:value=move || recipients_text.get()
                        on:input=move |ev| recipients_text.set(event_target_value(&ev))
                    />
                    <p class="rpw-form__hint">{s.recipients_hint}</p>
                    <p id=recipients_problem_id.clone() class="rpw-problem" aria-live="polite">
                        {move || recipients_problem().map(|e| s.recipients_error(&e))}
                    </p>
                </div>
            </Show>
            <p class="rpw-problem" role="alert">{move || form_error.get()}</p>
            <div class="rpw-actions">
                <button type="button" class="rpw-button" on:click=move |_| actions::cancel(ctx)>{s.cancel}</button>
                <button type="submit" class="rpw-button rpw-button--primary" disabled=move || !can_submit()>
                    {s.submit_reset}
                </button>
            </div>
        </form>
    }
}
