//! Backup runs in the project's events: each state a run enters is an
//! event (`backup_in_progress`, `backup_completed`, …) naming the agent,
//! the backup and its configuration, so `/backups/{id}/events` and
//! `/configurations/{id}/events` have something true to list.

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
}
