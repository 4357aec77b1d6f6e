//! Cloud Backup v2 configurations and backups (API-REFERENCE §6, §7.6): the
//! same objects as v1's, by UUID.

mod body;
mod configs;
mod events;
mod json;

pub use body::rules as path_rules;

use crate::error::{parse_body, SimError};
use crate::routes::caller::{Reader, Writer};
use crate::routes::found::{Found, V2Agent, V2Backup, V2Config};
use crate::routes::json as answer;
use crate::routes::json_list::{cached_list, Fragments, SizeHint};
use crate::routes::json_out::write_object;
use crate::routes::wire::list_params;
use crate::world::{RunRefused, World};
use crate::Sim;
use axum::body::Bytes;
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json as j, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let base = "/{region}/v2/{tenant}";
    Router::new()
        .route(&format!("{base}/configurations"), get(list_configs).post(configs::create))
        .route(
            &format!("{base}/configurations/{{configuration_id}}"),
            get(get_config).patch(configs::patch).delete(configs::delete),
        )
        .route(&format!("{base}/agents/{{agent_id}}/configurations"), get(agent_configs))
        .route(&format!("{base}/backups"), get(list_backups).post(create_backup))
        .route(&format!("{base}/backups/{{backup_id}}"), get(get_backup).patch(patch_backup))
        .route(&format!("{base}/backups/{{backup_id}}/errors"), get(backup_errors))
        .route(&format!("{base}/backups/{{backup_id}}/events"), get(events::of_backup))
        .route(&format!("{base}/configurations/{{configuration_id}}/events"), get(events::of_configuration))
}

/// `?restorable=true`: only configurations with a restorable backup.
async fn list_configs(caller: Reader, Query(q): Query<HashMap<String, String>>) -> Result<Response, SimError> {
    let restorable = q.get("restorable").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let (w, _) = caller.world();
    Ok(configs_of_tenant(&w, &caller.v2_base(), restorable))
}

/// Every configuration of the tenant (or only those with a restorable
/// backup), links under `base` (written when the sim starts: `routes::warm`).
pub fn configs_of_tenant(w: &World, base: &str, restorable: bool) -> Response {
    static SIZE: SizeHint = SizeHint::new();
    static RECORDS: Fragments<u64> = Fragments::new();
    let last = w.last_restorable();
    let listed = w
        .configs
        .values()
        .filter(|c| !c.deleted && !w.agents[c.agent].deleted)
        .filter(|c| !restorable || last.contains_key(&c.id));
    let views = listed.map(|c| (c.id, json::ConfigView::with_last(w, c, last.get(&c.id).copied())));
    cached_list(Some("configurations"), base, &SIZE, &RECORDS, views, |v, out| {
        write_object(out, |o| json::config_of(v, o))
    })
}

async fn get_config(caller: Reader, Found(V2Config(id)): Found<V2Config>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(answer(200, json::config(&w, &w.configs[&id], &caller.v2_base())))
}

async fn agent_configs(caller: Reader, Found(V2Agent(agent)): Found<V2Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let base = caller.v2_base();
    let list: Vec<Value> = w.configs_of(agent).filter(|c| !c.deleted).map(|c| json::config(&w, c, &base)).collect();
    Ok(answer(200, j!({"configurations": list})))
}

/// `?marker&limit&sort_dir&restorable&configuration_id`: newest first by
/// default, at most `limit` (default 100, at most 1000), with a `next` link.
async fn list_backups(caller: Reader, Query(q): Query<HashMap<String, String>>) -> Result<Response, SimError> {
    let (limit, asc) = list_params(&q)?;
    let restorable = q.get("restorable").is_some_and(|v| v.eq_ignore_ascii_case("true"));
    let (w, _) = caller.world();
    let config = match q.get("configuration_id") {
        Some(c) => Some(w.config_by_v2(c).ok_or_else(|| SimError::NotFound("Configuration not found.".into()))?),
        None => None,
    };
    let marker = match q.get("marker") {
        Some(m) => {
            Some(w.backup_by_v2(m).ok_or_else(|| SimError::BadRequest(format!("marker `{m}` is not a backup.")))?)
        }
        None => None,
    };
    let mut ids: Vec<u64> = match config {
        Some(c) => w.backups_of(c).map(|b| b.id).collect(),
        None => w.backups.keys().copied().collect(),
    };
    ids.retain(|id| !restorable || w.backups[id].restorable);
    if !asc {
        ids.reverse();
    }
    let after = marker.and_then(|m| ids.iter().position(|id| *id == m)).map_or(0, |p| p + 1);
    let page: Vec<u64> = ids.iter().skip(after).take(limit + 1).copied().collect();
    let base = caller.v2_base();
    let backups: Vec<Value> = page.iter().take(limit).map(|id| json::backup(&w, &w.backups[id], &base)).collect();
    let mut links = Vec::new();
    if page.len() > limit {
        if let Some(last) = page.get(limit - 1) {
            let dir = if asc { "asc" } else { "desc" };
            links.push(j!({"href": format!("{base}/backups?marker={}&limit={limit}&sort_dir={dir}", w.backups[last].v2_id), "rel": "next"}));
        }
    }
    Ok(answer(200, j!({"backups": backups, "links": links})))
}

/// `{"configuration_id", "state": "start_requested"}` → 201, the backup and
/// its `Location`.
async fn create_backup(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    if v["state"].as_str() != Some("start_requested") {
        return Err(SimError::BadRequest("Validation failed: state must be \"start_requested\".".into()));
    }
    let config = v["configuration_id"]
        .as_str()
        .ok_or_else(|| SimError::BadRequest("Validation failed: configuration_id is required.".into()))?;
    let (mut w, now) = caller.world();
    let config = w.config_by_v2(config).ok_or_else(|| SimError::NotFound("Configuration not found.".into()))?;
    let id = w.start_backup(config, now).map_err(|why| match why {
        RunRefused::AlreadyRunning(_) => {
            SimError::Conflict("A backup of this configuration is already running.".into())
        }
        RunRefused::NotRunnable(why) => SimError::Conflict(format!("The backup cannot start: {why}.")),
        RunRefused::Ended(_) => SimError::Conflict("The backup has ended.".into()),
    })?;
    let base = caller.v2_base();
    let b = &w.backups[&id];
    let mut resp = answer(201, json::backup(&w, b, &base));
    if let Ok(location) = HeaderValue::from_str(&format!("{base}/backups/{}", b.v2_id)) {
        resp.headers_mut().insert(header::LOCATION, location);
    }
    Ok(resp)
}

async fn get_backup(caller: Reader, Found(V2Backup(id)): Found<V2Backup>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(answer(200, json::backup(&w, &w.backups[&id], &caller.v2_base())))
}

/// A user may only ask a backup to stop:
/// `[{"op": "replace", "path": "/state", "value": "stop_requested"}]`; 409
/// once it has ended (the docs' message).
async fn patch_backup(
    caller: Writer,
    found: Result<Found<V2Backup>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let stop = v.as_array().is_some_and(|ops| {
        ops.len() == 1 && ops[0]["op"] == "replace" && ops[0]["path"] == "/state" && ops[0]["value"] == "stop_requested"
    });
    if !stop {
        return Err(SimError::BadRequest(
            "Validation failed: the only change allowed is [{\"op\": \"replace\", \"path\": \"/state\", \"value\": \"stop_requested\"}].".into(),
        ));
    }
    let Found(V2Backup(id)) = found?;
    let (mut w, now) = caller.world();
    w.stop_backup(id, now).map_err(|_| {
        SimError::Conflict(
            "Modifying a backup that is already in a state of ['completed', 'completed_with_errors', 'failed', 'stopped', 'skipped', 'missed'] is not allowed.".into(),
        )
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn backup_errors(caller: Reader, Found(V2Backup(id)): Found<V2Backup>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let errors: Vec<Value> = w.backups[&id]
        .errors
        .iter()
        .map(|e| j!({"path": e.path, "description": e.description, "code": e.code}))
        .collect();
    Ok(answer(200, j!({"errors": errors, "links": []})))
}
