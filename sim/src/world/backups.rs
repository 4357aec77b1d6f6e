//! Backup configurations and the backups they run: one model for v1 (integer
//! IDs, PascalCase states) and v2 (UUIDs, snake_case states). A backup
//! started through either version is the same object in both.

use std::time::Instant;

/// What an inclusion or exclusion names (v1 `FileItemType`: 0 file,
/// 1 folder, 2 database; v2 `type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ItemKind {
    File,
    Folder,
    Database,
}

/// One inclusion or exclusion of a configuration.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PathRule {
    /// v1 `FileId`.
    pub id: u64,
    pub path: String,
    pub kind: ItemKind,
}

/// When a configuration runs by itself. Hours and minutes are UTC (the v1
/// examples answer in UTC whatever `TimeZoneId` says; API-REFERENCE §5.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Schedule {
    /// Runs only when started by hand.
    Manual,
    /// Every `interval` hours (1-23).
    Hourly { interval: u8 },
    /// Every day at `hour`:`minute`.
    Daily { hour: u8, minute: u8 },
    /// Every week on `day` (0 = Sunday) at `hour`:`minute`.
    Weekly { day: u8, hour: u8, minute: u8 },
}

#[derive(Debug, Clone, Hash)]
pub struct Config {
    /// v1 `BackupConfigurationId`.
    pub id: u64,
    /// v2 `id`.
    pub v2_id: String,
    /// v1 `BackupConfigurationScheduleId` (a PUT must send it back).
    pub schedule_id: u64,
    /// Index of the agent it backs up.
    pub agent: usize,
    pub name: String,
    pub enabled: bool,
    /// v1 `IsDeleted`: deleted configurations stay readable, marked.
    pub deleted: bool,
    pub schedule: Schedule,
    /// As sent: a Windows name through v1, an IANA name through v2.
    pub time_zone: String,
    /// 0 = keep forever, 30 or 60 days.
    pub retention_days: u32,
    /// v1 `MissedBackupActionId` (1 as soon as possible, 2 at the next run).
    pub missed_action: u8,
    pub inclusions: Vec<PathRule>,
    pub exclusions: Vec<PathRule>,
    pub notify_recipients: String,
    pub notify_success: bool,
    pub notify_failure: bool,
    pub created_ms: i64,
}

/// v1 `CurrentState` values (API-REFERENCE §5.8); v2 names are the same in
/// snake_case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupState {
    StartScheduled,
    StartRequested,
    Queued,
    Preparing,
    InProgress,
    StopRequested,
    Completed,
    CompletedWithErrors,
    Failed,
    Stopped,
    Skipped,
    Missed,
}

impl BackupState {
    /// The v1 name (`CompletedWithErrors`).
    pub fn name(self) -> &'static str {
        match self {
            BackupState::StartScheduled => "StartScheduled",
            BackupState::StartRequested => "StartRequested",
            BackupState::Queued => "Queued",
            BackupState::Preparing => "Preparing",
            BackupState::InProgress => "InProgress",
            BackupState::StopRequested => "StopRequested",
            BackupState::Completed => "Completed",
            BackupState::CompletedWithErrors => "CompletedWithErrors",
            BackupState::Failed => "Failed",
            BackupState::Stopped => "Stopped",
            BackupState::Skipped => "Skipped",
            BackupState::Missed => "Missed",
        }
    }

    /// The v2 name (`completed_with_errors`).
    pub fn v2_name(self) -> &'static str {
        match self {
            BackupState::StartScheduled => "start_scheduled",
            BackupState::StartRequested => "start_requested",
            BackupState::Queued => "queued",
            BackupState::Preparing => "preparing",
            BackupState::InProgress => "in_progress",
            BackupState::StopRequested => "stop_requested",
            BackupState::Completed => "completed",
            BackupState::CompletedWithErrors => "completed_with_errors",
            BackupState::Failed => "failed",
            BackupState::Stopped => "stopped",
            BackupState::Skipped => "skipped",
            BackupState::Missed => "missed",
        }
    }

    /// Final states: a PATCH gets 409 (v2 docs list exactly these).
    pub fn is_final(self) -> bool {
        matches!(
            self,
            BackupState::Completed
                | BackupState::CompletedWithErrors
                | BackupState::Failed
                | BackupState::Stopped
                | BackupState::Skipped
                | BackupState::Missed
        )
    }
}

/// One error of a backup's report (v1 `ErrorList` entry, v2 `/errors`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupError {
    pub path: String,
    pub description: String,
    pub code: u32,
}

#[derive(Debug, Clone)]
pub struct Backup {
    /// v1 `BackupId`.
    pub id: u64,
    /// v2 `id`.
    pub v2_id: String,
    /// v1 ID of its configuration.
    pub config: u64,
    /// Index of the agent that ran it.
    pub agent: usize,
    pub state: BackupState,
    /// v1 `StateChangeTime`.
    pub state_ms: i64,
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub files_searched: u64,
    pub files_backed_up: u64,
    pub bytes_searched: u64,
    pub bytes_backed_up: u64,
    /// What the run will have searched when it completes (progress grows
    /// toward these).
    pub total_files: u64,
    pub total_bytes: u64,
    pub errors: Vec<BackupError>,
    /// Completed (with or without errors), not expired, configuration not deleted.
    pub restorable: bool,
    /// When the next transition is due (lazy, like restores).
    pub next_at: Option<Instant>,
    pub running_since: Option<Instant>,
    /// Seeds the backup's file tree (browsing and restores read the same tree).
    pub tree_seed: u64,
}

impl Backup {
    /// A run of `config` on `agent` in `state` as of `state_ms`, not yet
    /// counted: its size and file tree come from `seed`.
    pub fn new(config: u64, agent: usize, state: BackupState, state_ms: i64, seed: u64) -> Backup {
        let total_files = 500 + seed % 40_000;
        Backup {
            id: 0,
            v2_id: String::new(),
            config,
            agent,
            state,
            state_ms,
            started_ms: None,
            ended_ms: None,
            files_searched: 0,
            files_backed_up: 0,
            bytes_searched: 0,
            bytes_backed_up: 0,
            total_files,
            total_bytes: total_files * (20_000 + seed % 200_000),
            errors: Vec::new(),
            restorable: false,
            next_at: None,
            running_since: None,
            tree_seed: seed,
        }
    }
}
