//! `POST /v2.0/tokens`: API-key and password credentials.

use super::{json, origin};
use crate::auth::{Tokens, USERS};
use crate::clock::iso;
use crate::error::SimError;
use crate::world::REGIONS;
use crate::{lock, Sim};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use serde_json::{json as j, Value};
use std::sync::Arc;

const BAD_BODY: &str = "Invalid request body: unable to parse Auth data. Please review XML or JSON formatting.";

pub async fn tokens(State(sim): State<Arc<Sim>>, headers: HeaderMap, body: Bytes) -> Result<Response, SimError> {
    let v: Value = serde_json::from_slice(&body).map_err(|_| SimError::BadRequest(BAD_BODY.into()))?;
    let auth = &v["auth"];
    let (name, key, password) = if let Some(c) = auth.get("RAX-KSKEY:apiKeyCredentials") {
        (c["username"].as_str(), c["apiKey"].as_str(), None)
    } else if let Some(c) = auth.get("passwordCredentials") {
        (c["username"].as_str(), None, c["password"].as_str())
    } else {
        return Err(SimError::BadRequest(BAD_BODY.into()));
    };
    let name = name.ok_or_else(|| SimError::BadRequest(BAD_BODY.into()))?;
    let user = Tokens::authenticate(name, key, password)
        .ok_or(SimError::Unauthorized("Unable to authenticate user with credentials provided."))?;
    let (token, expires_ms) = {
        let mut tokens = lock(&sim.tokens);
        let (token, issued) = tokens.issue(user);
        (token, issued.expires_ms)
    };
    let tenant = &sim.config.tenant;
    let base = sim.config.catalog_url.clone().unwrap_or_else(|| format!("{}/{{region}}", origin(&headers)));
    let endpoints: Vec<Value> = REGIONS
        .iter()
        .map(|r| {
            let root = base.replace("{region}", &r.to_ascii_lowercase());
            j!({"publicURL": format!("{}/v1.0/{tenant}", root.trim_end_matches('/')), "region": r, "tenantId": tenant})
        })
        .collect();
    // Hostile: an expiry no RFC 3339 reader accepts (a non-ASCII offset), the
    // value that once stopped the console at sign-in. The token itself still
    // lasts --token-ttl.
    let expires = if sim.config.hostile { crate::seed::HOSTILE_EXPIRES.to_string() } else { iso(expires_ms) };
    let u = &USERS[user];
    let roles: Vec<Value> =
        u.role.names().iter().enumerate().map(|(i, n)| j!({"id": (i + 3).to_string(), "name": n})).collect();
    Ok(json(
        200,
        j!({"access": {
            "token": {
                "id": token,
                "expires": expires,
                "tenant": {"id": tenant, "name": tenant},
                "RAX-AUTH:authenticatedBy": [if key.is_some() { "APIKEY" } else { "PASSWORD" }]
            },
            "serviceCatalog": [{"endpoints": endpoints, "name": "cloudBackup", "type": "rax:backup"}],
            "user": {"id": u.id, "name": u.name, "roles": roles, "RAX-AUTH:defaultRegion": "DFW"}
        }}),
    ))
}
