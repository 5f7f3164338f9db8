use leptos::prelude::*;

use super::outcome_card::OutcomeCard;
use crate::actions;
use crate::context::WidgetContext;
use crate::flow::{Flow, ResetStatus};
use crate::i18n::fill;

/// The outcome of a reset, per user, while it runs and after.
#[component]
pub fn ResetResult() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    // The users of a run are fixed when it starts, so the cards are built
    // once; each card follows its own user's outcome.
    let cards = ctx.flow.with_untracked(|flow| {
        flow.outcomes()
            .iter()
            .map(|o| view! { <OutcomeCard user_id=o.target.id.clone() /> })
            .collect_view()
    });
    let finished = Memo::new(move |_| ctx.flow.with(|flow| matches!(flow, Flow::Done { .. })));
    let progress = move || {
        ctx.flow.with(|flow| {
            let outcomes = flow.outcomes();
            let done = outcomes
                .iter()
                .filter(|o| o.reset != ResetStatus::InProgress)
                .count();
            (done, outcomes.len())
        })
    };
    let title = move || {
        if ctx.flow.with(|f| f.outcomes().len() > 1) {
            s.result_title_many
        } else {
            s.result_title_one
        }
    };

    view! {
        <div class="rpw-result">
            <h2 class="rpw-title">{title}</h2>
            <Show when=move || !finished.get()>
                <p class="rpw-message" role="status">
                    {s.resetting} " "
                    {move || {
                        let (done, total) = progress();
                        fill(s.progress, &[("done", &done.to_string()), ("total", &total.to_string())])
                    }}
                </p>
            </Show>
            <ul class="rpw-outcomes">
                {cards}
            </ul>
            <div class="rpw-actions">
                <button
                    type="button"
                    class="rpw-button rpw-button--primary"
                    disabled=move || !finished.get()
                    on:click=move |_| actions::close_result(ctx)
                >
                    {s.close}
                </button>
            </div>
        </div>
    }
}
