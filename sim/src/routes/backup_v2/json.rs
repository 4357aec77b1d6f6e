//! v2 configuration and backup objects (API-REFERENCE §7.6): snake_case,
//! ISO-8601 dates, UUIDs, links rebuilt from IDs.

use crate::clock::iso;
use crate::routes::json_out::{value_at, Iso, Link, Obj};
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

/// Everything a v2 configuration record shows: [`config_of`] reads nothing
/// else (so the record's cached bytes stay right while this hashes the
/// same). Its links' base is filled in when the record is sent.
#[derive(Hash)]
pub struct ConfigView<'a> {
    c: &'a Config,
    agent: &'a str,
    /// The next run, for an enabled configuration not deleted.
    next_run_ms: Option<i64>,
    /// The newest restorable backup: (v2 ID, when it ended).
    last: Option<(&'a str, Option<i64>)>,
}

impl<'a> ConfigView<'a> {
    pub fn of(w: &'a World, c: &'a Config) -> ConfigView<'a> {
        let last = w.backups_of(c.id).filter(|b| b.restorable).max_by_key(|b| b.ended_ms);
        ConfigView::with_last(w, c, last.map(|b| b.id))
    }

    /// With the newest restorable backup's v1 ID already known (a list finds
    /// every configuration's in one pass: [`World::last_restorable`]).
    pub fn with_last(w: &'a World, c: &'a Config, last: Option<u64>) -> ConfigView<'a> {
        ConfigView {
            c,
            agent: &w.agents[c.agent].v2_id,
            next_run_ms: w.next_run_ms(c.id).filter(|_| c.enabled && !c.deleted),
            last: last.and_then(|id| w.backups.get(&id)).map(|b| (b.v2_id.as_str(), b.ended_ms)),
        }
    }
}

pub fn config(w: &World, c: &Config, base: &str) -> Value {
    value_at(base, |o| config_of(&ConfigView::of(w, c), o))
}

fn rules_into(o: &mut Obj, key: &str, rules: &[PathRule]) {
    o.list(key, rules, |o, r| {
        let kind = match r.kind {
            ItemKind::File => "file",
            ItemKind::Folder => "folder",
            ItemKind::Database => "database",
        };
        o.f("type", kind).f("path", &r.path);
    });
}

/// A v2 configuration record (§7.6).
pub fn config_of(v: &ConfigView, o: &mut Obj) {
    let c = v.c;
    let next = |o: &mut Obj| {
        o.f("scheduled_time", v.next_run_ms.map(Iso));
    };
    o.f("id", &c.v2_id).f("agent_id", v.agent).f("name", &c.name).f("enabled", c.enabled).f("deleted", c.deleted);
    match recurrence(c.schedule) {
        Some(rule) => o.obj("schedule", |s| {
            s.f("recurrence", serde_json::Value::from(vec![rule])).f("time_zone", "UTC").f("start", Iso(c.created_ms));
        }),
        None => o.f("schedule", None::<u8>),
    };
    o.obj("retention", |r| {
        r.f("days", c.retention_days);
    });
    rules_into(o, "inclusions", &c.inclusions);
    rules_into(o, "exclusions", &c.exclusions);
    o.list("notifications", [c], |n, c| {
        n.f("type", "email")
            .f("destination", &c.notify_recipients)
            .f("on_success", c.notify_success)
            .f("on_failure", c.notify_failure);
    })
    .obj("backups", |b| {
        match v.last {
            Some((id, ended)) => b.obj("last_completed", |l| {
                l.f("id", id).f("ended_time", ended.map(Iso));
            }),
            None => b.f("last_completed", None::<u8>),
        };
        b.obj("next", next);
    })
    .obj("next", next)
    .list(
        "links",
        [("/configurations/", c.v2_id.as_str(), "self"), ("/agents/", v.agent, "agent")],
        |l, (path, id, rel)| {
            l.f("href", Link([path, id])).f("rel", rel);
        },
    );
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
