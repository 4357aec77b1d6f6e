//! v1 backup configurations (API-REFERENCE §4 rows 12-18, §5.7).

use super::body::{config_body, ConfigBody};
use super::json;
use crate::clock::epoch_ms;
use crate::error::{parse_body, SimError};
use crate::routes::caller::{AdminOnly, Reader, Writer};
use crate::routes::found::{Found, V1Agent, V1Config};
use crate::routes::json as answer;
use crate::routes::json_list::{cached_list, Fragments, SizeHint};
use crate::routes::json_out::write_object;
use crate::routes::wire::{number, required_bool};
use crate::world::{Config, World};
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// "Limits": one agent's configuration document is at most 1 MB.
const MAX_BODY: usize = 1_048_576;

fn read(body: &Bytes) -> Result<ConfigBody, SimError> {
    if body.len() > MAX_BODY {
        return Err(SimError::BadRequest("A backup configuration may not exceed 1 MB.".into()));
    }
    let v: Value = parse_body(body)?;
    config_body(&v)
}

/// 409 when the agent already has a configuration of that name.
fn check_name(w: &World, agent: usize, name: &str, except: Option<u64>) -> Result<(), SimError> {
    match w.configs_of(agent).find(|c| !c.deleted && Some(c.id) != except && c.name.eq_ignore_ascii_case(name)) {
        Some(other) => Err(SimError::Conflict(format!(
            "The agent already has a backup configuration named \"{name}\" ({}).",
            other.id
        ))),
        None => Ok(()),
    }
}

fn apply(c: &mut Config, b: ConfigBody) {
    c.name = b.name;
    c.enabled = b.enabled;
    c.schedule = b.schedule;
    c.time_zone = b.time_zone;
    c.retention_days = b.retention_days;
    c.missed_action = b.missed_action;
    c.inclusions = b.inclusions;
    c.exclusions = b.exclusions;
    c.notify_recipients = b.notify_recipients;
    c.notify_success = b.notify_success;
    c.notify_failure = b.notify_failure;
}

pub async fn create(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let b = read(&body)?;
    let agent_id = b.agent_v1.ok_or_else(|| SimError::BadRequest("MachineAgentId is required.".into()))?;
    let (mut w, _) = caller.world();
    let agent =
        w.agent_by_v1(agent_id).ok_or_else(|| SimError::NotFound(format!("Agent {agent_id} was not found.")))?;
    check_name(&w, agent, &b.name, None)?;
    let mut c = Config {
        id: 0,
        v2_id: String::new(),
        schedule_id: 0,
        agent,
        name: String::new(),
        enabled: true,
        deleted: false,
        schedule: b.schedule,
        time_zone: String::new(),
        retention_days: 30,
        missed_action: 1,
        inclusions: Vec::new(),
        exclusions: Vec::new(),
        notify_recipients: String::new(),
        notify_success: false,
        notify_failure: true,
        created_ms: epoch_ms(),
    };
    apply(&mut c, b);
    let id = w.add_config(c);
    Ok(answer(200, json::config(&w, &w.configs[&id])))
}

/// Every configuration of the tenant that is not deleted.
pub async fn list(caller: Reader) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(of_tenant(&w))
}

/// [`list`]'s answer (written when the sim starts: `routes::warm`).
pub fn of_tenant(w: &World) -> Response {
    static SIZE: SizeHint = SizeHint::new();
    static RECORDS: Fragments<u64> = Fragments::new();
    let live = w.configs.values().filter(|c| !c.deleted && !w.agents[c.agent].deleted);
    let last = w.last_finished();
    let views = live.map(|c| (c.id, json::ConfigView::with_last(w, c, last.get(&c.id).copied())));
    cached_list(None, "", &SIZE, &RECORDS, views, |v, out| write_object(out, |o| json::config_of(v, &w.keys, o)))
}

pub async fn of_agent(caller: Reader, Found(V1Agent(agent)): Found<V1Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let list: Vec<Value> = w.configs_of(agent).filter(|c| !c.deleted).map(|c| json::config(&w, c)).collect();
    Ok(answer(200, Value::Array(list)))
}

/// One configuration; a deleted one still answers, with `IsDeleted: true`.
pub async fn get(caller: Reader, Found(V1Config(id)): Found<V1Config>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(answer(200, json::config(&w, &w.configs[&id])))
}

/// `PUT`: the whole configuration, with its `BackupConfigurationScheduleId`;
/// 200 and no body.
pub async fn update(
    caller: Writer,
    found: Result<Found<V1Config>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let b = read(&body)?;
    let v: Value = parse_body(&body)?;
    let schedule_id = number(&v["BackupConfigurationScheduleId"])
        .ok_or_else(|| SimError::BadRequest("BackupConfigurationScheduleId is required to update.".into()))?;
    let Found(V1Config(id)) = found?;
    let (mut w, now) = caller.world();
    let c = &w.configs[&id];
    if c.deleted {
        return Err(SimError::BadRequest(format!("Backup configuration {id} is deleted.")));
    }
    if c.schedule_id != schedule_id {
        return Err(SimError::BadRequest(format!(
            "BackupConfigurationScheduleId {schedule_id} does not belong to backup configuration {id}."
        )));
    }
    check_name(&w, c.agent, &b.name, Some(id))?;
    if let Some(c) = w.configs.get_mut(&id) {
        apply(c, b);
    }
    w.reschedule(id, now);
    Ok(StatusCode::OK.into_response())
}

/// `POST …/enable/{id}` `{"Enable": bool}` (the docs) or `{"Enabled": bool}`
/// (Rackspace's SDK) → the configuration.
pub async fn enable(
    caller: Writer,
    found: Result<Found<V1Config>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let field = if v.get("Enable").is_none() && v.get("Enabled").is_some() { "Enabled" } else { "Enable" };
    let enable = required_bool(&v, field)?;
    let Found(V1Config(id)) = found?;
    let (mut w, now) = caller.world();
    if w.configs[&id].deleted {
        return Err(SimError::BadRequest(format!("Backup configuration {id} is deleted.")));
    }
    if let Some(c) = w.configs.get_mut(&id) {
        c.enabled = enable;
    }
    w.reschedule(id, now);
    Ok(answer(200, json::config(&w, &w.configs[&id])))
}

/// Admin only; 200 and no body; the configuration stays readable, marked
/// `IsDeleted`, and its backups are no longer offered for restore.
pub async fn delete(caller: AdminOnly, Found(V1Config(id)): Found<V1Config>) -> Result<Response, SimError> {
    let (mut w, now) = caller.world();
    if let Some(c) = w.configs.get_mut(&id) {
        c.deleted = true;
        c.enabled = false;
    }
    w.reschedule(id, now);
    Ok(StatusCode::OK.into_response())
}
