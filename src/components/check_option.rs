use leptos::prelude::*;

/// A labelled checkbox bound to a signal: the whole label is the click target.
/// A `disabled` one keeps its name and says why through `described_by`.
#[component]
pub fn CheckOption(
    label: &'static str,
    checked: RwSignal<bool>,
    #[prop(optional)] disabled: bool,
    #[prop(default = None)] described_by: Option<String>,
) -> impl IntoView {
    view! {
        <label class="rpw-check">
            <input
                type="checkbox"
                disabled=disabled
                aria-describedby=described_by
                prop:checked=move || checked.get()
                on:change=move |ev| checked.set(event_target_checked(&ev))
            />
            <span>{label}</span>
        </label>
    }
}
