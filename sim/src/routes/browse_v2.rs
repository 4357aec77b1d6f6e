//! v2 browse requests (API-REFERENCE §7.7): of an agent's live files or of a
//! backup. `POST` answers 202 with a `Location`; the result is 404 until the
//! agent has answered, then a page of the folder (`marker` = the last name
//! seen, `limit` 1-10,000, default 1,000, with a `next` link), and goes away
//! after about a minute.

use super::caller::{Reader, Writer};
use super::found::{Found, V2Agent, V2Backup};
use super::{accepted, json};
use crate::clock::iso;
use crate::error::{parse_body, SimError};
use crate::world::tree;
use crate::Sim;
use axum::body::Bytes;
use axum::extract::{Path, Query};
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json as j, Value};
use std::collections::HashMap;
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let v2 = "/{region}/v2/{tenant}";
    let mut router = Router::new()
        .route(&format!("{v2}/agents/{{agent_id}}/browse-requests"), post(browse_agent))
        .route(&format!("{v2}/backups/{{backup_id}}/browse-requests"), post(browse_backup));
    // The docs' `Location` headers use the singular; both spellings answer.
    for segment in ["browse-requests", "browse-request"] {
        router = router
            .route(&format!("{v2}/agents/{{agent_id}}/{segment}/{{request_id}}"), get(result))
            .route(&format!("{v2}/backups/{{backup_id}}/{segment}/{{request_id}}"), get(result));
    }
    router
}

/// The folder asked: `path`, or the base64 `path_encoded`.
fn path_of(v: &Value) -> Result<String, SimError> {
    match (v["path"].as_str(), v["path_encoded"].as_str()) {
        (Some(p), _) if !p.is_empty() => Ok(p.into()),
        (_, Some(e)) if !e.is_empty() => super::restore_v1::decode_base64(e)
            .ok_or_else(|| SimError::BadRequest("Validation failed: path_encoded is not base64.".into())),
        _ => Err(SimError::BadRequest("Validation failed: path is required.".into())),
    }
}

async fn browse_agent(
    caller: Writer,
    found: Result<Found<V2Agent>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let path = path_of(&v)?;
    let Found(V2Agent(agent)) = found?;
    let (mut w, now) = caller.world();
    let id = w.request_browse(agent, None, &path, false, now);
    Ok(accepted(&format!("{}/agents/{}/browse-request/{id}", caller.v2_base(), w.agents[agent].v2_id)))
}

/// `{"agent_id", "encrypted_password_hex", "path", "path_encoded"}`: the
/// agent reads the backup (an encrypted vault needs its password).
async fn browse_backup(
    caller: Writer,
    found: Result<Found<V2Backup>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let path = path_of(&v)?;
    let agent_id = v["agent_id"]
        .as_str()
        .ok_or_else(|| SimError::BadRequest("Validation failed: agent_id is required.".into()))?
        .to_string();
    let Found(V2Backup(backup)) = found?;
    let (mut w, now) = caller.world();
    let agent = w.agent_by_v2(&agent_id).ok_or_else(|| SimError::NotFound("Agent not found.".into()))?;
    let source = w.backups[&backup].agent;
    let password_wrong = if w.agents[source].encrypted {
        let hex = v["encrypted_password_hex"].as_str().filter(|h| !h.trim().is_empty()).ok_or_else(|| {
            SimError::BadRequest(
                "Validation failed: encrypted_password_hex is required: the vault is encrypted.".into(),
            )
        })?;
        w.keys.get(w.agents[agent].key).decrypt_hex(hex).map_or(true, |plain| plain != w.passphrase_of(source))
    } else {
        false
    };
    let id = w.request_browse(agent, Some(backup), &path, password_wrong, now);
    Ok(accepted(&format!("{}/backups/{}/browse-request/{id}", caller.v2_base(), w.backups[&backup].v2_id)))
}

/// The answer: 404 until the agent has answered (and again once it has
/// gone), then one page of the folder.
async fn result(
    caller: Reader,
    Path(params): Path<super::found::Params>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let limit: u64 = match q.get("limit") {
        Some(l) => l
            .parse()
            .ok()
            .filter(|n| (1..=10_000).contains(n))
            .ok_or_else(|| SimError::BadRequest(format!("limit `{l}` must be a number from 1 to 10000.")))?,
        None => 1_000,
    };
    let request_id = params.get("request_id").map(String::as_str).unwrap_or_default();
    let (w, _) = caller.world();
    let b = w
        .browse_answer(request_id)
        // The request belongs to the agent or backup the path names.
        .filter(|b| match (params.get("agent_id"), params.get("backup_id")) {
            (Some(a), _) => b.backup.is_none() && w.agents[b.agent].v2_id == *a,
            (_, Some(k)) => b.backup.and_then(|id| w.backups.get(&id)).is_some_and(|bk| bk.v2_id == *k),
            _ => false,
        })
        .ok_or_else(|| SimError::NotFound("Browse request not found (not answered yet, or gone).".into()))?;
    let agent = &w.agents[b.agent];
    let event = if b.backup.is_some() { "backup_browsed" } else { "host_browsed" };
    let mut answer = j!({
        "id": b.id, "time": b.answered_ms.map(iso), "event": event, "agent": {"id": agent.v2_id},
        "request_id": b.id, "path": b.path, "succeeded": false, "items": [], "links": []
    });
    if b.password_wrong {
        answer["reason"] = Value::from("The encryption password is not correct for this vault.");
        return Ok(json(200, answer));
    }
    let Some(total) = tree::count(&b.path) else {
        answer["reason"] = Value::from(format!("There is no folder {}.", b.path));
        return Ok(json(200, answer));
    };
    let start = match q.get("marker") {
        Some(m) => tree::position_after(&b.path, m)
            .ok_or_else(|| SimError::BadRequest(format!("marker `{m}` is not an entry of {}.", b.path)))?,
        None => 0,
    };
    let seed = b.backup.and_then(|id| w.backups.get(&id)).map_or(agent.v1_id, |bk| bk.tree_seed);
    let entries = tree::page(seed, &b.path, start, limit);
    let items: Vec<Value> = entries
        .iter()
        .map(|e| {
            let mime = if e.folder { "inode/directory" } else { "application/octet-stream" };
            j!({"name": e.name, "bytes": e.bytes, "mime_type": mime})
        })
        .collect();
    answer["succeeded"] = Value::Bool(true);
    answer["total"] = Value::from(total);
    if start + limit < total {
        if let Some(last) = entries.last() {
            let scope = match b.backup.and_then(|id| w.backups.get(&id)) {
                Some(bk) => format!("backups/{}", bk.v2_id),
                None => format!("agents/{}", agent.v2_id),
            };
            answer["links"] = j!([{"href": format!("{}/{scope}/browse-requests/{}?marker={}&limit={limit}", caller.v2_base(), b.id, last.name), "rel": "next"}]);
        }
    }
    answer["items"] = Value::Array(items);
    Ok(json(200, answer))
}
