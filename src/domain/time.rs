//! Time as support engineers read it: relative ages ("3 h ago") with the
//! exact UTC time one hover away. Always UTC, always labelled.

use crate::api::lenient::days_from_civil;

const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;

fn civil(ms: i64) -> (i64, i64, i64, i64, i64, i64) {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    // Inverse of days_from_civil (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    debug_assert_eq!(days_from_civil(y, m, d), days);
    (y, m, d, rem / 3600, (rem % 3600) / 60, rem % 60)
}

/// `2013-01-10 11:30:00 UTC`
pub fn utc(ms: i64) -> String {
    let (y, m, d, h, mi, s) = civil(ms);
    format!("{y:04}-{m:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC")
}

/// `11:30:05` (UTC), for times within the session.
pub fn clock(ms: i64) -> String {
    let (_, _, _, h, mi, s) = civil(ms);
    format!("{h:02}:{mi:02}:{s:02}")
}

/// `2013-01-10T11:30:00Z`, for CSV and machine-readable fields.
pub fn iso(ms: i64) -> String {
    let (y, m, d, h, mi, s) = civil(ms);
    format!("{y:04}-{m:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// "just now", "5 min ago", "3 h ago", "2 days ago", "4 months ago"; a time
/// in the future (clock skew) reads "just now" rather than a negative age.
pub fn ago(now_ms: i64, then_ms: i64) -> String {
    let age = now_ms - then_ms;
    if age < MINUTE {
        "just now".into()
    } else if age < HOUR {
        format!("{} min ago", age / MINUTE)
    } else if age < DAY {
        format!("{} h ago", age / HOUR)
    } else if age < 60 * DAY {
        let days = age / DAY;
        format!("{days} day{} ago", if days == 1 { "" } else { "s" })
    } else if age < 730 * DAY {
        format!("{} months ago", age / (30 * DAY))
    } else {
        format!("{} years ago", age / (365 * DAY))
    }
}

/// "in 3 h", "in 12 min", "in 40 s", or "expired".
pub fn until(now_ms: i64, then_ms: i64) -> String {
    let left = then_ms - now_ms;
    if left <= 0 {
        "expired".into()
    } else if left < MINUTE {
        format!("in {} s", left / 1000)
    } else if left < HOUR {
        format!("in {} min", left / MINUTE)
    } else if left < 2 * DAY {
        format!("in {} h", left / HOUR)
    } else {
        format!("in {} days", left / DAY)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_times_are_utc_and_labelled() {
        assert_eq!(utc(1_357_817_400_000), "2013-01-10 11:30:00 UTC");
        assert_eq!(utc(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(iso(1_412_857_577_233), "2014-10-09T12:26:17Z");
        assert_eq!(clock(1_412_857_577_233), "12:26:17");
        assert_eq!(utc(951_782_400_000), "2000-02-29 00:00:00 UTC");
    }

    #[test]
    fn ages_read_naturally() {
        let now = 1_700_000_000_000;
        assert_eq!(ago(now, now - 5_000), "just now");
        assert_eq!(ago(now, now + 5_000), "just now");
        assert_eq!(ago(now, now - 5 * MINUTE), "5 min ago");
        assert_eq!(ago(now, now - 3 * HOUR), "3 h ago");
        assert_eq!(ago(now, now - DAY), "1 day ago");
        assert_eq!(ago(now, now - 12 * DAY), "12 days ago");
        assert_eq!(ago(now, now - 120 * DAY), "4 months ago");
        assert_eq!(ago(now, now - 800 * DAY), "2 years ago");
    }

    #[test]
    fn expiries_count_down() {
        let now = 1_700_000_000_000;
        assert_eq!(until(now, now + 40_000), "in 40 s");
        assert_eq!(until(now, now + 12 * MINUTE), "in 12 min");
        assert_eq!(until(now, now + 3 * HOUR), "in 3 h");
        assert_eq!(until(now, now - 1), "expired");
    }
}
