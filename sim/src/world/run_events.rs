//! Backup and restore runs in the project's events: each state a run
//! enters is an event (`backup_in_progress`, `restore_completed`, …) naming
//! the agent, the run and what it came from, so `/backups/{id}/events`,
//! `/configurations/{id}/events` and `/restores/{id}/events` have something
//! true to list.

use super::World;
use crate::clock::epoch_ms;
use serde_json::json;

impl World {
    /// Records that backup `id` entered its current state.
    pub(super) fn backup_event(&mut self, id: u64) {
        let Some(b) = self.backups.get(&id) else { return };
        let config = self.configs.get(&b.config).map(|c| c.v2_id.clone()).unwrap_or_default();
        let fields = json!({
            "event": format!("backup_{}", b.state.v2_name()),
            "agent": {"id": self.agents[b.agent].v2_id},
            "backup": {"id": b.v2_id},
            "configuration": {"id": config}
        });
        self.push_event(epoch_ms(), fields);
    }

    /// Records that restore `id` entered its current state; the agent named
    /// is the one that writes the files (the destination).
    pub(super) fn restore_event(&mut self, id: u64) {
        let Some(r) = self.restores.get(&id) else { return };
        let backup = self.backups.get(&r.backup_id).map(|b| b.v2_id.clone()).unwrap_or_default();
        let fields = json!({
            "event": format!("restore_{}", r.state.v2_name()),
            "agent": {"id": self.agents[r.destination].v2_id},
            "restore": {"id": r.v2_id()},
            "backup": {"id": backup}
        });
        self.push_event(epoch_ms(), fields);
    }
}
