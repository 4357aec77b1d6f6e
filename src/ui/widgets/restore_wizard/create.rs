//! "Create restore": the v1 restore in "Creating", then its file filters,
//! sent once. A retry goes on from where the last attempt stopped: a made
//! restore is not made again, filters the API took are not sent again, and
//! after a create whose answer never came the destination's activity is
//! searched for the restore it may have made.
//!
//! "Save changes" (the wizard opened on a restore still "Creating"): the
//! whole restore with its new destination, folder and overwrite, then the
//! filters it does not have yet. Both are safe to send again: the update
//! replaces, and the filters are read first, so none is sent twice. A plan
//! that leaves out a filter the restore has never gets here (the step says
//! so: `RestorePlan::missing`).

use super::Wizard;
use crate::api::restores::{CreateRestoreV1, FileItemKind, RestoreFileV1};
use crate::api::{ApiError, Client};
use crate::domain::restore_change::{cannot_change, filters_to_add, updated};
use crate::domain::restore_plan::{already_created, is_folder, RestorePlan};
use crate::state::clock::now_ms;
use crate::state::load::{Act, Logged, Reading};
use crate::ui::AppCtx;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub(super) struct Creating {
    pub act: Act,
    wizard: Wizard,
    /// The restore this wizard made, once the API said so.
    made: RwSignal<Option<u64>>,
    /// When a create was sent whose answer never came.
    unsure_since: RwSignal<Option<i64>>,
    /// How many of its file filters the API has taken.
    added: RwSignal<usize>,
    created: Callback<u64>,
}

fn filter(id: u64, path: &str, include: bool) -> RestoreFileV1 {
    let kind = if is_folder(path) { FileItemKind::Folder } else { FileItemKind::File };
    RestoreFileV1::new(id, path, include, kind)
}

/// The vault's datacenter when the restore crosses datacenters (the API
/// wants it named only then), and "WEB-02 (202744)" for the destination.
fn vault_and_label(source: u64, destination: u64) -> (Option<String>, String) {
    AppCtx::get().fleet.data.with_untracked(|d| {
        let dc = |id| d.get(id).map(|a| a.backup_datacenter.clone().unwrap_or_else(|| a.datacenter.clone()));
        let label = d.get(destination).map(|a| format!("{} ({destination})", a.name));
        (
            dc(source).filter(|s| dc(destination).as_ref() != Some(s)),
            label.unwrap_or_else(|| format!("Agent {destination}")),
        )
    })
}

impl Creating {
    pub fn new(wizard: Wizard, created: Callback<u64>) -> Creating {
        let ctx = AppCtx::get();
        Creating {
            act: Act::new(ctx.auth, ctx.log),
            wizard,
            made: RwSignal::new(None),
            unsure_since: RwSignal::new(None),
            added: RwSignal::new(0),
            created,
        }
    }

    /// Leaves the wizard for restore `id` (replacing the wizard's address,
    /// so Back does not offer the same write again), unless the engineer
    /// has left it already.
    fn done(self, id: u64) {
        if self.wizard.plan.try_with_untracked(Option::is_some) == Some(true) {
            self.wizard.close(true);
            self.created.run(id);
        }
    }

    /// Saves the changes to restore `id`: read first, so a restore that was
    /// started meanwhile, or is another agent's backup, is refused, and the
    /// update keeps what the wizard does not change (backup, source, state).
    /// Its filters are checked before anything is sent.
    fn save(self, plan: RestorePlan, id: u64) {
        let source = self.wizard.agent;
        let destination = plan.destination.unwrap_or(source);
        let (vault, label) = vault_and_label(source, destination);
        let entry = Logged {
            agent: label,
            action: format!("Change restore {id}"),
            done: "Restore changed; start it in Restores".into(),
        };
        let this = self;
        self.act.run(entry, move |c: Client| -> Reading<()> {
            let (plan, vault) = (plan.clone(), vault.clone());
            Box::pin(async move {
                let refuse = |m: String| ApiError::Conflict { message: Some(m) };
                let r = c.restore_details(id).await?;
                if let Some(why) = cannot_change(&r, source) {
                    return Err(refuse(why));
                }
                // Read now: a retry sends only what the last attempt did not.
                let add = filters_to_add(&plan, &c.restore_files(id).await?).map_err(refuse)?;
                c.update_restore(&updated(r, &plan, vault)).await?;
                for (path, include) in add {
                    c.add_restore_file(&filter(id, &path, include)).await?;
                }
                this.done(id);
                Ok(())
            })
        });
    }

    /// Sends the create (or, for a made restore, the changes), or says which
    /// choice is still missing.
    pub fn create(self) -> Option<String> {
        let plan = self.wizard.plan.get_untracked()?;
        if let Some(missing) = plan.missing(plan.first_incomplete()) {
            return Some(missing);
        }
        if let Some(id) = plan.edit {
            self.save(plan, id);
            return None;
        }
        let backup = plan.backup?;
        let source = self.wizard.agent;
        let destination = plan.destination.unwrap_or(source);
        let (backup_dc, dest_label) = vault_and_label(source, destination);
        let request = CreateRestoreV1 {
            backup_id: backup,
            backup_machine_id: source,
            destination_machine_id: destination,
            destination_path: plan.path.clone(),
            backup_data_center: backup_dc,
            overwrite_files: plan.overwrite,
        };
        let filters = move |id: u64| {
            let (include, exclude) = (plan.include.iter(), plan.exclude.iter());
            include.map(|p| filter(id, p, true)).chain(exclude.map(|p| filter(id, p, false))).collect::<Vec<_>>()
        };
        let entry = Logged {
            agent: dest_label,
            action: format!("Create restore of backup {backup} from agent {source}"),
            done: "Restore created; start it in Restores".into(),
        };
        let this = self;
        self.act.run(entry, move |c: Client| -> Reading<()> {
            let (request, filters) = (request.clone(), filters.clone());
            Box::pin(async move {
                let id = match this.made.get_untracked() {
                    Some(id) => id,
                    None => this.make(&c, &request).await?,
                };
                this.made.set(Some(id));
                // Filters already added by an earlier attempt are not sent again.
                for f in filters(id).iter().skip(this.added.get_untracked()) {
                    c.add_restore_file(f).await?;
                    this.added.update(|n| *n += 1);
                }
                this.done(id);
                Ok(())
            })
        });
        None
    }

    /// Creates the restore, or finds the one a create whose answer was lost made.
    async fn make(self, c: &Client, request: &CreateRestoreV1) -> Result<u64, crate::api::ApiError> {
        let destination = request.destination_machine_id;
        if let Some(since) = self.unsure_since.get_untracked() {
            let activity = c.agent_activity(destination).await?;
            if let Some(id) = already_created(&activity, request.backup_id, destination, since) {
                return Ok(id);
            }
        }
        let sent = now_ms();
        match c.create_restore(request).await {
            Ok(r) => Ok(r.restore_id),
            Err(e) => {
                if e.is_retryable() && self.unsure_since.get_untracked().is_none() {
                    self.unsure_since.set(Some(sent));
                }
                Err(e)
            }
        }
    }
}
