//! The console's journeys under faults: 30 % of requests answered 503 (with
//! Retry-After) and 300 ms latency. Each journey completes with retries the
//! user can see, and no action reaches the API more often than the user
//! asked for it (a click, or a click on Retry).

use crate::harness::*;
use backup_sim::config::SimConfig;
use serde_json::Value;
use std::collections::HashMap;

/// Clicks `button`, then while `done` does not show, clicks any visible
/// Retry offered for the failure. Returns how many times the action was sent.
async fn act_until(b: &Browser, button: &str, done: &str, timeout_s: u64) -> usize {
    b.click(button).await;
    let mut sent = 1;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(timeout_s);
    loop {
        if b.body_text().await.contains(done) {
            return sent;
        }
        assert!(std::time::Instant::now() < deadline, "\"{done}\" never showed after {sent} tries of {button}");
        let retry = b.js(
            "const r = Array.from(document.querySelectorAll('[role=alert] button')).find(x => x.textContent === 'Retry' && x.offsetParent); if (r) { r.click(); return true; } return false;",
            vec![],
        )
        .await;
        if retry == true {
            sent += 1;
        }
        tokio::time::sleep(std::time::Duration::from_millis(400)).await;
    }
}

/// How many times each write route reached the sim (answered or failed).
async fn writes(sim: &Sim) -> HashMap<String, u64> {
    let stats: Value =
        sim.http.get(format!("{}/_sim/stats", sim.base)).send().await.expect("stats").json().await.expect("json");
    stats["by_route"]
        .as_object()
        .map(|m| {
            m.iter()
                .filter(|(k, _)| k.starts_with("POST") || k.starts_with("DELETE"))
                .map(|(k, v)| (k.clone(), v.as_u64().unwrap_or(0)))
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn under_30_percent_503s_and_300_ms_latency_every_journey_completes() {
    let sim = Sim::start(SimConfig { time_scale: 0.5, fail_rate: 0.3, latency_ms: 300, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    // Statuses: the console retries by itself (back-off on the list, three
    // tries per agent); a user would press Refresh for what is still unknown.
    b.wait("every status known", 120, || async {
        let rows = b.rows().await;
        if rows.len() == 12 && rows.iter().all(|r| r.1 != "unknown") {
            return Some(());
        }
        let _ = b.js("const r = Array.from(document.querySelectorAll('button')).find(x => x.textContent === 'Refresh' && !x.disabled); if (r) r.click(); return true;", vec![]).await;
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        None
    })
    .await;
    b.screenshot("19-under-faults").await;

    let wake = act_until(&b, "Wake up agents", "Wake-up sent", 60).await;
    b.wait_text("Wake-up finished", 60).await;
    b.find(r#"input[name="event-mode"][value="active"]"#).await.click().await.expect("active");
    let mode = act_until(&b, "Set event mode", "Mode last set: Active", 60).await;

    let state = sim.state().await;
    let agent = online_encrypted_agent(&state);
    open_agent(&b, &agent["id"]).await;
    // The page's reads may fail: a user presses Retry until the restore and
    // the log-file panel (which needs the agent's v2 ID) are ready.
    b.wait("the agent page", 60, || async {
        let t = b.body_text().await;
        let log_ready = b
            .js("return Array.from(document.querySelectorAll('button')).some(x => x.textContent === 'Request log' && !x.disabled)", vec![])
            .await;
        if t.contains("Ready to start") && log_ready == true {
            return Some(());
        }
        let _ = b.js("const r = Array.from(document.querySelectorAll('[role=alert] button')).find(x => x.textContent === 'Retry'); if (r) r.click(); return true;", vec![]).await;
        None
    })
    .await;
    let log = act_until(&b, "Request log", "Log request", 60).await;
    b.wait_text("Download log file", 60).await;
    b.type_into("Encryption password", "demo-passphrase").await;
    let start = act_until(&b, "Start restore", "Restoring", 90).await;

    // Every write the API received was sent once per click (the first, or a
    // Retry), and each send is in the action log: compare the two.
    b.click("Action log").await;
    let actions: Vec<String> = serde_json::from_value(
        b.js(r#"return Array.from(document.querySelectorAll('table[aria-label="Action log"] tbody tr')).map(tr => tr.children[4].textContent);"#, vec![])
            .await,
    )
    .unwrap_or_default();
    let logged = |prefix: &str| actions.iter().filter(|a| a.starts_with(prefix)).count();
    let sent = writes(&sim).await;
    let received =
        |suffix: &str| sent.iter().filter(|(k, _)| k.ends_with(suffix)).map(|(_, v)| *v).sum::<u64>() as usize;
    assert_eq!(received("/user/wakeupagents"), logged("Wake up agents"), "wake-ups: {sent:?} {actions:?}");
    // The test clicks every Retry it sees (some belong to other panels), so
    // its count is an upper bound: never more sends than clicks.
    assert!((1..=wake).contains(&logged("Wake up agents")), "at most one send per click");
    // A Retry of Start reads the restore first (the lost attempt may have
    // started it): an attempt whose read failed is logged but sent nothing.
    let starts = received("/restore/action-requested");
    assert!((1..=logged("Start restore")).contains(&starts), "restore starts: {sent:?} {actions:?}");
    assert!((1..=start).contains(&logged("Start restore")));
    assert_eq!(received("/logfiles"), logged("Request log"), "log requests: {sent:?} {actions:?}");
    assert!((1..=log).contains(&logged("Request log")));
    assert_eq!(
        received("/events"),
        logged("Event mode"),
        "event mode posts (the user's and the status check's): {sent:?} {actions:?}"
    );
    // As above, the clicks (with every Retry seen) bound the sends from
    // above: a Retry of another panel's error counts as a click too.
    assert!((1..=mode).contains(&logged("Event mode: Active")), "event mode: {mode} clicks, {actions:?}");
    b.close().await;
}
