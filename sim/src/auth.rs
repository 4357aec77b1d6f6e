//! Identity: the fixed demo users, the tokens issued to them, and the checks
//! every Cloud Backup request goes through (401 unknown or expired token;
//! the tenant and role checks are `routes::caller`'s).

use crate::error::SimError;
use axum::http::HeaderMap;
use std::collections::HashMap;
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Admin,
    /// Creates, updates, starts and stops, but deletes nothing (RBAC matrix).
    Creator,
    Observer,
}

pub struct User {
    pub id: &'static str,
    pub name: &'static str,
    pub api_key: &'static str,
    pub password: &'static str,
    pub role: Role,
}

/// The demo identities documented in the README.
pub const USERS: [User; 3] = [
    User { id: "10d2c2d0f3b644b9", name: "demo", api_key: "demo-key", password: "demo-password", role: Role::Admin },
    User {
        id: "7a1e3f7c2b9d4e11",
        name: "observer",
        api_key: "observer-key",
        password: "observer-password",
        role: Role::Observer,
    },
    User {
        id: "3c5d1e9a8f0b4a27",
        name: "creator",
        api_key: "creator-key",
        password: "creator-password",
        role: Role::Creator,
    },
];

/// A ready admin token for the token sign-in path; it does not expire.
pub const DEMO_TOKEN: &str = "demo-token";

impl Role {
    /// Role names as Identity lists them in `access.user.roles`.
    pub fn names(self) -> &'static [&'static str] {
        match self {
            Role::Admin => &["identity:user-admin", "cloudbackup:admin"],
            Role::Creator => &["cloudbackup:creator"],
            Role::Observer => &["cloudbackup:observer"],
        }
    }
}

pub struct Issued {
    pub user: usize,
    pub expires: Instant,
    pub expires_ms: i64,
}

pub struct Tokens {
    issued: HashMap<String, Issued>,
    ttl: Duration,
}

impl Tokens {
    pub fn new(ttl_secs: u64) -> Tokens {
        let mut issued = HashMap::new();
        issued.insert(
            DEMO_TOKEN.to_string(),
            Issued {
                user: 0,
                expires: Instant::now() + Duration::from_secs(10 * 365 * 86_400),
                expires_ms: crate::clock::epoch_ms() + 10 * 365 * 86_400_000,
            },
        );
        Tokens { issued, ttl: Duration::from_secs(ttl_secs) }
    }

    /// Checks API-key or password credentials; returns the user's index.
    pub fn authenticate(name: &str, api_key: Option<&str>, password: Option<&str>) -> Option<usize> {
        USERS.iter().position(|u| u.name == name && (api_key == Some(u.api_key) || password == Some(u.password)))
    }

    pub fn issue(&mut self, user: usize) -> (String, &Issued) {
        let mut bytes = [0u8; 16];
        rsa::rand_core::RngCore::fill_bytes(&mut rsa::rand_core::OsRng, &mut bytes);
        let token: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        let issued = Issued {
            user,
            expires: Instant::now() + self.ttl,
            expires_ms: crate::clock::epoch_ms() + self.ttl.as_millis() as i64,
        };
        self.issued.insert(token.clone(), issued);
        let issued = &self.issued[&token];
        (token, issued)
    }

    /// Every token issued so far (for the secrets audit in tests).
    pub fn issued(&self) -> Vec<String> {
        self.issued.keys().filter(|t| *t != DEMO_TOKEN).cloned().collect()
    }

    /// Ends every token's life now (tests use this to expire a session).
    pub fn expire_all(&mut self) {
        let now = Instant::now();
        for t in self.issued.values_mut() {
            t.expires = now;
        }
    }

    /// The role behind a request's `X-Auth-Token`, or 401.
    pub fn check(&self, headers: &HeaderMap) -> Result<Role, SimError> {
        let token = headers
            .get("x-auth-token")
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .ok_or(SimError::Unauthorized("No X-Auth-Token header was sent."))?;
        let issued = self.issued.get(token).ok_or(SimError::Unauthorized("The token is not valid."))?;
        if issued.expires <= Instant::now() {
            return Err(SimError::Unauthorized("The token has expired."));
        }
        Ok(USERS[issued.user].role)
    }
}
