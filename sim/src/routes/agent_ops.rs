//! More about agents: the v1 lookup by Cloud Server, log levels (v1 in the
//! docs' form-encoded shape and the SDK's JSON shape; v2 through a JSON
//! Patch), v2 agent changes and deletion, per-agent events, and the v2
//! health and ping checks.

use super::caller::{AdminOnly, Reader, Writer};
use super::found::{ByServer, Found, V1Agent, V2Agent};
use super::wire::number;
use super::{json, text_json};
use crate::error::SimError;
use crate::world::LOG_LEVELS;
use crate::Sim;
use axum::body::Bytes;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json as j, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let v1 = "/{region}/v1.0/{tenant}";
    let v2 = "/{region}/v2/{tenant}";
    Router::new()
        .route(&format!("{v1}/agent/server/{{host_server_id}}"), get(by_server))
        .route(&format!("{v1}/agent/logging"), axum::routing::put(set_level_v1))
        .route(&format!("{v1}/agent/logging/{{machine_agent_id}}"), get(level_v1))
        .route(&format!("{v2}/agents/{{agent_id}}/events"), get(super::v2::agent_events))
        // Rackspace's SDK reads heartbeats "as the control panel does" from
        // this path with a trailing slash (cloudbackup/client/rse.py).
        .route(&format!("{v2}/agents/{{agent_id}}/events/"), get(super::v2::agent_events))
        .route(&format!("{v2}/ping"), get(ping))
        .route(&format!("{v2}/health"), get(health))
        .route(&format!("{v2}/health/{{dependent_system}}"), get(health_of))
}

/// `GET /agent/server/{hostServerId}`: the agent object, as details.
async fn by_server(caller: Reader, Found(ByServer(i)): Found<ByServer>) -> Result<Response, SimError> {
    let (w, now) = caller.world();
    Ok(json(200, super::v1::hostile_or_not(&caller.sim, &w, i, now, true)))
}

/// `GET /agent/logging/{id}` (SDK): a JSON string such as `"Warn"`.
async fn level_v1(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let name = LOG_LEVELS[usize::from(w.agents[i].log_level.clamp(1, 7))];
    Ok(text_json(Value::from(name).to_string()))
}

/// `PUT /agent/logging`: the docs' form (`MachineAgentId=…&LoggingLevelId=6`,
/// levels 1-6, 200) or the SDK's JSON (`{"MachineAgentId", "LoggingLevelid"}`,
/// levels 1-7, 204), told apart by the body's content type.
async fn set_level_v1(caller: Writer, headers: HeaderMap, body: Bytes) -> Result<Response, SimError> {
    let form = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("application/x-www-form-urlencoded"));
    let fields: Value = if form {
        let text = String::from_utf8_lossy(&body);
        let pairs = text.split('&').filter_map(|p| p.split_once('=')).map(|(k, v)| (k.to_string(), Value::from(v)));
        Value::Object(pairs.collect())
    } else {
        crate::error::parse_body(&body)?
    };
    let agent =
        number(&fields["MachineAgentId"]).ok_or_else(|| SimError::BadRequest("MachineAgentId is required.".into()))?;
    let level = number(&fields["LoggingLevelId"])
        .or_else(|| number(&fields["LoggingLevelid"]))
        .ok_or_else(|| SimError::BadRequest("LoggingLevelId is required.".into()))?;
    let top = if form { 6 } else { 7 };
    if !(1..=top).contains(&level) {
        return Err(SimError::BadRequest(format!("LoggingLevelId must be from 1 to {top}.")));
    }
    let (mut w, _) = caller.world();
    let i = w.agent_by_v1(agent).ok_or_else(|| SimError::NotFound(format!("Agent {agent} was not found.")))?;
    w.agents[i].log_level = level as u8;
    Ok(if form { StatusCode::OK } else { StatusCode::NO_CONTENT }.into_response())
}

/// `PATCH /agents/{id}`: a JSON Patch of `/enabled`, `/log_level`,
/// `/vault/use_internal` (204); anything else is 400. Either content type
/// (`application/json-patch+json` or `application/json`) is read.
pub async fn patch_agent(
    caller: Writer,
    found: Result<Found<V2Agent>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let ops: Value = crate::error::parse_body(&body)?;
    let ops = ops.as_array().filter(|o| !o.is_empty()).cloned().ok_or_else(|| {
        SimError::BadRequest("Validation failed: the body must be a JSON Patch (a list of operations).".into())
    })?;
    let mut changes = Vec::new();
    for op in &ops {
        if op["op"] != "replace" {
            return Err(SimError::BadRequest("Validation failed: only \"replace\" operations are allowed.".into()));
        }
        let change =
            match (op["path"].as_str(), &op["value"]) {
                (Some("/enabled"), Value::Bool(b)) => Change::Enabled(*b),
                (Some("/vault/use_internal"), Value::Bool(_)) => Change::Nothing,
                (Some("/log_level"), Value::String(name)) => Change::Level(
                    LOG_LEVELS.iter().position(|l| !l.is_empty() && l.eq_ignore_ascii_case(name)).ok_or_else(|| {
                        SimError::BadRequest(format!("Validation failed: log_level `{name}` is unknown."))
                    })? as u8,
                ),
                (path, _) => {
                    return Err(SimError::BadRequest(format!(
                        "Validation failed: `{}` cannot be changed this way.",
                        path.unwrap_or_default()
                    )))
                }
            };
        changes.push(change);
    }
    let Found(V2Agent(i)) = found?;
    let (mut w, _) = caller.world();
    for c in changes {
        match c {
            Change::Enabled(e) => w.agents[i].disabled = !e,
            Change::Level(l) => w.agents[i].log_level = l,
            Change::Nothing => {}
        }
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

enum Change {
    Enabled(bool),
    Level(u8),
    /// Accepted and kept by the real service; the sim has no internal network.
    Nothing,
}

/// `DELETE /agents/{id}`: admin only, 204.
pub async fn delete_agent(caller: AdminOnly, Found(V2Agent(i)): Found<V2Agent>) -> Result<Response, SimError> {
    let (mut w, _) = caller.world();
    w.agents[i].deleted = true;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `GET /ping`: the load balancer's check, 204 (no token needed).
async fn ping() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

const SYSTEMS: [&str; 3] = ["cassandra", "pecan", "rse"];

/// `GET /health`: every dependency's health (shape not documented: see QUIRKS).
async fn health(_caller: Reader) -> Response {
    let systems: serde_json::Map<String, Value> =
        SYSTEMS.iter().map(|s| (s.to_string(), j!({"healthy": true}))).collect();
    json(200, j!({"healthy": true, "dependencies": systems}))
}

async fn health_of(
    _caller: Reader,
    axum::extract::Path(params): axum::extract::Path<super::found::Params>,
) -> Result<Response, SimError> {
    let name = params.get("dependent_system").map(String::as_str).unwrap_or_default();
    match SYSTEMS.iter().find(|s| s.eq_ignore_ascii_case(name)) {
        Some(s) => Ok(json(200, j!({"name": s, "healthy": true}))),
        None => Err(SimError::NotFound(format!("There is no dependent system `{name}`."))),
    }
}
