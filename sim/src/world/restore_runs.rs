//! Starting and stopping restores (v1 `action-requested`, v2 `POST
//! /restores` and the `stop_requested` patch): one implementation for both.

use super::{timing, PathRule, Restore, RestoreFailure, RestoreState, World};
use crate::clock::epoch_ms;
use std::time::Instant;

/// Why a restore cannot start or stop now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RestoreRefused {
    NotFound,
    /// Start asked in a state that cannot start (or stop in one not running).
    State(RestoreState),
    /// The vault is encrypted and no password came.
    PasswordMissing,
}

impl World {
    /// A restore configuration ("Creating") of restorable backup `backup`
    /// onto agent `destination`; returns its v1 ID (`None` for no such backup).
    pub fn create_restore(
        &mut self,
        backup: u64,
        destination: usize,
        destination_path: String,
        overwrite: bool,
        selection: Vec<(PathRule, bool)>,
    ) -> Option<u64> {
        let id = self.restores.keys().next_back().map_or(5_000_001, |last| last + 1);
        let b = self.backups.get(&backup)?;
        let (source, config_id, restore_point_ms, total_files, total_bytes) =
            (b.agent, b.config, b.ended_ms.unwrap_or(b.state_ms), b.total_files, b.total_bytes);
        let restore = Restore {
            id,
            backup_id: backup,
            source,
            destination,
            destination_path,
            overwrite,
            config_id,
            config_name: self.configs.get(&config_id).map(|c| c.name.clone()).unwrap_or_default(),
            restore_point_ms,
            state: RestoreState::Creating,
            next_at: None,
            running_since: None,
            started_ms: None,
            completed_ms: None,
            total_files,
            files_restored: 0,
            total_bytes,
            activity_ms: epoch_ms(),
            selection,
            deleted: false,
            failure: None,
        };
        self.restores.insert(id, restore);
        Some(id)
    }

    /// Starts restore `id`. With an encrypted vault, `password_hex` must
    /// come; whether it is right is the agent's to find (the restore then
    /// fails with a report that says so).
    pub fn start_restore(&mut self, id: u64, password_hex: Option<&str>, now: Instant) -> Result<(), RestoreRefused> {
        let r = self.restores.get(&id).filter(|r| !r.deleted).ok_or(RestoreRefused::NotFound)?;
        if !r.state.can_start() {
            return Err(RestoreRefused::State(r.state));
        }
        let failure = if self.agents[r.source].encrypted {
            let hex = password_hex.map(str::trim).filter(|h| !h.is_empty()).ok_or(RestoreRefused::PasswordMissing)?;
            match self.keys.get(self.agents[r.destination].key).decrypt_hex(hex) {
                Err(_) => Some(RestoreFailure::Undecryptable),
                Ok(plain) if plain != self.passphrase_of(r.source) => Some(RestoreFailure::WrongPassword),
                Ok(_) => None,
            }
        } else {
            None
        };
        let whole = self.backups.get(&r.backup_id).map(|b| (b.total_files, b.total_bytes));
        let Some(r) = self.restores.get_mut(&id) else { return Err(RestoreRefused::NotFound) };
        if let Some((files, bytes)) = whole {
            // What the selection takes of the backup.
            r.total_files = r.selected_files(files);
            r.total_bytes = bytes / files.max(1) * r.total_files;
        }
        r.failure = failure;
        r.state = RestoreState::StartRequested;
        r.next_at = Some(now);
        r.started_ms = None;
        r.completed_ms = None;
        r.files_restored = 0;
        r.activity_ms = epoch_ms();
        self.restore_event(id);
        Ok(())
    }

    /// Asks running restore `id` to stop.
    pub fn stop_restore(&mut self, id: u64, now: Instant) -> Result<(), RestoreRefused> {
        let clock = self.clock;
        let r = self.restores.get_mut(&id).filter(|r| !r.deleted).ok_or(RestoreRefused::NotFound)?;
        if !r.state.is_running() {
            return Err(RestoreRefused::State(r.state));
        }
        r.state = RestoreState::StopRequested;
        r.next_at = Some(clock.after(now, timing::RESTORE_STOPPING));
        r.activity_ms = epoch_ms();
        self.restore_event(id);
        Ok(())
    }
}
