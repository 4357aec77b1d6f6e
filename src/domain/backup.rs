//! Backups as a support engineer reads them: a run's state and how it ended
//! (Missed, Failed and Completed with errors kept apart), a configuration's
//! schedule in words, whether it is overdue against that schedule, and what
//! it backs up in one line.

use super::time;

const HOUR_MS: i64 = 3_600_000;
const DAYS: [&str; 7] = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

/// A backup run's state (v1 `CurrentState`, API-REFERENCE §5.8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunState {
    Scheduled,
    Requested,
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
    Unknown,
}

/// How a run ended, for its colour: good, warning, bad, or neither.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Good,
    Warn,
    Bad,
    Neutral,
}

impl RunState {
    /// From the API's name, in any case, v1 (`CompletedWithErrors`) or v2
    /// (`completed_with_errors`) spelling.
    pub fn from_name(name: &str) -> RunState {
        // ASCII only: state names are ASCII, and `char::to_lowercase` would
        // ship Unicode's case tables (see text::fold_case).
        let folded: String = name.chars().filter(|c| *c != '_' && *c != ' ').map(|c| c.to_ascii_lowercase()).collect();
        match folded.as_str() {
            "startscheduled" => RunState::Scheduled,
            "startrequested" => RunState::Requested,
            "queued" => RunState::Queued,
            "preparing" => RunState::Preparing,
            "inprogress" => RunState::InProgress,
            "stoprequested" => RunState::StopRequested,
            "completed" => RunState::Completed,
            "completedwitherrors" => RunState::CompletedWithErrors,
            "failed" => RunState::Failed,
            "stopped" => RunState::Stopped,
            "skipped" => RunState::Skipped,
            "missed" => RunState::Missed,
            _ => RunState::Unknown,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RunState::Scheduled => "Scheduled to start",
            RunState::Requested => "Start requested",
            RunState::Queued => "Queued",
            RunState::Preparing => "Preparing",
            RunState::InProgress => "In progress",
            RunState::StopRequested => "Stopping",
            RunState::Completed => "Completed",
            RunState::CompletedWithErrors => "Completed with errors",
            RunState::Failed => "Failed",
            RunState::Stopped => "Stopped",
            RunState::Skipped => "Skipped (one was still running)",
            RunState::Missed => "Missed (agent unavailable)",
            RunState::Unknown => "Unknown state",
        }
    }

    /// Still going: worth watching, can be stopped.
    pub fn is_running(self) -> bool {
        matches!(
            self,
            RunState::Scheduled
                | RunState::Requested
                | RunState::Queued
                | RunState::Preparing
                | RunState::InProgress
                | RunState::StopRequested
        )
    }

    /// A stop can be asked for (not once it is already stopping).
    pub fn can_stop(self) -> bool {
        self.is_running() && self != RunState::StopRequested
    }

    pub fn tone(self) -> Tone {
        match self {
            RunState::Completed => Tone::Good,
            RunState::CompletedWithErrors | RunState::Skipped | RunState::Stopped => Tone::Warn,
            RunState::Failed | RunState::Missed => Tone::Bad,
            _ => Tone::Neutral,
        }
    }
}

impl Tone {
    /// The CSS class of a state badge in this tone.
    pub fn class(self) -> &'static str {
        match self {
            Tone::Good => "run good",
            Tone::Warn => "run warn",
            Tone::Bad => "run bad",
            Tone::Neutral => "run",
        }
    }
}

/// A configuration's schedule as the v1 fields give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    Manual,
    /// Every `n` hours.
    Hourly(u64),
    /// Every day at hour (0-23) and minute, as sent.
    Daily(u64, u64),
    /// Every week on day (0 = Sunday) at hour and minute.
    Weekly(u64, u64, u64),
}

impl Schedule {
    /// From v1's `Frequency`, `StartTimeHour` (1-12), `StartTimeMinute`,
    /// `StartTimeAmPm`, `DayOfWeekId` and `HourInterval`. A field a schedule
    /// needs but lacks makes it `Manual` only for "Manually"; otherwise the
    /// missing parts read as 0 (the API's own default).
    pub fn from_v1(
        frequency: &str,
        hour: Option<u64>,
        minute: Option<u64>,
        am_pm: &str,
        day: Option<u64>,
        interval: Option<u64>,
    ) -> Schedule {
        let hour24 = match (hour.unwrap_or(0) % 12, am_pm.trim().eq_ignore_ascii_case("PM")) {
            (h, true) => h + 12,
            (h, false) => h,
        };
        let minute = minute.unwrap_or(0) % 60;
        match frequency.trim().to_ascii_lowercase().as_str() {
            "hourly" => Schedule::Hourly(interval.unwrap_or(1).clamp(1, 23)),
            "daily" => Schedule::Daily(hour24, minute),
            "weekly" => Schedule::Weekly(day.unwrap_or(0) % 7, hour24, minute),
            _ => Schedule::Manual,
        }
    }

    pub fn in_words(self) -> String {
        let at = |h: u64, m: u64| format!("{h:02}:{m:02} UTC");
        match self {
            Schedule::Manual => "Manual only".into(),
            Schedule::Hourly(1) => "Every hour".into(),
            Schedule::Hourly(n) => format!("Every {n} hours"),
            Schedule::Daily(h, m) => format!("Daily at {}", at(h, m)),
            Schedule::Weekly(d, h, m) => {
                format!("Weekly on {} at {}", DAYS.get(d as usize).copied().unwrap_or("Sunday"), at(h, m))
            }
        }
    }

    /// How long runs should be apart; `None` for a manual configuration.
    pub fn period_ms(self) -> Option<i64> {
        match self {
            Schedule::Manual => None,
            Schedule::Hourly(n) => Some(i64::try_from(n).unwrap_or(1) * HOUR_MS),
            Schedule::Daily(..) => Some(24 * HOUR_MS),
            Schedule::Weekly(..) => Some(7 * 24 * HOUR_MS),
        }
    }
}

/// Why a scheduled, enabled configuration is overdue, or `None`: its last
/// run is older than one period and a grace of a quarter period (at least an
/// hour, for a backup that runs long). A configuration that never ran is
/// not called overdue: when it was made is not known.
pub fn overdue(schedule: Schedule, enabled: bool, last_run_ms: Option<i64>, now_ms: i64) -> Option<String> {
    let period = schedule.period_ms().filter(|_| enabled)?;
    let last = last_run_ms?;
    let grace = (period / 4).max(HOUR_MS);
    (now_ms.saturating_sub(last) > period + grace)
        .then(|| format!("Overdue: expected {}, last run {}", schedule.in_words(), time::ago(now_ms, last)))
}

/// What a configuration backs up, in one line: the first paths, how many
/// more, and the exclusions the same way.
pub fn paths_summary(inclusions: &[String], exclusions: &[String]) -> String {
    fn some(paths: &[String]) -> String {
        let shown: Vec<&str> = paths.iter().take(2).map(String::as_str).collect();
        match paths.len().saturating_sub(shown.len()) {
            0 => shown.join(", "),
            more => format!("{} (+{more} more)", shown.join(", ")),
        }
    }
    let mut line = if inclusions.is_empty() { "Nothing included".to_string() } else { some(inclusions) };
    if !exclusions.is_empty() {
        line.push_str("; excludes ");
        line.push_str(&some(exclusions));
    }
    line
}

/// A size in bytes as people read it (1,024-based, one decimal).
pub fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut unit = 0;
    let mut whole = n;
    let mut tenths = 0;
    while whole >= 1024 && unit + 1 < UNITS.len() {
        tenths = (whole % 1024) * 10 / 1024;
        whole /= 1024;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{whole}.{tenths} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn states_read_in_either_spelling_and_keep_bad_endings_apart() {
        assert_eq!(RunState::from_name("CompletedWithErrors"), RunState::CompletedWithErrors);
        assert_eq!(RunState::from_name("completed_with_errors"), RunState::CompletedWithErrors);
        assert_eq!(RunState::from_name("IN_PROGRESS"), RunState::InProgress);
        assert_eq!(RunState::from_name("nonsense"), RunState::Unknown);
        assert_eq!(RunState::Missed.tone(), Tone::Bad);
        assert_eq!(RunState::Failed.tone(), Tone::Bad);
        assert_eq!(RunState::CompletedWithErrors.tone(), Tone::Warn);
        assert_ne!(RunState::Missed.label(), RunState::Failed.label());
        assert!(RunState::InProgress.can_stop() && !RunState::StopRequested.can_stop());
        assert!(!RunState::Completed.is_running());
    }

    #[test]
    fn schedules_read_as_words_in_utc() {
        assert_eq!(Schedule::from_v1("Daily", Some(2), Some(30), "PM", None, None).in_words(), "Daily at 14:30 UTC");
        assert_eq!(Schedule::from_v1("Daily", Some(12), Some(0), "AM", None, None).in_words(), "Daily at 00:00 UTC");
        assert_eq!(Schedule::from_v1("Hourly", None, None, "", None, Some(4)).in_words(), "Every 4 hours");
        assert_eq!(Schedule::from_v1("Hourly", None, None, "", None, None).in_words(), "Every hour");
        assert_eq!(
            Schedule::from_v1("Weekly", Some(1), Some(5), "AM", Some(1), None).in_words(),
            "Weekly on Monday at 01:05 UTC"
        );
        assert_eq!(Schedule::from_v1("Manually", None, None, "", None, None).in_words(), "Manual only");
        // Out-of-range numbers from an API never panic.
        assert_eq!(
            Schedule::from_v1("weekly", Some(u64::MAX), Some(u64::MAX), "pm", Some(u64::MAX), Some(u64::MAX)),
            Schedule::Weekly(u64::MAX % 7, u64::MAX % 12 + 12, u64::MAX % 60)
        );
    }

    #[test]
    fn overdue_is_measured_against_the_configurations_own_schedule() {
        let now = 1_000 * 24 * HOUR_MS;
        let daily = Schedule::Daily(2, 0);
        assert_eq!(overdue(daily, true, Some(now - 20 * HOUR_MS), now), None);
        assert!(overdue(daily, true, Some(now - 31 * HOUR_MS), now).is_some_and(|w| w.contains("Daily at 02:00 UTC")));
        assert_eq!(overdue(daily, false, Some(now - 90 * HOUR_MS), now), None, "a disabled one is not expected to run");
        assert_eq!(overdue(daily, true, None, now), None);
        let hourly = Schedule::Hourly(1);
        assert!(overdue(hourly, true, Some(now - 3 * HOUR_MS), now).is_some());
        assert_eq!(overdue(hourly, true, Some(now - HOUR_MS - HOUR_MS / 2), now), None);
        assert_eq!(overdue(Schedule::Manual, true, Some(0), now), None);
        assert!(overdue(Schedule::Weekly(0, 0, 0), true, Some(now - 8 * 24 * HOUR_MS), now).is_none());
        assert!(overdue(Schedule::Weekly(0, 0, 0), true, Some(now - 9 * 24 * HOUR_MS), now).is_some());
    }

    #[test]
    fn paths_are_summarised_on_one_line() {
        let p = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(paths_summary(&p(&["/var/www/"]), &[]), "/var/www/");
        assert_eq!(
            paths_summary(&p(&["/a/", "/b/", "/c/", "/d/"]), &p(&["/a/cache/"])),
            "/a/, /b/ (+2 more); excludes /a/cache/"
        );
        assert_eq!(paths_summary(&[], &[]), "Nothing included");
    }

    #[test]
    fn sizes_read_as_people_read_them() {
        assert_eq!(bytes(0), "0 B");
        assert_eq!(bytes(1023), "1023 B");
        assert_eq!(bytes(1536), "1.5 KB");
        assert_eq!(bytes(3_700_000_000), "3.4 GB");
        assert_eq!(bytes(u64::MAX), "16777215.9 TB");
    }
}
