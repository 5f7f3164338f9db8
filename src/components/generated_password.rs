use leptos::prelude::*;

use super::check_option::CheckOption;
use crate::context::WidgetContext;
use crate::i18n::{Strings, fill};
use crate::password::{
    GeneratorError, GeneratorOptions, MAX_LENGTH, MIN_LENGTH, Password, entropy_bits, generate,
};

/// The generator's choices, one signal per control so each checkbox binds
/// directly; [`GeneratorChoices::options`] turns them into engine options.
#[derive(Clone, Copy)]
pub struct GeneratorChoices {
    pub length: RwSignal<usize>,
    pub lowercase: RwSignal<bool>,
    pub uppercase: RwSignal<bool>,
    pub digits: RwSignal<bool>,
    pub symbols: RwSignal<bool>,
    pub avoid_look_alikes: RwSignal<bool>,
}

impl GeneratorChoices {
    pub fn new(length: usize) -> Self {
        let defaults = GeneratorOptions::default();
        GeneratorChoices {
            length: RwSignal::new(length),
            lowercase: RwSignal::new(defaults.lowercase),
            uppercase: RwSignal::new(defaults.uppercase),
            digits: RwSignal::new(defaults.digits),
            symbols: RwSignal::new(defaults.symbols),
            avoid_look_alikes: RwSignal::new(defaults.exclude_look_alikes),
        }
    }

    /// Tracked read: a closure calling this reruns when any choice changes.
    pub fn options(&self) -> GeneratorOptions {
        self.read(|flag| flag.get(), self.length.get())
    }

    pub fn options_untracked(&self) -> GeneratorOptions {
        self.read(|flag| flag.get_untracked(), self.length.get_untracked())
    }

    fn read(&self, flag: impl Fn(RwSignal<bool>) -> bool, length: usize) -> GeneratorOptions {
        GeneratorOptions {
            length,
            lowercase: flag(self.lowercase),
            uppercase: flag(self.uppercase),
            digits: flag(self.digits),
            symbols: flag(self.symbols),
            exclude_look_alikes: flag(self.avoid_look_alikes),
            ..GeneratorOptions::default()
        }
    }
}

/// Options the admin can fix say which rule they break; anything else (the
/// random source failing) keeps its own words.
pub fn generator_problem(s: &Strings, error: &GeneratorError) -> String {
    match error {
        GeneratorError::LengthOutOfRange { length, .. } if *length < MIN_LENGTH => fill(
            s.policy_too_short,
            &[
                ("min", &MIN_LENGTH.to_string()),
                ("actual", &length.to_string()),
            ],
        ),
        GeneratorError::LengthOutOfRange { length, .. } => fill(
            s.policy_too_long,
            &[
                ("max", &MAX_LENGTH.to_string()),
                ("actual", &length.to_string()),
            ],
        ),
        GeneratorError::NoClassSelected | GeneratorError::TooFewClasses { .. } => {
            s.policy_classes.to_string()
        }
        GeneratorError::Random(random) => format!("{} ({random})", s.generator_error),
        _ => s.generator_error.to_string(),
    }
}

/// Length, character types, strength, and for one user the password itself
/// with "Regenerate". With several users each gets its own draw at submit.
#[component]
pub fn GeneratedPassword(
    choices: GeneratorChoices,
    /// The drawn password, or why the options cannot make one.
    drawn: RwSignal<Result<Password, GeneratorError>>,
    single: bool,
) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    let shown = RwSignal::new(false);
    // A new draw whenever an option changes; the previous one is dropped, so wiped.
    Effect::new(move |_| {
        let options = choices.options();
        drawn.set(generate(&options));
    });
    let regenerate = move |_| drawn.set(generate(&choices.options_untracked()));
    let problem = move || drawn.with(|d| d.as_ref().err().map(|e| generator_problem(s, e)));
    let strength = move || {
        let options = choices.options();
        let bits = if drawn.with(Result::is_ok) {
            entropy_bits(&options) as u32
        } else {
            0
        };
        fill(s.strength_bits, &[("bits", &bits.to_string())])
    };
    let length_id = ctx.id("length");
    let generated_id = ctx.id("generated");
    let problem_id = ctx.id("generator-problem");
    let described_by = problem_id.clone();

    view! {
        <fieldset class="rpw-generator">
            <div class="rpw-generator__length">
                <label class="rpw-field__label" for=length_id.clone()>{s.password_length}</label>
                <input
                    id=length_id
                    class="rpw-input rpw-input--number"
                    type="number"
                    inputmode="numeric"
                    min=MIN_LENGTH
                    max=MAX_LENGTH
                    aria-describedby=described_by
                    prop:value=move || choices.length.get().to_string()
                    on:input=move |ev| {
                        // Anything that is not a number is length 0, which the
                        // generator refuses with a message naming the minimum.
                        let length = event_target_value(&ev).trim().parse().unwrap_or(0);
                        choices.length.set(length);
                    }
                />
            </div>
            <div class="rpw-generator__classes">
                <CheckOption label=s.use_lowercase checked=choices.lowercase />
                <CheckOption label=s.use_uppercase checked=choices.uppercase />
                <CheckOption label=s.use_digits checked=choices.digits />
                <CheckOption label=s.use_symbols checked=choices.symbols />
                <CheckOption label=s.avoid_look_alikes checked=choices.avoid_look_alikes />
            </div>
            <p class="rpw-form__hint">{strength}</p>
            {single.then(|| view! {
                <div class="rpw-field">
                    <label class="rpw-field__label" for=generated_id.clone()>{s.generated_password}</label>
                    <div class="rpw-field__row">
                        <input
                            id=generated_id.clone()
                            class="rpw-input rpw-input--secret"
                            class:rpw-input--masked=move || !shown.get()
                            type="text"
                            readonly
                            autocomplete="off"
                            spellcheck="false"
                            prop:value=move || drawn.with(|d| d.as_ref().map(|p| p.as_str().to_string()).unwrap_or_default())
                        />
                        <button type="button" class="rpw-button" aria-pressed=move || shown.get().to_string()
                            on:click=move |_| shown.update(|v| *v = !*v)>
                            {move || if shown.get() { s.hide_password } else { s.show_password }}
                        </button>
                        <button type="button" class="rpw-button" on:click=regenerate>{s.regenerate}</button>
                    </div>
                </div>
            })}
            {(!single).then(|| view! { <p class="rpw-form__hint">{s.each_user_own_password}</p> })}
            <p id=problem_id class="rpw-problem" aria-live="polite">{problem}</p>
        </fieldset>
    }
}
