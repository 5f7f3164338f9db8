use leptos::prelude::*;

use crate::context::{RetryWait, WidgetContext};
use crate::i18n::fill;

/// "Trying again in N s" while the tenant has asked the widget to wait, so a
/// long Retry-After never looks like a frozen widget.
#[component]
pub fn RetryCountdown() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let s = ctx.strings;
    let RetryWait(retry_until) = RetryWait::use_context();
    let now = RwSignal::new(js_sys::Date::now());
    // Ticks only while a wait is announced, and never after unmount.
    let ticker = StoredValue::new(None::<IntervalHandle>);
    let stop = move || {
        if let Some(handle) = ticker.try_update_value(Option::take).flatten() {
            handle.clear();
        }
    };
    Effect::new(move |_| {
        stop();
        if retry_until.get().is_some() {
            now.set(js_sys::Date::now());
            let tick = move || {
                now.try_set(js_sys::Date::now());
            };
            let handle = set_interval_with_handle(tick, std::time::Duration::from_millis(250));
            ticker.set_value(handle.ok());
        }
    });
    on_cleanup(stop);
    let seconds_left = move || {
        let until = retry_until.get()?;
        let left = ((until - now.get()) / 1000.0).ceil();
        (left >= 1.0).then_some(left as u32)
    };
    view! {
        <p class="rpw-message rpw-message--warning" role="status">
            {move || seconds_left().map(|left| fill(s.retry_countdown, &[("seconds", &left.to_string())]))}
        </p>
    }
}
