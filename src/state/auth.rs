//! The session, its storage in this tab, and re-authentication: a 401 (or an
//! expired token) opens the sign-in dialog over the current page, and every
//! call that hit it waits, then carries on with the new token.

use super::clock::now_ms;
use super::scope::RequestScope;
use crate::api::{ApiError, Client};
use crate::domain::session::{self, Method, Session};
use futures::channel::oneshot;
use leptos::prelude::*;
use std::future::Future;

const STORAGE_KEY: &str = "backup-console.session";

#[derive(Clone, Copy)]
pub struct Auth {
    pub session: RwSignal<Option<Session>>,
    /// The sign-in dialog is open over the page.
    pub reauth: RwSignal<bool>,
    /// Shown on the sign-in page when a token sign-in turned out to be invalid.
    pub rejected: RwSignal<Option<String>>,
    /// A token sign-in that no call has confirmed yet.
    unverified: RwSignal<bool>,
    waiters: StoredValue<Vec<oneshot::Sender<()>>, LocalStorage>,
    /// Aborts every request of this session at sign-out.
    aborter: StoredValue<Option<web_sys::AbortController>, LocalStorage>,
    /// When the remembered copy in this tab's storage must go.
    forget_at: StoredValue<Option<i64>>,
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.session_storage().ok().flatten())
}

impl Auth {
    /// Starts signed out, or with the session remembered in this tab.
    pub fn new(now_ms: i64) -> Auth {
        let remembered = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|text| session::from_storage(&text, now_ms));
        let forget_at = storage()
            .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
            .and_then(|text| serde_json::from_str::<serde_json::Value>(&text).ok())
            .and_then(|v| v["forget_at_ms"].as_i64());
        Auth {
            session: RwSignal::new(remembered),
            reauth: RwSignal::new(false),
            rejected: RwSignal::new(None),
            unverified: RwSignal::new(false),
            waiters: StoredValue::new_local(Vec::new()),
            aborter: StoredValue::new_local(web_sys::AbortController::new().ok()),
            forget_at: StoredValue::new(forget_at),
        }
    }

    /// The current session's client; sign-out aborts its requests.
    pub fn client(&self) -> Option<Client> {
        let signal = self.aborter.with_value(|a| a.as_ref().map(web_sys::AbortController::signal));
        self.session.with_untracked(|s| s.as_ref().and_then(Session::client)).map(|c| c.cancelled_by(signal))
    }

    fn persist(&self, s: &Session) {
        let Some(store) = storage() else { return };
        if s.remember {
            let now = now_ms();
            let _ = store.set_item(STORAGE_KEY, &session::to_storage(s, now));
            self.forget_at.set_value(Some(session::forget_at(s, now)));
        } else {
            let _ = store.remove_item(STORAGE_KEY);
            self.forget_at.set_value(None);
        }
    }

    /// Drops the remembered copy once its time has come (the token's expiry,
    /// or 12 hours when that is unknown); the session in memory stays, and
    /// its expiry is handled by asking to sign in again.
    pub fn forget_if_due(&self, now_ms: i64) {
        if self.forget_at.get_value().is_some_and(|at| at <= now_ms) {
            if let Some(store) = storage() {
                let _ = store.remove_item(STORAGE_KEY);
            }
            self.forget_at.set_value(None);
        }
    }

    /// Tenant and region of the current session: where an action belongs.
    fn context(&self) -> Option<(String, String)> {
        self.session.with_untracked(|s| s.as_ref().map(|s| (s.tenant_id.clone(), s.region.clone())))
    }

    /// Signs in (or back in): interrupted calls carry on with the new token.
    pub fn sign_in(&self, s: Session) {
        self.persist(&s);
        // A first token sign-in that the API refuses goes back to the
        // sign-in page; over the page (signing in again), a refused token
        // brings the dialog back instead, and the page stays.
        self.unverified.set(s.method == Method::Token && !self.reauth.get_untracked());
        self.rejected.set(None);
        self.session.set(Some(s));
        self.reauth.set(false);
        for waiter in self.waiters.try_update_value(std::mem::take).unwrap_or_default() {
            let _ = waiter.send(());
        }
    }

    /// Signs out and forgets everything: every request in flight is aborted
    /// and interrupted calls fail as unauthorised. The console clears the
    /// tenant's data when the session goes (see `ui::app`).
    pub fn sign_out(&self) {
        if let Some(store) = storage() {
            let _ = store.remove_item(STORAGE_KEY);
        }
        self.forget_at.set_value(None);
        self.aborter.update_value(|a| {
            if let Some(old) = a.take() {
                old.abort();
            }
            *a = web_sys::AbortController::new().ok();
        });
        self.session.set(None);
        self.reauth.set(false);
        self.unverified.set(false);
        // Dropping the senders wakes every waiter with "cancelled".
        self.waiters.update_value(Vec::clear);
    }

    /// Why write actions are unavailable to this sign-in, if they are
    /// (tracked: buttons follow it).
    pub fn write_block(&self) -> Option<&'static str> {
        self.session.with(|s| s.as_ref().and_then(Session::write_block))
    }

    /// Remembers that the API refused a write with 403, so every write
    /// action shows it is unavailable instead of failing again.
    pub fn note_refused(&self, outcome: &Result<impl Sized, ApiError>) {
        if matches!(outcome, Err(ApiError::Forbidden { .. })) {
            self.session.update(|s| {
                if let Some(s) = s {
                    s.writes_refused = true;
                }
            });
        }
    }

    /// Changes the region of the current session.
    pub fn set_region(&self, region: &str) {
        self.session.update(|s| {
            if let Some(s) = s {
                s.region = region.to_string();
            }
        });
        if let Some(s) = self.session.get_untracked() {
            self.persist(&s);
        }
    }

    /// Opens the sign-in dialog (expired token) without a waiting call.
    pub fn ask_to_sign_in_again(&self) {
        if self.session.with_untracked(Option::is_some) {
            self.reauth.set(true);
        }
    }

    async fn wait_for_sign_in(&self) -> bool {
        let (tx, rx) = oneshot::channel();
        self.waiters.update_value(|w| w.push(tx));
        self.reauth.set(true);
        rx.await.is_ok()
    }

    /// [`Auth::call`] for a view's reads: aborted when `scope`'s view goes away.
    pub async fn call_in<T, F, Fut>(&self, scope: RequestScope, f: F) -> Result<T, ApiError>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        self.call(|c| f(c.cancelled_by(scope.signal()))).await
    }

    /// Runs `f` with the current client. On 401 it waits for the user to sign
    /// in again and retries with the new token; a token sign-in that was
    /// never accepted goes back to the sign-in page with a reason instead.
    pub async fn call<T, F, Fut>(&self, f: F) -> Result<T, ApiError>
    where
        F: Fn(Client) -> Fut,
        Fut: Future<Output = Result<T, ApiError>>,
    {
        // The retry loop is written once (`retrying`), not once per call
        // site: each call only boxes its request and hands back the value.
        let out = std::cell::RefCell::new(None);
        let attempt = |client: Client| -> Attempt<'_> {
            let request = f(client);
            let out = &out;
            Box::pin(async move {
                let value = request.await?;
                *out.borrow_mut() = Some(value);
                Ok(())
            })
        };
        self.retrying(&attempt).await?;
        out.into_inner().ok_or(ApiError::Unauthorized)
    }

    async fn retrying<'a>(&self, attempt: &(dyn Fn(Client) -> Attempt<'a> + 'a)) -> Result<(), ApiError> {
        loop {
            let client = self.client().ok_or(ApiError::Unauthorized)?;
            match attempt(client).await {
                Err(ApiError::Unauthorized) if self.unverified.get_untracked() => {
                    let (tenant, region) = self
                        .session
                        .with_untracked(|s| s.as_ref().map(|s| (s.tenant_id.clone(), s.region.clone())))
                        .unwrap_or_default();
                    self.sign_out();
                    self.rejected.set(Some(format!(
                        "The token was not accepted for tenant {tenant} in {region}. Check the token and the tenant ID, or sign in with a user name and API key."
                    )));
                    return Err(ApiError::Unauthorized);
                }
                Err(ApiError::Unauthorized) => {
                    let started_in = self.context();
                    if !self.wait_for_sign_in().await {
                        return Err(ApiError::Unauthorized);
                    }
                    // Replayed only where it was started: signing back in to
                    // another tenant or region must not redirect an action.
                    let now_in = self.context();
                    if now_in != started_in {
                        let name = |c: Option<(String, String)>| {
                            c.map(|(t, r)| format!("tenant {t} in {r}")).unwrap_or_else(|| "no tenant".into())
                        };
                        return Err(ApiError::NotReplayed { started_in: name(started_in), now_in: name(now_in) });
                    }
                }
                other => {
                    if other.is_ok() && self.unverified.get_untracked() {
                        self.unverified.set(false);
                    }
                    return other;
                }
            }
        }
    }
}

/// One try of a call, its value handed back through the caller's slot.
type Attempt<'a> = std::pin::Pin<Box<dyn Future<Output = Result<(), ApiError>> + 'a>>;
