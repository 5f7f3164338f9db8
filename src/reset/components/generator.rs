use std::sync::Arc;

use leptos::prelude::*;

use crate::components::check_option::CheckOption;
use crate::components::secret_field::SecretField;
use crate::context::WidgetContext;
use crate::i18n::fill;
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

/// Length, character types, strength, and for one user the password itself
/// with "Regenerate". With several users each gets its own draw at submit.
#[component]
pub fn GeneratedPassword(
    choices: GeneratorChoices,
    /// The generated password, or why the options cannot make one.
    generated: RwSignal<Result<Password, GeneratorError>>,
    single: bool,
) -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    // A new draw whenever an option changes; the previous one is dropped, so wiped.
    Effect::new(move |_| {
        let options = choices.options();
        generated.set(generate(&options));
    });
    let regenerate = move || generated.set(generate(&choices.options_untracked()));
    let problem = move || generated.with(|d| d.as_ref().err().map(|e| s.generator_problem(e)));
    let strength = move || {
        let options = choices.options();
        let bits = if generated.with(Result::is_ok) {
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
                <SecretField
                    id=generated_id
                    label=s.generated_password
                    value=Arc::new(move || generated.with(|g| g.as_ref().ok().cloned()))
                    extra_button=(s.regenerate, Arc::new(regenerate))
                />
            })}
            {(!single).then(|| view! { <p class="rpw-form__hint">{s.each_user_own_password}</p> })}
            <p id=problem_id class="rpw-problem" aria-live="polite">{problem}</p>
        </fieldset>
    }
}
