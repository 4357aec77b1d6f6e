//! Fault injection and request counting, as middleware around the API routes:
//! `--latency-ms`, `--fail-rate` (503 + Retry-After), and per-path `--fail`
//! rules (a status, a malformed body, an answer over 32 MB, a slow answer),
//! all also settable at run time through `/_sim/control`.

use crate::config::{FailOutcome, FailRule, SimConfig};
use crate::error::SimError;
use crate::rng::Rng;
use crate::{lock, Sim};
use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};
use std::time::Duration;

/// Size of the `huge` answer: 1 MB over the console's 32 MB limit.
pub const HUGE_BYTES: usize = (32 << 20) + (1 << 20);

pub struct Faults {
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub rules: Vec<FailRule>,
    rng: Rng,
}

impl Faults {
    pub fn new(config: &SimConfig) -> Faults {
        Faults {
            latency_ms: config.latency_ms,
            fail_rate: config.fail_rate,
            rules: config.fail_rules.clone(),
            rng: Rng::new(config.seed ^ 0xfa17),
        }
    }

    /// The failure to answer this request with, if any (consumes rule counts).
    fn pick(&mut self, method: &str, path: &str) -> Option<FailOutcome> {
        if let Some(rule) = self.rules.iter_mut().find(|r| r.matches(method, path) && r.remaining != Some(0)) {
            if let Some(n) = rule.remaining.as_mut() {
                *n -= 1;
            }
            return Some(rule.outcome);
        }
        (self.fail_rate > 0.0 && self.rng.unit() < self.fail_rate).then_some(FailOutcome::Status(503))
    }
}

/// Requests seen, in total and per route shape (IDs replaced by `{id}`),
/// and the most recent requests themselves for the secrets audit: method,
/// path and query, headers except `X-Auth-Token`, and body.
#[derive(Default, serde::Serialize)]
pub struct Stats {
    pub total: u64,
    pub by_route: BTreeMap<String, u64>,
    pub recent: std::collections::VecDeque<serde_json::Value>,
}

/// Requests kept for `/_sim/stats`' `recent`.
const RECENT: usize = 2_000;

/// `/dfw/v1.0/123456/agent/202743` → `/dfw/v1.0/{t}/agent/{id}`.
pub fn route_shape(path: &str) -> String {
    let mut out = Vec::new();
    for (i, seg) in path.split('/').enumerate() {
        let is_id = !seg.is_empty()
            && (seg.bytes().all(|b| b.is_ascii_digit())
                || (seg.len() >= 32 && seg.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-')));
        out.push(if is_id && i == 3 {
            "{t}"
        } else if is_id {
            "{id}"
        } else {
            seg
        });
    }
    out.join("/")
}

pub async fn layer(State(sim): State<Arc<Sim>>, req: Request, next: Next) -> Response {
    if req.method() == Method::OPTIONS {
        return next.run(req).await;
    }
    let method = req.method().as_str().to_string();
    let path = req.uri().path().to_string();
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, 1 << 20).await.unwrap_or_default();
    {
        let headers: serde_json::Map<String, serde_json::Value> = parts
            .headers
            .iter()
            .filter(|(k, _)| k.as_str() != "x-auth-token")
            .map(|(k, v)| (k.to_string(), serde_json::Value::from(String::from_utf8_lossy(v.as_bytes()).into_owned())))
            .collect();
        let mut stats = lock(&sim.stats);
        stats.total += 1;
        *stats.by_route.entry(format!("{method} {}", route_shape(&path))).or_default() += 1;
        stats.recent.push_back(serde_json::json!({
            "method": method,
            "uri": parts.uri.to_string(),
            "headers": headers,
            "body": String::from_utf8_lossy(&bytes),
        }));
        while stats.recent.len() > RECENT {
            stats.recent.pop_front();
        }
    }
    let req = Request::from_parts(parts, axum::body::Body::from(bytes));
    let (latency, outcome) = {
        let mut f = lock(&sim.faults);
        (f.latency_ms, f.pick(&method, &path))
    };
    if latency > 0 {
        tokio::time::sleep(Duration::from_millis(latency)).await;
    }
    match outcome {
        None => next.run(req).await,
        Some(FailOutcome::Slow(ms)) => {
            tokio::time::sleep(Duration::from_millis(ms)).await;
            next.run(req).await
        }
        Some(FailOutcome::Lost) => {
            // The write happens; its answer does not arrive.
            let _ = next.run(req).await;
            let body = serde_json::json!({"message": "Simulated gateway timeout: the answer was lost.", "code": 504});
            (StatusCode::GATEWAY_TIMEOUT, [(header::CONTENT_TYPE, "application/json")], body.to_string())
                .into_response()
        }
        Some(FailOutcome::Huge { content_length }) => huge(content_length),
        Some(FailOutcome::Status(503)) => SimError::Unavailable { retry_after: 1 }.into_response(),
        Some(FailOutcome::Status(code)) => {
            let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            let body = serde_json::json!({"message": format!("Simulated failure {code}."), "code": code}).to_string();
            (status, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        Some(FailOutcome::Malformed) => {
            (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], "{\"agents\": [{\"id\": ").into_response()
        }
    }
}

/// `[`, [`HUGE_BYTES`] - 2 spaces, `]`: valid JSON (an empty list), so a
/// client without a size limit would read it as one. Made once, shared.
fn huge_body() -> Bytes {
    static BODY: OnceLock<Bytes> = OnceLock::new();
    BODY.get_or_init(|| {
        let mut body = vec![b' '; HUGE_BYTES];
        if let Some(first) = body.first_mut() {
            *first = b'[';
        }
        if let Some(last) = body.last_mut() {
            *last = b']';
        }
        Bytes::from(body)
    })
    .clone()
}

/// The `huge` answer: with a `Content-Length`, or streamed (chunked, no
/// length: the body's size is unknown until it has been read).
fn huge(content_length: bool) -> Response {
    let body = if content_length {
        Body::from(huge_body())
    } else {
        // A stream has no known size, so the answer goes out chunked.
        Body::from_stream(Body::from(huge_body()).into_data_stream())
    };
    (StatusCode::OK, [(header::CONTENT_TYPE, "application/json")], body).into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_hide_ids() {
        assert_eq!(route_shape("/dfw/v1.0/123456/agent/202743"), "/dfw/v1.0/{t}/agent/{id}");
        assert_eq!(
            route_shape("/dfw/v2/123456/agents/8f135b4f-7a69-4b8a-947f-5e80d772fd97/status"),
            "/dfw/v2/{t}/agents/{id}/status"
        );
        assert_eq!(route_shape("/v2.0/tokens"), "/v2.0/tokens");
    }

    #[test]
    fn counted_rules_run_out() {
        let mut f = Faults::new(&SimConfig {
            fail_rules: vec![FailRule::parse("GET */user/agents=503x2").expect("rule")],
            ..Default::default()
        });
        assert_eq!(f.pick("GET", "/dfw/v1.0/1/user/agents"), Some(FailOutcome::Status(503)));
        assert_eq!(f.pick("GET", "/dfw/v1.0/1/user/agents"), Some(FailOutcome::Status(503)));
        assert_eq!(f.pick("GET", "/dfw/v1.0/1/user/agents"), None);
    }
}
