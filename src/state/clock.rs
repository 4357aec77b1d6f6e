//! Wall-clock time for the view: a signal that ticks every second (ages,
//! countdowns, token expiry) and an async sleep.

use leptos::prelude::*;
use std::time::Duration;

pub fn now_ms() -> i64 {
    js_sys::Date::now() as i64
}

pub async fn sleep_ms(ms: u64) {
    gloo_timers::future::TimeoutFuture::new(ms.min(u32::MAX as u64) as u32).await;
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
