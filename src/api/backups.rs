//! v1 backups (API-REFERENCE §5.8): started by configuration, stopped by
//! backup, watched through their status, summed up in a report, and listed
//! once completed or restorable. A restore of a whole backup restores what
//! its report searched, which gives a running restore its total.

use super::http::Method;
use super::lenient::{self, from_json, FromJson, Record};
use super::reply::{self, Records};
use super::types::{ActionV1, PublicKeyV1, ReportErrorV1};
use super::{ApiError, Client};
use serde_json::Value;

/// `GET /v1.0/{t}/backup/report/{backupId}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupReportV1 {
    pub backup_id: Option<u64>,
    pub backup_configuration_id: Option<u64>,
    pub backup_configuration_name: String,
    pub configuration_deleted: bool,
    pub computer_name: String,
    pub machine_agent_id: Option<u64>,
    pub state: String,
    pub can_restore: bool,
    pub start_time: Option<i64>,
    pub completed_time: Option<i64>,
    pub duration: String,
    /// Counts come as strings in the docs' example ("11936").
    pub files_searched: Option<u64>,
    /// Sizes come as text ("3.7 GB").
    pub bytes_searched: String,
    pub files_backed_up: Option<u64>,
    pub bytes_backed_up: String,
    pub num_errors: Option<u64>,
    pub reason: String,
    pub diagnostics: String,
    pub error_list: Vec<ReportErrorV1>,
}

from_json!(BackupReportV1 {
    backup_id: get("BackupId", lenient::opt_u64),
    backup_configuration_id: get("BackupConfigurationId", lenient::opt_u64),
    backup_configuration_name: get("BackupConfigurationName", lenient::text),
    configuration_deleted: get("BackupConfigurationIsDeleted", lenient::bool),
    computer_name: get("ComputerName", lenient::text),
    machine_agent_id: get("MachineAgentId", lenient::opt_u64),
    state: get("State", lenient::text),
    can_restore: get("CanRestore", lenient::bool),
    start_time: get("StartTime", lenient::opt_ms_date),
    completed_time: get("CompletedTime", lenient::opt_ms_date),
    duration: get("Duration", lenient::text),
    files_searched: get("FilesSearched", lenient::opt_u64),
    bytes_searched: get("BytesSearched", lenient::text),
    files_backed_up: get("FilesBackedUp", lenient::opt_u64),
    bytes_backed_up: get("BytesBackedUp", lenient::text),
    num_errors: get("NumErrors", lenient::opt_u64),
    reason: get("Reason", lenient::text),
    diagnostics: get("Diagnostics", lenient::text),
    error_list: list("ErrorList"),
});

/// A backup's status (`GET /v1.0/{t}/backup/{backupId}`). `CurrentState` is
/// one of Queued, InProgress, Skipped, Missed, Stopped, Completed, Failed,
/// Preparing, StartRequested, StartScheduled, StopRequested,
/// CompletedWithErrors.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupV1 {
    pub backup_id: u64,
    pub backup_configuration_id: Option<u64>,
    pub current_state: String,
    pub backup_configuration_name: String,
    pub machine_agent_id: Option<u64>,
    pub machine_name: String,
    pub state_change_time: Option<i64>,
    pub is_encrypted: bool,
    pub encryption_key: Option<PublicKeyV1>,
}

from_json!(BackupV1 {
    backup_id: get("BackupId", lenient::u64),
    backup_configuration_id: get("BackupConfigurationId", lenient::opt_u64),
    current_state: get("CurrentState", lenient::text),
    backup_configuration_name: get("BackupConfigurationName", lenient::text),
    machine_agent_id: get("MachineAgentId", lenient::opt_u64),
    machine_name: get("MachineName", lenient::text),
    state_change_time: get("StateChangeTime", lenient::opt_ms_date),
    is_encrypted: get("IsEncrypted", lenient::bool),
    encryption_key: object("EncryptionKey"),
});

/// One completed, still restorable backup of a configuration
/// (`GET /v1.0/{t}/backup/completed/{configId}`): a point in time to restore.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CompletedBackupV1 {
    pub backup_id: u64,
    pub backup_configuration_id: Option<u64>,
    pub backup_configuration_name: String,
    pub machine_name: String,
    pub machine_agent_id: Option<u64>,
    pub completed_time: Option<i64>,
    /// A number of bytes here (`10245674584`) but "3.7 GB" in a report:
    /// kept as the text it came as.
    pub bytes_searched: String,
    pub num_errors: Option<u64>,
}

from_json!(CompletedBackupV1 {
    backup_id: get("BackupId", lenient::u64),
    backup_configuration_id: get("BackupConfigurationId", lenient::opt_u64),
    backup_configuration_name: get("BackupConfigurationName", lenient::text),
    machine_name: get("MachineName", lenient::text),
    machine_agent_id: get("MachineAgentId", lenient::opt_u64),
    completed_time: get("CompletedTime", lenient::opt_ms_date),
    bytes_searched: get("BytesSearched", lenient::text),
    num_errors: get("NumErrors", lenient::opt_u64),
});

/// A configuration with something to restore
/// (`GET /v1.0/{t}/backup/availableforrestore`). Its key comes as
/// `PublicKeyMod` / `PublicKeyHex` here, not as a `PublicKey` object.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestorableConfigurationV1 {
    pub backup_configuration_id: u64,
    pub backup_configuration_name: String,
    pub machine_name: String,
    pub machine_agent_id: Option<u64>,
    pub is_encrypted: bool,
    pub public_key: PublicKeyV1,
    pub flavor: String,
    pub last_successful_backup_time: Option<i64>,
}

impl FromJson for RestorableConfigurationV1 {
    fn from_json(v: &Value) -> Result<Self, String> {
        let r = Record::of(v)?;
        Ok(RestorableConfigurationV1 {
            backup_configuration_id: r.get("BackupConfigurationId", lenient::u64)?,
            backup_configuration_name: r.get("BackupConfigurationName", lenient::text)?,
            machine_name: r.get("MachineName", lenient::text)?,
            machine_agent_id: r.get("MachineAgentId", lenient::opt_u64)?,
            is_encrypted: r.get("IsEncrypted", lenient::bool)?,
            public_key: PublicKeyV1 {
                modulus_hex: r.get("PublicKeyMod", lenient::hex_digits)?,
                exponent_hex: r.get("PublicKeyHex", lenient::hex_digits)?,
            },
            flavor: r.get("Flavor", lenient::text)?,
            last_successful_backup_time: r.get("LastSuccessfulBackupTime", lenient::opt_ms_date)?,
        })
    }
}

impl Client {
    /// `POST /v1.0/{t}/backup/action-requested` `StartManual` with the
    /// configuration's ID → 200 and the new backup's ID as a bare number.
    pub async fn start_backup(&self, configuration_id: u64) -> Result<u64, ApiError> {
        let body = ActionV1 { action: "StartManual", id: configuration_id, encrypted_password: None }.body();
        let r = self.call(Method::Post, self.v1_url("backup/action-requested"), Some(body), &[200]).await?;
        reply::decode(&r.body, "started backup's ID")
    }

    /// `POST /v1.0/{t}/backup/action-requested` `StopManual` with the
    /// backup's ID → 204.
    pub async fn stop_backup(&self, backup_id: u64) -> Result<(), ApiError> {
        let body = ActionV1 { action: "StopManual", id: backup_id, encrypted_password: None }.body();
        self.call(Method::Post, self.v1_url("backup/action-requested"), Some(body), &[204, 200]).await?;
        Ok(())
    }

    /// `GET /v1.0/{t}/backup/{backupId}`.
    pub async fn backup_status(&self, backup_id: u64) -> Result<BackupV1, ApiError> {
        let url = self.v1_url(&format!("backup/{backup_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "backup status")
    }

    /// `GET /v1.0/{t}/backup/report/{backupId}`.
    pub async fn backup_report(&self, backup_id: u64) -> Result<BackupReportV1, ApiError> {
        let url = self.v1_url(&format!("backup/report/{backup_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "backup report")
    }

    /// `GET /v1.0/{t}/backup/completed/{backupConfigurationId}`.
    pub async fn completed_backups(&self, configuration_id: u64) -> Result<Records<CompletedBackupV1>, ApiError> {
        let url = self.v1_url(&format!("backup/completed/{configuration_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode_list(&r.body, "completed backups")
    }

    /// `GET /v1.0/{t}/backup/availableforrestore`: configurations that
    /// completed at least once and are neither deleted nor expired.
    pub async fn restorable_configurations(&self) -> Result<Records<RestorableConfigurationV1>, ApiError> {
        let r = self.call(Method::Get, self.v1_url("backup/availableforrestore"), None, &[200]).await?;
        reply::decode_list(&r.body, "backups available for restore")
    }
}
