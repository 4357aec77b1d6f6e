//! The header on every page: who is signed in, to which tenant and region
//! (with the region switcher), when the token expires, the action log and
//! sign-out.

use crate::domain::session::Method;
use crate::domain::time;
use crate::ui::dynamic::{markup, text};
use crate::ui::AppCtx;
use leptos::prelude::*;

#[component]
pub fn Header() -> impl IntoView {
    let ctx = AppCtx::get();
    let auth = ctx.auth;
    let session = move || auth.session.get();
    let portal = ctx.config.with_value(|c| c.portal_name.clone());
    let regions =
        move || session().map(|s| s.regions.iter().map(|r| r.region.clone()).collect::<Vec<_>>()).unwrap_or_default();
    let region = move || session().map(|s| s.region).unwrap_or_default();
    let expiry = move || {
        let s = session()?;
        let now = ctx.clock.now.get();
        Some(match s.expires_ms {
            Some(at) if at <= now => ("Token expired".to_string(), time::utc(at)),
            Some(at) => (format!("Token expires {}", time::until(now, at)), time::utc(at)),
            None if s.method == Method::Token => {
                ("Token expiry unknown".to_string(), "A token sign-in does not say when the token expires.".to_string())
            }
            None => (
                "Token expiry unknown".to_string(),
                "Identity did not say (readably) when this token expires; a refused token brings the sign-in back."
                    .to_string(),
            ),
        })
    };
    let log_count = move || ctx.log.entries.with(Vec::len);
    let sign_out = move |_| auth.sign_out();
    view! {
        <header class="top">
            <a href=crate::ui::paths::href("/") class="brand">{portal}</a>
            <div class="context" aria-label="Signed-in context">
                <span class="tenant">"Tenant " <strong>{text(move || session().map(|s| s.tenant_id).unwrap_or_default())}</strong></span>
                <label class="region">
                    "Region "
                    <select
                        aria-label="Region"
                        prop:value=region
                        on:change=move |ev| auth.set_region(&event_target_value(&ev))
                    >
                        {markup(move || {
                            let current = region();
                            regions()
                                .into_iter()
                                .map(|r| {
                                    let selected = r == current;
                                    view! { <option value=r.clone() selected=selected>{r.clone()}</option> }
                                })
                                .collect_view()
                        })}
                    </select>
                </label>
                <span class="who">"Signed in as " <strong>{text(move || session().map(|s| s.who()).unwrap_or_default())}</strong></span>
                {markup(move || session().and_then(|s| s.write_block()).map(|why| view! {
                    <span class="badge read-only" title=why>"Read-only"</span>
                }))}
                {markup(move || expiry().map(|(text, exact)| view! { <span class="expiry" title=exact>{text}</span> }))}
            </div>
            <div class="header-buttons">
                <button type="button" aria-expanded=move || ctx.log_open.get().to_string() on:click=move |_| ctx.log_open.update(|o| *o = !*o)>
                    "Action log (" {text(move || log_count().to_string())} ")"
                </button>
                <button type="button" on:click=sign_out>"Sign out"</button>
            </div>
        </header>
    }
}
