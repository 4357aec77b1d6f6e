//! v1 backups (API-REFERENCE §4 rows 19-23, §5.8): start and stop by hand,
//! status, report, the completed (restorable) backups of a configuration,
//! and the configurations available for restore.

use super::json;
use crate::clock::epoch_ms;
use crate::error::{parse_body, SimError};
use crate::routes::caller::{Reader, Writer};
use crate::routes::found::{Found, V1Backup, V1Config};
use crate::routes::json_list::{cached_list, Fragments, SizeHint};
use crate::routes::json_out::write_object;
use crate::routes::wire::required_number;
use crate::routes::{json as answer, text_json};
use crate::world::{Agent, Config, RunRefused, World};
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;

fn refused(why: RunRefused) -> SimError {
    match why {
        RunRefused::NotRunnable(why) => SimError::BadRequest(format!("The backup cannot start: {why}.")),
        RunRefused::AlreadyRunning(id) => {
            SimError::BadRequest(format!("A backup of this configuration is already running (backup {id})."))
        }
        RunRefused::Ended(state) => SimError::BadRequest(format!("The backup is not running: it is {}.", state.name())),
    }
}

/// `StartManual` (`Id` = the configuration) answers 200 with the new
/// `BackupId` as a bare number; `StopManual` (`Id` = the backup) 204.
pub async fn action(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let start = match v["Action"].as_str() {
        Some("StartManual") => true,
        Some("StopManual") => false,
        _ => return Err(SimError::BadRequest("Action must be StartManual or StopManual.".into())),
    };
    let id = required_number(&v, "Id")?;
    let (mut w, now) = caller.world();
    if start {
        if !w.configs.contains_key(&id) {
            return Err(SimError::NotFound(format!("Backup configuration {id} was not found.")));
        }
        let backup = w.start_backup(id, now).map_err(refused)?;
        Ok(text_json(backup.to_string()))
    } else {
        if !w.backups.contains_key(&id) {
            return Err(SimError::NotFound(format!("Backup {id} was not found.")));
        }
        w.stop_backup(id, now).map_err(refused)?;
        Ok(StatusCode::NO_CONTENT.into_response())
    }
}

pub async fn status(caller: Reader, Found(V1Backup(id)): Found<V1Backup>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(answer(200, json::status(&w, &w.backups[&id])))
}

pub async fn report(caller: Reader, Found(V1Backup(id)): Found<V1Backup>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(answer(200, json::report(&w, &w.backups[&id], epoch_ms())))
}

/// The configuration's backups that can still be restored, newest first.
pub async fn completed(caller: Reader, Found(V1Config(id)): Found<V1Config>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let mut list: Vec<_> = w.backups_of(id).filter(|b| b.restorable).collect();
    list.sort_by_key(|b| std::cmp::Reverse(b.ended_ms));
    Ok(answer(200, Value::Array(list.into_iter().map(|b| json::completed(&w, b)).collect())))
}

/// Configurations that "completed at least once and [have] not been
/// deleted", with their newest restorable backup's time.
pub async fn available(caller: Reader) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    Ok(available_of_tenant(&w))
}

/// [`available`]'s answer (written when the sim starts: `routes::warm`).
pub fn available_of_tenant(w: &World) -> Response {
    let mut newest: HashMap<u64, i64> = HashMap::new();
    for b in w.backups.values().filter(|b| b.restorable) {
        let t = b.ended_ms.unwrap_or(b.state_ms);
        newest.entry(b.config).and_modify(|n| *n = (*n).max(t)).or_insert(t);
    }
    static SIZE: SizeHint = SizeHint::new();
    static RECORDS: Fragments<u64> = Fragments::new();
    let live = w.configs.values().filter(|c| !c.deleted && !w.agents[c.agent].deleted);
    let views = live.filter_map(|c| newest.get(&c.id).map(|t| (c.id, (c, &w.agents[c.agent], *t))));
    let write = |(c, a, t): &(&Config, &Agent, i64), out: &mut Vec<u8>| {
        write_object(out, |o| json::available(c, a, *t, &w.keys, o))
    };
    cached_list(None, "", &SIZE, &RECORDS, views, write)
}
