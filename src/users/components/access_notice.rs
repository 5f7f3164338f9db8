use leptos::prelude::*;

use crate::context::WidgetContext;
use crate::users::access::Access;
use crate::users::selection::SelectionStore;

/// Says why the admin can't reset, or that roles are being checked, and
/// offers to check them again (a role just activated in PIM shows without
/// reloading the page).
#[component]
pub fn AccessNotice() -> impl IntoView {
    let s = WidgetContext::use_context().strings;
    let selection = SelectionStore::use_context();
    let access = selection.access();
    let rechecking = selection.rechecking();
    let checking = move || rechecking.get() || access.with(|a| matches!(a, Access::Loading));
    // Live regions stay in the page, empty when silent: screen readers only
    // announce changes to regions that already exist.
    view! {
        <p class="rpw-message" role="status">
            {move || if checking() { s.checking_roles } else { "" }}
        </p>
        <p class="rpw-message rpw-message--warning" role="alert">
            {move || access.with(|access| match access {
                Access::Failed(error) => s.api_error(error),
                Access::Ready { .. } if !access.may_reset() => s.no_reset_role.to_string(),
                _ => String::new(),
            })}
        </p>
        <Show when=move || access.with(|a| !matches!(a, Access::Loading))>
            // Not disabled while checking: the focus stays on the button, and
            // a second press while a reading is under way does nothing.
            <button type="button" class="rpw-button" on:click=move |_| selection.check_roles_again()>
                {s.check_roles_again}
            </button>
        </Show>
    }
}
