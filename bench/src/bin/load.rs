//! bench/load.sh: load time over an emulated link (10 Mbit/s down, 40 ms
//! latency, Chromium's network emulation), cache empty and then warm: from
//! navigation start to the sign-in form painted and ready for input, and
//! from the token sign-in to the agents table painted with 12 and with
//! 10,000 agents; through backup-sim's file server (the demo, which sends
//! the release build's precompressed files) and through deploy/nginx.conf
//! as an operator installs it (the sub-path build, `gzip_static`, the API
//! behind its TLS proxy). Beside each, the floor of the link: a plain page
//! that fetches the same files from the same server (the same bytes, sent
//! the same way) and does nothing else, measured in the same run.

use backup_bench::nginx::{deploy_with, Trust, PREFIX};
use backup_bench::{machine, median, root, sim, Browser};
use backup_sim::config::SimConfig;
use fantoccini::wd::WebDriverCompatibleCommand;
use serde_json::json;
use std::path::Path;

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

/// The floor: `floor.html` in `dir`, a page that fetches the console's wasm
/// and scripts (the files of `dist`, copied into `dir` unless they are
/// there) and marks when all have arrived. Its script is a file of its own:
/// nginx's Content-Security-Policy allows no inline script.
fn floor_page(dist: &Path, dir: &Path) {
    std::fs::create_dir_all(dir).expect("floor dir");
    let mut assets = Vec::new();
    for entry in std::fs::read_dir(dist).expect("dist").flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if !name.starts_with("backup-console-") {
            continue;
        }
        if dist != dir {
            std::fs::copy(entry.path(), dir.join(&name)).expect("copy");
        }
        if name.ends_with(".js") || name.ends_with(".wasm") {
            assets.push(name);
        }
    }
    let fetches: Vec<String> = assets.iter().map(|a| format!("fetch('{a}').then(r => r.arrayBuffer())")).collect();
    let script = format!("Promise.all([{}]).then(() => performance.mark('floor'));\n", fetches.join(", "));
    std::fs::write(dir.join("floor.js"), script).expect("floor script");
    let page = "<!doctype html><title>floor</title><script type=module src=floor.js></script>\n";
    std::fs::write(dir.join("floor.html"), page).expect("floor page");
}

async fn floor(page: &str) -> (f64, f64) {
    let b = throttled().await;
    b.client.goto(page).await.expect("open floor");
    let cold = mark(&b, "floor").await;
    b.client.goto(page).await.expect("reload floor");
    let warm = mark(&b, "floor").await;
    (cold, warm)
}

/// Where the console is served from: its base with 12 and with 10,000
/// agents, and the floor page on the same server.
struct Server {
    name: &'static str,
    small: String,
    large: String,
    floor: String,
}

/// Medians over [`RUNS`] of cold, warm, table of 12, table of 10,000, floor
/// cold, floor warm.
async fn measure(server: &Server) -> [f64; 6] {
    let mut runs: [Vec<f64>; 6] = Default::default();
    for _ in 0..RUNS {
        let (cold, warm, table12) = console(&server.small).await;
        let table10k = console(&server.large).await.2;
        let (floor_cold, floor_warm) = floor(&server.floor).await;
        for (k, v) in [cold, warm, table12, table10k, floor_cold, floor_warm].into_iter().enumerate() {
            runs[k].push(v);
        }
    }
    runs.map(median)
}

fn print(server: &Server, [cold, warm, table12, table10k, floor_cold, floor_warm]: [f64; 6]) {
    println!("{:<62} {:>9}", server.name, "ms");
    let row = |what: &str, v: f64| println!("{what:<62} {v:>9.0}");
    row("cold cache: navigation → sign-in form ready", cold);
    row("  floor: a plain page fetching the same files, cold", floor_cold);
    row("warm cache: navigation → sign-in form ready", warm);
    row("  floor: the same page, warm", floor_warm);
    row("token sign-in → table painted, 12 agents", table12);
    row("token sign-in → table painted, 10,000 agents", table10k);
}

#[tokio::main]
async fn main() {
    let dist = root().join("dist");
    let floor_dir = std::env::temp_dir().join(format!("load-floor-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&floor_dir);
    floor_page(&dist, &floor_dir);
    let demo = Server {
        name: "through backup-sim's file server (the demo; precompressed files)",
        small: sim(SimConfig::default(), dist.clone()).await,
        large: sim(SimConfig { agents: 10_000, ..Default::default() }, dist).await,
        floor: format!("{}/floor.html", sim(SimConfig::default(), floor_dir.clone()).await),
    };
    let small = deploy_with(Trust::TestCa, SimConfig::default()).await;
    let large = deploy_with(Trust::TestCa, SimConfig { agents: 10_000, ..Default::default() }).await;
    let served = small.dir.join("www").join(PREFIX.trim_start_matches('/'));
    floor_page(&served, &served);
    let nginx = Server {
        name: if backup_bench::nginx::brotli_static_installed() {
            "through deploy/nginx.conf (sub-path build, brotli_static and gzip_static, API over its TLS proxy)"
        } else {
            "through deploy/nginx.conf (sub-path build, gzip_static: no ngx_brotli here, API over its TLS proxy)"
        },
        small: format!("{}{PREFIX}", small.base),
        large: format!("{}{PREFIX}", large.base),
        floor: format!("{}{PREFIX}/floor.html", small.base),
    };
    let figures = [measure(&demo).await, measure(&nginx).await];
    println!(
        "Load over an emulated link: {} Mbit/s down, {LATENCY_MS} ms latency; median of {RUNS}; {}",
        DOWN_BYTES_PER_S * 8 / 1_000_000,
        machine()
    );
    print(&demo, figures[0]);
    print(&nginx, figures[1]);
    println!("goals: cold ≤ 600 ms, warm ≤ 200 ms, table of 10,000 ≤ 1,500 ms");
    let _ = std::fs::remove_dir_all(&floor_dir);
}
