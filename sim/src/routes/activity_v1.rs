//! v1 activity: `GET /activity` (the tenant's whole history, no paging is
//! documented) and `GET /system/activity/{id}` (one agent's, newest 200):
//! cleanups, backups and restores, newest first.

use super::caller::Reader;
use super::found::{Found, V1Agent};
use super::json;
use super::json_list::{json_list, SizeHint};
use crate::clock::ms_date;
use crate::error::SimError;
use crate::world::World;
use axum::response::Response;
use serde_json::{json as j, Value};

/// One entry of the history, by ID; its record is written only when sent.
#[derive(Clone, Copy)]
enum Entry {
    Cleanup(u64),
    Backup(u64),
    Restore(u64),
}

/// Activity of one agent (or all), newest first, at most `limit` entries.
fn entries(w: &World, agent: Option<usize>, limit: usize) -> Vec<Entry> {
    let mine = |i: usize| agent.is_none_or(|a| a == i);
    let mut items: Vec<(i64, Entry)> =
        w.cleanups.values().filter(|c| mine(c.agent)).map(|c| (c.time_ms, Entry::Cleanup(c.id))).collect();
    items.extend(w.backups.values().filter(|b| mine(b.agent)).map(|b| (b.state_ms, Entry::Backup(b.id))));
    items.extend(
        w.restores
            .values()
            .filter(|r| mine(r.source) || mine(r.destination))
            .map(|r| (r.activity_ms, Entry::Restore(r.id))),
    );
    items.sort_by_key(|item| std::cmp::Reverse(item.0));
    items.into_iter().take(limit).map(|(_, e)| e).collect()
}

fn record(w: &World, entry: Entry) -> Value {
    match entry {
        Entry::Cleanup(id) => {
            let c = &w.cleanups[&id];
            let ag = &w.agents[c.agent];
            j!({
                "ID": c.id, "Type": "Cleanup", "ParentId": 0, "DisplayName": "Cleanup",
                "IsBackupConfigurationDeleted": false,
                "SourceMachineAgentId": ag.v1_id, "SourceMachineName": ag.name, "SourceDatacenter": ag.datacenter,
                "DestinationMachineAgentId": 0, "DestinationMachineName": "", "DestinationDatacenter": "",
                "CurrentState": c.state, "TimeOfActivity": ms_date(c.time_ms), "BackupId": 0
            })
        }
        Entry::Backup(id) => {
            let b = &w.backups[&id];
            let ag = &w.agents[b.agent];
            let config = w.configs.get(&b.config);
            j!({
                "ID": b.id, "Type": "Backup", "ParentId": b.config,
                "DisplayName": config.map(|c| c.name.as_str()).unwrap_or_default(),
                "IsBackupConfigurationDeleted": config.is_some_and(|c| c.deleted),
                "SourceMachineAgentId": ag.v1_id, "SourceMachineName": ag.name, "SourceDatacenter": ag.datacenter,
                "DestinationMachineAgentId": 0, "DestinationMachineName": "", "DestinationDatacenter": "",
                "CurrentState": b.state.name(), "TimeOfActivity": ms_date(b.state_ms), "BackupId": b.id
            })
        }
        Entry::Restore(id) => {
            let r = &w.restores[&id];
            let (src, dst) = (&w.agents[r.source], &w.agents[r.destination]);
            j!({
                "ID": r.id, "Type": "Restore", "ParentId": r.config_id, "DisplayName": r.config_name,
                "IsBackupConfigurationDeleted": false,
                "SourceMachineAgentId": src.v1_id, "SourceMachineName": src.name, "SourceDatacenter": src.datacenter,
                "DestinationMachineAgentId": dst.v1_id, "DestinationMachineName": dst.name, "DestinationDatacenter": dst.datacenter,
                "CurrentState": r.state.name(), "TimeOfActivity": ms_date(r.activity_ms), "BackupId": r.backup_id
            })
        }
    }
}

pub async fn of_tenant(caller: Reader) -> Result<Response, SimError> {
    static SIZE: SizeHint = SizeHint::new();
    let (w, _) = caller.world();
    let list = entries(&w, None, usize::MAX);
    Ok(json_list(None, &SIZE, list.into_iter().map(|e| record(&w, e))))
}

pub async fn of_agent(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let list: Vec<Value> = entries(&w, Some(i), 200).into_iter().map(|e| record(&w, e)).collect();
    Ok(json(200, Value::Array(list)))
}
