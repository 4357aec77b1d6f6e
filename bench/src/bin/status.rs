//! bench/status.sh: requests made, and time until every agent has a
//! confirmed status, for 1,000 agents at 100 ms latency: the console as an
//! admin (heartbeats) beside the naive per-agent details walk (what a
//! read-only observer gets, since it may not activate agents).

use backup_bench::{machine, root, sim, Browser};
use backup_sim::config::SimConfig;
use serde_json::{json, Value};

const AGENTS: usize = 1_000;
const LATENCY_MS: u64 = 100;

async fn run(user: Option<(&str, &str)>) -> (f64, u64) {
    let base =
        sim(SimConfig { agents: AGENTS, latency_ms: LATENCY_MS, ..Default::default() }, root().join("dist")).await;
    let http = reqwest::Client::new();
    let b = Browser::start().await;
    b.client.goto(&format!("{base}/?bench")).await.expect("open");
    b.until("the sign-in form", 30, "return document.querySelector('form.sign-in') !== null").await;
    http.post(format!("{base}/_sim/control")).json(&json!({"reset_stats": true})).send().await.expect("reset");
    match user {
        Some((name, key)) => {
            b.type_text("#signin-user", name).await;
            b.type_text("#signin-apikey", key).await;
        }
        None => {
            // The admin's run asks agents to report, remembered for the
            // tenant as a user would tick it (no question to wait for).
            b.js(r#"localStorage.setItem('backup-console.prefs', '{"status_way":{"123456":"ask-agents"}}'); return true;"#).await;
            b.js("for (const t of document.querySelectorAll('button.tab')) if (t.textContent === 'Token') t.click(); return true;").await;
            b.until("the token field", 10, "return document.getElementById('signin-token') !== null").await;
            b.type_text("#signin-token", "demo-token").await;
            b.type_text("#signin-tenant", "123456").await;
        }
    }
    b.click_css("form.sign-in button[type=submit]").await;
    let ms = b.measure("status", 120).await;
    let stats: Value = http.get(format!("{base}/_sim/stats")).send().await.expect("stats").json().await.expect("json");
    (ms, stats["total"].as_u64().unwrap_or(0))
}

#[tokio::main]
async fn main() {
    let (fast_ms, fast_requests) = run(None).await;
    let (naive_ms, naive_requests) = run(Some(("observer", "observer-key"))).await;
    println!(
        "Statuses of {AGENTS} agents at {LATENCY_MS} ms latency, from the list request to every agent confirmed; {}",
        machine()
    );
    println!("{:<46} {:>9} {:>9}", "", "time", "requests");
    println!("{:<46} {:>8.2}s {:>9}", "console (heartbeats: activate + events)", fast_ms / 1000.0, fast_requests);
    println!(
        "{:<46} {:>8.2}s {:>9}",
        "per-agent details walk, 6 at a time (observer)",
        naive_ms / 1000.0,
        naive_requests
    );
    println!("goal: <= 3 s and <= 50 requests");
}
