//! A tenant-wide wake-up as the user watches it: sent, a 20 s countdown while
//! statuses are re-polled, then a summary of who came online.

use super::status::{AgentStatus, WAKE_WINDOW_MS};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WakeRun {
    pub sent_ms: i64,
    /// Agents that were not online (nor disabled) when the wake-up was
    /// sent, sorted (see [`WakeRun::is_target`]).
    pub targets: Vec<u64>,
    pub already_online: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct WakeSummary {
    pub woke: usize,
    pub still_offline: usize,
    pub already_online: usize,
}

impl WakeRun {
    /// Starts a run from the statuses at the moment the request was sent.
    pub fn new(sent_ms: i64, statuses: impl IntoIterator<Item = (u64, AgentStatus)>) -> WakeRun {
        let mut targets = Vec::new();
        let mut already_online = 0;
        for (id, s) in statuses {
            match s {
                AgentStatus::Online => already_online += 1,
                AgentStatus::Disabled => {}
                _ => targets.push(id),
            }
        }
        super::order::sort_by(&mut targets, &|a, b| a.cmp(b));
        targets.dedup();
        WakeRun { sent_ms, targets, already_online }
    }

    /// The agent was one of those asked to wake up.
    pub fn is_target(&self, id: u64) -> bool {
        self.targets.binary_search(&id).is_ok()
    }

    /// Whole seconds left in the countdown.
    pub fn seconds_left(&self, now_ms: i64) -> i64 {
        (((self.sent_ms + WAKE_WINDOW_MS - now_ms).max(0) + 999) / 1000).min(WAKE_WINDOW_MS / 1000)
    }

    pub fn is_over(&self, now_ms: i64) -> bool {
        now_ms >= self.sent_ms + WAKE_WINDOW_MS
    }

    pub fn summarize(&self, statuses: impl IntoIterator<Item = (u64, AgentStatus)>) -> WakeSummary {
        let mut s = WakeSummary { already_online: self.already_online, ..Default::default() };
        for (id, status) in statuses {
            if self.is_target(id) {
                if status == AgentStatus::Online {
                    s.woke += 1;
                } else {
                    s.still_offline += 1;
                }
            }
        }
        s
    }
}

impl WakeSummary {
    pub fn sentence(&self) -> String {
        let plural = |n: usize| if n == 1 { "agent" } else { "agents" };
        format!(
            "Wake-up finished: {} {} came online, {} still offline, {} already online.",
            self.woke,
            plural(self.woke),
            self.still_offline,
            self.already_online
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AgentStatus::*;

    #[test]
    fn counts_who_woke_and_who_did_not() {
        let run = WakeRun::new(1_000, [(1, Online), (2, Offline), (3, Unknown), (4, Disabled), (5, Offline)]);
        assert_eq!(run.targets, vec![2, 3, 5]);
        assert!(run.is_target(3) && !run.is_target(1));
        let s = run.summarize([(1, Online), (2, Online), (3, Offline), (4, Disabled), (5, Online)]);
        assert_eq!(s, WakeSummary { woke: 2, still_offline: 1, already_online: 1 });
        assert_eq!(s.sentence(), "Wake-up finished: 2 agents came online, 1 still offline, 1 already online.");
    }

    #[test]
    fn the_countdown_runs_twenty_seconds() {
        let run = WakeRun::new(0, []);
        assert_eq!(run.seconds_left(0), 20);
        assert_eq!(run.seconds_left(-900), 20, "a clock a tick behind never shows 21");
        assert_eq!(run.seconds_left(19_500), 1);
        assert_eq!(run.seconds_left(25_000), 0);
        assert!(!run.is_over(19_999) && run.is_over(20_000));
    }
}
