//! Signing in, two ways: a token with tenant ID and region, or a user name
//! and API key through Identity (which gives tenant, roles and regions).
//! The same form re-authenticates over the page when a token expires.

use crate::api::{self, ApiError, RegionEndpoint, Token};
use crate::domain::session::{Method, Session};
use crate::domain::validate::{self, Field, Problems};
use crate::ui::widgets::error_box::{Alert, ErrorBox};
use crate::ui::AppCtx;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Way {
    Token,
    ApiKey,
}

/// The sign-in page shown when nobody is signed in.
#[component]
pub fn SignInPage() -> impl IntoView {
    let ctx = AppCtx::get();
    let portal = ctx.config.with_value(|c| c.portal_name.clone());
    let auth = ctx.auth;
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

#[component]
pub fn SignInForm(pinned: Option<Pinned>, on_signed_in: Callback<Session>) -> impl IntoView {
    let ctx = AppCtx::get();
    let config = ctx.config;
    let regions: Vec<String> = config.with_value(|c| c.regions.iter().map(|(r, _)| r.clone()).collect());
    let initial_way = match &pinned {
        Some(p) if p.method == Method::Token => Way::Token,
        Some(_) => Way::ApiKey,
        None => Way::ApiKey,
    };
    let way = RwSignal::new(initial_way);
    let token = RwSignal::new(String::new());
    let tenant = RwSignal::new(pinned.as_ref().map(|p| p.tenant.clone()).unwrap_or_default());
    let region = RwSignal::new(
        pinned.as_ref().map(|p| p.region.clone()).unwrap_or_else(|| config.with_value(|c| c.default_region.clone())),
    );
    let user = RwSignal::new(pinned.as_ref().and_then(|p| p.user_name.clone()).unwrap_or_default());
    let api_key = RwSignal::new(String::new());
    let remember = RwSignal::new(pinned.as_ref().is_some_and(|p| p.remember));
    let problems: RwSignal<Problems> = RwSignal::new(Vec::new());
    let failure: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let mismatch: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let pinned_tenant = pinned.as_ref().map(|p| p.tenant.clone());
    let is_pinned = pinned.is_some();

    let problem = move |f: Field| problems.with(|p| p.iter().find(|(x, _)| *x == f).map(|(_, m)| m.clone()));
    let id_prefix = if is_pinned { "reauth" } else { "signin" };
    let fid = move |name: &str| format!("{id_prefix}-{name}");

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        failure.set(None);
        mismatch.set(None);
        let found = match way.get_untracked() {
            Way::Token => {
                validate::token_form(&token.get_untracked(), &tenant.get_untracked(), &region.get_untracked())
            }
            Way::ApiKey => validate::api_key_form(&user.get_untracked(), &api_key.get_untracked()),
        };
        let first_bad = found.first().map(|(f, _)| *f);
        problems.set(found);
        if let Some(f) = first_bad {
            focus(&fid(field_name(f)));
            return;
        }
        match way.get_untracked() {
            Way::Token => {
                let tenant_id = tenant.get_untracked().trim().to_string();
                let regions: Vec<RegionEndpoint> = config.with_value(|c| {
                    c.regions.iter().map(|(r, root)| RegionEndpoint::from_root(r, root, &tenant_id)).collect()
                });
                let session = Session {
                    token: Token::new(token.get_untracked()),
                    tenant_id,
                    user_name: None,
                    roles: Vec::new(),
                    expires_ms: None,
                    regions,
                    region: region.get_untracked(),
                    method: Method::Token,
                    remember: remember.get_untracked(),
                };
                token.set(String::new());
                on_signed_in.run(session);
            }
            Way::ApiKey => {
                busy.set(true);
                let creds = api::Credentials::ApiKey {
                    username: user.get_untracked().trim().to_string(),
                    api_key: api_key.get_untracked().trim().to_string(),
                };
                let identity_url = config.with_value(|c| c.identity_url.clone());
                let preferred = region.get_untracked();
                let pinned_tenant = pinned_tenant.clone();
                let keep_region = is_pinned.then(|| preferred.clone());
                spawn_local(async move {
                    let result = api::authenticate(&identity_url, &creds).await.map(|mut id| {
                        id.regions = config.with_value(|c| c.route(std::mem::take(&mut id.regions)));
                        id
                    });
                    drop(creds);
                    let _ = busy.try_set(false);
                    match result {
                        Ok(id) if id.regions.is_empty() => {
                            let _ = mismatch.try_set(Some(
                                "Signed in, but this account's service catalog lists no Cloud Backup endpoint. Ask for Cloud Backup access or use a token for the right tenant.".into(),
                            ));
                        }
                        Ok(id) if pinned_tenant.as_ref().is_some_and(|t| *t != id.tenant_id) => {
                            let _ = mismatch.try_set(Some(format!(
                                "That account is for tenant {}, but this page is for tenant {}. Sign in to tenant {} to carry on, or sign out to switch tenants.",
                                id.tenant_id,
                                pinned_tenant.clone().unwrap_or_default(),
                                pinned_tenant.clone().unwrap_or_default()
                            )));
                        }
                        Ok(id) => {
                            let _ = api_key.try_set(String::new());
                            let mut session = Session::from_identity(id, &preferred, remember.get_untracked());
                            // Signing in again keeps the page's region when the catalog has it.
                            if let Some(r) = keep_region.filter(|r| session.regions.iter().any(|e| e.region == *r)) {
                                session.region = r;
                            }
                            on_signed_in.run(session);
                        }
                        Err(ApiError::Unauthorized) => {
                            let _ = mismatch.try_set(Some(
                                "Identity did not accept that user name and API key. Check both (the API key is under Account Settings in the Cloud Control Panel) and try again.".into(),
                            ));
                        }
                        Err(e) => {
                            let _ = failure.try_set(Some(e));
                        }
                    }
                });
            }
        }
    };

    let tab = move |w: Way, label: &'static str| {
        view! {
            <button
                type="button"
                class="tab"
                aria-pressed=move || (way.get() == w).to_string()
                on:click=move |_| {
                    way.set(w);
                    problems.set(Vec::new());
                    failure.set(None);
                    mismatch.set(None);
                }
            >
                {label}
            </button>
        }
    };

    view! {
        <form class="sign-in" on:submit=submit novalidate>
            <div class="tabs" role="group" aria-label="How to sign in">
                {tab(Way::ApiKey, "User name and API key")}
                {tab(Way::Token, "Token")}
            </div>
            <Show when=move || way.get() == Way::ApiKey>
                <TextField id=fid("user") label="User name" value=user error=Signal::derive(move || problem(Field::UserName)) autocomplete="username" secret=false />
                <TextField id=fid("apikey") label="API key" value=api_key error=Signal::derive(move || problem(Field::ApiKey)) autocomplete="off" secret=true />
            </Show>
            <Show when=move || way.get() == Way::Token>
                <TextField id=fid("token") label="Token" value=token error=Signal::derive(move || problem(Field::Token)) autocomplete="off" secret=true />
                <TextField id=fid("tenant") label="Tenant ID" value=tenant error=Signal::derive(move || problem(Field::Tenant)) autocomplete="off" secret=false readonly=is_pinned />
            </Show>
            <div class="field">
                <label for=fid("region")>"Region"</label>
                <select id=fid("region") prop:value=move || region.get() on:change=move |ev| region.set(event_target_value(&ev))>
                    {regions.iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
                </select>
                <p class="hint">{move || if way.get() == Way::ApiKey { "Preferred region; the account's catalog decides which regions exist." } else { "" }}</p>
                {move || problem(Field::Region).map(|m| view! { <p class="field-error" id=fid("region-error")>{m}</p> })}
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || remember.get() on:change=move |ev| remember.set(event_target_checked(&ev)) />
                " Remember me in this tab (the token is kept until the tab closes)"
            </label>
            <Alert message=Signal::derive(move || {
                let n = problems.with(Vec::len);
                (n > 0).then(|| format!("{n} field{} need{} attention.", if n == 1 { "" } else { "s" }, if n == 1 { "s" } else { "" }))
            }) />
            <Alert message=mismatch />
            <ErrorBox error=failure />
            <button type="submit" class="primary" disabled=move || busy.get()>
                {move || if busy.get() { "Signing in…" } else { "Sign in" }}
            </button>
        </form>
    }
}

fn field_name(f: Field) -> &'static str {
    match f {
        Field::Token => "token",
        Field::Tenant => "tenant",
        Field::Region => "region",
        Field::UserName => "user",
        Field::ApiKey => "apikey",
    }
}

fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(id))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// A labelled text field with its own error line.
#[component]
fn TextField(
    id: String,
    label: &'static str,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    autocomplete: &'static str,
    secret: bool,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=if secret { "password" } else { "text" }
                autocomplete=autocomplete
                spellcheck="false"
                readonly=readonly
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
            {move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> })}
        </div>
    }
}
