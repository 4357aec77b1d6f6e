//! `config.json`: where Identity and each region's Cloud Backup API are, for
//! a deployment. Optional: without it the console uses Rackspace's public
//! endpoints. Parsing is strict about types and names every problem.

use crate::api::RegionEndpoint;
use serde_json::Value;
use std::fmt;

/// Rackspace Identity v2.0.
pub const DEFAULT_IDENTITY: &str = "https://identity.api.rackspacecloud.com/v2.0";
/// The six regions' Cloud Backup hosts (API-REFERENCE §2.3).
pub const DEFAULT_REGIONS: [(&str, &str); 6] = [
    ("DFW", "https://dfw.backup.api.rackspacecloud.com/"),
    ("ORD", "https://ord.backup.api.rackspacecloud.com/"),
    ("IAD", "https://iad.backup.api.rackspacecloud.com/"),
    ("LON", "https://lon.backup.api.rackspacecloud.com/"),
    ("HKG", "https://hkg.backup.api.rackspacecloud.com/"),
    ("SYD", "https://syd.backup.api.rackspacecloud.com/"),
];

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppConfig {
    pub identity_url: String,
    /// Region → Cloud Backup root (full URL or same-origin path), in offer order.
    pub regions: Vec<(String, String)>,
    pub default_region: String,
    pub portal_name: String,
    pub refresh_seconds: u32,
    /// Explicit URL prefix rewrites for catalog endpoints: (from, to).
    pub proxy: Vec<(String, String)>,
    /// `offered_regions` was given: catalog regions outside it are hidden.
    pub offered_only: bool,
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            identity_url: DEFAULT_IDENTITY.into(),
            regions: DEFAULT_REGIONS.iter().map(|(r, u)| (r.to_string(), u.to_string())).collect(),
            default_region: "DFW".into(),
            portal_name: "Backup Console".into(),
            refresh_seconds: 60,
            proxy: Vec::new(),
            offered_only: false,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "config.json: {}", self.0)
    }
}

fn text(v: &Value, key: &str) -> Result<Option<String>, ConfigError> {
    match v.get(key) {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if s.trim().is_empty() => Err(ConfigError(format!("`{key}` is empty"))),
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(other) => Err(ConfigError(format!("`{key}` must be a string, not {other}"))),
    }
}

/// A URL config.json may name: `https://…`, a same-origin path `/…`, or
/// plain `http://` to this machine only (a token sent over plain HTTP to
/// another host can be read on the way). A protocol-relative `//host` is
/// refused: it names another host while looking like a path.
fn check_url(key: &str, url: &str) -> Result<(), ConfigError> {
    if url.starts_with("//") || url.starts_with("/\\") {
        return Err(ConfigError(format!(
            "`{key}` is a protocol-relative URL (`{}`): write https://… for another host, or a path on this one",
            clip(url)
        )));
    }
    if url.starts_with("https://") || url.starts_with('/') {
        return Ok(());
    }
    if let Some(rest) = url.strip_prefix("http://") {
        let host_port = rest.split(['/', '?', '#']).next().unwrap_or_default();
        let host = match host_port.strip_prefix('[') {
            Some(v6) => v6.split(']').next().unwrap_or_default(),
            None => host_port.rsplit_once(':').map_or(host_port, |(h, _)| h),
        };
        if matches!(host.to_ascii_lowercase().as_str(), "localhost" | "127.0.0.1" | "::1") {
            return Ok(());
        }
        return Err(ConfigError(format!(
            "`{key}` uses plain http:// to {}: tokens would cross the network unencrypted; use https:// (http:// is only for localhost)",
            clip(host)
        )));
    }
    Err(ConfigError(format!("`{key}` must be an https:// URL or a path starting with /, not `{}`", clip(url))))
}

/// At most 60 characters of a value quoted in an error.
fn clip(text: &str) -> String {
    let mut out: String = text.chars().take(60).collect();
    if text.chars().nth(60).is_some() {
        out.push('…');
    }
    out
}

impl AppConfig {
    /// Parses the file's text; any field left out keeps its default.
    pub fn parse(text_in: &str) -> Result<AppConfig, ConfigError> {
        let v: Value = serde_json::from_str(text_in)
            .map_err(|e| ConfigError(format!("not valid JSON (line {}, column {}): {e}", e.line(), e.column())))?;
        if !v.is_object() {
            return Err(ConfigError("the file must hold a JSON object".into()));
        }
        let mut c = AppConfig::default();
        if let Some(url) = text(&v, "identity_url")? {
            check_url("identity_url", &url)?;
            c.identity_url = url;
        }
        match v.get("regions") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                if map.is_empty() {
                    return Err(ConfigError("`regions` lists no region".into()));
                }
                let mut regions = Vec::new();
                for (region, root) in map {
                    let root =
                        root.as_str().ok_or_else(|| ConfigError(format!("`regions.{region}` must be a string")))?;
                    check_url(&format!("regions.{region}"), root)?;
                    regions.push((region.to_ascii_uppercase(), root.to_string()));
                }
                // JSON objects have no order: offer the known regions in their
                // usual order, then any others alphabetically.
                let rank = |r: &str| DEFAULT_REGIONS.iter().position(|(d, _)| *d == r).unwrap_or(usize::MAX);
                super::order::sort_by(&mut regions, &|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
                c.regions = regions;
            }
            Some(other) => return Err(ConfigError(format!("`regions` must be an object of region: URL, not {other}"))),
        }
        match v.get("offered_regions") {
            None | Some(Value::Null) => {}
            Some(Value::Array(list)) => {
                let mut offered = Vec::new();
                for item in list {
                    let r = item
                        .as_str()
                        .map(str::to_ascii_uppercase)
                        .ok_or_else(|| ConfigError(format!("`offered_regions` must list region names, not {item}")))?;
                    let root = c
                        .region_root(&r)
                        .ok_or_else(|| {
                            ConfigError(format!("`offered_regions` names {r}, which `regions` does not define"))
                        })?
                        .to_string();
                    offered.push((r, root));
                }
                if offered.is_empty() {
                    return Err(ConfigError("`offered_regions` is empty".into()));
                }
                c.regions = offered;
                c.offered_only = true;
            }
            Some(other) => return Err(ConfigError(format!("`offered_regions` must be a list, not {other}"))),
        }
        match v.get("proxy") {
            None | Some(Value::Null) => {}
            Some(Value::Object(map)) => {
                for (from, to) in map {
                    let to = to.as_str().ok_or_else(|| ConfigError(format!("`proxy.{from}` must be a string")))?;
                    check_url(&format!("proxy key {from}"), from)?;
                    check_url(&format!("proxy.{from}"), to)?;
                    c.proxy.push((from.clone(), to.to_string()));
                }
            }
            Some(other) => {
                return Err(ConfigError(format!("`proxy` must be an object of URL prefix: replacement, not {other}")))
            }
        }
        c.default_region =
            text(&v, "default_region")?.map(|r| r.to_ascii_uppercase()).unwrap_or_else(|| c.regions[0].0.clone());
        if !c.regions.iter().any(|(r, _)| *r == c.default_region) {
            return Err(ConfigError(format!("`default_region` {} is not one of `regions`", c.default_region)));
        }
        if let Some(name) = text(&v, "portal_name")? {
            c.portal_name = name;
        }
        match v.get("refresh_seconds") {
            None | Some(Value::Null) => {}
            Some(n) => {
                c.refresh_seconds =
                    n.as_u64().filter(|n| (5..=3600).contains(n)).map(|n| n as u32).ok_or_else(|| {
                        ConfigError(format!("`refresh_seconds` must be a whole number from 5 to 3600, not {n}"))
                    })?;
            }
        }
        Ok(c)
    }

    /// Where the console should call a Cloud Backup URL from Identity's
    /// catalog. Rules, first match wins:
    /// 1. an explicit `proxy` entry whose key is a prefix of the URL (longest
    ///    key first) replaces that prefix;
    /// 2. a URL on a region's public Rackspace host
    ///    (`https://dfw.backup.api.rackspacecloud.com/…`) goes to the base that
    ///    `regions` configures for that region, when it differs;
    /// 3. anything else is used as the catalog gives it.
    ///
    /// The rest of the URL (`v1.0/{tenant}`) is kept.
    pub fn map_catalog_url(&self, url: &str) -> String {
        let join = |to: &str, rest: &str| format!("{}/{}", to.trim_end_matches('/'), rest.trim_start_matches('/'));
        let mut explicit: Vec<&(String, String)> = self.proxy.iter().collect();
        super::order::sort_by(&mut explicit, &|a, b| b.0.len().cmp(&a.0.len()));
        for (from, to) in explicit {
            let from_dir = from.trim_end_matches('/');
            if let Some(rest) = url.strip_prefix(from_dir).filter(|r| r.is_empty() || r.starts_with('/')) {
                return join(to, rest);
            }
        }
        for (region, public) in DEFAULT_REGIONS {
            let host = public.trim_end_matches('/');
            if let Some(rest) = url.strip_prefix(host).filter(|r| r.is_empty() || r.starts_with('/')) {
                if let Some(base) = self.region_root(region).filter(|b| b.trim_end_matches('/') != host) {
                    return join(base, rest);
                }
            }
        }
        url.to_string()
    }

    /// True when the region is offered (every region, unless config narrows).
    pub fn offers(&self, region: &str) -> bool {
        !self.offered_only || self.region_root(region).is_some()
    }

    /// Identity's Cloud Backup endpoints as this deployment reaches them:
    /// the offered regions only, each URL mapped by [`Self::map_catalog_url`].
    pub fn route(&self, catalog: Vec<RegionEndpoint>) -> Vec<RegionEndpoint> {
        catalog
            .into_iter()
            .filter(|e| self.offers(&e.region))
            .map(|e| RegionEndpoint {
                v1_base: self.map_catalog_url(&e.v1_base),
                v2_base: self.map_catalog_url(&e.v2_base),
                region: e.region,
            })
            .collect()
    }

    /// The configured Cloud Backup root of a region.
    pub fn region_root(&self, region: &str) -> Option<&str> {
        self.regions.iter().find(|(r, _)| r.eq_ignore_ascii_case(region)).map(|(_, u)| u.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_gives_the_rackspace_defaults() {
        let c = AppConfig::parse("{}").expect("parses");
        assert_eq!(c, AppConfig::default());
        assert_eq!(c.region_root("dfw"), Some("https://dfw.backup.api.rackspacecloud.com/"));
    }

    #[test]
    fn a_full_config() {
        let c = AppConfig::parse(
            r#"{"identity_url": "/identity/v2.0", "regions": {"dfw": "/rax/dfw/", "LON": "/rax/lon/"},
                "default_region": "lon", "portal_name": "Support", "refresh_seconds": 30}"#,
        )
        .expect("parses");
        assert_eq!(c.identity_url, "/identity/v2.0");
        assert_eq!(
            c.regions,
            [("DFW".to_string(), "/rax/dfw/".to_string()), ("LON".to_string(), "/rax/lon/".to_string())]
        );
        assert_eq!(c.default_region, "LON");
        assert_eq!((c.portal_name.as_str(), c.refresh_seconds), ("Support", 30));
    }

    #[test]
    fn catalog_urls_map_to_the_configured_proxy() {
        let c = AppConfig::parse(
            r#"{"regions": {"DFW": "/support/backup/rax/dfw/", "IAD": "https://iad.backup.api.rackspacecloud.com/"},
                "proxy": {"https://backup.api.rackspacecloud.com": "/support/backup/rax/global"}}"#,
        )
        .expect("parses");
        assert_eq!(
            c.map_catalog_url("https://dfw.backup.api.rackspacecloud.com/v1.0/929418"),
            "/support/backup/rax/dfw/v1.0/929418"
        );
        assert_eq!(
            c.map_catalog_url("https://iad.backup.api.rackspacecloud.com/v1.0/929418"),
            "https://iad.backup.api.rackspacecloud.com/v1.0/929418",
            "a region configured with its own public host is used directly"
        );
        assert_eq!(
            c.map_catalog_url("https://backup.api.rackspacecloud.com/v1.0/1"),
            "/support/backup/rax/global/v1.0/1"
        );
        assert_eq!(
            c.map_catalog_url("https://dfw.backup.api.rackspacecloud.com.evil.example/v1.0/1"),
            "https://dfw.backup.api.rackspacecloud.com.evil.example/v1.0/1",
            "a prefix must end at a path boundary"
        );
        assert_eq!(
            c.map_catalog_url("https://ord.backup.api.rackspacecloud.com/v1.0/1"),
            "https://ord.backup.api.rackspacecloud.com/v1.0/1",
            "ORD is not configured here"
        );
    }

    #[test]
    fn catalog_endpoints_are_routed_and_filtered() {
        let c = AppConfig::parse(r#"{"regions": {"DFW": "/p/dfw/", "ORD": "/p/ord/"}, "offered_regions": ["DFW"]}"#)
            .expect("parses");
        let routed = c.route(vec![
            RegionEndpoint::from_public_url("DFW", "https://dfw.backup.api.rackspacecloud.com/v1.0/42"),
            RegionEndpoint::from_public_url("SYD", "https://syd.backup.api.rackspacecloud.com/v1.0/42"),
        ]);
        assert_eq!(
            routed,
            vec![RegionEndpoint {
                region: "DFW".into(),
                v1_base: "/p/dfw/v1.0/42".into(),
                v2_base: "/p/dfw/v2/42".into()
            }]
        );
        let open = AppConfig::default()
            .route(vec![RegionEndpoint::from_public_url("GLOBAL", "https://backup.api.rackspacecloud.com/v1.0/42")]);
        assert_eq!(open.len(), 1, "without offered_regions every catalog region stays");
    }

    #[test]
    fn offered_regions_narrow_and_order_the_list() {
        let c = AppConfig::parse(r#"{"offered_regions": ["iad", "DFW"]}"#).expect("parses");
        assert_eq!(c.regions.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["IAD", "DFW"]);
        assert_eq!(c.default_region, "IAD");
        assert!(c.offers("DFW") && !c.offers("SYD"));
        let err = AppConfig::parse(r#"{"offered_regions": ["MARS"]}"#).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.contains("MARS"));
    }

    #[test]
    fn mistakes_are_named() {
        let err = |t: &str| AppConfig::parse(t).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err("{").contains("not valid JSON"));
        assert!(err("[]").contains("JSON object"));
        assert!(err(r#"{"identity_url": 5}"#).contains("`identity_url` must be a string"));
        assert!(err(r#"{"identity_url": "ftp://x"}"#).contains("https:// URL"));
        assert!(err(r#"{"regions": {}}"#).contains("no region"));
        assert!(err(r#"{"regions": {"DFW": 1}}"#).contains("regions.DFW"));
        assert!(err(r#"{"default_region": "XYZ"}"#).contains("XYZ"));
        assert!(err(r#"{"refresh_seconds": 1}"#).contains("refresh_seconds"));
        assert!(err("{").starts_with("config.json: "));
    }

    #[test]
    fn plain_http_is_for_localhost_only_and_protocol_relative_urls_are_refused() {
        let err = |t: &str| AppConfig::parse(t).err().map(|e| e.to_string()).unwrap_or_default();
        let http = err(r#"{"identity_url": "http://identity.example.com/v2.0"}"#);
        assert!(http.contains("`identity_url`") && http.contains("plain http://"), "{http}");
        let rel = err(r#"{"regions": {"DFW": "//evil.example/rax/"}}"#);
        assert!(rel.contains("`regions.DFW`") && rel.contains("protocol-relative"), "{rel}");
        assert!(err(r#"{"identity_url": "/\\evil.example/"}"#).contains("protocol-relative"));
        assert!(err(r#"{"regions": {"DFW": "http://10.0.0.1:8080/"}}"#).contains("`regions.DFW`"));
        for ok in
            ["http://localhost:8080/v2.0", "http://127.0.0.1/x", "http://[::1]:9000/", "https://x.example/", "/p/"]
        {
            assert!(AppConfig::parse(&format!(r#"{{"identity_url": "{ok}"}}"#)).is_ok(), "{ok}");
        }
    }
}
