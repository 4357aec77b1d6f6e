//! Restores: their states (v1 `RestoreStateId`), the restore object, why
//! an agent fails one, and their run on the simulated clock.

use super::{timing, ItemKind, PathRule, World};
use crate::clock::epoch_ms;
use std::time::Instant;

/// v1 `RestoreStateId` values (API-REFERENCE §5.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreState {
    Creating = 0,
    Queued = 1,
    InProgress = 2,
    Completed = 3,
    Stopped = 4,
    Failed = 5,
    StartRequested = 6,
    StopRequested = 7,
    CompletedWithErrors = 8,
    Preparing = 9,
}

impl RestoreState {
    pub fn name(self) -> &'static str {
        match self {
            RestoreState::Creating => "Creating",
            RestoreState::Queued => "Queued",
            RestoreState::InProgress => "InProgress",
            RestoreState::Completed => "Completed",
            RestoreState::Stopped => "Stopped",
            RestoreState::Failed => "Failed",
            RestoreState::StartRequested => "StartRequested",
            RestoreState::StopRequested => "StopRequested",
            RestoreState::CompletedWithErrors => "CompletedWithErrors",
            RestoreState::Preparing => "Preparing",
        }
    }

    /// The state as v2 and its events write it.
    pub fn v2_name(self) -> &'static str {
        match self {
            RestoreState::Creating => "creating",
            RestoreState::Queued => "queued",
            RestoreState::InProgress => "in_progress",
            RestoreState::Completed => "completed",
            RestoreState::Stopped => "stopped",
            RestoreState::Failed => "failed",
            RestoreState::StartRequested => "start_requested",
            RestoreState::StopRequested => "stop_requested",
            RestoreState::CompletedWithErrors => "completed_with_errors",
            RestoreState::Preparing => "preparing",
        }
    }

    pub fn is_running(self) -> bool {
        matches!(
            self,
            RestoreState::Queued | RestoreState::InProgress | RestoreState::StartRequested | RestoreState::Preparing
        )
    }

    pub fn is_finished(self) -> bool {
        matches!(
            self,
            RestoreState::Completed | RestoreState::Stopped | RestoreState::Failed | RestoreState::CompletedWithErrors
        )
    }

    /// A restore can be (re)started from these states.
    pub fn can_start(self) -> bool {
        matches!(self, RestoreState::Creating | RestoreState::Stopped | RestoreState::Failed)
    }
}

#[derive(Debug, Clone)]
pub struct Restore {
    pub id: u64,
    pub backup_id: u64,
    /// Index of the agent whose backup is restored.
    pub source: usize,
    /// Index of the agent that restores (its key encrypts the password).
    pub destination: usize,
    pub destination_path: String,
    pub overwrite: bool,
    pub config_id: u64,
    pub config_name: String,
    pub restore_point_ms: i64,
    pub state: RestoreState,
    pub next_at: Option<Instant>,
    pub running_since: Option<Instant>,
    pub started_ms: Option<i64>,
    pub completed_ms: Option<i64>,
    pub total_files: u64,
    pub files_restored: u64,
    pub total_bytes: u64,
    pub activity_ms: i64,
    /// What to restore (`PUT /restore/files`): (path, include?); empty
    /// means everything.
    pub selection: Vec<(PathRule, bool)>,
    /// A deleted restore configuration (`DELETE /restore/files/{id}`) is
    /// found no more.
    pub deleted: bool,
    /// Why the agent will fail this run (found when it starts).
    pub failure: Option<RestoreFailure>,
}

/// Why an agent fails a restore that the API accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreFailure {
    /// `EncryptedPassword` decrypts, but not to the vault's passphrase.
    WrongPassword,
    /// `EncryptedPassword` is not something this agent's key decrypts.
    Undecryptable,
}

impl RestoreFailure {
    /// The report's `Reason`.
    pub fn reason(self) -> &'static str {
        match self {
            RestoreFailure::WrongPassword => "EncryptionPasswordIncorrect",
            RestoreFailure::Undecryptable => "EncryptedPasswordUnreadable",
        }
    }

    /// The report's `Diagnostics`.
    pub fn diagnostics(self) -> &'static str {
        match self {
            RestoreFailure::WrongPassword => "The encryption password is not correct for this vault; nothing was restored",
            RestoreFailure::Undecryptable => {
                "The agent could not decrypt the encryption password (was it encrypted with this agent's key?); nothing was restored"
            }
        }
    }
}

impl Restore {
    /// The v2 ID: v1 numbers restores only, so a UUID-shaped ID is derived
    /// from the number (and read back by [`Restore::id_of_v2`]).
    pub fn v2_id(&self) -> String {
        Restore::v2_id_of(self.id)
    }

    pub fn v2_id_of(id: u64) -> String {
        format!("{:08x}-0000-4000-8001-{id:012x}", id & 0xffff_ffff)
    }

    /// The v1 ID behind a v2 restore ID, if it is one.
    pub fn id_of_v2(text: &str) -> Option<u64> {
        let id = u64::from_str_radix(text.rsplit('-').next()?, 16).ok()?;
        (Restore::v2_id_of(id) == text).then_some(id)
    }

    /// How many of a backup's `whole` files the selection restores: all of
    /// them when nothing was chosen; otherwise a fifth of the backup per
    /// included folder (database: a tenth), one per file, less a twentieth
    /// per excluded folder; at least one.
    pub fn selected_files(&self, whole: u64) -> u64 {
        if !self.selection.iter().any(|(_, include)| *include) {
            return whole;
        }
        let share = |kind: ItemKind| match kind {
            ItemKind::Folder => whole / 5,
            ItemKind::Database => whole / 10,
            ItemKind::File => 1,
        };
        let included: u64 = self.selection.iter().filter(|(_, i)| *i).map(|(r, _)| share(r.kind)).sum();
        let excluded: u64 =
            self.selection.iter().filter(|(r, i)| !*i && r.kind == ItemKind::Folder).map(|_| whole / 20).sum();
        included.saturating_sub(excluded).clamp(1, whole.max(1))
    }

    /// Progress 0..=100 while running, from the files restored.
    pub fn percent(&self) -> u64 {
        (self.files_restored * 100).checked_div(self.total_files).unwrap_or(0)
    }
}

impl World {
    pub(super) fn advance_restores(&mut self, now: Instant) {
        let due: Vec<u64> = self
            .restores
            .values()
            .filter(|r| r.next_at.is_some_and(|t| t <= now) || r.state == RestoreState::InProgress)
            .map(|r| r.id)
            .collect();
        for id in due {
            let online = self.restores.get(&id).map(|r| self.agents[r.destination].online(now)).unwrap_or(false);
            let clock = self.clock;
            let Some(r) = self.restores.get_mut(&id) else {
                continue;
            };
            if r.state == RestoreState::InProgress {
                if let Some(since) = r.running_since {
                    let total = clock.scaled(std::time::Duration::from_secs_f64(timing::RESTORE_RUNNING));
                    let frac = ((now - since).as_secs_f64() / total.as_secs_f64().max(1e-6)).min(1.0);
                    r.files_restored = (r.total_files as f64 * frac) as u64;
                }
            }
            if r.next_at.is_none_or(|t| t > now) {
                continue;
            }
            let before = r.state;
            match r.state {
                RestoreState::StartRequested if online => {
                    r.state = RestoreState::Preparing;
                    r.started_ms = Some(epoch_ms());
                    r.next_at = Some(clock.after(now, timing::RESTORE_PREPARING));
                }
                RestoreState::StartRequested => r.next_at = Some(clock.after(now, timing::RECHECK)),
                RestoreState::Preparing if r.failure.is_some() => {
                    r.state = RestoreState::Failed;
                    r.completed_ms = Some(epoch_ms());
                    r.next_at = None;
                }
                RestoreState::Preparing => {
                    r.state = RestoreState::InProgress;
                    r.running_since = Some(now);
                    r.next_at = Some(clock.after(now, timing::RESTORE_RUNNING));
                }
                RestoreState::InProgress => {
                    r.state = RestoreState::Completed;
                    r.files_restored = r.total_files;
                    r.completed_ms = Some(epoch_ms());
                    r.next_at = None;
                }
                RestoreState::StopRequested => {
                    r.state = RestoreState::Stopped;
                    r.completed_ms = Some(epoch_ms());
                    r.next_at = None;
                }
                _ => r.next_at = None,
            }
            r.activity_ms = epoch_ms();
            if r.state != before {
                self.restore_event(id);
            }
        }
    }
}
