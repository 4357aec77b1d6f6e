//! v1 configuration and backup objects as the docs' examples print them
//! (API-REFERENCE §5.7 and §5.8).

use crate::clock::ms_date;
use crate::keys::KeyPool;
use crate::routes::json_out::{value, Hex, MsDate, Obj};
use crate::routes::wire::{duration, human_bytes};
use crate::world::{frequency, Agent, Backup, BackupState, Config, ItemKind, PathRule, Schedule, World};
use serde_json::{json as j, Value};

/// `.NET`'s `DateTime.MinValue`, the `NextScheduledRunTime` of a manual
/// configuration in the docs' example.
const NEVER: &str = "/Date(-62135578800000)/";

pub fn item_kind(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::File => "File",
        ItemKind::Folder => "Folder",
        ItemKind::Database => "Database",
    }
}

/// 0-23 UTC → (1-12, "AM"/"PM").
fn twelve_hour(hour: u8) -> (u8, &'static str) {
    let h = hour % 24;
    let ampm = if h < 12 { "AM" } else { "PM" };
    (if h.is_multiple_of(12) { 12 } else { h % 12 }, ampm)
}

/// Everything a v1 configuration record shows: [`config_of`] reads nothing
/// else (so the record's cached bytes stay right while this hashes the same).
#[derive(Hash)]
pub struct ConfigView<'a> {
    c: &'a Config,
    agent_v1: u64,
    machine: &'a str,
    encrypted: bool,
    datacenter: &'static str,
    key: usize,
    /// The next run, for an enabled configuration not deleted.
    next_run_ms: Option<i64>,
    /// The newest finished backup: (when, ID).
    last: Option<(i64, u64)>,
}

impl<'a> ConfigView<'a> {
    pub fn of(w: &'a World, c: &'a Config) -> ConfigView<'a> {
        let last = w.backups_of(c.id).filter(|b| b.state.is_final()).max_by_key(|b| b.state_ms);
        ConfigView::with_last(w, c, last.map(|b| (b.state_ms, b.id)))
    }

    /// With the newest finished backup already known (a list finds every
    /// configuration's in one pass: [`World::last_finished`]).
    pub fn with_last(w: &'a World, c: &'a Config, last: Option<(i64, u64)>) -> ConfigView<'a> {
        let a = &w.agents[c.agent];
        ConfigView {
            c,
            agent_v1: a.v1_id,
            machine: &a.name,
            encrypted: a.encrypted,
            datacenter: a.datacenter,
            key: a.key,
            next_run_ms: w.next_run_ms(c.id).filter(|_| c.enabled && !c.deleted),
            last,
        }
    }
}

pub fn config(w: &World, c: &Config) -> Value {
    value(|o| config_of(&ConfigView::of(w, c), &w.keys, o))
}

fn rules_into(o: &mut Obj, key: &str, rules: &[PathRule], config: u64, filter: &str) {
    o.list(key, rules, |o, r| {
        o.f("FileId", r.id)
            .f("FileItemType", item_kind(r.kind))
            .f("FilePath", &r.path)
            .f("FilePathEncoded", None::<u8>)
            .f("Filter", filter)
            .f("ParentId", config);
    });
}

/// A v1 configuration record, as the docs' example (§5.7) has it.
pub fn config_of(v: &ConfigView, keys: &KeyPool, o: &mut Obj) {
    let c = v.c;
    let key = keys.get(v.key);
    let (hour, minute, ampm, day, interval) = match c.schedule {
        Schedule::Manual => (None, None, "", None, None),
        Schedule::Hourly { interval } => (None, None, "", None, Some(interval)),
        Schedule::Daily { hour, minute } => {
            let (h, ampm) = twelve_hour(hour);
            (Some(h), Some(minute), ampm, None, None)
        }
        Schedule::Weekly { day, hour, minute } => {
            let (h, ampm) = twelve_hour(hour);
            (Some(h), Some(minute), ampm, Some(day), None)
        }
    };
    o.f("BackupConfigurationId", c.id)
        .f("MachineAgentId", v.agent_v1)
        .f("MachineName", v.machine)
        .f("Flavor", "RaxCloudServer")
        .f("IsEncrypted", v.encrypted)
        .f("BackupConfigurationName", &c.name)
        .f("IsActive", c.enabled)
        .f("IsDeleted", c.deleted)
        .f("VersionRetention", c.retention_days)
        .f("BackupConfigurationScheduleId", c.schedule_id)
        .f("MissedBackupActionId", c.missed_action)
        .f("Frequency", frequency(c.schedule))
        .f("StartTimeHour", hour)
        .f("StartTimeMinute", minute)
        .f("StartTimeAmPm", ampm)
        .f("DayOfWeekId", day)
        .f("HourInterval", interval)
        .f("TimeZoneId", &c.time_zone);
    match v.next_run_ms {
        Some(ms) => o.f("NextScheduledRunTime", MsDate(ms)),
        None => o.f("NextScheduledRunTime", NEVER),
    };
    o.f("LastRunTime", v.last.map(|(ms, _)| MsDate(ms)))
        .f("LastRunBackupReportId", v.last.map(|(_, id)| id))
        .f("NotifyRecipients", &c.notify_recipients)
        .f("NotifySuccess", c.notify_success)
        .f("NotifyFailure", c.notify_failure)
        .f("BackupPrescript", "")
        .f("BackupPostscript", "")
        .f("Datacenter", v.datacenter)
        .obj("EncryptionKey", |k| {
            k.f("ExponentHex", Hex(&key.exponent_hex)).f("ModulusHex", Hex(&key.modulus_hex));
        });
    rules_into(o, "Inclusions", &c.inclusions, c.id, "Include");
    rules_into(o, "Exclusions", &c.exclusions, c.id, "Exclude");
}

/// `GET /backup/{id}`: the status object.
pub fn status(w: &World, b: &Backup) -> Value {
    let a = &w.agents[b.agent];
    let key = w.keys.get(a.key);
    j!({
        "BackupId": b.id, "BackupConfigurationId": b.config, "CurrentState": b.state.name(),
        "BackupConfigurationName": w.configs.get(&b.config).map(|c| c.name.as_str()).unwrap_or_default(),
        "MachineAgentId": a.v1_id, "MachineName": a.name, "StateChangeTime": ms_date(b.state_ms),
        "IsEncrypted": a.encrypted, "EncryptionKey": {"ModulusHex": key.modulus_hex, "ExponentHex": 10001},
        // Not in the docs' example; Rackspace's SDK reads both (MonitorBackupProgress).
        "Datacenter": a.datacenter, "BackupDatacenter": a.backup_datacenter.as_deref().unwrap_or(a.datacenter)
    })
}

/// `GET /backup/report/{id}`: counts as strings and sizes as text, but
/// `NumErrors` a number, as the docs' example has them.
pub fn report(w: &World, b: &Backup, now_ms: i64) -> Value {
    let a = &w.agents[b.agent];
    let config = w.configs.get(&b.config);
    let (reason, diagnostics) = match b.state {
        BackupState::Completed => ("Success", "No errors"),
        BackupState::CompletedWithErrors => ("Success", "Completed With Errors"),
        BackupState::Failed => ("Failed", "The backup failed"),
        BackupState::Stopped => ("StoppedByUser", "The backup was stopped before it finished"),
        BackupState::Missed => ("Missed", "The agent was not available at the scheduled time"),
        BackupState::Skipped => ("Skipped", "A backup of this configuration was still running"),
        _ => ("InProgress", "The backup is running"),
    };
    let errors: Vec<Value> = b
        .errors
        .iter()
        .enumerate()
        .map(|(k, e)| {
            j!({"BackupReportID": b.id, "ListIndex": k, "ErrorType": 101, "ErrorDesc": "The agent experienced a problem. (Rax)",
                "ExceptionDesc": e.description, "ExceptionDetails": format!("Error Code({}): {}", e.code, e.description),
                "ExceptionCode": e.code, "Path": e.path})
        })
        .collect();
    j!({
        "BackupId": b.id, "BackupConfigurationId": b.config,
        "BackupConfigurationName": config.map(|c| c.name.as_str()).unwrap_or_default(),
        "BackupConfigurationIsDeleted": config.is_some_and(|c| c.deleted),
        "ComputerName": a.name, "MachineAgentId": a.v1_id, "State": b.state.name(), "CanRestore": b.restorable,
        "StartTime": b.started_ms.map(ms_date), "CompletedTime": b.ended_ms.map(ms_date),
        "Duration": b.started_ms.map(|s| duration(b.ended_ms.unwrap_or(now_ms) - s)).unwrap_or_else(|| duration(0)),
        "FilesSearched": b.files_searched.to_string(), "BytesSearched": human_bytes(b.bytes_searched),
        "FilesBackedUp": b.files_backed_up.to_string(), "BytesBackedUp": human_bytes(b.bytes_backed_up),
        "NumErrors": b.errors.len(), "Reason": reason, "Diagnostics": diagnostics, "ErrorList": errors
    })
}

/// One entry of `GET /backup/completed/{config}` (`BytesSearched` a number here).
pub fn completed(w: &World, b: &Backup) -> Value {
    let a = &w.agents[b.agent];
    j!({
        "BackupId": b.id, "BackupConfigurationId": b.config,
        "BackupConfigurationName": w.configs.get(&b.config).map(|c| c.name.as_str()).unwrap_or_default(),
        "MachineName": a.name, "MachineAgentId": a.v1_id, "CompletedTime": b.ended_ms.map(ms_date),
        "BytesSearched": b.bytes_searched, "NumErrors": b.errors.len()
    })
}

/// One entry of `GET /backup/availableforrestore` (its own key names): a
/// function of the configuration, its agent and the newest restorable
/// backup's time alone.
pub fn available(c: &Config, a: &Agent, last_ms: i64, keys: &KeyPool, o: &mut Obj) {
    let key = keys.get(a.key);
    o.f("BackupConfigurationId", c.id)
        .f("BackupConfigurationName", &c.name)
        .f("MachineName", &a.name)
        .f("MachineAgentId", a.v1_id)
        .f("IsEncrypted", a.encrypted)
        .f("Flavor", "RaxCloudServer")
        .f("LastSuccessfulBackupTime", MsDate(last_ms))
        .f("PublicKeyHex", 10001u32)
        .f("PublicKeyMod", Hex(&key.modulus_hex));
}
