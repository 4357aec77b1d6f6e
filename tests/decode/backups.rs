//! Backups: v1 start, stop, status, report, completed, available for
//! restore; v2 list, start, stop.

use super::{json, sent};
use crate::{fixture, ok};
use backup_console::api::backups::{BackupReportV1, BackupV1, CompletedBackupV1, RestorableConfigurationV1};
use backup_console::api::backups_v2::{start_body, BackupPageV2, BackupV2};
use backup_console::api::reply::{check, decode, decode_list, Records, Reply};
use backup_console::api::types::ActionV1;
use backup_console::api::{next_marker, replace_patch, ApiError};

const START: &str = "v1-post-start-or-stop-a-backup-manually-v1.0-tenant-id-backup-action-requested";

#[test]
fn v1_start_and_stop_bodies_are_the_docs_examples_and_the_answer_is_the_backup_id() {
    let start = ActionV1 { action: "StartManual", id: 148325, encrypted_password: None };
    assert_eq!(sent(&start.body()), json(&format!("{START}.1.json")));
    let stop = ActionV1 { action: "StopManual", id: 368785, encrypted_password: None };
    assert_eq!(sent(&stop.body()), json(&format!("{START}.2.json")));
    let id: u64 = ok(decode(&fixture(&format!("{START}.3.json")), "started backup's ID"));
    assert_eq!(id, 368785);
    assert_eq!(decode::<u64>("\"368785\"", "id"), Ok(368785), "also as a string");
    assert!(matches!(decode::<u64>("OK", "id"), Err(ApiError::Decode { .. })));
}

#[test]
fn v1_backup_status_queued_with_its_key() {
    let b: BackupV1 = ok(decode(&fixture("v1-get-list-backup-details-v1.0-tenant-id-backup-backupid.json"), "status"));
    assert_eq!((b.backup_id, b.backup_configuration_id), (134332, Some(158519)));
    assert_eq!(b.current_state, "Queued");
    assert_eq!(b.backup_configuration_name, "Weekly Website Backup");
    assert_eq!((b.machine_agent_id, b.machine_name.as_str()), (Some(224321), "Web Server"));
    assert_eq!(b.state_change_time, Some(1_358_530_097_000));
    assert!(!b.is_encrypted);
    let key = b.encryption_key.unwrap_or_default();
    assert_eq!(key.exponent_hex, "20010");
    assert!(key.modulus_hex.starts_with("a3261939975948bb7a58dffe5ff54e65f0498f9175f5a0"), "wrapped modulus is joined");

    let b: BackupV1 = ok(decode(&fixture("v1-example-check-backup-status.json"), "status"));
    assert_eq!((b.backup_id, b.current_state.as_str(), b.machine_name.as_str()), (368785, "Queued", "web2"));
    assert_eq!(b.state_change_time, Some(1_406_935_800_000));
    assert!(b.encryption_key.unwrap_or_default().modulus_hex.ends_with("3AF0BD"));
}

#[test]
fn v1_backup_report_with_both_errors() {
    let text = fixture("v1-get-get-a-backup-report-v1.0-tenant-id-backup-report-backupid.json");
    let r: BackupReportV1 = ok(decode(&text, "backup report"));
    assert_eq!((r.backup_id, r.backup_configuration_id), (Some(92500), Some(101145)));
    assert_eq!(r.backup_configuration_name, "Database Server Backup");
    assert_eq!((r.computer_name.as_str(), r.machine_agent_id), ("Database Server", Some(95874)));
    assert_eq!(r.state, "CompletedWithErrors");
    assert!(r.can_restore && !r.configuration_deleted);
    assert_eq!((r.start_time, r.completed_time), (Some(1_351_118_760_000), Some(1_351_119_033_000)));
    assert_eq!(r.duration, "00:04:33");
    assert_eq!(r.files_searched, Some(11936), "a count sent as a string");
    assert_eq!((r.bytes_searched.as_str(), r.bytes_backed_up.as_str()), ("3.7 GB", "178.1 MB"));
    assert_eq!((r.files_backed_up, r.num_errors), (Some(6), Some(2)), "a string and a number");
    assert_eq!((r.reason.as_str(), r.diagnostics.as_str()), ("Success", "Completed With Errors"));
    assert_eq!(r.error_list.len(), 2);
    assert_eq!(r.error_list[0].error_desc, "The agent experienced a problem. (Rax)");
    assert!(r.error_list[1].path.ends_with("MSSQL\\DATA\\templog.ldf"), "{}", r.error_list[1].path);
    assert!(r.error_list[1].exception_desc.starts_with("Cannot open file \"C:\\Program Files"));
}

#[test]
fn v1_completed_backups_with_bytes_as_a_number() {
    let name = "v1-get-list-completed-backups-v1.0-tenant-id-backup-completed-backupconfigurationid.json";
    let list: Records<CompletedBackupV1> = ok(decode_list(&fixture(name), "completed backups"));
    assert_eq!(
        list.items,
        [CompletedBackupV1 {
            backup_id: 134386,
            backup_configuration_id: Some(158638),
            backup_configuration_name: "Weekly Website Backup".into(),
            machine_name: "Web Server".into(),
            machine_agent_id: Some(224505),
            completed_time: Some(1_358_535_352_000),
            bytes_searched: "10245674584".into(),
            num_errors: Some(0),
        }]
    );
}

#[test]
fn v1_available_for_restore_with_the_key_in_two_fields() {
    let name = "v1-get-list-backups-available-for-a-restore-v1.0-tenant-id-backup-availableforrestore.json";
    let list: Records<RestorableConfigurationV1> = ok(decode_list(&fixture(name), "available"));
    let [a, b] = &list.items[..] else { panic!("two configurations, got {}", list.items.len()) };
    assert_eq!((a.backup_configuration_id, a.backup_configuration_name.as_str()), (172418, "BackupConfig1"));
    assert_eq!((a.machine_name.as_str(), a.machine_agent_id), ("MBP0", Some(252036)));
    assert!(!a.is_encrypted);
    assert_eq!(a.public_key.exponent_hex, "10001");
    assert!(a.public_key.modulus_hex.starts_with("a5261939975948bb7a58dffe5ff54e65f0498f9175f5a09288810b"));
    assert_eq!(a.last_successful_backup_time, Some(1_360_701_971_000));
    assert_eq!((b.backup_configuration_id, b.flavor.as_str()), (172417, "RaxCloudServer"));
}

fn check_started(b: &BackupV2) {
    assert_eq!((b.project_id.as_str(), b.id.as_str()), ("123456", "0d95d699-d16b-11e4-93bd-c8e0eb190e3d"));
    assert_eq!(b.state, "start_requested");
    assert_eq!((b.started_time, b.ended_time, b.snapshot_id.as_deref()), (None, None, None));
    assert_eq!(b.errors.clone().unwrap_or_default().count, Some(0));
    assert_eq!((b.files_searched, b.bytes_backed_up), (Some(0), Some(0)));
    assert!(!b.restorable);
}

#[test]
fn v2_start_body_and_answer() {
    assert_eq!(
        sent(&start_body("7c8ee069-568f-4d5a-932f-fb2af86b5fd5")),
        json("v2-post-start-a-backup-v2-project-id-backups.1.json")
    );
    for name in ["v2-post-start-a-backup-v2-project-id-backups.2.json", "v2-example-start-backup.json"] {
        let b: BackupV2 = ok(decode(&fixture(name), "started backup"));
        check_started(&b);
        assert_eq!(b.configuration.map(|c| c.id).as_deref(), Some("7c8ee069-568f-4d5a-932f-fb2af86b5fd5"), "{name}");
    }
}

#[test]
fn v2_backups_page_with_results_and_the_next_marker() {
    let page: BackupPageV2 =
        ok(decode(&fixture("v2-get-list-the-backups-for-a-project-v2-project-id-backups.json"), "backups"));
    assert!(page.rejected.is_empty());
    let b = &page.backups[0];
    assert_eq!(b.agent.as_ref().map(|a| a.id.as_str()), Some("8f135b4f-7a69-4b8a-947f-5e80d772fd97"));
    assert_eq!(b.state, "completed_with_errors");
    assert_eq!((b.started_time, b.ended_time), (Some(1_407_262_942_238), Some(1_407_263_030_489)));
    assert_eq!(b.snapshot_id.as_deref(), Some("1111"), "a number kept as text");
    let e = b.errors.clone().unwrap_or_default();
    assert_eq!((e.count, e.reason.as_str()), (Some(1), "unable_to_process_some_files"));
    assert_eq!(e.diagnostics, "Some files could not be backed up. Partial list follows.");
    assert_eq!((b.files_searched, b.files_backed_up), (Some(1222), Some(6)));
    assert_eq!(
        (b.bytes_searched, b.bytes_backed_up, b.bytes_in_db),
        (Some(3_700_000_000), Some(127_000_000), Some(49_340_871))
    );
    assert_eq!(b.bandwidth_avg_bps, Some(16_628_982));
    assert!(b.restorable);
    assert_eq!(next_marker(&page.links).as_deref(), Some("0d95d699-d16b-11e4-93bd-c8e0eb190e3d"));
}

/// The page's example is an agent's report of results; the console sends
/// the user's stop, whose operations have the same shape.
#[test]
fn v2_stop_is_a_json_patch_like_the_docs_and_a_finished_backup_is_a_conflict() {
    let agents = json("v2-patch-update-a-backup-v2-project-id-backups-backup-id.1.json");
    assert_eq!(sent(&replace_patch("/state", "completed_with_errors".into()))[0], agents[0]);
    let stop = sent(&replace_patch("/state", "stop_requested".into()));
    assert_eq!(stop, serde_json::json!([{ "op": "replace", "path": "/state", "value": "stop_requested" }]));
    let body = fixture("v2-patch-update-a-backup-v2-project-id-backups-backup-id.2.json");
    match check(Reply { status: 409, body, ..Reply::default() }, &[204]) {
        Err(ApiError::Conflict { message: Some(m) }) => {
            assert!(m.starts_with("Modifying a backup that is already in a state of ['completed'"), "{m}")
        }
        other => panic!("expected a conflict, got {other:?}"),
    }
}
