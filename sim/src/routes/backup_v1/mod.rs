//! Cloud Backup v1.0 backup configurations and backups.

mod backups;
mod body;
mod configs;
mod json;

pub use body::item_kind;
pub use json::item_kind as item_kind_name;

use crate::world::World;
use crate::Sim;
use axum::routing::{get, post};
use axum::Router;
use std::sync::Arc;

/// Writes the whole-tenant lists once (see `routes::warm`).
pub fn warm(w: &World) {
    configs::of_tenant(w);
    backups::available_of_tenant(w);
}

pub fn routes() -> Router<Arc<Sim>> {
    let base = "/{region}/v1.0/{tenant}";
    Router::new()
        .route(&format!("{base}/backup-configuration"), get(configs::list).post(configs::create))
        .route(&format!("{base}/backup-configuration/system/{{machine_agent_id}}"), get(configs::of_agent))
        .route(&format!("{base}/backup-configuration/enable/{{backup_configuration_id}}"), post(configs::enable))
        .route(
            &format!("{base}/backup-configuration/{{backup_configuration_id}}"),
            get(configs::get).put(configs::update).delete(configs::delete),
        )
        .route(&format!("{base}/backup/action-requested"), post(backups::action))
        .route(&format!("{base}/backup/availableforrestore"), get(backups::available))
        .route(&format!("{base}/backup/completed/{{backup_configuration_id}}"), get(backups::completed))
        .route(&format!("{base}/backup/report/{{backup_id}}"), get(backups::report))
        .route(&format!("{base}/backup/{{backup_id}}"), get(backups::status))
}
