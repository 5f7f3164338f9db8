//! Waiting in the browser without blocking it.

use wasm_bindgen_futures::JsFuture;

/// Resolves after `ms` milliseconds (a debounce, a Retry-After).
pub async fn sleep(ms: u32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                &resolve,
                ms.min(i32::MAX as u32) as i32,
            );
        }
    });
    let _ = JsFuture::from(promise).await;
}
