//! Every agent action, as a user takes it: wake-up, event mode, a log file
//! request that ends in a download, and an encrypted restore started and
//! stopped.

use crate::harness::*;
use backup_sim::config::SimConfig;
use fantoccini::Locator;

#[tokio::test(flavor = "multi_thread")]
async fn wake_up_moves_agents_from_waking_to_online() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let before = b.wait_statuses_known(12, 30).await;
    let offline: Vec<String> = before.iter().filter(|r| r.1 == "offline").map(|r| r.0.clone()).collect();
    assert!(offline.len() >= 2, "some agents start offline: {before:?}");
    b.click("Wake up agents").await;
    b.wait("agents waking", 10, || async { b.rows().await.iter().any(|r| r.1 == "waking").then_some(()) }).await;
    b.wait_text("Wake-up sent", 5).await;
    b.screenshot("06-waking").await;
    b.wait_text("Wake-up finished", 40).await;
    let after = b.rows().await;
    let woke = after.iter().filter(|r| offline.contains(&r.0) && r.1 == "online").count();
    let still = after.iter().filter(|r| offline.contains(&r.0) && r.1 == "offline").count();
    assert!(woke >= 1, "sleeping agents came online: {after:?}");
    assert!(still >= 1, "a switched-off agent stays offline: {after:?}");
    assert!(b.body_text().await.contains(&format!("{woke} agent")), "the summary counts them");
    b.screenshot("07-wake-summary").await;
    b.click("Action log").await;
    let log = b.find(r#"table[aria-label="Action log"]"#).await.text().await.unwrap_or_default();
    assert!(log.contains("Wake up agents") && log.contains("123456") && log.contains("DFW"), "{log}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn event_mode_is_set_and_the_feed_shows_heartbeats() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let before = b.wait_statuses_known(12, 30).await;
    b.find(r#"input[name="event-mode"][value="active"]"#).await.click().await.expect("choose active");
    b.click("Set event mode").await;
    b.wait_text("Mode last set: Active", 15).await;
    // Only a wake-up wakes: offline agents are not shown "waking" now.
    let offline: Vec<String> = before.iter().filter(|r| r.1 == "offline").map(|r| r.0.clone()).collect();
    let after = b.rows().await;
    let waking: Vec<&(String, String)> = after.iter().filter(|r| offline.contains(&r.0) && r.1 == "waking").collect();
    assert!(!offline.is_empty() && waking.is_empty(), "offline agents marked waking by an event mode: {waking:?}");
    b.wait_text("Falls back to idle around", 5).await;
    b.wait("heartbeats in the feed", 20, || async {
        let feed = b.client.find(Locator::Css(r#"ol[aria-label="Recent project events"]"#)).await.ok()?;
        feed.text().await.ok().filter(|t| t.contains("agent_heartbeat")).map(|_| ())
    })
    .await;
    assert_eq!(sim.state().await["mode"], "active");
    b.screenshot("08-event-mode").await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_log_request_ends_with_a_working_download_and_can_be_deleted() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let rows = b.wait_statuses_known(12, 30).await;
    let online = rows.iter().find(|r| r.1 == "online").map(|r| r.0.clone()).expect("an online agent");
    b.find(&format!(r#"tr[data-agent-id="{online}"] td.name a"#)).await.click().await.expect("open agent");
    b.wait_text("Log files", 15).await;
    b.click("Request log").await;
    b.wait_text("Requested", 10).await;
    let link = b.button("Download log file").await;
    let href = link.attr("href").await.ok().flatten().expect("a download link");
    b.screenshot("09-log-ready").await;
    // A gzip object, as Cloud Files serves it.
    let bytes = sim.http.get(&href).send().await.expect("download").bytes().await.unwrap_or_default();
    let mut text = String::new();
    let _ = std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text);
    assert!(text.contains("driveclient"), "the log downloads: {text:.80}");
    b.wait("the log in the list", 10, || async { (!b.css("tr[data-logfile-id]").await.is_empty()).then_some(()) })
        .await;
    b.click("Delete").await;
    let focused = b.js("return document.activeElement && document.activeElement.textContent", vec![]).await;
    assert_eq!(focused, "Cancel", "the confirmation focuses Cancel");
    b.click("Delete log file").await;
    b.wait_text("No log files for this agent yet.", 10).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_restore_starts_with_the_password_and_stops() {
    let sim = Sim::start(SimConfig { time_scale: 0.5, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    b.wait_statuses_known(12, 30).await;
    let state = sim.state().await;
    let agent = online_encrypted_agent(&state);
    open_agent(&b, &agent["id"]).await;
    b.wait_text("Ready to start", 15).await;
    let heading = b.js("return document.activeElement && document.activeElement.id", vec![]).await;
    assert_eq!(heading, "agent-title", "following the row link focuses the page heading");
    let ready = state["restores"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["agent"] == agent["id"] && x["state"] == "Creating").cloned())
        .expect("a ready restore");
    b.click(&format!("Open restore {}", ready["id"])).await;
    b.wait_text("Ready to start", 10).await;

    // A wrong password is the agent's to find: the restore starts, fails,
    // and its report says the password was wrong, not a generic failure.
    // The field is emptied and the password must be typed again.
    b.type_into("Encryption password", "not-the-password").await;
    b.click("Start restore").await;
    assert_eq!(b.field("Encryption password").await.prop("value").await.ok().flatten().as_deref(), Some(""));
    b.wait("the restore failed", 30, || async {
        let s = b.find(".restore-details").await.attr("data-restore-state").await.ok().flatten()?;
        (s == "Failed").then_some(())
    })
    .await;
    b.wait_text("password is not correct", 15).await;
    b.screenshot("10a-restore-wrong-password").await;

    // Enter in the password field starts the restore.
    b.type_into("Encryption password", "demo-passphrase").await;
    b.field("Encryption password").await.send_keys("\u{E007}").await.expect("Enter");
    b.wait("the restore running", 20, || async {
        let s = b.find(".restore-details").await.attr("data-restore-state").await.ok().flatten()?;
        (s == "Restoring").then_some(())
    })
    .await;
    let focus_id = || async { b.js("return document.activeElement && document.activeElement.id", vec![]).await };
    assert_eq!(focus_id().await, "restore-state", "focus lands on the new state after Start");
    // A whole-backup restore has a total (the backup's files): progress in
    // percent, with the files and the time left (issue 18 point 15).
    b.wait("progress in percent", 20, || async {
        let text = b.find(".restore-details").await.text().await.ok()?;
        (text.contains(" of ") && text.contains('%')).then_some(())
    })
    .await;
    let bar = b.find(r#"progress[aria-label="Restore progress"]"#).await;
    assert_eq!(bar.attr("max").await.ok().flatten().as_deref(), Some("100"), "a determinate bar");
    b.screenshot("10-restore-running").await;
    b.click("Stop restore").await;
    let focused = b.js("return document.activeElement && document.activeElement.textContent", vec![]).await;
    assert_eq!(focused, "Cancel", "the stop confirmation focuses Cancel");
    b.screenshot("11-stop-confirm").await;
    let confirm = b
        .wait("the dialog's Stop button", 10, || async { b.css("dialog[open] button.danger").await.into_iter().next() })
        .await;
    confirm.click().await.expect("confirm stop");
    b.wait("the restore stopped", 20, || async {
        let s = b.find(".restore-details").await.attr("data-restore-state").await.ok().flatten()?;
        (s == "Stopped").then_some(())
    })
    .await;
    assert_eq!(focus_id().await, "restore-state", "focus lands on the state after confirming Stop");
    // Every view of the restore shows its latest state (issue 18 point 2).
    b.wait("the restore list catching up", 20, || async {
        let row = b.find(&format!(r#"table[aria-label="Restores"] tr[data-restore-id="{}"]"#, ready["id"])).await;
        row.text().await.ok().filter(|t| t.contains("Stopped")).map(|_| ())
    })
    .await;
    let after = sim.state().await;
    let r =
        after["restores"].as_array().and_then(|r| r.iter().find(|x| x["id"] == ready["id"]).cloned()).expect("restore");
    assert_eq!(r["state"], "Stopped");
    b.wait_text("Report", 10).await;
    b.screenshot("12-restore-stopped").await;
    b.close().await;
}

/// `/agents/999999` and `/agents/abc`: one clear page naming the tenant,
/// with a way back, and none of an agent's panels (issue 18 point 4).
#[tokio::test(flavor = "multi_thread")]
async fn an_address_that_names_no_agent_gets_one_clear_page() {
    let sim = Sim::start(SimConfig::default()).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    b.wait_statuses_known(12, 30).await;
    for (path, says) in [
        ("/agents/999999", "There is no agent 999999 in tenant 123456 in DFW"),
        ("/agents/abc", "an agent ID is a number"),
    ] {
        b.goto(&format!("{}{path}", sim.base)).await;
        send_token_form(&b).await;
        b.wait_text("No such agent", 15).await;
        let text = b.body_text().await;
        assert!(text.contains(says), "{path}: {text}");
        assert!(
            !text.contains("Loading…") && !text.contains("Log files") && !text.contains("Restores"),
            "{path}: {text}"
        );
        assert_eq!(text.matches(says).count(), 1, "{path}: the error once: {text}");
        b.screenshot(if path.ends_with("abc") { "19-agent-id-invalid" } else { "18-no-such-agent" }).await;
        b.find(".no-such-agent a").await.click().await.expect("back to the agents");
        b.find(r#"table[aria-label="Agents"]"#).await;
    }
    b.close().await;
}
