//! When to try again after a failed refresh.

/// First retry after a 503 or a network failure; doubles with each failure.
pub const FIRST_RETRY_MS: i64 = 5_000;
/// Longest wait between retries.
pub const MAX_BACKOFF_MS: i64 = 10 * 60_000;

/// Milliseconds until the next attempt after `failures` failures in a row
/// (≥ 1). Transient failures back off from 5 s, doubling, never sooner than
/// the API's `Retry-After`; others wait the usual refresh interval.
pub fn next_wait_ms(failures: u32, retryable: bool, retry_after_s: Option<u32>, interval_s: u32) -> i64 {
    if !retryable {
        return i64::from(interval_s) * 1000;
    }
    let doubled = (FIRST_RETRY_MS << failures.saturating_sub(1).min(10)).min(MAX_BACKOFF_MS);
    doubled.max(retry_after_s.map(|s| i64::from(s) * 1000).unwrap_or(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transient_failures_back_off_and_honour_retry_after() {
        assert_eq!(next_wait_ms(1, true, Some(1), 60), 5_000);
        assert_eq!(next_wait_ms(2, true, None, 60), 10_000);
        assert_eq!(next_wait_ms(3, true, Some(1), 60), 20_000);
        assert_eq!(next_wait_ms(1, true, Some(30), 60), 30_000, "Retry-After wins when longer");
        assert_eq!(next_wait_ms(40, true, None, 60), MAX_BACKOFF_MS);
    }

    #[test]
    fn other_failures_wait_the_usual_interval() {
        assert_eq!(next_wait_ms(3, false, None, 60), 60_000);
    }
}
