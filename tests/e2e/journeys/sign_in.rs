//! Signing in every way (token, user name with API key or password),
//! validation, what a failed sign-in keeps, and the observer's "not allowed".

use crate::harness::*;
use backup_sim::config::SimConfig;
use serde_json::json;

#[tokio::test(flavor = "multi_thread")]
async fn sign_in_with_a_token_shows_every_agent_with_its_true_status() {
    let (sim, b) = open_console(SimConfig { time_scale: 0.2, ..Default::default() }).await;
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
    let (sim, b) = open_console(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    b.type_into("User name", "demo").await;
    b.type_into("API key", "wrong-key").await;
    b.click("Sign in").await;
    b.wait_alert("did not accept that user name and API key", 15).await;
    assert_eq!(b.value("User name").await, "demo", "the form keeps what was typed");
    assert_eq!(b.value("API key").await, "", "but not the secret");
    assert!(b.pressed("User name and API key").await);
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
async fn sign_in_with_a_password_and_a_wrong_password_or_a_503_keeps_all_but_the_password() {
    let (sim, b) = open_console(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    b.click("User name and password").await;
    assert!(b.pressed("User name and password").await && !b.pressed("User name and API key").await);
    let field = b.field("Password").await;
    assert_eq!(field.attr("type").await.ok().flatten().as_deref(), Some("password"));
    assert_eq!(field.attr("autocomplete").await.ok().flatten().as_deref(), Some("current-password"));
    b.type_into("User name", "demo").await;
    b.type_into("Password", "wrong-password").await;
    b.screenshot("05-sign-in-password").await;
    b.click("Sign in").await;
    let alert = b.wait_alert("did not accept that user name and password", 15).await;
    assert!(!alert.contains("wrong-password"), "no secret in the error: {alert}");
    assert!(b.pressed("User name and password").await, "the tab stays");
    assert_eq!(b.value("User name").await, "demo", "the user name stays");
    assert_eq!(b.value("Password").await, "", "the password is not kept");
    b.screenshot("05-sign-in-wrong-password").await;

    // Identity down: the same, with the reason.
    sim.control(json!({"fail": ["POST */tokens=503x1"]})).await;
    b.type_into("Password", "demo-password").await;
    b.click("Sign in").await;
    b.wait_alert("busy or down for maintenance", 15).await;
    assert!(b.pressed("User name and password").await);
    assert_eq!((b.value("User name").await, b.value("Password").await), ("demo".into(), String::new()));

    b.type_into("Password", "demo-password").await;
    b.click("Sign in").await;
    b.find(r#"table[aria-label="Agents"]"#).await;
    let header = b.find("header").await.text().await.unwrap_or_default();
    assert!(header.contains("demo") && header.contains("Token expires in"), "{header}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_token_keeps_the_tab_tenant_and_region_and_empties_the_token() {
    let (_sim, b) = open_console(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    b.select("Region", "IAD").await;
    b.click("Token").await;
    b.type_into("Token", "not-a-token").await;
    b.type_into("Tenant ID", TENANT).await;
    b.click("Sign in").await;
    // The first call answers 401: signed out, back on the sign-in page.
    let alert = b.wait_alert("The token was not accepted", 20).await;
    assert!(!alert.contains("not-a-token"), "no secret in the error: {alert}");
    assert!(b.pressed("Token").await, "the Token tab stays selected");
    assert!(!b.pressed("User name and API key").await);
    assert_eq!(b.value("Tenant ID").await, TENANT);
    assert_eq!(b.value("Region").await, "IAD");
    assert_eq!(b.value("Token").await, "", "the token is not kept");
    b.screenshot("05-sign-in-token-rejected").await;

    b.type_into("Token", "demo-token").await;
    b.click("Sign in").await;
    b.find(r#"table[aria-label="Agents"]"#).await;
    assert!(b.find("header").await.text().await.unwrap_or_default().contains(TENANT));

    // Signing out forgets what was typed.
    b.click("Sign out").await;
    b.find("form.sign-in").await;
    assert!(b.pressed("User name and API key").await);
    assert_eq!(b.value("User name").await, "");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_observer_is_told_clearly_that_it_is_not_allowed() {
    let (_sim, b) = open_console(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    b.click("User name and password").await;
    b.type_into("User name", "observer").await;
    b.type_into("Password", "observer-password").await;
    b.click("Sign in").await;
    assert!(b.find("header").await.text().await.unwrap_or_default().contains("Read-only"));
    // Write actions are visibly unavailable, with the reason beside them.
    assert_write_blocked(&b, "observer").await;
    b.screenshot("04-observer-not-allowed").await;
    let id = b.rows().await[0].0.clone();
    b.go_in_app(&format!("/agents/{id}")).await;
    b.wait_text("Status reported by the API", 15).await;
    b.find("#logfiles-title").await;
    assert_eq!(disabled(&b, "Request log").await, Some(true), "an observer cannot request a log");
    assert_write_blocked(&b, "observer").await;
    b.close().await;
}

/// A token sign-in carries no roles: the first write shows the API's 403,
/// and from then on every write action is unavailable with the reason.
#[tokio::test(flavor = "multi_thread")]
async fn a_token_that_may_only_read_is_learned_from_its_first_403() {
    let (sim, b) = open_console(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let body = serde_json::json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {"username": "observer", "apiKey": "observer-key"}}});
    let answer: serde_json::Value = sim
        .http
        .post(format!("{}/v2.0/tokens", sim.base))
        .json(&body)
        .send()
        .await
        .expect("token")
        .json()
        .await
        .expect("json");
    let token = answer["access"]["token"]["id"].as_str().unwrap_or_default().to_string();
    b.click("Token").await;
    b.type_into("Token", &token).await;
    b.type_into("Tenant ID", TENANT).await;
    b.click("Sign in").await;
    b.find(r#"table[aria-label="Agents"]"#).await;
    assert_eq!(disabled(&b, "Wake up agents").await, Some(false), "nothing says this token may only read yet");
    b.click("Wake up agents").await;
    let alert = b.wait_alert("Not allowed", 15).await;
    assert!(alert.contains("role"), "{alert}");
    assert_write_blocked(&b, "403").await;
    assert!(b.find("header").await.text().await.unwrap_or_default().contains("Read-only"));
    b.close().await;
}

/// Whether the visible button named `name` is disabled (`None`: no such button).
async fn disabled(b: &Browser, name: &str) -> Option<bool> {
    let script = "const n = arguments[0]; const el = Array.from(document.querySelectorAll('button')).find(x => \
                  (x.textContent.includes(n) || (x.getAttribute('aria-label') || '').includes(n)) && x.offsetParent !== null); \
                  return el ? el.disabled : null;";
    b.js(script, vec![serde_json::Value::from(name)]).await.as_bool()
}

/// "Wake up agents" is unavailable and a note on the page gives the reason.
async fn assert_write_blocked(b: &Browser, reason_contains: &str) {
    let note = b
        .wait("the reason writes are unavailable", 15, || async {
            let v = b
                .js("const n = document.querySelector('.write-blocked'); return n ? n.textContent : null;", vec![])
                .await;
            v.as_str().map(str::to_string)
        })
        .await;
    assert!(note.contains(reason_contains), "{note}");
    assert_eq!(disabled(b, "Wake up agents").await, Some(true), "Wake up agents is shown unavailable");
}
