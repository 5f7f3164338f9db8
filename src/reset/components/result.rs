use leptos::either::Either;
use leptos::prelude::*;

use super::outcome_card::OutcomeCard;
use super::print_sheet::PrintSheet;
use super::result_table::ResultTable;
use crate::components::check_option::CheckOption;
use crate::components::retry_countdown::RetryCountdown;
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::reset::download;
use crate::reset::report::results_csv;
use crate::reset::state::Flow;
use crate::reset::store::ResetStore;
use crate::reset::summary::Summary;

/// Up to this many users, the result is one card per user: every password
/// is on screen at once, to check and hand over. Beyond it, a table drawn as
/// a virtual list (with a summary line and a filter by outcome), so 10,000
/// users keep the page small.
pub const CARDS_UP_TO: usize = 25;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum RunPhase {
    Running,
    Paused,
    Cancelling,
    Finished,
}

/// The outcome of a reset, per user, while it runs and after: progress,
/// pause, resume and cancel, the summary, each user's card (or the table),
/// then retry of the failed ones, CSV and print.
#[component]
pub fn ResetResult() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let store = ResetStore::use_context();
    let flow = store.flow();
    let s = ctx.strings;
    // The users of a run are fixed when it starts (a retry runs the same
    // users), so the cards are built once; each follows its own outcome.
    let count = flow.with_untracked(|flow| flow.outcomes().len());
    let several = count > 1;
    let outcomes_view = if count > CARDS_UP_TO {
        Either::Left(view! { <ResultTable /> })
    } else {
        let cards = flow.with_untracked(|flow| {
            flow.outcomes()
                .iter()
                .enumerate()
                .map(|(position, o)| view! { <OutcomeCard user_id=o.target.id.clone() position=position /> })
                .collect_view()
        });
        Either::Right(view! { <ul class="rpw-outcomes">{cards}</ul> })
    };
    // A plain closure: cheap to recompute, and each memo type costs bundle size.
    let phase = move || {
        flow.with(|flow| match flow {
            Flow::Paused { .. } => RunPhase::Paused,
            Flow::Cancelling { .. } => RunPhase::Cancelling,
            Flow::Done { .. } => RunPhase::Finished,
            _ => RunPhase::Running,
        })
    };
    let finished = Memo::new(move |_| phase() == RunPhase::Finished);
    let summary = Memo::new(move |_| flow.with(|flow| Summary::of(flow.outcomes())));
    let any_failed = move || summary.with(|s| s.failed > 0);
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
        let summary = summary.get();
        fill(
            s.progress,
            &[
                ("done", &summary.ended().to_string()),
                ("total", &summary.total.to_string()),
            ],
        )
    };
    let run_note = move || match phase() {
        RunPhase::Paused => s.run_paused,
        RunPhase::Cancelling => s.run_cancelling,
        RunPhase::Running | RunPhase::Finished => "",
    };

    view! {
        <div class="rpw-result">
            <h2 class="rpw-title">{title}</h2>
            <Show when=move || !finished.get()>
                <div class="rpw-progress">
                    <progress
                        max=move || summary.get().total
                        value=move || summary.get().ended()
                        aria-label=s.resetting
                    ></progress>
                    <p class="rpw-message" role="status">{progress_text}</p>
                    <RetryCountdown />
                </div>
            </Show>
            {several.then(|| view! {
                // Closure children rather than `Show`: fewer component types in the bundle.
                <div class="rpw-result__tools">
                    {move || {
                        let paused = match phase() {
                            RunPhase::Running => false,
                            RunPhase::Paused => true,
                            RunPhase::Cancelling | RunPhase::Finished => return None,
                        };
                        Some(view! {
                            <button
                                type="button"
                                class="rpw-button"
                                class:rpw-button--primary=paused
                                on:click=move |_| if paused { store.resume() } else { store.pause() }
                            >
                                {if paused { s.resume } else { s.pause }}
                            </button>
                        })
                    }}
                    {move || matches!(phase(), RunPhase::Running | RunPhase::Paused).then(|| view! {
                        <button type="button" class="rpw-button" on:click=move |_| store.cancel_run()>{s.cancel_run}</button>
                    })}
                </div>
                <p class="rpw-message" role="status">{run_note}</p>
                <p class="rpw-result__summary">{move || summary.get().line(s)}</p>
            })}
            {outcomes_view}
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
