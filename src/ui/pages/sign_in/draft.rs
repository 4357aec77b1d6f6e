//! What the sign-in form keeps between attempts: the way chosen, tenant ID,
//! region, user name and "remember me". Never a secret: token, API key and
//! password are read from their fields when sent, and the fields emptied.
//!
//! A token is only checked by the first call after signing in; when it is
//! refused, `Auth` signs out and the sign-in page is built again (see
//! `state::auth`). So the draft is owned by the console, above the page,
//! and the new page finds what was typed.

use super::Pinned;
use crate::domain::session::Method;
use crate::domain::validate::{self, Problems};
use crate::ui::AppCtx;
use leptos::prelude::*;

#[derive(Debug, Clone, Copy)]
pub struct Draft {
    pub method: RwSignal<Method>,
    pub tenant: RwSignal<String>,
    pub region: RwSignal<String>,
    pub user: RwSignal<String>,
    pub remember: RwSignal<bool>,
}

impl Draft {
    /// The console's draft, made on first use.
    pub fn kept() -> Draft {
        if let Some(draft) = use_context::<Draft>() {
            return draft;
        }
        let make = || {
            let draft = Draft {
                method: RwSignal::new(Method::ApiKey),
                tenant: RwSignal::new(String::new()),
                region: RwSignal::new(default_region()),
                user: RwSignal::new(String::new()),
                remember: RwSignal::new(false),
            };
            provide_context(draft);
            draft
        };
        match console_owner() {
            Some(owner) => owner.with(make),
            None => make(),
        }
    }

    /// Starts again from nothing typed (after signing out).
    pub fn clear(&self) {
        self.method.set(Method::ApiKey);
        self.tenant.set(String::new());
        self.region.set(default_region());
        self.user.set(String::new());
        self.remember.set(false);
    }

    /// Signing in again over the page: what the session had.
    pub fn pin(&self, p: &Pinned) {
        self.method.set(p.method);
        self.tenant.set(p.tenant.clone());
        self.region.set(p.region.clone());
        self.user.set(p.user_name.clone().unwrap_or_default());
        self.remember.set(p.remember);
    }

    /// What is wrong with the form for its way, given the secret typed.
    pub fn problems(&self, secret: &str) -> Problems {
        let (user, tenant, region) =
            (self.user.get_untracked(), self.tenant.get_untracked(), self.region.get_untracked());
        match self.method.get_untracked() {
            Method::Token => validate::token_form(secret, &tenant, &region),
            Method::ApiKey => validate::api_key_form(&user, secret),
            Method::Password => validate::password_form(&user, secret),
        }
    }
}

fn default_region() -> String {
    AppCtx::get().config.with_value(|c| c.default_region.clone())
}

/// The owner that holds the console's state (where `AppCtx` is provided):
/// it outlives every sign-in page.
fn console_owner() -> Option<Owner> {
    let mut owner = Owner::current()?;
    while let Some(parent) = owner.parent().filter(|p| p.with(|| use_context::<AppCtx>().is_some())) {
        owner = parent;
    }
    Some(owner)
}
