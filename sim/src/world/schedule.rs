//! When a configuration runs next, in wall-clock UTC milliseconds (what the
//! API reports as `NextScheduledRunTime` / `next.scheduled_time`).

use super::Schedule;

const HOUR_MS: i64 = 3_600_000;
const DAY_MS: i64 = 24 * HOUR_MS;
/// 1970-01-01 was a Thursday (0 = Sunday).
const EPOCH_WEEKDAY: i64 = 4;

/// The first run strictly after `after_ms`; hourly schedules count from
/// `anchor_ms` (when the configuration was made). `None` for manual ones.
pub fn next_run_ms(schedule: Schedule, anchor_ms: i64, after_ms: i64) -> Option<i64> {
    match schedule {
        Schedule::Manual => None,
        Schedule::Hourly { interval } => {
            let step = i64::from(interval.clamp(1, 23)) * HOUR_MS;
            let done = (after_ms - anchor_ms).div_euclid(step) + 1;
            Some(anchor_ms + done.max(1) * step)
        }
        Schedule::Daily { hour, minute } => {
            let at = time_of_day(hour, minute);
            let day = after_ms.div_euclid(DAY_MS) * DAY_MS;
            Some(if day + at > after_ms { day + at } else { day + DAY_MS + at })
        }
        Schedule::Weekly { day, hour, minute } => {
            let at = time_of_day(hour, minute);
            let today = after_ms.div_euclid(DAY_MS);
            let weekday = (today + EPOCH_WEEKDAY).rem_euclid(7);
            let mut ahead = (i64::from(day % 7) - weekday).rem_euclid(7);
            if ahead == 0 && today * DAY_MS + at <= after_ms {
                ahead = 7;
            }
            Some((today + ahead) * DAY_MS + at)
        }
    }
}

fn time_of_day(hour: u8, minute: u8) -> i64 {
    i64::from(hour % 24) * HOUR_MS + i64::from(minute % 60) * 60_000
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-03T10:00:00Z, a Thursday.
    const NOW: i64 = 1_796_292_000_000;

    #[test]
    fn daily_runs_today_if_still_ahead_else_tomorrow() {
        let daily = |hour| next_run_ms(Schedule::Daily { hour, minute: 30 }, 0, NOW);
        assert_eq!(daily(14), Some(NOW + 4 * HOUR_MS + 30 * 60_000));
        assert_eq!(daily(9), Some(NOW + DAY_MS - 30 * 60_000));
    }

    #[test]
    fn weekly_finds_the_weekday_and_hourly_counts_from_the_anchor() {
        assert_eq!((NOW / DAY_MS + EPOCH_WEEKDAY) % 7, 4, "the test's now is a Thursday");
        let saturday = next_run_ms(Schedule::Weekly { day: 6, hour: 10, minute: 0 }, 0, NOW);
        assert_eq!(saturday, Some(NOW + 2 * DAY_MS));
        let thursday_now = next_run_ms(Schedule::Weekly { day: 4, hour: 10, minute: 0 }, 0, NOW);
        assert_eq!(thursday_now, Some(NOW + 7 * DAY_MS), "strictly after");
        let hourly = next_run_ms(Schedule::Hourly { interval: 2 }, NOW - 3 * HOUR_MS, NOW);
        assert_eq!(hourly, Some(NOW + HOUR_MS));
        assert_eq!(next_run_ms(Schedule::Manual, 0, NOW), None);
    }
}
