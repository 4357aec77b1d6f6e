//! Configurations and backups in the world: adding them (one object for v1
//! and v2, indexed by both IDs), starting and stopping backups, and the
//! time-driven runs: scheduled runs start (or are missed when the agent is
//! offline), running backups grow their counts and finish with a report.

use super::{timing, Backup, BackupError, BackupState, Config, Schedule, World};
use crate::clock::epoch_ms;
use crate::fx::FxHashMap;
use std::time::Instant;

/// Backup phases, nominal seconds (scaled by `--time-scale`).
pub mod phases {
    pub const QUEUED: f64 = 1.0;
    pub const PREPARING: f64 = 2.0;
    pub const RUNNING: f64 = 30.0;
    pub const STOPPING: f64 = 2.0;
}

/// What can go wrong when a backup is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RunRefused {
    /// The configuration is disabled or deleted, or its agent is disabled.
    NotRunnable(String),
    /// A backup of this configuration already runs.
    AlreadyRunning(u64),
    /// Stop asked of a backup that has ended.
    Ended(BackupState),
}

impl World {
    /// Adds a configuration; returns its v1 ID.
    pub fn add_config(&mut self, mut c: Config) -> u64 {
        if c.id == 0 {
            self.next_ids.config += 1;
            c.id = self.next_ids.config;
        }
        if c.schedule_id == 0 {
            c.schedule_id = c.id + 7_000;
        }
        if c.v2_id.is_empty() {
            c.v2_id = self.rng.uuid();
        }
        for rule in c.inclusions.iter_mut().chain(c.exclusions.iter_mut()) {
            if rule.id == 0 {
                self.next_ids.file += 1;
                rule.id = self.next_ids.file;
            }
        }
        self.config_by_v2.insert(c.v2_id.clone(), c.id);
        let id = c.id;
        self.configs.insert(id, c);
        self.reschedule(id, Instant::now());
        id
    }

    /// Adds a backup; returns its v1 ID.
    pub fn add_backup(&mut self, mut b: Backup) -> u64 {
        if b.id == 0 {
            self.next_ids.backup += 1;
            b.id = self.next_ids.backup;
        }
        if b.v2_id.is_empty() {
            b.v2_id = self.rng.uuid();
        }
        self.backup_by_v2.insert(b.v2_id.clone(), b.id);
        self.backups_by_config.entry(b.config).or_default().push(b.id);
        if !b.state.is_final() {
            self.active_backups.insert(b.id);
        }
        let id = b.id;
        self.backups.insert(id, b);
        id
    }

    pub fn config_by_v2(&self, id: &str) -> Option<u64> {
        self.config_by_v2.get(id).copied()
    }

    pub fn backup_by_v2(&self, id: &str) -> Option<u64> {
        self.backup_by_v2.get(id).copied()
    }

    /// The backups of one configuration, oldest first.
    pub fn backups_of(&self, config: u64) -> impl Iterator<Item = &Backup> {
        self.backups_by_config.get(&config).into_iter().flatten().filter_map(|id| self.backups.get(id))
    }

    /// Every configuration's newest finished backup, (when, ID), found in
    /// one pass over the backups (a list of every configuration needs them all).
    pub fn last_finished(&self) -> FxHashMap<u64, (i64, u64)> {
        let mut last: FxHashMap<u64, (i64, u64)> = FxHashMap::default();
        for b in self.backups.values().filter(|b| b.state.is_final()) {
            let entry = last.entry(b.config).or_insert((b.state_ms, b.id));
            if b.state_ms >= entry.0 {
                *entry = (b.state_ms, b.id);
            }
        }
        last
    }

    /// Every configuration's newest restorable backup (latest to end), by
    /// v1 ID, found in one pass over the backups.
    pub fn last_restorable(&self) -> FxHashMap<u64, u64> {
        let mut last: FxHashMap<u64, (Option<i64>, u64)> = FxHashMap::default();
        for b in self.backups.values().filter(|b| b.restorable) {
            let entry = last.entry(b.config).or_insert((b.ended_ms, b.id));
            if b.ended_ms >= entry.0 {
                *entry = (b.ended_ms, b.id);
            }
        }
        last.into_iter().map(|(config, (_, id))| (config, id)).collect()
    }

    /// The configurations of one agent (deleted ones included), by ID.
    pub fn configs_of(&self, agent: usize) -> impl Iterator<Item = &Config> {
        self.configs.values().filter(move |c| c.agent == agent)
    }

    /// Sets when `config` runs next (wall clock) and when that is due on the
    /// simulated clock.
    pub fn reschedule(&mut self, config: u64, now: Instant) {
        self.schedule_after(config, now, epoch_ms());
    }

    /// [`Self::reschedule`] for the run after `after_ms`: once a run has come
    /// due on the (faster) simulated clock, the next one is the one after
    /// it, not the same wall-clock time again.
    fn schedule_after(&mut self, config: u64, now: Instant, after_ms: i64) {
        let now_ms = epoch_ms();
        let clock = self.clock;
        let Some(c) = self.configs.get(&config) else { return };
        let next = super::schedule::next_run_ms(c.schedule, c.created_ms, after_ms.max(now_ms));
        let due = next.map(|t| clock.after(now, (t - now_ms) as f64 / 1000.0));
        if let Some((_, Some(old))) = self.next_runs.insert(config, (next, due)) {
            self.due_runs.remove(&(old, config));
        }
        if let Some(d) = due {
            self.due_runs.insert((d, config));
        }
    }

    /// The wall-clock time `config` runs next, if it is scheduled.
    pub fn next_run_ms(&self, config: u64) -> Option<i64> {
        self.next_runs.get(&config).and_then(|(t, _)| *t)
    }

    /// Starts a backup of `config` by hand (v1 `StartManual`, v2 `POST
    /// /backups`); returns the new backup's v1 ID.
    pub fn start_backup(&mut self, config: u64, now: Instant) -> Result<u64, RunRefused> {
        let c = self.configs.get(&config).ok_or_else(|| RunRefused::NotRunnable("no such configuration".into()))?;
        if c.deleted || !c.enabled || self.agents[c.agent].disabled {
            let why = if c.deleted {
                "the configuration is deleted"
            } else if !c.enabled {
                "the configuration is disabled"
            } else {
                "its agent is disabled"
            };
            return Err(RunRefused::NotRunnable(why.into()));
        }
        if let Some(running) = self.backups_of(config).find(|b| !b.state.is_final()) {
            return Err(RunRefused::AlreadyRunning(running.id));
        }
        let agent = c.agent;
        Ok(self.new_run(config, agent, BackupState::StartRequested, now))
    }

    fn new_run(&mut self, config: u64, agent: usize, state: BackupState, now: Instant) -> u64 {
        let seed = self.rng.next_u64();
        let backup = Backup { next_at: Some(now), ..Backup::new(config, agent, state, epoch_ms(), seed) };
        let id = self.add_backup(backup);
        self.backup_event(id);
        id
    }

    /// Asks a running backup to stop (v1 `StopManual`, v2 `stop_requested`).
    pub fn stop_backup(&mut self, id: u64, now: Instant) -> Result<(), RunRefused> {
        let clock = self.clock;
        let b = self.backups.get_mut(&id).ok_or_else(|| RunRefused::NotRunnable("no such backup".into()))?;
        if b.state.is_final() {
            return Err(RunRefused::Ended(b.state));
        }
        if b.state != BackupState::StopRequested {
            b.state = BackupState::StopRequested;
            b.state_ms = epoch_ms();
            b.next_at = Some(clock.after(now, phases::STOPPING));
            self.backup_event(id);
        }
        Ok(())
    }

    /// Applies what time has done to backups: scheduled runs that came due,
    /// and every running backup's next phase and counts.
    pub(super) fn advance_backups(&mut self, now: Instant) {
        while let Some(&(due, config)) = self.due_runs.first() {
            if due > now {
                break;
            }
            self.due_runs.remove(&(due, config));
            let fired = self.next_run_ms(config).unwrap_or_else(epoch_ms);
            self.run_scheduled(config, now);
            self.schedule_after(config, now, fired);
        }
        let active: Vec<u64> = self.active_backups.iter().copied().collect();
        for id in active {
            self.advance_backup(id, now);
        }
    }

    fn run_scheduled(&mut self, config: u64, now: Instant) {
        let Some(c) = self.configs.get(&config) else { return };
        if c.deleted || !c.enabled || self.agents[c.agent].disabled {
            return;
        }
        let agent = c.agent;
        if self.backups_of(config).any(|b| !b.state.is_final()) {
            let id = self.new_run(config, agent, BackupState::Skipped, now);
            self.finish(id, BackupState::Skipped);
        } else if self.agents[agent].online(now) {
            self.new_run(config, agent, BackupState::StartScheduled, now);
        } else {
            let id = self.new_run(config, agent, BackupState::Missed, now);
            self.finish(id, BackupState::Missed);
        }
    }

    fn advance_backup(&mut self, id: u64, now: Instant) {
        let clock = self.clock;
        let Some(b) = self.backups.get(&id) else { return };
        let online = self.agents[b.agent].online(now);
        let Some(b) = self.backups.get_mut(&id) else { return };
        if b.state == BackupState::InProgress {
            if let Some(since) = b.running_since {
                let total = clock.scaled(std::time::Duration::from_secs_f64(phases::RUNNING)).as_secs_f64();
                let frac = ((now - since).as_secs_f64() / total.max(1e-6)).min(1.0);
                b.files_searched = (b.total_files as f64 * frac) as u64;
                b.bytes_searched = (b.total_bytes as f64 * frac) as u64;
                // About a tenth of what is searched has changed and is sent.
                b.files_backed_up = b.files_searched / 10;
                b.bytes_backed_up = b.bytes_searched / 10;
            }
        }
        if b.next_at.is_none_or(|t| t > now) {
            return;
        }
        let (next, after) = match b.state {
            BackupState::StartRequested | BackupState::StartScheduled if online => {
                (BackupState::Queued, phases::QUEUED)
            }
            BackupState::StartRequested | BackupState::StartScheduled => (b.state, timing::RECHECK),
            BackupState::Queued => (BackupState::Preparing, phases::PREPARING),
            BackupState::Preparing => (BackupState::InProgress, phases::RUNNING),
            BackupState::InProgress => {
                let outcome = match b.tree_seed % 10 {
                    0 => BackupState::Failed,
                    1 | 2 => BackupState::CompletedWithErrors,
                    _ => BackupState::Completed,
                };
                self.finish(id, outcome);
                self.backup_event(id);
                return;
            }
            BackupState::StopRequested => {
                self.finish(id, BackupState::Stopped);
                self.backup_event(id);
                return;
            }
            other => (other, 0.0),
        };
        let changed = next != b.state;
        if changed {
            b.state = next;
            b.state_ms = epoch_ms();
        }
        if next == BackupState::Preparing {
            b.started_ms = Some(epoch_ms());
        }
        if next == BackupState::InProgress {
            b.running_since = Some(now);
        }
        b.next_at = Some(clock.after(now, after));
        if changed {
            self.backup_event(id);
        }
    }

    /// Ends a backup in `state`, with its report's figures and errors; a
    /// completed one is restorable and is its agent's last successful backup.
    pub fn finish(&mut self, id: u64, state: BackupState) {
        let now_ms = epoch_ms();
        self.active_backups.remove(&id);
        let Some(b) = self.backups.get_mut(&id) else { return };
        b.state = state;
        b.state_ms = now_ms;
        b.next_at = None;
        b.running_since = None;
        if matches!(state, BackupState::Completed | BackupState::CompletedWithErrors) {
            b.files_searched = b.total_files;
            b.bytes_searched = b.total_bytes;
            b.files_backed_up = b.files_backed_up.max(b.total_files / 10);
            b.bytes_backed_up = b.bytes_backed_up.max(b.total_bytes / 10);
            b.restorable = true;
        }
        if matches!(state, BackupState::Missed | BackupState::Skipped) {
            b.started_ms = None;
        } else {
            b.started_ms.get_or_insert(now_ms);
            b.ended_ms = Some(now_ms);
        }
        b.errors = match state {
            BackupState::CompletedWithErrors => sample_errors(b.tree_seed),
            BackupState::Failed => vec![BackupError {
                path: String::new(),
                description: "The agent could not reach its vault (Rax).".into(),
                code: 9002,
            }],
            _ => Vec::new(),
        };
        let (agent, restorable) = (b.agent, b.restorable);
        if restorable {
            let a = &mut self.agents[agent];
            a.last_backup_ms = Some(a.last_backup_ms.map_or(now_ms, |t| t.max(now_ms)));
        }
    }
}

/// The errors of a run that completed with errors: files in use, as the
/// docs' report example shows.
pub fn sample_errors(seed: u64) -> Vec<BackupError> {
    let files = ["/var/lib/mysql/ibdata1", "/var/log/syslog", "C:\\pagefile.sys"];
    (0..1 + seed % 3)
        .map(|k| BackupError {
            path: files[(seed as usize + k as usize) % files.len()].into(),
            description:
                "Cannot open file: the process cannot access the file because it is being used by another process."
                    .into(),
            code: 313,
        })
        .collect()
}

/// The v1 `Frequency` of a schedule.
pub fn frequency(schedule: Schedule) -> &'static str {
    match schedule {
        Schedule::Manual => "Manually",
        Schedule::Hourly { .. } => "Hourly",
        Schedule::Daily { .. } => "Daily",
        Schedule::Weekly { .. } => "Weekly",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::Power;
    use std::time::Duration;

    fn world() -> World {
        // An hour of schedule passes in 0.36 s.
        let config = crate::config::SimConfig { time_scale: 0.0001, ..Default::default() };
        crate::seed::world(&config).expect("seeded")
    }

    fn hourly(w: &World, agent: usize) -> Config {
        let mut c = w.configs_of(agent).next().cloned().expect("a seeded configuration");
        c.id = 0;
        c.v2_id = String::new();
        c.name = "Every hour".into();
        c.schedule = Schedule::Hourly { interval: 1 };
        c.enabled = true;
        c.created_ms = epoch_ms();
        c
    }

    fn runs_of(w: &World, config: u64) -> Vec<BackupState> {
        w.backups_of(config).map(|b| b.state).collect()
    }

    #[test]
    fn a_schedule_runs_once_per_period_and_is_missed_while_the_agent_is_off() {
        let mut w = world();
        let awake = w.agents.iter().position(|a| a.power == Power::Awake && !a.disabled).expect("awake agent");
        let off = w.agents.iter().position(|a| a.power == Power::Off && !a.disabled).expect("agent that is off");
        let now = Instant::now();
        let (on, missed) = (w.add_config(hourly(&w, awake)), w.add_config(hourly(&w, off)));
        w.advance(now + Duration::from_millis(100));
        assert!(runs_of(&w, on).is_empty(), "not due yet");
        w.advance(now + Duration::from_millis(400));
        assert_eq!(runs_of(&w, on).len(), 1, "due after an hour of schedule");
        assert_eq!(runs_of(&w, missed), vec![BackupState::Missed], "the agent was off");
        w.advance(now + Duration::from_millis(450));
        assert_eq!(runs_of(&w, on).len(), 1, "not again until the next hour");
        assert!(w.next_run_ms(on).is_some_and(|t| t > epoch_ms() + 3_000_000), "the next run is the following hour");
    }

    #[test]
    fn a_manual_run_goes_through_its_states_and_leaves_a_restorable_backup() {
        let mut w = world();
        let awake = w.agents.iter().position(|a| a.power == Power::Awake && !a.disabled).expect("awake agent");
        let mut manual = hourly(&w, awake);
        manual.schedule = Schedule::Manual;
        let config = w.add_config(manual);
        let now = Instant::now();
        let id = w.start_backup(config, now).expect("started");
        assert_eq!(w.start_backup(config, now), Err(RunRefused::AlreadyRunning(id)));
        let mut seen = vec![w.backups[&id].state];
        for ms in 1..200 {
            w.advance(now + Duration::from_millis(ms));
            let state = w.backups[&id].state;
            if seen.last() != Some(&state) {
                seen.push(state);
            }
        }
        use BackupState::*;
        assert_eq!(&seen[..4], &[StartRequested, Queued, Preparing, InProgress]);
        let last = w.backups[&id].state;
        assert!(last.is_final(), "{seen:?}");
        assert_eq!(w.backups[&id].restorable, matches!(last, Completed | CompletedWithErrors));
        assert_eq!(w.stop_backup(id, now), Err(RunRefused::Ended(last)));
    }
}
