//! The restore wizard: a folder of a backup restored onto another agent with
//! the vault password, every choice in the address (Back walks the steps);
//! a create whose answer is lost is retried without a second restore; an
//! abandoned wizard leaves nothing behind; a restore made but never started
//! is abandoned (deleted) after a confirmation; an observer may look but not
//! create.

use crate::harness::*;
use backup_sim::config::{FailRule, SimConfig};
use serde_json::Value;

/// An online, enabled agent other than `not`.
fn other_online_agent(state: &Value, not: &Value) -> Value {
    state["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["online"] == true && x["disabled"] == false && x["id"] != *not).cloned())
        .expect("a second online agent")
}

/// Restores in the sim's world that write onto agent `id`.
async fn restores_onto(sim: &Sim, id: &Value) -> Vec<Value> {
    sim.state().await["restores"].as_array().into_iter().flatten().filter(|r| r["agent"] == *id).cloned().collect()
}

pub(super) async fn api_get(sim: &Sim, path: &str) -> Value {
    sim.http
        .get(format!("{}/dfw/v1.0/{TENANT}/{path}", sim.base))
        .header("X-Auth-Token", "demo-token")
        .send()
        .await
        .expect("API answer")
        .json()
        .await
        .expect("JSON")
}

/// The wizard's step on screen: its `<legend>`.
pub(super) async fn step(b: &Browser) -> String {
    b.find(".wizard fieldset legend").await.text().await.unwrap_or_default()
}

pub(super) async fn wait_step(b: &Browser, legend: &str) {
    b.wait(&format!("the step \"{legend}\""), 15, || async { (step(b).await == legend).then_some(()) }).await;
}

/// Clicks the wizard's Retry when a read or the create failed (under
/// injected faults).
async fn retry_failed_reads(b: &Browser) {
    b.js(
        "const r = Array.from(document.querySelectorAll('.wizard [role=alert] button')).find(x => x.textContent === 'Retry'); if (r) r.click();",
        vec![],
    )
    .await;
}

/// Chooses the first configuration that has a completed backup, then its
/// newest backup; returns the backup's ID.
pub(super) async fn choose_restore_point(b: &Browser) -> String {
    wait_step(b, "Restore point").await;
    let values = b
        .wait("the configurations", 30, || async {
            retry_failed_reads(b).await;
            let v = b.js("return Array.from(document.querySelectorAll('.wizard select option')).map(o => o.value).filter(v => v);", vec![]).await;
            v.as_array().filter(|a| !a.is_empty()).cloned()
        })
        .await;
    for v in values.iter().filter_map(Value::as_str) {
        // The step is rebuilt when an answer arrives (here under 503s the
        // tenant's list may arrive late): choose until the address has it.
        b.wait("the configuration chosen", 15, || async {
            b.css(".wizard select").await.into_iter().next()?.select_by_value(v).await.ok()?;
            (url_param(&b.url().await, "config").as_deref() == Some(v)).then_some(())
        })
        .await;
        let found = b
            .wait("the restore points or their absence", 30, || async {
                retry_failed_reads(b).await;
                let text = b.find(".wizard fieldset").await.text().await.unwrap_or_default();
                if text.contains("no completed backup") {
                    return Some(false);
                }
                (!b.css(r#".wizard input[name="restore-point"]"#).await.is_empty()).then_some(true)
            })
            .await;
        if found {
            return b
                .wait("the newest backup chosen", 15, || async {
                    let first = b.css(r#".wizard input[name="restore-point"]"#).await.into_iter().next()?;
                    first.click().await.ok()?;
                    url_param(&b.url().await, "backup")
                })
                .await;
        }
    }
    panic!("no configuration of the agent has a completed backup");
}

/// From the agent page to the wizard's review with the first restore point
/// and every other choice left as it is.
async fn to_review(b: &Browser) {
    b.click("New restore").await;
    choose_restore_point(b).await;
    for _ in 0..3 {
        b.click("Next").await;
    }
    wait_step(b, "Review").await;
}

/// The ID of the restore the wizard just made, once it is open and ready
/// to start.
pub(super) async fn opened_restore(b: &Browser) -> String {
    b.wait("the new restore opened", 20, || async {
        let d = b.css(".restore-details").await.into_iter().next()?;
        let id = d.attr("data-restore-id").await.ok().flatten()?;
        (d.attr("data-restore-state").await.ok().flatten()? == "Ready to start").then_some(id)
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn a_folder_of_a_backup_is_restored_onto_another_agent_with_the_vault_password() {
    let sim = Sim::start(SimConfig { time_scale: 0.3, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    b.wait_statuses_known(12, 30).await;
    let state = sim.state().await;
    let source = online_encrypted_agent(&state);
    let target = other_online_agent(&state, &source["id"]);
    let before = restores_onto(&sim, &target["id"]).await.len();
    open_agent(&b, &source["id"]).await;
    b.click("New restore").await;
    let backup = choose_restore_point(&b).await;
    b.screenshot("25-wizard-restore-point").await;
    b.click("Next").await;

    wait_step(&b, "Destination").await;
    let target_id = target["id"].to_string();
    b.wait("the destination chosen", 15, || async {
        b.css(".wizard select").await.into_iter().next()?.select_by_value(&target_id).await.ok()?;
        (url_param(&b.url().await, "to").as_deref() == Some(target_id.as_str())).then_some(())
    })
    .await;
    b.type_into("Destination folder", "/restore/www").await;
    b.find(".wizard input[type=checkbox]").await.click().await.expect("overwrite");
    b.click("Next").await;

    wait_step(&b, "What to restore").await;
    b.type_into("Include", "/var/www/").await;
    b.click("Next").await;
    wait_step(&b, "Review").await;
    let review = b.find(".wizard .review").await.text().await.unwrap_or_default();
    for says in [
        format!("Restores backup {backup}"),
        format!("tenant {TENANT} in DFW"),
        format!("({target_id})"),
        "into /restore/www.".to_string(),
        "Only /var/www/.".to_string(),
        "are overwritten".to_string(),
    ] {
        assert!(review.contains(&says), "the review says {says:?}: {review}");
    }
    b.screenshot("26-wizard-review").await;

    // Every choice is in the address: Back returns to the last step with
    // what was typed, and the review comes back on Forward.
    let url = b.url().await;
    assert_eq!(url_param(&url, "restore").as_deref(), Some("review"));
    assert_eq!(url_param(&url, "to").as_deref(), Some(target_id.as_str()));
    assert_eq!(url_param(&url, "include").as_deref(), Some("/var/www/"));
    b.js("history.back();", vec![]).await;
    wait_step(&b, "What to restore").await;
    assert_eq!(b.value("Include").await, "/var/www/");
    b.js("history.forward();", vec![]).await;
    wait_step(&b, "Review").await;
    let last = b
        .js("const all = document.querySelectorAll('.wizard button'); return all[all.length - 1].textContent;", vec![])
        .await;
    assert_eq!(last, "Create restore", "the wizard's last button");

    b.click("Create restore").await;
    b.wait("the wizard to close", 20, || async { b.css(".wizard").await.is_empty().then_some(()) }).await;
    let id = opened_restore(&b).await;
    let made = restores_onto(&sim, &target["id"]).await;
    assert_eq!(made.len(), before + 1, "one restore made: {made:?}");
    let restore = api_get(&sim, &format!("restore/{id}")).await;
    assert_eq!(restore["DestinationMachineId"], target["id"], "{restore}");
    assert_eq!(restore["DestinationPath"], "/restore/www", "{restore}");
    assert_eq!(restore["OverwriteFiles"], true, "{restore}");
    assert_eq!(restore["BackupId"].to_string(), backup, "{restore}");
    let files = api_get(&sim, &format!("restore/files/{id}")).await;
    let files = files.as_array().cloned().unwrap_or_default();
    assert!(
        files.iter().any(|f| f["FilePath"] == "/var/www/" && f["Filter"] == 1),
        "the folder is included: {files:?}"
    );

    b.type_into("Encryption password", state["passphrase"].as_str().unwrap_or_default()).await;
    b.click("Start restore").await;
    b.wait("the restore to complete", 90, || async {
        let s = b.find(".restore-details").await.attr("data-restore-state").await.ok().flatten()?;
        s.starts_with("Completed").then_some(())
    })
    .await;
    b.wait_text("Report", 20).await;
    b.screenshot("27-wizard-restore-completed").await;
    b.click("Action log").await;
    b.wait_text(&format!("Create restore of backup {backup}"), 10).await;
    b.close().await;
}

/// A sim that loses its first answer to requests matching `rule` (does
/// them, answers 504), signed in, on the page of an online agent with an
/// encrypted vault.
pub(super) async fn on_agent_with_a_lost_answer(rule: &str) -> (Sim, Browser) {
    let sim = Sim::start(SimConfig {
        time_scale: 0.5,
        fail_rules: vec![FailRule::parse(&format!("{rule}=lostx1")).expect("rule")],
        ..Default::default()
    })
    .await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let source = online_encrypted_agent(&sim.state().await);
    open_agent(&b, &source["id"]).await;
    (sim, b)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_create_whose_answer_is_lost_is_retried_without_a_second_restore() {
    let sim = Sim::start(SimConfig {
        time_scale: 0.5,
        fail_rate: 0.3,
        latency_ms: 300,
        fail_rules: vec![FailRule::parse("PUT */restore=lostx1").expect("rule")],
        ..Default::default()
    })
    .await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let state = sim.state().await;
    let source = online_encrypted_agent(&state);
    let before = restores_onto(&sim, &source["id"]).await.len();
    open_agent(&b, &source["id"]).await;
    to_review(&b).await;
    b.click("Create restore").await;
    // The first answer is lost (504) and others may be 503s: Retry until the
    // restore opens. Every retry must take over the restore already made.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
    while !b.css(".wizard").await.is_empty() {
        assert!(std::time::Instant::now() < deadline, "the restore was never created");
        retry_failed_reads(&b).await;
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
    let made = restores_onto(&sim, &source["id"]).await;
    assert_eq!(made.len(), before + 1, "exactly one restore, though the first answer was lost: {made:?}");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_abandoned_wizard_makes_nothing_and_an_observer_cannot_create() {
    let sim = Sim::start(SimConfig { time_scale: 0.5, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_key(&b, &sim, "observer", "observer-key").await;
    let source = online_encrypted_agent(&sim.state().await);
    let before = sim.state().await["restores"].as_array().map(Vec::len);
    open_agent(&b, &source["id"]).await;
    to_review(&b).await;
    let create = b
        .wait("Create restore", 10, || async {
            for el in b.css(".wizard button.primary").await {
                if el.text().await.ok()? == "Create restore" {
                    return Some(el);
                }
            }
            None
        })
        .await;
    assert!(!create.is_enabled().await.unwrap_or(true), "an observer cannot create a restore");
    let why = create.attr("title").await.ok().flatten().unwrap_or_default();
    assert!(!why.is_empty(), "the disabled button says why");
    b.screenshot("28-wizard-observer").await;
    b.click("Cancel").await;
    b.wait("the wizard to close", 10, || async { b.css(".wizard").await.is_empty().then_some(()) }).await;
    assert_eq!(url_param(&b.url().await, "restore"), None, "Cancel leaves the wizard's address");
    assert_eq!(sim.state().await["restores"].as_array().map(Vec::len), before, "nothing was created");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_made_but_never_started_is_abandoned_after_a_confirmation() {
    // The first delete happens but its answer is lost (504).
    let (sim, b) = on_agent_with_a_lost_answer("DELETE */restore/files/*").await;
    // Abandon is offered only while a restore is still "Ready to start".
    to_review(&b).await;
    b.click("Create restore").await;
    let id = opened_restore(&b).await;
    let number: u64 = id.parse().expect("a restore ID is a number");
    let live = |restores: &Value| {
        restores.as_array().into_iter().flatten().any(|r| r["id"].as_u64() == Some(number) && r["deleted"] == false)
    };
    assert!(live(&sim.state().await["restores"]), "restore {id} exists");

    // Cancel first: the dialog names the restore, tenant and region, and
    // has the focus on Cancel; nothing is deleted.
    b.click("Abandon restore").await;
    let said = b.find("dialog[open]").await.text().await.unwrap_or_default();
    for says in [format!("Abandon restore {id}?"), TENANT.to_string(), "DFW".into(), "never started".into()] {
        assert!(said.contains(&says), "the confirmation says {says:?}: {said}");
    }
    let focused = b.js("return document.activeElement ? document.activeElement.textContent : '';", vec![]).await;
    assert_eq!(focused, "Cancel", "Cancel has the focus");
    b.screenshot("29-abandon-restore").await;
    b.find("dialog[open] button:not(.danger)").await.click().await.expect("cancel");
    b.wait("the dialog closed", 10, || async { b.css("dialog[open]").await.is_empty().then_some(()) }).await;
    assert!(live(&sim.state().await["restores"]), "Cancel keeps restore {id}");

    b.click("Abandon restore").await;
    b.find("dialog[open] button.danger").await.click().await.expect("confirm");
    b.wait("the restore deleted", 15, || async { (!live(&sim.state().await["restores"])).then_some(()) }).await;
    // The answer was lost: the console says so and offers Retry, which
    // finds the restore already gone (404) and takes that as done.
    b.click("Retry").await;
    // It leaves the screen and the agent's list of restores.
    b.wait("the restore gone from the page", 15, || async {
        let shown = b.css(&format!(r#".restore-details[data-restore-id="{id}"], tr[data-restore-id="{id}"]"#)).await;
        shown.is_empty().then_some(())
    })
    .await;
    b.click("Action log").await;
    b.wait_text(&format!("Abandon restore {id}"), 10).await;
    b.close().await;
}
