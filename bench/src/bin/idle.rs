//! bench/idle.sh: what a console tab left open costs the API. 10,000
//! agents; after the first status pass, the requests one tab makes in a
//! minute of doing nothing, for an admin (heartbeats after asking agents to
//! report) and an observer (the budgeted details walk), beside the
//! unbudgeted walk the observer made before (every agent every refresh:
//! 10,000 requests per 30 s interval, computed, not run).

use backup_bench::{machine, root, sim, Browser};
use backup_sim::config::SimConfig;
use serde_json::{json, Value};
use std::time::Duration;

const AGENTS: usize = 10_000;
/// Time for the first status pass before the idle minute is counted.
const SETTLE_S: u64 = 60;
const IDLE_S: u64 = 60;

/// (requests in the idle minute, by route).
async fn idle_minute(user: Option<(&str, &str)>) -> (u64, Value) {
    let base = sim(SimConfig { agents: AGENTS, ..Default::default() }, root().join("dist")).await;
    let http = reqwest::Client::new();
    let b = Browser::start().await;
    b.open_sign_in(&base).await;
    b.sign_in(user).await;
    b.until("the agents table", 60, "return document.querySelector('table.agents tbody tr') !== null").await;
    tokio::time::sleep(Duration::from_secs(SETTLE_S)).await;
    http.post(format!("{base}/_sim/control")).json(&json!({"reset_stats": true})).send().await.expect("reset");
    tokio::time::sleep(Duration::from_secs(IDLE_S)).await;
    let stats: Value = http.get(format!("{base}/_sim/stats")).send().await.expect("stats").json().await.expect("json");
    (stats["total"].as_u64().unwrap_or(0), stats["by_route"].clone())
}

#[tokio::main]
async fn main() {
    let (admin, admin_routes) = idle_minute(None).await;
    let (observer, observer_routes) = idle_minute(Some(("observer", "observer-key"))).await;
    println!(
        "Requests per minute of one idle tab on {AGENTS} agents (after {SETTLE_S} s), refresh every 30 s; {}",
        machine()
    );
    println!("{:<58} {:>12}", "", "requests/min");
    println!("{:<58} {:>12}", "admin (heartbeats, agents asked to report)", admin);
    println!("{:<58} {:>12}", "observer (details walk within the 120/min budget)", observer);
    println!("{:<58} {:>12}", "baseline: unbudgeted walk (every agent every 30 s)", 2 * AGENTS);
    println!("by route, admin: {admin_routes}");
    println!("by route, observer: {observer_routes}");
    println!("goal: observer <= 120 + 2 list requests");
}
