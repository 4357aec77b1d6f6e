//! Reading a v1 configuration from a request (create and update), with the
//! field table's rules (API-REFERENCE §5.7). Numbers and booleans are taken
//! as JSON values or strings; hours arrive in 12-hour form with AM/PM.

use crate::error::SimError;
use crate::routes::wire::{boolean, number, optional_number};
use crate::world::{ItemKind, PathRule, Schedule};
use serde_json::Value;

/// What a request says of a configuration.
pub struct ConfigBody {
    pub agent_v1: Option<u64>,
    pub name: String,
    pub enabled: bool,
    pub schedule: Schedule,
    pub time_zone: String,
    pub retention_days: u32,
    pub missed_action: u8,
    pub inclusions: Vec<PathRule>,
    pub exclusions: Vec<PathRule>,
    pub notify_recipients: String,
    pub notify_success: bool,
    pub notify_failure: bool,
}

fn bad(message: impl Into<String>) -> SimError {
    SimError::BadRequest(message.into())
}

fn text(v: &Value, field: &str) -> String {
    v[field].as_str().map(str::trim).unwrap_or_default().to_string()
}

/// "Folder"/"File"/"Database", or the restore API's 0/1/2.
pub fn item_kind(v: &Value) -> Option<ItemKind> {
    match v {
        Value::String(s) if s.eq_ignore_ascii_case("file") => Some(ItemKind::File),
        Value::String(s) if s.eq_ignore_ascii_case("folder") => Some(ItemKind::Folder),
        Value::String(s) if s.eq_ignore_ascii_case("database") => Some(ItemKind::Database),
        other => match number(other)? {
            0 => Some(ItemKind::File),
            1 => Some(ItemKind::Folder),
            2 => Some(ItemKind::Database),
            _ => None,
        },
    }
}

fn path_rules(v: &Value, field: &str) -> Result<Vec<PathRule>, SimError> {
    let Some(items) = v[field].as_array() else {
        return if v[field].is_null() { Ok(Vec::new()) } else { Err(bad(format!("{field} must be a list."))) };
    };
    items
        .iter()
        .map(|item| {
            let path = text(item, "FilePath");
            if path.is_empty() {
                return Err(bad(format!("Every entry of {field} needs a FilePath.")));
            }
            let kind = item_kind(&item["FileItemType"])
                .ok_or_else(|| bad(format!("FileItemType of {path} must be File, Folder or Database.")))?;
            Ok(PathRule { id: number(&item["FileId"]).unwrap_or(0), path, kind })
        })
        .collect()
}

/// 1-12 + AM/PM → 0-23.
fn hour24(v: &Value) -> Result<u8, SimError> {
    let hour = optional_number(v, "StartTimeHour")?.ok_or_else(|| bad("StartTimeHour is required (1-12)."))?;
    if !(1..=12).contains(&hour) {
        return Err(bad("StartTimeHour must be from 1 to 12."));
    }
    let pm = match text(v, "StartTimeAmPm").to_ascii_uppercase().as_str() {
        "AM" => false,
        "PM" => true,
        _ => return Err(bad("StartTimeAmPm must be AM or PM.")),
    };
    Ok((hour % 12) as u8 + if pm { 12 } else { 0 })
}

fn minute(v: &Value) -> Result<u8, SimError> {
    let m = optional_number(v, "StartTimeMinute")?.unwrap_or(0);
    u8::try_from(m).ok().filter(|m| *m < 60).ok_or_else(|| bad("StartTimeMinute must be from 0 to 59."))
}

fn schedule(v: &Value) -> Result<Schedule, SimError> {
    let frequency = text(v, "Frequency").to_ascii_lowercase();
    Ok(match frequency.as_str() {
        "manually" | "manual" => Schedule::Manual,
        "hourly" => {
            let interval = optional_number(v, "HourInterval")?
                .ok_or_else(|| bad("HourInterval is required for Hourly (1-23)."))?;
            let interval = u8::try_from(interval).ok().filter(|i| (1..=23).contains(i));
            Schedule::Hourly { interval: interval.ok_or_else(|| bad("HourInterval must be from 1 to 23."))? }
        }
        "daily" => Schedule::Daily { hour: hour24(v)?, minute: minute(v)? },
        "weekly" => {
            let day = optional_number(v, "DayOfWeekId")?
                .ok_or_else(|| bad("DayOfWeekId is required for Weekly (0 Sunday to 6)."))?;
            let day =
                u8::try_from(day).ok().filter(|d| *d <= 6).ok_or_else(|| bad("DayOfWeekId must be from 0 to 6."))?;
            Schedule::Weekly { day, hour: hour24(v)?, minute: minute(v)? }
        }
        _ => return Err(bad("Frequency must be Manually, Hourly, Daily or Weekly.")),
    })
}

/// Reads and checks a configuration body.
pub fn config_body(v: &Value) -> Result<ConfigBody, SimError> {
    if !v.is_object() {
        return Err(bad("The request body must be a backup configuration object."));
    }
    let name = text(v, "BackupConfigurationName");
    if name.is_empty() {
        return Err(bad("BackupConfigurationName is required."));
    }
    let retention = optional_number(v, "VersionRetention")?.unwrap_or(30);
    if ![0, 30, 60].contains(&retention) {
        return Err(bad("VersionRetention must be 0 (indefinitely), 30 or 60."));
    }
    let missed = optional_number(v, "MissedBackupActionId")?.unwrap_or(1);
    if ![1, 2].contains(&missed) {
        return Err(bad("MissedBackupActionId must be 1 or 2."));
    }
    let flag = |field: &str, default: bool| -> Result<bool, SimError> {
        match &v[field] {
            Value::Null => Ok(default),
            other => boolean(other).ok_or_else(|| bad(format!("{field} must be true or false."))),
        }
    };
    Ok(ConfigBody {
        agent_v1: optional_number(v, "MachineAgentId")?,
        name,
        enabled: flag("IsActive", true)?,
        schedule: schedule(v)?,
        time_zone: Some(text(v, "TimeZoneId"))
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| "Eastern Standard Time".into()),
        retention_days: retention as u32,
        missed_action: missed as u8,
        inclusions: path_rules(v, "Inclusions")?,
        exclusions: path_rules(v, "Exclusions")?,
        notify_recipients: text(v, "NotifyRecipients"),
        notify_success: flag("NotifySuccess", false)?,
        notify_failure: flag("NotifyFailure", true)?,
    })
}
