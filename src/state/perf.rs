//! Performance marks for bench/ (off unless the page was opened with
//! `?bench` in its URL): what the benchmark scripts read back through
//! `performance.getEntriesByName`.

use super::clock::after_next_paint;

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

thread_local! {
    /// A measure started by an input and closed when the rows are rendered.
    static PENDING: std::cell::Cell<Option<(&'static str, &'static str)>> = const { std::cell::Cell::new(None) };
}

/// Starts the script-time measure `name` from the mark `start` (call it in
/// the event handler); [`rows_rendered`] closes it.
pub fn measure_until_rendered(name: &'static str, start: &'static str) {
    if enabled() {
        PENDING.with(|p| p.set(Some((name, start))));
    }
}

/// Called by the table after it has replaced its rows: closes the pending
/// measure, so it spans the handler, the reactive updates and the DOM work
/// (the script time, before the browser lays out and paints).
pub fn rows_rendered() {
    if let Some((name, start)) = PENDING.with(|p| p.take()) {
        if let Some(p) = performance() {
            let _ = p.mark("rows-rendered");
            let _ = p.measure_with_start_mark_and_end_mark(name, start, "rows-rendered");
        }
    }
}

/// Once the next frame has been painted (see [`after_next_paint`]), marks
/// `end` and measures `name` from the `start` mark.
pub fn measure_after_paint(name: &'static str, start: &'static str, end: &'static str) {
    if !enabled() {
        return;
    }
    leptos::task::spawn_local(async move {
        after_next_paint().await;
        if let Some(p) = performance() {
            let _ = p.mark(end);
            let _ = p.measure_with_start_mark_and_end_mark(name, start, end);
        }
    });
}

/// Once the next frame has been painted, marks `name` (the sign-in form on
/// screen and ready for input: bench/load.sh reads it).
pub fn mark_after_paint(name: &'static str) {
    if !enabled() {
        return;
    }
    leptos::task::spawn_local(async move {
        after_next_paint().await;
        mark(name);
    });
}

/// Marks the size of the wasm memory, as `wasm-pages:N` (64 KiB pages), for
/// bench/memory.sh: the app's own data lives there, not in the JS heap.
pub fn mark_wasm_memory() {
    if enabled() {
        #[cfg(target_arch = "wasm32")]
        mark(&format!("wasm-pages:{}", core::arch::wasm32::memory_size(0)));
    }
}
