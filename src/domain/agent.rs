//! The agent as the console shows it: the v1 list record, completed by agent
//! details and status readings as they arrive.

use super::status::{self, AgentStatus, Observation};
use super::text::{fold_case, visible};
use crate::api::types::AgentV1;

/// One row of the agents table.
#[derive(Debug, Clone, PartialEq)]
pub struct Agent {
    pub id: u64,
    pub name: String,
    pub datacenter: String,
    pub os: String,
    pub architecture: String,
    pub version: String,
    pub vault_size: Option<String>,
    /// `vault_size` in bytes, for sorting ("35.3 MB" → 37 014 732).
    pub vault_bytes: Option<u64>,
    pub encrypted: bool,
    pub disabled: bool,
    pub ip: String,
    pub host_server_id: Option<String>,
    pub backup_container: Option<String>,
    pub backup_datacenter: Option<String>,
    pub use_service_net: bool,
    pub cleanup_allowed: bool,
    pub flavor: String,
    /// Hex modulus and exponent of the agent's public key.
    pub public_key: Option<(String, String)>,
    /// Last successful backup (epoch ms); only agent details know it.
    pub last_backup_ms: Option<i64>,
    /// Whether the last successful backup is known (from details or from the
    /// tenant's activity); until then the age shows as pending.
    pub backup_known: bool,
    /// The latest status reading.
    pub seen: Option<Observation>,
    /// Lower-case text that free-text search looks in.
    pub search_text: String,
    /// Lower-case name and OS, computed once so sorting allocates nothing.
    pub name_key: String,
    pub os_key: String,
    /// Why the last status check failed, if it did.
    pub check_error: Option<String>,
}

/// "35.3 MB" → bytes; `None` when the API sent nothing readable.
pub fn parse_size(text: &str) -> Option<u64> {
    let mut parts = text.split_whitespace();
    let number = parts.next()?;
    let unit = parts.next().unwrap_or("B").to_ascii_uppercase();
    let scale: u64 = match unit.as_str() {
        "B" | "BYTES" => 1,
        "KB" => 1 << 10,
        "MB" => 1 << 20,
        "GB" => 1 << 30,
        "TB" => 1 << 40,
        _ => return None,
    };
    // Integer arithmetic on "whole.fraction": parsing it as f64 would pull
    // the float parser and its tables (~10 KB gzip) into the bundle.
    let (whole, fraction) = number.split_once('.').unwrap_or((number, ""));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !(fraction.is_empty() || digits(fraction)) {
        return None;
    }
    // Only ASCII digits are left, so any byte is a character boundary.
    let fraction = fraction.get(..fraction.len().min(6)).unwrap_or_default();
    let whole_bytes = whole.parse::<u64>().ok()?.checked_mul(scale)?;
    let fraction_bytes = match fraction.parse::<u64>() {
        Ok(f) => u128::from(f) * u128::from(scale) / 10u128.pow(fraction.len() as u32),
        Err(_) => 0,
    };
    whole_bytes.checked_add(u64::try_from(fraction_bytes).ok()?)
}

/// The name as shown: what the API sent (hidden characters made visible),
/// or "Agent 202913 (no name)" when that is blank, so every row has a link
/// to click and every page a heading.
pub fn display_name(machine_name: &str, id: u64) -> String {
    if machine_name.trim().is_empty() {
        format!("Agent {id} (no name)")
    } else {
        visible(machine_name).into_owned()
    }
}

fn join_os(name: &str, version: &str) -> String {
    match (name.trim(), version.trim()) {
        ("", v) => v.to_string(),
        (n, "") => n.to_string(),
        (n, v) if n.contains(v) => n.to_string(),
        (n, v) => format!("{n} {v}"),
    }
}

impl Agent {
    /// A row from the v1 list: its `Status` is ignored (always "Offline").
    pub fn from_list(a: &AgentV1) -> Agent {
        // Shown fields go through `visible`, so hidden and direction-changing
        // characters from the API cannot disguise what is on screen.
        let show = |s: &str| visible(s).into_owned();
        let os = show(&join_os(&a.operating_system, &a.operating_system_version));
        let mut agent = Agent {
            id: a.machine_agent_id,
            name: display_name(&a.machine_name, a.machine_agent_id),
            datacenter: show(&a.datacenter),
            os,
            architecture: show(&a.architecture),
            version: show(&a.agent_version),
            vault_size: a.backup_vault_size.clone().filter(|s| !s.trim().is_empty()),
            vault_bytes: a.backup_vault_size.as_deref().and_then(parse_size),
            encrypted: a.is_encrypted,
            disabled: a.is_disabled,
            ip: show(&a.ip_address),
            host_server_id: a.host_server_id.clone().filter(|s| !s.is_empty()),
            backup_container: a.backup_container.clone(),
            backup_datacenter: a.backup_datacenter.clone(),
            use_service_net: a.use_service_net,
            cleanup_allowed: a.cleanup_allowed,
            flavor: a.flavor.clone(),
            public_key: a
                .public_key
                .as_ref()
                .filter(|k| !k.modulus_hex.is_empty())
                .map(|k| (k.modulus_hex.clone(), k.exponent_hex.clone())),
            last_backup_ms: None,
            backup_known: false,
            seen: None,
            search_text: String::new(),
            name_key: String::new(),
            os_key: String::new(),
            check_error: None,
        };
        agent.search_text = agent.haystack();
        agent.os_key = fold_case(&agent.os);
        agent.name_key = fold_case(&agent.name);
        agent
    }

    fn haystack(&self) -> String {
        fold_case(&format!("{} {} {} {} {} {}", self.name, self.id, self.ip, self.os, self.version, self.datacenter))
    }

    /// Takes in agent details: the true status and last backup, and any field
    /// that changed since the list was read.
    pub fn apply_details(&mut self, d: &AgentV1, at_ms: i64) {
        let seen = self.seen;
        let mut fresh = Agent::from_list(d);
        fresh.last_backup_ms = d.time_of_last_successful_backup;
        fresh.backup_known = true;
        fresh.seen = Some(Observation { online: d.status.eq_ignore_ascii_case("online"), at_ms });
        // A newer reading from another source (heartbeat) is kept.
        if let Some(old) = seen {
            if old.at_ms > at_ms {
                fresh.seen = Some(old);
            }
        }
        *self = fresh;
    }

    /// Records a status reading from v2 status or a heartbeat.
    pub fn observe(&mut self, online: bool, at_ms: i64) {
        if self.seen.is_none_or(|s| s.at_ms <= at_ms) {
            self.seen = Some(Observation { online, at_ms });
            self.check_error = None;
        }
    }

    pub fn status(&self, woke_ms: Option<i64>, now_ms: i64) -> AgentStatus {
        status::derive(self.disabled, self.seen, woke_ms, now_ms)
    }

    /// True when the last successful backup is older than `days` (or never).
    pub fn is_stale(&self, days: u32, now_ms: i64) -> bool {
        match self.last_backup_ms {
            Some(t) => now_ms - t > i64::from(days) * 86_400_000,
            None => self.backup_known,
        }
    }

    /// Takes the last successful backup seen in the tenant's activity; a
    /// later time already known (from details) is kept.
    pub fn learn_last_backup(&mut self, completed_ms: Option<i64>) {
        self.last_backup_ms = self.last_backup_ms.max(completed_ms);
        self.backup_known = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::PublicKeyV1;

    pub(crate) fn wire(id: u64, name: &str) -> AgentV1 {
        AgentV1 {
            machine_agent_id: id,
            machine_name: name.into(),
            datacenter: "DFW".into(),
            operating_system: "Ubuntu".into(),
            operating_system_version: "18.04".into(),
            agent_version: "1.36.009741".into(),
            ip_address: "10.0.0.1".into(),
            backup_vault_size: Some("35.3 MB".into()),
            status: "Offline".into(),
            public_key: Some(PublicKeyV1 { modulus_hex: "C605".into(), exponent_hex: "10001".into() }),
            ..AgentV1::default()
        }
    }

    #[test]
    fn a_blank_name_still_names_the_agent() {
        assert_eq!(Agent::from_list(&wire(202913, "")).name, "Agent 202913 (no name)");
        assert_eq!(Agent::from_list(&wire(7, " \t")).name, "Agent 7 (no name)");
        assert_eq!(Agent::from_list(&wire(7, "web\u{202E}")).name, "web[U+202E]");
    }

    #[test]
    fn the_list_status_is_never_trusted() {
        let a = Agent::from_list(&wire(1, "web"));
        assert_eq!(a.seen, None);
        assert_eq!(a.status(None, 0), AgentStatus::Unknown);
        assert_eq!(a.os, "Ubuntu 18.04");
        assert_eq!(a.public_key, Some(("C605".into(), "10001".into())));
    }

    #[test]
    fn details_give_the_real_status_and_last_backup() {
        let mut a = Agent::from_list(&wire(1, "web"));
        let mut d = wire(1, "web");
        d.status = "Online".into();
        d.time_of_last_successful_backup = Some(1_000);
        a.apply_details(&d, 5_000);
        assert_eq!(a.status(None, 6_000), AgentStatus::Online);
        assert_eq!(a.last_backup_ms, Some(1_000));
        assert!(a.backup_known, "details give the last backup");
        // A later heartbeat wins; an older reading does not overwrite it.
        a.observe(false, 7_000);
        a.observe(true, 6_500);
        assert_eq!(a.status(None, 8_000), AgentStatus::Offline);
        d.status = "Online".into();
        a.apply_details(&d, 6_800);
        assert_eq!(a.status(None, 8_000), AgentStatus::Offline, "older details keep the newer heartbeat");
    }

    #[test]
    fn sizes_parse_for_sorting() {
        assert_eq!(parse_size("35.3 MB"), Some(37_014_732));
        assert_eq!(parse_size("1 KB"), Some(1024));
        assert_eq!(parse_size("2.0 TB"), Some(2_199_023_255_552));
        assert_eq!(parse_size("lots"), None);
        assert_eq!(parse_size("5 parsecs"), None);
        assert_eq!(parse_size("0.5 KB"), Some(512));
        assert_eq!(parse_size("12 bytes"), Some(12));
        assert_eq!(parse_size("-1 MB"), None);
        assert_eq!(parse_size("1.2.3 MB"), None);
        assert_eq!(parse_size(".5 MB"), None);
        assert_eq!(parse_size("99999999999999 TB"), None, "overflow is unreadable, not wrapped");
    }

    #[test]
    fn staleness_counts_never_as_stale_once_known() {
        let day = 86_400_000;
        let mut a = Agent::from_list(&wire(1, "web"));
        assert!(!a.is_stale(7, 10 * day), "unknown until details arrive");
        a.backup_known = true;
        assert!(a.is_stale(7, 10 * day), "no backup ever");
        a.last_backup_ms = Some(5 * day);
        assert!(!a.is_stale(7, 10 * day));
        assert!(a.is_stale(3, 10 * day));
    }

    #[test]
    fn activity_fills_in_the_last_backup_without_losing_a_newer_one() {
        let mut a = Agent::from_list(&wire(1, "web"));
        a.learn_last_backup(Some(100));
        assert_eq!((a.last_backup_ms, a.backup_known), (Some(100), true));
        a.learn_last_backup(Some(50));
        assert_eq!(a.last_backup_ms, Some(100), "an older completion does not win");
        let mut never = Agent::from_list(&wire(2, "db"));
        never.learn_last_backup(None);
        assert!(never.backup_known && never.is_stale(1, 10));
    }

    #[test]
    fn names_cannot_hide_a_direction_override() {
        let a = Agent::from_list(&wire(1, "\u{202E}exe.lanretni-gpj"));
        assert_eq!(a.name, "[U+202E]exe.lanretni-gpj");
    }

    #[test]
    fn search_text_covers_the_visible_columns() {
        let a = Agent::from_list(&wire(213563, "Web Server2"));
        for needle in ["web server2", "213563", "10.0.0.1", "ubuntu", "1.36", "dfw"] {
            assert!(a.search_text.contains(needle), "{needle}");
        }
    }
}
