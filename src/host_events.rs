//! Events to the host page: DOM `CustomEvent`s on the host element that bubble
//! and cross shadow roots. Payloads carry user ids and outcomes, never a password.

use wasm_bindgen::JsValue;

pub const RESET_DONE: &str = "reset-password:done";
pub const MAIL_SENT: &str = "reset-password:mail-sent";
pub const ERROR: &str = "reset-password:error";
pub const CANCELLED: &str = "reset-password:cancelled";

/// The `detail` of an event: `{userIds, outcome, errorCode?, recipients?}`.
pub struct EventDetail<'a> {
    pub user_ids: Vec<&'a str>,
    pub outcome: &'a str,
    pub error_code: Option<&'a str>,
    pub recipients: Option<usize>,
}

impl EventDetail<'_> {
    /// Built as a plain object directly: no JSON round trip in the bundle.
    fn to_js(&self) -> JsValue {
        let object = js_sys::Object::new();
        let set = |key: &str, value: JsValue| {
            let _ = js_sys::Reflect::set(&object, &key.into(), &value);
        };
        let ids: js_sys::Array = self
            .user_ids
            .iter()
            .map(|id| JsValue::from_str(id))
            .collect();
        set("userIds", ids.into());
        set("outcome", self.outcome.into());
        if let Some(code) = self.error_code {
            set("errorCode", code.into());
        }
        if let Some(count) = self.recipients {
            set("recipients", (count as f64).into());
        }
        object.into()
    }
}

pub fn dispatch(host: &web_sys::HtmlElement, name: &str, detail: &EventDetail<'_>) {
    let detail = detail.to_js();
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
