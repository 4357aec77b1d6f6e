//! Restore states (v1 `RestoreStateId` and the activity list's
//! `CurrentState` names) and what may be done in each.

/// A restore's state (API-REFERENCE §5.9).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RestoreState {
    Creating,
    Queued,
    InProgress,
    Completed,
    Stopped,
    Failed,
    StartRequested,
    StopRequested,
    CompletedWithErrors,
    Preparing,
    /// A state number or name this console does not know.
    Other,
}

impl RestoreState {
    pub fn from_id(id: Option<u64>) -> RestoreState {
        match id {
            Some(0) => RestoreState::Creating,
            Some(1) => RestoreState::Queued,
            Some(2) => RestoreState::InProgress,
            Some(3) => RestoreState::Completed,
            Some(4) => RestoreState::Stopped,
            Some(5) => RestoreState::Failed,
            Some(6) => RestoreState::StartRequested,
            Some(7) => RestoreState::StopRequested,
            Some(8) => RestoreState::CompletedWithErrors,
            Some(9) => RestoreState::Preparing,
            _ => RestoreState::Other,
        }
    }

    /// Reads an activity `CurrentState`, including the docs' spellings
    /// ("startRequested", "Stoprequested", "Completed WithErrors").
    pub fn from_name(name: &str) -> RestoreState {
        let n: String = name.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
        match n.as_str() {
            "creating" => RestoreState::Creating,
            "queued" => RestoreState::Queued,
            "inprogress" => RestoreState::InProgress,
            "completed" => RestoreState::Completed,
            "stopped" => RestoreState::Stopped,
            "failed" => RestoreState::Failed,
            "startrequested" => RestoreState::StartRequested,
            "stoprequested" => RestoreState::StopRequested,
            "completedwitherrors" => RestoreState::CompletedWithErrors,
            "preparing" => RestoreState::Preparing,
            _ => RestoreState::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            RestoreState::Creating => "Ready to start",
            RestoreState::Queued => "Queued",
            RestoreState::InProgress => "Restoring",
            RestoreState::Completed => "Completed",
            RestoreState::Stopped => "Stopped",
            RestoreState::Failed => "Failed",
            RestoreState::StartRequested => "Start requested",
            RestoreState::StopRequested => "Stopping",
            RestoreState::CompletedWithErrors => "Completed with errors",
            RestoreState::Preparing => "Preparing",
            RestoreState::Other => "Unknown state",
        }
    }

    /// Start is offered from these states.
    pub fn can_start(self) -> bool {
        matches!(self, RestoreState::Creating | RestoreState::Stopped | RestoreState::Failed)
    }

    /// Stop is offered only while the restore runs.
    pub fn can_stop(self) -> bool {
        matches!(
            self,
            RestoreState::Queued | RestoreState::InProgress | RestoreState::StartRequested | RestoreState::Preparing
        )
    }

    /// Still changing: keep polling.
    pub fn is_active(self) -> bool {
        self.can_stop() || self == RestoreState::StopRequested
    }

    /// Over: the report is final.
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            RestoreState::Completed | RestoreState::Stopped | RestoreState::Failed | RestoreState::CompletedWithErrors
        )
    }
}

/// How far a running restore is when its total is known: the percent
/// done and, once files have come, the seconds left at the pace so far.
pub fn progress(restored: u64, total: u64, elapsed_ms: i64) -> (u64, Option<i64>) {
    if total == 0 {
        return (0, None);
    }
    let done = restored.min(total);
    // In u128: a report's counts are any u64 the API sends.
    let percent = (u128::from(done) * 100 / u128::from(total)) as u64;
    let left = (done > 0 && elapsed_ms > 0).then(|| {
        let rest = i64::try_from(total - done).unwrap_or(i64::MAX);
        let pace = i64::try_from(done).unwrap_or(i64::MAX);
        elapsed_ms.saturating_mul(rest) / pace / 1000
    });
    (percent, left)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_names_agree() {
        let names = [
            "Creating",
            "Queued",
            "InProgress",
            "Completed",
            "Stopped",
            "Failed",
            "StartRequested",
            "StopRequested",
            "CompletedWithErrors",
            "Preparing",
        ];
        for (id, name) in names.iter().enumerate() {
            assert_eq!(RestoreState::from_id(Some(id as u64)), RestoreState::from_name(name), "{name}");
        }
        assert_eq!(RestoreState::from_name("startRequested"), RestoreState::StartRequested);
        assert_eq!(RestoreState::from_name("Stoprequested"), RestoreState::StopRequested);
        assert_eq!(RestoreState::from_name("Completed WithErrors"), RestoreState::CompletedWithErrors);
        assert_eq!(RestoreState::from_id(Some(42)), RestoreState::Other);
        assert_eq!(RestoreState::from_id(None), RestoreState::Other);
    }

    #[test]
    fn progress_gives_a_percent_and_the_time_left_at_the_pace_so_far() {
        assert_eq!(progress(250, 1000, 60_000), (25, Some(180)), "a quarter in a minute: three more");
        assert_eq!(progress(0, 1000, 5_000), (0, None), "no pace before the first file");
        assert_eq!(progress(1200, 1000, 60_000), (100, Some(0)), "never over the total");
        assert_eq!(progress(5, 0, 1_000), (0, None), "no total, no percent");
        assert_eq!(progress(u64::MAX, u64::MAX, 1_000), (100, Some(0)), "counts at the top of u64");
        assert_eq!(progress(u64::MAX / 2, u64::MAX, 1_000).0, 49);
    }

    #[test]
    fn start_and_stop_are_offered_only_where_they_make_sense() {
        use RestoreState::*;
        // Every state the API numbers (0-9), and one it does not.
        let all = (0..=10).map(|id| RestoreState::from_id(Some(id)));
        for s in all {
            assert!(!(s.can_start() && s.can_stop()), "{s:?}");
            assert!(!(s.is_active() && s.is_finished()), "{s:?}");
        }
        assert!(Creating.can_start() && Stopped.can_start() && !InProgress.can_start());
        assert!(InProgress.can_stop() && Preparing.can_stop() && !Completed.can_stop() && !StopRequested.can_stop());
        assert!(StopRequested.is_active());
    }
}
