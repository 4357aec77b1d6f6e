//! Rows keep their identity: while statuses arrive (the table refreshes
//! every batch) and when the sort changes, a row stays the same element, so
//! keyboard focus and anything the row holds survive (issue 16 point 5).

use crate::harness::*;
use backup_sim::config::SimConfig;
use serde_json::Value;

/// Marks every row element with its agent ID in a property no rebuild copies.
const MARK: &str = r#"document.querySelectorAll('table[aria-label="Agents"] tbody tr')
    .forEach(tr => { tr.__probe = tr.getAttribute('data-agent-id'); });"#;

/// How many rows are still the elements that were marked.
const MARKED: &str = r#"return Array.from(document.querySelectorAll('table[aria-label="Agents"] tbody tr'))
    .filter(tr => tr.__probe === tr.getAttribute('data-agent-id')).length;"#;

#[tokio::test(flavor = "multi_thread")]
async fn rows_and_focus_survive_status_refreshes_and_sorting() {
    // Slow answers, so statuses are still arriving after the table shows.
    let sim = Sim::start(SimConfig { time_scale: 0.2, latency_ms: 400, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    b.wait("12 rows", 30, || async { (b.rows().await.len() == 12).then_some(()) }).await;
    b.js(MARK, vec![]).await;
    let unknown_when_marked = b.rows().await.iter().filter(|(_, s)| s == "unknown").count();
    assert!(unknown_when_marked > 0, "statuses were all known before the test could watch them arrive");
    let first = b.rows().await[0].0.clone();
    b.js(&format!(r#"document.querySelector('tr[data-agent-id="{first}"] td.name a').focus();"#), vec![]).await;

    b.wait_statuses_known(12, 60).await;
    assert_eq!(b.js(MARKED, vec![]).await, Value::from(12), "every row is still the element it was");
    let focused = b
        .js("const a = document.activeElement; const tr = a && a.closest('tr'); return tr ? tr.getAttribute('data-agent-id') : null;", vec![])
        .await;
    assert_eq!(focused, Value::from(first.clone()), "the focused row link keeps focus while statuses arrive");

    // A new sort moves the rows; they are not rebuilt. Focus a row that
    // must move: the first whose place differs in agent ID order (the rows
    // before it stay where they are). Sorted from script, as a shortcut
    // would, so the focus stays in the row.
    let by_name: Vec<u64> = b.rows().await.iter().map(|r| r.0.parse().unwrap_or(0)).collect();
    let mut by_id = by_name.clone();
    by_id.sort_unstable();
    let moving = by_id.iter().zip(&by_name).find(|(a, b)| a != b).map(|(a, _)| *a).expect("the order changes");
    b.js(&format!(r#"document.querySelector('tr[data-agent-id="{moving}"] td.name a').focus();"#), vec![]).await;
    b.js(r#"document.querySelector('table[aria-label="Agents"] thead th:nth-child(2) button').click();"#, vec![]).await;
    b.wait("sorted by id", 10, || async { b.url().await.contains("sort=id").then_some(()) }).await;
    let ids: Vec<u64> = b.rows().await.iter().map(|r| r.0.parse().unwrap_or(0)).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    assert_eq!(ids, sorted, "sorted by agent ID");
    assert_eq!(b.js(MARKED, vec![]).await, Value::from(12), "sorting moves rows, it does not rebuild them");
    let focused = b
        .js("const a = document.activeElement; const tr = a && a.closest('tr'); return tr ? tr.getAttribute('data-agent-id') : null;", vec![])
        .await;
    assert_eq!(focused, Value::from(moving.to_string()), "the focused row link keeps focus when its row moves");
    b.close().await;
}

/// Every row's agent ID against what its cells and link say.
const CONSISTENT: &str = r#"return Array.from(document.querySelectorAll('table[aria-label="Agents"] tbody tr'))
    .filter(tr => { const id = tr.getAttribute('data-agent-id');
        return tr.children[1].textContent === id && tr.querySelector('td.name a').getAttribute('href').endsWith('/agents/' + id); })
    .length;"#;

#[tokio::test(flavor = "multi_thread")]
async fn a_sort_that_swaps_the_window_keeps_every_row_true_and_focus_on_its_agent() {
    // More agents than the table renders: a sort brings other agents in.
    let sim = Sim::start(SimConfig { agents: 400, time_scale: 1.0, ..Default::default() }).await;
    let b = Browser::start().await;
    b.goto(&format!("{}/", sim.base)).await;
    b.allow_asking_agents().await;
    fill_token_form(&b).await;
    b.click("Agent ID").await;
    b.wait("sorted by id", 10, || async { b.url().await.contains("sort=id").then_some(()) }).await;
    let before = b.rows().await;
    assert!(before.len() > 20 && before.len() < 400, "a window of the rows is rendered: {}", before.len());
    let (first, second) = (before[0].0.clone(), before[1].0.clone());
    b.js(&format!(r#"document.querySelector('tr[data-agent-id="{second}"] td.name a').focus();"#), vec![]).await;

    // Descending: the lowest IDs leave the window, the highest come in.
    b.click("Agent ID").await;
    b.wait("sorted by id, descending", 10, || async { b.url().await.contains("dir=desc").then_some(()) }).await;
    let after = b.rows().await;
    let ids: Vec<u64> = after.iter().map(|r| r.0.parse().unwrap_or(0)).collect();
    let mut sorted = ids.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(ids, sorted, "sorted by agent ID, descending");
    assert!(!ids.contains(&first.parse().unwrap_or(0)), "the lowest ID left the window");
    assert_eq!(
        b.js(CONSISTENT, vec![]).await,
        Value::from(after.len()),
        "every row's ID cell and link name its own agent"
    );
    let focused = b
        .js("const a = document.activeElement; const tr = a && a.closest('tbody tr'); return tr ? tr.getAttribute('data-agent-id') : null;", vec![])
        .await;
    assert!(
        focused.is_null() || focused.as_str() == Some(second.as_str()),
        "focus never lands on another agent's row: {focused}"
    );
    b.close().await;
}
