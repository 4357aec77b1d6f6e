//! Screen sizes (issue 18 point 13): at 390 px (a phone) the agent page fits
//! the screen without clipping values, and on a desktop the agents table's
//! headings and status badges are not cut.

use crate::harness::*;
use backup_sim::config::SimConfig;
use serde_json::Value;

/// Elements whose content is wider than their box (cut or clipped), as
/// "tag.class: text", for the selector given.
const CUT: &str = "return Array.from(document.querySelectorAll(arguments[0]))
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => e.tagName + '.' + e.className + ': ' + e.textContent.trim().slice(0, 40));";

#[tokio::test(flavor = "multi_thread")]
async fn the_agent_page_fits_a_phone_and_the_table_cuts_no_heading_or_badge() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    b.client.set_window_size(1400, 900).await.expect("desktop size");
    sign_in_token(&b, &sim).await;
    b.wait_statuses_known(12, 30).await;
    let cut = b.js(CUT, vec![Value::from("table.agents th, table.agents td[data-status]")]).await;
    assert_eq!(cut, Value::Array(vec![]), "headings or status badges cut at 1400 px");

    b.client.set_window_size(390, 844).await.expect("phone size");
    let id = b.rows().await[0].0.clone();
    b.go_in_app(&format!("/agents/{id}")).await;
    b.wait_text("Status reported by the API", 15).await;
    b.find("#logfiles-title").await;
    let width = b.js("return [document.documentElement.scrollWidth, window.innerWidth];", vec![]).await;
    let (page, screen) = (width[0].as_u64().unwrap_or(u64::MAX), width[1].as_u64().unwrap_or(0));
    b.screenshot("19-agent-page-390px").await;
    let wide = b
        .js(
            "return Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > window.innerWidth \
             && !(e.parentElement && e.parentElement.getBoundingClientRect().right > window.innerWidth)) \
             .map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right));",
            vec![],
        )
        .await;
    assert!(page <= screen, "the agent page is {page} px wide on a {screen} px screen; widest: {wide}");
    let cut = b.js(CUT, vec![Value::from("main dd, main h1, main button")]).await;
    assert_eq!(cut, Value::Array(vec![]), "values clipped at 390 px");
    b.close().await;
}
