//! Reading a v2 configuration from a request (API-REFERENCE §7.6 rules): a
//! single RRULE of the three documented shapes (or no schedule), paths that
//! neither repeat nor nest wrongly, a notification on failure.

use crate::error::SimError;
use crate::world::{ItemKind, PathRule, Schedule};
use serde_json::Value;

fn bad(message: impl Into<String>) -> SimError {
    SimError::BadRequest(format!("Validation failed: {}", message.into()))
}

const DAYS: [&str; 7] = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"];

/// `RRULE:FREQ=HOURLY;INTERVAL=2`, `…DAILY;INTERVAL=1;BYHOUR=14;BYMINUTE=0`,
/// `…WEEKLY;INTERVAL=1;BYDAY=TH;BYHOUR=14;BYMINUTE=0`.
pub fn parse_rrule(rule: &str) -> Option<Schedule> {
    let body = rule.strip_prefix("RRULE:")?;
    let mut parts = std::collections::HashMap::new();
    for part in body.split(';') {
        let (k, v) = part.split_once('=')?;
        parts.insert(k, v);
    }
    let number = |k: &str| -> Option<u8> { parts.get(k)?.parse().ok() };
    let (hour, minute) = (number("BYHOUR").filter(|h| *h < 24), number("BYMINUTE").filter(|m| *m < 60));
    match *parts.get("FREQ")? {
        "HOURLY" if parts.len() == 2 => {
            Some(Schedule::Hourly { interval: number("INTERVAL").filter(|i| (1..=23).contains(i))? })
        }
        "DAILY" if parts.len() == 4 && number("INTERVAL") == Some(1) => {
            Some(Schedule::Daily { hour: hour?, minute: minute? })
        }
        "WEEKLY" if parts.len() == 5 && number("INTERVAL") == Some(1) => {
            let day = DAYS.iter().position(|d| Some(d) == parts.get("BYDAY"))? as u8;
            Some(Schedule::Weekly { day, hour: hour?, minute: minute? })
        }
        _ => None,
    }
}

/// `schedule`: null (manual only) or `{"recurrence": [one RRULE], "time_zone"}`.
pub fn schedule(v: &Value) -> Result<Schedule, SimError> {
    if v.is_null() {
        return Ok(Schedule::Manual);
    }
    match v["recurrence"].as_array().map(Vec::as_slice) {
        Some([rule]) => rule
            .as_str()
            .and_then(parse_rrule)
            .ok_or_else(|| bad("the recurrence must be one of the documented RRULE shapes.")),
        _ => Err(bad("schedule.recurrence must hold exactly one RRULE.")),
    }
}

pub fn rules(v: &Value, field: &str) -> Result<Vec<PathRule>, SimError> {
    let Some(items) = v[field].as_array() else {
        return if v[field].is_null() { Ok(Vec::new()) } else { Err(bad(format!("{field} must be a list."))) };
    };
    items
        .iter()
        .map(|item| {
            let kind = match item["type"].as_str() {
                Some("file") => ItemKind::File,
                Some("folder") => ItemKind::Folder,
                _ => return Err(bad(format!("every {field} entry needs a type of file or folder."))),
            };
            let path = item["path"]
                .as_str()
                .filter(|p| !p.is_empty())
                .ok_or_else(|| bad(format!("every {field} entry needs a path.")))?;
            Ok(PathRule { id: 0, path: path.into(), kind })
        })
        .collect()
}

fn under(path: &str, folder: &str) -> bool {
    let folder = folder.trim_end_matches('/');
    path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/') && !rest.trim_end_matches('/').is_empty())
}

/// The docs' path rules: no duplicates; no inclusion under another
/// inclusion or an exclusion; every exclusion under an inclusion.
pub fn check_paths(inclusions: &[PathRule], exclusions: &[PathRule]) -> Result<(), SimError> {
    let all: Vec<&str> = inclusions.iter().chain(exclusions).map(|r| r.path.trim_end_matches('/')).collect();
    if all.iter().enumerate().any(|(k, p)| all[..k].contains(p)) {
        return Err(bad("a path appears twice."));
    }
    for i in inclusions {
        if inclusions.iter().chain(exclusions).any(|o| o.kind == ItemKind::Folder && under(&i.path, &o.path)) {
            return Err(bad(format!("{} sits under another inclusion or an exclusion.", i.path)));
        }
    }
    for e in exclusions {
        if !inclusions.iter().any(|i| i.kind == ItemKind::Folder && under(&e.path, &i.path)) {
            return Err(bad(format!("the exclusion {} is not under any inclusion.", e.path)));
        }
    }
    Ok(())
}

/// At least one notification, and one of them on failure: (address, on
/// success, on failure) of the first.
pub fn notification(v: &Value) -> Result<(String, bool, bool), SimError> {
    let list = v.as_array().filter(|l| !l.is_empty()).ok_or_else(|| bad("notifications must list at least one."))?;
    if !list.iter().any(|n| n["on_failure"] == true) {
        return Err(bad("at least one notification must be on failure."));
    }
    let first = &list[0];
    Ok((
        first["destination"].as_str().unwrap_or_default().into(),
        first["on_success"] == true,
        first["on_failure"] == true,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_documented_rrules_and_nothing_else() {
        assert_eq!(parse_rrule("RRULE:FREQ=HOURLY;INTERVAL=2"), Some(Schedule::Hourly { interval: 2 }));
        assert_eq!(
            parse_rrule("RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=14;BYMINUTE=0"),
            Some(Schedule::Daily { hour: 14, minute: 0 })
        );
        assert_eq!(
            parse_rrule("RRULE:FREQ=WEEKLY;INTERVAL=1;BYDAY=TH;BYHOUR=14;BYMINUTE=0"),
            Some(Schedule::Weekly { day: 4, hour: 14, minute: 0 })
        );
        for bad in [
            "RRULE:FREQ=MONTHLY;INTERVAL=1",
            "RRULE:FREQ=DAILY;INTERVAL=2;BYHOUR=1;BYMINUTE=0",
            "FREQ=HOURLY;INTERVAL=2",
            "RRULE:FREQ=HOURLY;INTERVAL=é",
            "",
        ] {
            assert_eq!(parse_rrule(bad), None, "{bad}");
        }
    }

    #[test]
    fn paths_may_not_repeat_or_nest_wrongly() {
        let r = |p: &str, kind| PathRule { id: 0, path: p.into(), kind };
        let web = r("/web/", ItemKind::Folder);
        assert!(check_paths(&[web.clone(), r("/etc/app.conf", ItemKind::File)], &[r("/web/cache/", ItemKind::Folder)])
            .is_ok());
        assert!(check_paths(&[web.clone(), r("/web", ItemKind::Folder)], &[]).is_err(), "twice");
        assert!(check_paths(&[web.clone(), r("/web/x", ItemKind::File)], &[]).is_err(), "under an inclusion");
        assert!(check_paths(&[web], &[r("/srv/cache", ItemKind::Folder)]).is_err(), "an exclusion outside");
    }
}
