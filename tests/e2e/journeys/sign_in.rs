//! Signing in both ways, validation, and the observer's "not allowed".

use crate::harness::*;
use backup_sim::config::SimConfig;

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_a_token_shows_every_agent_with_its_true_status() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    b.goto(&format!("{}/", sim.base)).await;
    b.screenshot("01-sign-in").await;

    // Specific messages for what is missing, and nothing typed is lost.
    b.click("Token").await;
    b.type_into("Tenant ID", "12 34").await;
    b.click("Sign in").await;
    let alerts = b.wait_alert("need attention", 10).await;
    assert!(b.body_text().await.contains("Enter the token."), "{alerts}");
    assert!(b.body_text().await.contains("A tenant ID has only letters, digits"));
    assert_eq!(b.field("Tenant ID").await.prop("value").await.ok().flatten().as_deref(), Some("12 34"));
    b.screenshot("02-sign-in-validation").await;

    sign_in_token(&b, &sim).await;
    let header = b.find("header").await.text().await.unwrap_or_default();
    assert!(header.contains("123456"), "tenant in the header: {header}");
    assert!(header.contains("token sign-in"), "who in the header: {header}");
    let rows = b.wait_statuses_known(12, 30).await;
    let state = sim.state().await;
    for (id, status) in &rows {
        let agent = state["agents"]
            .as_array()
            .and_then(|a| a.iter().find(|x| x["id"].as_u64().map(|n| n.to_string()).as_deref() == Some(id.as_str())))
            .expect("agent in sim");
        let want = if agent["disabled"] == true {
            "disabled"
        } else if agent["online"] == true {
            "online"
        } else {
            "offline"
        };
        assert_eq!(status, want, "agent {id}");
    }
    assert!(rows.iter().any(|r| r.1 == "online") && rows.iter().any(|r| r.1 == "offline"));
    b.screenshot("03-agents-table").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_through_identity_and_a_wrong_key_is_explained() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    b.goto(&format!("{}/", sim.base)).await;
    b.type_into("User name", "demo").await;
    b.type_into("API key", "wrong-key").await;
    b.click("Sign in").await;
    b.wait_alert("did not accept that user name and API key", 15).await;
    assert_eq!(
        b.field("User name").await.prop("value").await.ok().flatten().as_deref(),
        Some("demo"),
        "the form keeps what was typed"
    );
    sign_in_key(&b, &sim, "demo", "demo-key").await;
    let header = b.find("header").await.text().await.unwrap_or_default();
    assert!(header.contains("demo") && header.contains("Token expires in"), "{header}");
    let regions =
        b.js("return Array.from(document.querySelectorAll('header select option')).map(o => o.value)", vec![]).await;
    assert_eq!(regions.as_array().map(Vec::len), Some(6), "regions from the catalog: {regions}");
    b.wait_statuses_known(12, 30).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_observer_is_told_clearly_that_it_is_not_allowed() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_key(&b, &sim, "observer", "observer-key").await;
    assert!(b.find("header").await.text().await.unwrap_or_default().contains("Read-only"));
    b.click("Wake up agents").await;
    let alert = b.wait_alert("Not allowed", 15).await;
    assert!(alert.contains("role"), "{alert}");
    b.screenshot("04-observer-not-allowed").await;
    b.close().await;
}
