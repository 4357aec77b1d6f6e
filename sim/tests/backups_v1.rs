//! v1 backup configurations and backups over HTTP: each operation's success
//! and documented errors, and a backup from StartManual to its report.

mod common;

use backup_sim::config::SimConfig;
use common::{fast, start, Sim};
use serde_json::{json, Value};
use std::time::Duration;

const T: &str = "/dfw/v1.0/123456";

async fn first_agent(sim: &Sim) -> u64 {
    // An awake, enabled agent (the seed makes agent 0 so).
    let (_, list) = sim.call("GET", &format!("{T}/user/agents"), "demo-token", None, &[]).await;
    list[0]["MachineAgentId"].as_u64().unwrap_or_default()
}

fn weekly(agent: Value, name: &str) -> Value {
    json!({
        "MachineAgentId": agent, "BackupConfigurationName": name, "IsActive": true, "VersionRetention": 30,
        "MissedBackupActionId": 1, "Frequency": "Weekly", "StartTimeHour": 7, "StartTimeMinute": 30,
        "StartTimeAmPm": "PM", "DayOfWeekId": 5, "HourInterval": null, "TimeZoneId": "Eastern Standard Time",
        "NotifyRecipients": "test@my-email-address.com", "NotifySuccess": true, "NotifyFailure": true,
        "Inclusions": [{"FilePath": "/var/www", "FileItemType": "Folder"}, {"FilePath": "/etc/hosts", "FileItemType": "File"}],
        "Exclusions": [{"FilePath": "/var/www/cache", "FileItemType": "Folder"}]
    })
}

#[tokio::test]
async fn configurations_are_created_listed_updated_enabled_and_deleted() {
    let sim = start(fast()).await;
    let agent = first_agent(&sim).await;
    // Create, with numbers and booleans sent as strings too (the docs' "String").
    let mut body = weekly(json!(agent.to_string()), "Weekly website");
    body["IsActive"] = json!("true");
    body["StartTimeHour"] = json!("7");
    let (s, c) = sim.call("POST", &format!("{T}/backup-configuration"), "demo-token", Some(body), &[]).await;
    assert_eq!(s, 200, "{c}");
    let id = c["BackupConfigurationId"].as_u64().expect("an id");
    assert_eq!(
        (c["Frequency"].as_str(), c["StartTimeHour"].as_u64(), c["StartTimeAmPm"].as_str()),
        (Some("Weekly"), Some(7), Some("PM"))
    );
    assert_eq!(c["Inclusions"].as_array().map(Vec::len), Some(2));
    assert_eq!(c["Inclusions"][0]["ParentId"], json!(id));
    assert!(c["NextScheduledRunTime"].as_str().is_some_and(|d| d.starts_with("/Date(") && !d.contains('-')));
    // Listed for the agent and in the tenant's list; readable alone.
    let (_, mine) = sim.call("GET", &format!("{T}/backup-configuration/system/{agent}"), "demo-token", None, &[]).await;
    assert!(mine.as_array().is_some_and(|l| l.iter().any(|x| x["BackupConfigurationId"] == json!(id))));
    let (_, all) = sim.call("GET", &format!("{T}/backup-configuration"), "demo-token", None, &[]).await;
    assert!(all.as_array().is_some_and(|l| l.len() > 12 && l.iter().any(|x| x["BackupConfigurationId"] == json!(id))));
    // A second one of the same name on that agent: 409.
    let (s, _) = sim
        .call(
            "POST",
            &format!("{T}/backup-configuration"),
            "demo-token",
            Some(weekly(json!(agent), "weekly WEBSITE")),
            &[],
        )
        .await;
    assert_eq!(s, 409);
    // Update needs the schedule ID; then the change reads back.
    let mut update = c.clone();
    update["BackupConfigurationName"] = json!("Nightly website");
    update["Frequency"] = json!("Daily");
    update["StartTimeHour"] = json!(12);
    update["StartTimeAmPm"] = json!("AM");
    let (s, _) =
        sim.call("PUT", &format!("{T}/backup-configuration/{id}"), "demo-token", Some(update.clone()), &[]).await;
    assert_eq!(s, 200);
    let (_, after) = sim.call("GET", &format!("{T}/backup-configuration/{id}"), "demo-token", None, &[]).await;
    assert_eq!(
        (
            after["BackupConfigurationName"].as_str(),
            after["Frequency"].as_str(),
            after["StartTimeHour"].as_u64(),
            after["StartTimeAmPm"].as_str()
        ),
        (Some("Nightly website"), Some("Daily"), Some(12), Some("AM"))
    );
    let mut wrong = update;
    wrong["BackupConfigurationScheduleId"] = json!(1);
    assert_eq!(sim.call("PUT", &format!("{T}/backup-configuration/{id}"), "demo-token", Some(wrong), &[]).await.0, 400);
    // Enable / disable answers the configuration.
    let (s, off) = sim
        .call(
            "POST",
            &format!("{T}/backup-configuration/enable/{id}"),
            "demo-token",
            Some(json!({"Enable": false})),
            &[],
        )
        .await;
    assert_eq!((s.as_u16(), off["IsActive"].as_bool()), (200, Some(false)));
    // Delete: admin only; the configuration then reads IsDeleted and leaves the lists.
    let creator = sim.token("creator").await;
    assert_eq!(sim.call("DELETE", &format!("{T}/backup-configuration/{id}"), &creator, None, &[]).await.0, 403);
    assert_eq!(sim.call("DELETE", &format!("{T}/backup-configuration/{id}"), "demo-token", None, &[]).await.0, 200);
    let (s, gone) = sim.call("GET", &format!("{T}/backup-configuration/{id}"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), gone["IsDeleted"].as_bool()), (200, Some(true)));
    let (_, mine) = sim.call("GET", &format!("{T}/backup-configuration/system/{agent}"), "demo-token", None, &[]).await;
    assert!(mine.as_array().is_some_and(|l| l.iter().all(|x| x["BackupConfigurationId"] != json!(id))));
}

#[tokio::test]
async fn configuration_errors_come_as_documented() {
    let sim = start(fast()).await;
    let agent = first_agent(&sim).await;
    let observer = sim.token("observer").await;
    let post = |token: String, body: Value| {
        let sim = &sim;
        async move { sim.call("POST", &format!("{T}/backup-configuration"), &token, Some(body), &[]).await.0.as_u16() }
    };
    assert_eq!(post(observer.clone(), weekly(json!(agent), "x")).await, 403);
    assert_eq!(post("nope".into(), weekly(json!(agent), "x")).await, 401);
    for (field, value) in [
        ("Frequency", json!("Fortnightly")),
        ("StartTimeHour", json!(13)),
        ("StartTimeAmPm", json!("XM")),
        ("DayOfWeekId", json!(7)),
        ("VersionRetention", json!(45)),
        ("BackupConfigurationName", json!("")),
        ("Inclusions", json!([{"FilePath": "/x", "FileItemType": "Socket"}])),
    ] {
        let mut body = weekly(json!(agent), "bad");
        body[field] = value;
        assert_eq!(post("demo-token".into(), body).await, 400, "{field}");
    }
    let mut hourly = weekly(json!(agent), "hourly");
    hourly["Frequency"] = json!("Hourly");
    assert_eq!(post("demo-token".into(), hourly.clone()).await, 400, "Hourly needs HourInterval");
    hourly["HourInterval"] = json!(4);
    assert_eq!(post("demo-token".into(), hourly).await, 200);
    // A bad body is 400 before an unknown agent is 404.
    assert_eq!(post("demo-token".into(), json!("x")).await, 400);
    assert_eq!(post("demo-token".into(), weekly(json!(1), "nobody's")).await, 404);
    let (s, _) = sim.call("GET", &format!("{T}/backup-configuration/abc"), "demo-token", None, &[]).await;
    assert_eq!(s, 400);
    let (s, _) = sim.call("GET", &format!("{T}/backup-configuration/1"), "demo-token", None, &[]).await;
    assert_eq!(s, 404);
}

#[tokio::test]
async fn a_manual_backup_runs_from_start_to_report_and_can_be_restored() {
    let sim = start(fast()).await;
    let agent = first_agent(&sim).await;
    let (_, c) = sim
        .call("POST", &format!("{T}/backup-configuration"), "demo-token", Some(weekly(json!(agent), "Now")), &[])
        .await;
    let config = c["BackupConfigurationId"].as_u64().expect("config");
    let start = json!({"Action": "StartManual", "Id": config});
    let r = sim
        .http
        .post(format!("{}{T}/backup/action-requested", sim.base))
        .header("X-Auth-Token", "demo-token")
        .json(&start)
        .send()
        .await
        .expect("start");
    assert_eq!(r.status(), 200);
    let backup: u64 = r.text().await.unwrap_or_default().trim().parse().expect("the body is the bare BackupId");
    // A second start while it runs is refused.
    assert_eq!(sim.call("POST", &format!("{T}/backup/action-requested"), "demo-token", Some(start), &[]).await.0, 400);
    let mut seen = Vec::new();
    let mut files = Vec::new();
    for _ in 0..200 {
        let (_, s) = sim.call("GET", &format!("{T}/backup/{backup}"), "demo-token", None, &[]).await;
        let state = s["CurrentState"].as_str().unwrap_or_default().to_string();
        if seen.last() != Some(&state) {
            seen.push(state.clone());
        }
        let (_, report) = sim.call("GET", &format!("{T}/backup/report/{backup}"), "demo-token", None, &[]).await;
        files.push(report["FilesSearched"].as_str().and_then(|n| n.parse::<u64>().ok()).unwrap_or(0));
        if ["Completed", "CompletedWithErrors", "Failed"].contains(&state.as_str()) {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(seen.iter().any(|s| s == "InProgress"), "{seen:?}");
    let last = seen.last().cloned().unwrap_or_default();
    assert!(["Completed", "CompletedWithErrors", "Failed"].contains(&last.as_str()), "{seen:?}");
    assert!(files.windows(2).all(|w| w[0] <= w[1]) && files.last() > files.first(), "counts grow: {files:?}");
    let (_, report) = sim.call("GET", &format!("{T}/backup/report/{backup}"), "demo-token", None, &[]).await;
    assert_eq!(report["State"], json!(last));
    assert!(report["NumErrors"].is_number() && report["BytesSearched"].as_str().is_some_and(|b| b.ends_with('B')));
    assert_eq!(report["NumErrors"].as_u64().map(|n| n > 0), Some(last != "Completed"), "{report}");
    if last != "Failed" {
        let (_, done) = sim.call("GET", &format!("{T}/backup/completed/{config}"), "demo-token", None, &[]).await;
        assert_eq!(done[0]["BackupId"], json!(backup), "newest first");
        assert!(done[0]["BytesSearched"].is_number());
        let (_, available) = sim.call("GET", &format!("{T}/backup/availableforrestore"), "demo-token", None, &[]).await;
        assert!(available.as_array().is_some_and(|l| l
            .iter()
            .any(|x| x["BackupConfigurationId"] == json!(config) && x["PublicKeyHex"] == json!(10001))));
    }
    // The tenant's activity shows it.
    let (_, activity) = sim.call("GET", &format!("{T}/activity"), "demo-token", None, &[]).await;
    assert!(activity
        .as_array()
        .is_some_and(|l| l.iter().any(|a| a["Type"] == "Backup" && a["BackupId"] == json!(backup))));
}

#[tokio::test]
async fn a_running_backup_stops_and_ended_ones_cannot() {
    let sim = start(SimConfig { time_scale: 0.05, ..fast() }).await;
    let agent = first_agent(&sim).await;
    let (_, c) = sim
        .call("POST", &format!("{T}/backup-configuration"), "demo-token", Some(weekly(json!(agent), "Stop me")), &[])
        .await;
    let config = c["BackupConfigurationId"].as_u64().expect("config");
    let r = sim
        .http
        .post(format!("{}{T}/backup/action-requested", sim.base))
        .header("X-Auth-Token", "demo-token")
        .json(&json!({"Action": "StartManual", "Id": config}))
        .send()
        .await
        .expect("start");
    let backup: u64 = r.text().await.unwrap_or_default().trim().parse().expect("id");
    let stop = json!({"Action": "StopManual", "Id": backup.to_string()});
    let observer = sim.token("observer").await;
    assert_eq!(
        sim.call("POST", &format!("{T}/backup/action-requested"), &observer, Some(stop.clone()), &[]).await.0,
        403
    );
    assert_eq!(
        sim.call("POST", &format!("{T}/backup/action-requested"), "demo-token", Some(stop.clone()), &[]).await.0,
        204
    );
    let (_, s) = sim.call("GET", &format!("{T}/backup/{backup}"), "demo-token", None, &[]).await;
    assert_eq!(s["CurrentState"], "StopRequested");
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, s) = sim.call("GET", &format!("{T}/backup/{backup}"), "demo-token", None, &[]).await;
    assert_eq!(s["CurrentState"], "Stopped");
    assert_eq!(sim.call("POST", &format!("{T}/backup/action-requested"), "demo-token", Some(stop), &[]).await.0, 400);
    assert_eq!(
        sim.call(
            "POST",
            &format!("{T}/backup/action-requested"),
            "demo-token",
            Some(json!({"Action": "StopManual", "Id": 1})),
            &[]
        )
        .await
        .0,
        404
    );
    assert_eq!(
        sim.call(
            "POST",
            &format!("{T}/backup/action-requested"),
            "demo-token",
            Some(json!({"Action": "Pause", "Id": 1})),
            &[]
        )
        .await
        .0,
        400
    );
    assert_eq!(sim.call("GET", &format!("{T}/backup/1"), "demo-token", None, &[]).await.0, 404);
    assert_eq!(sim.call("GET", &format!("{T}/backup/report/x"), "demo-token", None, &[]).await.0, 400);
}
