use leptos::prelude::*;

use super::result_row::ResultRow;
use crate::context::WidgetContext;
use crate::i18n::fill;
use crate::reset::state::SignOutStatus;
use crate::reset::store::ResetStore;
use crate::reset::summary::{OutcomeFilter, Summary};
use crate::users::virtual_list::use_virtual_list;

/// The result of a large run: one row per user, filtered by outcome, drawn
/// as a virtual list so only the rows in view are in the page (10,000
/// results keep the widget under 1,500 DOM nodes).
#[component]
pub fn ResultTable() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let flow = ResetStore::use_context().flow();
    let s = ctx.strings;
    let filter = RwSignal::new(OutcomeFilter::All);
    // The sessions column, when the run signs users out (fixed when it starts).
    let signing_out = flow.with_untracked(|flow| {
        flow.outcomes()
            .iter()
            .any(|o| o.sign_out != SignOutStatus::NotRequested)
    });
    let columns = if signing_out { "6" } else { "5" };
    let summary = Memo::new(move |_| flow.with(|flow| Summary::of(flow.outcomes())));
    // The positions in the run of the users the filter shows.
    let shown = Memo::new(move |_| {
        let filter = filter.get();
        flow.with(|flow| filter.positions(flow.outcomes()))
    });
    let scroller = NodeRef::<leptos::html::Div>::new();
    let list = use_virtual_list(move || shown.with(Vec::len), scroller);
    let rows = move || {
        let range = list.rows.get();
        shown.with(|shown| {
            shown
                .get(range.clone())
                .unwrap_or_default()
                .iter()
                .copied()
                .zip(range)
                .collect::<Vec<_>>()
        })
    };
    let option = move |value: OutcomeFilter, template: &'static str| {
        let label = move || {
            fill(
                template,
                &[("count", &value.count(&summary.get()).to_string())],
            )
        };
        view! {
            <option value=filter_value(value) selected=move || filter.get() == value>{label}</option>
        }
    };
    let filter_id = ctx.id("result-filter");
    view! {
        <div class="rpw-results">
            <div class="rpw-results__filter">
                <label class="rpw-field__label" for=filter_id.clone()>{s.filter_label}</label>
                <select
                    id=filter_id
                    class="rpw-input"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        if let Some(chosen) = OutcomeFilter::ALL.into_iter().find(|f| filter_value(*f) == value) {
                            list.scroll_to_top();
                            filter.set(chosen);
                        }
                    }
                >
                    {option(OutcomeFilter::All, s.filter_all)}
                    {option(OutcomeFilter::Reset, s.filter_reset)}
                    {option(OutcomeFilter::Failed, s.filter_failed)}
                    {option(OutcomeFilter::NotReset, s.filter_not_reset)}
                    {option(OutcomeFilter::MailFailed, s.filter_mail_failed)}
                </select>
            </div>
            <div class="rpw-table-scroll rpw-results__scroll" node_ref=scroller on:scroll=move |ev| list.on_scroll(ev)>
                <table class="rpw-table" aria-label=s.results_table aria-rowcount=move || shown.with(Vec::len) + 1>
                    <thead>
                        <tr aria-rowindex="1">
                            <th scope="col">{s.column_name}</th>
                            <th scope="col">{s.column_user_name}</th>
                            <th scope="col">{s.csv_outcome}</th>
                            <th scope="col" class="rpw-results__password">{s.password}</th>
                            <th scope="col">{s.csv_mail}</th>
                            {signing_out.then(|| view! { <th scope="col">{s.csv_sign_out}</th> })}
                        </tr>
                    </thead>
                    <tbody>
                        <tr class="rpw-spacer" aria-hidden="true"><td colspan=columns style:height=move || list.space_above()></td></tr>
                        <For each=rows key=|(position, _)| *position let:row>
                            <ResultRow position=row.0 row_index=row.1 signing_out=signing_out />
                        </For>
                        <tr class="rpw-spacer" aria-hidden="true"><td colspan=columns style:height=move || list.space_below()></td></tr>
                    </tbody>
                </table>
            </div>
            <p class="rpw-message">{move || shown.with(Vec::is_empty).then_some(s.no_matching_results)}</p>
        </div>
    }
}

/// The `<option>` value of a filter.
fn filter_value(filter: OutcomeFilter) -> &'static str {
    match filter {
        OutcomeFilter::All => "all",
        OutcomeFilter::Reset => "reset",
        OutcomeFilter::Failed => "failed",
        OutcomeFilter::NotReset => "not-reset",
        OutcomeFilter::MailFailed => "mail-failed",
    }
}
