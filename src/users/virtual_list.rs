//! The virtual list's browser half: follows the scroller and measures a row,
//! so only the rows in view are rendered ([`super::virtual_rows`] does the math).

use std::ops::Range;

use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::virtual_rows::{needs_next_page, visible_rows};

/// Rows rendered beyond the visible ones on each side.
const OVERSCAN: usize = 8;
/// Row height until a rendered row has been measured.
const ESTIMATED_ROW_PX: f64 = 48.0;

#[derive(Clone, Copy)]
pub struct VirtualList<L> {
    /// The rows to render.
    pub rows: Memo<Range<usize>>,
    len: L,
    scroller: NodeRef<Div>,
    scroll_top: RwSignal<f64>,
    viewport_px: RwSignal<f64>,
    row_px: RwSignal<f64>,
}

/// A virtual list of `len()` rows (read in a tracking scope) in the
/// scrolling element `scroller`, whose rows are `tr.rpw-row`.
pub fn use_virtual_list<L>(len: L, scroller: NodeRef<Div>) -> VirtualList<L>
where
    L: Fn() -> usize + Copy + Send + Sync + 'static,
{
    let scroll_top = RwSignal::new(0.0f64);
    let viewport_px = RwSignal::new(600.0f64);
    let row_px = RwSignal::new(ESTIMATED_ROW_PX);
    let rows = Memo::new(move |_| {
        visible_rows(
            scroll_top.get(),
            viewport_px.get(),
            row_px.get(),
            len(),
            OVERSCAN,
        )
    });
    // Row height and viewport come from the page once rows are rendered, so
    // fonts and themes of the host are taken into account.
    Effect::new(move |_| {
        rows.track();
        let Some(scroller) = scroller.get() else {
            return;
        };
        viewport_px.set(f64::from(scroller.client_height()));
        let measured = scroller
            .query_selector("tr.rpw-row")
            .ok()
            .flatten()
            .and_then(|row| row.dyn_into::<web_sys::HtmlElement>().ok())
            .map(|row| f64::from(row.offset_height()))
            .filter(|height| *height > 0.0);
        if let Some(height) = measured
            && (height - row_px.get_untracked()).abs() > 0.5
        {
            row_px.set(height);
        }
    });
    VirtualList {
        rows,
        len,
        scroller,
        scroll_top,
        viewport_px,
        row_px,
    }
}

impl<L: Fn() -> usize + Copy> VirtualList<L> {
    pub fn on_scroll(&self, ev: web_sys::Event) {
        let scroller = event_target::<web_sys::HtmlElement>(&ev);
        self.scroll_top.set(f64::from(scroller.scroll_top()));
        self.viewport_px.set(f64::from(scroller.client_height()));
    }

    pub fn scroll_to_top(&self) {
        if let Some(scroller) = self.scroller.get_untracked() {
            scroller.set_scroll_top(0);
        }
        self.scroll_top.set(0.0);
    }

    /// The rendered rows come close to the end of what is loaded.
    pub fn near_end(&self) -> bool {
        needs_next_page(&self.rows.get(), (self.len)(), OVERSCAN)
    }

    /// Height standing in for the rows above the rendered ones.
    pub fn space_above(&self) -> String {
        format!("{}px", self.rows.get().start as f64 * self.row_px.get())
    }

    /// Height standing in for the rows below the rendered ones.
    pub fn space_below(&self) -> String {
        let below = (self.len)().saturating_sub(self.rows.get().end);
        format!("{}px", below as f64 * self.row_px.get())
    }
}
