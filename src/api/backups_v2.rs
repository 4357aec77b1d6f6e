//! v2 backups (API-REFERENCE §7.6): listed a page at a time (by
//! configuration), started with `POST /backups`, stopped with a JSON Patch
//! of `/state`.

use super::http::Method;
use super::lenient::{self, from_json, FromJson, Record};
use super::page::PageQuery;
use super::reply;
use super::types::LinkV2;
use super::v2_parts::{ErrorsV2, RefV2};
use super::{encode_segment, ApiError, Client};
use serde_json::{json, Value};

/// One v2 backup. States: `start_requested`, `start_scheduled`, `queued`,
/// `preparing`, `in_progress`, `stop_requested`, and the final
/// `completed`, `completed_with_errors`, `failed`, `stopped`, `skipped`,
/// `missed`. Counts and sizes are numbers of files and bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupV2 {
    pub project_id: String,
    pub id: String,
    pub agent: Option<RefV2>,
    pub configuration: Option<RefV2>,
    pub state: String,
    pub started_time: Option<i64>,
    pub ended_time: Option<i64>,
    /// A number in the example (`1111`) though documented as a string.
    pub snapshot_id: Option<String>,
    pub errors: Option<ErrorsV2>,
    pub files_searched: Option<u64>,
    pub files_backed_up: Option<u64>,
    pub bytes_searched: Option<u64>,
    pub bytes_backed_up: Option<u64>,
    pub bytes_in_db: Option<u64>,
    pub bandwidth_avg_bps: Option<u64>,
    pub restorable: bool,
    pub links: Vec<LinkV2>,
}

from_json!(BackupV2 {
    project_id: get("project_id", lenient::text),
    id: get("id", lenient::text),
    agent: object("agent"),
    configuration: object("configuration"),
    state: get("state", lenient::text),
    started_time: get("started_time", lenient::opt_iso_date),
    ended_time: get("ended_time", lenient::opt_iso_date),
    snapshot_id: get("snapshot_id", lenient::opt_text),
    errors: object("errors"),
    files_searched: get("files_searched", lenient::opt_u64),
    files_backed_up: get("files_backed_up", lenient::opt_u64),
    bytes_searched: get("bytes_searched", lenient::opt_u64),
    bytes_backed_up: get("bytes_backed_up", lenient::opt_u64),
    bytes_in_db: get("bytes_in_db", lenient::opt_u64),
    bandwidth_avg_bps: get("bandwidth_avg_bps", lenient::opt_u64),
    restorable: get("restorable", lenient::bool),
    links: list("links"),
});

/// `{"backups": [...], "links": [...]}`, read record by record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupPageV2 {
    pub backups: Vec<BackupV2>,
    pub rejected: Vec<String>,
    pub links: Vec<LinkV2>,
}

impl FromJson for BackupPageV2 {
    fn from_json(v: &Value) -> Result<Self, String> {
        let r = Record::of(v)?;
        let (backups, rejected) = r.records("backups")?;
        Ok(BackupPageV2 { backups, rejected, links: r.list("links")? })
    }
}

/// Body of `POST /v2/{p}/backups`: a user's manual start.
pub fn start_body(configuration_id: &str) -> String {
    json!({ "configuration_id": configuration_id, "state": "start_requested" }).to_string()
}

impl Client {
    /// `GET /v2/{p}/backups[?configuration_id=…]` and the page's marker,
    /// limit and order.
    pub async fn backups_v2(&self, configuration_id: Option<&str>, page: &PageQuery) -> Result<BackupPageV2, ApiError> {
        let filters: Vec<(&str, &str)> = configuration_id.map(|c| ("configuration_id", c)).into_iter().collect();
        let url = page.apply(self.v2_url("backups"), &filters);
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "backups")
    }

    /// `POST /v2/{p}/backups` → 201 with the new backup.
    pub async fn start_backup_v2(&self, configuration_id: &str) -> Result<BackupV2, ApiError> {
        let body = start_body(configuration_id);
        let r = self.call(Method::Post, self.v2_url("backups"), Some(body), &[201, 200]).await?;
        reply::decode(&r.body, "started backup")
    }

    /// `PATCH /v2/{p}/backups/{id}` `/state` → `stop_requested`: 204, or a
    /// [`ApiError::Conflict`] when the backup has already finished.
    pub async fn stop_backup_v2(&self, backup_id: &str) -> Result<(), ApiError> {
        let url = self.v2_url(&format!("backups/{}", encode_segment(backup_id)));
        self.patch_replace(url, "/state", Value::from("stop_requested")).await
    }
}
