use leptos::prelude::*;

use super::outcome_card::OutcomeCard;
use super::print_sheet::PrintSheet;
use crate::components::check_option::CheckOption;
use crate::components::retry_countdown::RetryCountdown;
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::reset::download;
use crate::reset::report::results_csv;
use crate::reset::state::{Flow, ResetStatus};
use crate::reset::store::ResetStore;

/// The outcome of a reset, per user, while it runs and after: progress,
/// each user's card, then retry of the failed ones, CSV and print.
#[component]
pub fn ResetResult() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let store = ResetStore::use_context();
    let flow = store.flow();
    let s = ctx.strings;
    // The users of a run are fixed when it starts (a retry runs the same
    // users), so the cards are built once; each follows its own outcome.
    let cards = flow.with_untracked(|flow| {
        flow.outcomes()
            .iter()
            .enumerate()
            .map(|(position, o)| view! { <OutcomeCard user_id=o.target.id.clone() position=position /> })
            .collect_view()
    });
    let several = flow.with_untracked(|flow| flow.outcomes().len() > 1);
    let finished = Memo::new(move |_| flow.with(|flow| matches!(flow, Flow::Done { .. })));
    let progress = Memo::new(move |_| {
        flow.with(|flow| {
            let outcomes = flow.outcomes();
            let done = outcomes
                .iter()
                .filter(|o| o.reset != ResetStatus::InProgress)
                .count();
            (done, outcomes.len())
        })
    });
    let any_failed = move || {
        flow.with(|flow| {
            flow.outcomes()
                .iter()
                .any(|o| matches!(o.reset, ResetStatus::Failed(_)))
        })
    };
    let csv_with_passwords = RwSignal::new(false);
    let printing = RwSignal::new(false);

    let download_csv = move |_| {
        let csv = flow.with_untracked(|flow| {
            results_csv(s, flow.outcomes(), csv_with_passwords.get_untracked())
        });
        // A failed download leaves everything on screen; nothing to undo.
        let _ = download::save_text("password-reset-results.csv", "text/csv;charset=utf-8", &csv);
    };
    let print = move |_| {
        printing.set(true);
        // Print once the sheet is in the page.
        request_animation_frame(|| {
            if let Some(window) = web_sys::window() {
                let _ = window.print();
            }
        });
    };
    let title = if several {
        s.result_title_many
    } else {
        s.result_title_one
    };
    let progress_text = move || {
        let (done, total) = progress.get();
        fill(
            s.progress,
            &[("done", &done.to_string()), ("total", &total.to_string())],
        )
    };

    view! {
        <div class="rpw-result">
            <h2 class="rpw-title">{title}</h2>
            <Show when=move || !finished.get()>
                <div class="rpw-progress">
                    <progress
                        max=move || progress.get().1
                        value=move || progress.get().0
                        aria-label=s.resetting
                    ></progress>
                    <p class="rpw-message" role="status">{progress_text}</p>
                    <RetryCountdown />
                </div>
            </Show>
            <ul class="rpw-outcomes">
                {cards}
            </ul>
            <Show when=move || finished.get()>
                <div class="rpw-result__tools">
                    <Show when=any_failed>
                        <button type="button" class="rpw-button" on:click=move |_| store.retry_failed()>
                            {s.retry_failed}
                        </button>
                    </Show>
                    <button type="button" class="rpw-button" on:click=print>{s.print}</button>
                    <button type="button" class="rpw-button" on:click=download_csv>{s.download_csv}</button>
                    <CheckOption label=s.csv_include_passwords checked=csv_with_passwords />
                </div>
            </Show>
            <div class="rpw-actions">
                <button
                    type="button"
                    class="rpw-button rpw-button--primary"
                    disabled=move || !finished.get()
                    on:click=move |_| store.close()
                >
                    {s.close}
                </button>
            </div>
            <Show when=move || printing.get()>
                <PrintSheet />
            </Show>
        </div>
    }
}
