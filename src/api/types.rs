//! Wire types, exactly as the API sends them: v1 in PascalCase, v2 in
//! snake_case. Every field that the docs type loosely goes through
//! [`super::lenient`]; unknown fields are ignored; absent ones default.

use super::lenient::{self, from_json, FromJson, Record};
use serde_json::{json, Value};

/// An RSA public key as v1 sends it (`PublicKey` / `EncryptionKey`): hex modulus
/// (the docs wrap it with spaces) and hex exponent (`10001` = 65537).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PublicKeyV1 {
    pub modulus_hex: String,
    pub exponent_hex: String,
}

from_json!(PublicKeyV1 {
    modulus_hex: get("ModulusHex", lenient::hex_digits),
    exponent_hex: get("ExponentHex", lenient::hex_digits),
});

/// One agent from `GET /v1.0/{t}/user/agents` or `GET /v1.0/{t}/agent/{id}`.
/// The list call always says `Status: "Offline"`; only details tell the truth.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentV1 {
    pub machine_agent_id: u64,
    pub machine_name: String,
    pub agent_version: String,
    pub architecture: String,
    pub flavor: String,
    pub backup_vault_size: Option<String>,
    pub backup_container: Option<String>,
    pub backup_datacenter: Option<String>,
    pub cleanup_allowed: bool,
    pub datacenter: String,
    pub ip_address: String,
    pub is_disabled: bool,
    pub is_encrypted: bool,
    pub operating_system: String,
    pub operating_system_version: String,
    pub public_key: Option<PublicKeyV1>,
    pub status: String,
    pub time_of_last_successful_backup: Option<i64>,
    pub use_service_net: bool,
    pub host_server_id: Option<String>,
}

from_json!(AgentV1 {
    machine_agent_id: get("MachineAgentId", lenient::u64),
    machine_name: get("MachineName", lenient::text),
    agent_version: get("AgentVersion", lenient::text),
    architecture: get("Architecture", lenient::text),
    flavor: get("Flavor", lenient::text),
    backup_vault_size: get("BackupVaultSize", lenient::opt_text),
    backup_container: get("BackupContainer", lenient::opt_text),
    backup_datacenter: get("BackupDatacenter", lenient::opt_text),
    cleanup_allowed: get("CleanupAllowed", lenient::bool),
    datacenter: get("Datacenter", lenient::text),
    ip_address: get("IPAddress", lenient::text),
    is_disabled: get("IsDisabled", lenient::bool),
    is_encrypted: get("IsEncrypted", lenient::bool),
    operating_system: get("OperatingSystem", lenient::text),
    operating_system_version: get("OperatingSystemVersion", lenient::text),
    public_key: object("PublicKey"),
    status: get("Status", lenient::text),
    time_of_last_successful_backup: get("TimeOfLastSuccessfulBackup", lenient::opt_ms_date),
    use_service_net: get("UseServiceNet", lenient::bool),
    host_server_id: get("HostServerId", lenient::opt_text),
});

/// One entry of `GET /v1.0/{t}/activity` or `…/system/activity/{agentId}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivityV1 {
    pub id: u64,
    pub kind: String,
    pub parent_id: Option<u64>,
    pub display_name: String,
    pub is_backup_configuration_deleted: bool,
    pub source_machine_agent_id: Option<u64>,
    pub source_machine_name: String,
    pub destination_machine_agent_id: Option<u64>,
    pub destination_machine_name: String,
    pub current_state: String,
    pub time_of_activity: Option<i64>,
    pub backup_id: Option<u64>,
}

from_json!(ActivityV1 {
    id: get_aliased("ID", "Id", lenient::u64),
    kind: get("Type", lenient::text),
    parent_id: get("ParentId", lenient::opt_u64),
    display_name: get("DisplayName", lenient::text),
    is_backup_configuration_deleted: get("IsBackupConfigurationDeleted", lenient::bool),
    source_machine_agent_id: get("SourceMachineAgentId", lenient::opt_u64),
    source_machine_name: get("SourceMachineName", lenient::text),
    destination_machine_agent_id: get("DestinationMachineAgentId", lenient::opt_u64),
    destination_machine_name: get("DestinationMachineName", lenient::text),
    current_state: get("CurrentState", lenient::text),
    time_of_activity: get("TimeOfActivity", lenient::opt_ms_date),
    backup_id: get("BackupId", lenient::opt_u64),
});

/// A restore from `GET /v1.0/{t}/restore/{restoreId}` (and `PUT /restore`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestoreV1 {
    pub restore_id: u64,
    pub backup_id: Option<u64>,
    pub backup_machine_id: Option<u64>,
    pub backup_machine_name: String,
    pub destination_machine_id: Option<u64>,
    pub destination_machine_name: String,
    pub destination_path: String,
    pub overwrite_files: bool,
    pub backup_configuration_id: Option<u64>,
    pub backup_configuration_name: String,
    pub backup_restore_point: Option<i64>,
    pub backup_data_center: String,
    pub is_encrypted: bool,
    pub public_key: Option<PublicKeyV1>,
    pub restore_state_id: Option<u64>,
}

from_json!(RestoreV1 {
    restore_id: get("RestoreId", lenient::u64),
    backup_id: get("BackupId", lenient::opt_u64),
    backup_machine_id: get("BackupMachineId", lenient::opt_u64),
    backup_machine_name: get("BackupMachineName", lenient::text),
    destination_machine_id: get("DestinationMachineId", lenient::opt_u64),
    destination_machine_name: get("DestinationMachineName", lenient::text),
    destination_path: get("DestinationPath", lenient::text),
    overwrite_files: get("OverwriteFiles", lenient::bool),
    backup_configuration_id: get("BackupConfigurationId", lenient::opt_u64),
    backup_configuration_name: get("BackupConfigurationName", lenient::text),
    backup_restore_point: get("BackupRestorePoint", lenient::opt_ms_date),
    backup_data_center: get("BackupDataCenter", lenient::text),
    is_encrypted: get("IsEncrypted", lenient::bool),
    public_key: object("PublicKey"),
    restore_state_id: get("RestoreStateId", lenient::opt_u64),
});

/// One error line of a restore report.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportErrorV1 {
    pub error_desc: String,
    pub exception_desc: String,
    pub path: String,
}

from_json!(ReportErrorV1 {
    error_desc: get("ErrorDesc", lenient::text),
    exception_desc: get("ExceptionDesc", lenient::text),
    path: get("Path", lenient::text),
});

/// `GET /v1.0/{t}/restore/report/{restoreId}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestoreReportV1 {
    pub backup_configuration_id: Option<u64>,
    pub backup_configuration_name: String,
    pub restore_point: Option<i64>,
    pub start_time: Option<i64>,
    pub completed_time: Option<i64>,
    pub duration: String,
    pub originating_computer_name: String,
    pub state: String,
    pub num_files_restored: Option<u64>,
    pub num_bytes_restored: String,
    pub restore_destination: String,
    pub restore_destination_machine_id: Option<u64>,
    pub num_errors: Option<u64>,
    pub reason: String,
    pub diagnostics: String,
    pub error_list: Vec<ReportErrorV1>,
}

from_json!(RestoreReportV1 {
    backup_configuration_id: get("BackupConfigurationId", lenient::opt_u64),
    backup_configuration_name: get("BackupConfigurationName", lenient::text),
    restore_point: get("RestorePoint", lenient::opt_ms_date),
    start_time: get("StartTime", lenient::opt_ms_date),
    completed_time: get("CompletedTime", lenient::opt_ms_date),
    duration: get("Duration", lenient::text),
    originating_computer_name: get("OriginatingComputerName", lenient::text),
    state: get("State", lenient::text),
    num_files_restored: get("NumFilesRestored", lenient::opt_u64),
    num_bytes_restored: get("NumBytesRestored", lenient::text),
    restore_destination: get("RestoreDestination", lenient::text),
    restore_destination_machine_id: get("RestoreDestinationMachineId", lenient::opt_u64),
    num_errors: get("NumErrors", lenient::opt_u64),
    reason: get("Reason", lenient::text),
    diagnostics: get("Diagnostics", lenient::text),
    error_list: list("ErrorList"),
});

/// Body of `POST /v1.0/{t}/restore/action-requested` and
/// `…/backup/action-requested` (which never has a password).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActionV1 {
    pub action: &'static str,
    pub id: u64,
    pub encrypted_password: Option<String>,
}

impl ActionV1 {
    /// `{"Action", "Id"[, "EncryptedPassword"]}`.
    pub fn body(&self) -> String {
        let mut body = json!({ "Action": self.action, "Id": self.id });
        if let (Some(password), Value::Object(fields)) = (&self.encrypted_password, &mut body) {
            fields.insert("EncryptedPassword".into(), Value::String(password.clone()));
        }
        body.to_string()
    }
}

/// Body of `POST /v1.0/{t}/agent/enable`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnableAgentV1 {
    pub machine_agent_id: u64,
    pub enable: bool,
}

impl EnableAgentV1 {
    /// `{"MachineAgentId", "Enable"}`.
    pub fn body(&self) -> String {
        json!({ "MachineAgentId": self.machine_agent_id, "Enable": self.enable }).to_string()
    }
}

/// A v2 `links[]` item. The docs' hrefs point at a mock host; URLs are
/// rebuilt from IDs, except download links, which are used as given.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LinkV2 {
    pub href: String,
    pub rel: String,
}

from_json!(LinkV2 { href: get("href", lenient::text), rel: get("rel", lenient::text) });

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct OsV2 {
    pub name: String,
    pub version: String,
    pub architecture: String,
}

from_json!(OsV2 {
    name: get("name", lenient::text),
    version: get("version", lenient::text),
    architecture: get("architecture", lenient::text),
});

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AddressV2 {
    pub version: Option<u64>,
    pub addr: String,
}

from_json!(AddressV2 { version: get("version", lenient::opt_u64), addr: get("addr", lenient::text) });

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct MachineV2 {
    pub id: String,
}

from_json!(MachineV2 { id: get("id", lenient::text) });

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HostV2 {
    pub flavor: String,
    pub region: String,
    pub machine: Option<MachineV2>,
    pub os: Option<OsV2>,
    pub addresses: Vec<AddressV2>,
}

from_json!(HostV2 {
    flavor: get("flavor", lenient::text),
    region: get("region", lenient::text),
    machine: object("machine"),
    os: object("os"),
    addresses: list("addresses"),
});

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RsaKeyV2 {
    pub modulus: String,
    pub exponent: String,
}

from_json!(RsaKeyV2 { modulus: get("modulus", lenient::hex_digits), exponent: get("exponent", lenient::hex_digits) });

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VaultV2 {
    pub id: String,
    pub encrypted: bool,
    pub region: String,
    pub use_internal: bool,
}

from_json!(VaultV2 {
    id: get("id", lenient::text),
    encrypted: get("encrypted", lenient::bool),
    region: get("region", lenient::text),
    use_internal: get("use_internal", lenient::bool),
});

/// One agent of `GET /v2/{p}/agents` (`{"agents": […]}`) or `GET …/agents/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentV2 {
    pub id: String,
    pub project_id: String,
    pub name: String,
    pub version: String,
    pub host: Option<HostV2>,
    pub enabled: bool,
    pub rsa_public_key: Option<RsaKeyV2>,
    pub vault: Option<VaultV2>,
    pub log_level: String,
    pub registered_time: Option<i64>,
}

from_json!(AgentV2 {
    id: get("id", lenient::text),
    project_id: get("project_id", lenient::text),
    name: get("name", lenient::text),
    version: get("version", lenient::text),
    host: object("host"),
    enabled: get("enabled", lenient::bool),
    rsa_public_key: object("rsa_public_key"),
    vault: object("vault"),
    log_level: get("log_level", lenient::text),
    registered_time: get("registered_time", lenient::opt_iso_date),
});

impl AgentV2 {
    /// The Cloud Server UUID: the same value as v1's `HostServerId`, which is
    /// how a v2 agent is matched to its v1 record (API-REFERENCE §3, IDs).
    pub fn host_machine_id(&self) -> Option<&str> {
        self.host.as_ref().and_then(|h| h.machine.as_ref()).map(|m| m.id.as_str()).filter(|id| !id.is_empty())
    }
}

/// `{"agents": [...]}`, read record by record: one bad record is reported
/// in `rejected` and the others kept (heartbeats are matched through them).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AgentListV2 {
    pub agents: Vec<AgentV2>,
    pub rejected: Vec<String>,
    pub links: Vec<LinkV2>,
}

impl FromJson for AgentListV2 {
    fn from_json(v: &Value) -> Result<Self, String> {
        let r = Record::of(v)?;
        let (agents, rejected) = r.records("agents")?;
        Ok(AgentListV2 { agents, rejected, links: r.list("links")? })
    }
}

/// `GET /v2/{p}/agents/{id}/status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct AgentStatusV2 {
    pub busy: bool,
    pub online: bool,
}

from_json!(AgentStatusV2 { busy: get("busy", lenient::bool), online: get("online", lenient::bool) });

/// The agent an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventAgentV2 {
    pub id: String,
    pub name: Option<String>,
}

from_json!(EventAgentV2 { id: get("id", lenient::text), name: get("name", lenient::opt_text) });

/// One project event (`GET /v2/{p}/events`). Fields other than these differ
/// per event type and are ignored; secrets such as `encrypted_password_hex`
/// are deliberately not kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventV2 {
    pub id: String,
    pub time: Option<i64>,
    pub event: String,
    pub agent: Option<EventAgentV2>,
    pub mode: Option<String>,
    pub request_id: Option<String>,
}

from_json!(EventV2 {
    id: get("id", lenient::text),
    time: get("time", lenient::opt_iso_date),
    event: get("event", lenient::text),
    agent: object("agent"),
    mode: get("mode", lenient::opt_text),
    request_id: get("request_id", lenient::opt_text),
});

/// `{"events": [...], "links": [...]}`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EventPageV2 {
    pub events: Vec<EventV2>,
    pub links: Vec<LinkV2>,
}

from_json!(EventPageV2 { events: list("events"), links: list("links") });

/// Body of `POST /v2/{p}/events`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActivateEventV2 {
    pub event: &'static str,
    pub mode: &'static str,
}

impl ActivateEventV2 {
    /// `{"event", "mode"}`.
    pub fn body(&self) -> String {
        json!({ "event": self.event, "mode": self.mode }).to_string()
    }
}

/// A log file request of one agent (`…/agents/{id}/logfiles[/{logfile_id}]`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogfileV2 {
    pub id: String,
    pub date: Option<i64>,
    pub state: String,
    pub links: Vec<LinkV2>,
}

from_json!(LogfileV2 {
    id: get("id", lenient::text),
    date: get("date", lenient::opt_iso_date),
    state: get("state", lenient::text),
    links: list("links"),
});

impl LogfileV2 {
    /// The pre-signed download link, present once the file has been uploaded.
    pub fn download_url(&self) -> Option<&str> {
        self.links.iter().find(|l| l.rel == "logfile_temp_url").map(|l| l.href.as_str()).filter(|h| !h.is_empty())
    }
}

/// `{"logfiles": [...]}`
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct LogfileListV2 {
    pub logfiles: Vec<LogfileV2>,
}

from_json!(LogfileListV2 { logfiles: list("logfiles") });
