//! Who is signed in, to which tenant and region, with which token; and the
//! form of it kept in `sessionStorage` when the user asks to be remembered
//! in this tab (the token, never an API key or password).

use crate::api::{Client, Identity, RegionEndpoint, Token};
use serde_json::{json, Value};

/// How the user signs in: a token with a tenant ID and region, or a user
/// name with an API key or a password through Identity (which gives the
/// tenant, roles and regions). The sign-in form offers each; the session
/// records the one used, so signing in again offers the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Token,
    ApiKey,
    Password,
}

impl Method {
    /// True for the ways that go through Identity.
    pub fn through_identity(self) -> bool {
        self != Method::Token
    }

    /// Its name in the remembered session.
    fn stored(self) -> &'static str {
        match self {
            Method::Token => "Token",
            Method::ApiKey => "ApiKey",
            Method::Password => "Password",
        }
    }

    /// Reads [`Method::stored`] back; "Identity" is an API-key sign-in
    /// remembered before password sign-in was offered.
    fn from_stored(name: &str) -> Option<Method> {
        match name {
            "Token" => Some(Method::Token),
            "ApiKey" | "Identity" => Some(Method::ApiKey),
            "Password" => Some(Method::Password),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub token: Token,
    pub tenant_id: String,
    /// The Identity user; `None` after a token sign-in.
    pub user_name: Option<String>,
    pub roles: Vec<String>,
    pub expires_ms: Option<i64>,
    pub regions: Vec<RegionEndpoint>,
    pub region: String,
    pub method: Method,
    pub remember: bool,
    /// The API refused a write of this sign-in with 403 (learned, not stored:
    /// a token sign-in carries no roles, so a 403 is how the console knows).
    pub writes_refused: bool,
}

/// Roles that may only read (API-REFERENCE §3, RBAC).
const READ_ONLY_ROLES: [&str; 2] = ["cloudbackup:observer", "observer"];
/// Roles that may write.
const WRITER_ROLES: [&str; 5] = ["cloudbackup:admin", "cloudbackup:creator", "admin", "creator", "identity:user-admin"];

impl Session {
    /// A session from Identity's answer to `method` (an API key or a password).
    pub fn from_identity(id: Identity, method: Method, preferred_region: &str, remember: bool) -> Session {
        let region = [id.default_region.as_deref(), Some(preferred_region)]
            .into_iter()
            .flatten()
            .find(|r| id.regions.iter().any(|e| e.region.eq_ignore_ascii_case(r)))
            .map(str::to_ascii_uppercase)
            .or_else(|| id.regions.first().map(|e| e.region.clone()))
            .unwrap_or_default();
        Session {
            token: id.token,
            tenant_id: id.tenant_id,
            user_name: Some(id.user_name).filter(|n| !n.is_empty()),
            roles: id.roles,
            expires_ms: id.expires_ms,
            regions: id.regions,
            region,
            method,
            remember,
            writes_refused: false,
        }
    }

    pub fn endpoint(&self) -> Option<&RegionEndpoint> {
        self.regions.iter().find(|e| e.region == self.region)
    }

    pub fn client(&self) -> Option<Client> {
        self.endpoint().map(|e| Client::new(self.token.clone(), e.clone()))
    }

    /// True when Identity said the user only has observer roles. A token
    /// sign-in carries no roles, so writes are offered and a 403 explains.
    pub fn read_only(&self) -> bool {
        self.roles.iter().any(|r| READ_ONLY_ROLES.contains(&r.as_str()))
            && !self.roles.iter().any(|r| WRITER_ROLES.contains(&r.as_str()))
    }

    /// Why this sign-in cannot change anything, if it cannot: write actions
    /// are shown unavailable with this reason instead of ending in a 403.
    pub fn write_block(&self) -> Option<&'static str> {
        if self.read_only() {
            Some("Your role can read but not change anything (Identity lists only observer roles).")
        } else if self.writes_refused {
            Some("The API refused a change for this sign-in (403): it can read but not change anything.")
        } else {
            None
        }
    }

    /// "demo" or "token sign-in".
    pub fn who(&self) -> String {
        self.user_name.clone().unwrap_or_else(|| "token sign-in".into())
    }

    /// True once the token's expiry has passed.
    pub fn expired(&self, now_ms: i64) -> bool {
        self.expires_ms.is_some_and(|e| e <= now_ms)
    }
}

/// How long a remembered token is kept when Identity did not say when it
/// expires (a token sign-in): 12 hours, a working day.
pub const REMEMBER_WITHOUT_EXPIRY_MS: i64 = 12 * 3_600_000;

/// When a session remembered at `saved_at_ms` must be forgotten: at the
/// token's expiry, or 12 hours after it was saved when the expiry is unknown.
pub fn forget_at(s: &Session, saved_at_ms: i64) -> i64 {
    s.expires_ms.unwrap_or(saved_at_ms.saturating_add(REMEMBER_WITHOUT_EXPIRY_MS))
}

/// The form kept in `sessionStorage` ("remember in this tab"): a JSON object
/// of the session's fields, regions as `[region, v1_base, v2_base]`, and
/// the time it must be forgotten (see [`forget_at`]).
pub fn to_storage(s: &Session, saved_at_ms: i64) -> String {
    let regions: Vec<Value> = s.regions.iter().map(|r| json!([r.region, r.v1_base, r.v2_base])).collect();
    json!({
        "token": s.token.expose(),
        "tenant_id": s.tenant_id,
        "user_name": s.user_name,
        "roles": s.roles,
        "expires_ms": s.expires_ms,
        "regions": regions,
        "region": s.region,
        "method": s.method.stored(),
        "forget_at_ms": forget_at(s, saved_at_ms),
    })
    .to_string()
}

/// Reads a remembered session back; anything unreadable, expired or past
/// the time it was to be forgotten is ignored.
pub fn from_storage(text: &str, now_ms: i64) -> Option<Session> {
    let v: Value = serde_json::from_str(text).ok()?;
    if v["forget_at_ms"].as_i64()? <= now_ms {
        return None;
    }
    let text_of = |v: &Value| v.as_str().map(str::to_string);
    let strings = |v: &Value| v.as_array()?.iter().map(text_of).collect::<Option<Vec<String>>>();
    let regions = v["regions"]
        .as_array()?
        .iter()
        .map(|r| match strings(r)?.as_slice() {
            [region, v1_base, v2_base] => {
                Some(RegionEndpoint { region: region.clone(), v1_base: v1_base.clone(), v2_base: v2_base.clone() })
            }
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    let session = Session {
        token: Token::new(text_of(&v["token"])?),
        tenant_id: text_of(&v["tenant_id"])?,
        user_name: text_of(&v["user_name"]),
        roles: strings(&v["roles"])?,
        expires_ms: v["expires_ms"].as_i64(),
        regions,
        region: text_of(&v["region"])?,
        method: Method::from_stored(v["method"].as_str()?)?,
        remember: true,
        writes_refused: false,
    };
    (!session.token.is_empty() && !session.expired(now_ms) && session.endpoint().is_some()).then_some(session)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_are_blocked_for_observer_roles_or_after_a_refused_write() {
        let mut s = Session::from_identity(identity(&["cloudbackup:admin"]), Method::ApiKey, "DFW", false);
        assert_eq!(s.write_block(), None);
        s.writes_refused = true;
        assert!(s.write_block().is_some_and(|why| why.contains("403")));
        let observer = Session::from_identity(identity(&["cloudbackup:observer"]), Method::ApiKey, "DFW", false);
        assert!(observer.write_block().is_some_and(|why| why.contains("observer")));
    }

    fn identity(roles: &[&str]) -> Identity {
        Identity {
            token: Token::new("tok"),
            expires_ms: Some(10_000),
            tenant_id: "123456".into(),
            user_name: "demo".into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            default_region: Some("IAD".into()),
            regions: vec![
                RegionEndpoint::from_root("DFW", "/dfw", "123456"),
                RegionEndpoint::from_root("IAD", "/iad", "123456"),
            ],
        }
    }

    #[test]
    fn the_users_default_region_is_chosen_when_the_catalog_has_it() {
        let s = Session::from_identity(identity(&[]), Method::ApiKey, "DFW", false);
        assert_eq!(s.region, "IAD");
        assert_eq!(s.client().map(|c| c.endpoint().v1_base.clone()), Some("/iad/v1.0/123456".into()));
        let mut id = identity(&[]);
        id.default_region = Some("SYD".into());
        assert_eq!(Session::from_identity(id, Method::ApiKey, "DFW", false).region, "DFW");
    }

    #[test]
    fn observers_are_read_only_admins_are_not() {
        assert!(Session::from_identity(identity(&["cloudbackup:observer"]), Method::ApiKey, "DFW", false).read_only());
        assert!(!Session::from_identity(identity(&["cloudbackup:admin"]), Method::ApiKey, "DFW", false).read_only());
        assert!(!Session::from_identity(
            identity(&["cloudbackup:observer", "cloudbackup:creator"]),
            Method::ApiKey,
            "DFW",
            false
        )
        .read_only());
        assert!(!Session::from_identity(identity(&[]), Method::ApiKey, "DFW", false).read_only());
    }

    #[test]
    fn storage_round_trip_keeps_the_token_and_drops_expired_sessions() {
        let s = Session::from_identity(identity(&["cloudbackup:admin"]), Method::ApiKey, "DFW", true);
        let text = to_storage(&s, 1_000);
        assert_eq!(from_storage(&text, 5_000), Some(s));
        assert_eq!(from_storage(&text, 10_000), None, "expired");
        assert_eq!(from_storage("{junk", 0), None);
    }

    #[test]
    fn the_way_of_signing_in_is_remembered_and_an_older_identity_one_reads_as_api_key() {
        for method in [Method::Token, Method::ApiKey, Method::Password] {
            let s = Session::from_identity(identity(&[]), method, "DFW", true);
            assert_eq!(from_storage(&to_storage(&s, 1_000), 5_000).map(|s| s.method), Some(method));
        }
        let s = Session::from_identity(identity(&[]), Method::ApiKey, "DFW", true);
        let older = to_storage(&s, 1_000).replace(r#""method":"ApiKey""#, r#""method":"Identity""#);
        assert!(older.contains(r#""Identity""#));
        assert_eq!(from_storage(&older, 5_000), Some(s));
        assert!(Method::Password.through_identity() && !Method::Token.through_identity());
    }

    #[test]
    fn a_remembered_token_without_expiry_is_forgotten_after_12_hours() {
        let mut s = Session::from_identity(identity(&[]), Method::ApiKey, "DFW", true);
        s.expires_ms = None;
        let saved = 1_000_000;
        let text = to_storage(&s, saved);
        assert!(from_storage(&text, saved + REMEMBER_WITHOUT_EXPIRY_MS - 1).is_some());
        assert_eq!(from_storage(&text, saved + REMEMBER_WITHOUT_EXPIRY_MS), None);
        let old_form = text.replace("forget_at_ms", "x");
        assert_eq!(from_storage(&old_form, saved), None, "a stored session without a deadline is not trusted");
    }
}
