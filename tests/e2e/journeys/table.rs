//! Sorting, searching and filtering, kept in the URL so a link (or a
//! reload) reproduces the view.

use crate::harness::*;
use backup_sim::config::SimConfig;

#[tokio::test(flavor = "multi_thread")]
async fn sort_search_and_filter_live_in_the_url() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    b.wait_statuses_known(12, 30).await;

    // Sorted by name by default; a heading click sorts, a second flips.
    let by_name = b.names().await;
    let mut sorted = by_name.clone();
    sorted.sort_by_key(|n| n.to_lowercase());
    assert_eq!(by_name, sorted);
    b.click("Agent ID").await;
    b.wait("sorted by id", 10, || async { b.url().await.contains("sort=id").then_some(()) }).await;
    b.click("Agent ID").await;
    b.wait("sorted by id descending", 10, || async { b.url().await.contains("dir=desc").then_some(()) }).await;
    let ids: Vec<u64> = b.rows().await.iter().map(|r| r.0.parse().unwrap_or(0)).collect();
    let mut desc = ids.clone();
    desc.sort_by(|a, c| c.cmp(a));
    assert_eq!(ids, desc, "descending by agent ID");

    // "/" focuses search; typing filters and lands in the URL.
    b.find("h1").await.click().await.expect("click heading");
    b.js("document.activeElement && document.activeElement.blur()", vec![]).await;
    b.find("body").await.send_keys("/").await.expect("slash");
    let focused =
        b.js("return document.activeElement && document.activeElement.getAttribute('aria-label')", vec![]).await;
    assert_eq!(focused, "Search agents", "'/' focuses search");
    b.find(r#"input[aria-label="Search agents"]"#).await.send_keys("web").await.expect("type");
    b.wait("search in the URL", 10, || async { b.url().await.contains("q=web").then_some(()) }).await;
    let shown = b.names().await;
    assert!(!shown.is_empty() && shown.iter().all(|n| n.to_lowercase().contains("web")), "{shown:?}");

    // A status filter narrows further; the URL reproduces the view on reload.
    b.click("Online").await;
    b.wait("status filter in the URL", 10, || async { b.url().await.contains("status=online").then_some(()) }).await;
    let rows = b.rows().await;
    assert!(rows.iter().all(|r| r.1 == "online"), "{rows:?}");
    // A reload (or the link opened elsewhere) asks to sign in, then shows
    // the same view: the token lives in memory only.
    let url = b.url().await;
    b.goto(&url).await;
    fill_token_form(&b).await;
    assert_eq!(b.url().await, url);
    let again = b
        .wait("the same rows after reload", 30, || async {
            let r = b.rows().await;
            (r.len() == rows.len() && r.iter().all(|x| x.1 == "online")).then_some(r)
        })
        .await;
    assert_eq!(again.iter().map(|r| &r.0).collect::<Vec<_>>(), rows.iter().map(|r| &r.0).collect::<Vec<_>>());
    assert_eq!(b.field("Search agents").await.prop("value").await.ok().flatten().as_deref(), Some("web"));
    b.screenshot("05-filtered-sorted").await;

    // An agent opens in place (no reload: no sign-in asked), and Back
    // returns to the same filtered view; Forward to the agent again.
    let first = again[0].0.clone();
    open_agent(&b, &serde_json::Value::from(first.parse::<u64>().unwrap_or_default())).await;
    b.wait("the agent's page", 10, || async { b.url().await.ends_with(&format!("/agents/{first}")).then_some(()) })
        .await;
    b.wait_text("All agents", 10).await;
    assert!(b.css(r#"input[aria-label="Token"]"#).await.is_empty(), "no reload: still signed in");
    b.js("history.back()", vec![]).await;
    b.wait("back to the filtered table", 10, || async {
        let r = b.rows().await;
        (b.url().await == url && !r.is_empty() && r.iter().all(|x| x.1 == "online")).then_some(())
    })
    .await;
    b.js("history.forward()", vec![]).await;
    b.wait("forward to the agent", 10, || async { b.url().await.ends_with(&format!("/agents/{first}")).then_some(()) })
        .await;
    b.wait_text("All agents", 10).await;
    b.js("history.back()", vec![]).await;
    b.wait("back again", 10, || async { (b.url().await == url).then_some(()) }).await;

    // No backup in N days, then Clear filters brings every agent back.
    b.click("Clear filters").await;
    b.select("No backup in", "30").await;
    b.wait("stale filter in the URL", 10, || async { b.url().await.contains("stale=30").then_some(()) }).await;
    b.click("Clear filters").await;
    b.wait("all agents again", 10, || async { (b.rows().await.len() == 12).then_some(()) }).await;
    b.close().await;
}
