//! Performance marks for bench/ (off unless the page was opened with
//! `?bench` in its URL): what the benchmark scripts read back through
//! `performance.getEntriesByName`.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

thread_local! {
    static ENABLED: bool = web_sys::window()
        .and_then(|w| w.location().search().ok())
        .is_some_and(|q| q.trim_start_matches('?').split('&').any(|p| p == "bench"));
}

pub fn enabled() -> bool {
    ENABLED.with(|e| *e)
}

fn performance() -> Option<web_sys::Performance> {
    web_sys::window().and_then(|w| w.performance())
}

/// Marks a moment (`performance.mark`).
pub fn mark(name: &str) {
    if enabled() {
        if let Some(p) = performance() {
            let _ = p.mark(name);
        }
    }
}

/// Measures `name` from the `start` mark to the `end` mark, now.
pub fn measure(name: &str, start: &str, end: &str) {
    if enabled() {
        if let Some(p) = performance() {
            let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
        }
    }
}

/// After the next paint (two animation frames), marks `end` and measures
/// `name` from the `start` mark.
pub fn measure_after_paint(name: &'static str, start: &'static str, end: &'static str) {
    if !enabled() {
        return;
    }
    let Some(window) = web_sys::window() else {
        return;
    };
    let second = Closure::once_into_js(move || {
        if let Some(p) = performance() {
            let _ = p.mark(end);
            let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
        }
    });
    let w = window.clone();
    let first = Closure::once_into_js(move || {
        let _ = w.request_animation_frame(second.unchecked_ref());
    });
    let _ = window.request_animation_frame(first.unchecked_ref());
}
