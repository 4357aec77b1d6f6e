//! Setting restores up (API-REFERENCE §5.9, §7.5). v1 creates a restore
//! ("Creating"), optionally narrows it to some files, may change it while it
//! is still Creating, and deletes it; starting and reading it are in `v1.rs`.
//! v2 creates and starts a restore in one `POST /restores`.

use super::http::Method;
use super::lenient::{self, from_json};
use super::reply;
use super::types::{LinkV2, RestoreV1};
use super::v2_parts::{ErrorsV2, PathV2, RefV2};
use super::{ApiError, Client};
use serde_json::{json, Map, Value};

/// Body of `PUT /v1.0/{t}/restore`. The machine IDs are `MachineAgentId`s
/// (the same one twice restores in place); `backup_data_center` is for a
/// restore from another region's vault.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateRestoreV1 {
    pub backup_id: u64,
    pub backup_machine_id: u64,
    pub destination_machine_id: u64,
    pub destination_path: String,
    pub backup_data_center: Option<String>,
    pub overwrite_files: bool,
}

impl CreateRestoreV1 {
    pub fn body(&self) -> String {
        let mut body = Map::new();
        body.insert("BackupId".into(), self.backup_id.into());
        body.insert("BackupMachineId".into(), self.backup_machine_id.into());
        body.insert("DestinationMachineId".into(), self.destination_machine_id.into());
        body.insert("DestinationPath".into(), self.destination_path.clone().into());
        if let Some(dc) = &self.backup_data_center {
            body.insert("BackupDataCenter".into(), dc.clone().into());
        }
        body.insert("OverwriteFiles".into(), self.overwrite_files.into());
        Value::Object(body).to_string()
    }
}

/// Body of `POST /v1.0/{t}/restore`: the whole restore as the API knows it
/// (what it left unset is left out).
pub fn update_body(r: &RestoreV1) -> String {
    let mut body = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            body.insert(key.into(), v);
        }
    };
    put("RestoreId", Some(r.restore_id.into()));
    put("BackupConfigurationId", r.backup_configuration_id.map(Value::from));
    put("RestoreStateId", r.restore_state_id.map(Value::from));
    put("BackupMachineId", r.backup_machine_id.map(Value::from));
    put("DestinationMachineId", r.destination_machine_id.map(Value::from));
    put("DestinationPath", Some(r.destination_path.clone().into()));
    put("BackupDataCenter", Some(r.backup_data_center.clone()).filter(|dc| !dc.is_empty()).map(Value::from));
    put("BackupId", r.backup_id.map(Value::from));
    put("OverwriteFiles", Some(r.overwrite_files.into()));
    Value::Object(body).to_string()
}

/// What a restore file filter names (`FileItemType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileItemKind {
    File,
    Folder,
    Database,
}

impl FileItemKind {
    pub fn code(self) -> u64 {
        match self {
            FileItemKind::File => 0,
            FileItemKind::Folder => 1,
            FileItemKind::Database => 2,
        }
    }
}

/// One file filter of a restore: `Filter` 1 includes, 2 excludes. Read from
/// `GET …/restore/files/{restoreId}` (which names the restore `RestoreId`)
/// and sent to `PUT …/restore/files` (which names it `ParentId`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestoreFileV1 {
    pub restore_id: Option<u64>,
    pub file_path: String,
    pub filter: Option<u64>,
    pub file_item_type: Option<u64>,
}

from_json!(RestoreFileV1 {
    restore_id: get_aliased("RestoreId", "ParentId", lenient::opt_u64),
    file_path: get("FilePath", lenient::text),
    filter: get("Filter", lenient::opt_u64),
    file_item_type: get("FileItemType", lenient::opt_u64),
});

impl RestoreFileV1 {
    pub fn new(restore_id: u64, path: impl Into<String>, include: bool, kind: FileItemKind) -> RestoreFileV1 {
        RestoreFileV1 {
            restore_id: Some(restore_id),
            file_path: path.into(),
            filter: Some(if include { 1 } else { 2 }),
            file_item_type: Some(kind.code()),
        }
    }

    /// `{"FilePath", "Filter", "ParentId", "FileItemType"}`, codes as
    /// numbers (the docs' request example quotes them; their list answers
    /// numbers).
    pub fn body(&self) -> String {
        json!({
            "FilePath": self.file_path,
            "Filter": self.filter,
            "ParentId": self.restore_id,
            "FileItemType": self.file_item_type,
        })
        .to_string()
    }
}

/// Body of `POST /v2/{p}/restores`. `destination_path: None` restores to the
/// original locations; `encrypted_password_hex` is for an encrypted vault
/// (see `domain::crypto`), `null` otherwise.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreateRestoreV2 {
    pub backup_id: String,
    pub destination_agent_id: String,
    pub destination_path: Option<String>,
    pub overwrite_files: bool,
    pub encrypted_password_hex: Option<String>,
    pub inclusions: Vec<PathV2>,
    pub exclusions: Vec<PathV2>,
}

impl CreateRestoreV2 {
    pub fn body(&self) -> String {
        json!({
            "backup_id": self.backup_id,
            "destination_agent_id": self.destination_agent_id,
            "destination_path": self.destination_path,
            "overwrite_files": self.overwrite_files,
            "encrypted_password_hex": self.encrypted_password_hex,
            "inclusions": self.inclusions.iter().map(PathV2::to_json).collect::<Vec<_>>(),
            "exclusions": self.exclusions.iter().map(PathV2::to_json).collect::<Vec<_>>(),
        })
        .to_string()
    }
}

/// A v2 restore. States: `start_requested`, `queued`, `preparing`,
/// `in_progress`, `stop_requested`, and the final `completed`,
/// `completed_with_errors`, `failed`, `stopped`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestoreV2 {
    pub project_id: String,
    pub id: String,
    pub backup: Option<RefV2>,
    pub destination_agent: Option<RefV2>,
    pub destination_path: Option<String>,
    pub overwrite_files: bool,
    pub inclusions: Vec<PathV2>,
    pub exclusions: Vec<PathV2>,
    pub state: String,
    pub started_time: Option<i64>,
    pub ended_time: Option<i64>,
    pub errors: Option<ErrorsV2>,
    pub files_restored: Option<u64>,
    pub bytes_restored: Option<u64>,
    pub links: Vec<LinkV2>,
}

from_json!(RestoreV2 {
    project_id: get("project_id", lenient::text),
    id: get("id", lenient::text),
    backup: object("backup"),
    destination_agent: object("destination_agent"),
    destination_path: get("destination_path", lenient::opt_text),
    overwrite_files: get("overwrite_files", lenient::bool),
    inclusions: list("inclusions"),
    exclusions: list("exclusions"),
    state: get("state", lenient::text),
    started_time: get("started_time", lenient::opt_iso_date),
    ended_time: get("ended_time", lenient::opt_iso_date),
    errors: object("errors"),
    files_restored: get("files_restored", lenient::opt_u64),
    bytes_restored: get("bytes_restored", lenient::opt_u64),
    links: list("links"),
});

impl Client {
    /// `PUT /v1.0/{t}/restore` → 200 with the restore, in state Creating
    /// (`RestoreStateId` 0) and with the key to encrypt its password with.
    pub async fn create_restore(&self, restore: &CreateRestoreV1) -> Result<RestoreV1, ApiError> {
        let r = self.call(Method::Put, self.v1_url("restore"), Some(restore.body()), &[200, 201]).await?;
        reply::decode(&r.body, "created restore")
    }

    /// `POST /v1.0/{t}/restore` with the whole restore → 204; only while it
    /// is still Creating.
    pub async fn update_restore(&self, restore: &RestoreV1) -> Result<(), ApiError> {
        self.call(Method::Post, self.v1_url("restore"), Some(update_body(restore)), &[204, 200]).await?;
        Ok(())
    }

    /// `PUT /v1.0/{t}/restore/files`: includes or excludes one path.
    pub async fn add_restore_file(&self, file: &RestoreFileV1) -> Result<(), ApiError> {
        self.call(Method::Put, self.v1_url("restore/files"), Some(file.body()), &[200, 204]).await?;
        Ok(())
    }

    /// `GET /v1.0/{t}/restore/files/{restoreId}`: empty when the whole
    /// backup is restored.
    pub async fn restore_files(&self, restore_id: u64) -> Result<Vec<RestoreFileV1>, ApiError> {
        let url = self.v1_url(&format!("restore/files/{restore_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "restore files")
    }

    /// `DELETE /v1.0/{t}/restore/files/{restoreId}`: deletes the restore
    /// (204; 200 before 2013-12-31).
    pub async fn delete_restore(&self, restore_id: u64) -> Result<(), ApiError> {
        let url = self.v1_url(&format!("restore/files/{restore_id}"));
        self.call(Method::Delete, url, None, &[204, 200]).await?;
        Ok(())
    }

    /// `POST /v2/{p}/restores` → 201 with the restore, `start_requested`.
    pub async fn start_restore_v2(&self, restore: &CreateRestoreV2) -> Result<RestoreV2, ApiError> {
        let r = self.call(Method::Post, self.v2_url("restores"), Some(restore.body()), &[201, 200]).await?;
        reply::decode(&r.body, "started restore")
    }
}
