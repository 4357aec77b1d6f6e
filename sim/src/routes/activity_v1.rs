//! v1 activity: `GET /activity` (the tenant's whole history, no paging is
//! documented) and `GET /system/activity/{id}` (one agent's, newest 200):
//! cleanups, backups and restores, newest first.

use super::caller::Reader;
use super::found::{Found, V1Agent};
use super::json;
use super::json_list::{cached_list, Fragments, SizeHint};
use super::json_out::{value, write_object, MsDate, Obj};
use crate::error::SimError;
use crate::fx::{FxHashMap, FxHasher};
use crate::world::{Agent, Backup, Cleanup, Config, Restore, World};
use axum::response::Response;
use serde_json::Value;
use std::hash::{Hash, Hasher};

/// Activity of one agent (or all) in the world's order, with the order to
/// show it in (newest first, as indexes into the rows): each read from the
/// world's records directly (a lookup by ID per entry was most of the time
/// of the tenant's 130,000), and never copied again (the tenant's rows are
/// 20 MB: a sorted copy cost a fifth of its list).
fn entries(w: &World, agent: Option<usize>) -> (Vec<Row<'_>>, Vec<usize>) {
    let mine = |i: usize| agent.is_none_or(|a| a == i);
    let mut rows: Vec<Row> = w.cleanups.values().filter(|c| mine(c.agent)).map(|c| cleanup(w, c)).collect();
    // Every backup names its configuration: for the whole tenant's, one
    // hash table instead of 130,000 walks down the world's ordered map.
    let configs: FxHashMap<u64, &Config> = match agent {
        None => w.configs.iter().map(|(id, c)| (*id, c)).collect(),
        Some(_) => FxHashMap::default(),
    };
    let config = |id: u64| configs.get(&id).copied().or_else(|| w.configs.get(&id));
    rows.extend(w.backups.values().filter(|b| mine(b.agent)).map(|b| backup(w, b, config(b.config))));
    // A deleted restore is found no more, in the activity too (QUIRKS.md).
    rows.extend(
        w.restores.values().filter(|r| !r.deleted && (mine(r.source) || mine(r.destination))).map(|r| restore(w, r)),
    );
    // Newest first, ties in the order above; sorting (time, index) pairs
    // moves 16 bytes an element instead of a whole row.
    let mut order: Vec<(i64, usize)> = rows.iter().enumerate().map(|(i, r)| (r.time_ms, i)).collect();
    order.sort_unstable_by_key(|&(t, i)| (std::cmp::Reverse(t), i));
    let order = order.into_iter().map(|(_, i)| i).collect();
    (rows, order)
}

struct Row<'a> {
    id: u64,
    kind: &'static str,
    parent: u64,
    display: &'a str,
    config_deleted: bool,
    /// The agent the record names (its ID, name and datacenter are shown):
    /// a reference, so a row is 104 bytes, not 168 (130,000 per list).
    source: &'a Agent,
    /// Restores only: the agent written to.
    destination: Option<&'a Agent>,
    state: &'static str,
    time_ms: i64,
    backup: u64,
}

/// What the record shows, hashed for the list's cache. The `'static` texts
/// (kind, state, datacenter) are names from fixed tables, so their address
/// stands for their text, and an agent's ID stands for its name and
/// datacenter (no call renames or moves an agent): hashing 130,000 records'
/// texts was a third of the tenant's list.
impl std::hash::Hash for Row<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        let fixed = |s: &'static str, h: &mut H| h.write_usize(s.as_ptr() as usize ^ s.len());
        let agent = |a: &Agent, h: &mut H| h.write_u64(a.v1_id);
        (self.id, self.parent, self.config_deleted, self.time_ms, self.backup).hash(h);
        self.display.hash(h);
        fixed(self.kind, h);
        fixed(self.state, h);
        agent(self.source, h);
        if let Some(d) = &self.destination {
            agent(d, h);
        }
    }
}

/// What a record shows of an agent: (ID, name, datacenter).
fn shown(a: &Agent) -> (u64, &str, &'static str) {
    (a.v1_id, &a.name, a.datacenter)
}

fn cleanup<'a>(w: &'a World, c: &'a Cleanup) -> Row<'a> {
    Row {
        id: c.id,
        kind: "Cleanup",
        parent: 0,
        display: "Cleanup",
        config_deleted: false,
        source: &w.agents[c.agent],
        destination: None,
        state: c.state,
        time_ms: c.time_ms,
        backup: 0,
    }
}

fn backup<'a>(w: &'a World, b: &'a Backup, config: Option<&'a Config>) -> Row<'a> {
    Row {
        id: b.id,
        kind: "Backup",
        parent: b.config,
        display: config.map(|c| c.name.as_str()).unwrap_or_default(),
        config_deleted: config.is_some_and(|c| c.deleted),
        source: &w.agents[b.agent],
        destination: None,
        state: b.state.name(),
        time_ms: b.state_ms,
        backup: b.id,
    }
}

fn restore<'a>(w: &'a World, r: &'a Restore) -> Row<'a> {
    Row {
        id: r.id,
        kind: "Restore",
        parent: r.config_id,
        display: &r.config_name,
        config_deleted: false,
        source: &w.agents[r.source],
        destination: Some(&w.agents[r.destination]),
        state: r.state.name(),
        time_ms: r.activity_ms,
        backup: r.backup_id,
    }
}

fn record(r: &Row, o: &mut Obj) {
    let (src, dst) = (shown(r.source), r.destination.map(shown).unwrap_or((0, "", "")));
    o.f("ID", r.id)
        .f("Type", r.kind)
        .f("ParentId", r.parent)
        .f("DisplayName", r.display)
        .f("IsBackupConfigurationDeleted", r.config_deleted)
        .f("SourceMachineAgentId", src.0)
        .f("SourceMachineName", src.1)
        .f("SourceDatacenter", src.2)
        .f("DestinationMachineAgentId", dst.0)
        .f("DestinationMachineName", dst.1)
        .f("DestinationDatacenter", dst.2)
        .f("CurrentState", r.state)
        .f("TimeOfActivity", MsDate(r.time_ms))
        .f("BackupId", r.backup);
}

pub async fn of_tenant(caller: Reader) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(tenant_list(&w))
}

/// [`of_tenant`]'s answer (written when the sim starts: `routes::warm`).
pub fn tenant_list(w: &World) -> Response {
    static SIZE: SizeHint = SizeHint::new();
    // Keyed by (kind, ID): the three kinds number their records apart. The
    // kind's first letter (C, B, R) is enough, and hashes as one byte.
    static RECORDS: Fragments<(u8, u64)> = Fragments::new();
    let (rows, order) = entries(w, None);
    // Each row hashed in the world's order, where its texts lie in memory
    // order too: hashed newest first they were 130,000 cache misses.
    let stamps: Vec<u64> = rows.iter().map(stamp).collect();
    let listed = order.into_iter().map(|i| {
        let r = &rows[i];
        ((r.kind.bytes().next().unwrap_or(0), r.id), Stamped(r, stamps[i]))
    });
    cached_list(None, "", &SIZE, &RECORDS, listed, |r, out| write_object(out, |o| record(r.0, o)))
}

/// A row with its hash made before: the list hashes only that.
struct Stamped<'a>(&'a Row<'a>, u64);

impl std::hash::Hash for Stamped<'_> {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        h.write_u64(self.1);
    }
}

fn stamp(row: &Row) -> u64 {
    let mut h = FxHasher::default();
    row.hash(&mut h);
    h.finish()
}

pub async fn of_agent(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let (rows, order) = entries(&w, Some(i));
    let list: Vec<Value> = order.into_iter().take(200).map(|i| value(|o| record(&rows[i], o))).collect();
    Ok(json(200, Value::Array(list)))
}
