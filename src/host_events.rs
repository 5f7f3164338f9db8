//! Events to the host page: DOM `CustomEvent`s on the host element that bubble
//! and cross shadow roots. Payloads carry user ids and outcomes, never a password.

use serde::Serialize;
use wasm_bindgen::JsValue;

pub const RESET_DONE: &str = "reset-password:done";
pub const MAIL_SENT: &str = "reset-password:mail-sent";
pub const ERROR: &str = "reset-password:error";
pub const CANCELLED: &str = "reset-password:cancelled";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EventDetail<'a> {
    pub user_ids: Vec<&'a str>,
    pub outcome: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error_code: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recipients: Option<usize>,
}

pub fn dispatch(host: &web_sys::HtmlElement, name: &str, detail: &EventDetail<'_>) {
    let detail = serde_json::to_string(detail)
        .ok()
        .and_then(|json| js_sys::JSON::parse(&json).ok())
        .unwrap_or(JsValue::NULL);
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
