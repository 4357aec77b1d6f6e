//! The agent's backup configurations, one row each: what it backs up, when
//! (and the next run), enabled or not, how and when it last ran, overdue
//! against its own schedule; "Back up now" and Enable/Disable (confirmed).

use super::Backups;
use crate::api::configurations::BackupConfigurationV1;
use crate::api::types::ActivityV1;
use crate::api::Client;
use crate::domain::backup::{overdue, paths_summary, RunState, Schedule};
use crate::domain::time;
use crate::state::load::{attempts, Act, Logged, Reading};
use crate::ui::dynamic::{markup, show_when};
use crate::ui::widgets::confirm::ConfirmDialog;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::widgets::write_blocked::WriteBlockedNote;
use crate::ui::AppCtx;
use leptos::prelude::*;

fn schedule(c: &BackupConfigurationV1) -> Schedule {
    Schedule::from_v1(
        &c.frequency,
        c.start_time_hour,
        c.start_time_minute,
        &c.start_time_am_pm,
        c.day_of_week_id,
        c.hour_interval,
    )
}

/// The newest run of configuration `id` in the agent's activity.
fn newest_run(activity: &[ActivityV1], id: u64) -> Option<&ActivityV1> {
    activity.iter().find(|x| x.kind.eq_ignore_ascii_case("backup") && x.parent_id == Some(id))
}

/// The newest run of configuration `id`: (state, time).
fn last_run(activity: &[ActivityV1], id: u64) -> Option<(RunState, Option<i64>)> {
    newest_run(activity, id).map(|x| (RunState::from_name(&x.current_state), x.time_of_activity))
}

/// The run of configuration `id` that is still going, if any.
fn running_run(activity: &[ActivityV1], id: u64) -> Option<u64> {
    newest_run(activity, id).filter(|x| RunState::from_name(&x.current_state).is_running()).map(|x| x.id)
}

#[component]
pub fn ConfigurationsTable(backups: Backups) -> impl IntoView {
    let ctx = AppCtx::get();
    let (starting, switching) = (Act::new(ctx.auth, ctx.log), Act::new(ctx.auth, ctx.log));
    // The configuration whose Enable/Disable waits for confirmation.
    let confirm: RwSignal<Option<(u64, String, bool)>> = RwSignal::new(None);
    let entry =
        move |action: String, done: &str| Logged { agent: backups.label.get_untracked(), action, done: done.into() };
    let back_up_now = move |id: u64, name: String| {
        // Retry after an answer that never came: a run of this configuration
        // that is going already is the first attempt's, followed instead of
        // starting a second.
        let is_retry = attempts();
        starting.run(entry(format!("Back up now: {name} ({id})"), "Backup started"), move |c: Client| -> Reading<()> {
            let again = is_retry();
            Box::pin(async move {
                let going = match again {
                    true => running_run(&c.agent_activity(backups.agent).await?, id),
                    false => None,
                };
                let backup = match going {
                    Some(backup) => backup,
                    None => c.start_backup(id).await?,
                };
                backups.watch(backup);
                backups.changed.run(());
                Ok(())
            })
        });
    };
    let switch = Callback::new(move |_: ()| {
        let Some((id, name, enable)) = confirm.get_untracked() else { return };
        confirm.set(None);
        let verb = verb(enable);
        switching.run(
            entry(format!("{verb} backup configuration {name} ({id})"), "Done"),
            move |c: Client| -> Reading<()> {
                Box::pin(async move {
                    c.enable_configuration(id, enable).await?;
                    backups.changed.run(());
                    Ok(())
                })
            },
        );
    });
    let open_switch = Callback::new(move |c: (u64, String, bool)| confirm.set(Some(c)));
    let start = Callback::new(move |(id, name): (u64, String)| back_up_now(id, name));
    let busy = Signal::derive(move || starting.busy.get() || switching.busy.get());
    // Whole values (`get`), not `with` closures: each `with` closure is its
    // own copy of the signal-reading code in the bundle.
    let rows = move || {
        let now = ctx.clock.now.get();
        let activity = backups.activity.get().unwrap_or_default();
        let configs = backups.configs.value.get().map(|r| r.items).unwrap_or_default();
        configs
            .iter()
            .filter(|c| !c.is_deleted)
            .map(|c| view! { <ConfigRow row=row(&activity, c, now) start=start switch=open_switch busy=busy /> })
            .collect_view()
    };
    let empty = move || backups.configs.value.get().is_some_and(|r| r.items.iter().all(|c| c.is_deleted));
    let asked = move || confirm.get().unwrap_or_default();
    view! {
        <table aria-label="Backup configurations" class="compact">
            <thead><tr><th>"Configuration"</th><th>"Backs up"</th><th>"Schedule"</th><th>"State"</th><th>"Last run"</th><th></th></tr></thead>
            <tbody>{markup(rows)}</tbody>
        </table>
        {show_when(empty, move || view! {
            <p class="muted">"This agent has no backup configurations."</p>
        })}
        <WriteBlockedNote />
        <ErrorBox error=starting.error retry=starting.retry() />
        <ErrorBox error=switching.error retry=switching.retry() />
        <ConfirmDialog
            id="switch-config-title"
            open=Signal::derive(move || confirm.get().is_some())
            title=Signal::derive(move || { let (_, name, on) = asked(); format!("{} {name}?", verb(on)) })
            body=Signal::derive(move || {
                let (_, name, on) = asked();
                let (agent, at) = (backups.label.get(), ctx.where_());
                if on {
                    format!("{name} will run on its schedule again on {agent}, {at}.")
                } else {
                    format!("No scheduled backup of {name} will run on {agent}, {at}, until it is enabled again. Backups already made stay restorable.")
                }
            })
            confirm_label=Signal::derive(move || verb(asked().2).to_string())
            on_confirm=switch
            on_cancel=Callback::new(move |_| confirm.set(None))
        />
    }
    .into_any()
}

/// One configuration's row, as text: built once per refresh, so the row's
/// view holds no reactive parts but its buttons.
struct Row {
    id: u64,
    name: String,
    paths: String,
    schedule: String,
    next: String,
    enabled: bool,
    last: Option<RunState>,
    last_when: String,
    overdue: Option<String>,
}

fn verb(enable: bool) -> &'static str {
    if enable {
        "Enable"
    } else {
        "Disable"
    }
}

fn row(activity: &[ActivityV1], c: &BackupConfigurationV1, now: i64) -> Row {
    let id = c.backup_configuration_id;
    let when = schedule(c);
    let includes: Vec<String> = c.inclusions.iter().map(|f| f.file_path.clone()).collect();
    let excludes: Vec<String> = c.exclusions.iter().map(|f| f.file_path.clone()).collect();
    let last = last_run(activity, id);
    let last_ms = last.and_then(|(_, t)| t).or(c.last_run_time);
    Row {
        id,
        name: c.name.clone(),
        paths: paths_summary(&includes, &excludes),
        schedule: when.in_words(),
        next: c
            .next_scheduled_run_time
            .filter(|_| c.is_active)
            .map(|t| format!("next {} ({})", time::utc(t), time::until(now, t)))
            .unwrap_or_default(),
        enabled: c.is_active,
        last: last.map(|(s, _)| s),
        last_when: last_ms.map(|t| time::ago(now, t)).unwrap_or_default(),
        overdue: overdue(when, c.is_active, last_ms, now),
    }
}

#[component]
fn ConfigRow(
    row: Row,
    start: Callback<(u64, String)>,
    switch: Callback<(u64, String, bool)>,
    busy: Signal<bool>,
) -> impl IntoView {
    let auth = AppCtx::get().auth;
    let blocked = move || busy.get() || auth.write_block().is_some();
    let why = move || auth.write_block().unwrap_or_default();
    let Row { id, name, paths, schedule, next, enabled, last, last_when, overdue } = row;
    let (n1, n2, late) = (name.clone(), name.clone(), overdue.is_some());
    let (result, tone) = match last {
        Some(s) => (s.label(), s.tone().class()),
        None => ("No run in recent activity", "muted"),
    };
    view! {
        <tr data-configuration-id=id.to_string() class:overdue=late>
            <td>{name}</td>
            <td>{paths}</td>
            <td>{schedule}<br/><span class="muted">{next}</span></td>
            <td>{if enabled { "Enabled" } else { "Disabled" }}</td>
            <td>
                <span class=tone>{result}</span><br/><span class="muted">{last_when}</span>
                <br/><strong class="run bad">{overdue}</strong>
            </td>
            <td class="row-actions">
                <button type="button" class="primary" on:click=move |_| start.run((id, n1.clone())) disabled=blocked title=why>"Back up now"</button>
                <button type="button" on:click=move |_| switch.run((id, n2.clone(), !enabled)) disabled=blocked title=why>
                    {if enabled { "Disable" } else { "Enable" }}
                </button>
            </td>
        </tr>
    }
    .into_any()
}
