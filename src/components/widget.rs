use leptos::prelude::*;

use crate::api::queue::WorkQueue;
use crate::context::{RetryWait, WidgetContext};
use crate::follow_up::components::RecentResetsPanel;
use crate::follow_up::session::SessionResets;
use crate::reset::ResetStore;
use crate::reset::components::ResetDialog;
use crate::reset::state::Flow;
use crate::reset::store::OnClosed;
use crate::users::components::UsersPanel;
use crate::users::selection::SelectionStore;

/// The whole widget: the Active users list, Recent resets and the reset
/// dialog, each with its store. The work queue paces the dialog's resets and
/// mails; the list decides who may be reset without a request per user.
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
    let selection = SelectionStore::new(context);
    // A closed result clears the selection: those users are done.
    let on_closed: OnClosed = Box::new(move || selection.clear());
    let reset = ResetStore::new(context, flow, queue, Some(on_closed));
    provide_context(selection);
    provide_context(reset);
    provide_context(SessionResets::watch(reset));
    selection.load_access();
    // The users list stays mounted (hidden) so its search and scroll survive;
    // Recent resets is mounted only while shown, so it refreshes only then.
    let recent_shown = RwSignal::new(false);
    let s = context.strings;
    view! {
        <section class="rpw" lang=lang data-theme=context.config.with_value(|c| c.theme.name())>
            <div class="rpw-views">
                <button type="button" class="rpw-button" aria-pressed=move || (!recent_shown.get()).to_string() on:click=move |_| recent_shown.set(false)>
                    {s.active_users}
                </button>
                <button type="button" class="rpw-button" aria-pressed=move || recent_shown.get().to_string() on:click=move |_| recent_shown.set(true)>
                    {s.recent_resets}
                </button>
            </div>
            <div hidden=move || recent_shown.get()>
                <UsersPanel />
            </div>
            <Show when=move || recent_shown.get()>
                <RecentResetsPanel lang=lang />
            </Show>
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
