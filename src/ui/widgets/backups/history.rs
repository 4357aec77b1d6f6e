//! The agent's recent backups (from its activity) and the report of one:
//! files, size, duration, and every error listed.

use super::Backups;
use crate::api::backups::BackupReportV1;
use crate::api::types::ActivityV1;
use crate::domain::backup::RunState;
use crate::domain::time;
use crate::ui::dynamic::markup;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::widgets::restore_wizard::wizard_path;
use leptos::prelude::*;

const SHOWN: usize = 15;

#[component]
pub fn BackupsTable(backups: Backups) -> impl IntoView {
    let location = crate::ui::router::Location::get();
    let rows = move || {
        let list: Vec<ActivityV1> = backups.activity.with(|a| {
            a.iter().flatten().filter(|x| x.kind.eq_ignore_ascii_case("backup")).take(SHOWN).cloned().collect()
        });
        list.into_iter()
            .map(|a| {
                let id = a.backup_id.filter(|b| *b > 0).unwrap_or(a.id);
                let state = RunState::from_name(&a.current_state);
                let restorable = matches!(state, RunState::Completed | RunState::CompletedWithErrors);
                let config = a.parent_id.unwrap_or_default();
                view! {
                    <tr data-backup-id=id.to_string()>
                        <td class="num">{id}</td>
                        <td>{a.display_name.clone()}</td>
                        <td><span class=state.tone().class()>{state.label()}</span></td>
                        <td>{a.time_of_activity.map(time::utc).unwrap_or_default()}</td>
                        <td class="row-actions">
                            <button type="button" on:click=move |_| backups.open_report(id)>{format!("Report of backup {id}")}</button>
                            {restorable.then(|| view! {
                                <button type="button" on:click=move |_| location.navigate(&wizard_path(backups.agent, Some((config, id))), false)>
                                    {format!("Restore from backup {id}")}
                                </button>
                            })}
                        </td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <h3>"Recent backups"</h3>
        <table aria-label="Backups" class="compact">
            <thead><tr><th>"Backup ID"</th><th>"Configuration"</th><th>"Result"</th><th>"Time (UTC)"</th><th></th></tr></thead>
            <tbody>{markup(rows)}</tbody>
        </table>
        <ErrorBox error=backups.report.error />
        {markup(move || backups.report.value.get().map(|r| view! { <BackupReport report=r /> }))}
    }
    .into_any()
}

#[component]
fn BackupReport(report: BackupReportV1) -> impl IntoView {
    let state = RunState::from_name(&report.state);
    let count = |n: Option<u64>| n.map(|n| n.to_string()).unwrap_or_else(|| "–".into());
    let errors = report.error_list.clone();
    view! {
        <div class="backup-report" aria-label="Backup report">
            <h3>{format!("Report of backup {}", report.backup_id.unwrap_or_default())}</h3>
            <dl class="fields">
                <dt>"Result"</dt><dd><span class=state.tone().class()>{state.label()}</span>{(!report.reason.is_empty()).then(|| format!(" · {}", report.reason))}</dd>
                <dt>"Configuration"</dt><dd>{report.backup_configuration_name.clone()}</dd>
                <dt>"Started"</dt><dd>{report.start_time.map(time::utc).unwrap_or_default()}</dd>
                <dt>"Finished"</dt><dd>{report.completed_time.map(time::utc).unwrap_or_default()}</dd>
                <dt>"Duration"</dt><dd>{report.duration.clone()}</dd>
                <dt>"Files"</dt><dd>{format!("{} backed up of {} searched", count(report.files_backed_up), count(report.files_searched))}</dd>
                <dt>"Size"</dt><dd>{format!("{} backed up of {} searched", report.bytes_backed_up, report.bytes_searched)}</dd>
                <dt>"Errors"</dt><dd>{count(report.num_errors)}{(!report.diagnostics.is_empty()).then(|| format!(" · {}", report.diagnostics))}</dd>
            </dl>
            {(!errors.is_empty()).then(|| view! {
                <table aria-label="Backup errors" class="compact">
                    <thead><tr><th>"Path"</th><th>"Error"</th></tr></thead>
                    <tbody>
                        {errors.into_iter().map(|e| view! {
                            <tr><td>{e.path}</td><td>{if e.exception_desc.is_empty() { e.error_desc } else { e.exception_desc }}</td></tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })}
        </div>
    }
    .into_any()
}
