//! The HTTP surface: Identity, Cloud Backup v1.0 and v2 under a region
//! prefix (`/dfw/v1.0/{tenant}/…`), log downloads, static files, and the
//! test-only `/_sim/` control routes.

mod activity_v1;
mod activity_v2;
mod agent_configuration;
mod agent_ops;
mod backup_v1;
mod backup_v2;
mod browse_v2;
mod caller;
mod cleanup;
mod control;
mod files;
mod found;
mod identity;
pub(crate) mod json_list;
pub(crate) mod json_out;
mod paths;
mod restore_v1;
mod restore_v2;
mod sdk_v1;
mod settings_v2;
mod v1;
mod v2;
mod vault_v1;
mod vault_v2;
mod wire;

use crate::error::SimError;
use crate::world::REGIONS;
use crate::Sim;
use axum::http::{header, HeaderMap, HeaderName, Method};
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Writes every whole-tenant list once, before the sim takes requests: at
/// 10,000 agents the first writing of the largest (50,000 configurations,
/// 83 MB) takes about 0.3 s, every later answer rewrites only the records
/// that changed. v2's links are filled in per caller, so its records serve
/// any origin.
pub fn warm(sim: &Sim) {
    let w = crate::lock(&sim.world);
    backup_v1::warm(&w);
    backup_v2::configs_of_tenant(&w, &caller::v2_base(&sim.files_origin, REGIONS[0], &w.tenant), false);
    activity_v1::tenant_list(&w);
}

pub fn app(sim: Arc<Sim>) -> Router {
    let api = Router::new()
        .route("/v2.0/tokens", post(identity::tokens))
        .route("/{region}/v1.0/{tenant}/user/agents", get(v1::list_agents))
        .route("/{region}/v1.0/{tenant}/user/wakeupagents", post(v1::wake_up_agents))
        .route("/{region}/v1.0/{tenant}/agent/enable", post(v1::enable_agent))
        .route("/{region}/v1.0/{tenant}/agent/delete", post(v1::delete_agent))
        .route("/{region}/v1.0/{tenant}/agent/{machine_agent_id}", get(v1::agent_details))
        .route("/{region}/v1.0/{tenant}/activity", get(activity_v1::of_tenant))
        .route("/{region}/v1.0/{tenant}/system/activity/{machine_agent_id}", get(activity_v1::of_agent))
        .route("/{region}/v1.0/{tenant}/restore/action-requested", post(v1::restore_action))
        .route("/{region}/v1.0/{tenant}/restore/report/{restore_id}", get(v1::restore_report))
        .route("/{region}/v1.0/{tenant}/restore/{restore_id}", get(v1::restore_details))
        .route("/{region}/v2/{tenant}/agents", get(v2::list_agents))
        .route(
            "/{region}/v2/{tenant}/agents/{agent_id}",
            get(v2::agent_details).patch(agent_ops::patch_agent).delete(agent_ops::delete_agent),
        )
        .route("/{region}/v2/{tenant}/agents/{agent_id}/status", get(v2::agent_status))
        .route("/{region}/v2/{tenant}/events", get(v2::project_events).post(v2::post_event))
        .route("/{region}/v2/{tenant}/agents/{agent_id}/logfiles", get(v2::list_logfiles).post(v2::request_logfile))
        .route(
            "/{region}/v2/{tenant}/agents/{agent_id}/logfiles/{logfile_id}",
            get(v2::logfile_details).delete(v2::delete_logfile),
        )
        .merge(activity_v2::routes())
        .merge(agent_ops::routes())
        .merge(backup_v1::routes())
        .merge(backup_v2::routes())
        .merge(browse_v2::routes())
        .merge(restore_v1::routes())
        .merge(vault_v1::routes())
        .merge(sdk_v1::routes())
        .merge(cleanup::routes())
        .merge(vault_v2::routes())
        .merge(settings_v2::routes())
        .merge(restore_v2::routes())
        .layer(from_fn_with_state(sim.clone(), crate::faults::layer))
        // JSON answers go gzip-compressed to a client that accepts it, as
        // the deploy nginx sends them to the console (a 10,000-agent list
        // is 12 MB plain, about 1 MB compressed). QUIRKS.md says why.
        .layer(tower_http::compression::CompressionLayer::new().gzip(true).no_br().no_deflate().no_zstd());
    let mut app = Router::new()
        .merge(api)
        .route("/_files/logs/{agent}/{file}", get(files::download_log))
        .route("/_sim/control", post(control::control))
        .route("/_sim/stats", get(control::stats))
        .route("/_sim/state", get(control::state));
    if let Some(dir) = sim.config.serve.clone() {
        app = app.route("/config.json", get(files::config_json)).fallback_service(files::spa(&dir));
    }
    // The tenant goes into a path that left it out before routing, so each
    // route is written once (paths.rs).
    let routed = app.with_state(sim.clone());
    let with_tenant = tower::ServiceExt::map_request(routed, move |req| paths::insert_tenant(&sim, req));
    Router::new().fallback_service(with_tenant).layer(cors())
}

/// The API of one region as its own host serves it: `/v1.0/…` and `/v2/…`
/// without the `/{region}` prefix (what a reverse proxy forwards to).
pub fn regional(
    app: Router,
    region: &str,
) -> axum::routing::IntoMakeService<
    tower::util::MapRequest<Router, impl Fn(axum::extract::Request) -> axum::extract::Request + Clone>,
> {
    use axum::ServiceExt;
    let prefix = format!("/{}", region.to_ascii_lowercase());
    let rewrite = move |mut req: axum::extract::Request| {
        let path = req.uri().path();
        if path.starts_with("/v1.0/") || path.starts_with("/v2/") {
            let pq = req.uri().path_and_query().map(|p| p.as_str()).unwrap_or(path);
            if let Ok(uri) = format!("{prefix}{pq}").parse() {
                *req.uri_mut() = uri;
            }
        }
        req
    };
    tower::ServiceExt::map_request(app, rewrite).into_make_service()
}

/// Browsers may call the sim from any origin (the test runner serves pages
/// from its own port). Expose the headers the client must read.
fn cors() -> CorsLayer {
    CorsLayer::new()
        .allow_origin(AllowOrigin::mirror_request())
        .allow_methods([Method::GET, Method::POST, Method::PUT, Method::PATCH, Method::DELETE])
        .allow_headers([HeaderName::from_static("x-auth-token"), header::CONTENT_TYPE, header::ACCEPT])
        .expose_headers([header::LOCATION, header::RETRY_AFTER, header::ETAG])
        .max_age(Duration::from_secs(600))
}

/// The upper-case region of a path prefix, or 404.
pub(crate) fn region(prefix: &str) -> Result<&'static str, SimError> {
    REGIONS
        .iter()
        .find(|r| r.eq_ignore_ascii_case(prefix))
        .copied()
        .ok_or_else(|| SimError::NotFound(format!("There is no Cloud Backup endpoint for region `{prefix}`.")))
}

/// `http://host` as the client addressed us, for absolute links.
pub(crate) fn origin(headers: &HeaderMap) -> String {
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok()).unwrap_or("127.0.0.1");
    let proto = headers.get("x-forwarded-proto").and_then(|h| h.to_str().ok()).unwrap_or("http");
    format!("{proto}://{host}")
}

/// A 200 with a JSON content type and a body sent as written (even when it
/// is not valid JSON, as some documented answers are not).
pub(crate) fn text_json(body: String) -> axum::response::Response {
    use axum::response::IntoResponse;
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// The world as of now, with what time has changed applied (for handlers
/// that check their input between authorizing and taking the world).
pub(crate) fn world_now(sim: &Sim) -> (std::sync::MutexGuard<'_, crate::world::World>, std::time::Instant) {
    let now = std::time::Instant::now();
    let mut world = crate::lock(&sim.world);
    world.advance(now);
    (world, now)
}

/// 202 with an empty JSON body and a `Location` (requests an agent answers later).
pub(crate) fn accepted(location: &str) -> axum::response::Response {
    let mut resp = json(202, serde_json::json!({}));
    if let Ok(v) = axum::http::HeaderValue::from_str(location) {
        resp.headers_mut().insert(header::LOCATION, v);
    }
    resp
}

pub(crate) fn json(status: u16, value: serde_json::Value) -> axum::response::Response {
    use axum::response::IntoResponse;
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::OK);
    (status, [(header::CONTENT_TYPE, "application/json")], value.to_string()).into_response()
}
