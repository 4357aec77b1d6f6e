//! bench/status.sh [--agents N]: requests made, and time until every agent
//! has a confirmed status (1,000 agents unless told, at 100 ms latency): the
//! console as an admin (heartbeats) beside the naive per-agent details walk,
//! measured in the same run by this program itself (6 requests at a time,
//! what a browser allows per host; the console's own read-only walk is
//! budgeted to 120 requests a minute, see bench/idle.sh). Also the longest
//! main-thread task (Long Tasks API) from sign-in to every status known.

use backup_bench::{machine, root, sim, Browser};
use backup_sim::config::SimConfig;
use serde_json::{json, Value};

const LATENCY_MS: u64 = 100;

/// `--agents N`, 1,000 by default.
fn agents() -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.windows(2).find(|w| w[0] == "--agents").and_then(|w| w[1].parse().ok()).unwrap_or(1_000)
}

/// (ms until every status is known, requests made, longest main-thread task in ms).
async fn run(agents: usize) -> (f64, u64, f64) {
    let base = sim(SimConfig { agents, latency_ms: LATENCY_MS, ..Default::default() }, root().join("dist")).await;
    let http = reqwest::Client::new();
    let b = Browser::start().await;
    b.open_sign_in(&base).await;
    b.js("window.__longest = 0; new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); }).observe({type: 'longtask'}); return true;").await;
    http.post(format!("{base}/_sim/control")).json(&json!({"reset_stats": true})).send().await.expect("reset");
    b.sign_in(None).await;
    let ms = b.measure("status", 300).await;
    let longest = b.js("return window.__longest;").await.as_f64().unwrap_or(f64::NAN);
    let stats: Value = http.get(format!("{base}/_sim/stats")).send().await.expect("stats").json().await.expect("json");
    (ms, stats["total"].as_u64().unwrap_or(0), longest)
}

/// The naive walk: every agent's details, 6 at a time, straight from here.
async fn naive_walk(agents: usize) -> (f64, u64) {
    let base = sim(SimConfig { agents, latency_ms: LATENCY_MS, ..Default::default() }, root().join("dist")).await;
    let http = reqwest::Client::new();
    let list: Value = http
        .get(format!("{base}/dfw/v1.0/123456/user/agents"))
        .header("X-Auth-Token", "demo-token")
        .send()
        .await
        .expect("list")
        .json()
        .await
        .expect("json");
    let ids: Vec<u64> =
        list.as_array().map(|a| a.iter().filter_map(|x| x["MachineAgentId"].as_u64()).collect()).unwrap_or_default();
    let started = std::time::Instant::now();
    let queue = std::sync::Arc::new(std::sync::Mutex::new(ids));
    let workers = (0..6).map(|_| {
        let (queue, http, base) = (queue.clone(), http.clone(), base.clone());
        tokio::spawn(async move {
            while let Some(id) = queue.lock().ok().and_then(|mut q| q.pop()) {
                let _ = http
                    .get(format!("{base}/dfw/v1.0/123456/agent/{id}"))
                    .header("X-Auth-Token", "demo-token")
                    .send()
                    .await;
            }
        })
    });
    for w in workers.collect::<Vec<_>>() {
        let _ = w.await;
    }
    (started.elapsed().as_secs_f64() * 1000.0, agents as u64 + 1)
}

#[tokio::main]
async fn main() {
    let agents = agents();
    let (fast_ms, fast_requests, longest) = run(agents).await;
    let (naive_ms, naive_requests) = naive_walk(agents).await;
    println!(
        "Statuses of {agents} agents at {LATENCY_MS} ms latency, from the list request to every agent confirmed; {}",
        machine()
    );
    println!("{:<46} {:>9} {:>9}", "", "time", "requests");
    println!("{:<46} {:>8.2}s {:>9}", "console (heartbeats: activate + events)", fast_ms / 1000.0, fast_requests);
    println!(
        "{:<46} {:>8.2}s {:>9}",
        "baseline: per-agent details walk, 6 at a time",
        naive_ms / 1000.0,
        naive_requests
    );
    println!("longest main-thread task during the console's pass: {longest:.0} ms");
    println!("goal: 1,000 agents <= 3 s and <= 50 requests; 10,000 agents <= 5 s and <= 100 requests");
}
