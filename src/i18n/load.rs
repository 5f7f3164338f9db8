//! Fetching a language's table from where the widget's files are served,
//! once per page. A table that cannot be had leaves the widget in English
//! and a mail in the widget's language, as for a language it does not know.

use std::cell::RefCell;

use super::{Lang, Strings, table};

thread_local! {
    /// The folder of the tables (`…/i18n/`), beside the widget's module.
    static TABLES_URL: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Where the tables are: the element module passes the URL of its own folder's
/// `i18n/`, so a host on another origin reads them from the widget's origin.
pub fn set_tables_url(url: String) {
    TABLES_URL.with_borrow_mut(|kept| *kept = url);
}

/// The table of `lang`, fetched the first time; `None` when it cannot be had.
pub async fn load(lang: Lang) -> Option<&'static Strings> {
    if lang.loaded().is_none() && !lang.unavailable() {
        match fetch(lang).await {
            Some(strings) => lang.keep(strings),
            None => lang.mark_unavailable(),
        }
    }
    // Two widgets may have fetched together: the first table read holds.
    lang.loaded()
}

async fn fetch(lang: Lang) -> Option<Strings> {
    let base = TABLES_URL.with_borrow(Clone::clone);
    if base.is_empty() {
        return None;
    }
    let file = &lang.tag()[..2];
    let response = gloo_net::http::Request::get(&format!("{base}{file}.txt"))
        .send()
        .await
        .ok()?;
    if !response.ok() {
        return None;
    }
    let text = response.text().await.ok()?;
    // Kept for the page: the texts point into it.
    table::parse(Box::leak(text.into_boxed_str())).ok()
}
