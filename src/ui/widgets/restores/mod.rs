//! Restores of one agent: the recent ones from its activity, or any restore
//! by ID; its details (whose restore it is, state, backup point, progress);
//! start (an encrypted vault's password is encrypted in the browser with the
//! agent's RSA key and wiped), stop with a confirmation whose default is
//! Cancel; watching until it ends; the report.

mod actions;
mod details;
mod recent;

use crate::api::types::{ActivityV1, RestoreReportV1, RestoreV1};
use crate::api::ApiError;
use crate::domain::restore::RestoreState;
use crate::domain::restore_change::plan_for;
use crate::state::clock::sleep_ms;
use crate::state::load::Load;
use crate::state::scope::RequestScope;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::widgets::restore_wizard::{address, wizard_path};
use crate::ui::AppCtx;
use actions::RestoreActions;
use details::RestoreDetails;
use leptos::prelude::*;
use leptos::task::spawn_local;
use recent::{RecentRestores, RestoreById};

const POLL_MS: u64 = 2_000;

/// The restore on screen, its report, and the one being watched.
#[derive(Clone, Copy)]
pub(super) struct Shown {
    pub selected: RwSignal<Option<u64>>,
    pub restore: Load<RestoreV1>,
    pub report: Load<RestoreReportV1>,
    /// The files a running restore writes in all, when the API tells: the
    /// backup's files for a whole-backup restore; `Some(None)` for a
    /// narrowed one (no total), `None` until read.
    pub total: Load<Option<u64>>,
    /// For a restore still "Creating": the address of the wizard opened on
    /// it ("Change restore"), with its filters as read from the API. (An
    /// address, not the filters: a signal of a type the bundle has already.)
    pub change: Load<Option<String>>,
    /// Reloads the agent's activity, so its lists show the latest state.
    pub changed: Callback<()>,
}

impl Shown {
    pub fn state(&self) -> Option<RestoreState> {
        self.restore.value.with(|r| r.as_ref().map(|r| RestoreState::from_id(r.restore_state_id)))
    }

    /// Reads the restore, and its report once it has started (404 before);
    /// true when the restore is worth asking about again.
    async fn refresh(self, id: u64) -> bool {
        let read = self.restore.read(move |c| Box::pin(async move { c.restore_details(id).await })).await;
        let state = read.then(|| self.state()).flatten();
        if state == Some(RestoreState::Creating) {
            let r = self.restore.value.get_untracked();
            self.change
                .read(move |c| {
                    let r = r.clone();
                    Box::pin(async move {
                        let files = c.restore_files(id).await?;
                        // Another restore selected meanwhile: its address stays.
                        if self.selected.get_untracked() != Some(id) {
                            return Ok(self.change.value.get_untracked().flatten());
                        }
                        let plan = r.as_ref().and_then(|r| Some((plan_for(r, &files)?, r.backup_machine_id?)));
                        Ok(plan.map(|(plan, agent)| address(agent, Some(&plan))))
                    })
                })
                .await;
        }
        if state.is_some_and(|s| s != RestoreState::Creating) {
            self.report.read(move |c| Box::pin(async move { c.restore_report(id).await })).await;
            if self.report.error.with_untracked(|e| matches!(e, Some(ApiError::NotFound { .. }))) {
                self.report.error.set(None);
            }
        }
        if state.is_some_and(RestoreState::is_active) && self.total.value.with_untracked(Option::is_none) {
            self.read_total(id).await;
        }
        // A failed read (a 503, a dropped connection) does not end the
        // watch: the restore keeps changing, so keep asking.
        state.is_some_and(RestoreState::is_active) || (!read && self.restore.failed_transiently())
    }

    /// The restore's total, once: a restore of the whole backup writes the
    /// files its backup's report searched; a narrowed one has no total.
    async fn read_total(self, id: u64) {
        let Some(backup) = self.restore.value.with_untracked(|r| r.as_ref().and_then(|r| r.backup_id)) else {
            return;
        };
        self.total
            .read(move |c| {
                Box::pin(async move {
                    if !c.restore_files(id).await?.is_empty() {
                        return Ok(None);
                    }
                    Ok(c.backup_report(backup).await?.files_searched)
                })
            })
            .await;
    }

    /// Follows restore `id` until it ends, the view goes, or another
    /// restore is selected.
    pub fn watch(self, id: u64) {
        spawn_local(async move {
            while self.refresh(id).await {
                sleep_ms(POLL_MS).await;
                if !self.restore.alive() || self.selected.try_get_untracked().flatten() != Some(id) {
                    return;
                }
            }
            // It ended (or cannot be read): the activity lists catch up.
            if self.restore.alive() {
                self.changed.run(());
            }
        });
    }

    /// Nothing on screen (the restore was deleted).
    pub fn forget(self) {
        self.selected.set(None);
        self.restore.value.set(None);
        self.restore.error.set(None);
        self.report.value.set(None);
        self.total.value.set(None);
        self.change.value.set(None);
    }

    pub fn select(self, id: u64) {
        self.selected.set(Some(id));
        self.restore.value.set(None);
        self.restore.error.set(None);
        self.report.value.set(None);
        self.total.value.set(None);
        self.change.value.set(None);
        self.watch(id);
    }
}

#[component]
pub fn RestoresSection(
    /// The page's agent, where "New restore" restores from.
    agent: u64,
    /// A restore to open (the wizard's, once created).
    opened: RwSignal<Option<u64>>,
    #[prop(into)] activity: Signal<Option<Vec<ActivityV1>>>,
    /// The agent's own key, used when a restore does not carry one.
    #[prop(into)]
    agent_key: Signal<Option<(String, String)>>,
    /// Reloads the agent's activity (when a restore changes or ends).
    reload_activity: Callback<()>,
) -> impl IntoView {
    let auth = AppCtx::get().auth;
    // Reads and polls of this view stop when it goes away.
    let scope = RequestScope::for_view();
    let shown = Shown {
        selected: RwSignal::new(None),
        restore: Load::new(auth, scope),
        report: Load::new(auth, scope),
        total: Load::new(auth, scope),
        change: Load::new(auth, scope),
        changed: reload_activity,
    };
    let select = Callback::new(move |id| shown.select(id));

    // Opens the restore that matters most once the activity is known: one
    // that is running, else the newest that can be started, else the newest.
    crate::ui::effect::effect(move || {
        if shown.selected.get_untracked().is_some() {
            return;
        }
        let pick = activity.with(|a| {
            let restores: Vec<&ActivityV1> =
                a.iter().flatten().filter(|x| x.kind.eq_ignore_ascii_case("restore")).collect();
            let state = |x: &&&ActivityV1| RestoreState::from_name(&x.current_state);
            restores
                .iter()
                .find(|x| state(x).is_active())
                .or_else(|| restores.iter().find(|x| state(x).can_start()))
                .or_else(|| restores.first())
                .map(|x| x.id)
        });
        if let Some(id) = pick {
            shown.select(id);
        }
    });

    crate::ui::effect::effect(move || {
        if let Some(id) = opened.get() {
            shown.select(id);
            reload_activity.run(());
            crate::ui::focus::focus_soon("restores-title");
        }
    });
    let location = crate::ui::router::Location::get();

    view! {
        <section class="panel" aria-labelledby="restores-title">
            <h2 id="restores-title" tabindex="-1">"Restores"</h2>
            <p>
                <button type="button" class="primary" on:click=move |_| location.navigate(&wizard_path(agent, None), false)>
                    "New restore"
                </button>
            </p>
            <RecentRestores activity=activity shown=shown select=select />
            <RestoreById select=select />
            <ErrorBox error=shown.restore.error />
            <ErrorBox error=shown.change.error />
            <RestoreDetails shown=shown />
            <RestoreActions shown=shown agent_key=agent_key />
        </section>
    }
}
