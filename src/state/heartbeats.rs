//! True statuses for a large tenant from heartbeats: ask every agent to
//! report, read the heartbeats from the project's events, and keep
//! following the event feed, whose heartbeats confirm agents online. The
//! fleet is the feed's [`FeedListener`]; the feed itself knows nothing of
//! the fleet.

use super::action_log::ActionLog;
use super::auth::Auth;
use super::clock::{now_ms, sleep_ms};
use super::events::{EventFeed, FeedListener};
use super::fleet::Fleet;
use super::prefs;
use crate::api::types::EventV2;
use crate::api::{ApiError, SortDir};
use crate::domain::prefs::StatusWay;
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// After asking agents to report, wait at least this long for heartbeats…
const GRACE_MIN_MS: i64 = 1_500;
/// …and at most this long; agents silent by then are offline for now.
const GRACE_MAX_MS: i64 = 10_000;
/// How often the events are read while waiting for heartbeats.
const HEARTBEAT_POLL_MS: u64 = 400;

impl Fleet {
    /// How this tenant's statuses may be read. Asking agents to report
    /// changes how the customer's agents behave, so the console says so
    /// before doing it: agents already active (set from here) change
    /// nothing; otherwise the choice made for this tenant (this session, or
    /// remembered in this browser), or else the user's answer to the notice
    /// `status_choice` shows (`StatusChoice` on the agents page).
    pub(super) async fn may_ask_agents(self, auth: Auth, events: EventFeed, agents: usize) -> StatusWay {
        if events.active_since().is_some() {
            return StatusWay::AskAgents;
        }
        let tenant = auth.session.with_untracked(|s| s.as_ref().map(|s| s.tenant_id.clone())).unwrap_or_default();
        if let Some(way) = self.status_way.get_value().or_else(|| prefs::load().status_way(&tenant)) {
            return way;
        }
        let (tx, rx) = oneshot::channel();
        self.choice_waiter.set_value(Some(tx));
        self.status_choice.set(Some(agents));
        // Busy while waiting, so an auto-refresh joins this one.
        self.checking.set(Some((0, agents)));
        let way = rx.await.unwrap_or(StatusWay::ReadOnly);
        let _ = self.status_choice.try_set(None);
        way
    }

    /// The user's answer to the notice: used for this tenant from now on,
    /// and kept in this browser when `remember`.
    pub fn choose(&self, tenant: &str, way: StatusWay, remember: bool) {
        self.status_way.set_value(Some(way));
        if remember {
            prefs::remember_status_way(tenant, Some(way));
        }
        if let Some(tx) = self.choice_waiter.try_update_value(Option::take).flatten() {
            let _ = tx.send(way);
        }
    }

    /// Statuses for a large tenant in a handful of requests: ask every agent
    /// to report (`agent_activate` active, unless agents already are), read
    /// the heartbeats from the project's events, and count agents silent
    /// after the grace period as offline for now (they turn online as soon
    /// as their heartbeat arrives: the event feed keeps following). The last
    /// successful backups come from the tenant's activity in one request.
    /// An error (a 403 for a read-only token, say) leaves it to the caller to
    /// fall back to agent details.
    pub(super) async fn check_by_heartbeat(
        self,
        auth: Auth,
        events: EventFeed,
        log: ActionLog,
    ) -> Result<(), ApiError> {
        let generation = self.generation.get_value();
        let total = self.data.with_untracked(|d| d.agents.len());
        self.checking.set(Some((0, total)));
        // The last backups come from the whole activity (tens of MB at
        // 10,000 agents): read beside the statuses, never before them.
        spawn_local(async move {
            if let Ok(list) = auth.call(|c| async move { c.user_activity().await }).await {
                let _ = self.data.try_update(|d| d.apply_activity(&list));
            }
        });
        let newest = auth.call(|c| async move { c.project_events(None, Some(1), Some(SortDir::Desc)).await });
        let ((), newest) = futures::future::join(self.learn_v2_ids(auth), newest).await;
        let mut marker = newest.map(|p| p.events.first().map(|e| e.id.clone()))?;
        let activated = match events.active_since() {
            Some(at) => at,
            None => events.activate_for_status_check(auth, log).await?,
        };
        // Ends once no agent newly answers (an online agent beats every
        // second: counting beats, not agents, would wait out the maximum).
        let mut answered_before = 0;
        loop {
            sleep_ms(HEARTBEAT_POLL_MS).await;
            if self.generation.get_value() != generation {
                return Ok(());
            }
            loop {
                let page = auth
                    .call(|c| {
                        let m = marker.clone();
                        async move { c.project_events(m.as_deref(), Some(1000), Some(SortDir::Asc)).await }
                    })
                    .await?;
                let full = page.events.len() >= 1000;
                let before = marker.clone();
                if let Some(last) = page.events.last() {
                    marker = Some(last.id.clone());
                }
                self.take_heartbeats(&page.events);
                // A full page that did not move the marker (an API that
                // ignores it) would be asked for again for ever.
                if !full || marker == before {
                    break;
                }
            }
            let answered = self.data.with_untracked(|d| {
                d.agents.iter().filter(|a| a.seen.is_some_and(|o| o.online && o.at_ms >= activated)).count()
            });
            self.checking.set(Some((answered, total)));
            let waited = now_ms() - activated;
            let settled = answered > 0 && answered == answered_before;
            if waited >= GRACE_MAX_MS || (waited >= GRACE_MIN_MS && settled) {
                break;
            }
            answered_before = answered;
        }
        // Silent since the activation: not answering now.
        self.data.update(|d| {
            for a in d.agents.iter_mut().filter(|a| !a.disabled) {
                if a.seen.is_none_or(|o| o.at_ms < activated) {
                    a.observe(false, activated);
                }
            }
        });
        self.checking.set(None);
        events.follow(auth, self);
        Ok(())
    }

    /// After the user set a mode that makes agents active: follows the
    /// event feed, whose heartbeats confirm agents online. Setting a mode
    /// wakes no agent in the table: only a wake-up does.
    pub fn follow_events(self, auth: Auth, events: EventFeed) {
        spawn_local(async move {
            self.learn_v2_ids(auth).await;
            events.follow(auth, self);
        });
    }

    /// Heartbeats name v2 agents: learn which v1 agent each one is, once.
    async fn learn_v2_ids(&self, auth: Auth) {
        if self.data.with_untracked(|d| d.has_v2_map()) {
            return;
        }
        if let Ok(agents) = auth.call(|c| async move { c.list_agents_v2().await }).await {
            self.data.update(|d| d.learn_v2(agents.iter().filter_map(|a| Some((a.id.as_str(), a.host_machine_id()?)))));
        }
    }
}

impl FeedListener for Fleet {
    fn take_heartbeats(&self, events: &[EventV2]) -> usize {
        let beats: Vec<(String, i64)> = events
            .iter()
            .filter(|e| e.event == "agent_heartbeat" || e.event == "heartbeat")
            .filter_map(|e| Some((e.agent.as_ref()?.id.clone(), e.time?)))
            .collect();
        if beats.is_empty() {
            return 0;
        }
        let mut confirmed = 0;
        self.data.update(|d| {
            for (v2, t) in &beats {
                if let Some(a) = d.by_v2(v2).and_then(|id| d.get_mut(id)) {
                    confirmed += usize::from(!a.seen.is_some_and(|o| o.online && o.at_ms >= *t));
                    a.observe(true, *t);
                }
            }
        });
        confirmed
    }

    fn label(&self, v2_id: &str) -> Option<String> {
        self.data.with_untracked(|d| d.by_v2(v2_id).and_then(|id| d.get(id)).map(|a| format!("{} ({})", a.name, a.id)))
    }
}
