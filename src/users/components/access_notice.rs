use leptos::prelude::*;

use crate::context::WidgetContext;
use crate::roles::can_reset_anyone;
use crate::users::access::Access;
use crate::users::selection::SelectionStore;

/// Says why the admin can't reset, or that roles are still being checked.
#[component]
pub fn AccessNotice() -> impl IntoView {
    let s = WidgetContext::use_context().strings;
    let access = SelectionStore::use_context().access();
    // Live regions stay in the page, empty when silent: screen readers only
    // announce changes to regions that already exist.
    view! {
        <p class="rpw-message" role="status">
            {move || if access.with(|a| matches!(a, Access::Loading)) { s.checking_roles } else { "" }}
        </p>
        <p class="rpw-message rpw-message--warning" role="alert">
            {move || match access.get() {
                Access::Failed(error) => s.api_error(&error),
                Access::Ready { roles, .. } if !can_reset_anyone(&roles) => s.no_reset_role.to_string(),
                _ => String::new(),
            }}
        </p>
    }
}
