use leptos::either::EitherOf3;
use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::form::ResetForm;
use super::result::ResetResult;
use crate::context::WidgetContext;
use crate::reset::state::Flow;
use crate::reset::store::ResetStore;
use crate::users::selection::SelectionStore;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Closed,
    Form,
    Running,
    Finished,
}

/// The modal "Reset password" dialog. The browser's modal dialog moves focus
/// in and back, keeps it inside, and turns Escape into a `cancel` event.
#[component]
pub fn ResetDialog() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let store = ResetStore::use_context();
    let flow = store.flow();
    let selection = use_context::<SelectionStore>();
    let s = ctx.strings;
    let dialog = NodeRef::<Dialog>::new();
    let phase = Memo::new(move |_| {
        flow.with(|flow| match flow {
            Flow::Browsing => Phase::Closed,
            Flow::Confirming { .. } => Phase::Form,
            Flow::Resetting { .. } | Flow::Paused { .. } | Flow::Cancelling { .. } => {
                Phase::Running
            }
            Flow::Done { .. } => Phase::Finished,
        })
    });
    let several = Memo::new(move |_| {
        flow.with(|flow| match flow {
            Flow::Confirming { targets } => targets.len() > 1,
            other => other.outcomes().len() > 1,
        })
    });
    let title = move || {
        if several.get() {
            s.dialog_title_many
        } else {
            s.dialog_title_one
        }
    };

    Effect::new(move |_| {
        let open = phase.get() != Phase::Closed;
        if let Some(element) = dialog.get() {
            if open && !element.open() {
                let _ = element.show_modal();
            } else if !open && element.open() {
                element.close();
                // The browser returns focus to the Reset password button, but
                // after a reset the selection is cleared and the button is
                // disabled: the search box is where the next user is found.
                let nothing_selected = selection
                    .is_some_and(|selection| selection.selected().with_untracked(Vec::is_empty));
                if nothing_selected {
                    let search = ctx
                        .host
                        .with_value(|host| host.query_selector(".rpw-search"));
                    if let Ok(Some(search)) = search {
                        let _ = search.unchecked_into::<web_sys::HtmlElement>().focus();
                    }
                }
            }
        }
    });

    // Both handlers may be called for a dialog already removed with its
    // widget: `try_` finds the phase gone and does nothing.
    let on_cancel = move |ev: web_sys::Event| {
        // The flow decides whether Escape may close: never while requests run.
        ev.prevent_default();
        match phase.try_get_untracked() {
            Some(Phase::Form) => store.cancel(),
            Some(Phase::Finished) => store.close(),
            Some(Phase::Closed | Phase::Running) | None => {}
        }
    };

    // Browsers stop honouring a refused Escape when it repeats, and close the
    // dialog anyway: while resets run it comes straight back, so the result
    // is never out of sight.
    let on_close = move |_: web_sys::Event| {
        if phase.try_get_untracked() == Some(Phase::Running)
            && let Some(element) = dialog.get_untracked()
            && !element.open()
        {
            let _ = element.show_modal();
        }
    };

    // Running and Finished share one view, so its state (shown passwords)
    // survives the last answer.
    let content = Memo::new(move |_| match phase.get() {
        Phase::Running => Phase::Finished,
        other => other,
    });

    view! {
        <dialog node_ref=dialog class="rpw-dialog" aria-label=title on:cancel=on_cancel on:close=on_close>
            {move || match content.get() {
                Phase::Closed => EitherOf3::A(()),
                Phase::Form => {
                    let targets = flow.with_untracked(|flow| match flow {
                        Flow::Confirming { targets } => targets.clone(),
                        _ => Vec::new(),
                    });
                    EitherOf3::B(view! { <ResetForm targets=targets /> })
                }
                Phase::Running | Phase::Finished => EitherOf3::C(view! { <ResetResult /> }),
            }}
        </dialog>
    }
}
