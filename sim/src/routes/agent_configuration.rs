//! An agent's own configuration document, v1 (`GET
//! /v1.0/agent/configuration/{id}`) and v2 (`GET /v2/agents/{id}/configuration`).
//! The docs name only the top-level keys (API-REFERENCE §4.1, §6); the inner
//! fields are those Rackspace's SDK reads (`AgentConfiguration` in
//! cloudbackup/client/agents.py), so the SDK's readers find every one.

use super::backup_v1::item_kind_name;
use crate::world::{frequency, Agent, Config, Schedule, World, LOG_LEVELS};
use serde_json::{json as j, Value};

/// RSE timings in milliseconds per mode: (idle, active, real time).
const POLL_INTERVAL: (u64, u64, u64) = (30_000, 2_000, 1_000);
const HEARTBEAT_INTERVAL: (u64, u64, u64) = (3_600_000, 1_000, 1_000);
/// How long a mode lasts before the agent falls back to idle.
const MODE_TIMEOUT: (u64, u64, u64) = (0, 300_000, 120_000);
const MIN_DISK_MB: u64 = 512;

fn modes_v1((idle, active, real_time): (u64, u64, u64)) -> Value {
    j!({"Idle": idle, "Active": active, "RealTime": real_time})
}

fn modes_v2((idle, active, real_time): (u64, u64, u64)) -> Value {
    j!({"idle": idle, "active": active, "real_time": real_time})
}

/// The vault's Cloud Files URL (public or ServiceNet) for the agent.
fn vault_url(a: &Agent, internal: bool) -> String {
    let region = a.backup_datacenter.as_deref().unwrap_or(a.datacenter).to_ascii_lowercase();
    let net = if internal { "snet-" } else { "" };
    format!("https://{net}storage101.{region}1.clouddrive.com/v1/MossoCloudFS_{}", a.host_server_id)
}

fn log_level(a: &Agent) -> &'static str {
    LOG_LEVELS[usize::from(a.log_level.clamp(1, 7))]
}

/// One schedule entry of a v1 agent-side backup configuration.
fn schedule_v1(c: &Config) -> Vec<Value> {
    let (time, day, interval) = match c.schedule {
        Schedule::Manual => return Vec::new(),
        Schedule::Hourly { interval } => (String::new(), None, Some(interval)),
        Schedule::Daily { hour, minute } => (format!("{hour:02}:{minute:02}"), None, None),
        Schedule::Weekly { day, hour, minute } => (format!("{hour:02}:{minute:02}"), Some(day), None),
    };
    vec![j!({
        "Start": null, "End": null, "InitialScheduledTime": null, "Frequency": frequency(c.schedule),
        "TimeOfDay": time, "DayOfWeek": day, "HourlyInterval": interval, "IsDST": false, "Offset": 0
    })]
}

fn rules_v1(c: &Config, include: bool) -> Vec<Value> {
    let rules = if include { &c.inclusions } else { &c.exclusions };
    rules.iter().map(|r| j!({"Pattern": r.path, "Type": item_kind_name(r.kind), "Module": "", "Args": ""})).collect()
}

pub fn v1(w: &World, i: usize) -> Value {
    let a = &w.agents[i];
    let volume = vault_url(a, a.use_service_net);
    let configs: Vec<Value> = w
        .configs_of(i)
        .filter(|c| !c.deleted)
        .map(|c| {
            j!({
                "Id": c.id, "Name": c.name, "IsEnabled": c.enabled, "VolumeUri": volume, "VolumeFailoverUri": null,
                "BackupPrescript": "", "BackupPostscript": "",
                "DaysToKeepOldFileVersions": c.retention_days, "KeepOldFileVersionsIndefinitely": c.retention_days == 0,
                "Schedules": schedule_v1(c), "Inclusions": rules_v1(c, true), "Exclusions": rules_v1(c, false)
            })
        })
        .collect();
    j!({
        // The vault password is the agent's secret: the document never carries it.
        "Volumes": [{"DataServices": volume, "Uri": volume, "FailoverUri": null, "EncryptionEnabled": a.encrypted,
                     "Password": null, "NetworkDrives": [], "BackupVaultId": a.host_server_id}],
        "SystemPreferences": {
            "RateLimit": 0,
            "AutoUpdate": {"Enabled": true, "LatestVersion": a.version},
            "Environment": {"MinimumDiskSpaceMb": {"Backup": MIN_DISK_MB, "Restore": MIN_DISK_MB, "Cleanup": MIN_DISK_MB}},
            "Logging": {"Level": log_level(a)},
            "Rse": {
                "Channel": format!("/agents/{}", a.v2_id), "HostName": "rse.drivesrvr.com",
                "Polling": {"Interval": modes_v1(POLL_INTERVAL), "Timeout": modes_v1(MODE_TIMEOUT)},
                "Heartbeat": {"Interval": modes_v1(HEARTBEAT_INTERVAL), "Timeout": modes_v1(MODE_TIMEOUT)}
            }
        },
        "UserPreferences": {"CacheDirectory": "", "ThrottleBandwidth": null, "UseServiceNet": a.use_service_net,
                            "BackupDataCenter": a.backup_datacenter.as_deref().unwrap_or(a.datacenter)},
        "BackupConfigurations": configs
    })
}

pub fn v2(w: &World, i: usize) -> Value {
    let a = &w.agents[i];
    let configs: Vec<Value> = w
        .configs_of(i)
        .filter(|c| !c.deleted)
        .map(|c| j!({"id": c.v2_id, "name": c.name, "enabled": c.enabled, "vault_id": a.host_server_id}))
        .collect();
    let level = log_level(a).to_ascii_lowercase();
    j!({
        "system_preferences": {
            "log_level": level,
            "logging": {"level": level},
            "environment": {"minimum_disk_space_mb": {"backup": MIN_DISK_MB, "restore": MIN_DISK_MB, "cleanup": MIN_DISK_MB}},
            "events": {"rse": {
                "channel": format!("/agents/{}", a.v2_id), "host": "rse.drivesrvr.com",
                "polling": {"interval_ms": modes_v2(POLL_INTERVAL), "timeout_ms": modes_v2(MODE_TIMEOUT)},
                "heartbeat": {"interval_ms": modes_v2(HEARTBEAT_INTERVAL), "timeout_ms": modes_v2(MODE_TIMEOUT)}
            }}
        },
        "vaults": [{
            "id": a.host_server_id, "region": a.backup_datacenter.as_deref().unwrap_or(a.datacenter),
            "encrypted": a.encrypted, "use_internal": a.use_service_net,
            "links": [{"rel": "publicURL", "href": vault_url(a, false)}, {"rel": "internalURL", "href": vault_url(a, true)}]
        }],
        "configurations": configs
    })
}
