//! bench/load.sh: load time over an emulated link (10 Mbit/s down, 40 ms
//! latency, Chromium's network emulation), cache empty and then warm: from
//! navigation start to the sign-in form painted and ready for input, and
//! from the token sign-in to the agents table painted with 12 and with
//! 10,000 agents, through backup-sim's file server (the demo, which sends
//! the release build's precompressed files). Beside them, the floor of the
//! link: a plain page that fetches the same files (the same bytes, sent the
//! same way) and does nothing else, measured in the same run.

use backup_bench::{machine, median, root, sim, Browser};
use backup_sim::config::SimConfig;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::json;
use std::path::{Path, PathBuf};

const DOWN_BYTES_PER_S: u64 = 10_000_000 / 8;
const LATENCY_MS: u64 = 40;
const RUNS: usize = 3;

/// chromedriver's own command for Chromium's network emulation.
#[derive(Debug)]
struct Throttle;

impl WebDriverCompatibleCommand for Throttle {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/chromium/network_conditions", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        let conditions = json!({"network_conditions": {
            "offline": false, "latency": LATENCY_MS,
            "download_throughput": DOWN_BYTES_PER_S, "upload_throughput": DOWN_BYTES_PER_S
        }});
        (http::Method::POST, Some(conditions.to_string()))
    }
}

async fn throttled() -> Browser {
    let b = Browser::start().await;
    b.client.issue_cmd(Throttle).await.expect("network emulation (chromedriver's chromium/network_conditions)");
    b
}

/// The start time (ms from navigation start) of mark `name`, once it exists.
async fn mark(b: &Browser, name: &str) -> f64 {
    let script =
        format!("const e = performance.getEntriesByName('{name}', 'mark'); return e.length ? e[0].startTime : null;");
    b.until(&format!("the '{name}' mark"), 120, &script).await.as_f64().unwrap_or(f64::NAN)
}

/// (cold, warm) ms to the sign-in form, and ms from sign-in to the table.
async fn console(base: &str) -> (f64, f64, f64) {
    let b = throttled().await;
    b.client.goto(&format!("{base}/?bench")).await.expect("open");
    let cold = mark(&b, "sign-in-ready").await;
    let clicked = b.js("return performance.now();").await.as_f64().unwrap_or(f64::NAN);
    b.sign_in(None).await;
    let table = mark(&b, "rows-painted").await - clicked;
    b.client.goto(&format!("{base}/?bench")).await.expect("reload");
    let warm = mark(&b, "sign-in-ready").await;
    (cold, warm, table)
}

/// The floor: a page that fetches the console's wasm and script and marks
/// when both have arrived.
fn floor_dir(dist: &Path) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("load-floor-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("floor dir");
    let mut assets = Vec::new();
    for entry in std::fs::read_dir(dist).expect("dist").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("backup-console-") {
            std::fs::copy(entry.path(), dir.join(&name)).expect("copy");
            if name.ends_with(".js") || name.ends_with(".wasm") {
                assets.push(name);
            }
        }
    }
    let fetches: Vec<String> = assets.iter().map(|a| format!("fetch('/{a}').then(r => r.arrayBuffer())")).collect();
    let page = format!(
        "<!doctype html><title>floor</title><script type=module>Promise.all([{}]).then(() => performance.mark('floor'));</script>",
        fetches.join(", ")
    );
    std::fs::write(dir.join("index.html"), page).expect("floor page");
    dir
}

async fn floor(base: &str) -> (f64, f64) {
    let b = throttled().await;
    b.client.goto(&format!("{base}/")).await.expect("open floor");
    let cold = mark(&b, "floor").await;
    b.client.goto(&format!("{base}/")).await.expect("reload floor");
    let warm = mark(&b, "floor").await;
    (cold, warm)
}

#[tokio::main]
async fn main() {
    let dist = root().join("dist");
    let small = sim(SimConfig::default(), dist.clone()).await;
    let large = sim(SimConfig { agents: 10_000, ..Default::default() }, dist.clone()).await;
    let floor_base = sim(SimConfig::default(), floor_dir(&dist)).await;
    let (mut cold, mut warm, mut table12, mut table10k, mut floor_cold, mut floor_warm) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for _ in 0..RUNS {
        let (c, w, t) = console(&small).await;
        cold.push(c);
        warm.push(w);
        table12.push(t);
        table10k.push(console(&large).await.2);
        let (fc, fw) = floor(&floor_base).await;
        floor_cold.push(fc);
        floor_warm.push(fw);
    }
    println!(
        "Load over an emulated link: {} Mbit/s down, {LATENCY_MS} ms latency; median of {RUNS}; {}",
        DOWN_BYTES_PER_S * 8 / 1_000_000,
        machine()
    );
    println!("{:<62} {:>9}", "through backup-sim's file server (precompressed files)", "ms");
    let row = |what: &str, v: Vec<f64>| println!("{what:<62} {:>9.0}", median(v));
    row("cold cache: navigation → sign-in form ready", cold);
    row("  floor: a plain page fetching the same files, cold", floor_cold);
    row("warm cache: navigation → sign-in form ready", warm);
    row("  floor: the same page, warm", floor_warm);
    row("token sign-in → table painted, 12 agents", table12);
    row("token sign-in → table painted, 10,000 agents", table10k);
    println!("goals: cold ≤ 600 ms, warm ≤ 200 ms, table of 10,000 ≤ 1,500 ms");
}
