//! The backup being followed: its state, files and bytes so far, elapsed
//! time, and Stop (confirmed, default Cancel).

use super::Backups;
use crate::api::Client;
use crate::domain::backup::RunState;
use crate::domain::time;
use crate::state::load::{Act, Logged, Reading};
use crate::ui::dynamic::{show_when, text};
use crate::ui::widgets::confirm::ConfirmDialog;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::AppCtx;
use leptos::prelude::*;

#[component]
pub fn RunningBackup(backups: Backups) -> impl IntoView {
    let ctx = AppCtx::get();
    let stopping = Act::new(ctx.auth, ctx.log);
    let confirm = RwSignal::new(false);
    let state = move || backups.state();
    let name = move || {
        backups.status.value.with(|s| s.as_ref().map(|s| s.backup_configuration_name.clone()).unwrap_or_default())
    };
    let stop = Callback::new(move |_| {
        confirm.set(false);
        let Some(id) = backups.watched.get_untracked() else { return };
        let entry = Logged {
            agent: backups.label.get_untracked(),
            action: format!("Stop backup {id}"),
            done: "Backup stop requested".into(),
        };
        stopping.run(entry, move |c: Client| -> Reading<()> {
            Box::pin(async move {
                c.stop_backup(id).await?;
                backups.watch(id);
                Ok(())
            })
        });
    });
    let counts = move || {
        let now = ctx.clock.now.get();
        backups.progress.value.with(|p| {
            p.as_ref().map(|p| {
                let files = match (p.files_backed_up, p.files_searched) {
                    (Some(done), Some(all)) => format!("{done} files backed up ({all} searched)"),
                    (Some(done), None) => format!("{done} files backed up"),
                    _ => "no files yet".into(),
                };
                let bytes =
                    if p.bytes_backed_up.is_empty() { String::new() } else { format!(", {}", p.bytes_backed_up) };
                let elapsed = p.start_time.map(|t| format!(", started {}", time::ago(now, t))).unwrap_or_default();
                format!("{files}{bytes}{elapsed}")
            })
        })
    };
    view! {
        {show_when(move || backups.watched.with(Option::is_some), move || view! {
            <div class="running-backup" role="status" aria-live="polite">
                <h3>{text(move || format!("Backup {} {}", backups.watched.get().unwrap_or_default(), name()))}</h3>
                <p>
                    <span id="backup-state" tabindex="-1" class=move || state().map(|s| s.tone().class()).unwrap_or("run")>
                        {text(move || state().map(RunState::label).unwrap_or("Reading…"))}
                    </span>
                    " · " {text(move || counts().unwrap_or_default())}
                </p>
                <button type="button" class="danger" on:click=move |_| confirm.set(true)
                    disabled=move || stopping.busy.get() || ctx.auth.write_block().is_some() || !state().is_some_and(RunState::can_stop)
                    title=move || ctx.auth.write_block().unwrap_or_default()>"Stop backup"</button>
                <ErrorBox error=backups.status.error />
                <ErrorBox error=stopping.error retry=stopping.retry() />
            </div>
        })}
        <ConfirmDialog
            id="stop-backup-title"
            open=confirm
            title=Signal::derive(move || format!("Stop backup {}?", backups.watched.get().unwrap_or_default()))
            body=Signal::derive(move || format!(
                "The backup of {} on {}, {}, stops before it finishes. Back up now starts it again later.",
                name(), backups.label.get(), ctx.where_()
            ))
            confirm_label="Stop backup"
            on_confirm=stop
            on_cancel=Callback::new(move |_| confirm.set(false))
        />
    }
    .into_any()
}
