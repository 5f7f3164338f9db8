//! State shared by the widget's components: one `Copy` struct of signals,
//! provided once per mounted widget, so several widgets never share state.

use std::collections::HashMap;

use leptos::prelude::*;

use crate::api::client::GraphClient;
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
