use leptos::prelude::*;

/// A labelled checkbox bound to a signal: the whole label is the click target.
#[component]
pub fn CheckOption(label: &'static str, checked: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="rpw-check">
            <input
                type="checkbox"
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}
