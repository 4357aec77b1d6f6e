//! All agents of the tenant, by MachineAgentId, merging each fresh list with
//! what was already learned so a refresh never throws statuses away.

use super::agent::Agent;
use super::restore::RestoreState;
use crate::api::types::{ActivityV1, AgentV1};
use std::collections::HashMap;

#[derive(Debug, Clone, Default, PartialEq)]
pub struct FleetData {
    pub agents: Vec<Agent>,
    index: HashMap<u64, usize>,
    /// v2 agent id → MachineAgentId, learned from the v2 list (heartbeats name v2 ids).
    v2_ids: HashMap<String, u64>,
}

impl FleetData {
    /// Takes a fresh v1 list. Agents seen before keep their last status and
    /// details until new ones arrive; agents no longer listed are dropped.
    pub fn replace_list(&mut self, list: &[AgentV1]) {
        let mut agents = Vec::with_capacity(list.len());
        for wire in list {
            let mut fresh = Agent::from_list(wire);
            if let Some(old) = self.get(wire.machine_agent_id) {
                fresh.seen = old.seen;
                fresh.last_backup_ms = old.last_backup_ms;
                fresh.backup_known = old.backup_known;
            }
            agents.push(fresh);
        }
        self.index = agents.iter().enumerate().map(|(i, a)| (a.id, i)).collect();
        self.agents = agents;
    }

    pub fn get(&self, id: u64) -> Option<&Agent> {
        self.index.get(&id).map(|&i| &self.agents[i])
    }

    pub fn get_mut(&mut self, id: u64) -> Option<&mut Agent> {
        self.index.get(&id).map(|&i| &mut self.agents[i])
    }

    pub fn ids(&self) -> Vec<u64> {
        self.agents.iter().map(|a| a.id).collect()
    }

    /// Enabled agents whose status was never confirmed, and those last
    /// confirmed more than `max_age_ms` ago (the request budget can leave
    /// some behind).
    pub fn status_ages(&self, now_ms: i64, max_age_ms: i64) -> (usize, usize) {
        let enabled = self.agents.iter().filter(|a| !a.disabled);
        enabled.fold((0, 0), |(never, old), a| match a.seen {
            None => (never + 1, old),
            Some(o) if now_ms - o.at_ms > max_age_ms => (never, old + 1),
            Some(_) => (never, old),
        })
    }

    /// Takes each agent's last successful backup from the tenant's activity
    /// (one request instead of one per agent). An agent with no completed
    /// backup in the activity has none on record.
    pub fn apply_activity(&mut self, activity: &[ActivityV1]) {
        let mut last: HashMap<u64, i64> = HashMap::new();
        for a in activity {
            let done = a.kind.eq_ignore_ascii_case("backup")
                && matches!(
                    RestoreState::from_name(&a.current_state),
                    RestoreState::Completed | RestoreState::CompletedWithErrors
                );
            if let (true, Some(agent), Some(t)) = (done, a.source_machine_agent_id, a.time_of_activity) {
                let e = last.entry(agent).or_insert(t);
                *e = (*e).max(t);
            }
        }
        for agent in &mut self.agents {
            agent.learn_last_backup(last.get(&agent.id).copied());
        }
    }

    /// Records which v2 agent runs on which Cloud Server, for every
    /// `(v2 id, host machine id)` pair at once: one index of the v1 agents by
    /// host, so 10,000 agents cost 10,000 lookups, not 10^8 comparisons.
    pub fn learn_v2<'a>(&mut self, pairs: impl IntoIterator<Item = (&'a str, &'a str)>) {
        let by_host: HashMap<&str, u64> =
            self.agents.iter().filter_map(|a| Some((a.host_server_id.as_deref()?, a.id))).collect();
        for (v2_id, host) in pairs {
            if let Some(&id) = by_host.get(host) {
                self.v2_ids.insert(v2_id.to_string(), id);
            }
        }
    }

    /// The MachineAgentId of a v2 agent id, once learned.
    pub fn by_v2(&self, v2_id: &str) -> Option<u64> {
        self.v2_ids.get(v2_id).copied()
    }

    pub fn has_v2_map(&self) -> bool {
        !self.v2_ids.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::status::AgentStatus;

    fn wire(id: u64, name: &str) -> AgentV1 {
        AgentV1 {
            machine_agent_id: id,
            machine_name: name.into(),
            host_server_id: Some(format!("host-{id}")),
            ..AgentV1::default()
        }
    }

    #[test]
    fn statuses_older_than_the_interval_are_counted() {
        let mut f = FleetData::default();
        f.replace_list(&[wire(1, "a"), wire(2, "b"), wire(3, "c")]);
        if let Some(a) = f.get_mut(1) {
            a.observe(true, 1_000);
        }
        if let Some(a) = f.get_mut(2) {
            a.observe(false, 50_000);
        }
        assert_eq!(f.status_ages(60_000, 30_000), (1, 1), "one never checked, one too old");
        assert_eq!(f.status_ages(60_000, 60_000), (1, 0));
    }

    #[test]
    fn a_refresh_keeps_what_was_learned_and_drops_the_gone() {
        let mut f = FleetData::default();
        f.replace_list(&[wire(1, "a"), wire(2, "b")]);
        if let Some(a) = f.get_mut(1) {
            a.observe(true, 100);
            a.last_backup_ms = Some(50);
        }
        f.replace_list(&[wire(1, "a-renamed"), wire(3, "c")]);
        let a = f.get(1).expect("kept");
        assert_eq!(a.name, "a-renamed");
        assert_eq!(a.status(None, 200), AgentStatus::Online);
        assert_eq!(a.last_backup_ms, Some(50));
        assert!(f.get(2).is_none(), "no longer listed");
        assert_eq!(f.get(3).map(|a| a.status(None, 200)), Some(AgentStatus::Unknown));
        assert_eq!(f.ids(), [1, 3]);
    }

    #[test]
    fn activity_gives_every_agent_its_last_successful_backup() {
        let mut f = FleetData::default();
        f.replace_list(&[wire(1, "a"), wire(2, "b"), wire(3, "c")]);
        let entry = |agent: u64, kind: &str, state: &str, t: i64| ActivityV1 {
            id: t as u64,
            kind: kind.into(),
            current_state: state.into(),
            source_machine_agent_id: Some(agent),
            time_of_activity: Some(t),
            ..ActivityV1::default()
        };
        f.apply_activity(&[
            entry(1, "Backup", "Completed", 10),
            entry(1, "Backup", "Completed", 30),
            entry(1, "Backup", "Failed", 50),
            entry(2, "Backup", "Completed WithErrors", 20),
            entry(3, "Restore", "Completed", 40),
        ]);
        assert_eq!(
            f.get(1).and_then(|a| a.last_backup_ms),
            Some(30),
            "the newest completed backup; failures do not count"
        );
        assert_eq!(f.get(2).and_then(|a| a.last_backup_ms), Some(20));
        let c = f.get(3).expect("agent 3");
        assert_eq!((c.last_backup_ms, c.backup_known), (None, true), "a restore is not a backup");
    }

    #[test]
    fn v2_ids_map_through_the_cloud_server() {
        let mut f = FleetData::default();
        f.replace_list(&[wire(7, "a")]);
        f.learn_v2([("uuid-7", "host-7"), ("uuid-x", "host-unknown")]);
        assert_eq!(f.by_v2("uuid-7"), Some(7));
        assert_eq!(f.by_v2("uuid-x"), None);
    }
}
