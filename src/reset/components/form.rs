use std::sync::Arc;

use leptos::prelude::*;

use super::generator::{GeneratedPassword, GeneratorChoices};
use crate::components::check_option::CheckOption;
use crate::components::secret_field::SecretField;
use crate::context::WidgetContext;
use crate::i18n::{Lang, fill};
use crate::password::{GeneratorError, Password, PolicyContext, validate};
use crate::reset::notification::{AtSignIn, MailContext, compose};
use crate::reset::state::{
    MailMessage, PasswordSource, PlanError, ResetChoices, Target, starts_like_a_formula,
};
use crate::reset::store::ResetStore;
use crate::users::selection::SelectionStore;

/// The choices of the reset dialog: generated password or passphrase, or a
/// typed password; change at next sign-in; signing the user out of all
/// sessions; and who gets the mail. Nothing is sent until submit.
#[component]
pub fn ResetForm(targets: Vec<Target>) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let store = ResetStore::use_context();
    let s = ctx.strings;
    let defaults = ResetChoices::for_targets(&targets);
    let auto_generate = RwSignal::new(defaults.auto_generate);
    let require_change = RwSignal::new(defaults.require_change);
    let require_mfa = RwSignal::new(defaults.require_mfa);
    // Multifactor at sign-in is a forced change with a check first (Graph's
    // passwordProfile): ticking it ticks the change, unticking the change
    // unticks it.
    Effect::new(move |_| {
        if require_mfa.get() {
            require_change.set(true);
        }
    });
    Effect::new(move |_| {
        if !require_change.get() {
            require_mfa.set(false);
        }
    });
    let send_mail = RwSignal::new(defaults.send_mail);
    // Who the admin's roles may sign out (Password Administrator may reset,
    // not sign out): the option is off for none, and names the others.
    let cannot_sign_out = targets.iter().filter(|t| !t.may_sign_out).count();
    let sign_out_allowed = cannot_sign_out < targets.len();
    let some_cannot_sign_out = sign_out_allowed && cannot_sign_out != 0;
    let sign_out = RwSignal::new(defaults.sign_out && sign_out_allowed);
    let recipients_text = RwSignal::new(defaults.recipients_text);
    let today = (js_sys::Date::now() / 86_400_000.0).floor() as i64;
    let message = RwSignal::new(MailMessage::preselected(&targets, today));
    let preview_open = RwSignal::new(false);
    let typed = RwSignal::new(Password::new(String::new()));
    let form_error = RwSignal::new(None::<String>);
    let generator = GeneratorChoices::new(ctx.config.with_value(|c| c.password_length));
    let generated = RwSignal::new(Err::<Password, _>(GeneratorError::NoClassSelected));
    let single = targets.len() == 1;

    let choices = move || ResetChoices {
        auto_generate: auto_generate.get(),
        require_change: require_change.get(),
        require_mfa: require_mfa.get(),
        send_mail: send_mail.get(),
        recipients_text: recipients_text.get(),
        message: message.get(),
        sign_out: sign_out.get(),
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
    // The widget's own rule, apart from Entra's policy (see `starts_like_a_formula`).
    let formula_lead =
        move || !auto_generate.get() && typed.with(|pw| starts_like_a_formula(pw.as_str()));
    let recipients_problem = move || choices().recipients().err();
    let password_ready = move || !auto_generate.get() || generated.with(Result::is_ok);
    let can_submit = move || {
        password_ready()
            && violations().is_empty()
            && !formula_lead()
            && recipients_problem().is_none()
    };

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if !can_submit() {
            return;
        }
        let choices = untrack(choices);
        let source = if !choices.auto_generate {
            PasswordSource::Typed(typed.get_untracked())
        } else if single {
            match generated.get_untracked() {
                Ok(password) => PasswordSource::Shown {
                    password,
                    recipe: generator.recipe_untracked(),
                },
                Err(error) => {
                    form_error.set(Some(s.generator_problem(&error)));
                    return;
                }
            }
        } else {
            PasswordSource::Generated(generator.recipe_untracked())
        };
        match store.submit(&choices, source) {
            Ok(()) => {
                // The passwords now live in the outcomes only.
                typed.set(Password::new(String::new()));
                generated.set(Err(GeneratorError::NoClassSelected));
            }
            Err(PlanError::Generator(error)) => form_error.set(Some(s.generator_problem(&error))),
            Err(PlanError::Recipients(error)) => form_error.set(Some(s.recipients_error(&error))),
            Err(PlanError::NoTargets) => form_error.set(Some(s.no_users.to_string())),
            Err(PlanError::StartsLikeAFormula) => {
                form_error.set(Some(s.policy_formula_lead.to_string()))
            }
        }
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
    // Users of a "Select all" this admin may not reset: never sent; the
    // result lists them with the reason.
    let left_out = store.left_out_count();
    let left_out_note = (left_out > 0).then(|| {
        view! {
            <p class="rpw-message rpw-message--warning">
                {fill(s.left_out_note, &[("count", &left_out.to_string())])}
            </p>
        }
    });
    let title = if targets.len() > 1 {
        s.dialog_title_many
    } else {
        s.dialog_title_one
    };
    let recipients_problem_id = ctx.id("recipients-problem");
    let widget_lang = Lang::of(s);
    // The users' languages whose tables the page has not read yet: the mail
    // language and the preview follow once they are read (or cannot be).
    let tables_read = RwSignal::new(false);
    let preferred: Vec<Option<Lang>> = targets.iter().map(Target::preferred_lang).collect();
    let mut unread: Vec<Lang> = preferred.iter().flatten().copied().collect();
    unread.retain(|lang| !lang.is_loaded() && !lang.unavailable());
    if !unread.is_empty() {
        leptos::task::spawn_local(async move {
            for lang in unread {
                crate::i18n::load::load(lang).await;
            }
            tables_read.try_set(true);
        });
    }
    let mail_language = move || {
        tables_read.track();
        let mut mail_langs: Vec<Lang> = Vec::new();
        for lang in &preferred {
            let lang = lang.filter(|l| l.is_loaded()).unwrap_or(widget_lang);
            if !mail_langs.contains(&lang) {
                mail_langs.push(lang);
            }
        }
        let names: Vec<&str> = mail_langs.iter().map(|l| l.name()).collect();
        fill(s.mail_language, &[("language", &names.join(", "))])
    };
    // The first user's mail, as it will be sent but with the password masked:
    // the preview never holds the real one.
    let preview_target = StoredValue::new(targets.first().cloned());
    // Known once the list has read `/me`; a dialog mounted alone assumes a mailbox.
    let has_mailbox = use_context::<SelectionStore>().is_none_or(|list| list.has_mailbox());
    let preview = move || {
        tables_read.track();
        let target = preview_target.get_value()?;
        let sender = store.sender();
        let mail = ctx.config.with_value(|config| {
            let context = MailContext {
                tenant_name: config.tenant_name.as_deref(),
                sign_in_url: &config.sign_in_url,
                sender: &sender,
            };
            compose(
                target.mail_lang(widget_lang, Lang::is_loaded).table(),
                &target,
                &Password::new("••••••••".into()),
                AtSignIn::of(require_change.get(), require_mfa.get()),
                message.get(),
                &context,
            )
        });
        Some(format!("{}\n\n{}", mail.subject, mail.body.as_str()))
    };
    let message_option = move |value: MailMessage, label: &'static str| {
        view! {
            <label class="rpw-check">
                <input
                    type="radio"
                    name=ctx.id("message")
                    prop:checked=move || message.get() == value
                    on:change=move |_| message.set(value)
                />
                <span>{label}</span>
            </label>
        }
    };

    view! {
        <form class="rpw-form" on:submit=submit novalidate>
            <h2 class="rpw-title">{title}</h2>
            <p class="rpw-form__intro">{intro}</p>
            {left_out_note}
            <CheckOption label=s.auto_generate checked=auto_generate />
            <Show when=move || auto_generate.get()>
                <GeneratedPassword choices=generator generated=generated single=single />
            </Show>
            <Show when=move || !auto_generate.get()>
                <SecretField
                    id=ctx.id("password")
                    label=s.password
                    on_input=Arc::new(move |password| typed.set(password))
                    described_by=ctx.id("password-problems")
                    invalid=Memo::new(move |_| !violations().is_empty() || formula_lead())
                >
                    <ul id=ctx.id("password-problems") class="rpw-problems" aria-live="polite">
                        {move || violations().iter().map(|v| view! { <li>{s.policy_violation(v)}</li> }).collect_view()}
                        <Show when=formula_lead>
                            <li>{s.policy_formula_lead}</li>
                        </Show>
                    </ul>
                </SecretField>
            </Show>
            <CheckOption label=s.require_change checked=require_change />
            <CheckOption label=s.require_mfa checked=require_mfa />
            <CheckOption
                label=if single { s.sign_out_one } else { s.sign_out_many }
                checked=sign_out
                disabled=!sign_out_allowed
                described_by=(!sign_out_allowed).then(|| ctx.id("sign-out-note"))
            />
            {(!sign_out_allowed).then(|| view! {
                <p id=ctx.id("sign-out-note") class="rpw-form__hint">{s.sign_out_none_allowed}</p>
            })}
            <Show when=move || some_cannot_sign_out && sign_out.get()>
                <p class="rpw-form__hint">
                    {fill(s.sign_out_some_not_allowed, &[("count", &cannot_sign_out.to_string())])}
                </p>
            </Show>
            <CheckOption label=s.email_password checked=send_mail />
            <Show when=move || !has_mailbox>
                <p class="rpw-form__hint">{s.no_mailbox_note}</p>
            </Show>
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
                <fieldset class="rpw-generator">
                    <legend class="rpw-field__label">{s.mail_message}</legend>
                    {message_option(MailMessage::PasswordReset, s.mail_message_reset)}
                    {message_option(MailMessage::Welcome, s.mail_message_welcome)}
                    <p class="rpw-form__hint">{mail_language.clone()}</p>
                    <button
                        type="button"
                        class="rpw-button"
                        aria-expanded=move || preview_open.get().to_string()
                        on:click=move |_| preview_open.update(|open| *open = !*open)
                    >
                        {s.preview_email}
                    </button>
                    // A closure child rather than `Show`: one component type fewer in the bundle.
                    {move || preview_open.get().then(|| view! {
                        <pre class="rpw-preview" role="region" aria-label=s.preview_email>{preview}</pre>
                    })}
                </fieldset>
            </Show>
            <p class="rpw-problem" role="alert">{move || form_error.get()}</p>
            <div class="rpw-actions">
                <button type="button" class="rpw-button" on:click=move |_| store.cancel()>{s.cancel}</button>
                <button type="submit" class="rpw-button rpw-button--primary" disabled=move || !can_submit()>
                    {s.submit_reset}
                </button>
            </div>
        </form>
    }
}
