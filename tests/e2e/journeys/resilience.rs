//! Token expiry mid-session, and a burst of 503s.

use crate::harness::*;
use backup_sim::config::SimConfig;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_token_brings_sign_in_back_over_the_page_and_the_action_carries_on() {
    let (sim, b, url) = signed_in_on_the_online_filter().await;

    expire_then_wake_up(&b, &sim).await;
    b.screenshot("13-reauth-dialog").await;
    assert_eq!(b.url().await, url, "the page stays where it was");
    b.type_into("API key", "demo-key").await;
    b.click("Sign in").await;
    // The interrupted wake-up carries on with the new token.
    b.wait_text("Wake-up sent", 15).await;
    assert_eq!(b.url().await, url, "still the same page and filter");
    assert!(b.rows().await.iter().all(|r| r.1 == "online" || r.1 == "waking"));
    b.close().await;
}

/// Signing in again with a token the API refuses keeps the page: the dialog
/// comes back (only a first sign-in goes back to the sign-in page), and a
/// good token then carries the interrupted action on.
#[tokio::test(flavor = "multi_thread")]
async fn a_refused_token_over_the_page_brings_the_dialog_back_and_keeps_the_page() {
    let (sim, b, url) = signed_in_on_the_online_filter().await;
    expire_then_wake_up(&b, &sim).await;
    b.click("Token").await;
    b.type_into("Token", "not-a-token").await;
    b.click("Sign in").await;
    // The replayed wake-up is refused: the dialog is back over the same page.
    b.wait("the dialog back after the refused token", 20, || async {
        let open = b.js("return !!document.querySelector('dialog[open]') && !!document.querySelector('table[aria-label=Agents]')", vec![]).await;
        (open == true && b.value("Token").await.is_empty()).then_some(())
    })
    .await;
    assert_eq!(b.url().await, url, "the page stays where it was");
    let answer: serde_json::Value = sim
        .http
        .post(format!("{}/v2.0/tokens", sim.base))
        .json(&json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {"username": "demo", "apiKey": "demo-key"}}}))
        .send()
        .await
        .expect("Identity")
        .json()
        .await
        .expect("JSON");
    let token = answer["access"]["token"]["id"].as_str().expect("a token").to_string();
    b.type_into("Token", &token).await;
    b.click("Sign in").await;
    b.wait_text("Wake-up sent", 15).await;
    assert_eq!(b.url().await, url, "still the same page and filter");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_503_burst_is_survived_with_a_visible_notice() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    b.wait_statuses_known(12, 30).await;
    sim.control(json!({"fail": ["GET */user/agents=503x2"]})).await;
    b.click("Refresh").await;
    b.wait_text("Retrying automatically", 15).await;
    assert!(b.alerts().await.contains("busy"), "the 503 is explained where it happened");
    assert_eq!(b.rows().await.len(), 12, "the table stays while the API is busy");
    b.screenshot("14-503-notice").await;
    b.wait("the notice to clear after the retries", 40, || async {
        (!b.body_text().await.contains("Retrying automatically")).then_some(())
    })
    .await;
    assert!(b.alerts().await.is_empty(), "no error left: {}", b.alerts().await);
    b.close().await;
}

/// Signing back in to another region than the interrupted action's cancels
/// it, saying so, instead of sending it there (issue 15 point 6).
#[tokio::test(flavor = "multi_thread")]
async fn an_action_interrupted_by_expiry_is_not_replayed_in_another_region() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_key(&b, &sim, "demo", "demo-key").await;
    b.wait_statuses_known(12, 30).await;
    expire_then_wake_up(&b, &sim).await;
    b.find("dialog[open] select").await.select_by_value("ORD").await.expect("choose ORD");
    b.type_into("API key", "demo-key").await;
    b.click("Sign in").await;
    let alert = b.wait_alert("Cancelled", 15).await;
    assert!(alert.contains("tenant 123456 in DFW") && alert.contains("tenant 123456 in ORD"), "{alert}");
    let stats: serde_json::Value =
        sim.http.get(format!("{}/_sim/stats", sim.base)).send().await.expect("stats").json().await.expect("json");
    assert_eq!(stats["by_route"]["POST /ord/v1.0/{t}/user/wakeupagents"], serde_json::Value::Null, "{stats}");
    assert_eq!(stats["by_route"]["POST /dfw/v1.0/{t}/user/wakeupagents"], 1, "only the refused first send: {stats}");

    // Signing out clears the tenant's data: the action log is empty after.
    assert!(b.button("Action log (").await.text().await.unwrap_or_default().contains("(1)"));
    b.click("Sign out").await;
    // (The sim expired every token, the demo token too: sign in with the key.)
    b.click("User name and API key").await;
    b.type_into("User name", "demo").await;
    b.type_into("API key", "demo-key").await;
    b.click("Sign in").await;
    b.find(r#"table[aria-label="Agents"]"#).await;
    assert!(b.button("Action log (").await.text().await.unwrap_or_default().contains("(0)"), "log cleared");
    b.close().await;
}

/// Expires every token, asks for a wake-up, and waits for the sign-in
/// dialog that the 401 brings over the page.
/// Signed in with an API key, every status known, the table filtered to
/// online agents: the page a re-authentication must keep (and its address).
async fn signed_in_on_the_online_filter() -> (Sim, Browser, String) {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_key(&b, &sim, "demo", "demo-key").await;
    b.wait_statuses_known(12, 30).await;
    b.click("Online").await;
    b.wait("filter in the URL", 10, || async { b.url().await.contains("status=online").then_some(()) }).await;
    let url = b.url().await;
    (sim, b, url)
}

async fn expire_then_wake_up(b: &Browser, sim: &Sim) {
    sim.control(json!({"expire_tokens": true})).await;
    b.click("Wake up agents").await;
    b.wait("the sign-in dialog", 15, || async {
        let open = b.js("return !!document.querySelector('dialog[open]')", vec![]).await;
        (open == true).then_some(())
    })
    .await;
}
