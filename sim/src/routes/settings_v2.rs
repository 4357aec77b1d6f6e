//! v2 summaries settings (`GET/PUT /settings/summaries`) and an agent's
//! whole configuration (`GET /agents/{id}/configuration`).

use super::caller::{Reader, Writer};
use super::found::{Found, V2Agent};
use super::json;
use crate::error::{parse_body, SimError};
use crate::{lock, Sim};
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use serde_json::{json as j, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let v2 = "/{region}/v2/{tenant}";
    Router::new()
        .route(&format!("{v2}/settings/summaries"), get(summaries).put(set_summaries))
        .route(&format!("{v2}/agents/{{agent_id}}/configuration"), get(agent_configuration))
}

async fn summaries(caller: Reader) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(json(200, w.summaries.clone()))
}

/// `{"daily": bool, "weekly": bool, "notifications": [{"type": "email", "destination"}]}` → 204.
async fn set_summaries(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let flags_ok = v["daily"].is_boolean() && v["weekly"].is_boolean();
    let notes_ok = v["notifications"].as_array().is_some_and(|l| {
        l.iter().all(|n| n["type"] == "email" && n["destination"].as_str().is_some_and(|d| d.contains('@')))
    });
    if !flags_ok || !notes_ok {
        return Err(SimError::BadRequest(
            "Validation failed: daily and weekly must be true or false, and notifications a list of {\"type\": \"email\", \"destination\": address}.".into(),
        ));
    }
    let sim = caller.sim.clone();
    lock(&sim.world).summaries = j!({"daily": v["daily"], "weekly": v["weekly"], "notifications": v["notifications"]});
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// System preferences (log level, RSE), vaults and configurations
/// (agent_configuration::v2).
async fn agent_configuration(caller: Reader, Found(V2Agent(i)): Found<V2Agent>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(json(200, super::agent_configuration::v2(&w, i)))
}
