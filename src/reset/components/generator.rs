use std::sync::Arc;

use leptos::prelude::*;

use crate::components::check_option::CheckOption;
use crate::components::secret_field::SecretField;
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::password::{
    GeneratorError, GeneratorOptions, MAX_LENGTH, MAX_SEPARATOR_CHARS, MAX_WORDS, MIN_LENGTH,
    MIN_WORDS, PassphraseOptions, Password, Recipe,
};

/// The generator's choices, one signal per control so each checkbox binds
/// directly; [`GeneratorChoices::recipe`] turns them into what the engine draws.
#[derive(Clone, Copy)]
pub struct GeneratorChoices {
    /// Passphrase (words) rather than password (characters).
    pub passphrase: RwSignal<bool>,
    pub length: RwSignal<usize>,
    pub lowercase: RwSignal<bool>,
    pub uppercase: RwSignal<bool>,
    pub digits: RwSignal<bool>,
    pub symbols: RwSignal<bool>,
    pub avoid_look_alikes: RwSignal<bool>,
    pub words: RwSignal<usize>,
    pub separator: RwSignal<String>,
    pub capitalize: RwSignal<bool>,
    pub add_digit: RwSignal<bool>,
}

impl GeneratorChoices {
    pub fn new(length: usize) -> Self {
        let defaults = GeneratorOptions::default();
        let phrase = PassphraseOptions::default();
        GeneratorChoices {
            passphrase: RwSignal::new(false),
            length: RwSignal::new(length),
            lowercase: RwSignal::new(defaults.lowercase),
            uppercase: RwSignal::new(defaults.uppercase),
            digits: RwSignal::new(defaults.digits),
            symbols: RwSignal::new(defaults.symbols),
            avoid_look_alikes: RwSignal::new(defaults.exclude_look_alikes),
            words: RwSignal::new(phrase.words),
            separator: RwSignal::new(phrase.separator),
            capitalize: RwSignal::new(phrase.capitalize),
            add_digit: RwSignal::new(phrase.add_digit),
        }
    }

    /// Tracked read: a closure calling this reruns when a choice it uses changes.
    pub fn recipe(&self) -> Recipe {
        self.read(true)
    }

    pub fn recipe_untracked(&self) -> Recipe {
        self.read(false)
    }

    fn read(&self, tracked: bool) -> Recipe {
        fn value<T: Clone + Send + Sync + 'static>(signal: RwSignal<T>, tracked: bool) -> T {
            if tracked {
                signal.get()
            } else {
                signal.get_untracked()
            }
        }
        let flag = |signal| value(signal, tracked);
        if flag(self.passphrase) {
            Recipe::Passphrase(PassphraseOptions {
                words: value(self.words, tracked),
                separator: value(self.separator, tracked),
                capitalize: flag(self.capitalize),
                add_digit: flag(self.add_digit),
            })
        } else {
            Recipe::Password(GeneratorOptions {
                length: value(self.length, tracked),
                lowercase: flag(self.lowercase),
                uppercase: flag(self.uppercase),
                digits: flag(self.digits),
                symbols: flag(self.symbols),
                exclude_look_alikes: flag(self.avoid_look_alikes),
                ..GeneratorOptions::default()
            })
        }
    }
}

/// Password or passphrase, their options, strength, and for one user the
/// password itself with "Regenerate". With several users each gets its own
/// draw at submit.
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
        let recipe = choices.recipe();
        generated.set(recipe.generate());
    });
    let regenerate = move || generated.set(choices.recipe_untracked().generate());
    let problem = move || generated.with(|d| d.as_ref().err().map(|e| s.generator_problem(e)));
    let strength = move || {
        let recipe = choices.recipe();
        let bits = if generated.with(Result::is_ok) {
            recipe.entropy_bits() as u32
        } else {
            0
        };
        fill(s.strength_bits, &[("bits", &bits.to_string())])
    };
    let generated_id = ctx.id("generated");
    let problem_id = ctx.id("generator-problem");
    let kind_name = ctx.id("kind");
    // A number box bound to a count; anything that is not a number is 0,
    // which the engine refuses with a message naming the range.
    let described_by = problem_id.clone();
    let number = move |label: &'static str,
                       id: String,
                       value: RwSignal<usize>,
                       range: (usize, usize)| {
        view! {
            <label class="rpw-field__label" for=id.clone()>{label}</label>
            <input
                id=id
                class="rpw-input rpw-input--number"
                type="number"
                inputmode="numeric"
                min=range.0
                max=range.1
                aria-describedby=described_by.clone()
                prop:value=move || value.get().to_string()
                on:input=move |ev| value.set(event_target_value(&ev).trim().parse().unwrap_or(0))
            />
        }
    };
    let kind = move |passphrase: bool, label: &'static str| {
        view! {
            <label class="rpw-check">
                <input
                    type="radio"
                    name=kind_name.clone()
                    prop:checked=move || choices.passphrase.get() == passphrase
                    on:change=move |_| choices.passphrase.set(passphrase)
                />
                <span>{label}</span>
            </label>
        }
    };
    let separator_id = ctx.id("separator");
    let separator_described_by = problem_id.clone();
    // Closure children rather than `Show`: one component type fewer in the bundle.
    let options = move || {
        if choices.passphrase.get() {
            view! {
                <div class="rpw-generator__length">
                    {number(s.word_count, ctx.id("words"), choices.words, (MIN_WORDS, MAX_WORDS))}
                    <label class="rpw-field__label" for=separator_id.clone()>{s.word_separator}</label>
                    <input
                        id=separator_id.clone()
                        class="rpw-input rpw-input--number"
                        type="text"
                        maxlength=MAX_SEPARATOR_CHARS
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby=separator_described_by.clone()
                        prop:value=move || choices.separator.get()
                        on:input=move |ev| choices.separator.set(event_target_value(&ev))
                    />
                </div>
                <div class="rpw-generator__classes">
                    <CheckOption label=s.capitalize checked=choices.capitalize />
                    <CheckOption label=s.include_number checked=choices.add_digit />
                </div>
                // The EFF word list's licence (CC BY 3.0) asks for this credit.
                <p class="rpw-form__hint">{s.passphrase_credit}</p>
            }
            .into_any()
        } else {
            view! {
                <div class="rpw-generator__length">
                    {number(s.password_length, ctx.id("length"), choices.length, (MIN_LENGTH, MAX_LENGTH))}
                </div>
                <div class="rpw-generator__classes">
                    <CheckOption label=s.use_lowercase checked=choices.lowercase />
                    <CheckOption label=s.use_uppercase checked=choices.uppercase />
                    <CheckOption label=s.use_digits checked=choices.digits />
                    <CheckOption label=s.use_symbols checked=choices.symbols />
                    <CheckOption label=s.avoid_look_alikes checked=choices.avoid_look_alikes />
                </div>
            }
            .into_any()
        }
    };

    view! {
        <fieldset class="rpw-generator">
            <div class="rpw-generator__classes" role="radiogroup" aria-label=s.generator_kind>
                {kind(false, s.password)}
                {kind(true, s.passphrase)}
            </div>
            {options}
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
