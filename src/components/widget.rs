use leptos::prelude::*;

use crate::api::queue::WorkQueue;
use crate::context::{RetryWait, WidgetContext};
use crate::reset::ResetStore;
use crate::reset::components::ResetDialog;
use crate::reset::state::Flow;
use crate::reset::store::OnClosed;
use crate::users::components::UsersPanel;
use crate::users::selection::SelectionStore;

/// The whole widget: the Active users list and the reset dialog, each with
/// its store. One work queue serves both, so role lookups and resets share
/// the tenant's patience.
#[component]
pub fn Widget(
    context: WidgetContext,
    retry_wait: RetryWait,
    flow: RwSignal<Flow>,
    lang: &'static str,
) -> impl IntoView {
    provide_context(context);
    provide_context(retry_wait);
    let queue = WorkQueue::default();
    let selection = SelectionStore::new(context, queue.clone());
    // A closed result clears the selection: those users are done.
    let on_closed: OnClosed = Box::new(move || selection.clear());
    let reset = ResetStore::new(context, flow, queue, Some(on_closed));
    provide_context(selection);
    provide_context(reset);
    selection.load_access();
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
