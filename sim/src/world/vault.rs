//! Vault requests answered by the agent (encryption, password checks) and
//! moving a vault between agents.

use super::browse::{ANSWER_AFTER, KEPT_FOR};
use super::World;
use std::time::Instant;

#[derive(Debug, Clone)]
pub struct VaultRequest {
    pub id: String,
    pub agent: usize,
    /// `vault_encryption_enabled`, `vault_encryption_changed`, `vault_password_verified`.
    pub event: &'static str,
    /// `succeeded` (encryption) or `valid` (verification).
    pub ok: bool,
    pub answer_at: Instant,
    pub answered_ms: Option<i64>,
}

impl World {
    pub fn request_vault(&mut self, agent: usize, event: &'static str, ok: bool, now: Instant) -> String {
        let id = self.rng.uuid();
        let answer_at = self.clock.after(now, ANSWER_AFTER);
        self.vault_requests.push(VaultRequest { id: id.clone(), agent, event, ok, answer_at, answered_ms: None });
        id
    }

    /// Answers what online agents can answer by now; forgets old answers.
    pub(super) fn advance_vault_requests(&mut self, now: Instant) {
        let clock = self.clock;
        let agents = &self.agents;
        for r in self.vault_requests.iter_mut().filter(|r| r.answered_ms.is_none() && r.answer_at <= now) {
            if agents[r.agent].online(now) {
                r.answered_ms = Some(crate::clock::epoch_ms());
            } else {
                r.answer_at = clock.after(now, super::timing::RECHECK);
            }
        }
        self.vault_requests.retain(|r| r.answered_ms.is_none() || clock.after(r.answer_at, KEPT_FOR) > now);
    }

    pub fn vault_answer(&self, id: &str) -> Option<&VaultRequest> {
        self.vault_requests.iter().find(|r| r.id == id && r.answered_ms.is_some())
    }

    /// The vault of `from` (its configurations, backups, size, encryption)
    /// becomes `to`'s.
    pub fn move_vault(&mut self, from: usize, to: usize, now: Instant) {
        let moved: Vec<u64> = self.configs_of(from).map(|c| c.id).collect();
        for id in moved {
            if let Some(c) = self.configs.get_mut(&id) {
                c.agent = to;
            }
            self.reschedule(id, now);
        }
        for b in self.backups.values_mut().filter(|b| b.agent == from) {
            b.agent = to;
        }
        self.agents[to].vault_size = self.agents[from].vault_size.take();
        self.agents[to].last_backup_ms = self.agents[from].last_backup_ms.take();
        self.agents[to].encrypted = self.agents[from].encrypted;
        self.agents[to].passphrase = self.agents[from].passphrase.clone();
    }
}
