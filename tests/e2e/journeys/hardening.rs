//! Hardening: hostile data renders as text, and no secret leaks anywhere
//! after a full journey; Chromium logs no CSP violation.

use crate::harness::*;
use backup_console::domain::text::visible;
use backup_sim::config::SimConfig;
use backup_sim::seed::{HOSTILE_ERROR, HOSTILE_NAMES, HOSTILE_V1_UNREADABLE};
use serde_json::Value;

#[tokio::test(flavor = "multi_thread")]
async fn hostile_data_renders_as_text_and_a_bad_record_is_reported() {
    let sim = Sim::start(SimConfig { hostile: true, time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    b.wait_text(&format!("{HOSTILE_V1_UNREADABLE} agent records from the API could not be read"), 20).await;
    b.wait("12 readable agents with their statuses", 30, || async {
        let rows = b.rows().await;
        (rows.len() == 12 && rows.iter().filter(|r| r.1 == "unknown").count() <= 1).then_some(rows)
    })
    .await;
    let shown = b.names().await;
    // Shown as sent, with hidden and direction-changing characters made visible.
    let short: Vec<String> = shown.iter().map(|n| n.chars().take(40).collect()).collect();
    for hostile in HOSTILE_NAMES {
        let expected = visible(hostile);
        assert!(shown.iter().any(|n| *n == expected), "{expected:?} shown: {short:?}");
    }
    assert!(shown.iter().any(|n| n == "[U+202E]exe.lanretni-gpj"), "no right-to-left spoof");
    assert!(shown.iter().any(|n| n.len() > 10_000), "the 10 KB name is shown");
    let injected = b
        .js("return document.querySelectorAll('main img, main script, main svg, main iframe, main b').length", vec![])
        .await;
    assert_eq!(injected, 0, "no markup from the API became elements");
    assert_eq!(b.js("return typeof window.__xss", vec![]).await, "undefined", "nothing executed");
    // The agent whose details fail (after the client's retries) shows the
    // API's error, markup and all, as plain text in its status tooltip.
    b.wait("the failing agent's error as text", 20, || async {
        let tips = b
            .js(r#"return Array.from(document.querySelectorAll('td[data-status] .badge')).map(b => b.title).join('\n')"#, vec![])
            .await;
        tips.as_str().unwrap_or_default().contains(HOSTILE_ERROR).then_some(())
    })
    .await;
    assert!(b.find("header").await.text().await.unwrap_or_default().contains("Sign out"), "the page is intact");
    b.screenshot("18-hostile-data").await;

    // The agent with the 10 KB name and markup in its OS opens fine too.
    b.js(r#"Array.from(document.querySelectorAll('td.name a')).find(a => a.textContent.startsWith('long-')).click(); return true;"#, vec![]).await;
    b.wait_text("Operating system", 15).await;
    assert_eq!(b.js("return typeof window.__xss", vec![]).await, "undefined");
    let heading = b.find("h1").await.text().await.unwrap_or_default();
    assert!(heading.starts_with("long-AAAA"), "{}", &heading[..heading.len().min(40)]);
    assert!(b.console_messages().await.iter().all(|m| !m.contains("Content Security Policy")));
    b.close().await;
}

/// Every string that must never leave the places it is allowed in.
fn leaks<'a>(text: &str, secrets: &'a [String]) -> Vec<&'a str> {
    secrets.iter().filter(|s| !s.is_empty() && text.contains(s.as_str())).map(String::as_str).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn after_a_full_journey_no_secret_is_anywhere_it_should_not_be() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_key(&b, &sim, "demo", "demo-key").await;
    b.wait_statuses_known(12, 30).await;
    // Wake-up, event mode, a log request, an encrypted restore started and stopped.
    b.click("Wake up agents").await;
    b.wait_text("Wake-up sent", 10).await;
    b.find(r#"input[name="event-mode"][value="active"]"#).await.click().await.expect("active");
    b.click("Set event mode").await;
    b.wait_text("Mode last set: Active", 10).await;
    let state = sim.state().await;
    let agent = online_encrypted_agent(&state);
    open_agent(&b, &agent["id"]).await;
    b.wait_text("Ready to start", 15).await;
    b.type_into("Encryption password", "demo-passphrase").await;
    b.click("Start restore").await;
    b.wait("the restore running", 20, || async {
        let s = b.find(".restore-details").await.attr("data-restore-state").await.ok().flatten()?;
        matches!(s.as_str(), "Preparing" | "Restoring").then_some(())
    })
    .await;
    b.click("Stop restore").await;
    b.css("dialog[open] button.danger").await.into_iter().next().expect("confirm").click().await.expect("stop");
    b.click("Request log").await;
    b.wait_text("Log request", 10).await;
    b.click("Action log").await;

    let token = sim.state().await["tokens"]
        .as_array()
        .and_then(|t| t.first().cloned())
        .and_then(|t| t.as_str().map(str::to_string))
        .expect("the issued token");
    let secrets = vec![token.clone(), "demo-key".to_string(), "demo-passphrase".to_string()];

    // The page: address, every URL it fetched, storage, cookies, console.
    let urls = b.js("return [location.href, ...performance.getEntries().map(e => e.name)].join('\\n')", vec![]).await;
    assert_eq!(leaks(urls.as_str().unwrap_or_default(), &secrets), Vec::<&str>::new(), "no secret in any URL");
    let storage = b
        .js(
            "return JSON.stringify({local: {...localStorage}, session: {...sessionStorage}, cookie: document.cookie})",
            vec![],
        )
        .await;
    assert_eq!(storage, r#"{"local":{},"session":{},"cookie":""}"#, "nothing stored without 'remember me'");
    let console = b.console_messages().await.join("\n");
    assert_eq!(leaks(&console, &secrets), Vec::<&str>::new(), "no secret in the console log");
    assert!(!console.contains("Content Security Policy"), "no CSP violation: {console}");
    let log = b.find(r#"table[aria-label="Action log"]"#).await.text().await.unwrap_or_default();
    assert!(log.contains("Start restore") && log.contains("Request log"), "{log}");
    assert_eq!(leaks(&log, &secrets), Vec::<&str>::new(), "no secret in the action log");
    assert_eq!(leaks(&b.body_text().await, &secrets), Vec::<&str>::new(), "no secret on screen");

    // Every request the sim saw: the token only in X-Auth-Token (not recorded),
    // the API key only in the Identity body, the passphrase nowhere.
    let stats: Value =
        sim.http.get(format!("{}/_sim/stats", sim.base)).send().await.expect("stats").json().await.expect("json");
    let requests = stats["recent"].as_array().cloned().unwrap_or_default();
    assert!(requests.len() > 20);
    for r in &requests {
        let identity = r["uri"].as_str().unwrap_or_default().ends_with("/v2.0/tokens");
        let mut seen = format!("{} {}", r["uri"], r["headers"]);
        if !identity {
            seen.push_str(r["body"].as_str().unwrap_or_default());
        }
        assert_eq!(leaks(&seen, &secrets), Vec::<&str>::new(), "a request carried a secret: {r}");
    }
    let started = requests
        .iter()
        .find(|r| r["body"].as_str().unwrap_or_default().contains("StartManual"))
        .expect("the start request");
    let body: Value = serde_json::from_str(started["body"].as_str().unwrap_or_default()).expect("json body");
    assert_eq!(body["EncryptedPassword"].as_str().map(str::len), Some(512), "only the RSA ciphertext was sent");

    // Sign out leaves nothing behind.
    b.click("Sign out").await;
    b.find("form.sign-in").await;
    let after = b.js("return JSON.stringify({local: {...localStorage}, session: {...sessionStorage}})", vec![]).await;
    assert_eq!(after, r#"{"local":{},"session":{}}"#);
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn remember_me_keeps_only_the_token_in_this_tab_until_sign_out() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    b.goto(&format!("{}/", sim.base)).await;
    b.type_into("User name", "demo").await;
    b.type_into("API key", "demo-key").await;
    b.find("form.sign-in input[type=checkbox]").await.click().await.expect("remember");
    b.click("Sign in").await;
    b.wait_statuses_known(12, 30).await;
    let token = sim.state().await["tokens"]
        .as_array()
        .and_then(|t| t.first().cloned())
        .and_then(|t| t.as_str().map(str::to_string))
        .expect("token");
    let stored = b.js("return JSON.stringify({...sessionStorage})", vec![]).await;
    let stored = stored.as_str().unwrap_or_default().to_string();
    assert!(stored.contains(&token), "the token is remembered in this tab");
    assert!(!stored.contains("demo-key"), "the API key is not");
    assert_eq!(b.js("return localStorage.length", vec![]).await, 0);
    // A reload keeps the session (that is what it is for)…
    let url = b.url().await;
    b.goto(&url).await;
    b.find(r#"table[aria-label="Agents"]"#).await;
    // …and signing out forgets it.
    b.click("Sign out").await;
    b.find("form.sign-in").await;
    assert_eq!(b.js("return sessionStorage.length", vec![]).await, 0);
    b.close().await;
}
