//! Property tests over every parser that sees outside input (API bodies,
//! config.json, the URL query, sessionStorage): whatever the input, they
//! return a value or an error, and never panic. Thousands of cases each.
#![cfg(not(target_arch = "wasm32"))]

use backup_console::api::identity::parse_auth;
use backup_console::api::lenient::{field_at, parse_ms_date, parse_rfc3339, repair_leading_zeros, split_array};
use backup_console::api::reply::{self, fault_message, Records};
use backup_console::api::types::{
    ActivityV1, AgentListV2, AgentV1, EventPageV2, LogfileV2, RestoreReportV1, RestoreV1,
};
use backup_console::domain::config::AppConfig;
use backup_console::domain::query::TableQuery;
use backup_console::domain::session::from_storage;
use backup_console::domain::text::visible;
use proptest::prelude::*;

const CASES: u32 = 4_000;

/// JSON-shaped text: real JSON from a random tree, often with one of the
/// corruptions the docs show (leading zeros, single quotes) or a random cut.
fn jsonish() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        Just(serde_json::Value::Null),
        any::<bool>().prop_map(serde_json::Value::from),
        any::<i64>().prop_map(serde_json::Value::from),
        any::<f64>().prop_filter("finite", |f| f.is_finite()).prop_map(serde_json::Value::from),
        ".{0,12}".prop_map(serde_json::Value::from),
        prop_oneof![
            Just("/Date(1357817400000)/"),
            Just("/Date(-62135578800000)/"),
            Just("2014-10-27T18:22:00.238640+00:00"),
            Just("10001")
        ]
        .prop_map(serde_json::Value::from),
    ];
    let keys = prop_oneof![
        Just("MachineAgentId"),
        Just("MachineName"),
        Just("Status"),
        Just("IsDisabled"),
        Just("PublicKey"),
        Just("ExponentHex"),
        Just("ModulusHex"),
        Just("TimeOfLastSuccessfulBackup"),
        Just("agents"),
        Just("events"),
        Just("id"),
        Just("state"),
        Just("links"),
        Just("access"),
        Just("token"),
        Just("serviceCatalog"),
        Just("regions"),
    ];
    let tree = leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(serde_json::Value::from),
            prop::collection::vec((keys.clone(), inner), 0..6).prop_map(|kv| {
                serde_json::Value::Object(kv.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    });
    (tree, 0u8..6, any::<prop::sample::Index>()).prop_map(|(v, how, at)| {
        let text = v.to_string();
        let cut = at.index(text.len() + 1);
        let cut = (0..=cut).rev().find(|i| text.is_char_boundary(*i)).unwrap_or(0);
        match how {
            0 => text.replacen(':', ": 0", 1),
            1 => text.replacen('"', "'", 2),
            2 => text[..cut].to_string(),
            3 => format!("[{text},{text}]"),
            _ => text,
        }
    })
}

fn anything() -> impl Strategy<Value = String> {
    prop_oneof![
        jsonish(),
        ".{0,200}",
        prop::collection::vec(any::<u8>(), 0..200).prop_map(|b| String::from_utf8_lossy(&b).into_owned())
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn lenient_helpers_never_panic(text in anything(), line in 0usize..50, col in 0usize..200) {
        let _ = repair_leading_zeros(&text);
        let _ = split_array(&text);
        let _ = field_at(&text, line, col);
        let _ = parse_ms_date(&text);
        let _ = parse_rfc3339(&text);
        let _ = fault_message(&text);
        let _ = visible(&text);
    }

    #[test]
    fn wire_decoders_never_panic(text in anything()) {
        let _ = reply::decode::<AgentV1>(&text, "x");
        let _ = reply::decode::<Vec<ActivityV1>>(&text, "x");
        let _ = reply::decode::<RestoreV1>(&text, "x");
        let _ = reply::decode::<RestoreReportV1>(&text, "x");
        let _ = reply::decode::<AgentListV2>(&text, "x");
        let _ = reply::decode::<EventPageV2>(&text, "x");
        let _ = reply::decode::<LogfileV2>(&text, "x");
        let _: Result<Records<AgentV1>, _> = reply::decode_list(&text, "x");
        let _ = parse_auth(&text);
    }

    #[test]
    fn repair_never_breaks_valid_json(text in jsonish()) {
        if let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) {
            let repaired = repair_leading_zeros(&text);
            prop_assert_eq!(serde_json::from_str::<serde_json::Value>(&repaired).ok(), Some(v));
        }
    }

    #[test]
    fn config_parser_never_panics(text in anything()) {
        let _ = AppConfig::parse(&text);
    }

    #[test]
    fn config_field_values_of_any_kind_are_errors_not_panics(key in prop_oneof![Just("identity_url"), Just("regions"), Just("offered_regions"), Just("default_region"), Just("refresh_seconds"), Just("proxy"), Just("portal_name")], value in jsonish()) {
        let _ = AppConfig::parse(&format!("{{\"{key}\": {value}}}"));
    }

    #[test]
    fn url_query_and_stored_session_never_panic(pairs in prop::collection::vec((".{0,8}", ".{0,16}"), 0..8), stored in anything(), now in any::<i64>()) {
        let q = TableQuery::from_pairs(pairs.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let _ = q.to_query_string();
        let _ = from_storage(&stored, now);
    }
}
