//! Property tests over every parser that sees outside input (API bodies,
//! Identity's answer, config.json, the URL path and query, sessionStorage,
//! hex keys): whatever the input, they return a value or an error, and never
//! panic. Inputs are drawn from arbitrary Unicode and arbitrary JSON values,
//! and from valid examples with a few characters replaced, inserted or
//! removed by arbitrary Unicode: near-misses reach the deep branches of a
//! parser (a date's offset, a hex digit) that random text never reaches.
#![cfg(not(target_arch = "wasm32"))]

use backup_console::api::activity::ActivityPageV2;
use backup_console::api::backups::{BackupReportV1, BackupV1, CompletedBackupV1, RestorableConfigurationV1};
use backup_console::api::backups_v2::{BackupPageV2, BackupV2};
use backup_console::api::browse::BrowseResultV2;
use backup_console::api::configurations::{BackupConfigurationV1, ConfigurationListV2, ConfigurationV2};
use backup_console::api::identity::parse_auth;
use backup_console::api::last_segment;
use backup_console::api::lenient::{
    self, field_at, parse_ms_date, parse_rfc3339, repair_leading_zeros, split_array, FromJson,
};
use backup_console::api::reply::{self, fault_message, retry_after_seconds, Records};
use backup_console::api::restores::{FileItemKind, RestoreFileV1, RestoreV2};
use backup_console::api::settings::parse_log_level;
use backup_console::api::types::{
    ActivityV1, AgentListV2, AgentStatusV2, AgentV1, AgentV2, EventPageV2, LinkV2, LogfileListV2, LogfileV2,
    RestoreReportV1, RestoreV1,
};
use backup_console::api::{next_marker, percent_decode};
use backup_console::domain::agent::parse_size;
use backup_console::domain::config::AppConfig;
use backup_console::domain::crypto::encrypt_password;
use backup_console::domain::prefs::{Prefs, StatusWay};
use backup_console::domain::query::TableQuery;
use backup_console::domain::restore_change::{filters_to_add, plan_for};
use backup_console::domain::restore_plan::{path_problem, RestorePlan, Step};
use backup_console::domain::route::Route;
use backup_console::domain::session::from_storage;
use backup_console::domain::text::visible;
use backup_console::domain::time;
use proptest::prelude::*;
use serde_json::{json, Value};

const CASES: u32 = 4_000;

/// Every field name the wire types read, so arbitrary objects hit them.
const KEYS: &[&str] = &[
    "AgentVersion",
    "Architecture",
    "BackupConfigurationId",
    "BackupConfigurationName",
    "BackupConfigurationScheduleId",
    "BackupDataCenter",
    "BackupId",
    "BackupVaultSize",
    "BytesSearched",
    "CanRestore",
    "CleanupAllowed",
    "CompletedTime",
    "CurrentState",
    "Datacenter",
    "DestinationMachineName",
    "DestinationPath",
    "EncryptionKey",
    "ErrorList",
    "Exclusions",
    "ExponentHex",
    "FileId",
    "FileItemType",
    "FilePath",
    "Filter",
    "Flavor",
    "Frequency",
    "HostServerId",
    "ID",
    "IPAddress",
    "Id",
    "Inclusions",
    "IsDisabled",
    "IsEncrypted",
    "LastSuccessfulBackupTime",
    "MachineAgentId",
    "MachineName",
    "ModulusHex",
    "NextScheduledRunTime",
    "NumBytesRestored",
    "NumErrors",
    "NumFilesRestored",
    "OperatingSystem",
    "ParentId",
    "PublicKey",
    "PublicKeyHex",
    "PublicKeyMod",
    "RestoreId",
    "RestoreStateId",
    "StartTime",
    "StartTimeHour",
    "State",
    "Status",
    "TimeOfActivity",
    "TimeOfLastSuccessfulBackup",
    "Type",
    "access",
    "activities",
    "agent",
    "agents",
    "backups",
    "bytes",
    "configuration",
    "configurations",
    "count",
    "enabled",
    "errors",
    "events",
    "expires",
    "exponent",
    "host",
    "href",
    "id",
    "items",
    "last_completed",
    "links",
    "log_level",
    "logfiles",
    "machine",
    "modulus",
    "name",
    "next",
    "os",
    "publicURL",
    "recurrence",
    "region",
    "retention",
    "roles",
    "rsa_public_key",
    "schedule",
    "scheduled_time",
    "serviceCatalog",
    "started_time",
    "state",
    "succeeded",
    "tenant",
    "tenantId",
    "time",
    "token",
    "total",
    "type",
    "user",
    "vault",
    "version",
];

/// Valid values of the shapes the API sends, to be mutated.
const DATES: &[&str] = &[
    "/Date(1357817400000)/",
    "\\/Date(1357817400000-0500)\\/",
    "/Date(-62135578800000)/",
    "2014-10-27T18:22:00.238640+00:00",
    "2026-01-01T00:00:00+1000",
    "2016-08-11T20:00:44.526Z",
    "2014-10-27T13:22:00-05",
];
const HEX: &[&str] = &["10001", "09528", "a5261939156948bb7a58 dffe5ff89e65f0498f9175f5a", "C0FFEE"];
const PATHS: &[&str] = &["/", "/agents/202743", "/agents/abc/", "/agents/7?x=1#y", "/activity"];
const QUERIES: &[&str] = &[
    "?q=web%20server&status=online,offline&sort=name&dir=desc&stale=2",
    "?q=a+b%zz&sort=",
    "",
    "?edit=9&to=202744&include=%2Fvar%2Fwww%2F&fixed-include=%2Fvar%2Fwww%2F&fixed-exclude=%20",
];
const SIZES: &[&str] = &["35.3 MB", "1 GB", "0.5 TB", "12 KB", "7 bytes"];

/// `example` with one to three characters replaced, inserted or removed by
/// arbitrary ones (any Unicode scalar value).
fn mutated(examples: &'static [&'static str]) -> impl Strategy<Value = String> {
    let edit = (0u8..3, any::<prop::sample::Index>(), any::<char>());
    (prop::sample::select(examples), prop::collection::vec(edit, 1..4)).prop_map(|(example, edits)| {
        let mut chars: Vec<char> = example.chars().collect();
        for (how, at, c) in edits {
            let i = at.index(chars.len() + 1);
            match (how, i < chars.len()) {
                (0, true) => chars[i] = c,
                (2, true) => {
                    chars.remove(i);
                }
                _ => chars.insert(i, c),
            }
        }
        chars.into_iter().collect()
    })
}

/// Arbitrary text: any Unicode, raw bytes made lossy, or a mutated value.
fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        ".{0,60}",
        prop::collection::vec(any::<u8>(), 0..80).prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        mutated(DATES),
        mutated(HEX),
        mutated(SIZES),
    ]
}

/// An arbitrary JSON value, its object keys mostly the wire types' own.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_filter("JSON has no NaN", |f| f.is_finite()).prop_map(Value::from),
        any_text().prop_map(Value::from),
    ];
    let key = prop_oneof![3 => prop::sample::select(KEYS).prop_map(str::to_string), 1 => any::<String>()];
    leaf.prop_recursive(4, 64, 8, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..8).prop_map(Value::from),
            prop::collection::vec((key.clone(), inner), 0..8).prop_map(|kv| Value::Object(kv.into_iter().collect())),
        ]
    })
}

/// JSON text: an arbitrary value, often corrupted as the docs' examples are
/// (leading zeros, single quotes) or cut short at any character.
fn any_body() -> impl Strategy<Value = String> {
    (any_json(), 0u8..6, any::<prop::sample::Index>()).prop_map(|(v, how, at)| {
        let text = v.to_string();
        let cut = text.char_indices().map(|(i, _)| i).nth(at.index(text.chars().count() + 1)).unwrap_or(text.len());
        match how {
            0 => text.replacen(':', ": 0", 1),
            1 => text.replacen('"', "'", 2),
            2 => text.get(..cut).unwrap_or_default().to_string(),
            3 => format!("[{text},{text}]"),
            _ => text,
        }
    })
}

fn fixture(name: &str) -> Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&repair_leading_zeros(&text)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Sets the value at `path` (object keys; numbers index arrays), adding the
/// last key to its object when it is not there; a path into nothing is left.
fn replace_at(doc: &mut Value, path: &[&str], new: Value) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut at = doc;
    for step in parents {
        let next = match step.parse::<usize>() {
            Ok(i) => at.get_mut(i),
            Err(_) => at.get_mut(*step),
        };
        match next {
            Some(v) => at = v,
            None => return,
        }
    }
    match (at, last.parse::<usize>()) {
        (Value::Array(items), Ok(i)) => {
            if let Some(slot) = items.get_mut(i) {
                *slot = new;
            }
        }
        (Value::Object(map), _) => {
            map.insert(last.to_string(), new);
        }
        _ => {}
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn text_helpers_never_panic(text in any_text(), line in 0usize..50, col in 0usize..200) {
        let _ = repair_leading_zeros(&text);
        let _ = split_array(&text);
        let _ = field_at(&text, line, col);
        let _ = parse_ms_date(&text);
        let _ = parse_rfc3339(&text);
        let _ = fault_message(&text);
        let _ = visible(&text);
        let _ = retry_after_seconds(Some(&text));
        let _ = last_segment(&text);
        let _ = parse_size(&text);
        let _ = percent_decode(&text);
        let _ = parse_log_level(&text);
        let _ = next_marker(&[LinkV2 { href: text.clone(), rel: "next".into() }]);
    }

    #[test]
    fn dates_in_both_forms_never_panic_and_round_trip(text in prop_oneof![mutated(DATES), any::<String>()], ms in -62_000_000_000_000i64..253_000_000_000_000) {
        let _ = parse_ms_date(&text);
        let _ = parse_rfc3339(&text);
        let _ = lenient::opt_ms_date(&Value::from(text.clone()));
        let _ = lenient::opt_iso_date(&Value::from(text));
        prop_assert_eq!(parse_rfc3339(&time::iso(ms)), Some(ms - ms.rem_euclid(1_000)));
        prop_assert_eq!(parse_ms_date(&format!("/Date({ms})/")), Some(ms));
    }

    #[test]
    fn hex_and_keys_never_panic(modulus in prop_oneof![mutated(HEX), any_text()], exponent in prop_oneof![mutated(HEX), any_text()]) {
        let _ = lenient::hex_digits(&Value::from(modulus.clone()));
        let _ = encrypt_password(&modulus, &exponent, "pw");
    }

    #[test]
    fn wire_readers_are_total_over_any_json(v in any_json()) {
        let _ = AgentV1::from_json(&v);
        let _ = ActivityV1::from_json(&v);
        let _ = RestoreV1::from_json(&v);
        let _ = RestoreReportV1::from_json(&v);
        let _ = AgentV2::from_json(&v);
        let _ = AgentListV2::from_json(&v);
        let _ = AgentStatusV2::from_json(&v);
        let _ = EventPageV2::from_json(&v);
        let _ = LogfileV2::from_json(&v);
        let _ = LogfileListV2::from_json(&v);
        let _ = BackupReportV1::from_json(&v);
        let _ = RestoreFileV1::from_json(&v);
        let _ = BackupConfigurationV1::from_json(&v);
        let _ = ConfigurationV2::from_json(&v);
        let _ = ConfigurationListV2::from_json(&v);
        let _ = BackupV1::from_json(&v);
        let _ = CompletedBackupV1::from_json(&v);
        let _ = RestorableConfigurationV1::from_json(&v);
        let _ = BackupV2::from_json(&v);
        let _ = BackupPageV2::from_json(&v);
        let _ = RestoreV2::from_json(&v);
        let _ = BrowseResultV2::from_json(&v);
        let _ = ActivityPageV2::from_json(&v);
        let _ = u64::from_json(&v);
        let _ = String::from_json(&v);
        let _ = parse_auth(&v.to_string());
    }

    #[test]
    fn wire_decoders_never_panic_on_any_body(text in prop_oneof![any_body(), any_text()]) {
        let _ = reply::decode::<AgentV1>(&text, "x");
        let _ = reply::decode::<Vec<ActivityV1>>(&text, "x");
        let _ = reply::decode::<RestoreReportV1>(&text, "x");
        let _ = reply::decode::<EventPageV2>(&text, "x");
        let _ = reply::decode::<BackupReportV1>(&text, "x");
        let _ = reply::decode::<Vec<RestoreFileV1>>(&text, "x");
        let _ = reply::decode::<u64>(&text, "x");
        let _ = reply::decode::<ConfigurationV2>(&text, "x");
        let _ = reply::decode::<BackupPageV2>(&text, "x");
        let _ = reply::decode::<BrowseResultV2>(&text, "x");
        let _ = reply::decode::<ActivityPageV2>(&text, "x");
        let _: Result<Records<BackupConfigurationV1>, _> = reply::decode_list(&text, "x");
        let _: Result<Records<RestorableConfigurationV1>, _> = reply::decode_list(&text, "x");
        let _: Result<Records<AgentV1>, _> = reply::decode_list(&text, "x");
        let _ = parse_auth(&text);
    }

    /// A hostile value in any field of one agent marks that agent; the
    /// others of the list are always kept.
    #[test]
    fn one_hostile_field_marks_one_record(field in prop::sample::select(KEYS), value in any_json(), which in 0usize..2) {
        let mut list = fixture("v1-get-list-all-agents-for-this-user-v1.0-tenant-id-user-agents.json");
        let others = list.as_array().map_or(0, Vec::len) - 1;
        replace_at(&mut list, &[&which.to_string(), field], value);
        let records: Records<AgentV1> = reply::decode_list(&list.to_string(), "agent list").expect("still a list");
        prop_assert!(records.items.len() >= others, "{} of {} good records kept", records.items.len(), others);
        prop_assert!(records.rejected.len() <= 1);
    }

    /// Identity's answer with any value in any of its fields: a sign-in or an
    /// error, never a panic; an unreadable expiry never stops the sign-in.
    #[test]
    fn identity_answers_with_a_hostile_field(path in prop::sample::select(vec![
        vec!["access", "token", "expires"], vec!["access", "token", "id"], vec!["access", "token", "tenant"],
        vec!["access", "serviceCatalog"], vec!["access", "serviceCatalog", "0", "endpoints", "0", "publicURL"],
        vec!["access", "user", "roles"], vec!["access", "user", "RAX-AUTH:defaultRegion"],
    ]), value in any_json(), expires in mutated(DATES)) {
        let mut auth = fixture("identity-auth-response-sample.json");
        replace_at(&mut auth, &path, value);
        let _ = parse_auth(&auth.to_string());
        let mut auth = fixture("identity-auth-response-sample.json");
        replace_at(&mut auth, &["access", "token", "expires"], Value::from(expires));
        prop_assert!(parse_auth(&auth.to_string()).is_ok());
    }

    #[test]
    fn config_never_panics(text in prop_oneof![any_body(), any_text()]) {
        let _ = AppConfig::parse(&text);
    }

    #[test]
    fn config_values_of_any_kind_are_errors_not_panics(key in prop::sample::select(vec!["identity_url", "regions", "offered_regions", "default_region", "refresh_seconds", "proxy", "portal_name"]), value in any_json()) {
        let _ = AppConfig::parse(&json!({ key: value }).to_string());
        let _ = AppConfig::parse(&json!({ "regions": { "DFW": value.clone() }, "proxy": { "https://x/": value } }).to_string());
    }

    #[test]
    fn urls_and_stored_sessions_never_panic(
        path in prop_oneof![mutated(PATHS), any::<String>()],
        query in prop_oneof![mutated(QUERIES), any::<String>()],
        pairs in prop::collection::vec((any::<String>(), any::<String>()), 0..8),
        stored in prop_oneof![any_body(), any_text()],
        now in any::<i64>(),
    ) {
        let _ = Route::parse(&path);
        let q = TableQuery::from_query_string(&query);
        // What the console writes back, it reads back the same.
        prop_assert_eq!(TableQuery::from_query_string(&q.to_query_string()), q);
        let q = TableQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let _ = q.to_query_string();
        let _ = from_storage(&stored, now);
        // The restore wizard's choices in the address, the same way.
        let wizard = format!("restore=review&{query}");
        if let Some(plan) = RestorePlan::from_query(&wizard) {
            prop_assert_eq!(RestorePlan::from_query(&plan.to_query()), Some(plan.clone()));
            let _ = plan.missing(plan.first_incomplete());
        }
        let _ = path_problem(&path);
    }

    #[test]
    fn stored_preferences_never_panic_and_round_trip(stored in prop_oneof![any_body(), any_text()], value in any_json(), tenant in any::<String>()) {
        let p = Prefs::from_text(&stored);
        prop_assert_eq!(Prefs::from_text(&p.to_text()), p.clone());
        let _ = Prefs::from_text(&json!({ "status_way": { tenant.clone(): value } }).to_string());
        let mut q = p;
        q.set_status_way(&tenant, Some(StatusWay::ReadOnly));
        prop_assert_eq!(Prefs::from_text(&q.to_text()).status_way(&tenant), Some(StatusWay::ReadOnly));
    }

    #[test]
    fn repair_never_breaks_valid_json(v in any_json()) {
        let text = v.to_string();
        let repaired = repair_leading_zeros(&text);
        prop_assert_eq!(serde_json::from_str::<Value>(&repaired).ok(), serde_json::from_str::<Value>(&text).ok());
    }

    #[test]
    fn a_made_restore_with_any_filters_opens_in_the_wizard_with_nothing_to_add(
        filters in prop::collection::vec((any::<String>(), any::<bool>()), 0..6),
        path in any::<String>(),
    ) {
        let files: Vec<RestoreFileV1> =
            filters.iter().map(|(p, include)| RestoreFileV1::new(9, p.clone(), *include, FileItemKind::File)).collect();
        let r = RestoreV1 { restore_id: 9, backup_id: Some(1), backup_machine_id: Some(2), destination_path: path, ..Default::default() };
        let plan = plan_for(&r, &files).expect("a restore that names its backup");
        // Saving it unchanged sends no filter, and the address carries it whole.
        prop_assert_eq!(filters_to_add(&plan, &files), Ok(vec![]));
        prop_assert_eq!(RestorePlan::from_query(&plan.to_query()), Some(plan.clone()));
        let _ = plan.missing(Step::Contents);
    }
}
