//! Signing in, three ways: a token with tenant ID and region, or a user name
//! with an API key or a password through Identity (which gives tenant, roles
//! and regions). The same form re-authenticates over the page when a token
//! expires. A failed sign-in keeps the way chosen and every field but the
//! secret.

mod draft;
mod fields;
mod form;
mod send;

use crate::domain::session::Method;
use crate::ui::widgets::error_box::Alert;
use crate::ui::AppCtx;
use draft::Draft;
pub use form::SignInForm;
use leptos::prelude::*;

/// The sign-in page shown when nobody is signed in.
#[component]
pub fn SignInPage() -> impl IntoView {
    let ctx = AppCtx::get();
    crate::state::perf::mark_after_paint("sign-in-ready");
    let portal = ctx.config.with_value(|c| c.portal_name.clone());
    let auth = ctx.auth;
    // Back here because the token was refused: what was typed stays.
    // Otherwise (signed out, or never signed in) the form starts empty.
    if auth.rejected.with_untracked(Option::is_none) {
        Draft::kept().clear();
    }
    view! {
        <main class="sign-in-page" id="main">
            <h1>{portal}</h1>
            <p class="lede">"Sign in to a Rackspace Cloud Backup tenant."</p>
            <Alert message=auth.rejected />
            <SignInForm pinned=None on_signed_in=Callback::new(move |s| auth.sign_in(s)) />
        </main>
    }
}

/// What an earlier session pins when signing in again over the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pinned {
    pub tenant: String,
    pub region: String,
    pub user_name: Option<String>,
    pub method: Method,
    pub remember: bool,
}
