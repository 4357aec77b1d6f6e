//! Backup configurations: what an agent backs up and when (API-REFERENCE
//! §5.7, §7.6). v1 per agent, by ID, and switched on or off; v2 per agent
//! and by ID.

use super::http::Method;
use super::lenient::{self, from_json, FromJson, Record};
use super::reply::{self, Records};
use super::types::{LinkV2, PublicKeyV1};
use super::v2_parts::{PathV2, RefV2};
use super::{encode_segment, ApiError, Client};
use serde_json::{json, Value};

/// One inclusion or exclusion of a v1 configuration. The docs' examples say
/// `"FileItemType": "File" | "Folder"` and `"Filter": "Include" | "Exclude"`
/// as words (restores use number codes instead).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigFileV1 {
    pub file_id: Option<u64>,
    pub file_path: String,
    pub file_item_type: String,
    pub filter: String,
    pub parent_id: Option<u64>,
}

from_json!(ConfigFileV1 {
    file_id: get("FileId", lenient::opt_u64),
    file_path: get("FilePath", lenient::text),
    file_item_type: get("FileItemType", lenient::text),
    filter: get("Filter", lenient::text),
    parent_id: get("ParentId", lenient::opt_u64),
});

/// A v1 backup configuration (`GET …/backup-configuration/{id}`, the lists,
/// and the answer to enabling one). Start times are as the API sends them,
/// which the examples suggest is UTC whatever `TimeZoneId` says (§5.7).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BackupConfigurationV1 {
    pub backup_configuration_id: u64,
    pub machine_agent_id: Option<u64>,
    pub machine_name: String,
    pub flavor: String,
    pub datacenter: String,
    pub is_encrypted: bool,
    pub encryption_key: Option<PublicKeyV1>,
    pub name: String,
    pub is_active: bool,
    pub is_deleted: bool,
    /// Days a version is kept: 0 (for ever), 30 or 60.
    pub version_retention: Option<u64>,
    pub schedule_id: Option<u64>,
    pub missed_backup_action_id: Option<u64>,
    /// "Manually", "Hourly", "Daily" or "Weekly".
    pub frequency: String,
    pub start_time_hour: Option<u64>,
    pub start_time_minute: Option<u64>,
    pub start_time_am_pm: String,
    /// 0 = Sunday … 6 = Saturday.
    pub day_of_week_id: Option<u64>,
    pub hour_interval: Option<u64>,
    pub time_zone_id: String,
    /// `None` for a manual configuration (the .NET "never" sentinel).
    pub next_scheduled_run_time: Option<i64>,
    pub last_run_time: Option<i64>,
    pub last_run_backup_report_id: Option<u64>,
    pub notify_recipients: String,
    pub notify_success: bool,
    pub notify_failure: bool,
    pub inclusions: Vec<ConfigFileV1>,
    pub exclusions: Vec<ConfigFileV1>,
}

from_json!(BackupConfigurationV1 {
    backup_configuration_id: get("BackupConfigurationId", lenient::u64),
    machine_agent_id: get("MachineAgentId", lenient::opt_u64),
    machine_name: get("MachineName", lenient::text),
    flavor: get("Flavor", lenient::text),
    datacenter: get("Datacenter", lenient::text),
    is_encrypted: get("IsEncrypted", lenient::bool),
    encryption_key: object("EncryptionKey"),
    name: get("BackupConfigurationName", lenient::text),
    is_active: get("IsActive", lenient::bool),
    is_deleted: get("IsDeleted", lenient::bool),
    version_retention: get("VersionRetention", lenient::opt_u64),
    schedule_id: get("BackupConfigurationScheduleId", lenient::opt_u64),
    missed_backup_action_id: get("MissedBackupActionId", lenient::opt_u64),
    frequency: get("Frequency", lenient::text),
    start_time_hour: get("StartTimeHour", lenient::opt_u64),
    start_time_minute: get("StartTimeMinute", lenient::opt_u64),
    start_time_am_pm: get("StartTimeAmPm", lenient::text),
    day_of_week_id: get("DayOfWeekId", lenient::opt_u64),
    hour_interval: get("HourInterval", lenient::opt_u64),
    time_zone_id: get("TimeZoneId", lenient::text),
    next_scheduled_run_time: get("NextScheduledRunTime", lenient::opt_ms_date),
    last_run_time: get("LastRunTime", lenient::opt_ms_date),
    last_run_backup_report_id: get("LastRunBackupReportId", lenient::opt_u64),
    notify_recipients: get("NotifyRecipients", lenient::text),
    notify_success: get("NotifySuccess", lenient::bool),
    notify_failure: get("NotifyFailure", lenient::bool),
    inclusions: list("Inclusions"),
    exclusions: list("Exclusions"),
});

/// Body of `POST /v1.0/{t}/backup-configuration/enable/{id}`.
pub fn enable_body(enable: bool) -> String {
    json!({ "Enable": enable }).to_string()
}

/// A v2 schedule: one RRULE in an IANA time zone; `None` on the
/// configuration means manual only.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ScheduleV2 {
    pub start: Option<i64>,
    pub recurrence: Vec<String>,
    pub time_zone: String,
}

from_json!(ScheduleV2 {
    start: get("start", lenient::opt_iso_date),
    recurrence: list("recurrence"),
    time_zone: get("time_zone", lenient::text),
});

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct NotificationV2 {
    pub kind: String,
    pub destination: String,
    pub on_success: bool,
    pub on_failure: bool,
}

from_json!(NotificationV2 {
    kind: get("type", lenient::text),
    destination: get("destination", lenient::text),
    on_success: get("on_success", lenient::bool),
    on_failure: get("on_failure", lenient::bool),
});

/// `{"days": n}`, and `{"scheduled_time": …}` of `next`.
struct Retention {
    days: Option<u64>,
}
from_json!(Retention { days: get("days", lenient::opt_u64) });
struct Next {
    scheduled_time: Option<i64>,
}
from_json!(Next { scheduled_time: get("scheduled_time", lenient::opt_iso_date) });

/// `backups`: the last completed backup and the next run.
struct BackupsSummary {
    last_completed: Option<RefV2>,
    next: Option<Next>,
}
from_json!(BackupsSummary { last_completed: object("last_completed"), next: object("next") });

/// A v2 configuration (`GET /configurations/{id}`, `…/agents/{id}/configurations`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigurationV2 {
    pub project_id: String,
    pub id: String,
    pub agent: Option<RefV2>,
    pub name: String,
    pub enabled: bool,
    pub schedule: Option<ScheduleV2>,
    /// 0 keeps versions for ever.
    pub retention_days: Option<u64>,
    pub inclusions: Vec<PathV2>,
    pub exclusions: Vec<PathV2>,
    pub notifications: Vec<NotificationV2>,
    pub deleted: bool,
    pub last_completed_backup_id: Option<String>,
    pub next_scheduled_time: Option<i64>,
    pub links: Vec<LinkV2>,
}

impl FromJson for ConfigurationV2 {
    fn from_json(v: &Value) -> Result<Self, String> {
        let r = Record::of(v)?;
        let backups: Option<BackupsSummary> = r.object("backups")?;
        // The field table puts the next run under `backups.next`; the create
        // example has it at the top level (§9). Either is read.
        let top_next: Option<Next> = r.object("next")?;
        let (last_completed, next) = backups.map_or((None, None), |b| (b.last_completed, b.next));
        Ok(ConfigurationV2 {
            project_id: r.get("project_id", lenient::text)?,
            id: r.get("id", lenient::text)?,
            agent: r.object("agent")?,
            name: r.get("name", lenient::text)?,
            enabled: r.get("enabled", lenient::bool)?,
            schedule: r.object("schedule")?,
            retention_days: r.object::<Retention>("retention")?.and_then(|r| r.days),
            inclusions: r.list("inclusions")?,
            exclusions: r.list("exclusions")?,
            notifications: r.list("notifications")?,
            deleted: r.get("deleted", lenient::bool)?,
            last_completed_backup_id: last_completed.map(|b| b.id).filter(|id| !id.is_empty()),
            next_scheduled_time: next.or(top_next).and_then(|n| n.scheduled_time),
            links: r.list("links")?,
        })
    }
}

/// `{"configurations": [...]}`, read record by record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ConfigurationListV2 {
    pub configurations: Vec<ConfigurationV2>,
    pub rejected: Vec<String>,
}

impl FromJson for ConfigurationListV2 {
    fn from_json(v: &Value) -> Result<Self, String> {
        let (configurations, rejected) = Record::of(v)?.records("configurations")?;
        Ok(ConfigurationListV2 { configurations, rejected })
    }
}

impl Client {
    /// `GET /v1.0/{t}/backup-configuration/system/{machineAgentId}`: one
    /// agent's configurations, a malformed one reported, not fatal.
    pub async fn agent_configurations(
        &self,
        machine_agent_id: u64,
    ) -> Result<Records<BackupConfigurationV1>, ApiError> {
        let url = self.v1_url(&format!("backup-configuration/system/{machine_agent_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode_list(&r.body, "backup configurations")
    }

    /// `GET /v1.0/{t}/backup-configuration/{backupConfigurationId}`.
    pub async fn configuration(&self, configuration_id: u64) -> Result<BackupConfigurationV1, ApiError> {
        let url = self.v1_url(&format!("backup-configuration/{configuration_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "backup configuration")
    }

    /// `POST /v1.0/{t}/backup-configuration/enable/{id}` `{"Enable"}` → 200
    /// with the configuration; `None` if the API answers without one.
    pub async fn enable_configuration(
        &self,
        configuration_id: u64,
        enable: bool,
    ) -> Result<Option<BackupConfigurationV1>, ApiError> {
        let url = self.v1_url(&format!("backup-configuration/enable/{configuration_id}"));
        let r = self.call(Method::Post, url, Some(enable_body(enable)), &[200, 204]).await?;
        if r.body.trim().is_empty() {
            return Ok(None);
        }
        reply::decode(&r.body, "backup configuration").map(Some)
    }

    /// `GET /v2/{p}/agents/{agent_id}/configurations`.
    pub async fn agent_configurations_v2(&self, agent_id: &str) -> Result<ConfigurationListV2, ApiError> {
        let url = self.v2_url(&format!("agents/{}/configurations", encode_segment(agent_id)));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "configurations")
    }

    /// `GET /v2/{p}/configurations/{configuration_id}`.
    pub async fn configuration_v2(&self, configuration_id: &str) -> Result<ConfigurationV2, ApiError> {
        let url = self.v2_url(&format!("configurations/{}", encode_segment(configuration_id)));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "configuration")
    }
}
