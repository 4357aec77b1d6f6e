//! The view: pages and widgets. The only layer that touches the DOM.

use leptos::prelude::*;

#[component]
pub fn App() -> impl IntoView {
    view! { <h1>"Backup Console"</h1> }
}
