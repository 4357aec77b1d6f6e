//! v2 restores (API-REFERENCE §7.5): one request makes and starts a restore
//! (there is no separate restore configuration in v2); list, read, stop
//! (`stop_requested`, 409 once ended) and errors. The same objects as v1's.

use super::backup_v2::path_rules as rules;
use super::caller::{Reader, Writer};
use super::found::{Found, V2Restore};
use super::json;
use super::v2::events_page;
use super::wire::list_params;
use super::wire::snake_case;
use crate::clock::iso;
use crate::error::{parse_body, SimError};
use crate::world::{ItemKind, PathRule, Restore, RestoreRefused, RestoreState, World};
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
    let v2 = "/{region}/v2/{tenant}";
    Router::new()
        .route(&format!("{v2}/restores"), get(list).post(create))
        .route(&format!("{v2}/restores/{{restore_id}}"), get(one).patch(stop))
        .route(&format!("{v2}/restores/{{restore_id}}/errors"), get(errors))
        .route(&format!("{v2}/restores/{{restore_id}}/events"), get(events))
}

fn bad(message: impl Into<String>) -> SimError {
    SimError::BadRequest(format!("Validation failed: {}", message.into()))
}

fn restore_json(w: &World, r: &Restore, base: &str) -> Value {
    let rules = |include: bool| -> Vec<Value> {
        r.selection
            .iter()
            .filter(|(_, i)| *i == include)
            .map(|(rule, _)| {
                let kind = if rule.kind == ItemKind::File { "file" } else { "folder" };
                j!({"type": kind, "path": rule.path})
            })
            .collect()
    };
    let (reason, diagnostics) = match (r.state, r.failure) {
        (RestoreState::Failed, Some(f)) => (Some(f.reason()), Some(f.diagnostics())),
        (RestoreState::Failed, None) => (Some("failed"), Some("The restore failed")),
        _ => (None, None),
    };
    let id = r.v2_id();
    let per_file = r.total_bytes / r.total_files.max(1);
    j!({
        "id": id, "backup_id": w.backups.get(&r.backup_id).map(|b| b.v2_id.as_str()),
        "destination_agent_id": w.agents[r.destination].v2_id,
        "destination_path": if r.destination_path.is_empty() { Value::Null } else { Value::from(r.destination_path.clone()) },
        "overwrite_files": r.overwrite, "state": snake_case(r.state.name()),
        "inclusions": rules(true), "exclusions": rules(false),
        "errors": {"count": usize::from(r.failure.is_some() && r.state == RestoreState::Failed), "reason": reason,
                   "diagnostics": diagnostics, "links": [{"href": format!("{base}/restores/{id}/errors"), "rel": "errors"}]},
        "files_restored": r.files_restored, "bytes_restored": r.files_restored * per_file,
        "started_time": r.started_ms.map(iso), "ended_time": r.completed_ms.map(iso),
        "links": [{"href": format!("{base}/restores/{id}"), "rel": "self"}]
    })
}

/// `POST /restores` → 201, the restore (already `start_requested`) and its
/// `Location`.
async fn create(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let backup = v["backup_id"].as_str().ok_or_else(|| bad("backup_id is required."))?;
    let destination = v["destination_agent_id"].as_str().ok_or_else(|| bad("destination_agent_id is required."))?;
    let path = match &v["destination_path"] {
        Value::Null => String::new(),
        Value::String(p) => p.clone(),
        _ => return Err(bad("destination_path must be a string or null.")),
    };
    let overwrite = match &v["overwrite_files"] {
        Value::Null => false,
        Value::Bool(b) => *b,
        _ => return Err(bad("overwrite_files must be true or false.")),
    };
    let selection: Vec<(PathRule, bool)> = rules(&v, "inclusions")?
        .into_iter()
        .enumerate()
        .map(|(k, r)| (PathRule { id: k as u64 + 1, ..r }, true))
        .chain(rules(&v, "exclusions")?.into_iter().map(|r| (r, false)))
        .collect();
    let (mut w, now) = caller.world();
    let b = w.backup_by_v2(backup).ok_or_else(|| SimError::NotFound("Backup not found.".into()))?;
    let dest = w.agent_by_v2(destination).ok_or_else(|| SimError::NotFound("Agent not found.".into()))?;
    let bk = &w.backups[&b];
    if !bk.restorable {
        return Err(SimError::Conflict(format!("The backup cannot be restored: it is {}.", bk.state.v2_name())));
    }
    let id = w
        .create_restore(b, dest, path, overwrite, selection)
        .ok_or_else(|| SimError::NotFound("Backup not found.".into()))?;
    if let Err(why) = w.start_restore(id, v["encrypted_password_hex"].as_str(), now) {
        w.restores.remove(&id);
        return Err(match why {
            RestoreRefused::PasswordMissing => bad("encrypted_password_hex is required: the vault is encrypted."),
            other => SimError::Conflict(format!("The restore cannot start: {other:?}.")),
        });
    }
    let base = caller.v2_base();
    let mut resp = json(201, restore_json(&w, &w.restores[&id], &base));
    if let Ok(location) = HeaderValue::from_str(&format!("{base}/restores/{}", w.restores[&id].v2_id())) {
        resp.headers_mut().insert(header::LOCATION, location);
    }
    Ok(resp)
}

/// `GET /restores?marker&limit&sort_dir`: newest first by default.
async fn list(caller: Reader, Query(q): Query<HashMap<String, String>>) -> Result<Response, SimError> {
    let (limit, asc) = list_params(&q)?;
    let (w, _) = caller.world();
    let mut ids: Vec<u64> = w.restores.values().filter(|r| !r.deleted).map(|r| r.id).collect();
    if !asc {
        ids.reverse();
    }
    let start = match q.get("marker") {
        Some(m) => {
            let at = Restore::id_of_v2(m).and_then(|id| ids.iter().position(|x| *x == id));
            at.map(|p| p + 1).ok_or_else(|| SimError::BadRequest(format!("marker `{m}` is not a restore.")))?
        }
        None => 0,
    };
    let base = caller.v2_base();
    let restores: Vec<Value> =
        ids.iter().skip(start).take(limit).map(|id| restore_json(&w, &w.restores[id], &base)).collect();
    let mut links = Vec::new();
    if ids.len() > start + limit {
        if let Some(last) = ids.get(start + limit - 1) {
            let dir = if asc { "asc" } else { "desc" };
            let marker = w.restores[last].v2_id();
            links.push(
                j!({"href": format!("{base}/restores?marker={marker}&limit={limit}&sort_dir={dir}"), "rel": "next"}),
            );
        }
    }
    Ok(json(200, j!({"restores": restores, "links": links})))
}

async fn one(caller: Reader, Found(V2Restore(id)): Found<V2Restore>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(json(200, restore_json(&w, &w.restores[&id], &caller.v2_base())))
}

/// `[{"op": "replace", "path": "/state", "value": "stop_requested"}]` → 204;
/// 409 with the docs' message once the restore has ended.
async fn stop(caller: Writer, found: Result<Found<V2Restore>, SimError>, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let ok = v.as_array().is_some_and(|ops| {
        ops.len() == 1 && ops[0]["op"] == "replace" && ops[0]["path"] == "/state" && ops[0]["value"] == "stop_requested"
    });
    if !ok {
        return Err(bad(
            "the only change allowed is [{\"op\": \"replace\", \"path\": \"/state\", \"value\": \"stop_requested\"}].",
        ));
    }
    let Found(V2Restore(id)) = found?;
    let (mut w, now) = caller.world();
    w.stop_restore(id, now).map_err(|_| {
        SimError::Conflict(
            "Modifying a restore that is already in a state of ['completed', 'completed_with_errors', 'failed', 'stopped'] is not allowed.".into(),
        )
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

async fn errors(caller: Reader, Found(V2Restore(id)): Found<V2Restore>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let r = &w.restores[&id];
    let list: Vec<Value> = match (r.state, r.failure) {
        (RestoreState::Failed, Some(f)) => vec![j!({"reason": f.reason(), "description": f.diagnostics()})],
        _ => Vec::new(),
    };
    Ok(json(200, j!({"errors": list, "links": []})))
}

/// `GET /restores/{id}/events`: the project's events naming the restore,
/// oldest first unless asked otherwise (as for an agent or a backup).
async fn events(
    caller: Reader,
    Found(V2Restore(id)): Found<V2Restore>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let mut q = q;
    q.entry("sort_dir".into()).or_insert_with(|| "asc".into());
    let v2 = Restore::v2_id_of(id);
    events_page(&caller, &q, Some(("restore", &v2)), &format!("restores/{v2}/events"))
}
