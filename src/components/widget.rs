use leptos::prelude::*;

use super::reset_dialog::ResetDialog;
use super::users_panel::UsersPanel;
use crate::actions;
use crate::context::WidgetContext;

/// The whole widget: the Active users list and the reset dialog.
#[component]
pub fn Widget(context: WidgetContext, lang: &'static str) -> impl IntoView {
    provide_context(context);
    actions::load_access(context);
    view! {
        <section class="rpw" lang=lang data-theme=context.config.with_value(|c| c.theme.name())>
            <UsersPanel />
            <ResetDialog />
        </section>
    }
}

/// Shown instead of the widget when its attributes are wrong: names the problem.
#[component]
pub fn ConfigProblem(message: String) -> impl IntoView {
    view! {
        <section class="rpw">
            <p class="rpw-message rpw-message--error" role="alert">{message}</p>
        </section>
    }
}
