//! Browse requests (API-REFERENCE §7.7): asked of an agent (its live files)
//! or of a backup (read through an agent); the agent answers a moment later
//! if it is online, and the answer is transient: it goes after about a
//! minute, as the docs warn.

use super::{timing, World};
use std::time::Instant;

/// Nominal seconds until an online agent has answered, and how long the
/// answer stays.
pub const ANSWER_AFTER: f64 = 1.0;
pub const KEPT_FOR: f64 = 60.0;

#[derive(Debug, Clone)]
pub struct BrowseRequest {
    pub id: String,
    /// The agent that answers.
    pub agent: usize,
    /// The backup browsed (`None`: the agent's own files).
    pub backup: Option<u64>,
    pub path: String,
    /// When the agent answered (`None` while it has not).
    pub answered: Option<Instant>,
    pub answered_ms: Option<i64>,
    /// Earliest time the agent can answer.
    pub not_before: Instant,
    /// An encrypted vault and a wrong password: the answer says it failed.
    pub password_wrong: bool,
}

impl World {
    /// Records a browse request; returns its ID.
    pub fn request_browse(
        &mut self,
        agent: usize,
        backup: Option<u64>,
        path: &str,
        password_wrong: bool,
        now: Instant,
    ) -> String {
        let id = self.rng.uuid();
        let not_before = self.clock.after(now, ANSWER_AFTER);
        self.browses.push(BrowseRequest {
            id: id.clone(),
            agent,
            backup,
            path: path.into(),
            answered: None,
            answered_ms: None,
            not_before,
            password_wrong,
        });
        id
    }

    /// Answers what agents can answer by now and forgets old answers.
    pub(super) fn advance_browses(&mut self, now: Instant) {
        let clock = self.clock;
        let agents = &self.agents;
        for b in self.browses.iter_mut().filter(|b| b.answered.is_none() && b.not_before <= now) {
            if agents[b.agent].online(now) {
                b.answered = Some(now);
                b.answered_ms = Some(crate::clock::epoch_ms());
            } else {
                b.not_before = clock.after(now, timing::RECHECK);
            }
        }
        self.browses.retain(|b| b.answered.is_none_or(|at| clock.after(at, KEPT_FOR) > now));
    }

    /// The answered request `id` (of `agent`, or of `backup`), if it is still kept.
    pub fn browse_answer(&self, id: &str) -> Option<&BrowseRequest> {
        self.browses.iter().find(|b| b.id == id && b.answered.is_some())
    }
}
