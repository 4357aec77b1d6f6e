//! The v1 calls Rackspace's SDK makes that the reference does not document
//! (API-REFERENCE §4.1): log requests and their list, the agent's whole
//! configuration, and its RSE heartbeats as the control panel reads them.

use super::caller::{Reader, Writer};
use super::found::{Found, V1Agent};
use super::{json, text_json};
use crate::clock::{epoch_ms, iso};
use crate::error::SimError;
use crate::world::LogState;
use crate::Sim;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json as j, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let v1 = "/{region}/v1.0/{tenant}";
    Router::new()
        .route(&format!("{v1}/agent/requestlog/{{machine_agent_id}}"), post(request_log))
        .route(&format!("{v1}/agent/logfiles/{{machine_agent_id}}"), get(logfiles))
        .route(&format!("{v1}/agent/configuration/{{machine_agent_id}}"), get(configuration))
        .route(&format!("{v1}/agent/events/{{machine_agent_id}}"), get(events))
}

/// `POST /agent/requestlog/{id}`: 200, the log request's ID as JSON (the
/// SDK reads `res.json()`).
async fn request_log(caller: Writer, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (mut w, now) = caller.world();
    let at = w.request_logfile(i, now);
    Ok(text_json(Value::from(w.logfiles[at].id.clone()).to_string()))
}

/// `GET /agent/logfiles/{id}`: `[{DisplayName, CurrentState, FilePath}]`,
/// `FilePath` the download link once the upload has completed.
async fn logfiles(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let origin = &caller.sim.files_origin;
    let list: Vec<Value> = w
        .logfiles
        .iter()
        .filter(|l| l.agent == i && !l.deleted)
        .rev()
        .map(|l| {
            let state = match l.state {
                LogState::Requested => "Requested",
                LogState::Started => "Started",
                LogState::Completed => "Completed",
            };
            let path = (l.state == LogState::Completed).then(|| {
                format!(
                    "{origin}/_files/logs/{}/{}.log.gz?temp_url_sig={}&temp_url_expires=4102444800",
                    w.agents[i].v2_id, l.id, l.signature
                )
            });
            j!({"DisplayName": format!("{} {}", iso(l.date_ms), l.id), "CurrentState": state, "FilePath": path})
        })
        .collect();
    Ok(json(200, Value::Array(list)))
}

/// `GET /agent/configuration/{id}`: volumes, system and user preferences
/// (the log level among them), and the backup configurations.
async fn configuration(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(json(200, super::agent_configuration::v1(&w, i)))
}

/// `GET /agent/events/{id}`: the agent's heartbeats as the control panel
/// reads them, `{"data": {"Event": "Heartbeat", "MachineAgentId"}, "age"}`
/// (seconds); the SDK counts an agent alive with a heartbeat under 26 s old.
async fn events(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let (mut w, now) = caller.world();
    w.emit_heartbeats(now);
    let (v2, v1) = (w.agents[i].v2_id.clone(), w.agents[i].v1_id);
    let now_ms = epoch_ms();
    let beats: Vec<Value> = w
        .events
        .iter()
        .rev()
        .filter(|e| e.fields.get("event").and_then(Value::as_str) == Some("agent_heartbeat"))
        .filter(|e| e.fields.get("agent").and_then(|a| a.get("id")).and_then(Value::as_str) == Some(v2.as_str()))
        .take(20)
        .map(|e| j!({"data": {"Event": "Heartbeat", "MachineAgentId": v1}, "age": (now_ms - e.time_ms).max(0) / 1000}))
        .collect();
    Ok(json(200, Value::Array(beats)))
}
