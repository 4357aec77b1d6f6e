//! Wire types, exactly as the API sends them: v1 in PascalCase, v2 in
//! snake_case. Every field that the docs type loosely goes through
//! [`super::lenient`]; unknown fields are ignored; absent ones default.

use super::lenient;
use serde::{Deserialize, Serialize};

/// An RSA public key as v1 sends it (`PublicKey` / `EncryptionKey`): hex modulus
/// (the docs wrap it with spaces) and hex exponent (`10001` = 65537).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct PublicKeyV1 {
    #[serde(rename = "ModulusHex", default, deserialize_with = "lenient::hex_digits")]
    pub modulus_hex: String,
    #[serde(rename = "ExponentHex", default, deserialize_with = "lenient::hex_digits")]
    pub exponent_hex: String,
}

/// One agent from `GET /v1.0/{t}/user/agents` or `GET /v1.0/{t}/agent/{id}`.
/// The list call always says `Status: "Offline"`; only details tell the truth.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct AgentV1 {
    #[serde(deserialize_with = "lenient::u64")]
    pub machine_agent_id: u64,
    #[serde(default, deserialize_with = "lenient::text")]
    pub machine_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub agent_version: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub architecture: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub flavor: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub backup_vault_size: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub backup_container: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub backup_datacenter: Option<String>,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub cleanup_allowed: bool,
    #[serde(default, deserialize_with = "lenient::text")]
    pub datacenter: String,
    #[serde(rename = "IPAddress", default, deserialize_with = "lenient::text")]
    pub ip_address: String,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub is_disabled: bool,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub is_encrypted: bool,
    #[serde(default, deserialize_with = "lenient::text")]
    pub operating_system: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub operating_system_version: String,
    #[serde(default)]
    pub public_key: Option<PublicKeyV1>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub status: String,
    #[serde(default, deserialize_with = "lenient::opt_ms_date")]
    pub time_of_last_successful_backup: Option<i64>,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub use_service_net: bool,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub host_server_id: Option<String>,
}

/// One entry of `GET /v1.0/{t}/activity` or `…/system/activity/{agentId}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ActivityV1 {
    #[serde(rename = "ID", alias = "Id", deserialize_with = "lenient::u64")]
    pub id: u64,
    #[serde(rename = "Type", default, deserialize_with = "lenient::text")]
    pub kind: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub parent_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub display_name: String,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub is_backup_configuration_deleted: bool,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub source_machine_agent_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub source_machine_name: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub destination_machine_agent_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub destination_machine_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub current_state: String,
    #[serde(default, deserialize_with = "lenient::opt_ms_date")]
    pub time_of_activity: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub backup_id: Option<u64>,
}

/// A restore from `GET /v1.0/{t}/restore/{restoreId}` (and `PUT /restore`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestoreV1 {
    #[serde(deserialize_with = "lenient::u64")]
    pub restore_id: u64,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub backup_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub backup_machine_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub backup_machine_name: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub destination_machine_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub destination_machine_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub destination_path: String,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub overwrite_files: bool,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub backup_configuration_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub backup_configuration_name: String,
    #[serde(default, deserialize_with = "lenient::opt_ms_date")]
    pub backup_restore_point: Option<i64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub backup_data_center: String,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub is_encrypted: bool,
    #[serde(default)]
    pub public_key: Option<PublicKeyV1>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub restore_state_id: Option<u64>,
}

/// One error line of a restore report.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ReportErrorV1 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub error_desc: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub exception_desc: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub path: String,
}

/// `GET /v1.0/{t}/restore/report/{restoreId}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestoreReportV1 {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub backup_configuration_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub backup_configuration_name: String,
    #[serde(default, deserialize_with = "lenient::opt_ms_date")]
    pub restore_point: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_ms_date")]
    pub start_time: Option<i64>,
    #[serde(default, deserialize_with = "lenient::opt_ms_date")]
    pub completed_time: Option<i64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub duration: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub originating_computer_name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub state: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_files_restored: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub num_bytes_restored: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub restore_destination: String,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub restore_destination_machine_id: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub num_errors: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub reason: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub diagnostics: String,
    #[serde(default)]
    pub error_list: Vec<ReportErrorV1>,
}

/// Body of `POST /v1.0/{t}/restore/action-requested`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct RestoreActionV1 {
    pub action: &'static str,
    pub id: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub encrypted_password: Option<String>,
}

/// Body of `POST /v1.0/{t}/agent/enable`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct EnableAgentV1 {
    pub machine_agent_id: u64,
    pub enable: bool,
}

/// A v2 `links[]` item. The docs' hrefs point at a mock host; URLs are
/// rebuilt from IDs, except download links, which are used as given.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct LinkV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub href: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub rel: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct OsV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub version: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub architecture: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct AddressV2 {
    #[serde(default, deserialize_with = "lenient::opt_u64")]
    pub version: Option<u64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub addr: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct MachineV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub id: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct HostV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub flavor: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub region: String,
    #[serde(default)]
    pub machine: Option<MachineV2>,
    #[serde(default)]
    pub os: Option<OsV2>,
    #[serde(default)]
    pub addresses: Vec<AddressV2>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct RsaKeyV2 {
    #[serde(default, deserialize_with = "lenient::hex_digits")]
    pub modulus: String,
    #[serde(default, deserialize_with = "lenient::hex_digits")]
    pub exponent: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct VaultV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub encrypted: bool,
    #[serde(default, deserialize_with = "lenient::text")]
    pub region: String,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub use_internal: bool,
}

/// One agent of `GET /v2/{p}/agents` (`{"agents": […]}`) or `GET …/agents/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct AgentV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub project_id: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::text")]
    pub version: String,
    #[serde(default)]
    pub host: Option<HostV2>,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub enabled: bool,
    #[serde(default)]
    pub rsa_public_key: Option<RsaKeyV2>,
    #[serde(default)]
    pub vault: Option<VaultV2>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub log_level: String,
    #[serde(default, deserialize_with = "lenient::opt_iso_date")]
    pub registered_time: Option<i64>,
}

impl AgentV2 {
    /// The Cloud Server UUID: the same value as v1's `HostServerId`, which is
    /// how a v2 agent is matched to its v1 record (API-REFERENCE §3, IDs).
    pub fn host_machine_id(&self) -> Option<&str> {
        self.host.as_ref().and_then(|h| h.machine.as_ref()).map(|m| m.id.as_str()).filter(|id| !id.is_empty())
    }
}

/// `{"agents": [...]}`
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct AgentListV2 {
    #[serde(default)]
    pub agents: Vec<AgentV2>,
    #[serde(default)]
    pub links: Vec<LinkV2>,
}

/// `GET /v2/{p}/agents/{id}/status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
pub struct AgentStatusV2 {
    #[serde(default, deserialize_with = "lenient::bool")]
    pub busy: bool,
    #[serde(default, deserialize_with = "lenient::bool")]
    pub online: bool,
}

/// The agent an event is about.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct EventAgentV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub name: Option<String>,
}

/// One project event (`GET /v2/{p}/events`). Fields other than these differ
/// per event type and are ignored; secrets such as `encrypted_password_hex`
/// are deliberately not kept.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct EventV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_iso_date")]
    pub time: Option<i64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub event: String,
    #[serde(default)]
    pub agent: Option<EventAgentV2>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub mode: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_text")]
    pub request_id: Option<String>,
}

/// `{"events": [...], "links": [...]}`
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct EventPageV2 {
    #[serde(default)]
    pub events: Vec<EventV2>,
    #[serde(default)]
    pub links: Vec<LinkV2>,
}

/// Body of `POST /v2/{p}/events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ActivateEventV2 {
    pub event: &'static str,
    pub mode: &'static str,
}

/// A log file request of one agent (`…/agents/{id}/logfiles[/{logfile_id}]`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct LogfileV2 {
    #[serde(default, deserialize_with = "lenient::text")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::opt_iso_date")]
    pub date: Option<i64>,
    #[serde(default, deserialize_with = "lenient::text")]
    pub state: String,
    #[serde(default)]
    pub links: Vec<LinkV2>,
}

impl LogfileV2 {
    /// The pre-signed download link, present once the file has been uploaded.
    pub fn download_url(&self) -> Option<&str> {
        self.links.iter().find(|l| l.rel == "logfile_temp_url").map(|l| l.href.as_str()).filter(|h| !h.is_empty())
    }
}

/// `{"logfiles": [...]}`
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct LogfileListV2 {
    #[serde(default)]
    pub logfiles: Vec<LogfileV2>,
}
