//! Making a v1 restore (API-REFERENCE §4 rows 24-28, §5.9): create a
//! restore configuration from a completed backup, change it while it is
//! "Creating", narrow it to files and folders, and delete it. Starting,
//! stopping, details and the report are in `v1.rs`.

use super::backup_v1::item_kind;
use super::caller::{Reader, Writer};
use super::found::{Found, V1Restore};
use super::json;
use super::v1::restore_json;
use super::wire::{boolean, number, required_number};
use crate::error::{parse_body, SimError};
use crate::world::{ItemKind, PathRule, RestoreState};
use crate::Sim;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::Router;
use serde_json::{json as j, Value};
use std::sync::Arc;

pub fn routes() -> Router<Arc<Sim>> {
    let v1 = "/{region}/v1.0/{tenant}";
    Router::new()
        .route(&format!("{v1}/restore"), put(create).post(update))
        .route(&format!("{v1}/restore/files"), put(add_file))
        .route(&format!("{v1}/restore/files/{{restore_id}}"), get(files).delete(delete))
}

fn bad(message: impl Into<String>) -> SimError {
    SimError::BadRequest(message.into())
}

fn text(v: &Value, field: &str) -> Option<String> {
    v[field].as_str().map(str::to_string)
}

/// `PUT /restore`: a restore of `BackupId` (a completed backup of
/// `BackupMachineId`) onto `DestinationMachineId` → 200 and the restore,
/// `RestoreStateId: 0` (Creating).
async fn create(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let backup = required_number(&v, "BackupId")?;
    let source = required_number(&v, "BackupMachineId")?;
    let destination = required_number(&v, "DestinationMachineId")?;
    let path = text(&v, "DestinationPath").unwrap_or_default();
    let overwrite = match &v["OverwriteFiles"] {
        Value::Null => false,
        other => boolean(other).ok_or_else(|| bad("OverwriteFiles must be true or false."))?,
    };
    let (mut w, _) = caller.world();
    let b = w.backups.get(&backup).ok_or_else(|| SimError::NotFound(format!("Backup {backup} was not found.")))?;
    let source_i = w.agent_by_v1(source).ok_or_else(|| SimError::NotFound(format!("Agent {source} was not found.")))?;
    let dest_i =
        w.agent_by_v1(destination).ok_or_else(|| SimError::NotFound(format!("Agent {destination} was not found.")))?;
    if b.agent != source_i {
        return Err(bad(format!("Backup {backup} is not a backup of agent {source}.")));
    }
    if !b.restorable {
        return Err(bad(format!("Backup {backup} cannot be restored: it is {}.", b.state.name())));
    }
    let id = w
        .create_restore(backup, dest_i, path, overwrite, Vec::new())
        .ok_or_else(|| SimError::NotFound(format!("Backup {backup} was not found.")))?;
    Ok(json(200, restore_json(&w, &w.restores[&id])))
}

/// `POST /restore`: changes a restore that is still "Creating" (204).
async fn update(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let id = required_number(&v, "RestoreId")?;
    let destination = match &v["DestinationMachineId"] {
        Value::Null => None,
        other => Some(number(other).ok_or_else(|| bad("DestinationMachineId must be a number."))?),
    };
    let overwrite = match &v["OverwriteFiles"] {
        Value::Null => None,
        other => Some(boolean(other).ok_or_else(|| bad("OverwriteFiles must be true or false."))?),
    };
    let (mut w, _) = caller.world();
    let dest = match destination {
        Some(d) => Some(w.agent_by_v1(d).ok_or_else(|| SimError::NotFound(format!("Agent {d} was not found.")))?),
        None => None,
    };
    let r = w
        .restores
        .get_mut(&id)
        .filter(|r| !r.deleted)
        .ok_or_else(|| SimError::NotFound(format!("Restore {id} was not found.")))?;
    if r.state != RestoreState::Creating {
        return Err(bad(format!("Restore {id} can be changed only while Creating: it is {}.", r.state.name())));
    }
    if let Some(d) = dest {
        r.destination = d;
    }
    if let Some(o) = overwrite {
        r.overwrite = o;
    }
    if let Some(p) = text(&v, "DestinationPath") {
        r.destination_path = p;
    }
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `PUT /restore/files`: one inclusion (`Filter` 1) or exclusion (2) of a
/// file (0), folder (1) or database (2) → 200, no body.
async fn add_file(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let restore = required_number(&v, "ParentId")?;
    let include = match number(&v["Filter"]) {
        Some(1) => true,
        Some(2) => false,
        _ => return Err(bad("Filter must be 1 (include) or 2 (exclude).")),
    };
    let kind = item_kind(&v["FileItemType"])
        .ok_or_else(|| bad("FileItemType must be 0 (file), 1 (folder) or 2 (database)."))?;
    let path = match (text(&v, "FilePath").filter(|p| !p.is_empty()), v["FilePathEncoded"].as_str()) {
        (Some(p), _) => p,
        (None, Some(encoded)) => decode_base64(encoded).ok_or_else(|| bad("FilePathEncoded is not base64."))?,
        (None, None) => return Err(bad("FilePath is required.")),
    };
    let (mut w, _) = caller.world();
    let r = w
        .restores
        .get_mut(&restore)
        .filter(|r| !r.deleted)
        .ok_or_else(|| SimError::NotFound(format!("Restore {restore} was not found.")))?;
    if r.state != RestoreState::Creating {
        return Err(bad(format!("Files can be chosen only while the restore is Creating: it is {}.", r.state.name())));
    }
    let file_id = number(&v["FileId"]).unwrap_or(r.selection.len() as u64 + 1);
    r.selection.retain(|(rule, _)| rule.path != path);
    r.selection.push((PathRule { id: file_id, path, kind }, include));
    Ok(StatusCode::OK.into_response())
}

/// `GET /restore/files/{id}`: numeric `Filter` and `FileItemType`, as the
/// docs' example lists them.
async fn files(caller: Reader, Found(V1Restore(id)): Found<V1Restore>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let list: Vec<Value> = w.restores[&id]
        .selection
        .iter()
        .map(|(rule, include)| {
            let kind = match rule.kind {
                ItemKind::File => 0,
                ItemKind::Folder => 1,
                ItemKind::Database => 2,
            };
            j!({"FilePath": rule.path, "Filter": if *include { 1 } else { 2 }, "RestoreId": id, "FileItemType": kind})
        })
        .collect();
    Ok(json(200, Value::Array(list)))
}

/// `DELETE /restore/files/{id}` ("delete a restore configuration"): 204; a
/// running restore must be stopped first.
async fn delete(caller: Writer, Found(V1Restore(id)): Found<V1Restore>) -> Result<Response, SimError> {
    let (mut w, _) = caller.world();
    let Some(r) = w.restores.get_mut(&id) else {
        return Err(SimError::NotFound(format!("Restore {id} was not found.")));
    };
    if r.state.is_running() || r.state == RestoreState::StopRequested {
        return Err(bad(format!("Restore {id} is {}: stop it before deleting it.", r.state.name())));
    }
    r.deleted = true;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// Standard base64 (with or without padding) to text; `None` if invalid.
pub(super) fn decode_base64(text: &str) -> Option<String> {
    let mut bits = 0u32;
    let mut count = 0;
    let mut out = Vec::new();
    for c in text.trim_end_matches('=').bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            _ => return None,
        };
        bits = (bits << 6) | u32::from(v);
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn base64_paths_decode_and_garbage_is_refused() {
        assert_eq!(super::decode_base64("L3Zhci93d3c=").as_deref(), Some("/var/www"));
        assert_eq!(super::decode_base64("L3Zhci93d3c").as_deref(), Some("/var/www"));
        assert_eq!(super::decode_base64("*"), None);
    }
}
