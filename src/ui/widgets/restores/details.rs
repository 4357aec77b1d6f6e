//! The restore on screen: whose it is, where it writes, its state and
//! progress, and its report once it has ended.

use super::Shown;
use crate::api::types::{RestoreReportV1, RestoreV1};
use crate::domain::restore::{self, RestoreState};
use crate::domain::text::{visible, yes_no};
use crate::domain::time;
use crate::ui::dynamic::{markup, show_when, text};
use leptos::prelude::*;

/// "WEB-01 (202743)": the agent a restore writes to, as the action log
/// names it.
pub fn destination_label(r: &RestoreV1) -> String {
    match r.destination_machine_id {
        Some(id) => format!("{} ({id})", visible(&r.destination_machine_name)),
        None => visible(&r.destination_machine_name).into_owned(),
    }
}

fn fields(r: &RestoreV1) -> [(&'static str, String); 5] {
    let path =
        if r.destination_path.is_empty() { "original locations".to_string() } else { r.destination_path.clone() };
    [
        ("Restores onto", format!("{} : {}", destination_label(r), visible(&path))),
        ("Backup", visible(&format!("{} (from {})", r.backup_configuration_name, r.backup_machine_name)).into_owned()),
        ("Backup point", r.backup_restore_point.map(time::utc).unwrap_or_else(|| "—".into())),
        ("Overwrite files", yes_no(r.overwrite_files).into()),
        (
            "Encrypted vault",
            if r.is_encrypted { "Yes: the encryption password is needed to start" } else { "No" }.into(),
        ),
    ]
}

/// The block stays in place while the restore is watched (only its texts
/// change), so focus and a screen reader's place survive every poll.
#[component]
pub fn RestoreDetails(shown: Shown) -> impl IntoView {
    let state = move || shown.state().unwrap_or(RestoreState::Other);
    let id = move || shown.restore.value.with(|r| r.as_ref().map(|r| r.restore_id).unwrap_or_default());
    let clock = crate::ui::AppCtx::get().clock;
    // (files restored, total if known, percent if known, seconds left if known)
    let figures = move || {
        let total = shown.total.value.get().flatten();
        shown.report.value.with(|p| {
            let p = p.as_ref()?;
            let n = p.num_files_restored?;
            let elapsed = p.start_time.map(|s| clock.now.get() - s).unwrap_or(0);
            let (percent, left) = match total {
                Some(t) if t > 0 => {
                    let (pc, left) = restore::progress(n, t, elapsed);
                    (Some(pc), left)
                }
                _ => (None, None),
            };
            Some((n, total, percent, left, p.num_bytes_restored.clone()))
        })
    };
    let progress = move || match figures() {
        Some((n, Some(t), Some(pc), left, bytes)) if state().is_active() => {
            let left = match left {
                Some(0) => ", almost done".to_string(),
                Some(s) => format!(", about {} left", time::until(0, s * 1000).trim_start_matches("in ")),
                None => String::new(),
            };
            format!("Files restored: {n} of {t} ({pc} %{left}; {bytes})")
        }
        Some((n, _, _, _, bytes)) => format!("Files restored: {n} ({bytes})"),
        None if state().is_active() => "Starting…".into(),
        None => "—".into(),
    };
    let percent = move || figures().and_then(|f| f.2);
    let report = move || shown.report.value.get().filter(|_| state().is_finished());
    view! {
        {show_when(move || shown.restore.value.with(Option::is_some), move || view! {
            <div class="restore-details" data-restore-id=move || id().to_string() data-restore-state=move || state().label()>
                <h3>{text(move || format!("Restore {}", id()))}</h3>
                <dl class="fields">
                    <dt>"State"</dt>
                    <dd class="restore-state" id="restore-state" tabindex="-1">{text(move || format!("{}{}", state().label(), if state().is_active() { " …" } else { "" }))}</dd>
                    {markup(move || shown.restore.value.with(|r| r.as_ref().map(|r| fields(r).into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view())))}
                    <dt>"Progress"</dt><dd>{text(progress)}</dd>
                </dl>
                {markup(move || state().is_active().then(|| {
                    // Without a percent the bar is indeterminate: no max, no value.
                    let pc = percent();
                    view! { <progress aria-label="Restore progress" max=pc.map(|_| "100") value=pc.map(|p| p.to_string())></progress> }
                }))}
                {markup(move || report().map(|p| view! { <RestoreReport report=p /> }))}
            </div>
        })}
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
