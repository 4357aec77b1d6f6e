//! Cleanups: v2 `/cleanups` (list, start, read, stop, errors, events) and
//! the SDK's v1 `GET /cleanup/report/{id}` (API-REFERENCE §4.1, §6).

use super::caller::{Reader, Writer};
use super::found::{param, v1_id, Found, Lookup, Params};
use super::json;
use super::wire::{duration, list_params, snake_case};
use crate::clock::{epoch_ms, iso, ms_date};
use crate::error::{parse_body, SimError};
use crate::world::{Cleanup, World};
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
        .route(&format!("{v2}/cleanups"), get(list).post(start))
        .route(&format!("{v2}/cleanups/{{cleanup_id}}"), get(one).patch(stop))
        .route(&format!("{v2}/cleanups/{{cleanup_id}}/errors"), get(empty_list("errors")))
        .route(&format!("{v2}/cleanups/{{cleanup_id}}/events"), get(empty_list("events")))
        .route("/{region}/v1.0/{tenant}/cleanup/report/{cleanup_id}", get(report_v1))
}

/// `{cleanup_id}`: a v2 cleanup ID (v1's number, UUID-shaped).
struct V2Cleanup(u64);

impl Lookup for V2Cleanup {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let text = param(params, "cleanup_id")?;
        w.cleanups
            .values()
            .find(|c| c.v2_id() == text)
            .map(|c| V2Cleanup(c.id))
            .ok_or_else(|| SimError::NotFound("Cleanup not found.".into()))
    }
}

/// `{cleanup_id}` under v1: its number.
struct V1Cleanup(u64);

impl Lookup for V1Cleanup {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = v1_id(params, "cleanup_id", "cleanup id")?;
        match w.cleanups.get(&id) {
            Some(_) => Ok(V1Cleanup(id)),
            None => Err(SimError::NotFound(format!("Cleanup {id} was not found."))),
        }
    }
}

fn cleanup_json(w: &World, c: &Cleanup, base: &str) -> Value {
    let id = c.v2_id();
    j!({
        "id": id, "agent_id": w.agents[c.agent].v2_id, "state": snake_case(c.state),
        "started_time": c.started_ms.map(iso), "ended_time": c.ended_ms.map(iso),
        "errors": {"count": 0, "reason": null, "diagnostics": null, "links": []},
        "links": [{"href": format!("{base}/cleanups/{id}"), "rel": "self"}]
    })
}

async fn list(caller: Reader, Query(q): Query<HashMap<String, String>>) -> Result<Response, SimError> {
    let (limit, asc) = list_params(&q)?;
    let (w, _) = caller.world();
    let mut all: Vec<&Cleanup> = w.cleanups.values().collect();
    if !asc {
        all.reverse();
    }
    let start = match q.get("marker") {
        Some(m) => all
            .iter()
            .position(|c| c.v2_id() == *m)
            .map(|p| p + 1)
            .ok_or_else(|| SimError::BadRequest(format!("marker `{m}` is not a cleanup.")))?,
        None => 0,
    };
    let base = caller.v2_base();
    let page: Vec<Value> = all.iter().skip(start).take(limit).map(|c| cleanup_json(&w, c, &base)).collect();
    let mut links = Vec::new();
    if all.len() > start + limit {
        if let Some(last) = all.get(start + limit - 1) {
            let dir = if asc { "asc" } else { "desc" };
            links.push(j!({"href": format!("{base}/cleanups?marker={}&limit={limit}&sort_dir={dir}", last.v2_id()), "rel": "next"}));
        }
    }
    Ok(json(200, j!({"cleanups": page, "links": links})))
}

/// `{"agent_id", "state": "start_requested"}` → 201, the cleanup and its
/// `Location`; 409 while one of that agent runs.
async fn start(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    if v["state"].as_str() != Some("start_requested") {
        return Err(SimError::BadRequest("Validation failed: state must be \"start_requested\".".into()));
    }
    let agent = v["agent_id"]
        .as_str()
        .ok_or_else(|| SimError::BadRequest("Validation failed: agent_id is required.".into()))?;
    let (mut w, now) = caller.world();
    let i = w.agent_by_v2(agent).ok_or_else(|| SimError::NotFound("Agent not found.".into()))?;
    let id = w
        .start_cleanup(i, now)
        .map_err(|_| SimError::Conflict("A cleanup of this agent's vault is already running.".into()))?;
    let base = caller.v2_base();
    let c = &w.cleanups[&id];
    let mut resp = json(201, cleanup_json(&w, c, &base));
    if let Ok(location) = HeaderValue::from_str(&format!("{base}/cleanups/{}", c.v2_id())) {
        resp.headers_mut().insert(header::LOCATION, location);
    }
    Ok(resp)
}

async fn one(caller: Reader, Found(V2Cleanup(id)): Found<V2Cleanup>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(json(200, cleanup_json(&w, &w.cleanups[&id], &caller.v2_base())))
}

/// `[{"op": "replace", "path": "/state", "value": "stop_requested"}]` → 204;
/// 409 once it has ended.
async fn stop(caller: Writer, found: Result<Found<V2Cleanup>, SimError>, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let ok = v.as_array().is_some_and(|ops| {
        ops.len() == 1 && ops[0]["op"] == "replace" && ops[0]["path"] == "/state" && ops[0]["value"] == "stop_requested"
    });
    if !ok {
        return Err(SimError::BadRequest("Validation failed: only a stop_requested state may be set.".into()));
    }
    let Found(V2Cleanup(id)) = found?;
    let (mut w, _) = caller.world();
    if !w.stop_cleanup(id) {
        return Err(SimError::Conflict(
            "Modifying a cleanup that is already in a state of ['completed', 'stopped'] is not allowed.".into(),
        ));
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Cleanups keep no errors or events in the sim: their lists are empty.
fn empty_list(
    name: &'static str,
) -> impl Fn(Reader, Found<V2Cleanup>) -> std::future::Ready<Result<Response, SimError>> + Clone + Send + 'static {
    move |_caller, _found| std::future::ready(Ok(json(200, j!({name: [], "links": []}))))
}

/// The SDK's `GET /cleanup/report/{id}`.
async fn report_v1(caller: Reader, Found(V1Cleanup(id)): Found<V1Cleanup>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let c = &w.cleanups[&id];
    let a = &w.agents[c.agent];
    let end = c.ended_ms.unwrap_or_else(epoch_ms);
    Ok(json(
        200,
        j!({
            "CleanupId": c.id, "MachineAgentId": a.v1_id, "ComputerName": a.name, "State": c.state,
            "StartTime": c.started_ms.map(ms_date), "CompletedTime": c.ended_ms.map(ms_date),
            "Duration": duration(c.started_ms.map_or(0, |s| end - s)), "NumErrors": 0, "ErrorList": []
        }),
    ))
}
