//! Wall-clock time for the view: a signal that ticks every second (ages,
//! countdowns, token expiry) and an async sleep.

use leptos::prelude::*;
use std::time::Duration;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub async fn sleep_ms(ms: u64) {
    // setTimeout takes a signed 32-bit delay (gloo passes it on as one): a
    // longer wait (a huge Retry-After) would wrap and fire at once, in a loop.
    gloo_timers::future::TimeoutFuture::new(ms.min(i32::MAX as u64) as u32).await;
}

/// Resolves once the next frame has been painted, so heavy work started
/// after it does not delay what the user is waiting to see.
pub async fn after_next_paint() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            let _ = resolve.call0(&wasm_bindgen::JsValue::NULL);
            return;
        };
        let w = window.clone();
        let after = wasm_bindgen::closure::Closure::once_into_js(move || {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        });
        use wasm_bindgen::JsCast;
        let _ = window.request_animation_frame(after.unchecked_ref());
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

#[derive(Clone, Copy)]
pub struct Clock {
    pub now: RwSignal<i64>,
}

impl Clock {
    pub fn start() -> Clock {
        let now = RwSignal::new(now_ms());
        // The handle is dropped on purpose: the clock lives as long as the page.
        let _ = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(1));
        Clock { now }
    }
}
