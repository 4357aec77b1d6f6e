//! Cleanups: started through v2, run, listed, stopped, and reported through
//! the SDK's v1 call; the seeded ones show in the activity.

mod common;

use backup_sim::config::SimConfig;
use common::{fast, start};
use serde_json::{json, Value};
use std::time::Duration;

const P: &str = "/dfw/v2/123456";

#[tokio::test]
async fn a_cleanup_runs_and_one_can_be_stopped() {
    let sim = start(SimConfig { time_scale: 0.05, ..fast() }).await;
    let (_, state) = sim.call("GET", "/_sim/state", "", None, &[]).await;
    let online: Vec<Value> = state["agents"]
        .as_array()
        .map(|l| l.iter().filter(|a| a["online"] == true).cloned().collect())
        .unwrap_or_default();
    let agent = online[0]["v2_id"].as_str().unwrap_or_default().to_string();
    let body = json!({"agent_id": agent, "state": "start_requested"});
    let observer = sim.token("observer").await;
    assert_eq!(sim.call("POST", &format!("{P}/cleanups"), &observer, Some(body.clone()), &[]).await.0, 403);
    assert_eq!(
        sim.call("POST", &format!("{P}/cleanups"), "demo-token", Some(json!({"agent_id": agent})), &[]).await.0,
        400
    );
    assert_eq!(
        sim.call(
            "POST",
            &format!("{P}/cleanups"),
            "demo-token",
            Some(json!({"agent_id": "nope", "state": "start_requested"})),
            &[]
        )
        .await
        .0,
        404
    );
    let (s, c) = sim.call("POST", &format!("{P}/cleanups"), "demo-token", Some(body.clone()), &[]).await;
    assert_eq!((s.as_u16(), c["state"].as_str()), (201, Some("start_requested")));
    assert_eq!(
        sim.call("POST", &format!("{P}/cleanups"), "demo-token", Some(body), &[]).await.0,
        409,
        "one at a time per vault"
    );
    let id = c["id"].as_str().unwrap_or_default().to_string();
    let mut last = Value::Null;
    for _ in 0..100 {
        last = sim.call("GET", &format!("{P}/cleanups/{id}"), "demo-token", None, &[]).await.1;
        if last["state"] == "completed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(last["state"], "completed");
    let stop = json!([{"op": "replace", "path": "/state", "value": "stop_requested"}]);
    assert_eq!(sim.call("PATCH", &format!("{P}/cleanups/{id}"), "demo-token", Some(stop.clone()), &[]).await.0, 409);
    // Another agent's cleanup, stopped while it runs.
    let other = online[1]["v2_id"].as_str().unwrap_or_default().to_string();
    let (_, c2) = sim
        .call(
            "POST",
            &format!("{P}/cleanups"),
            "demo-token",
            Some(json!({"agent_id": other, "state": "start_requested"})),
            &[],
        )
        .await;
    let id2 = c2["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(sim.call("PATCH", &format!("{P}/cleanups/{id2}"), "demo-token", Some(stop), &[]).await.0, 204);
    let (_, stopped) = sim.call("GET", &format!("{P}/cleanups/{id2}"), "demo-token", None, &[]).await;
    assert_eq!(stopped["state"], "stopped");
    let (_, list) = sim.call("GET", &format!("{P}/cleanups?limit=2"), "demo-token", None, &[]).await;
    assert_eq!(list["cleanups"][0]["id"], json!(id2), "newest first");
    assert_eq!(
        sim.call("GET", &format!("{P}/cleanups/{id}/errors"), "demo-token", None, &[]).await.1["errors"],
        json!([])
    );
    // The SDK's v1 report, by the number behind the ID.
    let v1 = u64::from_str_radix(id.rsplit('-').next().unwrap_or_default(), 16).unwrap_or_default();
    let (s, report) = sim.call("GET", &format!("/dfw/v1.0/cleanup/report/{v1}"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), report["State"].as_str()), (200, Some("Completed")));
    assert_eq!(sim.call("GET", "/dfw/v1.0/cleanup/report/1", "demo-token", None, &[]).await.0, 404);
    assert_eq!(sim.call("GET", &format!("{P}/cleanups/nope"), "demo-token", None, &[]).await.0, 404);
}
