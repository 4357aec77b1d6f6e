//! `config.json`: where Identity and each region's Cloud Backup API are, for
//! a deployment. Optional: without it the console uses Rackspace's public
//! endpoints. Parsing is strict about types and names every problem.

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
}

impl Default for AppConfig {
    fn default() -> Self {
        AppConfig {
            identity_url: DEFAULT_IDENTITY.into(),
            regions: DEFAULT_REGIONS
                .iter()
                .map(|(r, u)| (r.to_string(), u.to_string()))
                .collect(),
            default_region: "DFW".into(),
            portal_name: "Backup Console".into(),
            refresh_seconds: 60,
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
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(ConfigError(format!("`{key}` is empty")))
        }
        Some(Value::String(s)) => Ok(Some(s.trim().to_string())),
        Some(other) => Err(ConfigError(format!(
            "`{key}` must be a string, not {other}"
        ))),
    }
}

fn check_url(key: &str, url: &str) -> Result<(), ConfigError> {
    if url.starts_with("https://") || url.starts_with("http://") || url.starts_with('/') {
        Ok(())
    } else {
        Err(ConfigError(format!(
            "`{key}` must be an http(s) URL or a path starting with /, not `{url}`"
        )))
    }
}

impl AppConfig {
    /// Parses the file's text; any field left out keeps its default.
    pub fn parse(text_in: &str) -> Result<AppConfig, ConfigError> {
        let v: Value = serde_json::from_str(text_in).map_err(|e| {
            ConfigError(format!(
                "not valid JSON (line {}, column {}): {e}",
                e.line(),
                e.column()
            ))
        })?;
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
                    let root = root.as_str().ok_or_else(|| {
                        ConfigError(format!("`regions.{region}` must be a string"))
                    })?;
                    check_url(&format!("regions.{region}"), root)?;
                    regions.push((region.to_ascii_uppercase(), root.to_string()));
                }
                // JSON objects have no order: offer the known regions in their
                // usual order, then any others alphabetically.
                let rank = |r: &str| {
                    DEFAULT_REGIONS
                        .iter()
                        .position(|(d, _)| *d == r)
                        .unwrap_or(usize::MAX)
                };
                regions.sort_by(|a, b| rank(&a.0).cmp(&rank(&b.0)).then_with(|| a.0.cmp(&b.0)));
                c.regions = regions;
            }
            Some(other) => {
                return Err(ConfigError(format!(
                    "`regions` must be an object of region: URL, not {other}"
                )))
            }
        }
        c.default_region = text(&v, "default_region")?
            .map(|r| r.to_ascii_uppercase())
            .unwrap_or_else(|| c.regions[0].0.clone());
        if !c.regions.iter().any(|(r, _)| *r == c.default_region) {
            return Err(ConfigError(format!(
                "`default_region` {} is not one of `regions`",
                c.default_region
            )));
        }
        if let Some(name) = text(&v, "portal_name")? {
            c.portal_name = name;
        }
        match v.get("refresh_seconds") {
            None | Some(Value::Null) => {}
            Some(n) => {
                c.refresh_seconds = n
                    .as_u64()
                    .filter(|n| (5..=3600).contains(n))
                    .map(|n| n as u32)
                    .ok_or_else(|| {
                        ConfigError(format!(
                            "`refresh_seconds` must be a whole number from 5 to 3600, not {n}"
                        ))
                    })?;
            }
        }
        Ok(c)
    }

    /// The configured Cloud Backup root of a region.
    pub fn region_root(&self, region: &str) -> Option<&str> {
        self.regions
            .iter()
            .find(|(r, _)| r.eq_ignore_ascii_case(region))
            .map(|(_, u)| u.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_object_gives_the_rackspace_defaults() {
        let c = AppConfig::parse("{}").expect("parses");
        assert_eq!(c, AppConfig::default());
        assert_eq!(
            c.region_root("dfw"),
            Some("https://dfw.backup.api.rackspacecloud.com/")
        );
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
            [
                ("DFW".to_string(), "/rax/dfw/".to_string()),
                ("LON".to_string(), "/rax/lon/".to_string())
            ]
        );
        assert_eq!(c.default_region, "LON");
        assert_eq!((c.portal_name.as_str(), c.refresh_seconds), ("Support", 30));
    }

    #[test]
    fn mistakes_are_named() {
        let err = |t: &str| {
            AppConfig::parse(t)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default()
        };
        assert!(err("{").contains("not valid JSON"));
        assert!(err("[]").contains("JSON object"));
        assert!(err(r#"{"identity_url": 5}"#).contains("`identity_url` must be a string"));
        assert!(err(r#"{"identity_url": "ftp://x"}"#).contains("http(s) URL"));
        assert!(err(r#"{"regions": {}}"#).contains("no region"));
        assert!(err(r#"{"regions": {"DFW": 1}}"#).contains("regions.DFW"));
        assert!(err(r#"{"default_region": "XYZ"}"#).contains("XYZ"));
        assert!(err(r#"{"refresh_seconds": 1}"#).contains("refresh_seconds"));
        assert!(err("{").starts_with("config.json: "));
    }
}
