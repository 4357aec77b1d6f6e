//! v2 activity, log levels (v1 and v2) and enabling agents (v1 and v2).

use super::{json, sent};
use crate::{fixture, ok};
use backup_console::api::activity::ActivityPageV2;
use backup_console::api::reply::{check, decode, Reply};
use backup_console::api::settings::{v1_level_body, LogLevel};
use backup_console::api::types::EnableAgentV1;
use backup_console::api::{next_marker, replace_patch, ApiError};

#[test]
fn v2_activities_of_every_kind_and_the_next_marker() {
    let page: ActivityPageV2 =
        ok(decode(&fixture("v2-get-list-activities-for-a-project-v2-project-id-activities.json"), "activities"));
    assert!(page.rejected.is_empty());
    let kinds: Vec<&str> = page.activities.iter().map(|a| a.kind.as_str()).collect();
    assert_eq!(kinds, ["backup", "cleanup", "restore"]);
    let backup = &page.activities[0];
    assert_eq!(backup.id, "0d95d699-d16b-11e4-93bd-c8e0eb190e3d");
    assert_eq!((backup.state.as_str(), backup.last_updated_time), ("completed_with_errors", Some(1_414_434_141_238)));
    assert_eq!(backup.agent.as_ref().map(|a| a.id.as_str()), Some("8f135b4f-7a69-4b8a-947f-5e80d772fd97"));
    assert_eq!(backup.configuration.as_ref().map(|c| c.id.as_str()), Some("7c8ee069-568f-4d5a-932f-fb2af86b5fd5"));
    assert_eq!(backup.links[0].rel, "backup");
    assert!(page.activities[1].configuration.is_none(), "a cleanup has no configuration");
    assert_eq!(page.activities[2].last_updated_time, Some(1_414_434_139_238));
    assert_eq!(page.activities[2].links[0].rel, "restore");
    assert_eq!(next_marker(&page.links).as_deref(), Some("0d95d699-d16b-11e4-93bd-c8e0eb190e3d"));
}

/// The docs show the v1 log level as a form; the console sends the SDK's
/// JSON, with the same agent and level.
#[test]
fn v1_log_level_body_carries_what_the_docs_form_does() {
    let form = fixture("v1-put-change-log-level-v1.0-tenant-id-agent-logging.txt");
    let pairs: Vec<(&str, &str)> = form.trim().split('&').filter_map(|p| p.split_once('=')).collect();
    assert_eq!(pairs, [("MachineAgentId", "1311839"), ("LoggingLevelId", "6")]);
    let body = sent(&v1_level_body(1311839, LogLevel::Trace));
    assert_eq!(body, serde_json::json!({ "MachineAgentId": 1311839, "LoggingLevelid": 6 }));
}

#[test]
fn v2_agent_patches_are_the_docs_example_and_its_errors_read() {
    let docs = json("v2-patch-update-an-agent-v2-project-id-agents-agent-id.1.json");
    assert_eq!(sent(&replace_patch("/enabled", true.into())), docs);
    assert_eq!(
        sent(&replace_patch("/log_level", LogLevel::Warn.as_str().into())),
        serde_json::json!([{ "op": "replace", "path": "/log_level", "value": "warn" }])
    );
    let forbidden = fixture("v2-patch-update-an-agent-v2-project-id-agents-agent-id.2.json");
    assert_eq!(
        check(Reply { status: 403, body: forbidden, ..Reply::default() }, &[204]).map(|r| r.status),
        Err(ApiError::Forbidden {
            message: Some("The vault property (region) cannot be updated, reason: vault is not empty.".into())
        })
    );
    let missing = fixture("v2-patch-update-an-agent-v2-project-id-agents-agent-id.3.json");
    assert_eq!(
        check(Reply { status: 404, body: missing, ..Reply::default() }, &[204]).map(|r| r.status),
        Err(ApiError::NotFound { message: Some("Agent not found.".into()) })
    );
}

#[test]
fn v1_enable_and_disable_agent_bodies_are_the_docs_examples() {
    let page = "v1-post-enable-or-disable-an-agent-v1.0-tenant-id-agent-enable";
    let body = |enable| sent(&EnableAgentV1 { machine_agent_id: 92384579, enable }.body());
    assert_eq!(body(true), json(&format!("{page}.1.json")));
    assert_eq!(body(false), json(&format!("{page}.2.json")));
}
