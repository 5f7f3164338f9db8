//! Following `@odata.nextLink` safely: a tenant (or a proxy in between) that
//! hands back a link already followed would otherwise keep the list loading
//! the same users forever.

use std::collections::HashSet;

/// The next links followed for one listing (one search term).
#[derive(Debug, Default)]
pub struct PageTrail {
    followed: HashSet<String>,
}

/// A page pointed back to a page already loaded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagingLoop;

impl PageTrail {
    /// Starts over, for a new search.
    pub fn restart(&mut self) {
        self.followed.clear();
    }

    /// Records that `link` is being followed.
    pub fn follow(&mut self, link: &str) {
        self.followed.insert(link.to_string());
    }

    /// Checks the next link a page announced: none, a new one, or a loop.
    pub fn check(&self, next: Option<String>) -> Result<Option<String>, PagingLoop> {
        match next {
            Some(link) if self.followed.contains(&link) => Err(PagingLoop),
            other => Ok(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_links_pass_and_a_link_seen_before_is_a_loop() {
        let mut trail = PageTrail::default();
        assert_eq!(trail.check(Some("p2".into())), Ok(Some("p2".into())));
        trail.follow("p2");
        assert_eq!(trail.check(Some("p3".into())), Ok(Some("p3".into())));
        trail.follow("p3");
        assert_eq!(trail.check(Some("p2".into())), Err(PagingLoop));
        assert_eq!(trail.check(None), Ok(None));
    }

    #[test]
    fn a_page_pointing_at_itself_is_a_loop() {
        let mut trail = PageTrail::default();
        trail.follow("p2");
        assert_eq!(trail.check(Some("p2".into())), Err(PagingLoop));
    }

    #[test]
    fn a_new_search_starts_a_new_trail() {
        let mut trail = PageTrail::default();
        trail.follow("p2");
        trail.restart();
        assert_eq!(trail.check(Some("p2".into())), Ok(Some("p2".into())));
    }
}
