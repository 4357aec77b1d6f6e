//! The simulated tenant: agents, configurations and backups, restores, log
//! files, cleanups, browse and vault requests, and project events, with the
//! time-driven transitions between their states (each kind in its own
//! module). Transitions are applied lazily by [`World::advance`] at the
//! start of every request, so no background task is needed and a paused
//! clock changes nothing.

mod agents;
mod backups;
mod browse;
mod cleanup_runs;
mod logfiles;
mod restore_runs;
mod restores;
mod run_events;
mod runs;
mod schedule;
pub mod tree;
mod vault;

pub use agents::{Agent, Power, LOG_LEVELS};
pub use backups::{Backup, BackupError, BackupState, Config, ItemKind, PathRule, Schedule};
pub use browse::BrowseRequest;
pub use cleanup_runs::Cleanup;
pub use logfiles::{LogState, Logfile};
pub use restore_runs::RestoreRefused;
pub use restores::{Restore, RestoreFailure, RestoreState};
pub use runs::{frequency, phases, RunRefused};
pub use vault::VaultRequest;

use crate::clock::{epoch_ms, instant_ms, Clock};
use crate::fx::FxHashMap;
use crate::keys::KeyPool;
use crate::rng::Rng;
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::time::Instant;

/// The regions the sim serves (lower case in paths, upper case in data).
pub const REGIONS: [&str; 6] = ["DFW", "ORD", "IAD", "LON", "HKG", "SYD"];

/// Nominal durations, seconds (all multiplied by `--time-scale`).
pub mod timing {
    /// Wake-up brings a sleeping agent online after 10-20 s (API docs).
    pub const WAKE_MIN: f64 = 10.0;
    pub const WAKE_MAX: f64 = 20.0;
    /// A woken agent dozes off again after this long.
    pub const AWAKE_FOR: f64 = 600.0;
    /// `agent_activate` modes fall back to idle after these periods.
    pub const ACTIVE_FOR: f64 = 300.0;
    pub const REAL_TIME_FOR: f64 = 120.0;
    /// Heartbeat intervals per mode (agent config example: 1 000 ms active,
    /// 3 600 000 ms idle).
    pub const HEARTBEAT_ACTIVE: f64 = 1.0;
    pub const HEARTBEAT_IDLE: f64 = 3600.0;
    /// Restore phases.
    pub const RESTORE_PREPARING: f64 = 3.0;
    pub const RESTORE_RUNNING: f64 = 20.0;
    pub const RESTORE_STOPPING: f64 = 2.0;
    /// Log file: requested -> started -> completed.
    pub const LOG_START: f64 = 3.0;
    pub const LOG_UPLOAD: f64 = 5.0;
    /// How often waiting work re-checks whether its agent came online.
    pub const RECHECK: f64 = 1.0;
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: u64,
    pub time_ms: i64,
    /// Event-specific fields (`event`, `agent`, `mode`, `request_id`, …).
    pub fields: serde_json::Map<String, serde_json::Value>,
}

/// `agent_activate` modes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Idle,
    Active,
    RealTime,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "idle" => Some(Mode::Idle),
            "active" => Some(Mode::Active),
            "real_time" => Some(Mode::RealTime),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Mode::Idle => "idle",
            Mode::Active => "active",
            Mode::RealTime => "real_time",
        }
    }
}

/// The last v1 IDs handed out, per kind.
struct NextIds {
    config: u64,
    backup: u64,
    file: u64,
}

/// Events kept for reading; older ones disappear, as the docs warn they do.
const EVENT_CAPACITY: usize = 200_000;

pub struct World {
    pub tenant: String,
    pub clock: Clock,
    pub keys: KeyPool,
    pub agents: Vec<Agent>,
    by_v1: HashMap<u64, usize>,
    by_v2: HashMap<String, usize>,
    /// Backup configurations by v1 ID (deleted ones stay, marked).
    pub configs: BTreeMap<u64, Config>,
    /// Backups by v1 ID, of every state.
    pub backups: BTreeMap<u64, Backup>,
    config_by_v2: HashMap<String, u64>,
    backup_by_v2: HashMap<String, u64>,
    backups_by_config: HashMap<u64, Vec<u64>>,
    /// Per configuration: its next run (wall clock ms) and when that is due
    /// on the simulated clock.
    next_runs: FxHashMap<u64, (Option<i64>, Option<Instant>)>,
    /// The same due times, in order, so a request finds the due ones
    /// without looking at every configuration.
    due_runs: BTreeSet<(Instant, u64)>,
    /// Backups not yet in a final state (the only ones time moves).
    active_backups: BTreeSet<u64>,
    /// Browse requests and their transient answers.
    pub browses: Vec<BrowseRequest>,
    /// Vault encryption and password-verification requests.
    pub vault_requests: Vec<VaultRequest>,
    /// v2 `settings/summaries`, as last set.
    pub summaries: serde_json::Value,
    next_ids: NextIds,
    pub restores: BTreeMap<u64, Restore>,
    /// Cleanups by v1 ID.
    pub cleanups: BTreeMap<u64, Cleanup>,
    pub logfiles: Vec<Logfile>,
    pub events: VecDeque<Event>,
    next_event_id: u64,
    pub mode: Mode,
    pub mode_until: Option<Instant>,
    /// The passphrase of every encrypted vault in the seeded world.
    pub passphrase: String,
    pub rng: Rng,
}

/// The vault passphrase of the seeded encrypted agents (documented in the README).
pub const DEMO_PASSPHRASE: &str = "demo-passphrase";

impl World {
    pub fn new(
        tenant: String,
        clock: Clock,
        keys: KeyPool,
        agents: Vec<Agent>,
        restores: Vec<Restore>,
        cleanups: Vec<Cleanup>,
        rng: Rng,
    ) -> World {
        let by_v1 = agents.iter().enumerate().map(|(i, a)| (a.v1_id, i)).collect();
        let by_v2 = agents.iter().enumerate().map(|(i, a)| (a.v2_id.clone(), i)).collect();
        World {
            tenant,
            clock,
            keys,
            agents,
            by_v1,
            by_v2,
            configs: BTreeMap::new(),
            backups: BTreeMap::new(),
            config_by_v2: HashMap::new(),
            backup_by_v2: HashMap::new(),
            backups_by_config: HashMap::new(),
            next_runs: FxHashMap::default(),
            due_runs: BTreeSet::new(),
            active_backups: BTreeSet::new(),
            browses: Vec::new(),
            vault_requests: Vec::new(),
            summaries: serde_json::json!({"daily": false, "weekly": true, "notifications": []}),
            next_ids: NextIds { config: 150_000, backup: 130_000, file: 47_000 },
            restores: restores.into_iter().map(|r| (r.id, r)).collect(),
            cleanups: cleanups.into_iter().map(|c| (c.id, c)).collect(),
            logfiles: Vec::new(),
            events: VecDeque::new(),
            next_event_id: 5_650_135_583,
            mode: Mode::Idle,
            mode_until: None,
            passphrase: DEMO_PASSPHRASE.into(),
            rng,
        }
    }

    /// The passphrase of agent `i`'s vault.
    pub fn passphrase_of(&self, i: usize) -> &str {
        self.agents[i].passphrase.as_deref().unwrap_or(&self.passphrase)
    }

    pub fn agent_by_v1(&self, id: u64) -> Option<usize> {
        self.by_v1.get(&id).copied().filter(|&i| !self.agents[i].deleted)
    }

    pub fn agent_by_v2(&self, id: &str) -> Option<usize> {
        self.by_v2.get(id).copied().filter(|&i| !self.agents[i].deleted)
    }

    /// The indices of the agents that are not deleted, in list order.
    pub fn live_agents(&self) -> impl Iterator<Item = usize> + '_ {
        self.agents.iter().enumerate().filter(|(_, a)| !a.deleted).map(|(i, _)| i)
    }

    pub fn push_event(&mut self, time_ms: i64, fields: serde_json::Value) {
        let fields = match fields {
            serde_json::Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        self.next_event_id += 1;
        self.events.push_back(Event { id: self.next_event_id, time_ms, fields });
        while self.events.len() > EVENT_CAPACITY {
            self.events.pop_front();
        }
    }

    fn agent_ref(&self, i: usize) -> serde_json::Value {
        serde_json::json!({"id": self.agents[i].v2_id})
    }

    /// Wakes every sleeping agent: online 10-20 s from now (scaled).
    pub fn wake_all(&mut self, now: Instant) {
        for i in 0..self.agents.len() {
            let a = &self.agents[i];
            if a.power != Power::Sleeping || a.online(now) {
                continue;
            }
            // Already waking: keep the earlier promise.
            if a.wake_at.is_some_and(|at| at > now) {
                continue;
            }
            let delay = timing::WAKE_MIN + self.rng.unit() * (timing::WAKE_MAX - timing::WAKE_MIN);
            let at = self.clock.after(now, delay);
            let a = &mut self.agents[i];
            a.wake_at = Some(at);
            a.awake_until = Some(self.clock.after(at, timing::AWAKE_FOR));
        }
    }

    /// Sets the project's event mode; active and real_time also wake agents.
    pub fn set_mode(&mut self, mode: Mode, now: Instant) {
        self.mode = mode;
        self.mode_until = match mode {
            Mode::Idle => None,
            Mode::Active => Some(self.clock.after(now, timing::ACTIVE_FOR)),
            Mode::RealTime => Some(self.clock.after(now, timing::REAL_TIME_FOR)),
        };
        if mode != Mode::Idle {
            self.wake_all(now);
            // Agents check in at once when asked to be active.
            for a in &mut self.agents {
                a.last_heartbeat = None;
            }
        }
        self.push_event(epoch_ms(), serde_json::json!({"event": "agent_activate", "mode": mode.name()}));
    }

    fn heartbeat_interval(&self) -> f64 {
        match self.mode {
            Mode::Idle => timing::HEARTBEAT_IDLE,
            Mode::Active | Mode::RealTime => timing::HEARTBEAT_ACTIVE,
        }
    }

    /// Applies every transition that is due by `now`.
    pub fn advance(&mut self, now: Instant) {
        if self.mode_until.is_some_and(|until| until <= now) {
            let at = self.mode_until.map(instant_ms).unwrap_or_else(epoch_ms);
            self.mode = Mode::Idle;
            self.mode_until = None;
            self.push_event(at, serde_json::json!({"event": "agent_activate", "mode": "idle"}));
        }
        self.advance_restores(now);
        self.advance_logfiles(now);
        self.advance_backups(now);
        self.advance_browses(now);
        self.advance_cleanups(now);
        self.advance_vault_requests(now);
    }

    /// Adds a heartbeat for every online agent whose last one is older than
    /// the current mode's interval. Done when events are read, so the log
    /// grows with readers, not with time.
    pub fn emit_heartbeats(&mut self, now: Instant) {
        let interval = self.clock.scaled(std::time::Duration::from_secs_f64(self.heartbeat_interval()));
        let mut beating = Vec::new();
        for (i, a) in self.agents.iter_mut().enumerate() {
            if !a.online(now) {
                continue;
            }
            if a.last_heartbeat.is_some_and(|t| now.duration_since(t) < interval) {
                continue;
            }
            a.last_heartbeat = Some(now);
            beating.push(i);
        }
        let ms = epoch_ms();
        for i in beating {
            let agent = self.agent_ref(i);
            self.push_event(ms, serde_json::json!({"event": "agent_heartbeat", "agent": agent}));
        }
    }

    /// True while a restore runs on the agent (v2 status `busy`).
    pub fn is_busy(&self, agent: usize) -> bool {
        self.restores.values().any(|r| r.destination == agent && r.state.is_running())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    fn world(scale: f64) -> World {
        seed::world(&crate::config::SimConfig { agents: 24, time_scale: scale, ..Default::default() }).expect("seeded")
    }

    #[test]
    fn sleeping_agents_come_online_10_to_20_scaled_seconds_after_wake() {
        let mut w = world(1.0);
        let now = Instant::now();
        let i = w.agents.iter().position(|a| a.power == Power::Sleeping).expect("a sleeping agent");
        assert!(!w.agents[i].online(now));
        w.wake_all(now);
        assert!(!w.agents[i].online(now + std::time::Duration::from_secs(9)));
        assert!(w.agents[i].online(now + std::time::Duration::from_secs(21)));
        let off = w.agents.iter().position(|a| a.power == Power::Off).expect("an agent that is off");
        assert!(!w.agents[off].online(now + std::time::Duration::from_secs(21)));
    }

    #[test]
    fn modes_fall_back_to_idle_and_say_so() {
        let mut w = world(0.001);
        let now = Instant::now();
        w.set_mode(Mode::Active, now);
        assert_eq!(w.mode, Mode::Active);
        w.advance(now + std::time::Duration::from_secs(1));
        assert_eq!(w.mode, Mode::Idle);
        // (Backup runs that came due meanwhile have events of their own.)
        let last = w.events.iter().rev().find(|e| e.fields["event"] == "agent_activate").expect("an activation event");
        assert_eq!(last.fields["mode"], "idle");
    }

    #[test]
    fn heartbeats_once_per_interval_for_online_agents_only() {
        let mut w = world(1.0);
        let now = Instant::now();
        w.set_mode(Mode::Active, now);
        let before = w.events.len();
        w.emit_heartbeats(now);
        let online = w.agents.iter().filter(|a| a.online(now)).count();
        assert_eq!(w.events.len() - before, online);
        w.emit_heartbeats(now + std::time::Duration::from_millis(100));
        assert_eq!(w.events.len() - before, online, "no second beat within the interval");
    }

    #[test]
    fn restore_runs_through_its_states() {
        let mut w = world(0.01);
        let now = Instant::now();
        let id = *w
            .restores
            .iter()
            .find(|(_, r)| r.state == RestoreState::Creating && w.agents[r.destination].power == Power::Awake)
            .map(|(id, _)| id)
            .expect("a startable restore on an online agent");
        let r = w.restores.get_mut(&id).expect("restore");
        r.state = RestoreState::StartRequested;
        r.next_at = Some(now);
        w.advance(now);
        assert_eq!(w.restores[&id].state, RestoreState::Preparing);
        w.advance(now + std::time::Duration::from_millis(100));
        assert_eq!(w.restores[&id].state, RestoreState::InProgress);
        w.advance(now + std::time::Duration::from_millis(400));
        assert_eq!(w.restores[&id].state, RestoreState::Completed);
        assert_eq!(w.restores[&id].percent(), 100);
    }
}
