//! Restores of one agent: the recent ones from its activity, or any restore
//! by ID; details (state, destination, backup point, progress); start (an
//! encrypted vault's password is encrypted in the browser with the agent's
//! RSA key, and the plain text is dropped at once); stop with a
//! confirmation whose default is Cancel; polling until it ends; the report.

use super::confirm::ConfirmDialog;
use super::error_box::{Alert, ErrorBox};
use crate::api::types::{ActivityV1, RestoreReportV1, RestoreV1};
use crate::api::ApiError;
use crate::domain::crypto;
use crate::domain::restore::RestoreState;
use crate::domain::time;
use crate::state::clock::sleep_ms;
use crate::state::scope::RequestScope;
use crate::ui::AppCtx;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;

const POLL_MS: u64 = 2_000;

#[component]
pub fn RestoresSection(
    #[prop(into)] activity: Signal<Option<Vec<ActivityV1>>>,
    #[prop(into)] agent_label: Signal<String>,
    /// The agent's own key, used when a restore does not carry one.
    #[prop(into)]
    agent_key: Signal<Option<(String, String)>>,
    /// Reloads the agent's activity (after a start or stop changes it).
    reload_activity: Callback<()>,
) -> impl IntoView {
    let ctx = AppCtx::get();
    let auth = ctx.auth;
    // Reads and polls of this view stop when it goes away.
    let scope = RequestScope::for_view();
    let alive = Arc::new(AtomicBool::new(true));
    // The restore being polled; a new selection stops the old poller.
    let polling = Arc::new(AtomicU64::new(0));
    {
        let alive = alive.clone();
        on_cleanup(move || alive.store(false, Ordering::Relaxed));
    }
    let selected: RwSignal<Option<u64>> = RwSignal::new(None);
    let restore: RwSignal<Option<RestoreV1>> = RwSignal::new(None);
    let report: RwSignal<Option<RestoreReportV1>> = RwSignal::new(None);
    let load_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let start_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let stop_error: RwSignal<Option<ApiError>> = RwSignal::new(None);
    let local_error: RwSignal<Option<String>> = RwSignal::new(None);
    let id_text = RwSignal::new(String::new());
    let id_problem: RwSignal<Option<String>> = RwSignal::new(None);
    // The password is read from the field only when Start is pressed, into
    // a buffer wiped after encryption; no signal holds a copy of it.
    let password_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let clear_password = move || {
        if let Some(input) = password_input.get_untracked() {
            input.set_value("");
        }
    };
    // The encrypted password of a start that failed in transit, for Retry.
    let sealed: RwSignal<Option<String>> = RwSignal::new(None);
    let busy = RwSignal::new(false);
    let confirm_stop = RwSignal::new(false);

    let state = move || restore.with(|r| r.as_ref().map(|r| RestoreState::from_id(r.restore_state_id)));

    // Reads the restore (and its report once it has one); returns its state,
    // or None when the read failed (the failure is shown).
    let fetch = move |id: u64| async move {
        let r = auth.call_in(scope, |c| async move { c.restore_details(id).await }).await;
        match r {
            Ok(details) => {
                let state = RestoreState::from_id(details.restore_state_id);
                let started = state != RestoreState::Creating;
                let _ = restore.try_set(Some(details));
                let _ = load_error.try_set(None);
                if started {
                    // The report exists once the restore has started; 404 before.
                    match auth.call_in(scope, |c| async move { c.restore_report(id).await }).await {
                        Ok(rep) => {
                            let _ = report.try_set(Some(rep));
                        }
                        Err(ApiError::NotFound { .. }) => {
                            let _ = report.try_set(None);
                        }
                        Err(_) => {}
                    }
                }
                Some(state)
            }
            Err(e) => {
                let _ = load_error.try_set(Some(e));
                None
            }
        }
    };

    // Polls the selected restore while it is active.
    let watch = {
        let alive = alive.clone();
        let polling = polling.clone();
        move |id: u64| {
            let alive = alive.clone();
            let polling = polling.clone();
            polling.store(id, Ordering::Relaxed);
            spawn_local(async move {
                loop {
                    // A failed read (a 503, a dropped connection) does not end
                    // the watch: the restore keeps changing, so keep asking.
                    let state = fetch(id).await;
                    let failed_transiently = state.is_none()
                        && load_error.try_with_untracked(|e| e.as_ref().is_some_and(ApiError::is_retryable))
                            == Some(true);
                    if !failed_transiently && !state.is_some_and(RestoreState::is_active) {
                        break;
                    }
                    sleep_ms(POLL_MS).await;
                    if !alive.load(Ordering::Relaxed) || polling.load(Ordering::Relaxed) != id {
                        break;
                    }
                }
            });
        }
    };

    let select = {
        let watch = watch.clone();
        move |id: u64| {
            selected.set(Some(id));
            restore.set(None);
            report.set(None);
            start_error.set(None);
            stop_error.set(None);
            local_error.set(None);
            sealed.set(None);
            clear_password();
            watch(id);
        }
    };

    let show_by_id = {
        let select = select.clone();
        move |ev: leptos::ev::SubmitEvent| {
            ev.prevent_default();
            match id_text.get_untracked().trim().parse::<u64>() {
                Ok(id) if id > 0 => {
                    id_problem.set(None);
                    select(id);
                }
                _ => id_problem.set(Some("A restore ID is a whole number, e.g. 1394.".into())),
            }
        }
    };

    let send_start = {
        let watch = watch.clone();
        move |id: u64, cipher: Option<String>| {
            busy.set(true);
            start_error.set(None);
            let watch = watch.clone();
            spawn_local(async move {
                let r = auth
                    .call(|c| {
                        let cipher = cipher.clone();
                        async move { c.start_restore(id, cipher).await }
                    })
                    .await;
                ctx.log.record(
                    &auth,
                    &agent_label.get_untracked(),
                    &format!("Start restore {id}"),
                    &r,
                    "Restore start requested",
                );
                let _ = busy.try_set(false);
                match r {
                    Ok(()) => {
                        let _ = sealed.try_set(None);
                        reload_activity.run(());
                        watch(id);
                    }
                    Err(e) => {
                        // Only a failure in transit keeps the sealed password for
                        // Retry; a refusal needs the password typed again.
                        let _ = sealed.try_set(e.is_retryable().then_some(cipher).flatten());
                        let _ = start_error.try_set(Some(e));
                    }
                }
            });
        }
    };

    let start = Callback::new({
        let send_start = send_start.clone();
        move |_: ()| {
            let (Some(id), Some(r)) = (selected.get_untracked(), restore.get_untracked()) else {
                return;
            };
            local_error.set(None);
            let cipher = if r.is_encrypted {
                let key = r
                    .public_key
                    .as_ref()
                    .filter(|k| !k.modulus_hex.is_empty())
                    .map(|k| (k.modulus_hex.clone(), k.exponent_hex.clone()))
                    .or_else(|| agent_key.get_untracked());
                let Some((modulus, exponent)) = key else {
                    local_error.set(Some("Neither the restore nor the agent offers a public key, so the password cannot be sent safely. Refresh and try again.".into()));
                    return;
                };
                // The plain password leaves the field the moment it is read,
                // and its buffer is wiped (on drop) right after encryption.
                let plain =
                    zeroize::Zeroizing::new(password_input.get_untracked().map(|i| i.value()).unwrap_or_default());
                clear_password();
                match crypto::encrypt_password(&modulus, &exponent, &plain) {
                    Ok(hex) => Some(hex),
                    Err(e) => {
                        local_error.set(Some(e.to_string()));
                        return;
                    }
                }
            } else {
                None
            };
            send_start(id, cipher);
        }
    });
    let retry_start = Callback::new({
        let send_start = send_start.clone();
        move |_| {
            let Some(id) = selected.get_untracked() else {
                return;
            };
            let encrypted = restore.with_untracked(|r| r.as_ref().is_some_and(|r| r.is_encrypted));
            match sealed.get_untracked() {
                // Never a start without the password: the sealed copy is kept
                // only after a failure in transit, so ask for it again.
                None if encrypted => {
                    start_error.set(None);
                    local_error.set(Some(
                        "Type the encryption password again, then Start restore: it is not kept after a refused start."
                            .into(),
                    ));
                }
                cipher => send_start(id, cipher),
            }
        }
    });

    let stop = Callback::new({
        let watch = watch.clone();
        move |_| {
            confirm_stop.set(false);
            let Some(id) = selected.get_untracked() else {
                return;
            };
            busy.set(true);
            stop_error.set(None);
            let watch = watch.clone();
            spawn_local(async move {
                let r = auth.call(|c| async move { c.stop_restore(id).await }).await;
                ctx.log.record(
                    &auth,
                    &agent_label.get_untracked(),
                    &format!("Stop restore {id}"),
                    &r,
                    "Restore stop requested",
                );
                let _ = busy.try_set(false);
                match r {
                    Ok(()) => {
                        reload_activity.run(());
                        watch(id);
                    }
                    Err(e) => {
                        let _ = stop_error.try_set(Some(e));
                    }
                }
            });
        }
    });

    // Opens the restore that matters most once the activity is known: one
    // that is running, else the newest that can be started, else the newest.
    crate::ui::effect::effect({
        let select = select.clone();
        move || {
            if selected.get_untracked().is_some() {
                return;
            }
            let pick = activity.with(|a| {
                let restores: Vec<&ActivityV1> =
                    a.iter().flatten().filter(|x| x.kind.eq_ignore_ascii_case("restore")).collect();
                restores
                    .iter()
                    .find(|x| RestoreState::from_name(&x.current_state).is_active())
                    .or_else(|| restores.iter().find(|x| RestoreState::from_name(&x.current_state).can_start()))
                    .or_else(|| restores.first())
                    .map(|x| x.id)
            });
            if let Some(id) = pick {
                select(id);
            }
        }
    });

    let recent = move || {
        activity
            .get()
            .map(|a| a.into_iter().filter(|x| x.kind.eq_ignore_ascii_case("restore")).take(10).collect::<Vec<_>>())
    };

    let details_view = move || {
        let r = restore.get()?;
        let s = RestoreState::from_id(r.restore_state_id);
        let rep = report.get();
        let progress = rep.as_ref().and_then(|p| p.num_files_restored).map(|n| {
            format!("Files restored: {n} ({})", rep.as_ref().map(|p| p.num_bytes_restored.clone()).unwrap_or_default())
        });
        Some(view! {
            <div class="restore-details" data-restore-id=r.restore_id.to_string() data-restore-state=s.label()>
                <h3>{format!("Restore {}", r.restore_id)}</h3>
                <dl class="fields">
                    <dt>"State"</dt><dd class="restore-state">{s.label()}{s.is_active().then_some(" …")}</dd>
                    <dt>"Backup"</dt><dd>{format!("{} (from {})", r.backup_configuration_name, r.backup_machine_name)}</dd>
                    <dt>"Backup point"</dt><dd>{r.backup_restore_point.map(time::utc).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Destination"</dt><dd>{format!("{} : {}", r.destination_machine_name, if r.destination_path.is_empty() { "original locations".to_string() } else { r.destination_path.clone() })}</dd>
                    <dt>"Overwrite files"</dt><dd>{if r.overwrite_files { "Yes" } else { "No" }}</dd>
                    <dt>"Encrypted vault"</dt><dd>{if r.is_encrypted { "Yes: the encryption password is needed to start" } else { "No" }}</dd>
                    <dt>"Progress"</dt><dd>{progress.unwrap_or_else(|| if s.is_active() { "Starting…".into() } else { "—".into() })}</dd>
                </dl>
                {(s.is_active()).then(|| view! { <progress aria-label="Restore progress"></progress> })}
                {rep.filter(|_| s.is_finished()).map(|p| view! {
                    <div class="report">
                        <h4>"Report"</h4>
                        <p>{format!(
                            "{}: {}. {} files, {} in {}; {} error(s). {}",
                            p.state, p.reason, p.num_files_restored.unwrap_or(0), p.num_bytes_restored, p.duration,
                            p.num_errors.unwrap_or(0), p.diagnostics
                        )}</p>
                    </div>
                })}
            </div>
        })
    };

    view! {
        <section class="panel" aria-labelledby="restores-title">
            <h2 id="restores-title">"Restores"</h2>
            {move || recent().map(|list| if list.is_empty() {
                view! { <p class="muted">"No recent restores in this agent's activity."</p> }.into_any()
            } else {
                view! {
                    <table aria-label="Recent restores" class="compact">
                        <thead><tr><th>"Restore ID"</th><th>"Backup"</th><th>"State"</th><th>"Time (UTC)"</th><th></th></tr></thead>
                        <tbody>
                            {list.into_iter().map(|a| {
                                let select = select.clone();
                                let id = a.id;
                                view! {
                                    <tr data-restore-id=id.to_string()>
                                        <td class="num">{id}</td>
                                        <td>{a.display_name.clone()}</td>
                                        <td>{RestoreState::from_name(&a.current_state).label()}</td>
                                        <td>{a.time_of_activity.map(time::utc).unwrap_or_default()}</td>
                                        <td><button type="button" on:click=move |_| select(id)>{format!("Open restore {id}")}</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            })}
            <form class="inline" on:submit=show_by_id>
                <label for="restore-id">"Restore ID"</label>
                <input id="restore-id" inputmode="numeric" prop:value=move || id_text.get() on:input=move |ev| id_text.set(event_target_value(&ev)) />
                <button type="submit">"Show restore"</button>
            </form>
            <Alert message=id_problem />
            <ErrorBox error=load_error />
            {details_view}
            <Show when=move || restore.with(Option::is_some)>
                <div class="restore-actions">
                    <Show when=move || restore.with(|r| r.as_ref().is_some_and(|r| r.is_encrypted)) && state().is_some_and(RestoreState::can_start)>
                        <div class="field">
                            <label for="restore-password">"Encryption password"</label>
                            <input
                                id="restore-password"
                                type="password"
                                autocomplete="off"
                                node_ref=password_input
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    if ev.key() == "Enter" {
                                        ev.prevent_default();
                                        start.run(());
                                    }
                                }
                            />
                            <p class="hint">"Encrypted here with the agent's public key; the plain password is never sent or kept."</p>
                        </div>
                    </Show>
                    <button type="button" class="primary" on:click=move |_| start.run(()) disabled=move || busy.get() || !state().is_some_and(RestoreState::can_start)>
                        "Start restore"
                    </button>
                    <button type="button" class="danger" on:click=move |_| confirm_stop.set(true) disabled=move || busy.get() || !state().is_some_and(RestoreState::can_stop)>
                        "Stop restore"
                    </button>
                </div>
            </Show>
            <Alert message=local_error />
            <ErrorBox error=start_error retry=retry_start />
            <ErrorBox error=stop_error retry=stop />
            <ConfirmDialog
                id="stop-restore-title"
                open=confirm_stop
                title=Signal::derive(move || format!("Stop restore {}?", selected.get().unwrap_or_default()))
                body=Signal::derive(move || format!(
                    "The restore on {}, {}, will stop; files already restored stay in place. You can start it again later.",
                    agent_label.get(), ctx.where_()
                ))
                confirm_label="Stop restore"
                on_confirm=stop
                on_cancel=Callback::new(move |_| confirm_stop.set(false))
            />
        </section>
    }
}
