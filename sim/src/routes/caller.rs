//! Who is calling, as axum extractors: every Cloud Backup handler takes a
//! [`Reader`], [`Writer`] or [`AdminOnly`] first, which checks the region,
//! the token (401), the tenant in the path (403) and the role (403: the
//! RBAC matrix of API-REFERENCE §3). Handlers then name the objects their
//! path points at with [`super::found::Found`], so no handler repeats a
//! check. Extractors run in the order a handler lists them, which gives the
//! documented order of errors: 401, then 403, then 400 (a malformed body or
//! ID), then 404.

use super::{origin, region};
use crate::auth::Role;
use crate::error::SimError;
use crate::world::World;
use crate::{lock, Sim};
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use std::sync::{Arc, MutexGuard};
use std::time::Instant;

/// An authorized caller of one region and tenant.
pub struct Caller {
    pub sim: Arc<Sim>,
    /// Upper case (`DFW`).
    pub region: &'static str,
    pub tenant: String,
    /// `http://host` as the client addressed us, for absolute links.
    pub origin: String,
}

impl Caller {
    /// The world as of now, with what time has changed applied.
    pub fn world(&self) -> (MutexGuard<'_, World>, Instant) {
        super::world_now(&self.sim)
    }

    /// `http://host/dfw/v2/123456`: the root of v2 links.
    pub fn v2_base(&self) -> String {
        v2_base(&self.origin, self.region, &self.tenant)
    }
}

/// The root of v2 links for `origin`, `region` (upper case) and `tenant`.
pub fn v2_base(origin: &str, region: &str, tenant: &str) -> String {
    format!("{origin}/{}/v2/{tenant}", region.to_ascii_lowercase())
}

/// What a route needs of the caller's role.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Every GET: observer, creator or admin.
    Read,
    /// Creates, updates, starts and stops: creator or admin.
    Write,
    /// Deleting agents and configurations, migrating vaults, changing an
    /// encryption password: admin only.
    Admin,
}

/// The region and tenant of `/{region}/{v1.0|v2}/{tenant}/…` (the tenant is
/// always in the path by the time a handler runs: see `super::paths`).
fn region_and_tenant(path: &str) -> Result<(&'static str, String), SimError> {
    let mut segments = path.trim_start_matches('/').split('/');
    let region = region(segments.next().unwrap_or_default())?;
    let _version = segments.next();
    let tenant = segments.next().unwrap_or_default();
    Ok((region, crate::routes::paths::decode(tenant)))
}

fn authorize(parts: &Parts, sim: &Arc<Sim>, need: Need) -> Result<Caller, SimError> {
    let (region, tenant) = region_and_tenant(parts.uri.path())?;
    let role = lock(&sim.tokens).check(&parts.headers)?;
    if tenant != sim.config.tenant {
        return Err(SimError::Forbidden(format!("This token does not grant access to tenant {tenant}.")));
    }
    match (need, role) {
        (Need::Read, _) | (Need::Write, Role::Creator | Role::Admin) | (Need::Admin, Role::Admin) => {}
        (Need::Write, _) => {
            return Err(SimError::Forbidden(
                "The observer role can only read; this action needs the creator or admin role.".into(),
            ))
        }
        (Need::Admin, _) => {
            return Err(SimError::Forbidden("This action needs the admin role (cloudbackup:admin).".into()))
        }
    }
    Ok(Caller { sim: sim.clone(), region, tenant, origin: origin(&parts.headers) })
}

macro_rules! caller_extractor {
    ($(#[$doc:meta])* $name:ident, $need:expr) => {
        $(#[$doc])*
        pub struct $name(pub Caller);

        impl std::ops::Deref for $name {
            type Target = Caller;
            fn deref(&self) -> &Caller {
                &self.0
            }
        }

        impl FromRequestParts<Arc<Sim>> for $name {
            type Rejection = SimError;

            async fn from_request_parts(parts: &mut Parts, sim: &Arc<Sim>) -> Result<Self, SimError> {
                authorize(parts, sim, $need).map($name)
            }
        }
    };
}

caller_extractor!(
    /// Any signed-in caller of the tenant (every GET).
    Reader,
    Need::Read
);
caller_extractor!(
    /// A caller allowed to change things (creator or admin).
    Writer,
    Need::Write
);
caller_extractor!(
    /// An admin (the operations the RBAC matrix keeps to admins).
    AdminOnly,
    Need::Admin
);
