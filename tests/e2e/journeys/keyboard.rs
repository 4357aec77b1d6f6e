//! The console by keyboard alone.

use crate::harness::*;
use backup_sim::config::SimConfig;

/// "Skip to agents" is the first Tab stop and takes focus past the header
/// to the page; on an agent's page it says "Skip to content" and does not
/// reload the console (issue 18 point 12).
#[tokio::test(flavor = "multi_thread")]
async fn the_first_tab_stop_skips_to_the_page() {
    let sim = Sim::start(SimConfig::default()).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let rows = b.wait_statuses_known(12, 30).await;
    let active =
        || async { b.js("const e = document.activeElement; return e ? (e.id || e.textContent) : ''", vec![]).await };
    b.js("document.activeElement && document.activeElement.blur(); window.focus();", vec![]).await;
    b.client.active_element().await.expect("body").send_keys("\u{E004}").await.expect("Tab");
    assert_eq!(active().await, "Skip to agents", "the first Tab stop");
    b.client.active_element().await.expect("link").send_keys("\u{E007}").await.expect("Enter");
    assert_eq!(active().await, "main", "focus moved past the header");

    open_agent(&b, &serde_json::Value::from(rows[0].0.parse::<u64>().unwrap_or_default())).await;
    b.wait_text("Details", 15).await;
    b.find("a.skip-link").await;
    assert_eq!(b.js("return document.querySelector('a.skip-link').textContent", vec![]).await, "Skip to content");
    let url = b.url().await;
    b.js("window.__stayed = true; document.querySelector('a.skip-link').click();", vec![]).await;
    assert_eq!(active().await, "main");
    assert_eq!(b.js("return window.__stayed === true", vec![]).await, true, "no reload");
    assert_eq!(b.url().await, url);
    b.close().await;
}
