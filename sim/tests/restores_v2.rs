//! v2 restores: made and started in one request, listed, read through v1
//! too, stopped (409 once ended), and a wrong password ending in a report
//! that says so.

mod common;

use backup_sim::config::SimConfig;
use common::{fast, start, Sim};
use serde_json::{json, Value};
use std::time::Duration;

const P: &str = "/dfw/v2/123456";

/// (v2 backup id, v2 agent id, encrypted?) of a restorable backup of an online agent.
async fn backup_of(sim: &Sim, encrypted: bool) -> (String, String) {
    let (_, state) = sim.call("GET", "/_sim/state", "", None, &[]).await;
    let agent = state["agents"]
        .as_array()
        .and_then(|l| {
            l.iter().find(|a| a["online"] == true && a["encrypted"] == encrypted && a["disabled"] == false).cloned()
        })
        .expect("an agent");
    let v2 = agent["v2_id"].as_str().unwrap_or_default().to_string();
    let (_, configs) = sim.call("GET", &format!("{P}/agents/{v2}/configurations"), "demo-token", None, &[]).await;
    let config = configs["configurations"][0]["id"].as_str().unwrap_or_default().to_string();
    let (_, backups) = sim
        .call("GET", &format!("{P}/backups?configuration_id={config}&restorable=true"), "demo-token", None, &[])
        .await;
    (backups["backups"][0]["id"].as_str().expect("a restorable backup").to_string(), v2)
}

async fn wait_state(sim: &Sim, id: &str, states: &[&str]) -> Value {
    for _ in 0..200 {
        let (_, r) = sim.call("GET", &format!("{P}/restores/{id}"), "demo-token", None, &[]).await;
        if states.iter().any(|s| r["state"] == *s) {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("restore {id} never reached {states:?}");
}

#[tokio::test]
async fn a_v2_restore_starts_at_once_runs_and_stops() {
    let sim = start(SimConfig { time_scale: 0.05, ..fast() }).await;
    let (backup, agent) = backup_of(&sim, false).await;
    let body = json!({"backup_id": backup, "destination_agent_id": agent, "destination_path": "/tmp/restore", "overwrite_files": false,
                      "encrypted_password_hex": null,
                      "inclusions": [{"type": "folder", "path": "/var/www/"}], "exclusions": [{"type": "folder", "path": "/var/www/cache/"}]});
    let observer = sim.token("observer").await;
    assert_eq!(sim.call("POST", &format!("{P}/restores"), &observer, Some(body.clone()), &[]).await.0, 403);
    let r = sim
        .http
        .post(format!("{}{P}/restores", sim.base))
        .header("X-Auth-Token", "demo-token")
        .json(&body)
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 201);
    let location = r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
    let created: Value = r.json().await.expect("json");
    let id = created["id"].as_str().unwrap_or_default().to_string();
    assert!(location.ends_with(&format!("/restores/{id}")), "{location}");
    assert_eq!(created["state"], "start_requested");
    assert_eq!(created["inclusions"], json!([{"type": "folder", "path": "/var/www/"}]));
    let (_, list) = sim.call("GET", &format!("{P}/restores?limit=5"), "demo-token", None, &[]).await;
    assert_eq!(list["restores"][0]["id"], json!(id), "newest first");
    let running = wait_state(&sim, &id, &["in_progress"]).await;
    let stop = json!([{"op": "replace", "path": "/state", "value": "stop_requested"}]);
    assert_eq!(sim.call("PATCH", &format!("{P}/restores/{id}"), "demo-token", Some(stop.clone()), &[]).await.0, 204);
    let stopped = wait_state(&sim, &id, &["stopped"]).await;
    assert!(stopped["ended_time"].is_string() && running["started_time"].is_string());
    // Its events tell the same story, oldest first, and name only this restore.
    let (s, events) = sim.call("GET", &format!("{P}/restores/{id}/events"), "demo-token", None, &[]).await;
    assert_eq!(s, 200);
    let names: Vec<&str> =
        events["events"].as_array().into_iter().flatten().filter_map(|e| e["event"].as_str()).collect();
    assert_eq!(
        names,
        [
            "restore_start_requested",
            "restore_preparing",
            "restore_in_progress",
            "restore_stop_requested",
            "restore_stopped"
        ]
    );
    assert!(events["events"].as_array().into_iter().flatten().all(|e| e["restore"]["id"] == json!(id)
        && e["agent"]["id"] == json!(agent)
        && e["backup"]["id"] == json!(backup)));
    let (s, one) = sim.call("GET", &format!("{P}/restores/{id}/events?limit=1"), "demo-token", None, &[]).await;
    assert_eq!(s, 200);
    assert_eq!(one["events"].as_array().map(Vec::len), Some(1));
    assert!(one["links"][0]["href"].as_str().is_some_and(|h| h.contains(&format!("/restores/{id}/events?marker="))));
    assert_eq!(sim.call("GET", &format!("{P}/restores/nope/events"), "demo-token", None, &[]).await.0, 404);
    let (s, refused) = sim.call("PATCH", &format!("{P}/restores/{id}"), "demo-token", Some(stop), &[]).await;
    assert_eq!(s, 409);
    assert!(refused["message"].as_str().is_some_and(|m| m.contains("already in a state of")));
    assert_eq!(sim.call("GET", &format!("{P}/restores/nope"), "demo-token", None, &[]).await.0, 404);
    assert_eq!(
        sim.call(
            "POST",
            &format!("{P}/restores"),
            "demo-token",
            Some(json!({"backup_id": "nope", "destination_agent_id": agent})),
            &[]
        )
        .await
        .0,
        404
    );
    assert_eq!(
        sim.call("POST", &format!("{P}/restores"), "demo-token", Some(json!({"destination_agent_id": agent})), &[])
            .await
            .0,
        400
    );
}

#[tokio::test]
async fn a_wrong_password_ends_in_a_report_that_says_so() {
    let sim = start(fast()).await;
    let (backup, agent) = backup_of(&sim, true).await;
    let body =
        json!({"backup_id": backup, "destination_agent_id": agent, "destination_path": null, "overwrite_files": false});
    assert_eq!(
        sim.call("POST", &format!("{P}/restores"), "demo-token", Some(body.clone()), &[]).await.0,
        400,
        "an encrypted vault needs the password"
    );
    let world = backup_sim::seed::world(&SimConfig::default()).expect("world");
    let keys = backup_sim::keys::KeyPool::load().expect("keys");
    let i = world.agents.iter().position(|a| a.v2_id == agent).expect("agent");
    let mut wrong = body;
    wrong["encrypted_password_hex"] = json!(keys.get(world.agents[i].key).encrypt_hex("guess"));
    let (s, created) = sim.call("POST", &format!("{P}/restores"), "demo-token", Some(wrong), &[]).await;
    assert_eq!(s, 201);
    let id = created["id"].as_str().unwrap_or_default().to_string();
    let failed = wait_state(&sim, &id, &["failed"]).await;
    assert_eq!(failed["errors"]["reason"], "EncryptionPasswordIncorrect");
    assert!(failed["errors"]["diagnostics"].as_str().is_some_and(|d| d.contains("password is not correct")));
    let (_, errors) = sim.call("GET", &format!("{P}/restores/{id}/errors"), "demo-token", None, &[]).await;
    assert_eq!(errors["errors"][0]["reason"], "EncryptionPasswordIncorrect");
    // The same restore through v1: its report says the same.
    let v1 = i64::from_str_radix(id.rsplit('-').next().unwrap_or_default(), 16).unwrap_or_default();
    let (_, report) = sim.call("GET", &format!("/dfw/v1.0/123456/restore/report/{v1}"), "demo-token", None, &[]).await;
    assert_eq!(report["Reason"], "EncryptionPasswordIncorrect");
}
