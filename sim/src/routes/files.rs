//! Non-API files: log downloads (the `logfile_temp_url` links), the console's
//! static files with a single-page-app fallback, and a `config.json` that
//! points the console at this simulator.

use crate::error::SimError;
use crate::world::REGIONS;
use crate::{lock, Sim};
use axum::extract::{Path, Query, State};
use axum::http::{header, HeaderMap};
use axum::response::{IntoResponse, Response};
use md5::Digest;
use std::collections::HashMap;
use std::path::Path as FsPath;
use std::sync::Arc;
use tower_http::services::{ServeDir, ServeFile};

/// Serves `dir`, answering unknown paths with `index.html` so deep links load.
pub fn spa(dir: &FsPath) -> ServeDir<ServeFile> {
    // The release build writes .br and .gz beside each file: sent as they
    // are to a browser that accepts them (the demo is what people try first).
    let index = ServeFile::new(dir.join("index.html")).precompressed_br().precompressed_gzip();
    ServeDir::new(dir).precompressed_br().precompressed_gzip().fallback(index)
}

/// Where the console finds Identity and each region when served by the sim.
pub async fn config_json() -> Response {
    let regions: serde_json::Map<String, serde_json::Value> = REGIONS
        .iter()
        .map(|r| (r.to_string(), serde_json::Value::from(format!("/{}/", r.to_ascii_lowercase()))))
        .collect();
    let body = serde_json::json!({
        "identity_url": "/v2.0",
        "regions": regions,
        "default_region": "DFW",
        "portal_name": "Backup Console · simulator",
        "refresh_seconds": 30
    });
    ([(header::CONTENT_TYPE, "application/json"), (header::CACHE_CONTROL, "no-cache")], body.to_string())
        .into_response()
}

/// A generated agent log, as Cloud Files serves the object: a gzip file
/// with an `Etag` that is the MD5 of its bytes; the `logfile_temp_url`
/// link's signature or a valid Identity token (`X-Auth-Token`, as the
/// `logfile` link needs) opens it.
pub async fn download_log(
    State(sim): State<Arc<Sim>>,
    Path((agent, file)): Path<(String, String)>,
    Query(q): Query<HashMap<String, String>>,
    headers: HeaderMap,
) -> Result<Response, SimError> {
    let token_ok = lock(&sim.tokens).check(&headers).is_ok();
    let w = lock(&sim.world);
    let id = file.strip_suffix(".log.gz").unwrap_or(&file);
    let i = w.agent_by_v2(&agent).ok_or_else(|| SimError::NotFound("No such object.".into()))?;
    let lf = w
        .logfiles
        .iter()
        .find(|l| l.agent == i && l.id == id && !l.deleted)
        .ok_or_else(|| SimError::NotFound("No such object.".into()))?;
    if q.get("temp_url_sig") != Some(&lf.signature) && !token_ok {
        return Err(SimError::Unauthorized("Temp URL invalid."));
    }
    let a = &w.agents[i];
    let mut text = String::new();
    for k in 0..40 {
        text.push_str(&format!(
            "{} [{}] driveclient: {}\n",
            crate::clock::iso(lf.date_ms - (40 - k) * 15_000),
            if k % 13 == 7 { "WARN" } else { "INFO" },
            match k % 5 {
                0 => format!("heartbeat sent for agent {} ({})", a.v1_id, a.name),
                1 => "polling RSE channel".to_string(),
                2 => format!("vault {} reachable in {}", a.host_server_id, a.datacenter),
                3 => "configuration unchanged".to_string(),
                _ => "idle".to_string(),
            }
        ));
    }
    let disposition = format!("attachment; filename=\"{}-{}.log.gz\"", a.name.replace(['"', '\\'], "_"), lf.id);
    let bytes = gzip(text.as_bytes()).map_err(|e| SimError::Internal(format!("gzip: {e}")))?;
    let etag: String = md5::Md5::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    Ok((
        [
            (header::CONTENT_TYPE, "application/gzip".to_string()),
            (header::CONTENT_DISPOSITION, disposition),
            (header::ETAG, etag),
        ],
        bytes,
    )
        .into_response())
}

fn gzip(data: &[u8]) -> std::io::Result<Vec<u8>> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data)?;
    encoder.finish()
}
