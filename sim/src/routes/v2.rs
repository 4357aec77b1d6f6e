//! Cloud Backup v2 routes (snake_case bodies, ISO-8601 dates, UUID ids).

use super::caller::{Reader, Writer};
use super::found::{Found, V2Agent, V2Logfile};
use super::json;
use super::wire::list_params;
use crate::clock::iso;
use crate::error::{parse_body, SimError};
use crate::keys::KeyPool;
use crate::routes::json_list::{cached_list, Fragments, SizeHint};
use crate::routes::json_out::Field;
use crate::seed;
use crate::world::{Agent, LogState, Logfile, Mode, World};
use crate::Sim;
use axum::body::Bytes;
use axum::extract::Query;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{json as j, Value};
use std::collections::HashMap;

fn agent_json(w: &World, i: usize, base: &str) -> Value {
    agent_record(&w.agents[i], &w.tenant, &w.keys, base)
}

/// The record of agent `a`: a function of these arguments alone (so the list
/// can keep each record's bytes while they hash the same).
fn agent_record(a: &Agent, tenant: &str, keys: &KeyPool, base: &str) -> Value {
    let key = keys.get(a.key);
    let links: Vec<Value> = ["", "/activities", "/configuration", "/configurations", "/events", "/logfiles", "/status"]
        .iter()
        .map(|s| {
            let rel = s.strip_prefix('/').unwrap_or("self");
            j!({"href": format!("{base}/agents/{}{s}", a.v2_id), "rel": rel})
        })
        .collect();
    j!({
        "project_id": tenant,
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
        "log_level": crate::world::LOG_LEVELS[usize::from(a.log_level.clamp(1, 7))].to_ascii_lowercase(),
        "registered_time": iso(a.registered_ms),
        "links": links
    })
}

/// `GET /agents[?host_machine_id=]`.
pub async fn list_agents(caller: Reader, Query(q): Query<HashMap<String, String>>) -> Result<Response, SimError> {
    let sim = &caller.sim;
    let (w, _) = caller.world();
    let b = caller.v2_base();
    let host = q.get("host_machine_id");
    if !sim.config.hostile {
        static SIZE: SizeHint = SizeHint::new();
        static RECORDS: Fragments<u64> = Fragments::new();
        let listed = w.live_agents().filter(|&i| host.is_none_or(|h| *h == w.agents[i].host_server_id));
        let views = listed.map(|i| (w.agents[i].v1_id, (&w.agents[i], w.tenant.as_str(), b.as_str())));
        let write = |(a, tenant, base): &(&Agent, &str, &str), out: &mut Vec<u8>| {
            agent_record(a, tenant, &w.keys, base).put(out)
        };
        return Ok(cached_list(Some("agents"), "", &SIZE, &RECORDS, views, write));
    }
    let mut agents: Vec<Value> = w
        .live_agents()
        .filter(|&i| host.is_none_or(|h| *h == w.agents[i].host_server_id))
        .map(|i| hostile_or_not(sim, &w, i, &b))
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

pub async fn agent_details(caller: Reader, Found(V2Agent(i)): Found<V2Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(json(200, hostile_or_not(&caller.sim, &w, i, &caller.v2_base())))
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

pub async fn agent_status(caller: Reader, Found(V2Agent(i)): Found<V2Agent>) -> Result<Response, SimError> {
    let (w, now) = caller.world();
    Ok(json(200, j!({"busy": w.is_busy(i), "online": w.agents[i].online(now)})))
}

pub async fn post_event(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    if v["event"].as_str() != Some("agent_activate") {
        return Err(SimError::BadRequest("Validation failed: event must be \"agent_activate\".".into()));
    }
    let mode = v["mode"]
        .as_str()
        .and_then(Mode::parse)
        .ok_or_else(|| SimError::BadRequest("Validation failed: mode must be idle, active or real_time.".into()))?;
    let (mut w, now) = caller.world();
    w.set_mode(mode, now);
    Ok(StatusCode::ACCEPTED.into_response())
}

/// `GET /events?marker&limit&sort_dir`: events newer than `marker`
/// (default newest first, `limit` default 100, at most 1000).
pub async fn project_events(caller: Reader, Query(q): Query<HashMap<String, String>>) -> Result<Response, SimError> {
    events_page(&caller, &q, None, "events")
}

/// `GET /agents/{id}/events`: the same, for one agent, oldest first by
/// default (§6: "default sort asc").
pub async fn agent_events(
    caller: Reader,
    Found(V2Agent(agent)): Found<V2Agent>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let mut q = q;
    q.entry("sort_dir".into()).or_insert_with(|| "asc".into());
    let id = caller.world().0.agents[agent].v2_id.clone();
    events_page(&caller, &q, Some(("agent", &id)), &format!("agents/{id}/events"))
}

/// A page of events after `marker`, all of them or those whose `named.0`
/// field has the ID `named.1` (an agent's, a backup's, a configuration's);
/// `path` names the list in the `next` link.
pub(crate) fn events_page(
    caller: &Reader,
    q: &HashMap<String, String>,
    named: Option<(&str, &str)>,
    path: &str,
) -> Result<Response, SimError> {
    let marker: u64 = match q.get("marker") {
        Some(m) => m.parse().map_err(|_| SimError::BadRequest(format!("marker `{m}` is not an event id.")))?,
        None => 0,
    };
    let (limit, asc) = list_params(q)?;
    let (mut w, now) = caller.world();
    w.emit_heartbeats(now);
    let newer = w.events.iter().filter(|e| {
        e.id > marker
            && named
                .is_none_or(|(key, id)| e.fields.get(key).and_then(|o| o.get("id")).and_then(Value::as_str) == Some(id))
    });
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
                "href": format!("{}/{path}?marker={last}&limit={limit}&sort_dir=asc", caller.v2_base()),
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
        let file = format!("{files_origin}/_files/logs/{}/{}.log.gz", agent.v2_id, lf.id);
        links.push(j!({"href": file, "rel": "logfile"}));
        links.push(j!({"href": format!("{file}?temp_url_sig={}&temp_url_expires=4102444800", lf.signature), "rel": "logfile_temp_url"}));
    }
    j!({"id": lf.id, "date": iso(lf.date_ms), "state": lf.state.name(), "links": links})
}

pub async fn request_logfile(caller: Writer, Found(V2Agent(agent)): Found<V2Agent>) -> Result<Response, SimError> {
    let (mut w, now) = caller.world();
    let at = w.request_logfile(agent, now);
    let b = caller.v2_base();
    let body = logfile_json(&w, &w.logfiles[at], &b, &caller.sim.files_origin);
    let location = format!("{b}/agents/{}/logfiles/{}", w.agents[agent].v2_id, w.logfiles[at].id);
    let mut resp = json(202, body);
    if let Ok(v) = HeaderValue::from_str(&location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    Ok(resp)
}

pub async fn list_logfiles(caller: Reader, Found(V2Agent(agent)): Found<V2Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let (b, o) = (caller.v2_base(), caller.sim.files_origin.as_str());
    let list: Vec<Value> = w
        .logfiles
        .iter()
        .filter(|l| l.agent == agent && !l.deleted)
        .rev()
        .map(|l| logfile_json(&w, l, &b, o))
        .collect();
    Ok(json(200, j!({"logfiles": list})))
}

pub async fn logfile_details(caller: Reader, Found(V2Logfile(at)): Found<V2Logfile>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(json(200, logfile_json(&w, &w.logfiles[at], &caller.v2_base(), &caller.sim.files_origin)))
}

pub async fn delete_logfile(caller: Writer, Found(V2Logfile(at)): Found<V2Logfile>) -> Result<Response, SimError> {
    let (mut w, _) = caller.world();
    w.logfiles[at].deleted = true;
    Ok(StatusCode::NO_CONTENT.into_response())
}
