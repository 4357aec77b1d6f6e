//! Backup configurations, v1 and v2.

use super::{json, sent};
use crate::{fixture, ok};
use backup_console::api::configurations::{enable_body, BackupConfigurationV1, ConfigurationListV2, ConfigurationV2};
use backup_console::api::reply::{decode, decode_list, Records};

const AGENT_V2: &str = "8f135b4f-7a69-4b8a-947f-5e80d772fd97";
const CONFIG_V2: &str = "7c8ee069-568f-4d5a-932f-fb2af86b5fd5";

#[test]
fn v1_configurations_of_an_agent_manual_and_weekly() {
    let name =
        "v1-get-list-all-backup-configurations-for-an-agent-v1.0-tenant-id-backup-configuration-system-machineagentid.json";
    let list: Records<BackupConfigurationV1> = ok(decode_list(&fixture(name), "configurations"));
    assert!(list.rejected.is_empty(), "{:?}", list.rejected);
    let [manual, weekly] = &list.items[..] else { panic!("two configurations, got {}", list.items.len()) };
    assert_eq!(manual.backup_configuration_id, 158485);
    assert_eq!(manual.machine_agent_id, Some(224193));
    assert_eq!(manual.name, "Manual Log Backup");
    assert_eq!(manual.frequency, "Manually");
    assert_eq!((manual.start_time_hour, manual.start_time_am_pm.as_str()), (None, ""));
    assert_eq!(manual.next_scheduled_run_time, None, "the .NET MinValue sentinel is never");
    assert_eq!((manual.schedule_id, manual.version_retention), (Some(155566), Some(60)));
    assert!(manual.is_active && !manual.is_deleted && manual.notify_success && manual.notify_failure);
    assert_eq!(manual.notify_recipients, "user@rackspace.com");
    assert_eq!(manual.inclusions.len(), 1);
    assert_eq!(manual.inclusions[0].file_path, "C:\\Websites\\Logs");
    assert_eq!((manual.inclusions[0].file_id, manual.inclusions[0].file_item_type.as_str()), (Some(47085), "Folder"));
    assert!(manual.exclusions.is_empty());
    assert_eq!(weekly.name, "Weekly Website Backup");
    assert_eq!(
        (weekly.start_time_hour, weekly.start_time_minute, weekly.start_time_am_pm.as_str()),
        (Some(7), Some(23), "AM")
    );
    assert_eq!(weekly.day_of_week_id, Some(1));
    assert_eq!(weekly.next_scheduled_run_time, Some(1_358_752_980_000));
    assert_eq!(weekly.inclusions.iter().map(|f| f.file_id).collect::<Vec<_>>(), [Some(47086), Some(47087)]);
}

#[test]
fn v1_configurations_capture_with_key_datacenter_and_filters_as_words() {
    let list: Records<BackupConfigurationV1> =
        ok(decode_list(&fixture("v1-example-list-current-backup-configs.json"), "configurations"));
    let c = &list.items[0];
    assert_eq!(c.backup_configuration_id, 174084);
    assert_eq!(c.datacenter, "DFW");
    assert_eq!(c.machine_name, "web2");
    assert_eq!((c.start_time_hour, c.start_time_minute, c.start_time_am_pm.as_str()), (Some(11), Some(30), "PM"));
    assert_eq!(c.next_scheduled_run_time, Some(1_406_935_800_000));
    assert_eq!(c.version_retention, Some(30));
    let key = c.encryption_key.clone().unwrap_or_default();
    assert_eq!(key.exponent_hex, "10001");
    assert!(key.modulus_hex.starts_with("C6054E90E32D2B25E16F3A560E1B4DC580B1E4AB74E0C662680DD8A1"));
    let filters: Vec<(&str, &str)> = c.inclusions.iter().map(|f| (f.file_path.as_str(), f.filter.as_str())).collect();
    assert_eq!(filters, [("C:\\backup_up_file.txt", "Include"), ("C:\\backed_up_folder", "Include")]);
    assert_eq!(c.exclusions[0].filter, "Exclude");
    assert_eq!(c.exclusions[0].parent_id, Some(174084));
}

/// The details example, and the answer to disabling (the same object).
#[test]
fn v1_configuration_details_and_the_enable_answer() {
    for name in [
        "v1-get-list-backup-configuration-details-v1.0-tenant-id-backup-configuration-backupconfigurationid.json",
        "v1-post-enable-or-disable-a-backup-configuration-v1.0-tenant-id-backup-configuration-enable-backupconfigurationid.3.json",
    ] {
        let c: BackupConfigurationV1 = ok(decode(&fixture(name), "configuration"));
        assert_eq!(c.backup_configuration_id, 148325, "{name}");
        assert_eq!(c.schedule_id, Some(145406));
        assert_eq!(c.frequency, "Weekly");
        assert_eq!((c.start_time_hour, c.start_time_minute, c.day_of_week_id), (Some(11), Some(30), Some(4)));
        assert_eq!(c.time_zone_id, "Eastern Standard Time");
        assert_eq!(c.next_scheduled_run_time, Some(1_357_817_400_000));
        assert_eq!((c.last_run_time, c.last_run_backup_report_id), (None, None));
        assert!(!c.notify_success && !c.notify_failure);
        // The docs' answer to a *disable* still says active (see the report).
        assert!(c.is_active);
        let paths: Vec<&str> = c.exclusions.iter().map(|f| f.file_path.as_str()).collect();
        assert_eq!(paths, ["C:\\backed_up_folder\\excluded_folder", "C:\\backed_up_folder\\excluded_file.txt"]);
        assert_eq!(c.inclusions[1].file_item_type, "File");
    }
}

#[test]
fn v1_enable_and_disable_bodies_are_the_docs_examples() {
    let page = "v1-post-enable-or-disable-a-backup-configuration-v1.0-tenant-id-backup-configuration-enable-backupconfigurationid";
    assert_eq!(sent(&enable_body(true)), json(&format!("{page}.1.json")));
    assert_eq!(sent(&enable_body(false)), json(&format!("{page}.2.json")));
}

fn check_v2_configuration(c: &ConfigurationV2) {
    assert_eq!(c.project_id, "123456");
    assert_eq!(c.id, CONFIG_V2);
    assert_eq!(c.agent.as_ref().map(|a| a.id.as_str()), Some(AGENT_V2));
    assert_eq!(c.name, "Every Other Hour Configuration");
    assert!(c.enabled && !c.deleted);
    let s = c.schedule.clone().unwrap_or_default();
    assert_eq!(s.start, Some(1_407_262_941_000));
    assert_eq!(s.recurrence, ["RRULE:FREQ=HOURLY;INTERVAL=2"]);
    assert_eq!(s.time_zone, "US/Central");
    assert_eq!(c.retention_days, Some(30));
    assert_eq!(c.last_completed_backup_id.as_deref(), Some("0d95d699-d16b-11e4-93bd-c8e0eb190e3d"));
    assert_eq!(c.next_scheduled_time, Some(1_407_270_141_000));
}

#[test]
fn v2_configurations_of_an_agent() {
    for name in [
        "v2-get-list-configurations-for-an-agent-v2-project-id-agents-agent-id-configurations.json",
        "v2-example-list-configs-for-agent.json",
    ] {
        let list: ConfigurationListV2 = ok(decode(&fixture(name), "configurations"));
        assert!(list.rejected.is_empty());
        assert_eq!(list.configurations.len(), 1, "{name}");
        check_v2_configuration(&list.configurations[0]);
        assert!(list.configurations[0].inclusions.is_empty(), "the list leaves paths out");
    }
}

#[test]
fn v2_configuration_details_with_paths_and_notifications() {
    let name = "v2-get-list-details-about-a-configuration-v2-project-id-configurations-configuration-id.json";
    let c: ConfigurationV2 = ok(decode(&fixture(name), "configuration"));
    check_v2_configuration(&c);
    let paths = |l: &[backup_console::api::v2_parts::PathV2]| -> Vec<(String, String)> {
        l.iter().map(|p| (p.kind.clone(), p.path.clone())).collect()
    };
    assert_eq!(
        paths(&c.inclusions),
        [("folder".to_string(), "/web/".to_string()), ("file".into(), "/etc/web/app.conf".into())]
    );
    assert_eq!(paths(&c.exclusions)[1], ("file".to_string(), "/web/cache.jpg".to_string()));
    let n = &c.notifications[0];
    assert_eq!(
        (n.kind.as_str(), n.destination.as_str(), n.on_success, n.on_failure),
        ("email", "email@example.com", true, true)
    );
    assert_eq!(c.links[0].rel, "self");
}

#[test]
fn v2_next_run_is_read_where_the_create_example_puts_it_too() {
    let top = r#"{"id": "c", "next": {"scheduled_time": "2014-08-05T20:22:21Z"}}"#;
    let c: ConfigurationV2 = ok(decode(top, "configuration"));
    assert_eq!(c.next_scheduled_time, Some(1_407_270_141_000));
    let manual = r#"{"id": "c", "schedule": null, "backups": {"last_completed": null, "next": null}}"#;
    let c: ConfigurationV2 = ok(decode(manual, "configuration"));
    assert_eq!((c.schedule, c.next_scheduled_time, c.last_completed_backup_id), (None, None, None));
}

#[test]
fn one_bad_configuration_is_reported_and_the_others_kept() {
    let body = r#"{"configurations": [{"id": "a", "enabled": "maybe"}, {"id": "b", "enabled": "true"}]}"#;
    let list: ConfigurationListV2 = ok(decode(body, "configurations"));
    assert_eq!(list.configurations.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), ["b"]);
    assert!(list.rejected[0].starts_with("record 1, field `enabled`"), "{:?}", list.rejected);
}
