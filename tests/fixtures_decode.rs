//! Decodes every JSON example of the API documentation (copied under
//! tests/fixtures/, named after the doc page) and checks real field values.
#![cfg(not(target_arch = "wasm32"))]

use backup_console::api::identity::{parse_auth, GLOBAL_REGION};
use backup_console::api::reply::decode;
use backup_console::api::types::*;
use backup_console::api::ApiError;

mod decode;

fn fixture(name: &str) -> String {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn ok<T>(r: Result<T, ApiError>) -> T {
    r.unwrap_or_else(|e| panic!("decode failed: {}", e.detail()))
}

#[test]
fn v1_list_agents_reference_example_with_its_invalid_exponent() {
    // `"ExponentHex": 09528` is not JSON; the decoder repairs it to "09528".
    let text = fixture("v1-get-list-all-agents-for-this-user-v1.0-tenant-id-user-agents.json");
    assert!(serde_json::from_str::<serde_json::Value>(&text).is_err(), "fixture should be the invalid original");
    let agents: Vec<AgentV1> = ok(decode(&text, "agent list"));
    assert_eq!(agents.len(), 2);
    let a = &agents[0];
    assert_eq!(a.machine_agent_id, 213563);
    assert_eq!(a.machine_name, "Web Server2");
    assert_eq!(a.agent_version, "1.05.005848");
    assert_eq!(a.backup_vault_size.as_deref(), Some("35.3 MB"));
    assert_eq!(a.datacenter, "DFW");
    assert_eq!(a.ip_address, "192.168.1.1");
    assert!(a.is_encrypted && !a.is_disabled && a.use_service_net && a.cleanup_allowed);
    assert_eq!(a.time_of_last_successful_backup, None);
    let key = a.public_key.clone().unwrap_or_default();
    assert_eq!(key.exponent_hex, "09528");
    assert!(key.modulus_hex.starts_with("a5261939156948bb7a58dffe5ff89e65f0498f9175f5a98288810b"));
    assert!(!key.modulus_hex.contains(' '), "wrapped modulus is joined");
    assert_eq!(agents[1].machine_agent_id, 213564);
    assert_eq!(agents[1].public_key.clone().unwrap_or_default().exponent_hex, "82374");
}

#[test]
fn v1_list_agents_capture_with_unknown_status_and_null_vault() {
    let agents: Vec<AgentV1> = ok(decode(&fixture("v1-example-list-all-agents-for-user.json"), "agent list"));
    let a = &agents[0];
    assert_eq!(a.machine_agent_id, 202743);
    assert_eq!(a.status, "Unknown");
    assert_eq!(a.backup_vault_size, None);
    assert_eq!(a.backup_datacenter.as_deref(), Some("DFW"));
    assert_eq!(a.host_server_id.as_deref(), Some("79aa4aa1-cd86-4416-a6c4-6942b7083130"));
    assert_eq!(a.operating_system, "Windows Server 2008 R2");
    assert_eq!(a.operating_system_version, "6.1");
    assert_eq!(a.public_key.clone().unwrap_or_default().exponent_hex, "10001");
}

#[test]
fn v1_agent_details_with_string_exponent_and_date() {
    let a: AgentV1 =
        ok(decode(&fixture("v1-get-list-agent-details-v1.0-tenant-id-agent-machineagentid.json"), "agent details"));
    assert_eq!(a.machine_agent_id, 213564);
    assert_eq!(a.status, "Online");
    assert_eq!(a.time_of_last_successful_backup, Some(1_357_817_400_000));
    assert_eq!(a.host_server_id.as_deref(), Some("87c3b6e1-fb1a-41f9-91e5-313ae35a5a06"));
    assert_eq!(a.public_key.unwrap_or_default().exponent_hex, "09528");
}

#[test]
fn v1_agent_details_capture() {
    let a: AgentV1 = ok(decode(&fixture("v1-example-list-agent-details.json"), "agent details"));
    assert_eq!(a.machine_agent_id, 202743);
    assert_eq!(a.status, "Online");
    assert_eq!(a.backup_vault_size.as_deref(), Some("35.3 KB"));
}

#[test]
fn v1_agent_by_host_server_with_string_boolean() {
    let a: AgentV1 = ok(decode(
        &fixture("v1-get-list-agent-details-by-host-server-id-v1.0-tenant-id-agent-server-hostserverid.json"),
        "agent details",
    ));
    assert!(a.use_service_net, "\"true\" as a string is true");
    assert_eq!(a.time_of_last_successful_backup, Some(1_357_817_400_000));
}

#[test]
fn v1_activity_for_user_and_agent() {
    let all: Vec<ActivityV1> =
        ok(decode(&fixture("v1-get-list-activity-for-a-user-v1.0-tenant-id-activity.json"), "activity list"));
    assert!(!all.is_empty());
    assert!(all.iter().all(|a| a.id > 0 && !a.kind.is_empty()));
    let one: Vec<ActivityV1> = ok(decode(
        &fixture("v1-get-list-activity-for-an-agent-v1.0-tenant-id-system-activity-agentid.json"),
        "agent activity",
    ));
    let a = &one[0];
    assert_eq!(a.id, 137987);
    assert_eq!(a.kind, "Backup");
    assert_eq!(a.parent_id, Some(162423));
    assert_eq!(a.display_name, "Weekly Website Backup");
    assert_eq!(a.source_machine_agent_id, Some(232180));
    assert_eq!(a.destination_machine_agent_id, Some(0));
    assert_eq!(a.current_state, "Completed");
    assert_eq!(a.time_of_activity, Some(1_359_033_934_000));
    assert_eq!(a.backup_id, Some(134332));
    let capture: Vec<ActivityV1> = ok(decode(&fixture("v1-example-list-agent-activity.json"), "agent activity"));
    let cleanup = &capture[0];
    assert_eq!((cleanup.id, cleanup.kind.as_str(), cleanup.parent_id), (317083, "Cleanup", Some(0)));
    assert_eq!(cleanup.time_of_activity, Some(1_375_816_993_000));
    let backup = &capture[1];
    assert_eq!((backup.id, backup.display_name.as_str(), backup.parent_id), (5000325, "Web2", Some(54020)));
    assert!(backup.is_backup_configuration_deleted && !cleanup.is_backup_configuration_deleted);
    assert_eq!((backup.source_machine_agent_id, backup.source_machine_name.as_str()), (Some(202743), "web2"));
}

#[test]
fn v1_restore_details() {
    let r: RestoreV1 = ok(decode(
        &fixture("v1-get-list-details-about-a-restore-v1.0-tenant-id-restore-restoreid.json"),
        "restore details",
    ));
    assert_eq!(r.restore_id, 1394);
    assert_eq!(r.backup_id, Some(133886));
    assert_eq!(r.destination_machine_id, Some(864));
    assert_eq!(r.backup_machine_id, Some(866));
    assert!(r.overwrite_files && !r.is_encrypted);
    assert_eq!(r.destination_path, "C:\\Test\\");
    assert_eq!(r.backup_restore_point, Some(1_357_151_359_000));
    assert_eq!(r.restore_state_id, Some(3));
    let key = r.public_key.unwrap_or_default();
    assert_eq!(key.exponent_hex, "10001");
    assert!(key.modulus_hex.starts_with("CA759606B13DC5350A3FAE3F851C76F260DCCD1EFF"));
}

#[test]
fn v1_restore_report_with_numbers_as_strings() {
    let r: RestoreReportV1 = ok(decode(
        &fixture("v1-get-get-restore-report-v1.0-tenant-id-restore-report-restoreid.json"),
        "restore report",
    ));
    assert_eq!(r.state, "CompletedWithErrors");
    assert_eq!(r.num_files_restored, Some(35));
    assert_eq!(r.num_errors, Some(1));
    assert_eq!(r.num_bytes_restored, "18 MB");
    assert_eq!(r.duration, "00:00:14");
    assert_eq!(r.restore_destination_machine_id, Some(864));
    assert_eq!(r.start_time, Some(1_357_226_521_000));
    assert_eq!(r.reason, "UnableToProcessSomeFiles");
    assert!(r.error_list.is_empty());
}

#[test]
fn v1_restore_action_bodies_valid_and_single_quoted() {
    for (name, action, id) in [
        (
            "v1-post-start-or-stop-a-restore-manually-v1.0-tenant-id-restore-action-requested.2.json",
            "StartManual",
            13692,
        ),
        (
            "v1-post-start-or-stop-a-restore-manually-v1.0-tenant-id-restore-action-requested.3.json",
            "StopManual",
            13689,
        ),
        ("v1-restore-start-stop.2.json", "StartManual", 13692),
        ("v1-restore-start-stop.3.json", "StopManual", 13689),
    ] {
        let v: serde_json::Value = ok(decode(&fixture(name), "restore action"));
        assert_eq!(v["Action"], action, "{name}");
        assert_eq!(v["Id"], id, "{name}");
    }
    // Single-quoted strings have no safe reading: rejected, naming the field.
    for name in [
        "v1-post-start-or-stop-a-restore-manually-v1.0-tenant-id-restore-action-requested.1.json",
        "v1-restore-start-stop.1.json",
    ] {
        match decode::<serde_json::Value>(&fixture(name), "restore action") {
            Err(ApiError::Decode { what }) => {
                assert!(what.contains("`EncryptedPassword`"), "{what}")
            }
            other => panic!("{name}: expected a decode error, got {other:?}"),
        }
    }
}

#[test]
fn v2_agents_list() {
    let list: AgentListV2 =
        ok(decode(&fixture("v2-get-list-agents-for-a-project-v2-project-id-agents.json"), "v2 agents"));
    let a = &list.agents[0];
    assert_eq!(a.id, "8f135b4f-7a69-4b8a-947f-5e80d772fd97");
    assert_eq!(a.project_id, "123456");
    assert_eq!(a.name, "Web Server");
    assert_eq!(a.version, "1.23.008344");
    assert!(a.enabled);
    assert_eq!(a.host_machine_id(), Some("55f83711-85ff-49d6-9a1a-58c67d452c6a"));
    let host = a.host.clone().unwrap_or_default();
    assert_eq!(host.region, "DFW");
    assert_eq!(host.addresses[0].version, Some(4));
    assert_eq!(host.addresses[0].addr, "67.23.10.132");
    assert_eq!(host.os.unwrap_or_default().name, "Ubuntu");
    assert_eq!(a.rsa_public_key.clone().unwrap_or_default().exponent, "10001");
    let vault = a.vault.clone().unwrap_or_default();
    assert!(vault.encrypted && !vault.use_internal);
    assert_eq!(a.log_level, "warn");
    assert_eq!(a.registered_time, Some(1_414_434_120_238));
}

#[test]
fn v2_agent_status() {
    let s: AgentStatusV2 =
        ok(decode(&fixture("v2-get-an-agents-status-v2-project-id-agents-agent-id-status.json"), "status"));
    assert_eq!(s, AgentStatusV2 { busy: false, online: true });
}

#[test]
fn v2_project_events() {
    let page: EventPageV2 = ok(decode(&fixture("v2-get-retrieve-project-events-v2-project-id-events.json"), "events"));
    assert!(page.events.len() >= 10);
    assert_eq!(page.events[0].id, "5650135583");
    assert_eq!(page.events[0].event, "agent_registered");
    assert_eq!(page.events[0].agent.clone().unwrap_or_default().name.as_deref(), Some("Web Server"));
    assert_eq!(page.events[1].mode.as_deref(), Some("active"));
    let hb = &page.events[2];
    assert_eq!(hb.event, "agent_heartbeat");
    assert_eq!(hb.time, Some(1_412_857_577_233));
    assert_eq!(hb.agent.clone().unwrap_or_default().id, "8f135b4f-7a69-4b8a-947f-5e80d772fd97");
    assert!(page.events.iter().any(|e| e.event == "logfile_completed" && e.request_id.is_some()));
}

#[test]
fn v2_post_events_body() {
    let v: serde_json::Value = ok(decode(&fixture("v2-post-project-events-v2-project-id-events.json"), "event"));
    assert_eq!(v["event"], "agent_activate");
    assert_eq!(v["mode"], "active");
}

#[test]
fn v2_logfiles_requested_listed_detailed() {
    let req: LogfileV2 = ok(decode(
        &fixture("v2-post-request-download-of-the-log-file-for-an-agent-v2-project-id-agents-agent-id-logfiles.json"),
        "log file",
    ));
    assert_eq!(req.id, "a533a845-4279-4838-af13-276114e90234");
    assert_eq!(req.state, "requested");
    assert_eq!(req.date, Some(1_411_474_960_606));
    assert_eq!(req.download_url(), None, "no download before upload");

    let list: LogfileListV2 = ok(decode(
        &fixture("v2-get-list-the-log-files-for-an-agent-v2-project-id-agents-agent-id-logfiles.json"),
        "log files",
    ));
    assert_eq!(list.logfiles[0].state, "completed");
    assert!(list.logfiles[0].download_url().unwrap_or_default().contains("temp_url_sig="));

    let one: LogfileV2 = ok(decode(
        &fixture(
            "v2-get-list-details-for-the-log-files-for-an-agent-v2-project-id-agents-agent-id-logfiles-logfile-id.json",
        ),
        "log file",
    ));
    assert_eq!(one.state, "completed");
    assert!(one.download_url().is_some());

    let patch: serde_json::Value = ok(decode(
        &fixture("v2-patch-update-a-log-file-v2-project-id-agents-agent-id-logfiles-logfile-id.json"),
        "patch",
    ));
    assert_eq!(patch[0]["path"], "/state");
}

#[test]
fn identity_sample_answer() {
    let id = ok(parse_auth(&fixture("identity-auth-response-sample.json")));
    assert!(id.token.expose().starts_with("AABRRAegTP0XgHFXu3hBKrm1fIoUZIQdkRO"));
    assert_eq!(id.expires_ms, Some(1_470_945_644_526));
    assert_eq!(id.tenant_id, "929418");
    assert_eq!(id.user_name, "maeker123");
    assert_eq!(id.default_region.as_deref(), Some("IAD"));
    let names: Vec<&str> = id.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(names, ["DFW", "SYD", "HKG", "IAD"]);
    assert_eq!(id.regions[0].v2_base, "https://dfw.backup.api.rackspacecloud.com/v2/929418");
}

#[test]
fn identity_catalog_with_a_regionless_endpoint() {
    let entry = fixture("identity-service-catalog-endpoint.json");
    let body = format!(
        r#"{{"access": {{"token": {{"id": "t", "tenant": {{"id": "123456"}}}}, "serviceCatalog": [{entry}]}}}}"#
    );
    let id = ok(parse_auth(&body));
    let names: Vec<&str> = id.regions.iter().map(|r| r.region.as_str()).collect();
    assert_eq!(names, [GLOBAL_REGION, "IAD", "HKG", "SYD", "DFW", "ORD"]);
    assert_eq!(id.regions[0].v1_base, "https://backup.api.rackspacecloud.com/v1.0/123456");
}

#[test]
fn identity_illustrative_samples_with_ellipses_are_rejected_clearly() {
    for name in ["identity-auth-resp-json.json", "identity-auth-token-object.json"] {
        match parse_auth(&fixture(name)) {
            Err(ApiError::Decode { what }) => assert!(what.starts_with("sign-in answer"), "{what}"),
            other => panic!("{name}: expected a decode error, got {other:?}"),
        }
    }
}

#[test]
fn every_fixture_is_covered_by_a_test_here() {
    let dir = format!("{}/tests/fixtures", env!("CARGO_MANIFEST_DIR"));
    let me = [
        include_str!("fixtures_decode.rs"),
        include_str!("decode/activity_settings.rs"),
        include_str!("decode/backups.rs"),
        include_str!("decode/browse.rs"),
        include_str!("decode/configurations.rs"),
        include_str!("decode/restores.rs"),
    ]
    .concat();
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    names.sort();
    assert!(names.len() >= 20, "fixtures missing from {dir}");
    for n in names {
        // A page's numbered examples (`{page}.N.json`) may be named through
        // a constant or binding that holds `{page}`.
        let stem = n.strip_suffix(".json").and_then(|s| s.rsplit_once('.'));
        let page = stem.filter(|(_, number)| number.bytes().all(|b| b.is_ascii_digit())).map(|(page, _)| page);
        let numbered = page.is_some_and(|p| me.contains(&format!("= \"{p}\";")));
        assert!(me.contains(&format!("\"{n}\"")) || numbered, "fixture {n} is not decoded by any test");
    }
}
