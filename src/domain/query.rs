//! The agents table's view: search, filters and sort, kept in the URL query
//! so a link reproduces the view; the filter that applies it and the status
//! counts. (The sort itself is `domain::order`'s.)

use super::agent::Agent;
pub use super::order::SortKey;
use super::status::AgentStatus;
use crate::api::{percent_decode, percent_encode};

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

/// The staleness choices to offer when the URL applies `current`: the usual
/// ones, and `current` in its place when it is none of them (a link may
/// carry any number of days), so the select can show what the table applies.
pub fn stale_choices(current: Option<u32>) -> Vec<u32> {
    let mut days = STALE_CHOICES.to_vec();
    if let Some(d) = current.filter(|d| !days.contains(d)) {
        days.insert(days.partition_point(|x| *x < d), d);
    }
    days
}

/// "1 day", "30 days".
pub fn stale_label(days: u32) -> String {
    format!("{days} day{}", if days == 1 { "" } else { "s" })
}

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
        self.to_pairs().iter().map(|(k, v)| percent_pair(k, v)).collect::<Vec<_>>().join("&")
    }

    pub fn is_filtered(&self) -> bool {
        !self.search.trim().is_empty() || !self.statuses.is_empty() || self.stale_days.is_some()
    }
}

/// `key=value` for a query string, the value percent-encoded (`,` kept).
pub fn percent_pair(key: &str, value: &str) -> String {
    format!("{key}={}", percent_encode(value, b","))
}

/// `a=1&b=x%20y` → pairs, percent-decoded ('+' is a space, as browsers send
/// forms); invalid escapes are kept as typed and invalid UTF-8 is replaced.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// A status for each row, computed once per view (statuses depend on time).
pub fn matches(agent: &Agent, status: AgentStatus, q: &TableQuery, needle: &str, now_ms: i64) -> bool {
    (needle.is_empty() || agent.search_text.contains(needle))
        && (q.statuses.is_empty() || q.statuses.contains(status))
        && q.stale_days.is_none_or(|d| agent.is_stale(d, now_ms))
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

/// How many agents are in each status, in the order of
/// [`AgentStatus::ALL`]: one pass over the statuses.
pub fn counts(statuses: &[AgentStatus]) -> [(AgentStatus, usize); 5] {
    let mut counts = AgentStatus::ALL.map(|s| (s, 0));
    for s in statuses {
        if let Some(c) = counts.iter_mut().find(|c| c.0 == *s) {
            c.1 += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::AgentV1;

    /// The rows shown for a query: the sorted order, filtered (what the
    /// agents page computes in two steps).
    fn view(agents: &[Agent], statuses: &[AgentStatus], q: &TableQuery, now_ms: i64) -> Vec<usize> {
        filter_order(
            &crate::domain::order::table_order(agents, statuses, q.sort, q.descending),
            agents,
            statuses,
            q,
            now_ms,
        )
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
        let (_, mut s) = fleet();
        s.extend([AgentStatus::Offline, AgentStatus::Disabled, AgentStatus::Offline]);
        use AgentStatus::*;
        assert_eq!(counts(&s), [(Online, 1), (Waking, 0), (Unknown, 1), (Offline, 3), (Disabled, 1)]);
        assert_eq!(counts(&[]).map(|c| c.1), [0; 5]);
    }

    #[test]
    fn the_select_offers_the_urls_staleness() {
        assert_eq!(stale_choices(None), STALE_CHOICES);
        assert_eq!(stale_choices(Some(7)), STALE_CHOICES, "a usual choice is not repeated");
        assert_eq!(stale_choices(Some(2)), [1, 2, 3, 7, 30, 90]);
        assert_eq!(stale_choices(Some(365)), [1, 3, 7, 30, 90, 365]);
        let q = TableQuery::from_query_string("stale=2");
        assert!(stale_choices(q.stale_days).contains(&2), "what /?stale=2 applies is offered");
        assert_eq!((stale_label(1), stale_label(2)), ("1 day".to_string(), "2 days".to_string()));
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
