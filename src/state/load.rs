//! The two ways a view talks to the API, written once.
//!
//! - [`Load`]: a read into a value and an error signal, started by the view
//!   and cancelled when the view goes away (its [`RequestScope`]). A result
//!   that arrives after that is dropped: the signals belong to the view's
//!   owner and are gone with it, so nothing needs a liveness flag.
//! - [`Act`]: a write the user starts: busy while it runs (a second click is
//!   ignored, so nothing is sent twice), its outcome in the action log, its
//!   error on screen, and Retry of the same request where a retry can help.
//!   Writes are not cancelled with the view: they finish and are logged.
//!   What follows a success (reload, watch) is written into the write's own
//!   future, after its answer.

use super::action_log::ActionLog;
use super::auth::Auth;
use super::scope::RequestScope;
use crate::api::{ApiError, Client};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use std::pin::Pin;

/// A read's future, boxed so every read shares one copy of the code that
/// runs it (the bundle pays per instantiation of generic async code).
pub type Reading<T> = Pin<Box<dyn Future<Output = Result<T, ApiError>>>>;

/// A value the view reads from the API, its last error, and whether a read
/// is under way. A failed read keeps the last value on screen.
pub struct Load<T: Send + Sync + 'static> {
    pub value: RwSignal<Option<T>>,
    pub error: RwSignal<Option<ApiError>>,
    pub loading: RwSignal<bool>,
    auth: Auth,
    scope: RequestScope,
}

impl<T: Send + Sync + 'static> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T: Send + Sync + 'static> Copy for Load<T> {}

impl<T: Send + Sync + 'static> Load<T> {
    /// An empty value, read in `scope` (cancelled when its view goes away).
    pub fn new(auth: Auth, scope: RequestScope) -> Self {
        Load { value: RwSignal::new(None), error: RwSignal::new(None), loading: RwSignal::new(false), auth, scope }
    }

    /// Reads with `read` and stores the outcome. Returns true when the read
    /// succeeded and the view is still there.
    pub async fn read(self, read: impl Fn(Client) -> Reading<T> + 'static) -> bool {
        let value = self.value;
        // Only this small wrapper is per type; the reading itself is shared.
        // A combinator, not an `async` block: smaller per type.
        let store = move |c: Client| -> Reading<()> {
            Box::pin(futures::FutureExt::map(read(c), move |answer| {
                answer.map(|v| {
                    let _ = value.try_set(Some(v));
                })
            }))
        };
        reading(self.auth, self.scope, self.loading, self.error, &store).await
            && value.try_with_untracked(|_| ()).is_some()
    }

    /// [`Load::read`] in the background.
    pub fn start(self, read: impl Fn(Client) -> Reading<T> + 'static) {
        spawn_local(async move {
            self.read(read).await;
        });
    }

    /// True while the view that owns this read is there.
    pub fn alive(&self) -> bool {
        self.scope.alive()
    }

    /// The last read failed in a way that another read may fix.
    pub fn failed_transiently(&self) -> bool {
        self.error.try_with_untracked(|e| e.as_ref().is_some_and(ApiError::is_retryable)) == Some(true)
    }
}

/// The part of every read that does not depend on its type: the call (with
/// its sign-in retries, cancelled with the view), the loading flag, the error.
async fn reading(
    auth: Auth,
    scope: RequestScope,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    read: &dyn Fn(Client) -> Reading<()>,
) -> bool {
    let _ = loading.try_set(true);
    let outcome = auth.call_in(scope, read).await;
    let _ = loading.try_set(false);
    let ok = outcome.is_ok();
    let _ = error.try_set(outcome.err());
    ok
}

/// One entry of the action log: whom it concerns, what, and what success means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Logged {
    /// "WEB-01 (202743)", or empty for tenant-wide actions.
    pub agent: String,
    pub action: String,
    pub done: String,
}

/// For a write whose answer may be lost (it may have happened): false the
/// first time it is called, true for every Retry, so the write can check
/// what the first attempt did before it sends again.
pub fn attempts() -> impl Fn() -> bool {
    let sent = std::rc::Rc::new(std::cell::Cell::new(false));
    move || sent.replace(true)
}

/// A write: the request, and what the view does once it succeeded (inside
/// the future, after the answer). Shared, so Retry can send it again.
type Write = std::rc::Rc<dyn Fn(Client) -> Reading<()>>;

/// A write the user starts, with its busy flag and its error. Not generic:
/// every write in the console shares this one copy of the code.
#[derive(Clone, Copy)]
pub struct Act {
    pub busy: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    auth: Auth,
    log: ActionLog,
    /// The last write and its log entry, to send again from Retry.
    last: StoredValue<Option<(Logged, Write)>, LocalStorage>,
}

impl Act {
    pub fn new(auth: Auth, log: ActionLog) -> Act {
        Act { busy: RwSignal::new(false), error: RwSignal::new(None), auth, log, last: StoredValue::new_local(None) }
    }

    /// Sends `write` unless a write of this `Act` is already running, logs
    /// its outcome as `entry`, and shows its error.
    pub fn run(self, entry: Logged, write: impl Fn(Client) -> Reading<()> + 'static) {
        // A second press while one runs is ignored, and not kept for Retry.
        if self.busy.get_untracked() {
            return;
        }
        let write: Write = std::rc::Rc::new(write);
        self.last.set_value(Some((entry.clone(), write.clone())));
        self.send(entry, write);
    }

    fn send(self, entry: Logged, write: Write) {
        if self.busy.get_untracked() {
            return;
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let outcome = self.auth.call(|c| write(c)).await;
            self.auth.note_refused(&outcome);
            self.log.record(&self.auth, &entry.agent, &entry.action, &outcome, &entry.done);
            let _ = self.busy.try_set(false);
            if let Err(e) = outcome {
                let _ = self.error.try_set(Some(e));
            }
        });
    }

    /// Sends the last write again (the error box offers it only where a
    /// retry can help).
    pub fn retry(&self) -> Callback<()> {
        let this = *self;
        Callback::new(move |_| {
            if let Some((entry, write)) = this.last.with_value(Clone::clone) {
                this.send(entry, write);
            }
        })
    }
}
