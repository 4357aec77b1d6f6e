//! Test-only routes under `/_sim/`: change faults at run time, expire tokens,
//! and read request counts and a world summary. Not part of the real API.

use crate::config::FailRule;
use crate::error::{parse_body, SimError};
use crate::{lock, Sim};
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct Control {
    latency_ms: Option<u64>,
    fail_rate: Option<f64>,
    /// Rules in the `--fail` syntax, added to the current ones.
    #[serde(default)]
    fail: Vec<String>,
    #[serde(default)]
    clear_faults: bool,
    #[serde(default)]
    expire_tokens: bool,
    #[serde(default)]
    reset_stats: bool,
}

pub async fn control(State(sim): State<Arc<Sim>>, body: Bytes) -> Result<Response, SimError> {
    let c: Control = parse_body(&body)?;
    let rules =
        c.fail.iter().map(|s| FailRule::parse(s)).collect::<Result<Vec<_>, _>>().map_err(SimError::BadRequest)?;
    {
        let mut f = lock(&sim.faults);
        if c.clear_faults {
            f.rules.clear();
            f.fail_rate = 0.0;
            f.latency_ms = 0;
        }
        if let Some(l) = c.latency_ms {
            f.latency_ms = l;
        }
        if let Some(r) = c.fail_rate {
            if !(0.0..=1.0).contains(&r) {
                return Err(SimError::BadRequest("fail_rate must be between 0 and 1".into()));
            }
            f.fail_rate = r;
        }
        f.rules.extend(rules);
    }
    if c.expire_tokens {
        lock(&sim.tokens).expire_all();
    }
    if c.reset_stats {
        *lock(&sim.stats) = Default::default();
    }
    Ok(super::json(200, serde_json::json!({"ok": true})))
}

pub async fn stats(State(sim): State<Arc<Sim>>) -> Response {
    let s = lock(&sim.stats);
    super::json(200, serde_json::to_value(&*s).unwrap_or_default())
}

/// A summary of the world for tests: who is online, the mode, restores.
pub async fn state(State(sim): State<Arc<Sim>>) -> Response {
    let (w, now) = super::world_now(&sim);
    let agents: Vec<serde_json::Value> = w
        .agents
        .iter()
        .map(|a| serde_json::json!({"id": a.v1_id, "v2_id": a.v2_id, "name": a.name, "online": a.online(now), "disabled": a.disabled, "encrypted": a.encrypted}))
        .collect();
    let restores: Vec<serde_json::Value> = w
        .restores
        .values()
        .map(|r| serde_json::json!({"id": r.id, "agent": w.agents[r.destination].v1_id, "state": r.state.name(), "deleted": r.deleted}))
        .collect();
    super::json(
        200,
        serde_json::json!({
            "mode": w.mode.name(),
            "agents": agents,
            "restores": restores,
            "passphrase": w.passphrase,
            "tokens": lock(&sim.tokens).issued()
        }),
    )
}
