//! The agents table's view: search, filters and sort, kept in the URL query
//! so a link reproduces the view; and the pure functions that apply it.

use super::agent::Agent;
use super::status::AgentStatus;
use std::cmp::Ordering;

/// A sortable column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortKey {
    Name,
    Id,
    Status,
    LastBackup,
    Datacenter,
    Os,
    Version,
    VaultSize,
    Encrypted,
    Disabled,
    Ip,
}

impl SortKey {
    pub const ALL: [SortKey; 11] = [
        SortKey::Name,
        SortKey::Id,
        SortKey::Status,
        SortKey::LastBackup,
        SortKey::Datacenter,
        SortKey::Os,
        SortKey::Version,
        SortKey::VaultSize,
        SortKey::Encrypted,
        SortKey::Disabled,
        SortKey::Ip,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SortKey::Name => "name",
            SortKey::Id => "id",
            SortKey::Status => "status",
            SortKey::LastBackup => "last_backup",
            SortKey::Datacenter => "datacenter",
            SortKey::Os => "os",
            SortKey::Version => "version",
            SortKey::VaultSize => "vault",
            SortKey::Encrypted => "encrypted",
            SortKey::Disabled => "disabled",
            SortKey::Ip => "ip",
        }
    }

    pub fn parse(s: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.key() == s)
    }

    /// The column heading.
    pub fn label(self) -> &'static str {
        match self {
            SortKey::Name => "Name",
            SortKey::Id => "Agent ID",
            SortKey::Status => "Status",
            SortKey::LastBackup => "Last backup",
            SortKey::Datacenter => "Datacenter",
            SortKey::Os => "OS",
            SortKey::Version => "Agent version",
            SortKey::VaultSize => "Vault size",
            SortKey::Encrypted => "Encrypted",
            SortKey::Disabled => "Disabled",
            SortKey::Ip => "IP address",
        }
    }
}

/// A set of statuses (the status filter), kept as bits in the order of
/// [`AgentStatus::ALL`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct StatusSet(u8);

impl StatusSet {
    fn bit(s: AgentStatus) -> u8 {
        1 << AgentStatus::ALL.iter().position(|x| *x == s).unwrap_or(0)
    }

    pub fn contains(&self, s: AgentStatus) -> bool {
        self.0 & Self::bit(s) != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// Adds the status, or removes it if it is there.
    pub fn toggle(&mut self, s: AgentStatus) {
        self.0 ^= Self::bit(s);
    }

    /// The statuses in the set, in the order of [`AgentStatus::ALL`].
    pub fn iter(&self) -> impl Iterator<Item = AgentStatus> + '_ {
        AgentStatus::ALL.into_iter().filter(|s| self.contains(*s))
    }
}

impl FromIterator<AgentStatus> for StatusSet {
    fn from_iter<I: IntoIterator<Item = AgentStatus>>(statuses: I) -> Self {
        StatusSet(statuses.into_iter().fold(0, |bits, s| bits | Self::bit(s)))
    }
}

impl<const N: usize> From<[AgentStatus; N]> for StatusSet {
    fn from(statuses: [AgentStatus; N]) -> Self {
        statuses.into_iter().collect()
    }
}

/// Everything that decides which rows show, in which order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableQuery {
    pub search: String,
    /// Empty = every status.
    pub statuses: StatusSet,
    /// Only agents with no successful backup in this many days.
    pub stale_days: Option<u32>,
    pub sort: SortKey,
    pub descending: bool,
}

impl Default for TableQuery {
    fn default() -> Self {
        TableQuery {
            search: String::new(),
            statuses: StatusSet::default(),
            stale_days: None,
            sort: SortKey::Name,
            descending: false,
        }
    }
}

/// The choices offered by the "no backup in N days" filter.
pub const STALE_CHOICES: [u32; 5] = [1, 3, 7, 30, 90];

impl TableQuery {
    /// URL query pairs; defaults are left out so plain links stay short.
    pub fn to_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::new();
        if !self.search.trim().is_empty() {
            pairs.push(("q", self.search.trim().to_string()));
        }
        if !self.statuses.is_empty() {
            pairs.push(("status", self.statuses.iter().map(|s| s.key()).collect::<Vec<_>>().join(",")));
        }
        if let Some(d) = self.stale_days {
            pairs.push(("stale", d.to_string()));
        }
        if self.sort != SortKey::Name {
            pairs.push(("sort", self.sort.key().to_string()));
        }
        if self.descending {
            pairs.push(("dir", "desc".to_string()));
        }
        pairs
    }

    /// Reads the query back; unknown or malformed values are ignored.
    pub fn from_pairs<'a>(pairs: impl IntoIterator<Item = (&'a str, &'a str)>) -> TableQuery {
        let mut q = TableQuery::default();
        for (k, v) in pairs {
            match k {
                "q" => q.search = v.trim().to_string(),
                "status" => q.statuses = v.split(',').filter_map(AgentStatus::parse).collect(),
                "stale" => q.stale_days = v.parse().ok().filter(|d| *d > 0 && *d <= 3650),
                "sort" => q.sort = SortKey::parse(v).unwrap_or(SortKey::Name),
                "dir" => q.descending = v == "desc",
                _ => {}
            }
        }
        q
    }

    /// Sorting by `key`: a new column sorts ascending; the same one flips.
    pub fn sorted_by(&self, key: SortKey) -> TableQuery {
        let mut q = self.clone();
        if q.sort == key {
            q.descending = !q.descending;
        } else {
            q.sort = key;
            q.descending = false;
        }
        q
    }

    /// Reads a URL query string back (`?` optional); see [`Self::from_pairs`].
    pub fn from_query_string(raw: &str) -> TableQuery {
        let pairs = parse_query(raw);
        TableQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }

    /// The URL query string (`q=web&status=online`), percent-encoded.
    pub fn to_query_string(&self) -> String {
        self.to_pairs().iter().map(|(k, v)| format!("{k}={}", encode_component(v))).collect::<Vec<_>>().join("&")
    }

    pub fn is_filtered(&self) -> bool {
        !self.search.trim().is_empty() || !self.statuses.is_empty() || self.stale_days.is_some()
    }
}

/// Percent-encodes a query value (RFC 3986 unreserved characters pass).
fn encode_component(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b',' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `a=1&b=x%20y` → pairs, percent-decoded ('+' is a space, as browsers send
/// forms); invalid escapes are kept as typed and invalid UTF-8 is replaced.
fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A status for each row, computed once per view (statuses depend on time).
pub fn matches(agent: &Agent, status: AgentStatus, q: &TableQuery, needle: &str, now_ms: i64) -> bool {
    (needle.is_empty() || agent.search_text.contains(needle))
        && (q.statuses.is_empty() || q.statuses.contains(status))
        && q.stale_days.is_none_or(|d| agent.is_stale(d, now_ms))
}

fn compare(a: &Agent, sa: AgentStatus, b: &Agent, sb: AgentStatus, key: SortKey) -> Ordering {
    match key {
        SortKey::Name => a.name_key.cmp(&b.name_key),
        SortKey::Id => a.id.cmp(&b.id),
        SortKey::Status => sa.cmp(&sb),
        // Never backed up sorts as the oldest.
        SortKey::LastBackup => a.last_backup_ms.unwrap_or(i64::MIN).cmp(&b.last_backup_ms.unwrap_or(i64::MIN)),
        SortKey::Datacenter => a.datacenter.cmp(&b.datacenter),
        SortKey::Os => a.os_key.cmp(&b.os_key),
        SortKey::Version => version_cmp(&a.version, &b.version),
        SortKey::VaultSize => a.vault_bytes.cmp(&b.vault_bytes),
        SortKey::Encrypted => a.encrypted.cmp(&b.encrypted),
        SortKey::Disabled => a.disabled.cmp(&b.disabled),
        SortKey::Ip => ip_key(&a.ip).cmp(&ip_key(&b.ip)),
    }
}

/// "1.10.006176" after "1.9.0": compare dotted parts as numbers.
fn version_cmp(a: &str, b: &str) -> Ordering {
    let parts = |s: &str| s.split('.').map(|p| p.parse::<u64>().unwrap_or(0)).collect::<Vec<_>>();
    parts(a).cmp(&parts(b))
}

/// IPv4 addresses in numeric order; anything else after them, as text.
fn ip_key(ip: &str) -> (u8, Vec<u32>, String) {
    let octets: Vec<u32> = ip.split('.').filter_map(|p| p.parse().ok()).collect();
    if octets.len() == 4 {
        (0, octets, String::new())
    } else {
        (1, Vec::new(), ip.to_string())
    }
}

/// Every row index in display order for a sort (ties broken by name, then
/// ID, so the order is stable). Computed when the data or the sort changes,
/// not on every keystroke.
pub fn sort_order(agents: &[Agent], statuses: &[AgentStatus], sort: SortKey, descending: bool) -> Vec<usize> {
    // The table's hot path (10,000 agents on a click): its own sort with a
    // direct comparator, not the shared `order` one with a `dyn` comparator.
    let mut rows: Vec<usize> = (0..agents.len()).collect();
    rows.sort_by(|&i, &j| {
        let primary = compare(&agents[i], statuses[i], &agents[j], statuses[j], sort);
        let primary = if descending { primary.reverse() } else { primary };
        primary
            .then_with(|| compare(&agents[i], statuses[i], &agents[j], statuses[j], SortKey::Name))
            .then_with(|| agents[i].id.cmp(&agents[j].id))
    });
    rows
}

/// The rows of `sorted` that pass the search and filters, in order: one
/// linear pass, so typing in search never re-sorts.
pub fn filter_order(
    sorted: &[usize],
    agents: &[Agent],
    statuses: &[AgentStatus],
    q: &TableQuery,
    now_ms: i64,
) -> Vec<usize> {
    let needle = super::text::fold_case(q.search.trim());
    sorted.iter().copied().filter(|&i| matches(&agents[i], statuses[i], q, &needle, now_ms)).collect()
}

/// How many agents are in each status.
pub fn counts(statuses: &[AgentStatus]) -> Vec<(AgentStatus, usize)> {
    AgentStatus::ALL.iter().map(|s| (*s, statuses.iter().filter(|x| *x == s).count())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::AgentV1;

    /// The rows shown for a query: the sorted order, filtered (what the
    /// agents page computes in two steps).
    fn view(agents: &[Agent], statuses: &[AgentStatus], q: &TableQuery, now_ms: i64) -> Vec<usize> {
        filter_order(&sort_order(agents, statuses, q.sort, q.descending), agents, statuses, q, now_ms)
    }

    #[test]
    fn status_sets_toggle_and_list_in_the_usual_order() {
        let mut set = StatusSet::default();
        assert!(set.is_empty());
        set.toggle(AgentStatus::Offline);
        set.toggle(AgentStatus::Online);
        assert!(set.contains(AgentStatus::Online) && !set.contains(AgentStatus::Waking));
        assert_eq!(set.iter().collect::<Vec<_>>(), vec![AgentStatus::Online, AgentStatus::Offline]);
        set.toggle(AgentStatus::Online);
        assert_eq!(set, [AgentStatus::Offline].into());
    }

    fn agent(id: u64, name: &str, ip: &str, version: &str, last: Option<i64>) -> Agent {
        let wire = AgentV1 {
            machine_agent_id: id,
            machine_name: name.into(),
            ip_address: ip.into(),
            agent_version: version.into(),
            datacenter: "DFW".into(),
            ..AgentV1::default()
        };
        let mut a = Agent::from_list(&wire);
        a.last_backup_ms = last;
        a.backup_known = true;
        a
    }

    const DAY: i64 = 86_400_000;
    const NOW: i64 = 100 * DAY;

    fn fleet() -> (Vec<Agent>, Vec<AgentStatus>) {
        let agents = vec![
            agent(3, "web-01", "10.0.0.10", "1.10.0", Some(NOW - DAY / 2)),
            agent(1, "db-01", "10.0.0.9", "1.9.0", Some(NOW - 40 * DAY)),
            agent(2, "Web-02", "10.0.0.100", "1.36.0", None),
        ];
        let statuses = vec![AgentStatus::Online, AgentStatus::Offline, AgentStatus::Unknown];
        (agents, statuses)
    }

    fn names(agents: &[Agent], rows: &[usize]) -> Vec<String> {
        rows.iter().map(|&i| agents[i].name.clone()).collect()
    }

    #[test]
    fn search_is_case_insensitive_over_visible_fields() {
        let (a, s) = fleet();
        let q = TableQuery { search: "WEB".into(), ..Default::default() };
        assert_eq!(names(&a, &view(&a, &s, &q, NOW)), ["web-01", "Web-02"]);
        let q = TableQuery { search: "10.0.0.9".into(), ..Default::default() };
        assert_eq!(names(&a, &view(&a, &s, &q, NOW)), ["db-01"]);
    }

    #[test]
    fn status_and_staleness_filters() {
        let (a, s) = fleet();
        let q = TableQuery { statuses: [AgentStatus::Offline, AgentStatus::Unknown].into(), ..Default::default() };
        assert_eq!(names(&a, &view(&a, &s, &q, NOW)), ["db-01", "Web-02"]);
        let q = TableQuery { stale_days: Some(7), ..Default::default() };
        assert_eq!(names(&a, &view(&a, &s, &q, NOW)), ["db-01", "Web-02"], "40 days old and never");
    }

    #[test]
    fn sorts_on_every_column_in_both_directions() {
        let (a, s) = fleet();
        for key in SortKey::ALL {
            let asc = view(&a, &s, &TableQuery { sort: key, ..Default::default() }, NOW);
            let desc = view(&a, &s, &TableQuery { sort: key, descending: true, ..Default::default() }, NOW);
            assert_eq!(asc.len(), 3, "{key:?}");
            assert_eq!(desc.len(), 3, "{key:?}");
        }
        let by = |key, descending| {
            names(&a, &view(&a, &s, &TableQuery { sort: key, descending, ..Default::default() }, NOW))
        };
        assert_eq!(by(SortKey::Name, false), ["db-01", "web-01", "Web-02"]);
        assert_eq!(by(SortKey::Id, true), ["web-01", "Web-02", "db-01"]);
        assert_eq!(by(SortKey::Version, false), ["db-01", "web-01", "Web-02"], "1.9 < 1.10 < 1.36");
        assert_eq!(by(SortKey::Ip, false), ["db-01", "web-01", "Web-02"], ".9 < .10 < .100");
        assert_eq!(by(SortKey::LastBackup, true), ["web-01", "db-01", "Web-02"], "never is oldest");
        assert_eq!(by(SortKey::Status, false), ["web-01", "Web-02", "db-01"], "online, unknown, offline");
    }

    #[test]
    fn url_query_round_trips() {
        let q = TableQuery {
            search: "web".into(),
            statuses: [AgentStatus::Online, AgentStatus::Waking].into(),
            stale_days: Some(7),
            sort: SortKey::LastBackup,
            descending: true,
        };
        let pairs = q.to_pairs();
        let back = TableQuery::from_pairs(pairs.iter().map(|(k, v)| (*k, v.as_str())));
        assert_eq!(back, q);
        assert!(TableQuery::default().to_pairs().is_empty());
        let junk = TableQuery::from_pairs([("status", "online,bogus"), ("stale", "-3"), ("sort", "nope"), ("x", "y")]);
        assert_eq!(junk.statuses, [AgentStatus::Online].into());
        assert_eq!(junk.stale_days, None);
        assert_eq!(junk.sort, SortKey::Name);
    }

    #[test]
    fn query_strings_are_encoded() {
        let q = TableQuery {
            search: "web & db=1".into(),
            statuses: [AgentStatus::Online, AgentStatus::Offline].into(),
            ..Default::default()
        };
        assert_eq!(q.to_query_string(), "q=web%20%26%20db%3D1&status=online,offline");
        assert_eq!(TableQuery::default().to_query_string(), "");
        assert_eq!(TableQuery::from_query_string(&format!("?{}", q.to_query_string())), q, "the URL reads back");
    }

    #[test]
    fn clicking_a_heading_sorts_then_flips() {
        let q = TableQuery::default().sorted_by(SortKey::Ip);
        assert_eq!((q.sort, q.descending), (SortKey::Ip, false));
        let q = q.sorted_by(SortKey::Ip);
        assert_eq!((q.sort, q.descending), (SortKey::Ip, true));
        let q = q.sorted_by(SortKey::Name);
        assert_eq!((q.sort, q.descending), (SortKey::Name, false));
    }

    #[test]
    fn counts_per_status() {
        let (_, s) = fleet();
        let c = counts(&s);
        assert_eq!(c.iter().find(|(k, _)| *k == AgentStatus::Online).map(|x| x.1), Some(1));
        assert_eq!(c.iter().map(|x| x.1).sum::<usize>(), 3);
    }

    #[test]
    fn queries_decode_like_a_browser() {
        let pairs = |raw: &str| parse_query(raw);
        assert_eq!(pairs("?q=web%2001&dir=desc"), vec![("q".into(), "web 01".into()), ("dir".into(), "desc".into())]);
        assert_eq!(pairs("q=a+b"), vec![("q".into(), "a b".into())]);
        assert_eq!(pairs("q=%E2%9C%93"), vec![("q".into(), "✓".into())]);
        assert_eq!(pairs("q=100%&x"), vec![("q".into(), "100%".into()), ("x".into(), String::new())]);
        assert_eq!(pairs("q=%zz%4"), vec![("q".into(), "%zz%4".into())]);
        assert_eq!(pairs("q=%FF"), vec![("q".into(), "\u{FFFD}".into())]);
        assert!(pairs("").is_empty());
    }
}
