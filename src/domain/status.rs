//! The truthful status of an agent. The list call always says "Offline", so
//! an agent is *unknown* until agent details (or v2 status, or a heartbeat)
//! say otherwise; a wake-up makes it *waking* until it answers or the wait
//! is over.

use super::time;

/// What the console can honestly say about an agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum AgentStatus {
    Online,
    Waking,
    Unknown,
    Offline,
    Disabled,
}

/// A status reading from the API, and when it was taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Observation {
    pub online: bool,
    pub at_ms: i64,
}

/// How long after a wake-up an agent still counts as waking (docs: 10-20 s).
pub const WAKE_WINDOW_MS: i64 = 20_000;

impl AgentStatus {
    pub const ALL: [AgentStatus; 5] =
        [AgentStatus::Online, AgentStatus::Waking, AgentStatus::Unknown, AgentStatus::Offline, AgentStatus::Disabled];

    /// The machine name used in `data-status` and in URLs.
    pub fn key(self) -> &'static str {
        match self {
            AgentStatus::Unknown => "unknown",
            AgentStatus::Waking => "waking",
            AgentStatus::Online => "online",
            AgentStatus::Offline => "offline",
            AgentStatus::Disabled => "disabled",
        }
    }

    pub fn parse(key: &str) -> Option<AgentStatus> {
        AgentStatus::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The word shown beside the icon.
    pub fn label(self) -> &'static str {
        match self {
            AgentStatus::Unknown => "Unknown",
            AgentStatus::Waking => "Waking",
            AgentStatus::Online => "Online",
            AgentStatus::Offline => "Offline",
            AgentStatus::Disabled => "Disabled",
        }
    }

    /// A symbol that differs in shape, not only colour.
    pub fn icon(self) -> &'static str {
        match self {
            AgentStatus::Unknown => "?",
            AgentStatus::Waking => "◔",
            AgentStatus::Online => "●",
            AgentStatus::Offline => "○",
            AgentStatus::Disabled => "⊘",
        }
    }

    /// What the state means and what to do about it.
    pub fn explain(self, checked_ms: Option<i64>, woke_ms: Option<i64>) -> String {
        let checked = checked_ms.map(|t| format!(" (checked {} UTC)", time::clock(t))).unwrap_or_default();
        match self {
            AgentStatus::Unknown => "Not checked yet: the agent list always says Offline, so the console asks each agent for its real status.".into(),
            AgentStatus::Waking => format!(
                "A wake-up was sent{}; agents take 10-20 s to answer.",
                woke_ms.map(|t| format!(" at {} UTC", time::clock(t))).unwrap_or_default()
            ),
            AgentStatus::Online => format!("The agent is answering{checked}."),
            AgentStatus::Offline => format!(
                "The agent did not answer{checked}. It may be idle: wake agents up and check again; if it stays offline, its server may be down."
            ),
            AgentStatus::Disabled => "Backups are disabled for this agent; its data is kept.".into(),
        }
    }
}

/// Derives the status from what is known: the disabled flag, the latest
/// observation, and the time of the last wake-up (if any).
pub fn derive(disabled: bool, seen: Option<Observation>, woke_ms: Option<i64>, now_ms: i64) -> AgentStatus {
    if disabled {
        return AgentStatus::Disabled;
    }
    let online_since_wake = match (seen, woke_ms) {
        (Some(o), Some(w)) => o.online && o.at_ms >= w,
        _ => false,
    };
    if let Some(w) = woke_ms {
        if now_ms < w + WAKE_WINDOW_MS && !online_since_wake && !seen.is_some_and(|o| o.online) {
            return AgentStatus::Waking;
        }
    }
    match seen {
        Some(o) if o.online => AgentStatus::Online,
        Some(_) => AgentStatus::Offline,
        None => AgentStatus::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_700_000_000_000;

    fn seen(online: bool, at: i64) -> Option<Observation> {
        Some(Observation { online, at_ms: at })
    }

    #[test]
    fn nothing_known_is_unknown_never_offline() {
        assert_eq!(derive(false, None, None, NOW), AgentStatus::Unknown);
    }

    #[test]
    fn details_decide_online_and_offline() {
        assert_eq!(derive(false, seen(true, NOW - 5), None, NOW), AgentStatus::Online);
        assert_eq!(derive(false, seen(false, NOW - 5), None, NOW), AgentStatus::Offline);
    }

    #[test]
    fn disabled_wins_over_everything() {
        assert_eq!(derive(true, seen(true, NOW), Some(NOW), NOW), AgentStatus::Disabled);
        assert_eq!(derive(true, None, None, NOW), AgentStatus::Disabled);
    }

    #[test]
    fn a_wake_up_makes_offline_and_unknown_agents_waking_for_the_window() {
        let woke = NOW - 5_000;
        assert_eq!(derive(false, seen(false, NOW - 60_000), Some(woke), NOW), AgentStatus::Waking);
        assert_eq!(derive(false, None, Some(woke), NOW), AgentStatus::Waking);
        assert_eq!(
            derive(false, seen(false, NOW - 1_000), Some(woke), NOW),
            AgentStatus::Waking,
            "still inside the window"
        );
        assert_eq!(derive(false, seen(true, NOW - 1_000), Some(woke), NOW), AgentStatus::Online, "answered");
        let later = woke + WAKE_WINDOW_MS + 1;
        assert_eq!(derive(false, seen(false, later - 10), Some(woke), later), AgentStatus::Offline, "window over");
    }

    #[test]
    fn online_agents_stay_online_through_a_wake_up() {
        assert_eq!(derive(false, seen(true, NOW - 60_000), Some(NOW - 1_000), NOW), AgentStatus::Online);
    }

    #[test]
    fn keys_round_trip_and_icons_differ() {
        for s in AgentStatus::ALL {
            assert_eq!(AgentStatus::parse(s.key()), Some(s));
            assert!(!s.explain(Some(NOW), Some(NOW)).is_empty());
        }
        let icons: std::collections::HashSet<_> = AgentStatus::ALL.iter().map(|s| s.icon()).collect();
        assert_eq!(icons.len(), 5);
    }
}
