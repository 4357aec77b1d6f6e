//! The status walk's request budget: reading every agent's details is one
//! request per agent, so a tab left open on a large tenant must not cost
//! the customer's API thousands of requests a minute. A token bucket keeps
//! any minute under [`PER_MINUTE`] requests, pauses for a `Retry-After`, and
//! the walk checks the rows on screen first, then the agents checked
//! longest ago.

/// Requests a minute a tab may spend on status checks, at most.
pub const PER_MINUTE: i64 = 120;
/// Requests that may go at once (a small tenant is checked without
/// waiting); with the steady rate below, any 60 s stays within
/// [`PER_MINUTE`].
pub const BURST: i64 = 30;
/// The steady rate, per minute: `BURST + RATE` ≤ `PER_MINUTE`.
pub const RATE: i64 = PER_MINUTE - BURST;

/// One request's worth in the bucket's units: the bucket gains `RATE` units
/// a millisecond, so a request takes 60,000 units and the refill is exact in
/// integers (no floats, no rounding drift).
const UNIT: i64 = 60_000;

/// A token bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Budget {
    units: i64,
    last_ms: i64,
    paused_until_ms: i64,
}

impl Budget {
    /// A full bucket at `now_ms`.
    pub fn new(now_ms: i64) -> Budget {
        Budget { units: BURST * UNIT, last_ms: now_ms, paused_until_ms: i64::MIN }
    }

    fn refill(&mut self, now_ms: i64) {
        let elapsed = now_ms.saturating_sub(self.last_ms).max(0);
        self.units = self.units.saturating_add(RATE.saturating_mul(elapsed)).min(BURST * UNIT);
        self.last_ms = self.last_ms.max(now_ms);
    }

    /// Takes one request's worth if there is one (`Ok`), or says how many
    /// milliseconds to wait before asking again.
    pub fn take(&mut self, now_ms: i64) -> Result<(), i64> {
        if now_ms < self.paused_until_ms {
            return Err(self.paused_until_ms - now_ms);
        }
        self.refill(now_ms);
        if self.units >= UNIT {
            self.units -= UNIT;
            Ok(())
        } else {
            // Rounded up, so waiting exactly this long is enough.
            Err((UNIT - self.units + RATE - 1) / RATE)
        }
    }

    /// The API asked to wait (`Retry-After`): no request until then.
    pub fn pause(&mut self, now_ms: i64, retry_after_s: u32) {
        self.paused_until_ms = self.paused_until_ms.max(now_ms.saturating_add(i64::from(retry_after_s) * 1000));
    }
}

/// How many agents one walk checks when refreshes come every `interval_s`:
/// what the budget allows in that time, so the next refresh (which reloads
/// the list) goes on with the agents checked longest ago.
pub fn walk_size(interval_s: u32) -> usize {
    usize::try_from(BURST + RATE * i64::from(interval_s) / 60).unwrap_or(usize::MAX)
}

/// The agents in the order a walk checks them: never-checked first, then
/// the longest ago (by the time each was last seen), ties by ID.
pub fn oldest_first(agents: &[(u64, Option<i64>)]) -> Vec<u64> {
    let mut order = agents.to_vec();
    let key = |(id, seen): &(u64, Option<i64>)| (seen.unwrap_or(i64::MIN), *id);
    crate::domain::order::sort_by(&mut order, &|a, b| key(a).cmp(&key(b)));
    order.into_iter().map(|(id, _)| id).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Requests the budget lets through from `start` to `end` when asked
    /// every millisecond.
    fn allowed(b: &mut Budget, start: i64, end: i64) -> i64 {
        (start..end).filter(|&t| b.take(t).is_ok()).count() as i64
    }

    #[test]
    fn no_minute_goes_over_the_budget_and_a_small_tenant_does_not_wait() {
        let mut b = Budget::new(0);
        assert_eq!((0..1000).filter(|_| b.take(0).is_ok()).count() as i64, BURST, "a burst at once");
        let mut b = Budget::new(0);
        let first = allowed(&mut b, 0, 60_000);
        assert!(first <= PER_MINUTE, "{first} in the first minute");
        let second = allowed(&mut b, 60_000, 120_000);
        assert!((RATE - 1..=RATE).contains(&second), "{second} in a steady minute");
        let mut small = Budget::new(0);
        assert!((0..12).all(|_| small.take(0).is_ok()), "12 agents checked at once");
    }

    #[test]
    fn the_wait_it_names_is_enough_and_retry_after_pauses_everything() {
        let mut b = Budget::new(0);
        while b.take(0).is_ok() {}
        let wait = b.take(0).expect_err("empty");
        assert!(b.take(wait - 1).is_err() && b.take(wait).is_ok(), "wait {wait} ms");
        let mut p = Budget::new(0);
        p.pause(0, 30);
        assert_eq!(p.take(1_000), Err(29_000));
        assert!(p.take(30_000).is_ok());
    }

    #[test]
    fn walks_go_oldest_first_and_fit_the_interval() {
        let order = oldest_first(&[(5, Some(300)), (2, None), (9, Some(100)), (1, Some(300)), (7, None)]);
        assert_eq!(order, vec![2, 7, 9, 1, 5]);
        assert_eq!(walk_size(30), 75);
        assert_eq!(walk_size(0), 30);
    }
}
