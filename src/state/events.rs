//! Event mode and the live feed of project events: setting `agent_activate`,
//! then polling `GET /v2/{p}/events` with a marker while agents are active.
//! Heartbeats in the feed also confirm agents online in the table: the feed
//! hands them to a [`FeedListener`] (the fleet), so this module needs nothing
//! of the fleet's, and the fleet, which drives the feed, owns the link.

use super::action_log::ActionLog;
use super::auth::Auth;
use super::clock::{now_ms, sleep_ms};
use crate::api::types::EventV2;
use crate::api::{ApiError, EventMode, SortDir};
use crate::domain::event_mode;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Events kept in the feed.
const FEED_SIZE: usize = 50;
/// How often the feed asks for new events while agents are active.
const POLL_MS: u64 = 2_000;

/// One line of the live feed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedItem {
    pub id: String,
    pub time_ms: Option<i64>,
    pub event: String,
    pub agent: String,
    pub detail: String,
}

/// Who takes what the feed reads: heartbeats (which confirm agents online)
/// and the names of the agents events mention.
pub trait FeedListener: Copy + 'static {
    /// Records the heartbeats among `events`; returns how many agents they confirmed.
    fn take_heartbeats(&self, events: &[EventV2]) -> usize;
    /// "name (v1 ID)" of the agent with this v2 ID, if known.
    fn label(&self, v2_id: &str) -> Option<String>;
}

#[derive(Clone, Copy)]
pub struct EventFeed {
    /// The mode this console last set, and when.
    pub mode_set: RwSignal<Option<(EventMode, i64)>>,
    /// When the feed saw agents fall back to idle after that.
    pub fell_back_ms: RwSignal<Option<i64>>,
    pub feed: RwSignal<Vec<FeedItem>>,
    /// Why the feed could not be read, if it could not.
    pub error: RwSignal<Option<ApiError>>,
    polling: StoredValue<bool>,
    marker: StoredValue<Option<String>>,
}

impl EventFeed {
    pub fn new() -> EventFeed {
        EventFeed {
            mode_set: RwSignal::new(None),
            fell_back_ms: RwSignal::new(None),
            feed: RwSignal::new(Vec::new()),
            error: RwSignal::new(None),
            polling: StoredValue::new(false),
            marker: StoredValue::new(None),
        }
    }

    pub fn reset(&self) {
        self.mode_set.set(None);
        self.fell_back_ms.set(None);
        self.feed.set(Vec::new());
        self.error.set(None);
        self.marker.set_value(None);
    }

    /// When the mode set here falls back to idle (an estimate, see `domain::event_mode`).
    pub fn falls_back_at(&self) -> Option<i64> {
        let (mode, at) = self.mode_set.get()?;
        event_mode::fallback_after_ms(mode).map(|d| at + d)
    }

    fn active(&self) -> bool {
        self.active_since().is_some()
    }

    /// When agents were last asked to be active, if they still are as far as
    /// this console knows: set here, not seen falling back, and within the
    /// expected period.
    pub fn active_since(&self) -> Option<i64> {
        let (mode, at) = self.mode_set.get_untracked()?;
        let lasts = event_mode::fallback_after_ms(mode)?;
        (self.fell_back_ms.get_untracked().is_none() && now_ms() < at + lasts).then_some(at)
    }

    /// Asks agents to report (active mode) so the status check can read their
    /// heartbeats; logged like any other action. Returns when it was asked.
    pub async fn activate_for_status_check(&self, auth: Auth, log: ActionLog) -> Result<i64, ApiError> {
        let r = auth.call(|c| async move { c.set_event_mode(EventMode::Active).await }).await;
        auth.note_refused(&r);
        log.record(
            &auth,
            "",
            "Event mode: Active (status check)",
            &r,
            "Agents asked to report so their status can be read",
        );
        r?;
        let at = now_ms();
        self.note_activation(EventMode::Active, at);
        Ok(at)
    }

    /// Records a mode set from this console (here or by the status check).
    pub fn note_activation(&self, mode: EventMode, at_ms: i64) {
        self.mode_set.set(Some((mode, at_ms)));
        self.fell_back_ms.set(None);
    }

    /// Polls the feed until agents are back to idle, handing what it reads
    /// to `listener`. One poller at a time.
    pub fn follow(self, auth: Auth, listener: impl FeedListener) {
        if self.polling.get_value() {
            return;
        }
        self.polling.set_value(true);
        spawn_local(async move {
            while self.active() && auth.session.with_untracked(Option::is_some) {
                self.poll(auth, listener).await;
                sleep_ms(POLL_MS).await;
            }
            self.polling.set_value(false);
        });
    }

    async fn poll(&self, auth: Auth, listener: impl FeedListener) {
        let marker = self.marker.get_value();
        let page = auth
            .call(|c| {
                let marker = marker.clone();
                async move {
                    match marker {
                        // The newest events first, to start the feed from now.
                        None => c.project_events(None, Some(FEED_SIZE as u32), Some(SortDir::Desc)).await,
                        Some(m) => c.project_events(Some(&m), Some(1000), Some(SortDir::Asc)).await,
                    }
                }
            })
            .await;
        let mut events = match page {
            Ok(p) => {
                self.error.set(None);
                p.events
            }
            Err(e) => {
                self.error.set(Some(e));
                return;
            }
        };
        let number = |e: &EventV2| e.id.parse::<u64>().unwrap_or(0);
        crate::domain::order::sort_by(&mut events, &|a, b| number(a).cmp(&number(b)));
        if let Some(last) = events.last() {
            self.marker.set_value(Some(last.id.clone()));
        }
        let set_at = self.mode_set.get_untracked().map(|(_, at)| at).unwrap_or(0);
        for e in &events {
            if e.event == "agent_activate" && e.mode.as_deref() == Some("idle") && e.time.is_some_and(|t| t >= set_at) {
                self.fell_back_ms.set(Some(e.time.unwrap_or_else(now_ms)));
            }
        }
        listener.take_heartbeats(&events);
        let items: Vec<FeedItem> = events.iter().rev().map(|e| item(e, listener)).collect();
        self.feed.update(|f| {
            let mut next = items;
            next.append(f);
            next.truncate(FEED_SIZE);
            *f = next;
        });
    }
}

/// One line of the feed for `e`, its agent named by `listener` where it can.
fn item(e: &EventV2, listener: impl FeedListener) -> FeedItem {
    let agent = e
        .agent
        .as_ref()
        .map(|a| listener.label(&a.id).or_else(|| a.name.clone()).unwrap_or_else(|| a.id.clone()))
        .unwrap_or_default();
    let detail = match (&e.mode, &e.request_id) {
        (Some(m), _) => format!("mode {m}"),
        (_, Some(r)) => format!("request {r}"),
        _ => String::new(),
    };
    FeedItem { id: e.id.clone(), time_ms: e.time, event: e.event.clone(), agent, detail }
}

impl Default for EventFeed {
    fn default() -> Self {
        Self::new()
    }
}
