//! v1 backup reads: a backup's report (what it holds: files and bytes
//! searched) and the files chosen for a restore (API-REFERENCE §5.8, §5.9).
//! A restore of a whole backup restores what its report searched, which
//! gives a running restore its total.

use super::http::Method;
use super::lenient::{self, from_json};
use super::{reply, ApiError, Client};

/// `GET /v1.0/{t}/backup/report/{backupId}` (the fields the console reads).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupReportV1 {
    pub backup_id: Option<u64>,
    pub state: String,
    /// Counts come as strings in the docs' example ("11936").
    pub files_searched: Option<u64>,
    /// Sizes come as text ("3.7 GB").
    pub bytes_searched: String,
    pub files_backed_up: Option<u64>,
    pub num_errors: Option<u64>,
    pub reason: String,
    pub diagnostics: String,
}

from_json!(BackupReportV1 {
    backup_id: get("BackupId", lenient::opt_u64),
    state: get("State", lenient::text),
    files_searched: get("FilesSearched", lenient::opt_u64),
    bytes_searched: get("BytesSearched", lenient::text),
    files_backed_up: get("FilesBackedUp", lenient::opt_u64),
    num_errors: get("NumErrors", lenient::opt_u64),
    reason: get("Reason", lenient::text),
    diagnostics: get("Diagnostics", lenient::text),
});

/// One file filter of a restore (`GET /v1.0/{t}/restore/files/{restoreId}`):
/// `Filter` 1 includes, 2 excludes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestoreFileV1 {
    pub file_path: String,
    pub filter: Option<u64>,
    pub file_item_type: Option<u64>,
}

from_json!(RestoreFileV1 {
    file_path: get("FilePath", lenient::text),
    filter: get("Filter", lenient::opt_u64),
    file_item_type: get("FileItemType", lenient::opt_u64),
});

impl Client {
    /// `GET /v1.0/{t}/backup/report/{backupId}`.
    pub async fn backup_report(&self, backup_id: u64) -> Result<BackupReportV1, ApiError> {
        let url = self.v1_url(&format!("backup/report/{backup_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "backup report")
    }

    /// `GET /v1.0/{t}/restore/files/{restoreId}`: empty when the whole
    /// backup is restored.
    pub async fn restore_files(&self, restore_id: u64) -> Result<Vec<RestoreFileV1>, ApiError> {
        let url = self.v1_url(&format!("restore/files/{restore_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "restore files")
    }
}
