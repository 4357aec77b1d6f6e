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
