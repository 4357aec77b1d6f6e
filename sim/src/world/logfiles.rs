//! Log file requests: requested, started once the agent is online, then
//! completed with a download (see `routes/files.rs`).

use super::{timing, World};
use crate::clock::epoch_ms;
use std::time::Instant;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogState {
    Requested,
    Started,
    Completed,
}

impl LogState {
    pub fn name(self) -> &'static str {
        match self {
            LogState::Requested => "requested",
            LogState::Started => "started",
            LogState::Completed => "completed",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Logfile {
    pub id: String,
    pub agent: usize,
    pub date_ms: i64,
    pub state: LogState,
    pub next_at: Option<Instant>,
    pub signature: String,
    /// Deleted log files stay in the list (indices stay valid) but are found no more.
    pub deleted: bool,
}

impl World {
    pub(super) fn advance_logfiles(&mut self, now: Instant) {
        let mut events = Vec::new();
        for i in 0..self.logfiles.len() {
            let lf = &self.logfiles[i];
            if lf.next_at.is_none_or(|t| t > now) {
                continue;
            }
            let online = self.agents[lf.agent].online(now);
            let clock = self.clock;
            let lf = &mut self.logfiles[i];
            match lf.state {
                LogState::Requested if online => {
                    lf.state = LogState::Started;
                    lf.next_at = Some(clock.after(now, timing::LOG_UPLOAD));
                    events.push((lf.agent, lf.id.clone(), "logfile_started"));
                }
                LogState::Requested => lf.next_at = Some(clock.after(now, timing::RECHECK)),
                LogState::Started => {
                    lf.state = LogState::Completed;
                    lf.next_at = None;
                    events.push((lf.agent, lf.id.clone(), "logfile_upload"));
                    events.push((lf.agent, lf.id.clone(), "logfile_completed"));
                }
                LogState::Completed => lf.next_at = None,
            }
        }
        for (agent, id, name) in events {
            let agent = self.agent_ref(agent);
            self.push_event(epoch_ms(), serde_json::json!({"event": name, "agent": agent, "request_id": id}));
        }
    }

    /// Requests a log file upload from an agent.
    pub fn request_logfile(&mut self, agent: usize, now: Instant) -> usize {
        let id = self.rng.uuid();
        let signature = format!("{:016x}", self.rng.next_u64());
        self.logfiles.push(Logfile {
            id,
            agent,
            date_ms: epoch_ms(),
            state: LogState::Requested,
            next_at: Some(self.clock.after(now, timing::LOG_START)),
            signature,
            deleted: false,
        });
        self.logfiles.len() - 1
    }
}
