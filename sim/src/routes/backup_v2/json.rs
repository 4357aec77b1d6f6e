//! v2 configuration and backup objects (API-REFERENCE §7.6): snake_case,
//! ISO-8601 dates, UUIDs, links rebuilt from IDs.

use crate::clock::iso;
use crate::world::{Backup, BackupState, Config, ItemKind, PathRule, Schedule, World};
use serde_json::{json as j, Value};

const DAYS: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/// The single RRULE of the three documented shapes.
pub fn recurrence(schedule: Schedule) -> Option<String> {
    match schedule {
        Schedule::Manual => None,
        Schedule::Hourly { interval } => Some(format!("RRULE:FREQ=HOURLY;INTERVAL={interval}")),
        Schedule::Daily { hour, minute } => {
            Some(format!("RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR={hour};BYMINUTE={minute}"))
        }
        Schedule::Weekly { day, hour, minute } => Some(format!(
            "RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY={};BYHOUR={hour};BYMINUTE={minute}",
            DAYS[usize::from(day % 7)]
        )),
    }
}

fn rules(rules: &[PathRule]) -> Value {
    Value::Array(
        rules
            .iter()
            .map(|r| {
                let kind = match r.kind {
                    ItemKind::File => "file",
                    ItemKind::Folder => "folder",
                    ItemKind::Database => "database",
                };
                j!({"type": kind, "path": r.path})
            })
            .collect(),
    )
}

/// Everything a v2 configuration record shows: [`config_of`] reads nothing
/// else (so the record's cached bytes stay right while this hashes the same;
/// `base` is the same for a whole list, which hashes it once).
pub struct ConfigView<'a> {
    c: &'a Config,
    agent: &'a str,
    base: &'a str,
    /// The next run, for an enabled configuration not deleted.
    next_run_ms: Option<i64>,
    /// The newest restorable backup: (v2 ID, when it ended).
    last: Option<(&'a str, Option<i64>)>,
}

impl std::hash::Hash for ConfigView<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        (self.c, self.agent, self.next_run_ms, self.last).hash(h);
    }
}

impl<'a> ConfigView<'a> {
    pub fn of(w: &'a World, c: &'a Config, base: &'a str) -> ConfigView<'a> {
        let last = w.backups_of(c.id).filter(|b| b.restorable).max_by_key(|b| b.ended_ms);
        ConfigView::with_last(w, c, base, last.map(|b| b.id))
    }

    /// With the newest restorable backup's v1 ID already known (a list finds
    /// every configuration's in one pass: [`World::last_restorable`]).
    pub fn with_last(w: &'a World, c: &'a Config, base: &'a str, last: Option<u64>) -> ConfigView<'a> {
        ConfigView {
            c,
            agent: &w.agents[c.agent].v2_id,
            base,
            next_run_ms: w.next_run_ms(c.id).filter(|_| c.enabled && !c.deleted),
            last: last.and_then(|id| w.backups.get(&id)).map(|b| (b.v2_id.as_str(), b.ended_ms)),
        }
    }
}

pub fn config(w: &World, c: &Config, base: &str) -> Value {
    config_of(&ConfigView::of(w, c, base))
}

pub fn config_of(v: &ConfigView) -> Value {
    let (c, base) = (v.c, v.base);
    let next = v.next_run_ms.map(iso);
    let last = v.last.map(|(id, ended)| j!({"id": id, "ended_time": ended.map(iso)}));
    let schedule = recurrence(c.schedule)
        .map(|r| j!({"recurrence": [r], "time_zone": "UTC", "start": iso(c.created_ms)}))
        .unwrap_or(Value::Null);
    j!({
        "id": c.v2_id, "agent_id": v.agent, "name": c.name, "enabled": c.enabled, "deleted": c.deleted,
        "schedule": schedule, "retention": {"days": c.retention_days},
        "inclusions": rules(&c.inclusions), "exclusions": rules(&c.exclusions),
        "notifications": [{"type": "email", "destination": c.notify_recipients, "on_success": c.notify_success, "on_failure": c.notify_failure}],
        "backups": {"last_completed": last, "next": {"scheduled_time": next}},
        "next": {"scheduled_time": next},
        "links": [
            {"href": format!("{base}/configurations/{}", c.v2_id), "rel": "self"},
            {"href": format!("{base}/agents/{}", v.agent), "rel": "agent"}
        ]
    })
}

pub fn backup(w: &World, b: &Backup, base: &str) -> Value {
    let a = &w.agents[b.agent];
    let config = w.configs.get(&b.config);
    let (reason, diagnostics) = match b.state {
        BackupState::CompletedWithErrors => {
            (Some("unable_to_process_some_files"), Some("Some files could not be backed up"))
        }
        BackupState::Failed => (Some("failed"), b.errors.first().map(|e| e.description.as_str())),
        _ => (None, None),
    };
    let elapsed_s = match (b.started_ms, b.ended_ms) {
        (Some(s), Some(e)) if e > s => (e - s) / 1000,
        _ => 0,
    };
    j!({
        // Nested references, as the docs' example and Rackspace's SDK
        // (`v2_report['configuration']['id']`) have them.
        "project_id": w.tenant, "id": b.v2_id,
        "agent": {"id": a.v2_id, "links": [{"href": format!("{base}/agents/{}", a.v2_id), "rel": "full"}]},
        "configuration": {"id": config.map(|c| c.v2_id.as_str()),
                          "links": [{"href": format!("{base}/configurations/{}", config.map(|c| c.v2_id.as_str()).unwrap_or_default()), "rel": "full"}]},
        "state": b.state.v2_name(), "started_time": b.started_ms.map(iso), "ended_time": b.ended_ms.map(iso),
        "snapshot_id": b.id, "restorable": b.restorable,
        "errors": {"count": b.errors.len(), "reason": reason, "diagnostics": diagnostics,
                   "links": [{"href": format!("{base}/backups/{}/errors", b.v2_id), "rel": "errors"}]},
        "files_searched": b.files_searched, "files_backed_up": b.files_backed_up,
        "bytes_searched": b.bytes_searched, "bytes_backed_up": b.bytes_backed_up, "bytes_in_db": b.bytes_backed_up,
        "bandwidth_avg_bps": if elapsed_s > 0 { b.bytes_backed_up * 8 / elapsed_s as u64 } else { 0 },
        "links": [
            {"href": format!("{base}/backups/{}", b.v2_id), "rel": "self"},
            {"href": format!("{base}/backups/{}/events", b.v2_id), "rel": "events"}
        ]
    })
}
