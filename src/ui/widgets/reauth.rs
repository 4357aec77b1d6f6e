//! Signing in again over the current page: after a 401 or an expired token,
//! the page stays as it is and every interrupted call carries on.

use super::modal::Modal;
use crate::ui::dynamic::{markup, text};
use crate::ui::pages::sign_in::{Pinned, SignInForm};
use crate::ui::AppCtx;
use leptos::prelude::*;

#[component]
pub fn ReauthDialog() -> impl IntoView {
    let ctx = AppCtx::get();
    let auth = ctx.auth;
    let pinned = move || {
        auth.session.with(|s| {
            s.as_ref().map(|s| Pinned {
                tenant: s.tenant_id.clone(),
                region: s.region.clone(),
                user_name: s.user_name.clone(),
                method: s.method,
                remember: s.remember,
            })
        })
    };
    let sign_out = move |_| auth.sign_out();
    view! {
        <Modal open=auth.reauth on_cancel=Callback::new(|_| {}) labelled_by="reauth-title">
            <h2 id="reauth-title">"Sign in again to carry on"</h2>
            <p>
                "Your session for " <strong>{text(move || pinned().map(|p| format!("tenant {}, {}", p.tenant, p.region)).unwrap_or_default())}</strong>
                " has expired or the token was refused. Sign in again: this page and any action that was interrupted will carry on."
            </p>
            <p class="hint">
                "An interrupted action is sent again only to the tenant and region it was started in: choosing another region here cancels it, and says so where it was started."
            </p>
            {markup(move || auth.reauth.get().then(|| view! {
                <SignInForm pinned=pinned() on_signed_in=Callback::new(move |s| auth.sign_in(s)) />
            }))}
            <p><button type="button" on:click=sign_out>"Sign out instead"</button></p>
        </Modal>
    }
}
