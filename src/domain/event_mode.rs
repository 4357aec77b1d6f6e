//! What each `agent_activate` mode costs and gives (API-REFERENCE §7.1 and
//! the agent configuration's timing example), and when it falls back.

use crate::api::EventMode;

/// One line on what the mode costs and gives.
pub fn describe(mode: EventMode) -> &'static str {
    match mode {
        EventMode::Idle => "Idle: agents check in rarely (heartbeat about hourly). Lowest load, but online/offline status is not reliable.",
        EventMode::Active => "Active: agents poll every second and post heartbeats, so statuses are trustworthy. More load; falls back to idle by itself.",
        EventMode::RealTime => "Real time: agents poll continuously (about every 0.3 s), needed for browsing files. Highest load; falls back to idle soonest.",
    }
}

/// How long a mode lasts before agents fall back to idle. The API does not
/// document it; these are the periods backup-sim uses, and the console
/// also watches the event feed for the fallback itself.
pub fn fallback_after_ms(mode: EventMode) -> Option<i64> {
    match mode {
        EventMode::Idle => None,
        EventMode::Active => Some(300_000),
        EventMode::RealTime => Some(120_000),
    }
}

/// The label of a mode in the picker.
pub fn label(mode: EventMode) -> &'static str {
    match mode {
        EventMode::Idle => "Idle",
        EventMode::Active => "Active",
        EventMode::RealTime => "Real time",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_mode_is_described_and_only_idle_lasts() {
        for m in EventMode::ALL {
            assert!(describe(m).starts_with(label(m)));
        }
        assert_eq!(fallback_after_ms(EventMode::Idle), None);
        assert!(fallback_after_ms(EventMode::RealTime) < fallback_after_ms(EventMode::Active));
    }
}
