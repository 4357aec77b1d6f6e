//! The status walk: each agent's details, a handful at a time and within
//! the tab's request budget (`domain::budget`), rows on screen first; the
//! results reach the table in batches.

use super::auth::Auth;
use super::clock::{now_ms, sleep_ms};
use super::fleet::{Fleet, ATTEMPTS, CONCURRENCY, FLUSH_MS};
use crate::api::types::AgentV1;
use crate::api::ApiError;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;

impl Fleet {
    /// Checks the true status of `ids` (in the order given) with agent
    /// details, at most [`CONCURRENCY`] at a time and within the tab's
    /// request budget; the rows on screen go first whenever a request is
    /// free. Results are applied to the table in batches.
    pub async fn check(self, auth: Auth, ids: Vec<u64>) {
        if ids.is_empty() {
            return;
        }
        let generation = self.generation.get_value();
        let total = ids.len();
        self.checking.set(Some((0, total)));
        let queue = Rc::new(RefCell::new(ids.into_iter().collect::<VecDeque<u64>>()));
        let workers: Vec<_> = (0..CONCURRENCY.min(total))
            .map(|_| {
                let queue = queue.clone();
                async move {
                    loop {
                        if !self.spend_budget(generation).await {
                            break;
                        }
                        let Some(id) = self.next_to_check(&mut queue.borrow_mut()) else {
                            break;
                        };
                        let result = self.details_with_retry(auth, id).await;
                        if self.generation.get_value() != generation {
                            break;
                        }
                        self.pending.update_value(|p| p.push((id, result, now_ms())));
                        self.schedule_flush();
                    }
                }
            })
            .collect();
        futures::future::join_all(workers).await;
        if self.generation.get_value() == generation {
            self.flush();
            self.checking.set(None);
        }
    }

    /// Waits for the budget to allow one request; false when the work was
    /// cancelled meanwhile (another tenant, or signed out).
    async fn spend_budget(&self, generation: u64) -> bool {
        loop {
            if self.generation.get_value() != generation {
                return false;
            }
            match self.budget.try_update_value(|b| b.take(now_ms())) {
                Some(Ok(())) | None => return true,
                Some(Err(wait_ms)) => sleep_ms(u64::try_from(wait_ms).unwrap_or(1_000)).await,
            }
        }
    }

    /// The next agent of the walk: a row on screen if one is still queued,
    /// otherwise the queue's next.
    fn next_to_check(&self, queue: &mut VecDeque<u64>) -> Option<u64> {
        let on_screen =
            self.on_screen.with_value(|shown| shown.iter().find_map(|id| queue.iter().position(|q| q == id)));
        match on_screen {
            Some(at) => queue.remove(at),
            None => queue.pop_front(),
        }
    }

    async fn details_with_retry(&self, auth: Auth, id: u64) -> Result<AgentV1, ApiError> {
        let mut attempt = 1;
        loop {
            let r = auth.call(|c| async move { c.agent_details(id).await }).await;
            match r {
                Err(e) if e.is_retryable() && attempt < ATTEMPTS => {
                    if let Some(s) = e.retry_after() {
                        // Every worker waits, not only this one.
                        self.budget.update_value(|b| b.pause(now_ms(), s));
                    }
                    sleep_ms(e.retry_after().map(|s| u64::from(s) * 1000).unwrap_or(1000)).await;
                    attempt += 1;
                }
                other => return other,
            }
        }
    }

    /// Applies pending results soon, in one batch with any that follow.
    fn schedule_flush(&self) {
        if self.pending.with_value(|p| p.len() == 1) {
            let fleet = *self;
            spawn_local(async move {
                sleep_ms(FLUSH_MS).await;
                fleet.flush();
            });
        }
    }

    /// Applies the results gathered so far in one update of the table; the
    /// progress counts what the table shows.
    fn flush(&self) {
        let batch = self.pending.try_update_value(std::mem::take).unwrap_or_default();
        if batch.is_empty() {
            return;
        }
        let applied = batch.len();
        self.data.update(|d| {
            for (id, result, at) in batch {
                match result {
                    Ok(details) => {
                        if let Some(a) = d.get_mut(id) {
                            a.apply_details(&details, at);
                        }
                    }
                    Err(e) => {
                        if let Some(a) = d.get_mut(id) {
                            a.check_error = Some(crate::domain::text::visible(&e.to_string()).into_owned());
                        }
                    }
                }
            }
        });
        if let Some((done, total)) = self.checking.get_untracked() {
            self.checking.set(Some(((done + applied).min(total), total)));
        }
    }
}
