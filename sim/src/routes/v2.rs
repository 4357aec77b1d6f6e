//! Cloud Backup v2 routes (snake_case bodies, ISO-8601 dates, UUID ids).

use super::{authorize, enter, json, origin, world_now};
use crate::clock::iso;
use crate::error::{parse_body, SimError};
use crate::seed;
use crate::world::{LogState, Logfile, Mode, World};
use crate::{lock, Sim};
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json as j, Value};
use std::collections::HashMap;
use std::sync::Arc;

type P2 = Path<(String, String)>;
type P3 = Path<(String, String, String)>;
type P4 = Path<(String, String, String, String)>;

fn agent_json(w: &World, i: usize, base: &str) -> Value {
    let a = &w.agents[i];
    let key = w.keys.get(a.key);
    let links: Vec<Value> = ["", "/activities", "/configuration", "/configurations", "/events", "/logfiles", "/status"]
        .iter()
        .map(|s| {
            let rel = s.strip_prefix('/').unwrap_or("self");
            j!({"href": format!("{base}/agents/{}{s}", a.v2_id), "rel": rel})
        })
        .collect();
    j!({
        "project_id": w.tenant,
        "id": a.v2_id,
        "name": a.name,
        "version": a.version,
        "host": {
            "flavor": "nova",
            "region": a.datacenter,
            "machine": {"id": a.host_server_id, "links": []},
            "os": {"name": a.os_name, "version": a.os_version, "architecture": a.architecture},
            "addresses": [{"version": 4, "addr": a.ip}]
        },
        "enabled": !a.disabled,
        "rsa_public_key": {"modulus": key.modulus_hex, "exponent": 10001},
        "vault": {
            "id": a.host_server_id, "name": format!("phoenix_{}", a.host_server_id), "state": "created",
            "flavor": "swift", "encrypted": a.encrypted, "region": a.datacenter, "use_internal": false, "links": []
        },
        "log_level": "warn",
        "registered_time": iso(a.registered_ms),
        "links": links
    })
}

fn base(headers: &HeaderMap, region: &str, tenant: &str) -> String {
    format!("{}/{}/v2/{tenant}", origin(headers), region.to_ascii_lowercase())
}

fn find_agent(w: &World, id: &str) -> Result<usize, SimError> {
    w.agent_by_v2(id).ok_or_else(|| SimError::NotFound("Agent not found.".into()))
}

/// `GET /agents[?host_machine_id=]`.
pub async fn list_agents(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant)): P2,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    authorize(&sim, &headers, &region, &tenant, false)?;
    let w = lock(&sim.world);
    let b = base(&headers, &region, &tenant);
    let host = q.get("host_machine_id");
    let mut agents: Vec<Value> = (0..w.agents.len())
        .filter(|&i| host.is_none_or(|h| *h == w.agents[i].host_server_id))
        .map(|i| hostile_or_not(&sim, &w, i, &b))
        .collect();
    // Hostile: the whole list (no host filter) ends with one record per field
    // type holding a value no reading allows, and one all-null record.
    if sim.config.hostile && host.is_none() {
        if let Some(template) = agents.first().cloned() {
            agents.extend(seed::hostile_v2_records(&template));
        }
    }
    Ok(json(200, j!({"agents": agents})))
}

pub async fn agent_details(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant, id)): P3,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    authorize(&sim, &headers, &region, &tenant, false)?;
    let w = lock(&sim.world);
    let i = find_agent(&w, &id)?;
    Ok(json(200, hostile_or_not(&sim, &w, i, &base(&headers, &region, &tenant))))
}

/// [`agent_json`], except that with `--hostile` one agent's record is `null`
/// in every field but its ID (seed::HOSTILE_NULLS), as in v1.
fn hostile_or_not(sim: &Sim, w: &World, i: usize, base: &str) -> Value {
    let record = agent_json(w, i, base);
    if sim.config.hostile && i == seed::HOSTILE_NULLS {
        return seed::nulls_but(record, &["id"]);
    }
    record
}

pub async fn agent_status(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant, id)): P3,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let (w, now) = enter(&sim, &headers, &region, &tenant, false)?;
    let i = find_agent(&w, &id)?;
    Ok(json(200, j!({"busy": w.is_busy(i), "online": w.agents[i].online(now)})))
}

pub async fn post_event(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant)): P2,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, SimError> {
    authorize(&sim, &headers, &region, &tenant, true)?;
    let v: Value = parse_body(&body)?;
    if v["event"].as_str() != Some("agent_activate") {
        return Err(SimError::BadRequest("Validation failed: event must be \"agent_activate\".".into()));
    }
    let mode = v["mode"]
        .as_str()
        .and_then(Mode::parse)
        .ok_or_else(|| SimError::BadRequest("Validation failed: mode must be idle, active or real_time.".into()))?;
    let (mut w, now) = world_now(&sim);
    w.set_mode(mode, now);
    Ok(StatusCode::ACCEPTED.into_response())
}

/// `GET /events?marker&limit&sort_dir`: events newer than `marker`
/// (default newest first, `limit` default 100, at most 1000).
pub async fn project_events(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant)): P2,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    authorize(&sim, &headers, &region, &tenant, false)?;
    let marker: u64 = match q.get("marker") {
        Some(m) => m.parse().map_err(|_| SimError::BadRequest(format!("marker `{m}` is not an event id.")))?,
        None => 0,
    };
    let limit: usize = match q.get("limit") {
        Some(l) => l
            .parse()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| SimError::BadRequest(format!("limit `{l}` must be a number from 1 to 1000.")))?,
        None => 100,
    };
    let asc = match q.get("sort_dir").map(String::as_str) {
        None | Some("desc") => false,
        Some("asc") => true,
        Some(other) => return Err(SimError::BadRequest(format!("sort_dir `{other}` must be asc or desc."))),
    };
    let (mut w, now) = world_now(&sim);
    w.emit_heartbeats(now);
    let newer = w.events.iter().filter(|e| e.id > marker);
    let page: Vec<&crate::world::Event> =
        if asc { newer.take(limit + 1).collect() } else { newer.rev().take(limit + 1).collect() };
    let more = page.len() > limit;
    let events: Vec<Value> = page
        .iter()
        .take(limit)
        .map(|e| {
            let mut m = serde_json::Map::new();
            m.insert("id".into(), Value::from(e.id.to_string()));
            m.insert("time".into(), Value::from(iso(e.time_ms)));
            m.extend(e.fields.clone());
            Value::Object(m)
        })
        .collect();
    let mut links = Vec::new();
    if more && asc {
        if let Some(last) = events.last().and_then(|e| e["id"].as_str()) {
            links.push(j!({
                "href": format!("{}/events?marker={last}&limit={limit}&sort_dir=asc", base(&headers, &region, &tenant)),
                "rel": "next"
            }));
        }
    }
    Ok(json(200, j!({"events": events, "links": links})))
}

fn logfile_json(w: &World, lf: &Logfile, base: &str, files_origin: &str) -> Value {
    let agent = &w.agents[lf.agent];
    let self_href = format!("{base}/agents/{}/logfiles/{}", agent.v2_id, lf.id);
    let mut links = vec![j!({"href": self_href, "rel": "self"})];
    if lf.state == LogState::Completed {
        let file = format!("{files_origin}/_files/logs/{}/{}.log", agent.v2_id, lf.id);
        links.push(j!({"href": file, "rel": "logfile"}));
        links.push(j!({"href": format!("{file}?temp_url_sig={}&temp_url_expires=4102444800", lf.signature), "rel": "logfile_temp_url"}));
    }
    j!({"id": lf.id, "date": iso(lf.date_ms), "state": lf.state.name(), "links": links})
}

pub async fn request_logfile(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant, id)): P3,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let (mut w, now) = enter(&sim, &headers, &region, &tenant, true)?;
    let agent = find_agent(&w, &id)?;
    let at = w.request_logfile(agent, now);
    let b = base(&headers, &region, &tenant);
    let body = logfile_json(&w, &w.logfiles[at], &b, &sim.files_origin);
    let location = format!("{b}/agents/{}/logfiles/{}", w.agents[agent].v2_id, w.logfiles[at].id);
    let mut resp = json(202, body);
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

pub async fn list_logfiles(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant, id)): P3,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let (w, _) = enter(&sim, &headers, &region, &tenant, false)?;
    let agent = find_agent(&w, &id)?;
    let (b, o) = (base(&headers, &region, &tenant), sim.files_origin.as_str());
    let list: Vec<Value> =
        w.logfiles.iter().filter(|l| l.agent == agent).rev().map(|l| logfile_json(&w, l, &b, o)).collect();
    Ok(json(200, j!({"logfiles": list})))
}

fn find_logfile(w: &World, agent: &str, logfile: &str) -> Result<usize, SimError> {
    let agent = find_agent(w, agent)?;
    w.logfiles
        .iter()
        .position(|l| l.agent == agent && l.id == logfile)
        .ok_or_else(|| SimError::NotFound("Log file not found.".into()))
}

pub async fn logfile_details(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant, id, logfile)): P4,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let (w, _) = enter(&sim, &headers, &region, &tenant, false)?;
    let at = find_logfile(&w, &id, &logfile)?;
    Ok(json(200, logfile_json(&w, &w.logfiles[at], &base(&headers, &region, &tenant), &sim.files_origin)))
}

pub async fn delete_logfile(
    State(sim): State<Arc<Sim>>,
    Path((region, tenant, id, logfile)): P4,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    authorize(&sim, &headers, &region, &tenant, true)?;
    let mut w = lock(&sim.world);
    let at = find_logfile(&w, &id, &logfile)?;
    w.logfiles.remove(at);
    Ok(StatusCode::NO_CONTENT.into_response())
}
