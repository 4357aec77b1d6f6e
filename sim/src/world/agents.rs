//! Agents: their power state (awake, asleep, off), what the API shows of
//! them, and whether they are online now.

use std::time::Instant;

/// Whether an agent can be reached at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Power {
    /// Running and posting heartbeats.
    Awake,
    /// Running but idle: reported Offline until woken up.
    Sleeping,
    /// The server is down: never comes online.
    Off,
}

#[derive(Debug, Clone, Hash)]
pub struct Agent {
    pub v1_id: u64,
    pub v2_id: String,
    pub host_server_id: String,
    pub name: String,
    pub os_name: String,
    pub os_version: String,
    pub architecture: &'static str,
    pub version: String,
    pub datacenter: &'static str,
    pub ip: String,
    pub encrypted: bool,
    pub disabled: bool,
    pub vault_size: Option<String>,
    pub last_backup_ms: Option<i64>,
    pub key: usize,
    pub power: Power,
    pub wake_at: Option<Instant>,
    pub awake_until: Option<Instant>,
    pub last_heartbeat: Option<Instant>,
    pub registered_ms: i64,
    /// Deleted agents stay in the list (indices stay valid) but are found no more.
    pub deleted: bool,
    /// Logging level, the SDK's numbers: 1 Fatal, 2 Error, 3 Warn, 4 Info,
    /// 5 Debug, 6 Trace, 7 All.
    pub log_level: u8,
    /// The vault's passphrase when set through the API (`None`: the
    /// world's demo passphrase).
    pub passphrase: Option<String>,
    /// `UseServiceNet` and `BackupDataCenter` (update behaviour, v1).
    pub use_service_net: bool,
    pub backup_datacenter: Option<String>,
}

/// Log level names by number (index 0 unused), as v1 answers them; v2 uses
/// the same names in lower case.
pub const LOG_LEVELS: [&str; 8] = ["", "Fatal", "Error", "Warn", "Info", "Debug", "Trace", "All"];

impl Agent {
    pub fn online(&self, now: Instant) -> bool {
        match self.power {
            Power::Awake => true,
            Power::Off => false,
            Power::Sleeping => match (self.wake_at, self.awake_until) {
                (Some(at), Some(until)) => at <= now && now < until,
                _ => false,
            },
        }
    }
}
