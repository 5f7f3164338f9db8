//! `resetAll(host, apiBase, ids)`: resets every user in `ids` the way the
//! reset dialog does (`src/reset/runner.rs` through `src/api/queue.rs`): as many
//! workers as the widget's queue runs take the next user from one queue, each reset a fresh generated password sent through the widget's
//! `GraphClient`. Returns `[reset, failed]`.

use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

use reset_password_widget::api::client::{GraphClient, TokenProvider};
use reset_password_widget::api::queue::CONCURRENCY as RESET_CONCURRENCY;
use reset_password_widget::password::{GeneratorOptions, generate};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_name = resetAll)]
pub async fn reset_all(host: web_sys::HtmlElement, api_base: String, ids: Vec<String>) -> Vec<u32> {
    let client = GraphClient::new(api_base, TokenProvider::from_host(host));
    let queue = Rc::new(RefCell::new(VecDeque::from(ids)));
    // The widget's default `password-length`.
    let options = GeneratorOptions {
        length: 16,
        ..GeneratorOptions::default()
    };
    let workers = (0..RESET_CONCURRENCY).map(|_| {
        let queue = Rc::clone(&queue);
        let client = client.clone();
        let options = options.clone();
        async move {
            let (mut reset, mut failed) = (0u32, 0u32);
            loop {
                let next = queue.borrow_mut().pop_front();
                let Some(user_id) = next else { break };
                let Ok(password) = generate(&options) else {
                    failed += 1;
                    continue;
                };
                match client
                    .reset_password(&user_id, &password, true, false)
                    .await
                {
                    Ok(()) => reset += 1,
                    Err(_) => failed += 1,
                }
            }
            (reset, failed)
        }
    });
    let results = futures::future::join_all(workers).await;
    let reset = results.iter().map(|r| r.0).sum();
    let failed = results.iter().map(|r| r.1).sum();
    vec![reset, failed]
}
