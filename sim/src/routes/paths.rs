//! Both path forms of the API. v1 "runs with or without the specification of
//! the account ID" (API-REFERENCE §4.1: Rackspace's SDK never sends it), and
//! v2 takes the project from the path or from `X-Project-Id`. Before routing,
//! a path without the tenant gets it inserted (the token's tenant for v1,
//! `X-Project-Id` or the token's tenant for v2), so every route is written
//! once, with `{tenant}`, and the tenant check stays in one place
//! (`super::caller`).

use crate::Sim;
use axum::extract::Request;
use std::sync::Arc;

/// First segments after `/v1.0/` that are resources, not a tenant.
const V1_ROOTS: [&str; 8] =
    ["user", "agent", "backup-configuration", "backup", "restore", "system", "activity", "cleanup"];
/// First segments after `/v2/` that are resources, not a project.
const V2_ROOTS: [&str; 10] = [
    "agents",
    "configurations",
    "backups",
    "restores",
    "cleanups",
    "activities",
    "events",
    "health",
    "ping",
    "settings",
];

/// Rewrites `/{region}/v1.0/user/agents` to `/{region}/v1.0/{tenant}/user/agents`
/// (and the same for v2); other paths pass unchanged.
pub fn insert_tenant(sim: &Arc<Sim>, mut req: Request) -> Request {
    let path = req.uri().path();
    let mut segments = path.trim_start_matches('/').splitn(4, '/');
    let (Some(region), Some(version), Some(first)) = (segments.next(), segments.next(), segments.next()) else {
        return req;
    };
    let root = first.trim_end_matches(".json");
    let tenant = match version {
        "v1.0" if V1_ROOTS.contains(&root) => sim.config.tenant.clone(),
        "v2" if V2_ROOTS.contains(&root) => req
            .headers()
            .get("x-project-id")
            .and_then(|v| v.to_str().ok())
            .map(|p| encode(p.trim()))
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| sim.config.tenant.clone()),
        _ => return req,
    };
    let rest = path.trim_start_matches('/').splitn(3, '/').nth(2).unwrap_or_default();
    let query = req.uri().query().map(|q| format!("?{q}")).unwrap_or_default();
    if let Ok(uri) = format!("/{region}/{version}/{tenant}/{rest}{query}").parse() {
        *req.uri_mut() = uri;
    }
    req
}

/// Percent-encodes what may not stand in a path segment.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => char::from(b).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Decodes a percent-encoded path segment (invalid escapes kept as sent,
/// invalid UTF-8 replaced).
pub fn decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |k: usize| bytes.get(k).and_then(|b| char::from(*b).to_digit(16));
        match (bytes[i], hex(i + 1), hex(i + 2)) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decoding_keeps_broken_escapes_and_never_panics() {
        assert_eq!(decode("123%20456"), "123 456");
        assert_eq!(decode("%"), "%");
        assert_eq!(decode("%é"), "%é");
        assert_eq!(decode("%4"), "%4");
        assert_eq!(decode("%ff"), "\u{fffd}");
    }
}
