//! v2 configuration changes: create (201 + Location), JSON Patch, delete
//! (admin only; it stays readable with `deleted: true`).

use super::body::{check_paths, notification, rules, schedule};
use super::json;
use crate::clock::epoch_ms;
use crate::error::{parse_body, SimError};
use crate::routes::caller::{AdminOnly, Writer};
use crate::routes::found::{Found, V2Config};
use crate::routes::json as answer;
use crate::world::Config;
use axum::body::Bytes;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

fn bad(message: impl Into<String>) -> SimError {
    SimError::BadRequest(format!("Validation failed: {}", message.into()))
}

fn retention(v: &Value) -> Result<u32, SimError> {
    match v["retention"]["days"].as_u64() {
        Some(d @ (0 | 30 | 60)) => Ok(d as u32),
        _ => Err(bad("retention.days must be 0 (forever), 30 or 60.")),
    }
}

pub async fn create(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let agent = v["agent_id"].as_str().ok_or_else(|| bad("agent_id is required."))?.to_string();
    let name = v["name"]
        .as_str()
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .ok_or_else(|| bad("name is required."))?
        .to_string();
    let enabled = v["enabled"].as_bool().unwrap_or(true);
    let schedule = schedule(&v["schedule"])?;
    let retention_days = retention(&v)?;
    let (inclusions, exclusions) = (rules(&v, "inclusions")?, rules(&v, "exclusions")?);
    if inclusions.is_empty() {
        return Err(bad("inclusions must list at least one path."));
    }
    check_paths(&inclusions, &exclusions)?;
    let (recipients, on_success, on_failure) = notification(&v["notifications"])?;
    let (mut w, _) = caller.world();
    let agent = w.agent_by_v2(&agent).ok_or_else(|| SimError::NotFound("Agent not found.".into()))?;
    let id = w.add_config(Config {
        id: 0,
        v2_id: String::new(),
        schedule_id: 0,
        agent,
        name,
        enabled,
        deleted: false,
        schedule,
        time_zone: v["schedule"]["time_zone"].as_str().unwrap_or("UTC").into(),
        retention_days,
        missed_action: 1,
        inclusions,
        exclusions,
        notify_recipients: recipients,
        notify_success: on_success,
        notify_failure: on_failure,
        created_ms: epoch_ms(),
    });
    let base = caller.v2_base();
    let c = &w.configs[&id];
    let mut resp = answer(201, json::config(&w, c, &base));
    if let Ok(location) = HeaderValue::from_str(&format!("{base}/configurations/{}", c.v2_id)) {
        resp.headers_mut().insert(header::LOCATION, location);
    }
    Ok(resp)
}

/// A JSON Patch of `replace` operations on `/name`, `/enabled`,
/// `/schedule`, `/retention/days`, `/inclusions`, `/exclusions` → 204.
pub async fn patch(
    caller: Writer,
    found: Result<Found<V2Config>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let ops: Value = parse_body(&body)?;
    let ops = ops.as_array().filter(|o| !o.is_empty()).cloned().ok_or_else(|| bad("the body must be a JSON Patch."))?;
    if ops.iter().any(|op| op["op"] != "replace") {
        return Err(bad("only \"replace\" operations are allowed."));
    }
    let Found(V2Config(id)) = found?;
    let (mut w, now) = caller.world();
    let mut c = w.configs[&id].clone();
    if c.deleted {
        return Err(SimError::Conflict("The configuration is deleted.".into()));
    }
    for op in &ops {
        let value = &op["value"];
        match op["path"].as_str() {
            Some("/name") => {
                c.name =
                    value.as_str().filter(|n| !n.trim().is_empty()).ok_or_else(|| bad("name must be text."))?.into()
            }
            Some("/enabled") => c.enabled = value.as_bool().ok_or_else(|| bad("enabled must be true or false."))?,
            Some("/schedule") => c.schedule = schedule(value)?,
            Some("/retention/days") => {
                c.retention_days = retention(&serde_json::json!({"retention": {"days": value}}))?
            }
            Some("/inclusions") => c.inclusions = rules(&serde_json::json!({"inclusions": value}), "inclusions")?,
            Some("/exclusions") => c.exclusions = rules(&serde_json::json!({"exclusions": value}), "exclusions")?,
            other => return Err(bad(format!("`{}` cannot be changed.", other.unwrap_or_default()))),
        }
    }
    check_paths(&c.inclusions, &c.exclusions)?;
    w.configs.insert(id, c);
    w.reschedule(id, now);
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub async fn delete(caller: AdminOnly, Found(V2Config(id)): Found<V2Config>) -> Result<Response, SimError> {
    let (mut w, now) = caller.world();
    if let Some(c) = w.configs.get_mut(&id) {
        c.deleted = true;
        c.enabled = false;
    }
    w.reschedule(id, now);
    Ok(StatusCode::NO_CONTENT.into_response())
}
