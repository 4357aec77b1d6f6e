//! `GET /backups/{id}/events` and `/configurations/{id}/events`: the
//! project's events that name the backup (or any backup of the
//! configuration), oldest first by default, after `marker`, `limit` at most.

use crate::error::SimError;
use crate::routes::caller::Reader;
use crate::routes::found::{Found, V2Backup, V2Config};
use crate::routes::v2::events_page;
use axum::extract::Query;
use axum::response::Response;
use std::collections::HashMap;

/// The events naming `key` = `id`, oldest first unless asked otherwise.
fn page(caller: &Reader, q: HashMap<String, String>, key: &str, id: &str, path: &str) -> Result<Response, SimError> {
    let mut q = q;
    q.entry("sort_dir".into()).or_insert_with(|| "asc".into());
    events_page(caller, &q, Some((key, id)), path)
}

pub async fn of_backup(
    caller: Reader,
    Found(V2Backup(id)): Found<V2Backup>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let v2 = caller.world().0.backups[&id].v2_id.clone();
    page(&caller, q, "backup", &v2, &format!("backups/{v2}/events"))
}

pub async fn of_configuration(
    caller: Reader,
    Found(V2Config(id)): Found<V2Config>,
    Query(q): Query<HashMap<String, String>>,
) -> Result<Response, SimError> {
    let v2 = caller.world().0.configs[&id].v2_id.clone();
    page(&caller, q, "configuration", &v2, &format!("configurations/{v2}/events"))
}
