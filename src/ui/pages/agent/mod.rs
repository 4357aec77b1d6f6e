//! One agent, at its own URL: every field, its activity, and the actions
//! (wake-up, status check, restores, log files). An address that names no
//! agent of the tenant gets one clear page with a way back.

mod activity;
mod fields;

use crate::api::types::{ActivityV1, AgentV1};
use crate::api::ApiError;
use crate::domain::agent::display_name;
use crate::state::clock::now_ms;
use crate::state::load::Load;
use crate::state::scope::RequestScope;
use crate::ui::dynamic::{markup, text};
use crate::ui::focus::focus_soon;
use crate::ui::router::Location;
use crate::ui::widgets::backups::BackupsSection;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::widgets::logfiles::LogfilesSection;
use crate::ui::widgets::restore_wizard::{wizard_open, RestoreWizard};
use crate::ui::widgets::restores::RestoresSection;
use crate::ui::widgets::status_badge::StatusBadge;
use crate::ui::widgets::wake::{WakeButton, WakePanel};
use crate::ui::AppCtx;
use activity::ActivityTable;
use fields::AgentFields;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AgentPage(
    /// From the address; `None` when it is not a number.
    id: Option<u64>,
) -> impl IntoView {
    match id {
        Some(id) => view! { <KnownAgentPage id=id /> }.into_any(),
        None => {
            view! { <NoSuchAgent what="This address does not name an agent: an agent ID is a number." /> }.into_any()
        }
    }
}

/// Reads of one agent's page, cancelled when the page goes.
#[derive(Clone, Copy)]
struct AgentReads {
    id: u64,
    details: Load<AgentV1>,
    activity: Load<Vec<ActivityV1>>,
    /// The v2 agent's ID (log files are a v2 feature); `Ok(None)` is "none".
    v2: Load<Option<String>>,
}

impl AgentReads {
    fn load_details(self) {
        let (id, fleet) = (self.id, AppCtx::get().fleet);
        spawn_local(async move {
            if !self.details.read(move |c| Box::pin(async move { c.agent_details(id).await })).await {
                return;
            }
            // What the details say about the status reaches the table too.
            if let Some(d) = self.details.value.get_untracked() {
                fleet.data.update(|f| {
                    if let Some(a) = f.get_mut(id) {
                        a.apply_details(&d, now_ms());
                    }
                });
            }
            if self.v2.value.with_untracked(|v| v.as_ref().is_none_or(Option::is_none)) {
                self.find_v2();
            }
        });
    }

    fn load_activity(self) {
        let id = self.id;
        self.activity.start(move |c| Box::pin(async move { c.agent_activity(id).await }));
    }

    /// The v2 agent runs on the same Cloud Server (`HostServerId`).
    fn find_v2(self) {
        let host = self.details.value.with_untracked(|d| d.as_ref().and_then(|d| d.host_server_id.clone()));
        let Some(host) = host.filter(|h| !h.is_empty()) else {
            self.v2.error.set(Some(ApiError::Decode {
                what: "the agent has no HostServerId, so its log files (a v2 feature) cannot be found".into(),
            }));
            return;
        };
        self.v2.start(move |c| {
            let host = host.clone();
            Box::pin(async move { c.find_agent_v2(&host).await.map(|a| a.map(|a| a.id)) })
        });
    }
}

#[component]
fn KnownAgentPage(id: u64) -> impl IntoView {
    let ctx = AppCtx::get();
    let scope = RequestScope::for_view();
    let reads = AgentReads {
        id,
        details: Load::new(ctx.auth, scope),
        activity: Load::new(ctx.auth, scope),
        v2: Load::new(ctx.auth, scope),
    };
    // Another agent is another page (the router builds it anew), so the
    // reads start once, here.
    reads.load_details();
    reads.load_activity();
    // A memo, so the page is rebuilt only when this answer changes, not on
    // every error of a read (a 503 and its retry keep the page as it is).
    let missing = Memo::new(move |_| reads.details.error.with(|e| matches!(e, Some(ApiError::NotFound { .. }))));
    markup(move || {
        if missing.get() {
            let tenant = ctx.where_();
            view! { <NoSuchAgent what=format!("There is no agent {id} in {tenant}: it may have been deleted, or belong to another tenant or region.") /> }.into_any()
        } else {
            view! { <AgentView reads=reads /> }.into_any()
        }
    })
}

#[component]
fn AgentView(reads: AgentReads) -> impl IntoView {
    let ctx = AppCtx::get();
    let (id, fleet) = (reads.id, ctx.fleet);
    let row = move || fleet.data.with(|d| d.get(id).cloned());
    let name = move || {
        reads
            .details
            .value
            .with(|d| d.as_ref().map(|d| display_name(&d.machine_name, id)))
            .or_else(|| row().map(|a| a.name))
            .unwrap_or_else(|| format!("Agent {id}"))
    };
    let label = Signal::derive(move || format!("{} ({id})", name()));
    let agent_key = Signal::derive(move || {
        reads.details.value.with(|d| {
            d.as_ref().and_then(|d| d.public_key.as_ref()).map(|k| (k.modulus_hex.clone(), k.exponent_hex.clone()))
        })
    });
    let status = move || {
        let now = ctx.clock.now.get();
        row().map(|a| {
            let s = a.status(fleet.woke_ms.get(), now);
            (s, s.explain(a.seen.map(|o| o.at_ms), fleet.woke_ms.get()))
        })
    };
    let check = Callback::new(move |_| reads.load_details());
    let reload_activity = Callback::new(move |_| reads.load_activity());
    // Arriving here (a row link, Back) puts focus on the page's heading.
    focus_soon("agent-title");
    let find_v2 = Callback::new(move |_| {
        reads.v2.error.set(None);
        reads.find_v2();
    });
    let v2_id = Signal::derive(move || reads.v2.value.get().flatten());
    let v2_error = Signal::derive(move || {
        reads.v2.error.get().or_else(|| {
            reads.v2.value.with(|v| matches!(v, Some(None))).then(|| ApiError::NotFound {
                message: Some("no v2 agent runs on this Cloud Server, so it has no log files".into()),
            })
        })
    });
    // The wizard is rebuilt only when it opens or closes, not on each choice.
    let location = Location::get();
    let wizard = Memo::new(move |_| wizard_open(location));
    let opened = RwSignal::new(None);
    view! {
        <section class="agent-page" aria-labelledby="agent-title">
            <p class="crumbs"><a href=crate::ui::paths::href("/")>"← All agents"</a></p>
            <div class="page-head">
                <h1 id="agent-title" tabindex="-1">{text(name)}</h1>
                {markup(move || status().map(|(s, tip)| view! { <StatusBadge status=s tooltip=tip /> }))}
                <div class="actions">
                    <WakeButton />
                    <button type="button" on:click=move |_| check.run(()) disabled=move || reads.details.loading.get()>
                        {text(move || if reads.details.loading.get() { "Checking…" } else { "Check status now" })}
                    </button>
                </div>
            </div>
            <WakePanel />
            <ErrorBox error=reads.details.error retry=check />
            {markup(move || wizard.get().then(|| view! {
                <RestoreWizard agent=id label=label created=Callback::new(move |r| opened.set(Some(r))) />
            }))}
            <div class="agent-grid">
                <AgentFields details=reads.details v2_id=v2_id />
                <div class="agent-actions">
                    <RestoresSection agent=id opened=opened activity=reads.activity.value agent_key=agent_key reload_activity=reload_activity />
                    <LogfilesSection v2_id=v2_id v2_error=v2_error retry_v2=find_v2 agent_label=label />
                </div>
            </div>
            <BackupsSection agent=id activity=reads.activity.value label=label reload_activity=reload_activity />
            <ActivityTable activity=reads.activity retry=reload_activity />
        </section>
    }
}

/// The page for an address that names no agent of this tenant.
#[component]
fn NoSuchAgent(#[prop(into)] what: String) -> impl IntoView {
    view! {
        <section class="panel no-such-agent" aria-labelledby="agent-title">
            <h1 id="agent-title" tabindex="-1">"No such agent"</h1>
            <p role="alert">{what}</p>
            <p><a href=crate::ui::paths::href("/")>"← Back to all agents"</a></p>
        </section>
    }
}
