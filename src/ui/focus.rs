//! Moving keyboard focus to what an action produced (a new state, a page
//! heading), so it never falls back to `<body>`.

use wasm_bindgen::JsCast;

/// Focuses the element with this `id` after the next render (it may be
/// about to appear). Headings and states that take focus this way carry
/// `tabindex="-1"`.
pub fn focus_soon(id: &'static str) {
    leptos::task::spawn_local(async move {
        crate::state::clock::after_next_paint().await;
        focus_now(id);
    });
}

/// Focuses the element with this `id`, if there is one.
pub fn focus_now(id: &str) {
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}
