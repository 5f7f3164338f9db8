//! A bug must not leave the admin looking at a frozen widget without a word.
//! After a panic the WebAssembly instance is gone, so the notice is written
//! straight into the page, into every widget, before the instance stops.

use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

use crate::i18n::Lang;
use crate::reset::events::HostEvent;

pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        // The console keeps the technical detail for whoever debugs the page.
        console_error_panic_hook::hook(info);
        show_on_every_widget();
    }));
}

/// Puts the internal-error alert at the top of each mounted widget, and of its
/// dialog when one is open (the page behind a modal dialog is inert), then
/// tells each host. What is on screen, passwords included, stays.
pub fn show_on_every_widget() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(roots) = document.query_selector_all("section.rpw") else {
        return;
    };
    for index in 0..roots.length() {
        let Some(root) = roots.item(index).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if root.query_selector(".rpw-crash").ok().flatten().is_some() {
            continue;
        }
        let lang = root
            .get_attribute("lang")
            .and_then(|tag| Lang::from_tag(&tag))
            .unwrap_or_default();
        let text = lang.table().internal_error;
        prepend_alert(&document, &root, text);
        if let Ok(Some(dialog)) = root.query_selector("dialog[open]") {
            prepend_alert(&document, &dialog, text);
        }
        if let Some(host) = root
            .parent_element()
            .and_then(|p| p.dyn_into::<HtmlElement>().ok())
        {
            HostEvent::InternalError.dispatch(&host);
        }
    }
}

fn prepend_alert(document: &web_sys::Document, parent: &Element, text: &str) {
    let Ok(alert) = document.create_element("p") else {
        return;
    };
    alert.set_class_name("rpw-message rpw-message--error rpw-crash");
    let _ = alert.set_attribute("role", "alert");
    alert.set_text_content(Some(text));
    let _ = parent.prepend_with_node_1(&alert);
}
