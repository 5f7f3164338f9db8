//! Boot: what the host page calls. `mountWidget(element, tablesUrl)` reads the
//! element's attributes and its `tokenProvider` property, fetches the table of
//! its language from `tablesUrl` when it is not English, mounts the widget into
//! it and resolves to a handle whose `unmount()` removes it again.

use std::any::Any;
use std::sync::atomic::{AtomicU32, Ordering};

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

use crate::api::client::{GraphClient, TokenProvider};
use crate::components::widget::{ConfigProblem, Widget};
use crate::config::WidgetConfig;
use crate::context::{RetryWait, WidgetContext};
use crate::i18n::{Lang, fill};
use crate::reset::events::HostEvent;
use crate::reset::state::Flow;

static NEXT_INSTANCE: AtomicU32 = AtomicU32::new(1);

#[wasm_bindgen(start)]
pub fn start() {
    crate::panic_notice::install();
}

/// A mounted widget. Dropping or unmounting it removes the widget's DOM and
/// its state (passwords included) from the page.
#[wasm_bindgen]
pub struct WidgetHandle {
    mounted: Option<Box<dyn Any>>,
    flow: Option<ArcRwSignal<Flow>>,
    host: web_sys::HtmlElement,
}

#[wasm_bindgen]
impl WidgetHandle {
    /// Removes the widget. Resets and mails already sent go on and their
    /// events still reach the host element; the users whose outcome the admin
    /// can no longer see are named in a `reset-password:unmounted-while-busy`.
    pub fn unmount(&mut self) {
        self.mounted = None;
        let unsettled = self
            .flow
            .take()
            .map(|flow| flow.with_untracked(Flow::unsettled_user_ids))
            .unwrap_or_default();
        if !unsettled.is_empty() {
            HostEvent::UnmountedWhileBusy {
                user_ids: &unsettled,
            }
            .dispatch(&self.host);
        }
    }

    /// True while the dialog is open: re-creating the widget now would lose
    /// the admin's choices, or hide a result on screen.
    pub fn busy(&self) -> bool {
        self.flow
            .as_ref()
            .is_some_and(|flow| flow.with_untracked(|f| !matches!(f, Flow::Browsing)))
    }
}

/// Mounts once the table of the widget's language is read, so a French
/// widget never shows English first; without it, the widget is in English.
#[wasm_bindgen(js_name = mountWidget)]
pub async fn mount_widget(host: web_sys::HtmlElement, tables_url: String) -> WidgetHandle {
    crate::i18n::load::set_tables_url(tables_url);
    let attribute = |name: &str| host.get_attribute(name);
    let config = WidgetConfig::from_attributes(attribute);
    let lang = config
        .as_ref()
        .ok()
        .and_then(|c| c.lang)
        .or_else(browser_language)
        .unwrap_or_default();
    let strings = crate::i18n::load::load(lang)
        .await
        .unwrap_or(&crate::i18n::EN);
    let lang = Lang::of(strings);
    let mut flow_of_handle = None;
    let mounted: Box<dyn Any> = match config {
        Ok(config) => {
            let flow = ArcRwSignal::new(Flow::Browsing);
            flow_of_handle = Some(flow.clone());
            let tokens = TokenProvider::from_host(host.clone());
            let client = GraphClient::new(config.api_base.clone(), tokens);
            let host_for_events = host.clone();
            Box::new(leptos::mount::mount_to(host.clone(), move || {
                let (retry_wait, wait_listener) = RetryWait::new();
                let client = client.with_wait_listener(wait_listener);
                let context = WidgetContext {
                    config: StoredValue::new(config),
                    strings,
                    client: StoredValue::new_local(client),
                    host: StoredValue::new_local(host_for_events),
                    instance: NEXT_INSTANCE.fetch_add(1, Ordering::Relaxed),
                };
                let flow = RwSignal::from(flow);
                view! { <Widget context=context retry_wait=retry_wait flow=flow lang=lang.tag() /> }
            }))
        }
        Err(error) => {
            let message = fill(strings.error_config, &[("detail", &error.to_string())]);
            Box::new(leptos::mount::mount_to(
                host.clone(),
                move || view! { <ConfigProblem message=message /> },
            ))
        }
    };
    WidgetHandle {
        mounted: Some(mounted),
        flow: flow_of_handle,
        host,
    }
}

fn browser_language() -> Option<Lang> {
    let navigator = web_sys::window()?.navigator();
    navigator.language().as_deref().and_then(Lang::from_tag)
}
