//! Simulated time: every simulated duration is multiplied by `--time-scale`
//! (0.1 turns a 15 s wake-up into 1.5 s), so tests can run the same story fast.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

#[derive(Debug, Clone, Copy)]
pub struct Clock {
    scale: f64,
}

impl Clock {
    pub fn new(scale: f64) -> Self {
        Clock { scale: if scale.is_finite() && scale > 0.0 { scale } else { 1.0 } }
    }

    pub fn scale(&self) -> f64 {
        self.scale
    }

    /// The real duration of a nominal (documented) duration.
    pub fn scaled(&self, nominal: Duration) -> Duration {
        nominal.mul_f64(self.scale)
    }

    /// The instant a nominal duration from `now` ends.
    pub fn after(&self, now: Instant, nominal_secs: f64) -> Instant {
        now + self.scaled(Duration::from_secs_f64(nominal_secs.max(0.0)))
    }

    pub fn now(&self) -> Instant {
        Instant::now()
    }
}

/// Wall-clock milliseconds since the Unix epoch (for the dates the API sends).
pub fn epoch_ms() -> i64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_millis() as i64).unwrap_or(0)
}

/// The wall-clock epoch ms of an `Instant` (now, give or take the call).
pub fn instant_ms(at: Instant) -> i64 {
    let now = Instant::now();
    let base = epoch_ms();
    if at >= now {
        base + (at - now).as_millis() as i64
    } else {
        base - (now - at).as_millis() as i64
    }
}

/// ISO-8601 UTC with microseconds, as v2 sends dates (`2014-10-09T12:26:15.233501Z`).
pub fn iso(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let millis = ms.rem_euclid(1000);
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}.{:03}000Z", rem / 3600, (rem % 3600) / 60, rem % 60, millis)
}

/// v1's Microsoft JSON date: `/Date(ms)/`.
pub fn ms_date(ms: i64) -> String {
    format!("/Date({ms})/")
}

fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iso_formats_known_instants() {
        assert_eq!(iso(0), "1970-01-01T00:00:00.000000Z");
        assert_eq!(iso(1_412_857_575_233), "2014-10-09T12:26:15.233000Z");
    }

    #[test]
    fn scale_multiplies_durations() {
        let c = Clock::new(0.1);
        assert_eq!(c.scaled(Duration::from_secs(15)), Duration::from_millis(1500));
        assert_eq!(Clock::new(-1.0).scale(), 1.0);
    }
}
