use leptos::prelude::*;
use wasm_bindgen::JsValue;

use crate::context::WidgetContext;
use crate::reset::store::ResetStore;

/// What the admin prints to hand over new passwords: only users whose reset
/// the tenant confirmed. Hidden on screen; the stylesheet shows it, and only
/// it, on paper. It exists only after "Print" and goes with the result.
#[component]
pub fn PrintSheet() -> impl IntoView {
    let ctx = WidgetContext::use_context();
    let flow = ResetStore::use_context().flow();
    let s = ctx.strings;
    let tenant = ctx.config.with_value(|c| c.tenant_name.clone());
    let rows = move || {
        flow.with(|flow| {
            flow.outcomes()
                .iter()
                .filter_map(|o| {
                    // Handed to the page as a JS string made straight from the
                    // outcome's password: a Rust `String` copy for the view
                    // would stay in wasm memory unwiped.
                    let password = JsValue::from_str(o.visible_password()?.as_str());
                    let change = if o.require_change { s.yes } else { s.no };
                    Some(view! {
                        <tr>
                            <td>{o.target.display_name.clone()}</td>
                            <td>{o.target.user_principal_name.clone()}</td>
                            <td class="rpw-print-sheet__password" prop:textContent=password></td>
                            <td>{change}</td>
                        </tr>
                    })
                })
                .collect_view()
        })
    };
    view! {
        <section class="rpw-print-sheet">
            <h1>{s.print_title} {tenant.map(|name| format!(" — {name}"))}</h1>
            <p>{s.print_note}</p>
            <table>
                <thead>
                    <tr>
                        <th>{s.column_name}</th>
                        <th>{s.column_user_name}</th>
                        <th>{s.password}</th>
                        <th>{s.must_change}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
