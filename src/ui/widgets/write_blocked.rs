//! Write actions for a sign-in that may only read: the buttons are shown
//! unavailable and this note, beside them, says why (the role from Identity,
//! or a 403 the API already answered), so nobody learns it from a refusal.

use crate::ui::dynamic::markup;
use crate::ui::AppCtx;
use leptos::prelude::*;

/// Why writes are unavailable, where the actions are; nothing otherwise.
#[component]
pub fn WriteBlockedNote() -> impl IntoView {
    let auth = AppCtx::get().auth;
    markup(move || auth.write_block().map(|why| view! { <p class="hint write-blocked" role="note">{why}</p> }))
}
