//! What every feature of a mounted widget reads: its configuration, its
//! strings, the tenant client and the host element. Each feature keeps its
//! own state in its own store, provided by the feature's root component.

use std::rc::Rc;

use leptos::prelude::*;

use crate::api::client::{GraphClient, WaitListener};
use crate::config::WidgetConfig;
use crate::i18n::Strings;
use crate::reader::Reader;

#[derive(Clone, Copy)]
pub struct WidgetContext {
    pub config: StoredValue<WidgetConfig>,
    pub strings: &'static Strings,
    pub client: StoredValue<GraphClient, LocalStorage>,
    pub host: StoredValue<web_sys::HtmlElement, LocalStorage>,
    /// Unique per mounted widget: prefixes element ids.
    pub instance: u32,
}

impl WidgetContext {
    pub fn use_context() -> WidgetContext {
        expect_context::<WidgetContext>()
    }

    pub fn client(&self) -> GraphClient {
        self.client.get_value()
    }

    /// An element id unique to this widget instance.
    pub fn id(&self, local: &str) -> String {
        format!("rpw{}-{local}", self.instance)
    }
}

/// When the tenant's longest announced wait ends (ms since the epoch), for
/// the "Trying again in N s" countdown. Written only by the client's wait
/// listener; provided next to the [`WidgetContext`].
#[derive(Clone, Copy)]
pub struct RetryWait(pub Reader<Option<f64>>);

impl RetryWait {
    /// The countdown's signal and the listener to give the client. With
    /// several requests waiting, the countdown shows the one that ends last.
    pub fn new() -> (RetryWait, WaitListener) {
        let until = RwSignal::new(None::<f64>);
        let listener: WaitListener = Rc::new(move |wait: Option<u32>| {
            let now = js_sys::Date::now();
            match wait {
                Some(ms) => {
                    let end = now + f64::from(ms);
                    until.try_update(|current| {
                        *current = Some(current.map_or(end, |c| c.max(end)));
                    });
                }
                None => {
                    let over = until
                        .try_get_untracked()
                        .flatten()
                        .is_some_and(|end| end <= now + 50.0);
                    if over {
                        until.try_set(None);
                    }
                }
            }
        });
        (RetryWait(Reader::new(until)), listener)
    }

    pub fn use_context() -> RetryWait {
        expect_context::<RetryWait>()
    }
}
