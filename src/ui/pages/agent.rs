//! One agent, at its own URL: every field, its activity, and the actions
//! (wake-up, status check, log files, restores).

use crate::api::types::{ActivityV1, AgentV1};
use crate::api::ApiError;
use crate::domain::restore::RestoreState;
use crate::domain::text::{visible, yes_no};
use crate::domain::time;
use crate::state::clock::now_ms;
use crate::state::scope::RequestScope;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::widgets::logfiles::LogfilesSection;
use crate::ui::widgets::restores::RestoresSection;
use crate::ui::widgets::status_badge::StatusBadge;
use crate::ui::widgets::wake::{WakeButton, WakePanel};
use crate::ui::AppCtx;
use leptos::prelude::*;
use leptos::task::spawn_local;


#[component]
pub fn AgentPage(
    /// From the address; `None` when it is not a number.
    id: Option<u64>,
) -> impl IntoView {
    let ctx = AppCtx::get();
    let auth = ctx.auth;
    // Reads and polls of this view stop when it goes away.
    let scope = RequestScope::for_view();
    let fleet = ctx.fleet;

    let details: RwSignal<Option<AgentV1>> = RwSignal::new(None);
    let details_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let checking = RwSignal::new(false);
    let activity: RwSignal<Option<Vec<ActivityV1>>> = RwSignal::new(None);
    let activity_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let v2_id: RwSignal<Option<String>> = RwSignal::new(None);
    let v2_error: RwSignal<Option<ApiError>> = RwSignal::new(None);

    let resolve_v2 = move |host: Option<String>, v2: RwSignal<Option<String>>, err: RwSignal<Option<ApiError>>| {
        let Some(host) = host.filter(|h| !h.is_empty()) else {
            let _ = err.try_set(Some(ApiError::Decode {
                what: "the agent has no HostServerId, so its log files (a v2 feature) cannot be found".into(),
            }));
            return;
        };
        spawn_local(async move {
            let r = auth
                .call_in(scope, |c| {
                    let host = host.clone();
                    async move { c.find_agent_v2(&host).await }
                })
                .await;
            match r {
                Ok(Some(a)) => {
                    let _ = v2.try_set(Some(a.id));
                }
                Ok(None) => {
                    let _ = err.try_set(Some(ApiError::NotFound {
                        message: Some("no v2 agent runs on this Cloud Server, so it has no log files".into()),
                    }));
                }
                Err(e) => {
                    let _ = err.try_set(Some(e));
                }
            }
        });
    };
    let load_details = move |agent: u64| {
        checking.set(true);
        spawn_local(async move {
            let r = auth.call_in(scope, |c| async move { c.agent_details(agent).await }).await;
            let _ = checking.try_set(false);
            match r {
                Ok(d) => {
                    fleet.data.update(|f| {
                        if let Some(a) = f.get_mut(agent) {
                            a.apply_details(&d, now_ms());
                        }
                    });
                    let host = d.host_server_id.clone();
                    let _ = details.try_set(Some(d));
                    let _ = details_error.try_set(None);
                    if v2_id.try_get_untracked().flatten().is_none() {
                        resolve_v2(host, v2_id, v2_error);
                    }
                }
                Err(e) => {
                    let _ = details_error.try_set(Some(e));
                }
            }
        });
    };
    let load_activity = move |agent: u64| {
        spawn_local(async move {
            match auth.call_in(scope, |c| async move { c.agent_activity(agent).await }).await {
                Ok(a) => {
                    let _ = activity.try_set(Some(a));
                    let _ = activity_error.try_set(None);
                }
                Err(e) => {
                    let _ = activity_error.try_set(Some(e));
                }
            }
        });
    };
    // Another agent is another page (the router builds it anew), so the
    // reads start once, here.
    if let Some(agent) = id {
        load_details(agent);
        load_activity(agent);
    }

    let row = move || id.and_then(|i| fleet.data.with(|d| d.get(i).cloned()));
    let name = move || {
        details
            .with(|d| d.as_ref().map(|d| visible(&d.machine_name).into_owned()))
            .or_else(|| row().map(|a| a.name))
            .unwrap_or_default()
    };
    let label = Signal::derive(move || format!("{} ({})", name(), id.unwrap_or_default()));
    let agent_key = Signal::derive(move || {
        details.with(|d| {
            d.as_ref().and_then(|d| d.public_key.as_ref()).map(|k| (k.modulus_hex.clone(), k.exponent_hex.clone()))
        })
    });
    let status = move || {
        let now = ctx.clock.now.get();
        row().map(|a| {
            let s = a.status(fleet.woke_ms.get(), now);
            let tip = s.explain(a.seen.map(|o| o.at_ms), fleet.woke_ms.get());
            (s, tip)
        })
    };
    let retry_details = Callback::new(move |_| {
        if let Some(agent) = id {
            load_details(agent);
        }
    });
    // Looking up the v2 agent (for log files) again, after a failure.
    let retry_v2 = Callback::new(move |_| {
        v2_error.set(None);
        let host = details.with_untracked(|d| d.as_ref().and_then(|d| d.host_server_id.clone()));
        resolve_v2(host, v2_id, v2_error);
    });
    let retry_activity = Callback::new(move |_| {
        if let Some(agent) = id {
            load_activity(agent);
        }
    });

    let fields = move || {
        details.get().map(|d| {
            let key = d.public_key.clone().unwrap_or_default();
            let key_text = if key.modulus_hex.is_empty() {
                "—".to_string()
            } else {
                format!("{} bits, exponent 0x{}, modulus {}…", key.modulus_hex.len() * 4, key.exponent_hex, key.modulus_hex.chars().take(16).collect::<String>())
            };
            let items: Vec<(&str, String)> = vec![
                ("Agent ID", d.machine_agent_id.to_string()),
                ("Name", d.machine_name.clone()),
                ("Last successful backup", d.time_of_last_successful_backup.map(|t| format!("{} ({})", time::utc(t), time::ago(now_ms(), t))).unwrap_or_else(|| "Never".into())),
                ("Datacenter", d.datacenter.clone()),
                ("Backup datacenter", d.backup_datacenter.clone().unwrap_or_else(|| "—".into())),
                ("IP address", d.ip_address.clone()),
                ("Operating system", format!("{} {}", d.operating_system, d.operating_system_version).trim().to_string()),
                ("Architecture", d.architecture.clone()),
                ("Agent version", d.agent_version.clone()),
                ("Flavor", d.flavor.clone()),
                ("Vault size", d.backup_vault_size.clone().unwrap_or_else(|| "—".into())),
                ("Vault container", d.backup_container.clone().unwrap_or_else(|| "—".into())),
                ("Encrypted", yes_no(d.is_encrypted).into()),
                ("Disabled", yes_no(d.is_disabled).into()),
                ("Uses ServiceNet", yes_no(d.use_service_net).into()),
                ("Cleanup allowed", yes_no(d.cleanup_allowed).into()),
                ("Cloud Server (HostServerId)", d.host_server_id.clone().unwrap_or_else(|| "—".into())),
                ("v2 agent ID", v2_id.get().unwrap_or_else(|| "—".into())),
                ("Public key", key_text),
                ("Status reported by the API", d.status.clone()),
            ];
            view! {
                <dl class="fields">
                    {items.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{visible(&v).into_owned()}</dd> }).collect_view()}
                </dl>
            }
        })
    };

    view! {
        <section class="agent-page" aria-labelledby="agent-title">
            <p class="crumbs"><a href=crate::ui::paths::href("/")>"← All agents"</a></p>
            <div class="page-head">
                <h1 id="agent-title">{name}</h1>
                {move || status().map(|(s, tip)| view! { <StatusBadge status=s tooltip=tip /> })}
                <div class="actions">
                    <WakeButton />
                    <button type="button" on:click=move |_| retry_details.run(()) disabled=move || checking.get()>
                        {move || if checking.get() { "Checking…" } else { "Check status now" }}
                    </button>
                </div>
            </div>
            {id.is_none().then(|| view! { <div class="error" role="alert"><p>"This address does not name an agent (the ID must be a number)."</p></div> })}
            <WakePanel />
            <ErrorBox error=details_error retry=retry_details />
            <div class="agent-grid">
                <section class="panel" aria-labelledby="fields-title">
                    <h2 id="fields-title">"Details"</h2>
                    {move || if details.with(Option::is_none) && details_error.with(Option::is_none) { Some(view! { <p>"Loading…"</p> }) } else { None }}
                    {fields}
                </section>
                <div class="agent-actions">
                    <RestoresSection activity=activity agent_label=label agent_key=agent_key reload_activity=retry_activity />
                    <LogfilesSection v2_id=v2_id v2_error=v2_error retry_v2=retry_v2 agent_label=label />
                </div>
            </div>
            <section class="panel" aria-labelledby="activity-title">
                <h2 id="activity-title">"Activity"</h2>
                <ErrorBox error=activity_error retry=retry_activity />
                {move || activity.get().map(|list| view! {
                    <table aria-label="Activity" class="compact">
                        <thead><tr><th>"Time (UTC)"</th><th>"Type"</th><th>"Name"</th><th>"State"</th><th>"ID"</th></tr></thead>
                        <tbody>
                            {list.into_iter().take(50).map(|a| {
                                let state = if a.kind.eq_ignore_ascii_case("restore") {
                                    RestoreState::from_name(&a.current_state).label().to_string()
                                } else {
                                    a.current_state.clone()
                                };
                                view! {
                                    <tr>
                                        <td>{a.time_of_activity.map(time::utc).unwrap_or_default()}</td>
                                        <td>{a.kind.clone()}</td>
                                        <td>{a.display_name.clone()}</td>
                                        <td>{state}</td>
                                        <td class="num">{a.id}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                })}
            </section>
        </section>
    }
}
