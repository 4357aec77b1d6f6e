//! Hardening: hostile data renders as text and leaves the console working
//! (signed in through an Identity answer with an unreadable expiry), and no
//! secret leaks anywhere after a full journey; Chromium logs no CSP violation.

use crate::harness::*;
use backup_console::domain::text::visible;
use backup_sim::config::SimConfig;
use backup_sim::seed::{
    HOSTILE_ERROR, HOSTILE_FAILING, HOSTILE_HUGE_TEXT, HOSTILE_NAMES, HOSTILE_NULLS, HOSTILE_V1_UNREADABLE,
    HOSTILE_V1_VALUES, HOSTILE_VAULT, HOSTILE_VAULT_AGENT,
};
use serde_json::Value;

/// What the crash banner (src/ui/crash.rs) says, if it is on the page.
async fn crash_banner(b: &Browser) -> Option<String> {
    let v = b.js("const c = document.getElementById('crash-banner'); return c ? c.textContent : null;", vec![]).await;
    v.as_str().map(str::to_string)
}

/// The page is still the console: no crash banner, nothing injected ran.
async fn still_working(b: &Browser, step: &str) {
    assert_eq!(crash_banner(b).await, None, "{step}: the console crashed");
    assert!(!b.body_text().await.contains("hit an internal error"), "{step}: crash text on the page");
    assert_eq!(b.js("return typeof window.__xss", vec![]).await, "undefined", "{step}: injected script ran");
    let injected = b
        .js("return document.querySelectorAll('main img, main script, main svg, main iframe, main b').length", vec![])
        .await;
    assert_eq!(injected, 0, "{step}: markup from the API became elements");
}

/// The seeded agents' (v1 id, name), in the sim's order.
fn world_agents(state: &Value) -> Vec<(String, String)> {
    let agents = state["agents"].as_array().cloned().unwrap_or_default();
    agents.iter().map(|a| (a["id"].to_string(), a["name"].as_str().unwrap_or_default().to_string())).collect()
}

/// The Identity answer's `expires` is `2026-01-01T00:00:00+1é0` (which once
/// stopped the console at sign-in), the v1 list has a hostile value in every
/// field type (one per extra record, plus an all-null and a single-quoted
/// record), and the seeded agents carry markup, bidi overrides, 10 KB and
/// 100 KB strings, an "∞ MB" vault, nulls in every field, and details that
/// fail with markup in the message.
#[tokio::test(flavor = "multi_thread")]
async fn hostile_data_and_an_unreadable_expiry_leave_the_console_working() {
    let sim = Sim::start(SimConfig { hostile: true, time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_key(&b, &sim, "demo", "demo-key").await;
    still_working(&b, "signed in").await;
    let header = b.find("header").await.text().await.unwrap_or_default();
    assert!(header.contains("Token expiry unknown") && header.contains("demo"), "{header}");

    // Every unreadable record is reported, each on its own line naming it.
    b.wait_text(&format!("{HOSTILE_V1_UNREADABLE} agent records from the API could not be read"), 20).await;
    let reported = b
        .js("return Array.from(document.querySelectorAll('.notice details li')).map(li => li.textContent)", vec![])
        .await;
    let reported: Vec<String> = serde_json::from_value(reported).unwrap_or_default();
    assert_eq!(reported.len(), HOSTILE_V1_UNREADABLE, "{reported:#?}");
    for (k, line) in reported.iter().enumerate() {
        // Records 1-12 are the agents; the hostile ones follow in order.
        let record = 13 + k;
        assert!(line.starts_with(&format!("agent list, record {record}")), "line {k}: {line}");
        // It names the field (the key's hex by its own name; a key sent as a
        // string is only said not to be an object).
        let named = match HOSTILE_V1_VALUES.get(k) {
            Some(("PublicKey", v)) if v.starts_with('{') => Some("ModulusHex"),
            Some(("PublicKey", _)) => None,
            Some((field, _)) => Some(*field),
            None => Some("MachineAgentId"),
        };
        if let Some(field) = named {
            assert!(line.contains(&format!("field `{field}`")), "record {record} names {field}: {line}");
        }
    }
    assert!(reported.iter().all(|l| l.chars().count() < 200), "values quoted short: {reported:#?}");

    // Every seeded agent is in the table, with its status; nothing else is.
    let world = world_agents(&sim.state().await);
    let rows = b
        .wait("12 agents with their statuses", 30, || async {
            let rows = b.rows().await;
            let unknown: Vec<&(String, String)> = rows.iter().filter(|r| r.1 == "unknown" || r.1.is_empty()).collect();
            (rows.len() == world.len() && unknown.len() == 1).then_some(rows)
        })
        .await;
    let mut shown_ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let mut want_ids: Vec<&String> = world.iter().map(|a| &a.0).collect();
    shown_ids.sort();
    want_ids.sort();
    assert_eq!(shown_ids, want_ids, "the seeded agents and only they");
    let failing = &world[HOSTILE_FAILING].0;
    assert!(rows.iter().any(|r| &r.0 == failing && r.1 == "unknown"), "only the failing one is unknown: {rows:?}");
    let shown = b.names().await;
    assert!(shown.iter().all(|n| !n.starts_with("unreadable-")), "no unreadable record became a row");
    // Names shown as sent, hidden and direction-changing characters made visible.
    let short: Vec<String> = shown.iter().map(|n| n.chars().take(40).collect()).collect();
    for hostile in HOSTILE_NAMES {
        let expected = visible(hostile);
        assert!(shown.iter().any(|n| *n == expected), "{expected:?} shown: {short:?}");
    }
    assert!(shown.iter().any(|n| n == "[U+202E]exe.lanretni-gpj"), "no right-to-left spoof");
    assert!(shown.iter().any(|n| n.len() > 10_000), "the 10 KB name is shown");
    // The agent whose details fail shows the API's error, markup and all, as text.
    b.wait("the failing agent's error as text", 20, || async {
        let tips = b
            .js(r#"return Array.from(document.querySelectorAll('td[data-status] .badge')).map(b => b.title).join('\n')"#, vec![])
            .await;
        tips.as_str().unwrap_or_default().contains(HOSTILE_ERROR).then_some(())
    })
    .await;
    // The vault size that is not a size is shown, and sorting by size copes.
    let vault_row = format!(r#"tr[data-agent-id="{}"]"#, world[HOSTILE_VAULT_AGENT].0);
    assert!(b.find(&vault_row).await.text().await.unwrap_or_default().contains(HOSTILE_VAULT));
    b.click("Vault size").await;
    b.wait("the table sorted by vault size", 10, || async { url_sort(&b.url().await).then_some(()) }).await;
    assert_eq!(b.rows().await.len(), world.len(), "every agent still listed");
    still_working(&b, "the table").await;
    b.screenshot("18-hostile-data").await;

    // The agent with 100 KB of text opens, and a wake-up brings it online.
    let sleeper = &world[HOSTILE_HUGE_TEXT].0;
    assert!(rows.iter().any(|r| &r.0 == sleeper && r.1 == "offline"), "it sleeps: {rows:?}");
    open_row(&b, sleeper).await;
    b.wait_text("Operating system", 15).await;
    assert!(b.body_text().await.contains(&"Ж".repeat(1_000)), "the 100 KB OS version is shown");
    b.click("Wake up agents").await;
    b.wait_text("Wake-up sent", 10).await;
    b.wait("the woken agent online on its page", 40, || async {
        (!b.css(".page-head .badge.status-online").await.is_empty()).then_some(())
    })
    .await;
    still_working(&b, "after the wake-up").await;
    b.screenshot("18b-hostile-agent-woken").await;

    let console = b.console_messages().await.join("\n");
    assert!(!console.contains("panicked") && !console.contains("Content Security Policy"), "{console}");
    b.close().await;
}

/// The agent whose records are `null` in every field but its ID (and, in
/// details, its status) is listed with its status; it opens from its row as
/// any other agent does, and its page names it somehow.
#[tokio::test(flavor = "multi_thread")]
async fn an_agent_with_null_in_every_field_opens_from_its_row() {
    let sim = Sim::start(SimConfig { hostile: true, time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_key(&b, &sim, "demo", "demo-key").await;
    let id = world_agents(&sim.state().await)[HOSTILE_NULLS].0.clone();
    let link = b.find(&format!(r#"tr[data-agent-id="{id}"] td.name a"#)).await;
    let label = link.text().await.unwrap_or_default();
    assert!(!label.trim().is_empty(), "agent {id}'s row link shows no text, so there is nothing to click");
    link.click().await.expect("open the agent");
    b.wait_text("Status reported by the API", 15).await;
    let heading = b.find("h1").await.text().await.unwrap_or_default();
    assert!(!heading.trim().is_empty(), "the page names agent {id} somehow");
    still_working(&b, "the agent with nulls").await;
    b.close().await;
}

/// The count on a status filter chip (`usize::MAX` when it cannot be read).
async fn chip(b: &Browser, status: &str) -> usize {
    let script = format!(
        "const c = document.querySelector('button.chip.status-{status} .count'); return c ? c.textContent : null;"
    );
    b.js(&script, vec![]).await.as_str().and_then(|s| s.trim().parse().ok()).unwrap_or(usize::MAX)
}

/// Heartbeats name v2 agents; the console matches them to the table's v1
/// agents through the v2 agent list, which with `--hostile` also holds
/// records with one unreadable value each (and an all-null one). Above 100
/// agents statuses come from heartbeats, so those records must not leave
/// the readable agents unmatched.
#[tokio::test(flavor = "multi_thread")]
async fn hostile_v2_records_leave_a_large_tenants_heartbeats_matched_to_agents() {
    let agents = 150;
    let sim = Sim::start(SimConfig { agents, hostile: true, time_scale: 1.0, ..Default::default() }).await;
    let b = Browser::start().await;
    b.goto(&format!("{}/", sim.base)).await;
    b.allow_asking_agents().await;
    fill_token_form(&b).await;
    b.wait("no agent left unknown", 40, || async { (chip(&b, "unknown").await == 0).then_some(()) }).await;
    let state = sim.state().await;
    let list = state["agents"].as_array().cloned().unwrap_or_default();
    // Every online agent but the one whose records are all null (it has no
    // Cloud Server ID to be matched by) answers with a heartbeat.
    let matchable = |(i, a): &(usize, &Value)| *i != HOSTILE_NULLS && a["online"] == true && a["disabled"] == false;
    let online = list.iter().enumerate().filter(matchable).count();
    assert!(online > 50, "{online} online agents");
    b.wait(&format!("{online} agents confirmed online by their heartbeats"), 15, || async {
        (chip(&b, "online").await >= online).then_some(())
    })
    .await;
    still_working(&b, "a large hostile tenant").await;
    b.close().await;
}

/// True when the address sorts the table by vault size.
fn url_sort(url: &str) -> bool {
    url::Url::parse(url).ok().is_some_and(|u| u.query_pairs().any(|(k, v)| k == "sort" && v == "vault"))
}

/// Opens an agent's page from its row, as a user clicks its name.
async fn open_row(b: &Browser, id: &str) {
    b.find(&format!(r#"tr[data-agent-id="{id}"] td.name a"#)).await.click().await.expect("open the agent");
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
