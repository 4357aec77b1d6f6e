//! Cleanups on the simulated clock: asked for (v2 `POST /cleanups`), run
//! once the agent is online, and end Completed, or Stopped on request.

use super::{timing, World};
use crate::clock::epoch_ms;
use std::time::Instant;

/// A vault cleanup (removing what retention no longer keeps).
#[derive(Debug, Clone)]
pub struct Cleanup {
    pub id: u64,
    pub agent: usize,
    /// v1 state names: StartRequested, InProgress, StopRequested, Completed, Stopped.
    pub state: &'static str,
    /// When the state last changed.
    pub time_ms: i64,
    pub started_ms: Option<i64>,
    pub ended_ms: Option<i64>,
    pub next_at: Option<Instant>,
}

impl Cleanup {
    /// A UUID-shaped v2 ID derived from the v1 number.
    pub fn v2_id(&self) -> String {
        format!("{:08x}-0000-4000-8002-{:012x}", self.id & 0xffff_ffff, self.id)
    }

    pub fn is_final(&self) -> bool {
        matches!(self.state, "Completed" | "Stopped")
    }
}

/// Nominal seconds a cleanup runs.
pub const CLEANUP_RUNS: f64 = 5.0;

impl World {
    /// Starts a cleanup of `agent`'s vault; returns its v1 ID, or the one
    /// already running.
    pub fn start_cleanup(&mut self, agent: usize, now: Instant) -> Result<u64, u64> {
        if let Some(running) = self.cleanups.values().find(|c| c.agent == agent && !c.is_final()) {
            return Err(running.id);
        }
        let id = self.cleanups.keys().next_back().map_or(9_000_001, |last| last + 1);
        let cleanup = Cleanup {
            id,
            agent,
            state: "StartRequested",
            time_ms: epoch_ms(),
            started_ms: None,
            ended_ms: None,
            next_at: Some(now),
        };
        self.cleanups.insert(id, cleanup);
        Ok(id)
    }

    /// Asks a running cleanup to stop; `false` when it has ended.
    pub fn stop_cleanup(&mut self, id: u64) -> bool {
        let Some(c) = self.cleanups.get_mut(&id).filter(|c| !c.is_final()) else { return false };
        c.state = "Stopped";
        c.time_ms = epoch_ms();
        c.ended_ms = Some(c.time_ms);
        c.next_at = None;
        true
    }

    pub(super) fn advance_cleanups(&mut self, now: Instant) {
        let clock = self.clock;
        let due: Vec<u64> =
            self.cleanups.values().filter(|c| c.next_at.is_some_and(|t| t <= now)).map(|c| c.id).collect();
        for id in due {
            let Some(agent) = self.cleanups.get(&id).map(|c| c.agent) else { continue };
            let online = self.agents[agent].online(now);
            let Some(c) = self.cleanups.get_mut(&id) else { continue };
            match c.state {
                "StartRequested" if online => {
                    c.state = "InProgress";
                    c.started_ms = Some(epoch_ms());
                    c.next_at = Some(clock.after(now, CLEANUP_RUNS));
                }
                "StartRequested" => c.next_at = Some(clock.after(now, timing::RECHECK)),
                _ => {
                    c.state = "Completed";
                    c.ended_ms = Some(epoch_ms());
                    c.next_at = None;
                }
            }
            c.time_ms = epoch_ms();
        }
    }
}
