//! v2 configurations and backups over HTTP: the same objects as v1's, by
//! UUID; a backup started through v2, stopped, and its errors.

mod common;

use backup_sim::config::SimConfig;
use common::{fast, start};
use serde_json::{json, Value};
use std::time::Duration;

const P: &str = "/dfw/v2/123456";

#[tokio::test]
async fn configurations_and_backups_read_as_v2_objects_and_page() {
    let sim = start(fast()).await;
    let (s, all) = sim.call("GET", &format!("{P}/configurations"), "demo-token", None, &[]).await;
    assert_eq!(s, 200);
    let configs = all["configurations"].as_array().cloned().unwrap_or_default();
    assert!(configs.len() >= 12, "{}", configs.len());
    let daily = configs
        .iter()
        .find(|c| c["schedule"]["recurrence"][0].as_str().is_some_and(|r| r.starts_with("RRULE:FREQ=DAILY")))
        .expect("a daily configuration");
    assert!(daily["next"]["scheduled_time"].as_str().is_some_and(|t| t.ends_with('Z')));
    let id = daily["id"].as_str().unwrap_or_default();
    let (s, one) = sim.call("GET", &format!("{P}/configurations/{id}"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), &one["id"]), (200, &daily["id"]));
    let agent = daily["agent_id"].as_str().unwrap_or_default();
    let (_, mine) = sim.call("GET", &format!("{P}/agents/{agent}/configurations"), "demo-token", None, &[]).await;
    assert!(mine["configurations"].as_array().is_some_and(|l| l.iter().any(|c| c["id"] == daily["id"])));
    let (_, restorable) =
        sim.call("GET", &format!("{P}/configurations?restorable=true"), "demo-token", None, &[]).await;
    assert!(restorable["configurations"].as_array().is_some_and(|l| !l.is_empty() && l.len() <= configs.len()));
    assert_eq!(sim.call("GET", &format!("{P}/configurations/nope"), "demo-token", None, &[]).await.0, 404);

    // Backups page with a next link; the pages do not overlap.
    let (_, first) = sim.call("GET", &format!("{P}/backups?limit=5"), "demo-token", None, &[]).await;
    let page: Vec<Value> = first["backups"].as_array().cloned().unwrap_or_default();
    assert_eq!(page.len(), 5);
    let next = first["links"][0]["href"].as_str().expect("a next link").to_string();
    let next_path = next.split_once("/dfw/").map(|(_, p)| format!("/dfw/{p}")).unwrap_or_default();
    let (_, second) = sim.call("GET", &next_path, "demo-token", None, &[]).await;
    let ids = |v: &Value| {
        v["backups"].as_array().map(|l| l.iter().map(|b| b["id"].clone()).collect::<Vec<_>>()).unwrap_or_default()
    };
    assert!(ids(&second).iter().all(|b| !ids(&first).contains(b)));
    for b in &page {
        assert!(b["state"].as_str().is_some_and(|s| s.chars().all(|c| c.is_ascii_lowercase() || c == '_')), "{b}");
    }
    let (_, ofconfig) =
        sim.call("GET", &format!("{P}/backups?configuration_id={id}&restorable=true"), "demo-token", None, &[]).await;
    assert!(ofconfig["backups"]
        .as_array()
        .is_some_and(|l| l.iter().all(|b| b["configuration"]["id"] == daily["id"] && b["restorable"] == true)));
    assert_eq!(sim.call("GET", &format!("{P}/backups?limit=0"), "demo-token", None, &[]).await.0, 400);
    assert_eq!(sim.call("GET", &format!("{P}/backups?sort_dir=up"), "demo-token", None, &[]).await.0, 400);
}

#[tokio::test]
async fn a_backup_started_through_v2_runs_stops_and_refuses_a_second_stop() {
    let sim = start(SimConfig { time_scale: 0.05, ..fast() }).await;
    let (_, all) = sim.call("GET", &format!("{P}/configurations"), "demo-token", None, &[]).await;
    // The first agent's daily configuration (agent 0 is awake and enabled).
    let (_, agents) = sim.call("GET", &format!("{P}/agents"), "demo-token", None, &[]).await;
    let agent = agents["agents"][0]["id"].clone();
    let config = all["configurations"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["agent_id"] == agent && c["enabled"] == true).cloned())
        .expect("config");
    let body = json!({"configuration_id": config["id"], "state": "start_requested"});
    let observer = sim.token("observer").await;
    assert_eq!(sim.call("POST", &format!("{P}/backups"), &observer, Some(body.clone()), &[]).await.0, 403);
    assert_eq!(
        sim.call(
            "POST",
            &format!("{P}/backups"),
            "demo-token",
            Some(json!({"configuration_id": "nope", "state": "start_requested"})),
            &[]
        )
        .await
        .0,
        404
    );
    assert_eq!(
        sim.call(
            "POST",
            &format!("{P}/backups"),
            "demo-token",
            Some(json!({"configuration_id": config["id"], "state": "go"})),
            &[]
        )
        .await
        .0,
        400
    );
    // The seed may have this configuration running already: wait for it to end.
    let mut created = None;
    for _ in 0..100 {
        let (s, b) = sim.call("POST", &format!("{P}/backups"), "demo-token", Some(body.clone()), &[]).await;
        if s == 201 {
            created = Some(b);
            break;
        }
        assert_eq!(s, 409, "{b}");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let backup = created.expect("a backup was started");
    assert_eq!(backup["state"], "start_requested");
    let id = backup["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(
        sim.call("POST", &format!("{P}/backups"), "demo-token", Some(body), &[]).await.0,
        409,
        "one run at a time"
    );
    // The same backup through v1, by its v1 ID.
    let v1 = backup["snapshot_id"].as_u64().unwrap_or_default();
    let (_, status) = sim.call("GET", &format!("/dfw/v1.0/123456/backup/{v1}"), "demo-token", None, &[]).await;
    assert_eq!(status["BackupId"], json!(v1), "one object for v1 and v2");
    let stop = json!([{"op": "replace", "path": "/state", "value": "stop_requested"}]);
    assert_eq!(
        sim.call(
            "PATCH",
            &format!("{P}/backups/{id}"),
            "demo-token",
            Some(json!([{"op": "replace", "path": "/state", "value": "completed"}])),
            &[]
        )
        .await
        .0,
        400
    );
    assert_eq!(sim.call("PATCH", &format!("{P}/backups/{id}"), "demo-token", Some(stop.clone()), &[]).await.0, 204);
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, after) = sim.call("GET", &format!("{P}/backups/{id}"), "demo-token", None, &[]).await;
    assert_eq!(after["state"], "stopped");
    let (s, refused) = sim.call("PATCH", &format!("{P}/backups/{id}"), "demo-token", Some(stop), &[]).await;
    assert_eq!(s, 409);
    assert!(refused["message"].as_str().is_some_and(|m| m.contains("already in a state of")));
    let (s, errors) = sim.call("GET", &format!("{P}/backups/{id}/errors"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), errors["errors"].is_array()), (200, true));
    assert_eq!(sim.call("GET", &format!("{P}/backups/nope"), "demo-token", None, &[]).await.0, 404);
}

#[tokio::test]
async fn activities_list_backups_restores_and_cleanups_newest_first_in_pages() {
    let sim = start(fast()).await;
    let (s, first) = sim.call("GET", &format!("{P}/activities?limit=20"), "demo-token", None, &[]).await;
    assert_eq!(s, 200);
    let items = first["activities"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 20);
    let times: Vec<&str> = items.iter().filter_map(|a| a["last_updated_time"].as_str()).collect();
    assert!(times.windows(2).all(|w| w[0] >= w[1]), "newest first: {times:?}");
    let (_, all) = sim.call("GET", &format!("{P}/activities?limit=1000"), "demo-token", None, &[]).await;
    let types: std::collections::HashSet<&str> =
        all["activities"].as_array().map(|l| l.iter().filter_map(|a| a["type"].as_str()).collect()).unwrap_or_default();
    assert_eq!(types, ["backup", "restore", "cleanup"].into_iter().collect());
    let next = first["links"][0]["href"].as_str().expect("next").to_string();
    let next_path = next.split_once("/dfw/").map(|(_, p)| format!("/dfw/{p}")).unwrap_or_default();
    let (_, second) = sim.call("GET", &next_path, "demo-token", None, &[]).await;
    assert_ne!(second["activities"][0]["id"], items[0]["id"]);
    let agent = items[0]["agent"]["id"].as_str().unwrap_or_default();
    let (_, mine) = sim.call("GET", &format!("{P}/agents/{agent}/activities"), "demo-token", None, &[]).await;
    assert!(
        mine["activities"].as_array().is_some_and(
            |l| !l.is_empty() && l.iter().all(|a| a["agent"]["id"] == json!(agent) || a["type"] == "restore")
        )
    );
    let (_, failed) =
        sim.call("GET", &format!("{P}/activities?state=failed&limit=1000"), "demo-token", None, &[]).await;
    assert!(failed["activities"].as_array().is_some_and(|l| !l.is_empty() && l.iter().all(|a| a["state"] == "failed")));
    assert_eq!(sim.call("GET", &format!("{P}/activities?marker=nope"), "demo-token", None, &[]).await.0, 400);
    assert_eq!(sim.call("GET", &format!("{P}/agents/nope/activities"), "demo-token", None, &[]).await.0, 404);
}

#[tokio::test]
async fn configurations_are_created_patched_and_deleted_by_the_documented_rules() {
    let sim = start(fast()).await;
    let (_, agents) = sim.call("GET", &format!("{P}/agents"), "demo-token", None, &[]).await;
    let agent = agents["agents"][0]["id"].clone();
    let doc = json!({
        "agent_id": agent, "name": "Every Other Hour Configuration", "enabled": true,
        "schedule": {"recurrence": ["RRULE:FREQ=HOURLY;INTERVAL=2"], "time_zone": "US/Central"},
        "retention": {"days": 30},
        "inclusions": [{"type": "folder", "path": "/web/"}, {"type": "file", "path": "/etc/web/app.conf"}],
        "exclusions": [{"type": "folder", "path": "/web/cache/"}, {"type": "file", "path": "/web/cache.jpg"}],
        "notifications": [{"type": "email", "destination": "email@example.com", "on_success": true, "on_failure": true}]
    });
    let observer = sim.token("observer").await;
    assert_eq!(sim.call("POST", &format!("{P}/configurations"), &observer, Some(doc.clone()), &[]).await.0, 403);
    let (s, c) = sim.call("POST", &format!("{P}/configurations"), "demo-token", Some(doc.clone()), &[]).await;
    assert_eq!(s, 201, "{c}");
    assert_eq!(c["schedule"]["recurrence"][0], "RRULE:FREQ=HOURLY;INTERVAL=2");
    let id = c["id"].as_str().unwrap_or_default().to_string();
    for (field, value) in [
        ("schedule", json!({"recurrence": ["RRULE:FREQ=MONTHLY;INTERVAL=1"]})),
        ("schedule", json!({"recurrence": ["RRULE:FREQ=HOURLY;INTERVAL=2", "RRULE:FREQ=HOURLY;INTERVAL=3"]})),
        ("retention", json!({"days": 45})),
        ("exclusions", json!([{"type": "folder", "path": "/srv/cache/"}])),
        ("inclusions", json!([{"type": "folder", "path": "/web/"}, {"type": "folder", "path": "/web/"}])),
        ("notifications", json!([{"type": "email", "destination": "a@b.c", "on_success": true, "on_failure": false}])),
    ] {
        let mut bad = doc.clone();
        bad[field] = value;
        assert_eq!(
            sim.call("POST", &format!("{P}/configurations"), "demo-token", Some(bad), &[]).await.0,
            400,
            "{field}"
        );
    }
    let mut manual = doc.clone();
    manual["schedule"] = Value::Null;
    manual["name"] = json!("Manual only");
    assert_eq!(sim.call("POST", &format!("{P}/configurations"), "demo-token", Some(manual), &[]).await.0, 201);
    let mut nobody = doc;
    nobody["agent_id"] = json!("nope");
    assert_eq!(sim.call("POST", &format!("{P}/configurations"), "demo-token", Some(nobody), &[]).await.0, 404);
    // Patch: a new name and a daily schedule; read back.
    let patch = json!([{"op": "replace", "path": "/name", "value": "Nightly"}, {"op": "replace", "path": "/schedule", "value": {"recurrence": ["RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=30"], "time_zone": "UTC"}}]);
    assert_eq!(sim.call("PATCH", &format!("{P}/configurations/{id}"), "demo-token", Some(patch), &[]).await.0, 204);
    let (_, after) = sim.call("GET", &format!("{P}/configurations/{id}"), "demo-token", None, &[]).await;
    assert_eq!(
        (after["name"].as_str(), after["schedule"]["recurrence"][0].as_str()),
        (Some("Nightly"), Some("RRULE:FREQ=DAILY;INTERVAL=1;BYHOUR=2;BYMINUTE=30"))
    );
    assert_eq!(
        sim.call(
            "PATCH",
            &format!("{P}/configurations/{id}"),
            "demo-token",
            Some(json!([{"op": "replace", "path": "/agent_id", "value": "x"}])),
            &[]
        )
        .await
        .0,
        400
    );
    // Delete: admin only; it then reads deleted.
    let creator = sim.token("creator").await;
    assert_eq!(sim.call("DELETE", &format!("{P}/configurations/{id}"), &creator, None, &[]).await.0, 403);
    assert_eq!(sim.call("DELETE", &format!("{P}/configurations/{id}"), "demo-token", None, &[]).await.0, 204);
    let (_, gone) = sim.call("GET", &format!("{P}/configurations/{id}"), "demo-token", None, &[]).await;
    assert_eq!(gone["deleted"], true);
}

#[tokio::test]
async fn a_backups_states_are_its_events_and_its_configurations() {
    let sim = start(SimConfig { time_scale: 0.02, ..fast() }).await;
    let (_, agents) = sim.call("GET", &format!("{P}/agents"), "demo-token", None, &[]).await;
    let agent = agents["agents"][0]["id"].clone();
    let (_, all) = sim.call("GET", &format!("{P}/configurations"), "demo-token", None, &[]).await;
    let config = all["configurations"]
        .as_array()
        .and_then(|l| l.iter().find(|c| c["agent_id"] == agent && c["enabled"] == true).cloned())
        .expect("config");
    let cid = config["id"].as_str().unwrap_or_default().to_string();
    let mut started = None;
    for _ in 0..100 {
        let (s, b) = sim
            .call(
                "POST",
                &format!("{P}/backups"),
                "demo-token",
                Some(json!({"configuration_id": cid, "state": "start_requested"})),
                &[],
            )
            .await;
        if s == 201 {
            started = Some(b);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let id = started.expect("started")["id"].as_str().unwrap_or_default().to_string();
    let mut names = Vec::new();
    for _ in 0..200 {
        let (_, events) = sim.call("GET", &format!("{P}/backups/{id}/events"), "demo-token", None, &[]).await;
        names = events["events"]
            .as_array()
            .map(|l| l.iter().filter_map(|e| e["event"].as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        if names
            .iter()
            .any(|n| ["backup_completed", "backup_completed_with_errors", "backup_failed"].contains(&n.as_str()))
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(names.first().map(String::as_str), Some("backup_start_requested"), "oldest first: {names:?}");
    assert!(names.iter().any(|n| n == "backup_in_progress"), "{names:?}");
    let (_, of_config) = sim
        .call("GET", &format!("{P}/configurations/{cid}/events?sort_dir=desc&limit=1"), "demo-token", None, &[])
        .await;
    assert_eq!(of_config["events"][0]["backup"]["id"], json!(id), "the configuration's newest event is its backup's");
    assert_eq!(sim.call("GET", &format!("{P}/backups/nope/events"), "demo-token", None, &[]).await.0, 404);
}
