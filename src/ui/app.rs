//! The shell: loads `config.json`, then mounts the console with its state,
//! pages and the dialogs that float over every page.

use super::context::AppCtx;
use super::effect::effect;
use super::pages::{agent::AgentPage, agents::AgentsPage, sign_in::SignInPage};
use super::paths;
use super::router::Location;
use super::widgets::{action_log::ActionLogPanel, header::Header, reauth::ReauthDialog};
use crate::api;
use crate::domain::config::AppConfig;
use crate::domain::route::Route;
use crate::state::action_log::ActionLog;
use crate::state::auth::Auth;
use crate::state::clock::{now_ms, Clock};
use crate::state::events::EventFeed;
use crate::state::fleet::Fleet;
use crate::ui::dynamic::{markup, text};
use leptos::prelude::*;
use leptos::task::spawn_local;

async fn load_config() -> Result<AppConfig, String> {
    let url = paths::href("/config.json");
    match api::fetch_config(&url).await {
        Ok(None) => Ok(AppConfig::default()),
        Ok(Some(text)) => AppConfig::parse(&text).map_err(|e| e.to_string()),
        Err(e) => Err(format!("config.json could not be loaded: {e} ({})", e.detail())),
    }
}

#[component]
pub fn App() -> impl IntoView {
    // A plain signal filled by a task, not a `LocalResource`: the resource
    // machinery (~11 KB of the wasm) would serve this one read.
    let config: RwSignal<Option<Result<AppConfig, String>>> = RwSignal::new(None);
    spawn_local(async move { config.set(Some(load_config().await)) });
    markup(move || match config.get() {
        None => view! { <p class="boot">"Loading Backup Console…"</p> }.into_any(),
        Some(Err(problem)) => view! {
            <main class="boot-error" role="alert">
                <h1>"Backup Console cannot start"</h1>
                <p>{problem}</p>
                <p>"Fix config.json beside index.html (or remove it to use the Rackspace defaults), then reload."</p>
            </main>
        }
        .into_any(),
        Some(Ok(cfg)) => view! { <Console config=cfg /> }.into_any(),
    })
}

#[component]
fn Console(config: AppConfig) -> impl IntoView {
    let ctx = AppCtx {
        config: StoredValue::new(config),
        auth: Auth::new(now_ms()),
        fleet: Fleet::new(),
        log: ActionLog::new(),
        events: EventFeed::new(),
        clock: Clock::start(),
        log_open: RwSignal::new(false),
    };
    provide_context(ctx);
    let AppCtx { auth, fleet, events, .. } = ctx;

    // A new tenant or region starts from a clean table; a new token (after
    // signing in again) keeps everything. Signing out (every way of it goes
    // through `Auth::sign_out`) clears all of the tenant's data here: the
    // table, the event feed and the action log.
    let mut last_key = None;
    effect(move || {
        let key = auth.session.with(|s| s.as_ref().map(|s| (s.tenant_id.clone(), s.region.clone())));
        if last_key.as_ref() != Some(&key) {
            fleet.reset();
            events.reset();
            match key {
                Some(_) => spawn_local(fleet.refresh(auth, events, ctx.log, ctx.refresh_seconds())),
                None => {
                    ctx.log.clear();
                    ctx.log_open.set(false);
                }
            }
        }
        last_key = Some(key);
    });
    // An expired token brings the sign-in dialog back over the page, and a
    // remembered one leaves this tab's storage when its time has come.
    effect(move || {
        let now = ctx.clock.now.get();
        auth.forget_if_due(now);
        if auth.session.with(|s| s.as_ref().is_some_and(|s| s.expired(now))) && !auth.reauth.get_untracked() {
            auth.ask_to_sign_in_again();
        }
    });
    fleet.start_auto_refresh(auth, events, ctx.log, move || ctx.refresh_seconds());

    let location = Location::start();
    // A memo: the console is rebuilt when a session starts or ends, not
    // when it changes (a new token, another region).
    let signed_in = Memo::new(move |_| auth.session.with(Option::is_some));
    // Signed out, the sign-in page shows whatever the address; the address
    // stays, so signing in lands on the page that was asked for.
    let page = move || match location.route() {
        Route::Agents => view! { <AgentsPage /> }.into_any(),
        Route::Agent(id) => view! { <AgentPage id=id /> }.into_any(),
        Route::NotFound => view! { <NotFound /> }.into_any(),
    };
    view! {
        {markup(move || if signed_in.get() { view! {
            // The first Tab stop: past the header straight to the page.
            // (A script-free `href="#main"` would resolve against the <base>
            // and reload the console at its root on any other page.)
            <a class="skip-link" href="#main" on:click=|ev: web_sys::MouseEvent| {
                ev.prevent_default();
                super::focus::focus_now("main");
            }>
                {text(move || if location.route() == Route::Agents { "Skip to agents" } else { "Skip to content" })}
            </a>
            <Header />
            <main id="main" tabindex="-1">{markup(page)}</main>
            <ActionLogPanel />
            <ReauthDialog />
        }.into_any() } else { view! { <SignInPage /> }.into_any() })}
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <section class="panel">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. " <a href=paths::href("/")>"Back to the agents"</a></p>
        </section>
    }
}
