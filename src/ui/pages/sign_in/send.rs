//! Sending what the form holds: a token becomes a session at once (its first
//! call checks it); a user name with an API key or a password goes to
//! Identity, whose answer becomes a session or a sentence saying why not.
//! No sentence ever quotes a secret.

use super::draft::Draft;
use crate::api::{self, ApiError, Credentials, Identity, RegionEndpoint, Token};
use crate::domain::session::{Method, Session};
use crate::domain::validate::{Field, Problems};
use crate::ui::AppCtx;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// What the form shows about the last try.
#[derive(Clone, Copy)]
pub struct Feedback {
    pub problems: RwSignal<Problems>,
    /// A sentence of ours: Identity refused, or the account does not fit.
    pub refused: RwSignal<Option<String>>,
    pub failure: RwSignal<Option<ApiError>>,
    pub busy: RwSignal<bool>,
}

impl Feedback {
    pub fn new() -> Feedback {
        Feedback {
            problems: RwSignal::new(Vec::new()),
            refused: RwSignal::new(None),
            failure: RwSignal::new(None),
            busy: RwSignal::new(false),
        }
    }

    pub fn clear(&self) {
        self.problems.set(Vec::new());
        self.refused.set(None);
        self.failure.set(None);
    }

    /// The message for one field, if it has a problem.
    pub fn problem(&self, f: Field) -> Signal<Option<String>> {
        let problems = self.problems;
        Signal::derive(move || problems.with(|p| p.iter().find(|(x, _)| *x == f).map(|(_, m)| m.clone())))
    }
}

/// A token sign-in, for the tenant and region of the form.
pub fn token_session(token: String, draft: Draft) -> Session {
    let tenant_id = draft.tenant.get_untracked().trim().to_string();
    let regions: Vec<RegionEndpoint> = AppCtx::get()
        .config
        .with_value(|c| c.regions.iter().map(|(r, root)| RegionEndpoint::from_root(r, root, &tenant_id)).collect());
    Session {
        token: Token::new(token.trim()),
        tenant_id,
        user_name: None,
        roles: Vec::new(),
        expires_ms: None,
        regions,
        region: draft.region.get_untracked(),
        method: Method::Token,
        remember: draft.remember.get_untracked(),
        writes_refused: false,
    }
}

/// Asks Identity; signs in with its answer, or says why not. Signing in
/// again over the page (`pinned_tenant`) must stay in that tenant, and keeps
/// the page's region when the account's catalog has it.
pub fn through_identity(
    creds: Credentials,
    draft: Draft,
    pinned_tenant: Option<String>,
    feedback: Feedback,
    on_signed_in: Callback<Session>,
) {
    let method = match creds {
        Credentials::ApiKey { .. } => Method::ApiKey,
        Credentials::Password { .. } => Method::Password,
    };
    let config = AppCtx::get().config;
    let identity_url = config.with_value(|c| c.identity_url.clone());
    let preferred = draft.region.get_untracked();
    let remember = draft.remember.get_untracked();
    feedback.busy.set(true);
    spawn_local(async move {
        let result = api::authenticate(&identity_url, &creds).await.map(|mut id| {
            id.regions = config.with_value(|c| c.route(std::mem::take(&mut id.regions)));
            id
        });
        drop(creds);
        let _ = feedback.busy.try_set(false);
        match accepted(result, method, pinned_tenant.as_deref()) {
            Ok(id) => {
                let keep_region = pinned_tenant.is_some().then_some(preferred.clone());
                let mut session = Session::from_identity(id, method, &preferred, remember);
                if let Some(r) = keep_region.filter(|r| session.regions.iter().any(|e| e.region == *r)) {
                    session.region = r;
                }
                on_signed_in.run(session);
            }
            Err(Refusal::Said(why)) => {
                let _ = feedback.refused.try_set(Some(why));
            }
            Err(Refusal::Failed(e)) => {
                let _ = feedback.failure.try_set(Some(e));
            }
        }
    });
}

enum Refusal {
    Said(String),
    Failed(ApiError),
}

/// Identity's answer, as this form takes it.
fn accepted(
    result: Result<Identity, ApiError>,
    method: Method,
    pinned_tenant: Option<&str>,
) -> Result<Identity, Refusal> {
    match result {
        Ok(id) if id.regions.is_empty() => Err(Refusal::Said(
            "Signed in, but this account's service catalog lists no Cloud Backup endpoint. Ask for Cloud Backup access or use a token for the right tenant.".into(),
        )),
        Ok(id) => match pinned_tenant.filter(|t| *t != id.tenant_id) {
            Some(pinned) => Err(Refusal::Said(format!(
                "That account is for tenant {}, but this page is for tenant {pinned}. Sign in to tenant {pinned} to carry on, or sign out to switch tenants.",
                id.tenant_id
            ))),
            None => Ok(id),
        },
        Err(ApiError::Unauthorized) => Err(Refusal::Said(match method {
            Method::Password => "Identity did not accept that user name and password. Check both (the password you sign in to the Cloud Control Panel with) and try again.".into(),
            Method::ApiKey | Method::Token => "Identity did not accept that user name and API key. Check both (the API key is under Account Settings in the Cloud Control Panel) and try again.".into(),
        })),
        Err(e) => Err(Refusal::Failed(e)),
    }
}
