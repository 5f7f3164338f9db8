//! Which rows of a long list to render: only those in view plus a margin, so
//! the page holds a few dozen rows whether the tenant has 50 users or 500,000.

use std::ops::Range;

/// The rows to render for a list of `len` rows of `row_px` each, scrolled to
/// `scroll_top` in a viewport `viewport_px` tall, with `overscan` extra rows
/// on each side (so Tab and quick scrolls find rows already there).
pub fn visible_rows(
    scroll_top: f64,
    viewport_px: f64,
    row_px: f64,
    len: usize,
    overscan: usize,
) -> Range<usize> {
    if len == 0 {
        return 0..0;
    }
    // Guards against a zero or garbage measurement (detached element, NaN).
    let row_px = if row_px.is_finite() && row_px >= 1.0 {
        row_px
    } else {
        1.0
    };
    let top = if scroll_top.is_finite() {
        scroll_top.max(0.0)
    } else {
        0.0
    };
    let viewport = if viewport_px.is_finite() {
        viewport_px.clamp(0.0, 10_000.0)
    } else {
        0.0
    };
    let first = ((top / row_px) as usize).min(len - 1);
    let in_view = (viewport / row_px).ceil() as usize + 1;
    let start = first.saturating_sub(overscan);
    let end = first
        .saturating_add(in_view)
        .saturating_add(overscan)
        .min(len);
    start..end
}

/// Whether the rendered rows come close enough to the end of what is loaded
/// that the next page should be fetched now.
pub fn needs_next_page(rendered: &Range<usize>, len: usize, overscan: usize) -> bool {
    rendered.end + overscan >= len
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_rows_in_view_and_a_margin() {
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 1_000, 5), 0..16);
        assert_eq!(visible_rows(4_000.0, 400.0, 40.0, 1_000, 5), 95..116);
    }

    #[test]
    fn the_count_rendered_does_not_grow_with_the_list() {
        for len in [100, 10_000, 500_000] {
            let rows = visible_rows(40.0 * (len as f64 / 2.0), 600.0, 40.0, len, 8);
            assert!(rows.len() <= 34, "{len}: {rows:?}");
        }
    }

    #[test]
    fn the_last_row_can_be_reached() {
        let len = 500_000;
        let rows = visible_rows(40.0 * len as f64 - 400.0, 400.0, 40.0, len, 5);
        assert_eq!(rows.end, len);
    }

    #[test]
    fn scrolled_past_the_end_after_a_shorter_search_still_draws_rows() {
        let rows = visible_rows(100_000.0, 400.0, 40.0, 3, 5);
        assert_eq!(rows, 0..3);
    }

    #[test]
    fn bad_measurements_never_panic() {
        for (top, view, row) in [
            (f64::NAN, 400.0, 40.0),
            (-50.0, f64::INFINITY, 0.0),
            (1e300, 1e300, f64::NAN),
            (0.0, -1.0, -3.0),
        ] {
            let rows = visible_rows(top, view, row, 10, 3);
            assert!(rows.start <= rows.end && rows.end <= 10);
        }
        assert_eq!(visible_rows(0.0, 400.0, 40.0, 0, 5), 0..0);
    }

    #[test]
    fn asks_for_the_next_page_near_the_end() {
        assert!(!needs_next_page(&(0..20), 100, 8));
        assert!(needs_next_page(&(70..92), 100, 8));
        assert!(needs_next_page(&(0..0), 0, 8));
    }
}
