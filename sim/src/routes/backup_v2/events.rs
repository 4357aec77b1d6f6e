//! `GET /backups/{id}/events` and `/configurations/{id}/events`: the
//! project's events that name the backup (or any backup of the
//! configuration), oldest first by default, after `marker`, `limit` at most.

use crate::clock::iso;
use crate::error::SimError;
use crate::routes::caller::Reader;
use crate::routes::found::{Found, V2Backup, V2Config};
use crate::routes::json;
use axum::extract::Query;
use axum::response::Response;
use serde_json::{json as j, Value};
use std::collections::HashMap;

fn page(caller: &Reader, q: &HashMap<String, String>, key: &str, id: &str) -> Result<Response, SimError> {
    let marker: u64 = match q.get("marker") {
        Some(m) => m.parse().map_err(|_| SimError::BadRequest(format!("marker `{m}` is not an event id.")))?,
        None => 0,
    };
    let mut q = q.clone();
    q.entry("sort_dir".into()).or_insert_with(|| "asc".into());
    let (limit, asc) = crate::routes::wire::list_params(&q)?;
    let (w, _) = caller.world();
    let named = |e: &&crate::world::Event| {
        e.id > marker && e.fields.get(key).and_then(|o| o.get("id")).and_then(Value::as_str) == Some(id)
    };
    let mut events: Vec<&crate::world::Event> = w.events.iter().filter(named).collect();
    if !asc {
        events.reverse();
    }
    let list: Vec<Value> = events
        .into_iter()
        .take(limit)
        .map(|e| {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), Value::from(e.id.to_string()));
            m.insert("time".into(), Value::from(iso(e.time_ms)));
            m.extend(e.fields.clone());
            Value::Object(m)
        })
        .collect();
    Ok(json(200, j!({"events": list, "links": []})))
}

pub async fn of_backup(
    caller: Reader,
    Found(V2Backup(id)): Found<V2Backup>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let v2 = caller.world().0.backups[&id].v2_id.clone();
    page(&caller, &q, "backup", &v2)
}

pub async fn of_configuration(
    caller: Reader,
    Found(V2Config(id)): Found<V2Config>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let v2 = caller.world().0.configs[&id].v2_id.clone();
    page(&caller, &q, "configuration", &v2)
}
