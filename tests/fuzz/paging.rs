//! `@odata.nextLink` loops: a tenant whose pages point back at pages already
//! loaded, followed the way the users list follows them.

use proptest::prelude::*;
use reset_password_widget::api::models::{Page, User, decode};
use reset_password_widget::users::paging::{PageTrail, PagingLoop};
use serde_json::{Value, json};

use crate::fuzz_strategy;
use crate::graph::USERS_URL;
use crate::text::with_ascii_case;

#[derive(Clone, Debug)]
enum NextLink {
    None,
    /// The link of page `n`; page 0 is the first page, loaded by its own URL.
    Page(usize),
    /// A page's link with its ASCII case changed: to the widget another link,
    /// answered by an empty last page (unless the case came out unchanged).
    Elsewhere(String),
}

#[derive(Debug)]
struct PagingInput {
    pages: Vec<NextLink>,
}

fn page_link(index: usize) -> String {
    if index == 0 {
        USERS_URL.to_string()
    } else {
        format!("{USERS_URL}&$skiptoken={index}")
    }
}

/// A page's next link: `count` pages in all, this one at `index`.
fn next_link(count: usize, index: usize) -> impl Strategy<Value = NextLink> {
    let case_changed = (0..count).prop_flat_map(|target| {
        let link = page_link(target);
        proptest::collection::vec(any::<bool>(), link.chars().count())
            .prop_map(move |upper| with_ascii_case(&link, upper))
    });
    prop_oneof![
        1 => Just(NextLink::None),
        1 => case_changed.prop_map(NextLink::Elsewhere),
        3 => (0..count).prop_map(NextLink::Page),
        // Mostly forward, as a real listing goes.
        5 => Just(NextLink::Page((index + 1).min(count - 1))),
    ]
}

/// Tenants of 1 to 40 pages; shrinking looks for the fewest pages and the
/// plainest links that still fail.
fn paging_input() -> impl Strategy<Value = PagingInput> {
    (1..=40usize)
        .prop_flat_map(|count| {
            (0..count)
                .map(|index| next_link(count, index))
                .collect::<Vec<_>>()
        })
        .prop_map(|pages| PagingInput { pages })
}

/// The body the tenant answers for `link`, read through `decode`.
fn fetch_page(pages: &[NextLink], link: &str) -> (Option<usize>, Page<User>) {
    let index = (0..pages.len()).find(|&i| page_link(i) == link);
    let next = match index.map(|i| &pages[i]) {
        Some(NextLink::Page(n)) => json!(page_link(*n)),
        Some(NextLink::Elsewhere(other)) => json!(other),
        Some(NextLink::None) | None => Value::Null,
    };
    let users: Vec<Value> = index
        .map(|i| vec![json!({"id": format!("user-{i}")})])
        .unwrap_or_default();
    let body = json!({"value": users, "@odata.nextLink": next}).to_string();
    (index, decode(&body).expect("a valid page"))
}

fn check_paging(input: &PagingInput) {
    let pages = &input.pages;
    let mut trail = PageTrail::default();
    trail.restart();
    let (_, mut page) = fetch_page(pages, USERS_URL);
    let mut loaded = vec![0];
    let mut followed: Vec<String> = Vec::new();
    loop {
        match trail.check(page.next_link.clone()) {
            Ok(None) => {
                assert!(page.next_link.is_none());
                break;
            }
            Err(PagingLoop) => {
                let link = page.next_link.as_deref().expect("a loop has a link");
                assert!(
                    followed.iter().any(|f| f == link),
                    "{link} was not followed yet"
                );
                break;
            }
            Ok(Some(link)) => {
                assert!(!followed.contains(&link), "{link} followed twice");
                // Every link is followed once at most, and there are only so
                // many: the walk ends.
                assert!(followed.len() <= pages.len() + 1);
                trail.follow(&link);
                followed.push(link.clone());
                let (index, next_page) = fetch_page(pages, &link);
                loaded.extend(index);
                page = next_page;
            }
        }
    }
    // Only the first page can come twice: its own URL is not a followed link.
    for index in 1..pages.len() {
        assert!(loaded.iter().filter(|&&i| i == index).count() <= 1);
    }
    assert!(loaded.iter().filter(|&&i| i == 0).count() <= 2);
}

#[test]
fn next_link_loops() {
    fuzz_strategy("next_link_loops", paging_input(), check_paging);
}
