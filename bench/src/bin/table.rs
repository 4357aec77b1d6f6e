//! bench/table.sh: the agents table at 10,000 agents, console vs a plain-DOM
//! baseline, in one run. Prints data-arrived → first rows painted, one
//! keystroke in search → repainted, a sort click → repainted (the console's
//! once every status is confirmed), and JS heap.
//!
//! The two pages are measured in alternating rounds (console, baseline,
//! console, …), each in a fresh browser, and each figure is the median of
//! every round's samples: on a shared machine the load drifts over minutes,
//! and measuring one page after the other put that drift into the ratio
//! (the same build gave sort ratios of 0.70 and 1.72 in two runs).

use backup_bench::{machine, median, root, sim, Browser};
use backup_sim::config::SimConfig;
use std::time::Duration;

const AGENTS: usize = 10_000;
/// Keystrokes and sorts per round, and rounds per page.
const RUNS: usize = 5;
const ROUNDS: usize = 3;

/// Every sample of one page, over all rounds (ms; the heap of the last).
#[derive(Default)]
struct Samples {
    first_rows: Vec<f64>,
    filter: Vec<f64>,
    filter_update: Vec<f64>,
    sort: Vec<f64>,
    sort_update: Vec<f64>,
    /// Continuous scrolling: the time of every frame.
    frames: Vec<f64>,
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
async fn measure(b: &Browser, settled: Option<&str>, css: [&str; 3], out: &mut Samples) {
    let [search_css, sort_css, scroll_css] = css;
    out.first_rows.push(b.measure("first-rows", 120).await);
    if let Some(name) = settled {
        b.measure(name, 120).await;
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    for ch in ["7", "1", "3", "5", "9"].iter().take(RUNS) {
        b.clear_measures().await;
        b.js(&format!("const i = document.querySelector('{search_css}'); i.value = ''; i.dispatchEvent(new Event('input', {{bubbles: true}})); return true;")).await;
        b.measure("filter", 30).await;
        b.clear_measures().await;
        b.type_text(search_css, ch).await;
        out.filter.push(b.measure("filter", 30).await);
        out.filter_update.push(b.measure("filter-update", 30).await);
    }
    b.js(&format!("const i = document.querySelector('{search_css}'); i.value = ''; i.dispatchEvent(new Event('input', {{bubbles: true}})); return true;")).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    for _ in 0..RUNS {
        b.clear_measures().await;
        b.click_css(sort_css).await;
        out.sort.push(b.measure("sort", 30).await);
        out.sort_update.push(b.measure("sort-update", 30).await);
    }
    out.frames.extend(scroll_frames(b, scroll_css).await);
    out.heap_mb = b.heap_mb().await;
}

/// One round of the console: a fresh browser, signed in, every status confirmed.
async fn console_round(url: &str, out: &mut Samples) -> serde_json::Value {
    let b = Browser::start().await;
    b.open_sign_in(url).await;
    b.sign_in(None).await;
    let css = ["input[aria-label=\"Search agents\"]", "thead th:nth-child(2) button", ".table-scroll"];
    measure(&b, Some("status"), css, out).await;
    b.js("return document.querySelectorAll('table[aria-label=\"Agents\"] tbody tr').length").await
}

async fn baseline_round(url: &str, out: &mut Samples) {
    let b = Browser::start().await;
    b.client.goto(&format!("{url}/index.html")).await.expect("open baseline");
    measure(&b, None, ["#search", "#sort-id", "#scroll"], out).await;
}

#[tokio::main]
async fn main() {
    let dist = root().join("dist");
    assert!(dist.join("index.html").exists(), "build first: trunk build --release (bench/table.sh does)");
    let config = || SimConfig { agents: AGENTS, time_scale: 1.0, ..Default::default() };
    let console_url = sim(config(), dist).await;
    let baseline_url = sim(config(), root().join("bench").join("baseline")).await;

    let (mut console, mut baseline) = (Samples::default(), Samples::default());
    let mut rows = serde_json::Value::Null;
    for _ in 0..ROUNDS {
        rows = console_round(&console_url, &mut console).await;
        baseline_round(&baseline_url, &mut baseline).await;
    }

    println!(
        "Agents table, {AGENTS} agents ({ROUNDS} alternating rounds a page, each {RUNS} keystrokes and {RUNS} sorts: medians of all; the console's once every status is confirmed); {}",
        machine()
    );
    println!("rows in the DOM (console): {rows}");
    println!("{:<34} {:>10} {:>10} {:>7} {:>10}", "metric", "console", "baseline", "ratio", "goal");
    let row = |name: &str, c: f64, base: f64, goal: &str| {
        println!("{name:<34} {c:>8.1}ms {base:>8.1}ms {:>6.2}x {goal:>10}", c / base);
    };
    let both = |f: fn(&Samples) -> &Vec<f64>| (median(f(&console).clone()), median(f(&baseline).clone()));
    let pair = |p: (f64, f64), name: &str, goal: &str| row(name, p.0, p.1, goal);
    pair(both(|s| &s.first_rows), "data arrived -> first rows painted", "<=150ms");
    pair(both(|s| &s.filter), "one keystroke in search -> painted", "<=16ms");
    pair(both(|s| &s.filter_update), "  of which script (update the DOM)", "");
    pair(both(|s| &s.sort), "sort click -> painted", "<=50ms");
    pair(both(|s| &s.sort_update), "  of which script (update the DOM)", "");
    let frames = |s: &Samples, p| percentile(s.frames.clone(), p);
    row("scrolling: median frame", frames(&console, 0.5), frames(&baseline, 0.5), "<=20ms");
    row("scrolling: 95th percentile frame", frames(&console, 0.95), frames(&baseline, 0.95), "");
    let fps = |s: &Samples| 1000.0 * s.frames.len() as f64 / s.frames.iter().sum::<f64>().max(1.0);
    println!(
        "{:<34} {:>7.1}fps {:>7.1}fps {:>6.2}x {:>10}",
        "scrolling: frames a second",
        fps(&console),
        fps(&baseline),
        fps(&console) / fps(&baseline),
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
