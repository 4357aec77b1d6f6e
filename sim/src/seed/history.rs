//! The demo tenant's configurations, backups, restores and cleanups. Every
//! agent has a daily configuration (and, by position, a weekly database
//! one, a manual one, or a disabled one), a few past runs of each in every
//! final state, one backup running on the first awake agent, a restore
//! configuration ready to start, and for some a finished restore. Restores
//! point at real completed backups; an agent's last successful backup is
//! its newest completed run.

use crate::world::{
    phases, Backup, BackupState, Cleanup, Config, ItemKind, PathRule, Power, Restore, RestoreState, Schedule, World,
};
use std::time::Instant;

const DAY_MS: i64 = 86_400_000;

/// `configs_per_agent`: `None` for the varied demo (one to three), or a
/// fixed number (the scale benchmark asks for five).
pub fn seed(w: &mut World, now_ms: i64, configs_per_agent: Option<usize>) {
    let mut next_restore = 5_000_000u64;
    let mut next_cleanup = 9_000_000u64;
    let mut running_seeded = false;
    // The newest completed backup seen so far (of any agent): an agent
    // with none of its own gets a restore of that one onto it.
    let mut any_completed: Option<(u64, u64, usize, i64)> = None;
    let now = Instant::now();
    for i in 0..w.agents.len() {
        let shapes = shapes(i, configs_per_agent);
        // Read before any run is finished: `World::finish` moves it.
        let seeded_last = w.agents[i].last_backup_ms;
        let mut newest_completed: Option<(u64, u64, i64)> = None;
        for (k, shape) in shapes.iter().enumerate() {
            let config = w.add_config(config(w, i, shape, now_ms));
            // Past runs, newest first: the daily one ends with the agent's
            // last successful backup (or failures if it has none).
            let runs = if k == 0 { 3 } else { 2 };
            for r in 0..runs {
                let ended = seeded_last.unwrap_or(now_ms - 30 * DAY_MS) - (r as i64) * DAY_MS - k as i64 * 3_600_000;
                let state = past_state(seeded_last.is_some(), k, r, w.rng.range(0, 10));
                let id = past_backup(w, config, i, state, ended);
                if matches!(state, BackupState::Completed | BackupState::CompletedWithErrors)
                    && newest_completed.is_none_or(|(_, _, t)| ended > t)
                {
                    newest_completed = Some((id, config, ended));
                }
            }
            if !running_seeded && k == 0 && w.agents[i].power == Power::Awake && !w.agents[i].disabled {
                running_seeded = true;
                if let Ok(id) = w.start_backup(config, now) {
                    // Already under way: seen as in progress from the start.
                    if let Some(b) = w.backups.get_mut(&id) {
                        b.state = BackupState::InProgress;
                        b.started_ms = Some(now_ms - 60_000);
                        b.running_since = Some(now);
                        b.next_at = Some(w.clock.after(now, phases::RUNNING));
                    }
                }
            }
        }
        w.agents[i].last_backup_ms = newest_completed.map(|(_, _, ended)| ended);
        let own = newest_completed.map(|(b, c, ended)| (b, c, i, ended));
        if own.is_some() {
            any_completed = own;
        }
        if let Some((backup, config, source, ended)) = own.or(any_completed) {
            for (state, when) in
                [(RestoreState::Completed, ended + DAY_MS / 2), (RestoreState::Creating, now_ms - 3_600_000)]
            {
                if state == RestoreState::Completed && i % 4 != 2 {
                    continue;
                }
                next_restore += 1;
                let r = restore(w, next_restore, backup, config, (source, i), state, when);
                w.restores.insert(r.id, r);
            }
        }
        next_cleanup += 1;
        let at = now_ms - 5 * DAY_MS;
        let cleanup = Cleanup {
            id: next_cleanup,
            agent: i,
            state: "Completed",
            time_ms: at,
            started_ms: Some(at - 600_000),
            ended_ms: Some(at),
            next_at: None,
        };
        w.cleanups.insert(cleanup.id, cleanup);
    }
}

/// (name, schedule, enabled, database?) of each configuration of agent `i`.
fn shapes(i: usize, fixed: Option<usize>) -> Vec<(&'static str, Schedule, bool, bool)> {
    let daily = ("Daily files", Schedule::Daily { hour: (i % 24) as u8, minute: 30 }, true, false);
    let weekly = ("Weekly database", Schedule::Weekly { day: (i % 7) as u8, hour: 2, minute: 0 }, true, true);
    let hourly = ("Hourly web content", Schedule::Hourly { interval: 4 }, true, false);
    let manual = ("Manual logs", Schedule::Manual, true, false);
    let old = ("Old server image", Schedule::Daily { hour: 1, minute: 0 }, false, false);
    let all = [daily, weekly, hourly, manual, old];
    match fixed {
        Some(n) => (0..n).map(|k| all[k % all.len()]).collect(),
        None => {
            let mut v = vec![daily];
            if i.is_multiple_of(3) {
                v.push(weekly);
            }
            if i % 5 == 1 {
                v.push(manual);
            }
            if i % 7 == 3 {
                v.push(old);
            }
            v
        }
    }
}

fn config(w: &World, i: usize, shape: &(&str, Schedule, bool, bool), now_ms: i64) -> Config {
    let a = &w.agents[i];
    let windows = a.os_name.starts_with("Windows");
    let (name, schedule, enabled, database) = *shape;
    let rule = |path: &str, kind| PathRule { id: 0, path: path.into(), kind };
    let (inclusions, exclusions) = match (windows, database) {
        (true, true) => (vec![rule("C:\\SQLBackups", ItemKind::Folder)], vec![]),
        (false, true) => (vec![rule("/var/backups/mysql", ItemKind::Folder)], vec![]),
        (true, false) => (
            vec![
                rule("C:\\inetpub\\wwwroot", ItemKind::Folder),
                rule("C:\\Windows\\System32\\drivers\\etc\\hosts", ItemKind::File),
            ],
            vec![rule("C:\\inetpub\\wwwroot\\cache", ItemKind::Folder)],
        ),
        (false, false) => (
            vec![rule("/var/www", ItemKind::Folder), rule("/etc/nginx/nginx.conf", ItemKind::File)],
            vec![rule("/var/www/cache", ItemKind::Folder)],
        ),
    };
    Config {
        id: 0,
        v2_id: String::new(),
        schedule_id: 0,
        agent: i,
        name: name.into(),
        enabled,
        deleted: false,
        schedule,
        time_zone: "Eastern Standard Time".into(),
        retention_days: 30,
        missed_action: 1,
        inclusions,
        exclusions,
        notify_recipients: "ops@example.com".into(),
        notify_success: false,
        notify_failure: true,
        created_ms: now_ms - 400 * DAY_MS,
    }
}

/// A past run's state: every final state appears across the fleet.
fn past_state(ever_succeeded: bool, config: usize, run: usize, roll: u64) -> BackupState {
    match (ever_succeeded, config, run, roll) {
        (false, _, _, _) => BackupState::Failed,
        (true, 0, 0, _) => BackupState::Completed,
        (true, _, _, 0) => BackupState::Missed,
        (true, _, _, 1) => BackupState::CompletedWithErrors,
        (true, _, _, 2) => BackupState::Failed,
        (true, _, _, 3) => BackupState::Stopped,
        (true, _, _, 4) => BackupState::Skipped,
        _ => BackupState::Completed,
    }
}

fn past_backup(w: &mut World, config: u64, agent: usize, state: BackupState, ended_ms: i64) -> u64 {
    let seed = w.rng.next_u64();
    let mut run = Backup::new(config, agent, BackupState::InProgress, ended_ms, seed);
    run.started_ms = Some(ended_ms - 300_000);
    run.files_backed_up = run.total_files / 20;
    let id = w.add_backup(run);
    w.finish(id, state);
    // `finish` stamps now; a past run keeps its own times.
    if let Some(b) = w.backups.get_mut(&id) {
        b.state_ms = ended_ms;
        if b.ended_ms.is_some() {
            b.ended_ms = Some(ended_ms);
            b.started_ms = Some(ended_ms - 300_000);
        }
    }
    id
}

/// A restore of `backup` from `agents.0`'s vault onto `agents.1`.
fn restore(
    w: &World,
    id: u64,
    backup: u64,
    config: u64,
    agents: (usize, usize),
    state: RestoreState,
    when: i64,
) -> Restore {
    let a = &w.agents[agents.1];
    let b = &w.backups[&backup];
    let path = if a.os_name.starts_with("Windows") { "C:\\Restore\\" } else { "/var/restore/" };
    Restore {
        id,
        backup_id: backup,
        source: agents.0,
        destination: agents.1,
        destination_path: path.into(),
        overwrite: false,
        config_id: config,
        config_name: w.configs[&config].name.clone(),
        restore_point_ms: b.ended_ms.unwrap_or(b.state_ms),
        state,
        next_at: None,
        running_since: None,
        started_ms: state.is_finished().then_some(when),
        completed_ms: state.is_finished().then_some(when + 60_000),
        total_files: b.total_files,
        files_restored: if state == RestoreState::Completed { b.total_files } else { 0 },
        total_bytes: b.total_bytes,
        activity_ms: when,
        selection: Vec::new(),
        deleted: false,
        failure: None,
    }
}
