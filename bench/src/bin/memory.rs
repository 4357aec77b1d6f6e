//! bench/memory.sh: memory over a working day. 10,000 agents; backup-sim's
//! clock runs 60 times faster, so 8 simulated hours (schedules, backups,
//! heartbeats) pass in 8 minutes while the console auto-refreshes every 30 s,
//! follows the event feed, and wakes the agents every 2 minutes. Every 30 s:
//! the JS heap, the wasm memory (where the app's own data lives; it never
//! shrinks, so growth there is what a leak looks like) and the DOM's size.
//! Goal: at the end, within 10 % of the first minute's figures.

use backup_bench::{machine, root, sim, Browser};
use backup_sim::config::SimConfig;
use std::time::{Duration, Instant};

const AGENTS: usize = 10_000;
const MINUTES: u64 = 8;
const SAMPLE_S: u64 = 30;
const WAKE_EVERY_S: u64 = 120;

struct Sample {
    at_s: u64,
    heap_mb: f64,
    wasm_mb: f64,
    nodes: u64,
}

async fn sample(b: &Browser, at_s: u64) -> Sample {
    let wasm_pages = b
        .js("const m = performance.getEntriesByType('mark').filter(e => e.name.startsWith('wasm-pages:')); return m.length ? Number(m[m.length - 1].name.slice(11)) : null;")
        .await
        .as_f64()
        .unwrap_or(f64::NAN);
    let nodes = b.js("return document.getElementsByTagName('*').length;").await.as_u64().unwrap_or(0);
    Sample { at_s, heap_mb: b.heap_mb().await, wasm_mb: wasm_pages * 65_536.0 / 1_048_576.0, nodes }
}

#[tokio::main]
async fn main() {
    let config = SimConfig { agents: AGENTS, time_scale: 1.0 / 60.0, ..Default::default() };
    let base = sim(config, root().join("dist")).await;
    let b = Browser::start().await;
    b.open_sign_in(&base).await;
    b.sign_in(None).await;
    b.until("the agents table", 120, "return document.querySelector('table.agents tbody tr') !== null").await;
    let started = Instant::now();
    let mut samples = Vec::new();
    let mut last_wake = 0;
    while started.elapsed() < Duration::from_secs(MINUTES * 60) {
        tokio::time::sleep(Duration::from_secs(SAMPLE_S)).await;
        let at = started.elapsed().as_secs();
        if at - last_wake >= WAKE_EVERY_S {
            b.js("for (const x of document.querySelectorAll('button')) if (x.textContent.includes('Wake up agents') && !x.disabled) { x.click(); break; } return true;").await;
            last_wake = at;
        }
        samples.push(sample(&b, at).await);
    }
    println!(
        "Memory of one tab over 8 simulated hours ({MINUTES} min at 60x) on {AGENTS} agents, refresh every 30 s, a wake-up every 2 min; {}",
        machine()
    );
    println!("{:>8} {:>12} {:>12} {:>10}", "minute", "JS heap MB", "wasm MB", "DOM nodes");
    for s in &samples {
        println!("{:>8.1} {:>12.1} {:>12.1} {:>10}", s.at_s as f64 / 60.0, s.heap_mb, s.wasm_mb, s.nodes);
    }
    // The first minute's figures: the second sample (after 60 s).
    if let (Some(first), Some(last)) = (samples.get(1), samples.last()) {
        let change = |a: f64, b: f64| (b - a) / a * 100.0;
        println!(
            "end vs first minute: JS heap {:+.1} %, wasm memory {:+.1} %, DOM nodes {:+.1} %",
            change(first.heap_mb, last.heap_mb),
            change(first.wasm_mb, last.wasm_mb),
            change(first.nodes as f64, last.nodes as f64)
        );
        // A sample taken while a refresh reads its answers holds those
        // (10-20 MB) even after a collection: growth shows in what stays
        // between refreshes, the lowest sample of a stretch.
        let per_stretch = (120 / SAMPLE_S).max(1) as usize;
        let lowest = |s: &[Sample]| s.iter().map(|s| s.heap_mb).fold(f64::INFINITY, f64::min);
        let (early, late) = (
            lowest(&samples[..per_stretch.min(samples.len())]),
            lowest(&samples[samples.len().saturating_sub(per_stretch)..]),
        );
        println!("JS heap between refreshes (lowest sample), first 2 min vs last 2 min: {early:.1} → {late:.1} MB ({:+.1} %)", change(early, late));
    }
    println!("goal: within 10 % (no growth)");
}
