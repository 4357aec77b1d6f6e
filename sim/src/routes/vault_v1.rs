//! v1 agent settings that touch the vault (API-REFERENCE §4 rows 5, 7, 8,
//! 10; §5.5): update behaviour, enable encryption, change the encryption
//! password (admin), migrate a vault to another agent (admin).

use super::caller::{AdminOnly, Writer};
use super::found::{Found, V1Agent};
use super::json;
use super::wire::{boolean, required_number};
use crate::error::{parse_body, SimError};
use crate::world::{World, REGIONS};
use crate::Sim;
use axum::body::Bytes;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{post, put};
use axum::Router;
use serde_json::Value;
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let v1 = "/{region}/v1.0/{tenant}";
    Router::new()
        .route(&format!("{v1}/agent/encrypt"), post(encrypt))
        .route(&format!("{v1}/agent/changeencryption"), post(change_encryption))
        .route(&format!("{v1}/agent/migratevault"), put(migrate_vault))
        .route(&format!("{v1}/agent/{{machine_agent_id}}"), post(update_behaviour))
}

fn bad(message: impl Into<String>) -> SimError {
    SimError::BadRequest(message.into())
}

fn agent(w: &World, id: u64) -> Result<usize, SimError> {
    w.agent_by_v1(id).ok_or_else(|| SimError::NotFound(format!("Agent {id} was not found.")))
}

/// The docs' example answers a bare GUID, not JSON.
fn guid(w: &mut World) -> Response {
    ([(header::CONTENT_TYPE, "text/plain")], w.rng.uuid()).into_response()
}

/// A password the agent's key decrypts, or 400.
fn password(w: &World, i: usize, hex: &Value, field: &str) -> Result<String, SimError> {
    let hex = hex.as_str().filter(|h| !h.trim().is_empty()).ok_or_else(|| bad(format!("{field} is required.")))?;
    w.keys.get(w.agents[i].key).decrypt_hex(hex).map_err(|why| bad(format!("{field} could not be decrypted: {why}.")))
}

/// `POST /agent/{id}`: `UseServiceNet` (required) and `BackupDataCenter`
/// (a datacenter where the tenant has servers) → the agent.
async fn update_behaviour(
    caller: Writer,
    found: Result<Found<V1Agent>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let service_net = boolean(&v["UseServiceNet"]).ok_or_else(|| bad("UseServiceNet is required (true or false)."))?;
    let datacenter = match v["BackupDataCenter"].as_str().map(str::trim).filter(|d| !d.is_empty()) {
        Some(d) => Some(
            REGIONS
                .iter()
                .find(|r| r.eq_ignore_ascii_case(d))
                .copied()
                .ok_or_else(|| bad(format!("BackupDataCenter {d} is not a Cloud Backup datacenter.")))?,
        ),
        None => None,
    };
    let Found(V1Agent(i)) = found?;
    let (mut w, now) = caller.world();
    if let Some(d) = datacenter {
        if !w.live_agents().any(|k| w.agents[k].datacenter == d) {
            return Err(bad(format!("You must have servers in {d} to back up there.")));
        }
        w.agents[i].backup_datacenter = Some(d.to_string());
    }
    w.agents[i].use_service_net = service_net;
    Ok(json(200, super::v1::hostile_or_not(&caller.sim, &w, i, now, true)))
}

/// `POST /agent/encrypt`: encrypts a vault that is not yet encrypted
/// (irreversible) → a bare GUID.
async fn encrypt(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let id = required_number(&v, "MachineAgentId")?;
    let (mut w, _) = caller.world();
    let i = agent(&w, id)?;
    if w.agents[i].encrypted {
        return Err(bad(format!("The vault of agent {id} is already encrypted; change its password instead.")));
    }
    let plain = password(&w, i, &v["EncryptedPasswordHex"], "EncryptedPasswordHex")?;
    w.agents[i].encrypted = true;
    w.agents[i].passphrase = Some(plain);
    Ok(guid(&mut w))
}

/// `POST /agent/changeencryption` (admin): the old password must be right.
async fn change_encryption(caller: AdminOnly, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let id = required_number(&v, "MachineAgentId")?;
    let (mut w, _) = caller.world();
    let i = agent(&w, id)?;
    if !w.agents[i].encrypted {
        return Err(bad(format!("The vault of agent {id} is not encrypted.")));
    }
    let old = password(&w, i, &v["OldEncryptedPasswordHex"], "OldEncryptedPasswordHex")?;
    let new = password(&w, i, &v["NewEncryptedPasswordHex"], "NewEncryptedPasswordHex")?;
    if old != w.passphrase_of(i) {
        return Err(bad("The old encryption password is not correct for this vault."));
    }
    w.agents[i].passphrase = Some(new);
    Ok(guid(&mut w))
}

/// `PUT /agent/migratevault` (admin): the source's backups and
/// configurations move to the destination; both unencrypted, the
/// destination without configurations of its own.
async fn migrate_vault(caller: AdminOnly, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let (from, to) = (required_number(&v, "SourceMachineAgentId")?, required_number(&v, "DestinationMachineAgentId")?);
    if from == to {
        return Err(bad("The source and destination agents are the same."));
    }
    let (mut w, now) = caller.world();
    let (s, d) = (agent(&w, from)?, agent(&w, to)?);
    if w.agents[s].encrypted || w.agents[d].encrypted {
        return Err(bad("Both vaults must be unencrypted to migrate."));
    }
    if w.configs_of(d).any(|c| !c.deleted) {
        return Err(bad(format!("Agent {to} already has backup configurations.")));
    }
    w.move_vault(s, d, now);
    Ok(StatusCode::OK.into_response())
}
