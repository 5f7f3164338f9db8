//! State shared by the widget's components: one `Copy` struct of signals,
//! provided once per mounted widget, so several widgets never share state.

use std::collections::HashMap;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::client::{GraphClient, WaitListener};
use crate::api::models::User;
use crate::config::WidgetConfig;
use crate::flow::{Access, Eligibility, Flow};
use crate::i18n::Strings;

#[derive(Clone, Copy)]
pub struct WidgetContext {
    pub client: StoredValue<GraphClient, LocalStorage>,
    pub host: StoredValue<web_sys::HtmlElement, LocalStorage>,
    pub config: StoredValue<WidgetConfig>,
    pub strings: &'static Strings,
    /// Unique per mounted widget: prefixes element ids.
    pub instance: u32,
    pub access: RwSignal<Access>,
    pub flow: RwSignal<Flow>,
    /// Selected users by id, kept across searches.
    pub selection: RwSignal<Vec<User>>,
    pub eligibility: RwSignal<HashMap<String, Eligibility>>,
    /// When a long wait before a retry ends (ms since the epoch), for the countdown.
    pub retry_until: RwSignal<Option<f64>>,
}

impl WidgetContext {
    pub fn use_context() -> WidgetContext {
        expect_context::<WidgetContext>()
    }

    /// Follows the client's announced waits. With several requests waiting,
    /// the countdown shows the one that ends last.
    pub fn wait_listener(retry_until: RwSignal<Option<f64>>) -> WaitListener {
        Rc::new(move |wait: Option<u32>| {
            let now = js_sys::Date::now();
            match wait {
                Some(ms) => {
                    let until = now + f64::from(ms);
                    retry_until.update(|current| {
                        *current = Some(current.map_or(until, |c| c.max(until)));
                    });
                }
                None => {
                    if retry_until
                        .get_untracked()
                        .is_some_and(|until| until <= now + 50.0)
                    {
                        retry_until.set(None);
                    }
                }
            }
        })
    }

    pub fn client(&self) -> GraphClient {
        self.client.get_value()
    }

    /// An element id unique to this widget instance.
    pub fn id(&self, local: &str) -> String {
        format!("rpw{}-{local}", self.instance)
    }
}
