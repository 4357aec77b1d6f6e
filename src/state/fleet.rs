//! The agents of the current tenant and region: loading the list, checking
//! each agent's true status with bounded concurrency, auto-refresh that
//! pauses in a hidden tab and backs off on 503, and wake-ups. (The
//! heartbeat way of checking a large tenant is `heartbeats.rs`.)

use super::action_log::ActionLog;
use super::auth::Auth;
use super::clock::{after_next_paint, now_ms, sleep_ms};
use super::events::EventFeed;
use super::perf;
use crate::api::types::AgentV1;
use crate::api::ApiError;
use crate::domain::backoff;
use crate::domain::budget::{self, Budget};
use crate::domain::fleet::FleetData;
use crate::domain::prefs::StatusWay;
use crate::domain::session::Session;
use crate::domain::status::AgentStatus;
use crate::domain::wake::{WakeRun, WakeSummary};
use futures::channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Agent-details requests in flight at once (what a browser gives one host).
pub const CONCURRENCY: usize = 6;
/// Above this many agents, statuses come from heartbeats (one activation
/// and a few reads of the project's events) instead of one details request
/// per agent; below it, details are cheap and also give the last backup.
pub const HEARTBEAT_THRESHOLD: usize = 100;
/// How often results are applied to the table while checks run.
pub(super) const FLUSH_MS: u64 = 200;
/// Attempts per agent when the API is busy or unreachable.
pub(super) const ATTEMPTS: u32 = 3;

pub(super) type Checked = (u64, Result<AgentV1, ApiError>, i64);

#[derive(Clone, Copy)]
pub struct Fleet {
    pub data: RwSignal<FleetData>,
    /// The list is loading.
    pub loading: RwSignal<bool>,
    /// Status checks: (done, total) while they run.
    pub checking: RwSignal<Option<(usize, usize)>>,
    /// Why the last list load failed.
    pub error: RwSignal<Option<ApiError>>,
    /// A transient condition the user should see (503 back-off).
    pub notice: RwSignal<Option<String>>,
    /// Agent records of the last list that could not be read, and why.
    pub rejected: RwSignal<Vec<String>>,
    pub updated_ms: RwSignal<Option<i64>>,
    pub auto_refresh: RwSignal<bool>,
    pub next_refresh_ms: RwSignal<Option<i64>>,
    pub woke_ms: RwSignal<Option<i64>>,
    pub wake: RwSignal<Option<WakeRun>>,
    pub wake_summary: RwSignal<Option<WakeSummary>>,
    pub wake_error: RwSignal<Option<ApiError>>,
    pub waking_up: RwSignal<bool>,
    /// Bumped when the tenant or region changes: older work stops.
    pub(super) generation: StoredValue<u64>,
    failures: StoredValue<u32>,
    pub(super) pending: StoredValue<Vec<Checked>, LocalStorage>,
    /// The tab's request budget for status checks (kept across tenants).
    pub(super) budget: StoredValue<Budget>,
    /// The agents whose rows are on screen, top to bottom (checked first).
    pub(super) on_screen: StoredValue<Vec<u64>>,
    /// A large tenant waits for the user to say how its statuses may be
    /// read (the number of agents), see `heartbeats.rs`.
    pub status_choice: RwSignal<Option<usize>>,
    /// The answer, once given, for this tenant and region.
    pub(super) status_way: StoredValue<Option<StatusWay>>,
    pub(super) choice_waiter: StoredValue<Option<oneshot::Sender<StatusWay>>, LocalStorage>,
}

impl Fleet {
    pub fn new() -> Fleet {
        Fleet {
            data: RwSignal::new(FleetData::default()),
            loading: RwSignal::new(false),
            checking: RwSignal::new(None),
            error: RwSignal::new(None),
            notice: RwSignal::new(None),
            rejected: RwSignal::new(Vec::new()),
            updated_ms: RwSignal::new(None),
            auto_refresh: RwSignal::new(true),
            next_refresh_ms: RwSignal::new(None),
            woke_ms: RwSignal::new(None),
            wake: RwSignal::new(None),
            wake_summary: RwSignal::new(None),
            wake_error: RwSignal::new(None),
            waking_up: RwSignal::new(false),
            generation: StoredValue::new(0),
            failures: StoredValue::new(0),
            pending: StoredValue::new_local(Vec::new()),
            budget: StoredValue::new(Budget::new(now_ms())),
            on_screen: StoredValue::new(Vec::new()),
            status_choice: RwSignal::new(None),
            status_way: StoredValue::new(None),
            choice_waiter: StoredValue::new_local(None),
        }
    }

    /// True while a load or a status walk runs (a refresh then joins it).
    /// Statuses come from heartbeats on the event feed (a large tenant whose
    /// v2 agents are known), not from a walk of agent details.
    fn by_heartbeat(&self) -> bool {
        self.data.with_untracked(|d| d.agents.len() > HEARTBEAT_THRESHOLD && d.has_v2_map())
    }

    pub fn busy(&self) -> bool {
        self.loading.get_untracked() || self.checking.get_untracked().is_some()
    }

    /// Forgets everything (sign-out, or another tenant or region).
    pub fn reset(&self) {
        self.generation.update_value(|g| *g += 1);
        self.data.set(FleetData::default());
        self.loading.set(false);
        self.checking.set(None);
        self.error.set(None);
        self.notice.set(None);
        self.rejected.set(Vec::new());
        self.updated_ms.set(None);
        self.next_refresh_ms.set(None);
        self.woke_ms.set(None);
        self.wake.set(None);
        self.wake_summary.set(None);
        self.wake_error.set(None);
        self.failures.set_value(0);
        self.pending.update_value(Vec::clear);
        self.status_choice.set(None);
        self.status_way.set_value(None);
        // Dropping the sender ends a wait for the choice.
        self.choice_waiter.set_value(None);
    }

    /// The table tells which agents' rows are on screen (checked first).
    pub fn set_on_screen(&self, ids: Vec<u64>) {
        self.on_screen.set_value(ids);
    }

    /// The agents the next walk checks: rows on screen first, then those
    /// checked longest ago, as many as the budget allows between two
    /// refreshes (the next refresh goes on from there).
    fn walk_order(&self, interval_s: u32) -> Vec<u64> {
        let (shown, rest): (Vec<_>, Vec<_>) = self.on_screen.with_value(|on_screen| {
            self.data.with_untracked(|d| {
                d.agents.iter().map(|a| (a.id, a.seen.map(|o| o.at_ms))).partition(|(id, _)| on_screen.contains(id))
            })
        });
        let mut order = budget::oldest_first(&shown);
        order.extend(budget::oldest_first(&rest));
        order.truncate(budget::walk_size(interval_s));
        order
    }

    /// Statuses of all agents now, by id.
    pub fn statuses(&self, now: i64) -> Vec<(u64, AgentStatus)> {
        let woke = self.woke_ms.get_untracked();
        self.data.with_untracked(|d| d.agents.iter().map(|a| (a.id, a.status(woke, now))).collect())
    }

    /// Loads the list, then checks every agent's status. Does nothing while
    /// a load or check is already running: the caller joins it.
    pub async fn refresh(self, auth: Auth, events: EventFeed, log: ActionLog, interval_s: u32) {
        if self.busy() {
            return;
        }
        let generation = self.generation.get_value();
        perf::mark("refresh-start");
        perf::mark_wasm_memory();
        self.loading.set(true);
        let listed = auth.call(|c| async move { c.list_agents().await }).await;
        if self.generation.get_value() != generation {
            return;
        }
        self.loading.set(false);
        match listed {
            Ok(list) => {
                self.data.update(|d| d.replace_list(&list.items));
                self.rejected.set(list.rejected);
                perf::mark("data-arrived");
                perf::measure_after_paint("first-rows", "data-arrived", "rows-painted");
                self.error.set(None);
                self.notice.set(None);
                self.updated_ms.set(Some(now_ms()));
                self.failures.set_value(0);
                self.next_refresh_ms.set(Some(now_ms() + i64::from(interval_s) * 1000));
                // Let the rows paint before the (heavier) status work starts.
                after_next_paint().await;
                let ids = self.data.with_untracked(FleetData::ids);
                let read_only = auth.session.with_untracked(|s| s.as_ref().and_then(Session::write_block).is_some());
                let bulk = ids.len() > HEARTBEAT_THRESHOLD
                    && !read_only
                    && self.may_ask_agents(auth, events, ids.len()).await == StatusWay::AskAgents;
                if self.generation.get_value() != generation {
                    return;
                }
                if !bulk || self.check_by_heartbeat(auth, events, log).await.is_err() {
                    self.check(auth, self.walk_order(interval_s)).await;
                }
                if self.generation.get_value() == generation {
                    perf::mark("statuses-confirmed");
                    perf::measure("status", "refresh-start", "statuses-confirmed");
                }
            }
            Err(e) => {
                let failures = self.failures.get_value() + 1;
                self.failures.set_value(failures);
                let wait = backoff::next_wait_ms(failures, e.is_retryable(), e.retry_after(), interval_s);
                self.next_refresh_ms.set(Some(now_ms() + wait));
                if e.is_retryable() {
                    self.notice.set(Some(format!("{e} Retrying automatically in {} s.", wait / 1000)));
                }
                self.error.set(Some(e));
            }
        }
    }

    /// Wakes every agent of the tenant, then re-checks the ones that were not
    /// online every 5 s for the 20 s agents need, and summarises.
    pub async fn wake_up(self, auth: Auth, log: ActionLog) {
        if self.waking_up.get_untracked() {
            return;
        }
        self.waking_up.set(true);
        self.wake_error.set(None);
        self.wake_summary.set(None);
        let generation = self.generation.get_value();
        let sent = auth.call(|c| async move { c.wake_up_agents().await }).await;
        auth.note_refused(&sent);
        log.record(&auth, "", "Wake up agents", &sent, "Wake-up sent to every agent of the tenant");
        if let Err(e) = sent {
            self.wake_error.set(Some(e));
            self.waking_up.set(false);
            return;
        }
        let sent_ms = now_ms();
        let run = WakeRun::new(sent_ms, self.statuses(sent_ms));
        self.woke_ms.set(Some(sent_ms));
        self.wake.set(Some(run.clone()));
        for _ in 0..4 {
            sleep_ms(5_000).await;
            if self.generation.get_value() != generation {
                self.waking_up.set(false);
                return;
            }
            // A large tenant whose statuses come from heartbeats hears the
            // woken agents on the event feed: walking their details (at most
            // 120 a minute) would keep the fleet busy, and auto-refresh
            // paused, for as long as 25 minutes at 10,000 agents.
            if self.by_heartbeat() {
                continue;
            }
            let now = now_ms();
            let waiting: Vec<u64> = self
                .statuses(now)
                .into_iter()
                .filter(|(id, s)| run.is_target(*id) && *s != AgentStatus::Online)
                .map(|(id, _)| id)
                .collect();
            // Joins a running check rather than doubling the requests.
            while self.checking.get_untracked().is_some() {
                sleep_ms(250).await;
            }
            self.check(auth, waiting).await;
        }
        let summary = run.summarize(self.statuses(now_ms()));
        log.record::<()>(&auth, "", "Wake-up result", &Ok(()), &summary.sentence());
        self.wake_summary.set(Some(summary));
        self.wake.set(None);
        self.waking_up.set(false);
    }

    /// Runs for the life of the page: refreshes when due, while signed in,
    /// auto-refresh is on and the tab is visible.
    pub fn start_auto_refresh(
        self,
        auth: Auth,
        events: EventFeed,
        log: ActionLog,
        interval_s: impl Fn() -> u32 + 'static,
    ) {
        spawn_local(async move {
            loop {
                sleep_ms(1_000).await;
                let due = self.next_refresh_ms.get_untracked().is_some_and(|t| now_ms() >= t);
                let visible = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
                if due
                    && visible
                    && self.auto_refresh.get_untracked()
                    && !self.busy()
                    && auth.session.with_untracked(Option::is_some)
                    && !auth.reauth.get_untracked()
                {
                    self.refresh(auth, events, log, interval_s()).await;
                }
            }
        });
    }
}

impl Default for Fleet {
    fn default() -> Self {
        Self::new()
    }
}
