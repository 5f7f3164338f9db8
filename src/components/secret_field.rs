use std::sync::Arc;

use leptos::html::Input;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen_futures::JsFuture;

use crate::context::WidgetContext;
use crate::password::Password;

/// The password a box shows, read in a tracking scope.
pub type SecretValue = Arc<dyn Fn() -> Option<Password> + Send + Sync>;
/// What a box's own button does (Regenerate).
pub type FieldAction = Arc<dyn Fn() + Send + Sync>;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum CopyState {
    Idle,
    Copied,
    Failed,
}

/// Every password box of the widget: hidden until "Show password", with an
/// optional "Copy password" and one more button of the caller's (Regenerate).
/// It shows `value` read-only, or lets the admin type when `on_input` is set.
/// The value goes into the box straight from the password's own buffer, so
/// no unwiped copy of it is left in the widget's memory.
#[component]
pub fn SecretField(
    /// The box's id; its label points at it.
    id: String,
    #[prop(into)] label: String,
    /// The password to show, read-only, read in a tracking scope; `None`
    /// leaves the box empty.
    #[prop(optional)]
    value: Option<SecretValue>,
    /// Makes the box editable: called with each edit.
    #[prop(optional)]
    on_input: Option<Arc<dyn Fn(Password) + Send + Sync>>,
    /// Ids of the texts that explain the box (rules it breaks).
    #[prop(optional)]
    described_by: Option<String>,
    #[prop(optional)] invalid: Option<Memo<bool>>,
    /// Offers "Copy password".
    #[prop(optional)]
    copyable: bool,
    /// Another button after "Show password": its text and what it does.
    #[prop(optional)]
    extra_button: Option<(&'static str, FieldAction)>,
    /// Shown under the box (the rules a typed password breaks).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let s = WidgetContext::use_context().strings;
    let input = NodeRef::<Input>::new();
    let shown = RwSignal::new(false);
    let copy = RwSignal::new(CopyState::Idle);
    if let Some(value) = value.clone() {
        Effect::new(move |_| {
            if let Some(input) = input.get() {
                input.set_value(value().as_ref().map_or("", Password::as_str));
            }
        });
    }
    let copy_password = move |_| {
        let Some(value) = value.as_ref() else { return };
        let Some(clipboard) = web_sys::window().map(|w| w.navigator().clipboard()) else {
            copy.set(CopyState::Failed);
            return;
        };
        let Some(promise) = untrack(|| value().map(|p| clipboard.write_text(p.as_str()))) else {
            return;
        };
        spawn_local(async move {
            let state = if JsFuture::from(promise).await.is_ok() {
                CopyState::Copied
            } else {
                CopyState::Failed
            };
            copy.try_set(state);
        });
    };
    let editable = on_input.is_some();
    // A typed password leaves the box empty when the dialog moves on, so a
    // browser watching the form disappear finds nothing to offer to save.
    if editable {
        on_cleanup(move || {
            if let Some(input) = input.get_untracked() {
                input.set_value("");
            }
        });
    }

    view! {
        <div class="rpw-field">
            <label class="rpw-field__label" for=id.clone()>{label}</label>
            <div class="rpw-field__row">
                // A real password box, so screen readers do not speak it and it
                // cannot be copied while masked; "Show password" makes it text.
                // What an admin sets for someone else is not theirs to save:
                // password managers are asked to keep out.
                <input
                    node_ref=input
                    id=id
                    class="rpw-input rpw-input--secret"
                    type=move || if shown.get() { "text" } else { "password" }
                    readonly=!editable
                    autocomplete="off"
                    data-lpignore="true"
                    data-1p-ignore="true"
                    data-bwignore="true"
                    data-form-type="other"
                    spellcheck="false"
                    aria-describedby=described_by
                    aria-invalid=move || invalid.map(|i| i.get().to_string())
                    on:input=move |ev| {
                        if let Some(on_input) = on_input.as_ref() {
                            on_input(Password::new(event_target_value(&ev)));
                        }
                    }
                />
                <button type="button" class="rpw-button" aria-pressed=move || shown.get().to_string()
                    on:click=move |_| shown.update(|v| *v = !*v)>
                    {move || if shown.get() { s.hide_password } else { s.show_password }}
                </button>
                {extra_button.map(|(text, action)| view! {
                    <button type="button" class="rpw-button" on:click=move |_| action()>{text}</button>
                })}
                {copyable.then(|| view! {
                    <button type="button" class="rpw-button" on:click=copy_password>{s.copy_password}</button>
                })}
            </div>
            {children.map(|children| children())}
            {copyable.then(|| view! {
                <p class="rpw-form__hint" aria-live="polite">
                    {move || match copy.get() {
                        CopyState::Idle => "",
                        CopyState::Copied => s.copied,
                        CopyState::Failed => s.copy_failed,
                    }}
                </p>
            })}
        </div>
    }
}
