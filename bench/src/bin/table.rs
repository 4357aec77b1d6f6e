//! bench/table.sh: the agents table at 10,000 agents, console vs a plain-DOM
//! baseline, in one run. Prints data-arrived → first rows painted, one
//! keystroke in search → repainted, a sort click → repainted (the console's
//! once every status is confirmed), and JS heap.

use backup_bench::{machine, median, root, sim, Browser};
use backup_sim::config::SimConfig;
use std::time::Duration;

const AGENTS: usize = 10_000;
const RUNS: usize = 5;

struct Figures {
    first_rows: f64,
    filter: f64,
    filter_update: f64,
    sort: f64,
    sort_update: f64,
    /// Continuous scrolling: median and 95th-percentile frame time, ms.
    scroll_median: f64,
    scroll_p95: f64,
    /// Frames a second over the whole scroll.
    scroll_fps: f64,
    heap_mb: f64,
}

/// Scrolls `scroll_css` by 111 px a frame for 150 frames and returns the
/// frame times (ms between animation frames, which includes each repaint).
async fn scroll_frames(b: &Browser, scroll_css: &str) -> Vec<f64> {
    b.js(&format!(
        "const el = document.querySelector('{scroll_css}'); el.scrollTop = 0; window.__frames = null; \
         const times = []; let last = performance.now(); let n = 0; \
         function step(t) {{ times.push(t - last); last = t; el.scrollTop += 111; n += 1; \
           if (n < 150) requestAnimationFrame(step); else window.__frames = times.slice(2); }} \
         requestAnimationFrame(step); return true;"
    ))
    .await;
    let frames = b.until("150 scrolled frames", 60, "return window.__frames").await;
    frames.as_array().map(|a| a.iter().filter_map(serde_json::Value::as_f64).collect()).unwrap_or_default()
}

fn percentile(mut v: Vec<f64>, p: f64) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let at = ((v.len() as f64 - 1.0) * p).round() as usize;
    v.get(at).copied().unwrap_or(f64::NAN)
}

/// Runs the same three measurements on a page that is already showing rows,
/// once the measure `settled` (if any) has closed: the console confirms
/// every agent's status after its first rows, work the baseline page does
/// not have, so its keystrokes and sorts are measured after that.
async fn measure(b: &Browser, settled: Option<&str>, search_css: &str, sort_css: &str, scroll_css: &str) -> Figures {
    let first_rows = b.measure("first-rows", 120).await;
    if let Some(name) = settled {
        b.measure(name, 120).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let mut filter = Vec::new();
    let mut filter_update = Vec::new();
    for ch in ["7", "1", "3", "5", "9"].iter().take(RUNS) {
        b.clear_measures().await;
        b.js(&format!("const i = document.querySelector('{search_css}'); i.value = ''; i.dispatchEvent(new Event('input', {{bubbles: true}})); return true;")).await;
        b.measure("filter", 30).await;
        b.clear_measures().await;
        b.type_text(search_css, ch).await;
        filter.push(b.measure("filter", 30).await);
        filter_update.push(b.measure("filter-update", 30).await);
    }
    b.js(&format!("const i = document.querySelector('{search_css}'); i.value = ''; i.dispatchEvent(new Event('input', {{bubbles: true}})); return true;")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut sort = Vec::new();
    let mut sort_update = Vec::new();
    for _ in 0..RUNS {
        b.clear_measures().await;
        b.click_css(sort_css).await;
        sort.push(b.measure("sort", 30).await);
        sort_update.push(b.measure("sort-update", 30).await);
    }
    let frames = scroll_frames(b, scroll_css).await;
    let fps = 1000.0 * frames.len() as f64 / frames.iter().sum::<f64>().max(1.0);
    Figures {
        scroll_fps: fps,
        scroll_median: percentile(frames.clone(), 0.5),
        scroll_p95: percentile(frames, 0.95),
        first_rows,
        filter: median(filter),
        filter_update: median(filter_update),
        sort: median(sort),
        sort_update: median(sort_update),
        heap_mb: b.heap_mb().await,
    }
}

#[tokio::main]
async fn main() {
    let dist = root().join("dist");
    assert!(dist.join("index.html").exists(), "build first: trunk build --release (bench/table.sh does)");
    let config = || SimConfig { agents: AGENTS, time_scale: 1.0, ..Default::default() };
    let console_url = sim(config(), dist).await;
    let baseline_url = sim(config(), root().join("bench").join("baseline")).await;

    let b = Browser::start().await;
    b.open_sign_in(&console_url).await;
    b.sign_in(None).await;
    let search = "input[aria-label=\"Search agents\"]";
    let console = measure(&b, Some("status"), search, "thead th:nth-child(2) button", ".table-scroll").await;
    let rows = b.js("return document.querySelectorAll('table[aria-label=\"Agents\"] tbody tr').length").await;
    drop(b);

    let b = Browser::start().await;
    b.client.goto(&format!("{baseline_url}/index.html")).await.expect("open baseline");
    let baseline = measure(&b, None, "#search", "#sort-id", "#scroll").await;
    drop(b);

    println!(
        "Agents table, {AGENTS} agents (median of {RUNS} for filter and sort; the console's once every status is confirmed); {}",
        machine()
    );
    println!("rows in the DOM (console): {rows}");
    println!("{:<34} {:>10} {:>10} {:>7} {:>10}", "metric", "console", "baseline", "ratio", "goal");
    let row = |name: &str, c: f64, base: f64, goal: &str| {
        println!("{name:<34} {c:>8.1}ms {base:>8.1}ms {:>6.2}x {goal:>10}", c / base);
    };
    row("data arrived -> first rows painted", console.first_rows, baseline.first_rows, "<=150ms");
    row("one keystroke in search -> painted", console.filter, baseline.filter, "<=16ms");
    row("  of which script (update the DOM)", console.filter_update, baseline.filter_update, "");
    row("sort click -> painted", console.sort, baseline.sort, "<=50ms");
    row("  of which script (update the DOM)", console.sort_update, baseline.sort_update, "");
    row("scrolling: median frame", console.scroll_median, baseline.scroll_median, "<=20ms");
    row("scrolling: 95th percentile frame", console.scroll_p95, baseline.scroll_p95, "");
    println!(
        "{:<34} {:>7.1}fps {:>7.1}fps {:>6.2}x {:>10}",
        "scrolling: frames a second",
        console.scroll_fps,
        baseline.scroll_fps,
        console.scroll_fps / baseline.scroll_fps,
        ">=50fps"
    );
    println!(
        "{:<34} {:>8.1}MB {:>8.1}MB {:>6.2}x",
        "JS heap after load",
        console.heap_mb,
        baseline.heap_mb,
        console.heap_mb / baseline.heap_mb
    );
}
