//! The action log of this session (see `domain::action_log`).

use super::auth::Auth;
use super::clock::now_ms;
use crate::api::ApiError;
use crate::domain::action_log::Entry;
use crate::domain::text::visible;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct ActionLog {
    pub entries: RwSignal<Vec<Entry>>,
}

impl ActionLog {
    pub fn new() -> ActionLog {
        ActionLog { entries: RwSignal::new(Vec::new()) }
    }

    /// Forgets every entry (at sign-out: they name the tenant's agents).
    pub fn clear(&self) {
        self.entries.set(Vec::new());
    }

    /// Records an action and its outcome. `done` says what happened on success.
    /// Nothing is recorded once signed out: a request aborted by the
    /// sign-out must not refill the log that the sign-out cleared.
    pub fn record<T>(&self, auth: &Auth, agent: &str, action: &str, outcome: &Result<T, ApiError>, done: &str) {
        let Some((tenant, region)) =
            auth.session.with_untracked(|s| s.as_ref().map(|s| (s.tenant_id.clone(), s.region.clone())))
        else {
            return;
        };
        let (ok, result) = match outcome {
            Ok(_) => (true, done.to_string()),
            Err(e) => (false, visible(&e.to_string()).into_owned()),
        };
        let entry =
            Entry { at_ms: now_ms(), tenant, region, agent: agent.to_string(), action: action.to_string(), ok, result };
        self.entries.update(|e| e.push(entry));
    }
}

impl Default for ActionLog {
    fn default() -> Self {
        Self::new()
    }
}
