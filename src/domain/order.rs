//! Sorting. Every `sort_by` with its own element type or comparator is a
//! separate copy of the standard sort in the wasm (~3.5 KB each): small
//! lists share one routine (`sorted_indices` with a `dyn` comparator); the
//! agents table, the hot path, has its own direct one (`table_order`).
//! Names sort in natural order through keys built once per sort.

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

/// The indices `0..len` in the order `cmp` gives (stable: equal items keep
/// their order).
pub fn sorted_indices(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| cmp(a, b));
    order
}

/// Sorts `items` by `cmp`, stably.
pub fn sort_by<T>(items: &mut Vec<T>, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let order = sorted_indices(items.len(), &|a, b| cmp(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots[i].take()));
}

/// Appends to `out` a key whose byte order is the natural order of `text`:
/// a run of ASCII digits compares by its value (`api-451` < `api-4507` <
/// `api-4519`), then by its count of leading zeros (`7` < `07`); everything
/// else compares as the text's bytes (UTF-8 bytes sort as the characters
/// do). A run is written as `'0'`, its significant digits' count, those
/// digits and the count of leading zeros (each count one byte under 255,
/// else 255 and four bytes big-endian). No other character writes `'0'`, so
/// two keys' first difference is always between two characters, two runs'
/// counts, or their digits.
pub fn natural_key(text: &str, out: &mut Vec<u8>) {
    let mut rest = text.as_bytes();
    while !rest.is_empty() {
        // Text up to the next digit as it is, then the digits' run.
        let text_end = rest.iter().position(u8::is_ascii_digit).unwrap_or(rest.len());
        let (plain, tail) = rest.split_at(text_end);
        out.extend_from_slice(plain);
        let run_end = tail.iter().position(|b| !b.is_ascii_digit()).unwrap_or(tail.len());
        let (run, tail) = tail.split_at(run_end);
        rest = tail;
        if run.is_empty() {
            continue;
        }
        let zeros = run.iter().take_while(|&&d| d == b'0').count();
        let digits = run.get(zeros..).unwrap_or_default();
        out.push(b'0');
        push_count(out, digits.len());
        out.extend_from_slice(digits);
        push_count(out, zeros);
    }
}

/// A count in as few bytes as keep the order: one under 255, else 255 and
/// four big-endian bytes.
fn push_count(out: &mut Vec<u8>, n: usize) {
    match u8::try_from(n) {
        Ok(small) if small < u8::MAX => out.push(small),
        _ => {
            out.push(u8::MAX);
            out.extend_from_slice(&u32::try_from(n).unwrap_or(u32::MAX).to_be_bytes());
        }
    }
}

/// Every agent's natural name key, in one buffer (two allocations per sort
/// that compares names, none per comparison).
struct NameKeys {
    bytes: Vec<u8>,
    /// Where each agent's key ends in `bytes`; it starts where the previous
    /// one ends.
    ends: Vec<usize>,
}

impl NameKeys {
    fn new(agents: &[Agent]) -> NameKeys {
        let mut bytes = Vec::with_capacity(agents.iter().map(|a| a.name_key.len() + 6).sum());
        let mut ends = Vec::with_capacity(agents.len());
        for a in agents {
            natural_key(&a.name_key, &mut bytes);
            ends.push(bytes.len());
        }
        NameKeys { bytes, ends }
    }

    fn get(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.ends.get(i - 1).copied().unwrap_or(0) };
        let end = self.ends.get(i).copied().unwrap_or(start);
        self.bytes.get(start..end).unwrap_or_default()
    }
}

/// Every row index of the agents table in display order for a sort. Ties
/// are broken by name, then by ID, both ascending whatever the direction,
/// so the order is total and stable. Computed when the data or the sort
/// changes, not on every keystroke.
pub fn table_order(agents: &[Agent], statuses: &[AgentStatus], sort: SortKey, descending: bool) -> Vec<usize> {
    // Built at the first comparison that needs names: a sort by a unique
    // key (agent ID, mostly last backup) never does.
    let keys: std::cell::OnceCell<NameKeys> = std::cell::OnceCell::new();
    let status = |i: usize| statuses.get(i).copied().unwrap_or(AgentStatus::Unknown);
    sorted_indices(agents.len(), &|i, j| {
        let (a, b) = (&agents[i], &agents[j]);
        let primary = match sort {
            SortKey::Name => Ordering::Equal,
            SortKey::Id => a.id.cmp(&b.id),
            SortKey::Status => status(i).cmp(&status(j)),
            // Never backed up sorts as the oldest.
            SortKey::LastBackup => a.last_backup_ms.unwrap_or(i64::MIN).cmp(&b.last_backup_ms.unwrap_or(i64::MIN)),
            SortKey::Datacenter => a.datacenter.cmp(&b.datacenter),
            SortKey::Os => a.os_key.cmp(&b.os_key),
            SortKey::Version => version_cmp(&a.version, &b.version),
            SortKey::VaultSize => a.vault_bytes.cmp(&b.vault_bytes),
            SortKey::Encrypted => a.encrypted.cmp(&b.encrypted),
            SortKey::Disabled => a.disabled.cmp(&b.disabled),
            SortKey::Ip => ip_key(&a.ip).cmp(&ip_key(&b.ip)),
        };
        let by_name = || {
            let keys = keys.get_or_init(|| NameKeys::new(agents));
            keys.get(i).cmp(keys.get(j))
        };
        let primary = if sort == SortKey::Name { by_name() } else { primary };
        let primary = if descending { primary.reverse() } else { primary };
        primary.then_with(by_name).then_with(|| a.id.cmp(&b.id))
    })
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::AgentV1;

    #[test]
    fn sorts_stably_by_the_comparator() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "date"];
        sort_by(&mut words, &|a, b| a.len().cmp(&b.len()));
        assert_eq!(words, vec!["fig", "pear", "kiwi", "date", "apple"], "equal lengths keep their order");
        assert_eq!(sorted_indices(3, &|a, b| b.cmp(&a)), vec![2, 1, 0]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, &|a, b| a.cmp(b));
        assert!(empty.is_empty());
    }

    fn natural(text: &str) -> Vec<u8> {
        let mut key = Vec::new();
        natural_key(text, &mut key);
        key
    }

    #[test]
    fn digit_runs_compare_by_value() {
        let sorted: Vec<&str> = std::iter::once("")
            .chain(
                "api api- api-0 api-00 api-7 api-07 api-45 api-451 api-0451 api-4507 api-4507b api-4519 api-4519-2 \
                 api-4519-10 api-4519a api-45190 api.1 api1 apib db-9 db-10 ёж-1"
                    .split_whitespace(),
            )
            .collect();
        for pair in sorted.windows(2) {
            assert!(natural(pair[0]) < natural(pair[1]), "{} before {}", pair[0], pair[1]);
        }
        let long = |d: &str, n| d.repeat(n);
        assert!(natural(&long("9", 300)) < natural(&format!("1{}", long("0", 300))), "more digits, larger");
        assert!(natural(&format!("a{}", long("0", 5))) < natural("a1"), "zero is the smallest value");
        for (shorter, longer) in [(254, 255), (255, 256), (254, 1000)] {
            assert!(natural(&long("1", shorter)) < natural(&long("1", longer)), "{shorter} < {longer} digits");
            let zeros = |n| format!("{}7", long("0", n));
            assert!(natural(&zeros(shorter)) < natural(&zeros(longer)), "{shorter} < {longer} zeros");
            assert!(natural(&zeros(longer)) < natural("8"), "the value first");
        }
        // Without digits, the key is the text: the usual order.
        for (a, b) in [("web", "web-a"), ("Z", "a"), ("é", "ê"), ("a-b", "a.b")] {
            assert_eq!(natural(a).cmp(&natural(b)), a.cmp(b), "{a} {b}");
        }
    }

    #[test]
    fn any_text_makes_a_key() {
        for text in ["0", "007", "١٢٣ 12", "🙂9🙂", "9\u{0}9", "x00000000000000000000000000000001"] {
            assert!(!natural(text).is_empty(), "{text}");
            assert_eq!(natural(text), natural(text));
        }
    }

    /// The natural order as a person states it: text is a list of
    /// characters and digit runs; a run is its value (digits without leading
    /// zeros: count, then digits), then its zeros; a character sorts against
    /// a run as a digit would.
    fn by_hand(a: &str, b: &str) -> Ordering {
        #[derive(PartialEq, Eq, PartialOrd, Ord)]
        enum Part {
            Char(String),
            Run(usize, String, usize),
        }
        fn parts(text: &str) -> Vec<Part> {
            let mut out = Vec::new();
            let mut run = String::new();
            for c in text.chars().chain(['\u{E000}']) {
                if c.is_ascii_digit() {
                    run.push(c);
                    continue;
                }
                if !run.is_empty() {
                    let digits = run.trim_start_matches('0').to_string();
                    out.push(Part::Run(digits.len(), digits, run.len() - run.trim_start_matches('0').len()));
                    run.clear();
                }
                if c != '\u{E000}' {
                    out.push(Part::Char(c.to_string()));
                }
            }
            out
        }
        let (x, y) = (parts(a), parts(b));
        for (p, q) in x.iter().zip(&y) {
            let order = match (p, q) {
                (Part::Char(c), Part::Run(..)) => c.as_str().cmp("0"),
                (Part::Run(..), Part::Char(c)) => "0".cmp(c.as_str()),
                _ => p.cmp(q),
            };
            if order != Ordering::Equal {
                return order;
            }
        }
        x.len().cmp(&y.len())
    }

    #[test]
    fn keys_order_every_short_text_as_by_hand_and_tell_texts_apart() {
        let alphabet = ["a", "B", "-", "0", "1", "2", "9", "é"];
        let mut texts = vec![String::new()];
        for _ in 0..3 {
            let longer: Vec<String> =
                texts.iter().flat_map(|t| alphabet.iter().map(move |c| format!("{t}{c}"))).collect();
            texts.extend(longer);
        }
        texts.sort();
        texts.dedup();
        let keys: Vec<Vec<u8>> = texts.iter().map(|t| natural(t)).collect();
        for (a, ka) in texts.iter().zip(&keys) {
            for (b, kb) in texts.iter().zip(&keys) {
                assert_eq!(ka.cmp(kb), by_hand(a, b), "{a:?} vs {b:?}");
            }
        }
    }

    /// id, name, last backup (days ago), datacenter, OS, version, vault,
    /// encrypted, disabled, IP: every column has ties, and three names fold
    /// to the same text.
    type Row = (
        u64,
        &'static str,
        Option<i64>,
        &'static str,
        &'static str,
        &'static str,
        Option<&'static str>,
        bool,
        bool,
        &'static str,
    );
    const ROWS: [Row; 5] = [
        (5, "web-10", Some(1), "DFW", "Ubuntu 18.04", "1.10.0", Some("2 GB"), true, false, "10.0.0.10"),
        (2, "Web-9", None, "ORD", "centos 7", "1.9.0", None, false, false, "10.0.0.9"),
        (7, "db-01", Some(40), "DFW", "CentOS 7", "1.36.0", Some("500 MB"), true, true, "10.0.0.100"),
        (3, "web-9", Some(1), "IAD", "Ubuntu 18.04", "1.10.0", Some("2 GB"), false, true, "fe80::1"),
        (4, "WEB-9", Some(3), "DFW", "Windows", "1.9.0", None, true, false, "10.0.0.9"),
    ];
    const STATUSES: [AgentStatus; 5] =
        [AgentStatus::Online, AgentStatus::Offline, AgentStatus::Online, AgentStatus::Unknown, AgentStatus::Offline];

    fn fleet() -> Vec<Agent> {
        const DAY: i64 = 86_400_000;
        ROWS.iter()
            .map(|&(id, name, days, dc, os, version, vault, encrypted, disabled, ip)| {
                let wire = AgentV1 {
                    machine_agent_id: id,
                    machine_name: name.into(),
                    datacenter: dc.into(),
                    operating_system: os.into(),
                    agent_version: version.into(),
                    backup_vault_size: vault.map(str::to_string),
                    is_encrypted: encrypted,
                    is_disabled: disabled,
                    ip_address: ip.into(),
                    ..AgentV1::default()
                };
                let mut a = Agent::from_list(&wire);
                a.last_backup_ms = days.map(|d| 1_000 * DAY - d * DAY);
                a.backup_known = true;
                a
            })
            .collect()
    }

    #[test]
    fn sorts_on_every_column_in_both_directions_ties_by_name_then_id() {
        let agents = fleet();
        // By name: db-01, then the three web-9 by ID, then web-10 (9 < 10).
        // Ties stay in that order (ascending) in both directions.
        let expected: [(SortKey, [u64; 5], [u64; 5]); 11] = [
            (SortKey::Name, [7, 2, 3, 4, 5], [5, 2, 3, 4, 7]),
            (SortKey::Id, [2, 3, 4, 5, 7], [7, 5, 4, 3, 2]),
            (SortKey::Status, [7, 5, 3, 2, 4], [2, 4, 3, 7, 5]),
            (SortKey::LastBackup, [2, 7, 4, 3, 5], [3, 5, 4, 7, 2]),
            (SortKey::Datacenter, [7, 4, 5, 3, 2], [2, 3, 7, 4, 5]),
            (SortKey::Os, [7, 2, 3, 5, 4], [4, 3, 5, 7, 2]),
            (SortKey::Version, [2, 4, 3, 5, 7], [7, 3, 5, 2, 4]),
            (SortKey::VaultSize, [2, 4, 7, 3, 5], [3, 5, 7, 2, 4]),
            (SortKey::Encrypted, [2, 3, 7, 4, 5], [7, 4, 5, 2, 3]),
            (SortKey::Disabled, [2, 4, 5, 7, 3], [7, 3, 2, 4, 5]),
            (SortKey::Ip, [2, 4, 5, 7, 3], [3, 7, 5, 2, 4]),
        ];
        assert_eq!(expected.map(|e| e.0), SortKey::ALL, "every column");
        for (key, asc, desc) in expected {
            let ids = |descending| {
                table_order(&agents, &STATUSES, key, descending).iter().map(|&i| agents[i].id).collect::<Vec<_>>()
            };
            assert_eq!(ids(false), asc, "{key:?} ascending");
            assert_eq!(ids(true), desc, "{key:?} descending");
        }
        assert!(table_order(&[], &[], SortKey::Name, false).is_empty());
    }
}
