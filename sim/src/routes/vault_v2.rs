//! v2 vault requests (API-REFERENCE §7.8): enable or change encryption,
//! verify a password, answered by the agent a moment later; and moving a
//! vault to an agent (`POST /agents/{id}/vault`).

use super::caller::{AdminOnly, Reader, Writer};
use super::found::{Found, V2Agent};
use super::{accepted, json};
use crate::clock::iso;
use crate::error::{parse_body, SimError};
use crate::world::World;
use crate::Sim;
use axum::body::Bytes;
use axum::extract::Path;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde_json::{json as j, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let a = "/{region}/v2/{tenant}/agents/{agent_id}";
    let mut router = Router::new()
        .route(&format!("{a}/vault"), post(move_vault))
        .route(&format!("{a}/vault-encryption-requests"), post(encryption))
        .route(&format!("{a}/vault-password-verification-requests"), post(verification));
    // The docs' `Location` headers use the singular; both spellings answer.
    for kind in ["vault-encryption-request", "vault-password-verification-request"] {
        for segment in [kind.to_string(), format!("{kind}s")] {
            router = router.route(&format!("{a}/{segment}/{{request_id}}"), get(result));
        }
    }
    router
}

fn decrypt(w: &World, agent: usize, v: &Value, field: &str) -> Result<Option<String>, SimError> {
    match &v[field] {
        Value::Null => Ok(None),
        Value::String(hex) => {
            w.keys.get(w.agents[agent].key).decrypt_hex(hex).map(Some).map_err(|why| {
                SimError::BadRequest(format!("Validation failed: {field} could not be decrypted: {why}."))
            })
        }
        _ => Err(SimError::BadRequest(format!("Validation failed: {field} must be hex or null."))),
    }
}

/// `{"old_encrypted_password_hex": null|hex, "new_encrypted_password_hex"}`:
/// 403 with the docs' messages when old and encryption disagree.
async fn encryption(
    caller: Writer,
    found: Result<Found<V2Agent>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    if !v["new_encrypted_password_hex"].is_string() {
        return Err(SimError::BadRequest("Validation failed: new_encrypted_password_hex is required.".into()));
    }
    let Found(V2Agent(i)) = found?;
    let (mut w, now) = caller.world();
    let old = decrypt(&w, i, &v, "old_encrypted_password_hex")?;
    let new = decrypt(&w, i, &v, "new_encrypted_password_hex")?.unwrap_or_default();
    let encrypted = w.agents[i].encrypted;
    let event = match (old, encrypted) {
        (Some(_), false) => {
            return Err(SimError::Forbidden("An old password was supplied, but the vault is unencrypted.".into()))
        }
        (None, true) => {
            return Err(SimError::Forbidden(
                "The vault is encrypted: the old password is required to change it.".into(),
            ))
        }
        (None, false) => "vault_encryption_enabled",
        (Some(old), true) => {
            if old != w.passphrase_of(i) {
                let id = w.request_vault(i, "vault_encryption_changed", false, now);
                return Ok(accepted(&format!(
                    "{}/agents/{}/vault-encryption-request/{id}",
                    caller.v2_base(),
                    w.agents[i].v2_id
                )));
            }
            "vault_encryption_changed"
        }
    };
    w.agents[i].encrypted = true;
    w.agents[i].passphrase = Some(new);
    let id = w.request_vault(i, event, true, now);
    Ok(accepted(&format!("{}/agents/{}/vault-encryption-request/{id}", caller.v2_base(), w.agents[i].v2_id)))
}

/// `{"encrypted_password_hex", "agent_id": null|other}`: is this the vault's
/// password (this agent's, or another's read through this one)?
async fn verification(
    caller: Writer,
    found: Result<Found<V2Agent>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    if !v["encrypted_password_hex"].is_string() {
        return Err(SimError::BadRequest("Validation failed: encrypted_password_hex is required.".into()));
    }
    let Found(V2Agent(i)) = found?;
    let (mut w, now) = caller.world();
    let target = match v["agent_id"].as_str() {
        Some(other) => w.agent_by_v2(other).ok_or_else(|| SimError::NotFound("Agent not found.".into()))?,
        None => i,
    };
    if !w.agents[target].encrypted {
        return Err(SimError::Forbidden("Encryption is not enabled for this agent's vault.".into()));
    }
    let plain = decrypt(&w, i, &v, "encrypted_password_hex")?.unwrap_or_default();
    let valid = plain == w.passphrase_of(target);
    let id = w.request_vault(i, "vault_password_verified", valid, now);
    Ok(accepted(&format!("{}/agents/{}/vault-password-verification-request/{id}", caller.v2_base(), w.agents[i].v2_id)))
}

/// A request's result: 404 until the agent has answered (and once gone).
async fn result(caller: Reader, Path(params): Path<super::found::Params>) -> Result<Response, SimError> {
    let id = params.get("request_id").map(String::as_str).unwrap_or_default();
    let (w, _) = caller.world();
    let r = w
        .vault_answer(id)
        .ok_or_else(|| SimError::NotFound("Request not found (not answered yet, or gone).".into()))?;
    let agent = &w.agents[r.agent];
    if params.get("agent_id") != Some(&agent.v2_id) {
        return Err(SimError::NotFound("Request not found.".into()));
    }
    let outcome = if r.event == "vault_password_verified" { "valid" } else { "succeeded" };
    Ok(json(
        200,
        j!({"id": r.id, "time": r.answered_ms.map(iso), "event": r.event, "agent": {"id": agent.v2_id},
            "request_id": r.id, outcome: r.ok}),
    ))
}

/// `{"source_agent_id"}`: the source's vault becomes this agent's (204).
async fn move_vault(
    caller: AdminOnly,
    found: Result<Found<V2Agent>, SimError>,
    body: Bytes,
) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let source = v["source_agent_id"]
        .as_str()
        .ok_or_else(|| SimError::BadRequest("Validation failed: source_agent_id is required.".into()))?
        .to_string();
    let Found(V2Agent(to)) = found?;
    let (mut w, now) = caller.world();
    let from = w.agent_by_v2(&source).ok_or_else(|| SimError::NotFound("Agent not found.".into()))?;
    if from == to {
        return Err(SimError::BadRequest("Validation failed: the source is this agent.".into()));
    }
    w.move_vault(from, to, now);
    Ok(StatusCode::NO_CONTENT.into_response())
}
