//! Reactive text and markup of one concrete type each.
//!
//! Leptos compiles its render code for a reactive child (build, rebuild and
//! the render effect) once per closure type: about 1 KB of wasm for every
//! `{move || …}` in a view. Behind these two functions every reactive child is
//! a shared `dyn FnMut` (the form Leptos itself uses when it shares one), one
//! type per output, so that code is compiled once and a new screen pays only
//! for its own closures (issue 19's size budget).
//!
//! `text(move || …)` for a reactive string, `markup(move || …)` for reactive
//! markup (an element, an `Option` of one, or a branch). Attribute closures
//! need neither: measured, they cost no more than boxing them.

use std::sync::{Arc, Mutex};

use leptos::prelude::*;

/// A reactive string child.
pub type Text = Arc<Mutex<dyn FnMut() -> String + Send>>;

/// A reactive markup child.
pub type Markup = Arc<Mutex<dyn FnMut() -> AnyView + Send>>;

/// A reactive string: anything that becomes a `String` (`&'static str`,
/// `String`, a number's `to_string()`).
pub fn text<S: Into<String>>(f: impl Fn() -> S + Send + 'static) -> Text {
    Arc::new(Mutex::new(move || f().into()))
}

/// Markup shown while `when` holds, built anew each time it turns true:
/// Leptos's `<Show>` without a copy of its machinery for every use.
pub fn show_when<V: IntoAny>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    view: impl Fn() -> V + Send + 'static,
) -> Markup {
    let when = Memo::new(move |_| when());
    markup(move || when.get().then(|| view().into_any()))
}

/// Reactive markup: a view, an `Option` of one (nothing when `None`), or `()`.
pub fn markup<V: IntoAny>(f: impl Fn() -> V + Send + 'static) -> Markup {
    Arc::new(Mutex::new(move || f().into_any()))
}
