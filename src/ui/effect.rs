//! Effects through one shared `Effect::new`. Every `Effect::new` with its
//! own closure type is a separate copy of Leptos' effect task in the wasm
//! (~1.7 KB each); boxing the closure first makes all effects share one.

use leptos::prelude::*;

/// Runs `f` on the next tick and again whenever a signal it read changes,
/// as `Effect::new` does, for as long as the current owner lives.
pub fn effect(f: impl FnMut() + 'static) {
    shared_effect(Box::new(f));
}

fn shared_effect(mut f: Box<dyn FnMut()>) {
    Effect::new(move |_| f());
}
