//! Log files of one agent: "Request log" as a tracked job (requested →
//! started → completed, or failed) that ends with a download; earlier log
//! files with their date and state; delete with confirmation.

use super::confirm::ConfirmDialog;
use super::error_box::ErrorBox;
use crate::api::types::LogfileV2;
use crate::api::ApiError;
use crate::domain::logfile::{self, LogState};
use crate::domain::time;
use crate::state::clock::{now_ms, sleep_ms};
use crate::state::scope::RequestScope;
use crate::ui::AppCtx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

const POLL_MS: u64 = 2_000;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Job {
    id: String,
    requested_ms: i64,
    state: LogState,
}

/// The link if it may be offered (https, or this console's own origin).
fn offered(url: &str) -> Option<String> {
    let origin = window().location().origin().unwrap_or_default();
    logfile::offered_link(url, &origin)
}

#[component]
pub fn LogfilesSection(
    /// The agent's v2 id (log files are a v2 feature); `None` while unknown.
    #[prop(into)]
    v2_id: Signal<Option<String>>,
    /// Why the v2 id could not be found, if it could not.
    #[prop(into)]
    v2_error: Signal<Option<ApiError>>,
    /// Looks the v2 agent up again.
    retry_v2: Callback<()>,
    /// "WEB-01 (202743)", for the action log.
    #[prop(into)]
    agent_label: Signal<String>,
) -> impl IntoView {
    let ctx = AppCtx::get();
    let auth = ctx.auth;
    // Reads and polls of this view stop when it goes away.
    let scope = RequestScope::for_view();
    let alive = Arc::new(AtomicBool::new(true));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let job: RwSignal<Option<Job>> = RwSignal::new(None);
    let requesting = RwSignal::new(false);
    let request_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let list: RwSignal<Option<Vec<LogfileV2>>> = RwSignal::new(None);
    let list_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let to_delete: RwSignal<Option<LogfileV2>> = RwSignal::new(None);
    let delete_error: RwSignal<Option<ApiError>> = RwSignal::new(None);

    let load_list = move || {
        let Some(agent) = v2_id.get_untracked() else {
            return;
        };
        spawn_local(async move {
            let r = auth
                .call_in(scope, |c| {
                    let agent = agent.clone();
                    async move { c.list_logfiles(&agent).await }
                })
                .await;
            match r {
                Ok(l) => {
                    let _ = list.try_set(Some(l));
                    let _ = list_error.try_set(None);
                }
                Err(e) => {
                    let _ = list_error.try_set(Some(e));
                }
            }
        });
    };
    crate::ui::effect::effect(move || {
        if v2_id.with(Option::is_some) {
            load_list();
        }
    });

    let poll = {
        let alive = alive.clone();
        move |agent: String, id: String, requested_ms: i64| {
            let alive = alive.clone();
            spawn_local(async move {
                while alive.load(Ordering::Relaxed) {
                    sleep_ms(POLL_MS).await;
                    if !alive.load(Ordering::Relaxed) {
                        break;
                    }
                    let r = auth
                        .call_in(scope, |c| {
                            let (agent, id) = (agent.clone(), id.clone());
                            async move { c.logfile_details(&agent, &id).await }
                        })
                        .await;
                    match r {
                        Ok(lf) => {
                            let state = logfile::after_poll(&lf, requested_ms, now_ms());
                            let done = state.is_done();
                            let _ = job.try_set(Some(Job { id: id.clone(), requested_ms, state }));
                            if done {
                                load_list();
                                break;
                            }
                        }
                        // A busy API or a dropped connection: keep polling.
                        Err(e) if e.is_retryable() => continue,
                        Err(e) => {
                            let _ = job.try_set(Some(Job {
                                id: id.clone(),
                                requested_ms,
                                state: LogState::Failed { reason: e.to_string() },
                            }));
                            break;
                        }
                    }
                }
            });
        }
    };

    let request = move || {
        let Some(agent) = v2_id.get_untracked() else {
            return;
        };
        if requesting.get_untracked() {
            return;
        }
        requesting.set(true);
        request_error.set(None);
        let poll = poll.clone();
        spawn_local(async move {
            let r = auth
                .call(|c| {
                    let agent = agent.clone();
                    async move { c.request_logfile(&agent).await }
                })
                .await;
            ctx.log.record(&auth, &agent_label.get_untracked(), "Request log", &r, "Log file requested from the agent");
            let _ = requesting.try_set(false);
            match r {
                Ok(req) => {
                    let requested_ms = now_ms();
                    let state = req.logfile.as_ref().map(logfile::state_of).unwrap_or(LogState::Requested);
                    let _ = job.try_set(Some(Job { id: req.logfile_id.clone(), requested_ms, state }));
                    load_list();
                    poll(agent, req.logfile_id, requested_ms);
                }
                Err(e) => {
                    let _ = request_error.try_set(Some(e));
                }
            }
        });
    };
    let request_cb = Callback::new({
        let request = request.clone();
        move |_| request()
    });

    let confirm_delete = Callback::new(move |_| {
        let (Some(agent), Some(lf)) = (v2_id.get_untracked(), to_delete.get_untracked()) else {
            return;
        };
        to_delete.set(None);
        delete_error.set(None);
        spawn_local(async move {
            let r = auth
                .call(|c| {
                    let (agent, id) = (agent.clone(), lf.id.clone());
                    async move { c.delete_logfile(&agent, &id).await }
                })
                .await;
            ctx.log.record(
                &auth,
                &agent_label.get_untracked(),
                "Delete log file",
                &r,
                &format!("Log file {} deleted", lf.id),
            );
            match r {
                Ok(()) => load_list(),
                Err(e) => {
                    let _ = delete_error.try_set(Some(e));
                }
            }
        });
    });

    let job_view = move || {
        job.get().map(|j| {
            let (class, text) = match &j.state {
                LogState::Failed { reason } => ("notice warn", format!("{}: {reason}", j.state.label())),
                s => ("notice", s.label().to_string()),
            };
            let download = match &j.state {
                LogState::Completed { download: Some(url) } => offered(url).map(|url| view! {
                    <a class="button primary" href=url download="" rel="noopener noreferrer">"Download log file"</a>
                }),
                _ => None,
            };
            view! {
                <div class=class role="status" aria-live="polite">
                    <p><strong>"Log request "</strong>{format!("{} (requested {} UTC): ", j.id, time::clock(j.requested_ms))}{text}</p>
                    {(!j.state.is_done()).then(|| view! { <progress aria-label="Log file progress"></progress> })}
                    {download}
                </div>
            }
        })
    };

    view! {
        <section class="panel" aria-labelledby="logfiles-title">
            <h2 id="logfiles-title">"Log files"</h2>
            <ErrorBox error=v2_error retry=retry_v2 />
            <p>
                <button
                    type="button"
                    on:click=move |_| request()
                    disabled=move || requesting.get() || v2_id.with(Option::is_none)
                    title="Asks the agent to upload its log; it appears here when ready."
                >
                    {move || if requesting.get() { "Requesting log…" } else { "Request log" }}
                </button>
            </p>
            <ErrorBox error=request_error retry=request_cb />
            {job_view}
            <ErrorBox error=list_error />
            <ErrorBox error=delete_error />
            {move || list.get().map(|l| if l.is_empty() {
                view! { <p class="muted">"No log files for this agent yet."</p> }.into_any()
            } else {
                view! {
                    <table aria-label="Log files" class="compact">
                        <thead><tr><th>"Requested (UTC)"</th><th>"State"</th><th>"File"</th><th>"Delete"</th></tr></thead>
                        <tbody>
                            {l.into_iter().map(|lf| {
                                let state = logfile::state_of(&lf);
                                let link = lf.download_url().and_then(offered);
                                let target = lf.clone();
                                view! {
                                    <tr data-logfile-id=lf.id.clone()>
                                        <td>{lf.date.map(time::utc).unwrap_or_else(|| "—".into())}</td>
                                        <td>{state.label()}</td>
                                        <td>{link.map(|u| view! { <a href=u download="" rel="noopener noreferrer">"Download"</a> })}</td>
                                        <td><button type="button" on:click=move |_| to_delete.set(Some(target.clone()))>"Delete"</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <ConfirmDialog
                id="delete-log-title"
                open=Signal::derive(move || to_delete.with(Option::is_some))
                title=Signal::derive(|| "Delete this log file?".to_string())
                body=Signal::derive(move || {
                    to_delete.with(|l| l.as_ref().map(|l| format!(
                        "The log file {} of {}, {}, will be deleted. This cannot be undone.",
                        l.id, agent_label.get(), ctx.where_()
                    )).unwrap_or_default())
                })
                confirm_label="Delete log file"
                on_confirm=confirm_delete
                on_cancel=Callback::new(move |_| to_delete.set(None))
            />
        </section>
    }
}
