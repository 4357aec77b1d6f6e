//! A larger tenant: true statuses from heartbeats (one activation and a few
//! reads of the project's events), not one request per agent.

use crate::harness::*;
use backup_sim::config::SimConfig;
use serde_json::json;

async fn chip_count(b: &Browser, status: &str) -> usize {
    let v = b
        .js(&format!("const c = document.querySelector('button.chip.status-{status} .count'); return c ? c.textContent : null;"), vec![])
        .await;
    v.as_str().and_then(|s| s.trim().parse().ok()).unwrap_or(usize::MAX)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_large_tenant_gets_true_statuses_from_heartbeats_in_few_requests() {
    let agents = 150;
    let sim = Sim::start(SimConfig { agents, time_scale: 1.0, ..Default::default() }).await;
    let b = Browser::start().await;
    b.goto(&format!("{}/", sim.base)).await;
    sim.control(json!({"reset_stats": true})).await;
    fill_token_form(&b).await;
    b.wait("no agent left unknown", 30, || async { (chip_count(&b, "unknown").await == 0).then_some(()) }).await;
    let state = sim.state().await;
    let list = state["agents"].as_array().cloned().unwrap_or_default();
    let online = list.iter().filter(|a| a["online"] == true && a["disabled"] == false).count();
    let disabled = list.iter().filter(|a| a["disabled"] == true).count();
    // Agents silent 1.5 s after the activation count as offline until their
    // heartbeat arrives, which on a loaded machine can be later.
    b.wait("every agent that answers online", 10, || async {
        (chip_count(&b, "online").await == online).then_some(())
    })
    .await;
    assert_eq!(chip_count(&b, "disabled").await, disabled);
    assert_eq!(chip_count(&b, "offline").await, agents - online - disabled, "the silent ones are offline");
    let stats: serde_json::Value =
        sim.http.get(format!("{}/_sim/stats", sim.base)).send().await.expect("stats").json().await.expect("json");
    let requests = stats["total"].as_u64().unwrap_or(u64::MAX);
    assert!(requests <= 50, "{agents} agents' statuses in {requests} requests: {stats}");
    assert_eq!(
        stats["by_route"]["GET /dfw/v1.0/{t}/agent/{id}"],
        serde_json::Value::Null,
        "no per-agent details: {stats}"
    );
    b.wait_text("Mode last set: Active", 10).await;
    assert!(!b.body_text().await.contains("…"), "last backups came from the activity");
    b.screenshot("17-large-tenant").await;
    b.close().await;
}
