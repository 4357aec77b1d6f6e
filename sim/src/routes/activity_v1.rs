//! v1 activity: `GET /activity` (the tenant's whole history, no paging is
//! documented) and `GET /system/activity/{id}` (one agent's, newest 200):
//! cleanups, backups and restores, newest first.

use super::caller::Reader;
use super::found::{Found, V1Agent};
use super::json;
use super::json_list::{cached_list, Fragments, SizeHint};
use crate::clock::ms_date;
use crate::error::SimError;
use crate::world::{Agent, World};
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

/// One activity record's fields: every kind has the same ones.
#[derive(Hash)]
struct Row<'a> {
    id: u64,
    kind: &'static str,
    parent: u64,
    display: &'a str,
    config_deleted: bool,
    source: Machine<'a>,
    /// Restores only: the agent written to.
    destination: Option<Machine<'a>>,
    state: &'a str,
    time_ms: i64,
    backup: u64,
}

/// What a record shows of an agent: (ID, name, datacenter).
type Machine<'a> = (u64, &'a str, &'static str);

fn machine(a: &Agent) -> Machine<'_> {
    (a.v1_id, &a.name, a.datacenter)
}

fn row(w: &World, entry: Entry) -> Row<'_> {
    match entry {
        Entry::Cleanup(id) => {
            let c = &w.cleanups[&id];
            Row {
                id,
                kind: "Cleanup",
                parent: 0,
                display: "Cleanup",
                config_deleted: false,
                source: machine(&w.agents[c.agent]),
                destination: None,
                state: c.state,
                time_ms: c.time_ms,
                backup: 0,
            }
        }
        Entry::Backup(id) => {
            let b = &w.backups[&id];
            let config = w.configs.get(&b.config);
            Row {
                id,
                kind: "Backup",
                parent: b.config,
                display: config.map(|c| c.name.as_str()).unwrap_or_default(),
                config_deleted: config.is_some_and(|c| c.deleted),
                source: machine(&w.agents[b.agent]),
                destination: None,
                state: b.state.name(),
                time_ms: b.state_ms,
                backup: b.id,
            }
        }
        Entry::Restore(id) => {
            let r = &w.restores[&id];
            Row {
                id,
                kind: "Restore",
                parent: r.config_id,
                display: &r.config_name,
                config_deleted: false,
                source: machine(&w.agents[r.source]),
                destination: Some(machine(&w.agents[r.destination])),
                state: r.state.name(),
                time_ms: r.activity_ms,
                backup: r.backup_id,
            }
        }
    }
}

fn record(r: &Row) -> Value {
    let (src, dst) = (r.source, r.destination.unwrap_or((0, "", "")));
    j!({
        "ID": r.id, "Type": r.kind, "ParentId": r.parent, "DisplayName": r.display,
        "IsBackupConfigurationDeleted": r.config_deleted,
        "SourceMachineAgentId": src.0, "SourceMachineName": src.1, "SourceDatacenter": src.2,
        "DestinationMachineAgentId": dst.0, "DestinationMachineName": dst.1, "DestinationDatacenter": dst.2,
        "CurrentState": r.state, "TimeOfActivity": ms_date(r.time_ms), "BackupId": r.backup
    })
}

pub async fn of_tenant(caller: Reader) -> Result<Response, SimError> {
    static SIZE: SizeHint = SizeHint::new();
    static RECORDS: Fragments<(&'static str, u64)> = Fragments::new();
    let (w, _) = caller.world();
    let rows = entries(&w, None, usize::MAX).into_iter().map(|e| row(&w, e)).map(|r| ((r.kind, r.id), r));
    Ok(cached_list(None, &SIZE, &RECORDS, rows, record))
}

pub async fn of_agent(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let list: Vec<Value> = entries(&w, Some(i), 200).into_iter().map(|e| record(&row(&w, e))).collect();
    Ok(json(200, Value::Array(list)))
}
