//! Requests that belong to a view: when the view goes away (the user
//! navigates elsewhere), its reads and polls are aborted rather than left
//! running for nobody. Writes the user started are not scoped: they finish
//! and their outcome reaches the action log.

use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct RequestScope {
    signal: StoredValue<Option<web_sys::AbortSignal>, LocalStorage>,
}

impl RequestScope {
    /// A scope tied to the current component's lifetime.
    pub fn for_view() -> RequestScope {
        let controller = web_sys::AbortController::new().ok();
        let signal = StoredValue::new_local(controller.as_ref().map(|c| c.signal()));
        // The controller is only touched on this (the only) thread.
        let controller = send_wrapper::SendWrapper::new(controller);
        on_cleanup(move || {
            if let Some(c) = controller.as_ref() {
                c.abort();
            }
        });
        RequestScope { signal }
    }

    /// True while the view is there (its requests are not aborted).
    pub fn alive(&self) -> bool {
        self.signal.try_with_value(|s| s.as_ref().is_none_or(|s| !s.aborted())).unwrap_or(false)
    }

    /// The signal that aborts when the view goes away.
    pub fn signal(&self) -> Option<web_sys::AbortSignal> {
        self.signal.try_with_value(Clone::clone).flatten()
    }
}
