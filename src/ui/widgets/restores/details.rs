//! The restore on screen: whose it is, where it writes, its state and
//! progress, and its report once it has ended.

use super::Shown;
use crate::api::types::{RestoreReportV1, RestoreV1};
use crate::domain::restore::RestoreState;
use crate::domain::text::{visible, yes_no};
use crate::domain::time;
use leptos::prelude::*;

/// "WEB-01 (202743)": the agent a restore writes to, as the action log
/// names it.
pub fn destination_label(r: &RestoreV1) -> String {
    match r.destination_machine_id {
        Some(id) => format!("{} ({id})", visible(&r.destination_machine_name)),
        None => visible(&r.destination_machine_name).into_owned(),
    }
}

#[component]
pub fn RestoreDetails(shown: Shown) -> impl IntoView {
    move || {
        let r = shown.restore.value.get()?;
        let s = RestoreState::from_id(r.restore_state_id);
        let rep = shown.report.value.get();
        let progress = rep.as_ref().and_then(|p| p.num_files_restored).map(|n| {
            format!("Files restored: {n} ({})", rep.as_ref().map(|p| p.num_bytes_restored.clone()).unwrap_or_default())
        });
        let path =
            if r.destination_path.is_empty() { "original locations".to_string() } else { r.destination_path.clone() };
        Some(view! {
            <div class="restore-details" data-restore-id=r.restore_id.to_string() data-restore-state=s.label()>
                <h3>{format!("Restore {}", r.restore_id)}</h3>
                <dl class="fields">
                    <dt>"State"</dt><dd class="restore-state" id="restore-state" tabindex="-1">{s.label()}{s.is_active().then_some(" …")}</dd>
                    <dt>"Restores onto"</dt><dd>{format!("{} : {}", destination_label(&r), visible(&path))}</dd>
                    <dt>"Backup"</dt><dd>{visible(&format!("{} (from {})", r.backup_configuration_name, r.backup_machine_name)).into_owned()}</dd>
                    <dt>"Backup point"</dt><dd>{r.backup_restore_point.map(time::utc).unwrap_or_else(|| "—".into())}</dd>
                    <dt>"Overwrite files"</dt><dd>{yes_no(r.overwrite_files)}</dd>
                    <dt>"Encrypted vault"</dt><dd>{if r.is_encrypted { "Yes: the encryption password is needed to start" } else { "No" }}</dd>
                    <dt>"Progress"</dt><dd>{progress.unwrap_or_else(|| if s.is_active() { "Starting…".into() } else { "—".into() })}</dd>
                </dl>
                {s.is_active().then(|| view! { <progress aria-label="Restore progress"></progress> })}
                {rep.filter(|_| s.is_finished()).map(|p| view! { <RestoreReport report=p /> })}
            </div>
        })
    }
}

#[component]
fn RestoreReport(report: RestoreReportV1) -> impl IntoView {
    let p = report;
    view! {
        <div class="report">
            <h4>"Report"</h4>
            <p>{visible(&format!(
                "{}: {}. {} files, {} in {}; {} error(s). {}",
                p.state, p.reason, p.num_files_restored.unwrap_or(0), p.num_bytes_restored, p.duration,
                p.num_errors.unwrap_or(0), p.diagnostics
            )).into_owned()}</p>
            {(!p.error_list.is_empty()).then(|| view! {
                <ul class="report-errors">
                    {p.error_list.iter().take(50).map(|e| view! {
                        <li>{visible(&format!("{}: {} {}", e.path, e.error_desc, e.exception_desc)).into_owned()}</li>
                    }).collect_view()}
                </ul>
            })}
        </div>
    }
}
