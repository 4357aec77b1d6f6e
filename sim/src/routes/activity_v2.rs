//! v2 activities (API-REFERENCE §7.2b): every backup, restore and cleanup
//! of the project (or of one agent or configuration), newest first by
//! default, paged by `marker` (the last activity's ID) and `limit`.

use super::caller::Reader;
use super::found::{Found, V2Agent, V2Config};
use super::json;
use super::wire::list_params;
use super::wire::snake_case;
use crate::clock::iso;
use crate::error::SimError;
use crate::world::World;
use crate::Sim;
use axum::extract::Query;
use axum::response::Response;
use axum::routing::get;
use axum::Router;
use serde_json::{json as j, Value};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let v2 = "/{region}/v2/{tenant}";
    Router::new()
        .route(&format!("{v2}/activities"), get(all))
        .route(&format!("{v2}/agents/{{agent_id}}/activities"), get(of_agent))
        .route(&format!("{v2}/configurations/{{configuration_id}}/activities"), get(of_config))
}

/// Which activities a list shows.
#[derive(Clone, Copy)]
enum Scope {
    All,
    Agent(usize),
    Config(u64),
}

#[derive(Clone, Copy)]
enum Kind {
    Backup(u64),
    Restore(u64),
    Cleanup(u64),
}

/// (time, v2 ID, what): the IDs of backups borrowed from the world (the
/// project's 130,000 were each copied per request, most of a page's time).
fn entries(w: &World, scope: Scope) -> Vec<(i64, Cow<'_, str>, Kind)> {
    let mut out = Vec::new();
    for b in w.backups.values() {
        let keep = match scope {
            Scope::All => true,
            Scope::Agent(a) => b.agent == a,
            Scope::Config(c) => b.config == c,
        };
        if keep {
            out.push((b.state_ms, Cow::Borrowed(b.v2_id.as_str()), Kind::Backup(b.id)));
        }
    }
    for r in w.restores.values().filter(|r| !r.deleted) {
        let keep = match scope {
            Scope::All => true,
            Scope::Agent(a) => r.destination == a || r.source == a,
            Scope::Config(c) => r.config_id == c,
        };
        if keep {
            out.push((r.activity_ms, Cow::Owned(r.v2_id()), Kind::Restore(r.id)));
        }
    }
    for c in w.cleanups.values() {
        let keep = match scope {
            Scope::All => true,
            Scope::Agent(a) => c.agent == a,
            Scope::Config(_) => false,
        };
        if keep {
            out.push((c.time_ms, Cow::Owned(c.v2_id()), Kind::Cleanup(c.id)));
        }
    }
    out
}

fn item(w: &World, base: &str, id: &str, time_ms: i64, kind: Kind) -> Value {
    let agent_link = |v2: &str| j!({"id": v2, "links": [{"href": format!("{base}/agents/{v2}"), "rel": "full"}]});
    match kind {
        Kind::Backup(b) => {
            let b = &w.backups[&b];
            let config = w.configs.get(&b.config).map(|c| c.v2_id.clone()).unwrap_or_default();
            j!({"id": id, "type": "backup", "last_updated_time": iso(time_ms), "state": b.state.v2_name(),
                "agent": agent_link(&w.agents[b.agent].v2_id),
                "configuration": {"id": config, "links": [{"href": format!("{base}/configurations/{config}"), "rel": "full"}]},
                "links": [{"href": format!("{base}/backups/{id}"), "rel": "backup"}]})
        }
        Kind::Restore(r) => {
            let r = &w.restores[&r];
            let config = w.configs.get(&r.config_id).map(|c| c.v2_id.clone()).unwrap_or_default();
            j!({"id": id, "type": "restore", "last_updated_time": iso(time_ms), "state": snake_case(r.state.name()),
                "agent": agent_link(&w.agents[r.destination].v2_id),
                "configuration": {"id": config, "links": [{"href": format!("{base}/configurations/{config}"), "rel": "full"}]},
                "links": [{"href": format!("{base}/restores/{id}"), "rel": "restore"}]})
        }
        Kind::Cleanup(k) => {
            let c = &w.cleanups[&k];
            j!({"id": id, "type": "cleanup", "last_updated_time": iso(time_ms), "state": snake_case(c.state),
                "agent": agent_link(&w.agents[c.agent].v2_id),
                "links": [{"href": format!("{base}/cleanups/{id}"), "rel": "cleanup"}]})
        }
    }
}

fn page(caller: &Reader, q: &HashMap<String, String>, scope: Scope, path: &str) -> Result<Response, SimError> {
    let (limit, asc) = list_params(q)?;
    let (w, _) = caller.world();
    let mut list = entries(&w, scope);
    // IDs are unique, so (time, ID) is a total order: no need for a stable sort.
    list.sort_unstable_by(|a, b| a.0.cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    if !asc {
        list.reverse();
    }
    if let Some(state) = q.get("state") {
        let wanted = state.to_ascii_lowercase();
        let base = caller.v2_base();
        list.retain(|(t, id, k)| item(&w, &base, id, *t, *k)["state"] == wanted.as_str());
    }
    let start = match q.get("marker") {
        Some(m) => list
            .iter()
            .position(|(_, id, _)| id.as_ref() == m.as_str())
            .map(|p| p + 1)
            .ok_or_else(|| SimError::BadRequest(format!("marker `{m}` is not an activity.")))?,
        None => 0,
    };
    let base = caller.v2_base();
    let shown: Vec<Value> = list.iter().skip(start).take(limit).map(|(t, id, k)| item(&w, &base, id, *t, *k)).collect();
    let mut links = Vec::new();
    if list.len() > start + limit {
        if let Some((_, last, _)) = list.get(start + limit - 1) {
            let dir = if asc { "asc" } else { "desc" };
            links
                .push(j!({"href": format!("{base}/{path}?marker={last}&limit={limit}&sort_dir={dir}"), "rel": "next"}));
        }
    }
    Ok(json(200, j!({"activities": shown, "links": links})))
}

async fn all(caller: Reader, Query(q): Query<HashMap<String, String>>) -> Result<Response, SimError> {
    page(&caller, &q, Scope::All, "activities")
}

async fn of_agent(
    caller: Reader,
    Found(V2Agent(a)): Found<V2Agent>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let path = format!("agents/{}/activities", caller.world().0.agents[a].v2_id);
    page(&caller, &q, Scope::Agent(a), &path)
}

async fn of_config(
    caller: Reader,
    Found(V2Config(c)): Found<V2Config>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let path = format!("configurations/{}/activities", caller.world().0.configs[&c].v2_id);
    page(&caller, &q, Scope::Config(c), &path)
}
