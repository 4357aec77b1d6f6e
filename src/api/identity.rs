//! Identity v2.0: the token request bodies, and reading the answer (token,
//! expiry, tenant, roles, and the `cloudBackup` endpoints per region).

use super::error::ApiError;
use super::lenient::{self, from_json, FromJson, Record};
use super::reply;
use super::token::Token;
use serde_json::Value;
use std::fmt;

/// What the user signs in with. `Debug` hides the secret half.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    ApiKey { username: String, api_key: String },
    Password { username: String, password: String },
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::ApiKey { username, .. } => write!(f, "ApiKey({username}, <redacted>)"),
            Credentials::Password { username, .. } => write!(f, "Password({username}, <redacted>)"),
        }
    }
}

impl Credentials {
    /// The JSON body of `POST /v2.0/tokens` (API-REFERENCE §2.1).
    pub fn body(&self) -> String {
        let value = match self {
            Credentials::ApiKey { username, api_key } => serde_json::json!({
                "auth": {"RAX-KSKEY:apiKeyCredentials": {"username": username, "apiKey": api_key}}
            }),
            Credentials::Password { username, password } => serde_json::json!({
                "auth": {"passwordCredentials": {"username": username, "password": password}}
            }),
        };
        value.to_string()
    }

    pub fn username(&self) -> &str {
        match self {
            Credentials::ApiKey { username, .. } | Credentials::Password { username, .. } => username,
        }
    }
}

/// One region's Cloud Backup API: the v1.0 base (`…/v1.0/{tenant}`) and the
/// v2 base (the same URL with `/v2/` in place of `/v1.0/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegionEndpoint {
    pub region: String,
    pub v1_base: String,
    pub v2_base: String,
}

/// The name given to a catalog endpoint that has no region.
pub const GLOBAL_REGION: &str = "GLOBAL";

impl RegionEndpoint {
    /// Builds both bases from one catalog `publicURL`, whichever version it names.
    pub fn from_public_url(region: &str, public_url: &str) -> RegionEndpoint {
        let url = public_url.trim().trim_end_matches('/');
        // `/v1.0/` and `/v2/` are ASCII, so the split points are character
        // boundaries of this outside text; `rsplit_once` never slices.
        let (v1, v2) = if let Some((root, tail)) = url.rsplit_once("/v1.0/") {
            (url.to_string(), format!("{root}/v2/{tail}"))
        } else if let Some(root) = url.strip_suffix("/v1.0") {
            (url.to_string(), format!("{root}/v2"))
        } else if let Some((root, tail)) = url.rsplit_once("/v2/") {
            (format!("{root}/v1.0/{tail}"), url.to_string())
        } else {
            (format!("{url}/v1.0"), format!("{url}/v2"))
        };
        RegionEndpoint { region: region.to_ascii_uppercase(), v1_base: v1, v2_base: v2 }
    }

    /// Builds the bases from a region's API root (`https://dfw.backup.api…/`)
    /// and a tenant, as used by token sign-in, where there is no catalog.
    pub fn from_root(region: &str, root: &str, tenant: &str) -> RegionEndpoint {
        let root = root.trim().trim_end_matches('/');
        RegionEndpoint {
            region: region.to_ascii_uppercase(),
            v1_base: format!("{root}/v1.0/{tenant}"),
            v2_base: format!("{root}/v2/{tenant}"),
        }
    }
}

/// A successful sign-in, as Identity described it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub token: Token,
    /// Token expiry, epoch ms; `None` if Identity did not say.
    pub expires_ms: Option<i64>,
    pub tenant_id: String,
    pub user_name: String,
    pub roles: Vec<String>,
    pub default_region: Option<String>,
    /// Cloud Backup endpoints from the catalog, in catalog order.
    pub regions: Vec<RegionEndpoint>,
}

struct AuthResponse {
    access: Access,
}

from_json!(AuthResponse { access: required("access") });

struct Access {
    token: TokenWire,
    service_catalog: Vec<CatalogEntry>,
    user: Option<UserWire>,
}

from_json!(Access { token: required("token"), service_catalog: list("serviceCatalog"), user: object("user") });

struct TokenWire {
    id: String,
    expires: Option<i64>,
    tenant: Option<TenantWire>,
}

from_json!(TokenWire {
    id: get("id", lenient::secret_text),
    expires: get("expires", lenient::iso_date_or_none),
    tenant: object("tenant"),
});

struct TenantWire {
    id: String,
}

from_json!(TenantWire { id: get("id", lenient::text) });

struct CatalogEntry {
    name: String,
    kind: String,
    endpoints: Vec<CatalogEndpoint>,
}

from_json!(CatalogEntry {
    name: get("name", lenient::text),
    kind: get("type", lenient::text),
    endpoints: list("endpoints"),
});

struct CatalogEndpoint {
    public_url: String,
    region: Option<String>,
    tenant_id: Option<String>,
}

from_json!(CatalogEndpoint {
    public_url: get("publicURL", lenient::text),
    region: get("region", lenient::opt_text),
    tenant_id: get("tenantId", lenient::opt_text),
});

struct UserWire {
    name: String,
    roles: Vec<RoleWire>,
    default_region: Option<String>,
}

from_json!(UserWire {
    name: get("name", lenient::text),
    roles: list("roles"),
    default_region: get("RAX-AUTH:defaultRegion", lenient::opt_text),
});

/// A role's name. Roles come as objects with a `name`; one documented sample
/// lists bare strings.
struct RoleWire(String);

impl FromJson for RoleWire {
    fn from_json(v: &Value) -> Result<Self, String> {
        match v {
            Value::String(name) => Ok(RoleWire(name.clone())),
            _ => Record::of(v)?.get("name", lenient::text).map(RoleWire),
        }
    }
}

/// Reads a `POST /v2.0/tokens` 200 body.
pub fn parse_auth(body: &str) -> Result<Identity, ApiError> {
    let auth: AuthResponse = reply::decode(body, "sign-in answer")?;
    let access = auth.access;
    if access.token.id.trim().is_empty() {
        return Err(ApiError::Decode { what: "sign-in answer, field `token.id`: empty".into() });
    }
    let backup = access.service_catalog.iter().filter(|e| e.kind == "rax:backup" || e.name == "cloudBackup");
    let mut regions: Vec<RegionEndpoint> = Vec::new();
    let mut catalog_tenant = None;
    for ep in backup.flat_map(|e| e.endpoints.iter()) {
        if ep.public_url.trim().is_empty() {
            continue;
        }
        let region = ep.region.clone().filter(|r| !r.trim().is_empty());
        let name = region.as_deref().unwrap_or(GLOBAL_REGION);
        if regions.iter().any(|r| r.region.eq_ignore_ascii_case(name)) {
            continue;
        }
        catalog_tenant = catalog_tenant.or_else(|| ep.tenant_id.clone());
        regions.push(RegionEndpoint::from_public_url(name, &ep.public_url));
    }
    let tenant_id = access.token.tenant.map(|t| t.id).filter(|t| !t.is_empty()).or(catalog_tenant).unwrap_or_default();
    let (user_name, roles, default_region) = match access.user {
        Some(u) => (u.name, u.roles.into_iter().map(|r| r.0).collect(), u.default_region),
        None => (String::new(), Vec::new(), None),
    };
    Ok(Identity {
        token: Token::new(access.token.id),
        expires_ms: access.token.expires,
        tenant_id,
        user_name,
        roles,
        default_region,
        regions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_match_the_documented_shapes() {
        let key = Credentials::ApiKey { username: "demoauthor".into(), api_key: "aaaaa".into() };
        let v: serde_json::Value = serde_json::from_str(&key.body()).unwrap_or_default();
        assert_eq!(v["auth"]["RAX-KSKEY:apiKeyCredentials"]["username"], "demoauthor");
        assert_eq!(v["auth"]["RAX-KSKEY:apiKeyCredentials"]["apiKey"], "aaaaa");
        let pw = Credentials::Password { username: "demoAuthor".into(), password: "myPassword01".into() };
        let v: serde_json::Value = serde_json::from_str(&pw.body()).unwrap_or_default();
        assert_eq!(v["auth"]["passwordCredentials"]["password"], "myPassword01");
        assert!(!format!("{key:?}{pw:?}").contains("aaaaa"));
        assert!(!format!("{pw:?}").contains("myPassword01"));
    }

    #[test]
    fn v2_base_replaces_the_version_segment() {
        let r = RegionEndpoint::from_public_url("dfw", "https://dfw.backup.api.rackspacecloud.com/v1.0/929418");
        assert_eq!(r.region, "DFW");
        assert_eq!(r.v1_base, "https://dfw.backup.api.rackspacecloud.com/v1.0/929418");
        assert_eq!(r.v2_base, "https://dfw.backup.api.rackspacecloud.com/v2/929418");
        let r = RegionEndpoint::from_public_url("ORD", "https://ord.backup.api.rackspacecloud.com/v2/123456/");
        assert_eq!(r.v1_base, "https://ord.backup.api.rackspacecloud.com/v1.0/123456");
        let r = RegionEndpoint::from_public_url("IAD", "http://127.0.0.1:8080/iad/v1.0/123456");
        assert_eq!(r.v2_base, "http://127.0.0.1:8080/iad/v2/123456");
        let r = RegionEndpoint::from_root("lon", "/rax/lon/", "42");
        assert_eq!((r.v1_base.as_str(), r.v2_base.as_str()), ("/rax/lon/v1.0/42", "/rax/lon/v2/42"));
    }

    #[test]
    fn an_answer_without_a_token_is_a_decode_error() {
        assert!(matches!(parse_auth(r#"{"access": {"token": {"id": ""}}}"#), Err(ApiError::Decode { .. })));
        assert!(matches!(parse_auth("{}"), Err(ApiError::Decode { .. })));
    }
}
