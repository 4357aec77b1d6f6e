//! Backups of one agent: its configurations (what, when, the last run, and
//! overdue against its own schedule), "Back up now" with live progress and
//! Stop, and its recent backups with their reports.

mod configs;
mod history;
mod run;

use crate::api::backups::{BackupReportV1, BackupV1};
use crate::api::configurations::BackupConfigurationV1;
use crate::api::reply::Records;
use crate::api::types::ActivityV1;
use crate::domain::backup::RunState;
use crate::state::clock::sleep_ms;
use crate::state::load::Load;
use crate::state::scope::RequestScope;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::AppCtx;
use configs::ConfigurationsTable;
use history::BackupsTable;
use leptos::prelude::*;
use leptos::task::spawn_local;
use run::RunningBackup;

const POLL_MS: u64 = 2_000;

/// What the section reads and follows.
#[derive(Clone, Copy)]
pub(super) struct Backups {
    pub agent: u64,
    /// "WEB-01 (202743)", for the action log and confirmations.
    pub label: Signal<String>,
    pub configs: Load<Records<BackupConfigurationV1>>,
    pub activity: Signal<Option<Vec<ActivityV1>>>,
    /// Reloads the agent's activity (the backups list) and configurations.
    pub changed: Callback<()>,
    /// The backup being followed, its state and its report so far.
    pub watched: RwSignal<Option<u64>>,
    pub status: Load<BackupV1>,
    pub progress: Load<BackupReportV1>,
    /// The backup whose report is open.
    pub reported: RwSignal<Option<u64>>,
    pub report: Load<BackupReportV1>,
}

impl Backups {
    pub fn load_configs(self) {
        read_configs(self.configs, self.agent);
    }

    pub fn state(&self) -> Option<RunState> {
        self.status.value.with(|s| s.as_ref().map(|s| RunState::from_name(&s.current_state)))
    }

    /// Follows backup `id` until it ends, the view goes, or another backup
    /// is followed; then the lists catch up.
    pub fn watch(self, id: u64) {
        self.watched.set(Some(id));
        self.status.value.set(None);
        self.progress.value.set(None);
        spawn_local(async move {
            loop {
                let read = self.status.read(move |c| Box::pin(async move { c.backup_status(id).await })).await;
                // The report carries the counts while it runs (404 before it starts).
                self.progress.read(move |c| Box::pin(async move { c.backup_report(id).await })).await;
                if self.progress.error.with_untracked(|e| matches!(e, Some(crate::api::ApiError::NotFound { .. }))) {
                    self.progress.error.set(None);
                }
                let running = self.state().is_some_and(RunState::is_running);
                if !(running || (!read && self.status.failed_transiently())) {
                    break;
                }
                sleep_ms(POLL_MS).await;
                if !self.status.alive() || self.watched.try_get_untracked().flatten() != Some(id) {
                    return;
                }
            }
            if self.status.alive() {
                self.changed.run(());
            }
        });
    }

    pub fn open_report(self, id: u64) {
        self.reported.set(Some(id));
        self.report.value.set(None);
        self.report.start(move |c| Box::pin(async move { c.backup_report(id).await }));
    }
}

/// Reads an agent's configurations (this section's, and the restore wizard's).
pub fn read_configs(configs: Load<Records<BackupConfigurationV1>>, agent: u64) {
    configs.start(move |c| Box::pin(async move { c.agent_configurations(agent).await }));
}

#[component]
pub fn BackupsSection(
    agent: u64,
    #[prop(into)] activity: Signal<Option<Vec<ActivityV1>>>,
    #[prop(into)] label: Signal<String>,
    /// Reloads the agent's activity.
    reload_activity: Callback<()>,
) -> impl IntoView {
    let auth = AppCtx::get().auth;
    let scope = RequestScope::for_view();
    let configs = Load::new(auth, scope);
    let changed = Callback::new(move |_| {
        reload_activity.run(());
        read_configs(configs, agent);
    });
    let backups = Backups {
        agent,
        label,
        configs,
        activity,
        changed,
        watched: RwSignal::new(None),
        status: Load::new(auth, scope),
        progress: Load::new(auth, scope),
        reported: RwSignal::new(None),
        report: Load::new(auth, scope),
    };
    backups.load_configs();
    // A backup already running when the page opens is followed.
    crate::ui::effect::effect(move || {
        if backups.watched.get_untracked().is_some() {
            return;
        }
        let running = activity.with(|a| {
            a.iter()
                .flatten()
                .find(|x| x.kind.eq_ignore_ascii_case("backup") && RunState::from_name(&x.current_state).is_running())
                .map(|x| x.backup_id.unwrap_or(x.id))
        });
        if let Some(id) = running {
            backups.watch(id);
        }
    });
    let retry = Callback::new(move |_| backups.load_configs());
    view! {
        <section class="panel backups" aria-labelledby="backups-title">
            <h2 id="backups-title">"Backups"</h2>
            <ErrorBox error=configs.error retry=retry />
            <ConfigurationsTable backups=backups />
            <RunningBackup backups=backups />
            <BackupsTable backups=backups />
        </section>
    }
    .into_any()
}
