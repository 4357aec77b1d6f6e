//! Backups on the agent page: the configurations with their schedule and
//! last run, Back up now followed to its end and its report, disabling a
//! configuration (confirmed, Cancel first), and what an observer sees.

use super::wizard::api_get;
use crate::harness::*;
use backup_sim::config::{FailRule, SimConfig};
use serde_json::Value;

/// An online, enabled agent of the sim's world.
fn online_agent(state: &Value) -> Value {
    state["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["online"] == true && x["disabled"] == false).cloned())
        .expect("an online agent")
}

/// The first configuration row's ID, once the Backups section has them.
async fn first_configuration(b: &Browser) -> String {
    b.wait("the agent's backup configurations", 20, || async {
        let rows = b.css(r#"table[aria-label="Backup configurations"] tr[data-configuration-id]"#).await;
        match rows.first() {
            Some(r) => r.attr("data-configuration-id").await.ok().flatten(),
            None => None,
        }
    })
    .await
}

/// Scrolls the element with `id` to the top, for a screenshot of it.
async fn show(b: &Browser, id: &str) {
    b.js("document.getElementById(arguments[0]).scrollIntoView();", vec![Value::from(id)]).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn back_up_now_runs_to_its_end_and_the_report_says_what_it_did() {
    let sim = Sim::start(SimConfig { time_scale: 0.05, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let agent = online_agent(&sim.state().await);
    open_agent(&b, &agent["id"]).await;
    b.find("#backups-title").await;
    let config = first_configuration(&b).await;
    let row = format!(r#"tr[data-configuration-id="{config}"]"#);
    let text = b.find(&row).await.text().await.unwrap_or_default();
    assert!(
        ["Daily at", "Weekly on", "Every", "Manual only"].iter().any(|w| text.contains(w)),
        "the schedule in words: {text}"
    );
    show(&b, "backups-title").await;
    b.screenshot("20-backups-section").await;
    b.find(&format!("{row} button.primary")).await.click().await.expect("Back up now");
    // Followed live, then to its end.
    b.wait_text("Backup ", 10).await;
    let state = b
        .wait("the backup to end", 60, || async {
            let s = b
                .js("const e = document.getElementById('backup-state'); return e ? e.textContent : null;", vec![])
                .await;
            s.as_str().filter(|s| ["Completed", "Failed"].iter().any(|w| s.starts_with(w))).map(str::to_string)
        })
        .await;
    show(&b, "backups-title").await;
    b.screenshot("21-backup-finished").await;
    let backup = sim
        .http
        .get(format!("{}/dfw/v1.0/{TENANT}/system/activity/{}", sim.base, agent["id"]))
        .header("X-Auth-Token", "demo-token")
        .send()
        .await
        .expect("activity")
        .json::<Value>()
        .await
        .expect("json")
        .as_array()
        .and_then(|l| {
            l.iter()
                .find(|a| a["Type"] == "Backup" && a["ParentId"] == config.parse::<u64>().unwrap_or_default())
                .cloned()
        })
        .expect("the backup in the activity");
    let id = backup["BackupId"].to_string();
    // The backup is in the list with its result, and its report opens.
    b.wait("the backup in the Backups list", 15, || async {
        (!b.css(&format!(r#"table[aria-label="Backups"] tr[data-backup-id="{id}"]"#)).await.is_empty()).then_some(())
    })
    .await;
    b.click(&format!("Report of backup {id}")).await;
    let report = b.find(r#"[aria-label="Backup report"]"#).await;
    b.wait("the report's figures", 10, || async {
        let t = report.text().await.unwrap_or_default();
        (t.contains("backed up of") && t.contains(&state)).then_some(())
    })
    .await;
    if state.starts_with("Completed with errors") {
        assert!(!b.css(r#"table[aria-label="Backup errors"] tbody tr"#).await.is_empty(), "the errors are listed");
    }
    b.js("document.querySelector('[aria-label=\"Backup report\"]').scrollIntoView();", vec![]).await;
    b.screenshot("22-backup-report").await;
    b.click("Action log").await;
    let log = b.find(r#"table[aria-label="Action log"]"#).await.text().await.unwrap_or_default();
    assert!(log.contains("Back up now"), "{log}");
    b.close().await;
}

/// Back up now whose answer is lost (the API started the backup): Retry
/// follows the run that is going instead of starting a second.
#[tokio::test(flavor = "multi_thread")]
async fn back_up_now_whose_answer_is_lost_is_retried_without_a_second_run() {
    let sim = Sim::start(SimConfig {
        time_scale: 0.05,
        fail_rules: vec![FailRule::parse("POST */backup/action-requested=lostx1").expect("rule")],
        ..Default::default()
    })
    .await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let agent = online_agent(&sim.state().await);
    open_agent(&b, &agent["id"]).await;
    let config = first_configuration(&b).await;
    let config_id: u64 = config.parse().expect("a configuration ID");
    let runs = || async {
        let activity = api_get(&sim, &format!("system/activity/{}", agent["id"])).await;
        activity
            .as_array()
            .into_iter()
            .flatten()
            .filter(|a| a["Type"] == "Backup" && a["ParentId"] == config_id)
            .count()
    };
    let before = runs().await;
    let row = format!(r#"tr[data-configuration-id="{config}"]"#);
    b.find(&format!("{row} button.primary")).await.click().await.expect("Back up now");
    b.click("Retry").await;
    b.wait("the run followed", 20, || async {
        let s =
            b.js("const e = document.getElementById('backup-state'); return e ? e.textContent : null;", vec![]).await;
        s.as_str().map(str::to_string)
    })
    .await;
    assert_eq!(runs().await, before + 1, "one run of the configuration, not two");
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn disabling_a_configuration_is_confirmed_first_and_cancel_is_the_default() {
    let sim = Sim::start(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    let b = Browser::start().await;
    sign_in_token(&b, &sim).await;
    let agent = online_agent(&sim.state().await);
    open_agent(&b, &agent["id"]).await;
    let config = first_configuration(&b).await;
    let row = format!(r#"tr[data-configuration-id="{config}"]"#);
    let before = b.find(&row).await.text().await.unwrap_or_default();
    let verb = if before.contains("Disabled") { "Enable" } else { "Disable" };
    b.find(&format!("{row} button:not(.primary)")).await.click().await.expect("switch");
    let dialog = b.find("dialog[open]").await;
    let said = dialog.text().await.unwrap_or_default();
    assert!(said.contains(TENANT) && said.contains("DFW"), "the confirmation names tenant and region: {said}");
    let focused = b.js("return document.activeElement ? document.activeElement.textContent : '';", vec![]).await;
    assert_eq!(focused, "Cancel", "Cancel has the focus");
    b.screenshot("23-disable-configuration").await;
    b.find("dialog[open] button.danger").await.click().await.expect("confirm");
    let after = if verb == "Disable" { "Disabled" } else { "Enabled" };
    b.wait("the configuration switched", 15, || async {
        b.find(&row).await.text().await.ok().filter(|t| t.contains(after) && !t.contains(&before)).map(|_| ())
    })
    .await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_observer_sees_the_backups_and_every_action_says_why_it_is_unavailable() {
    let (sim, b) = open_console(SimConfig { time_scale: 0.2, ..Default::default() }).await;
    b.click("User name and password").await;
    b.type_into("User name", "observer").await;
    b.type_into("Password", "observer-password").await;
    b.click("Sign in").await;
    b.find(r#"table[aria-label="Agents"]"#).await;
    let agent = online_agent(&sim.state().await);
    b.go_in_app(&format!("/agents/{}", agent["id"])).await;
    let config = first_configuration(&b).await;
    let row = format!(r#"tr[data-configuration-id="{config}"]"#);
    for button in b.css(&format!("{row} button")).await {
        assert_eq!(button.is_enabled().await.ok(), Some(false), "a write is unavailable to an observer");
        let why = button.attr("title").await.ok().flatten().unwrap_or_default();
        assert!(why.contains("observer"), "the button says why: {why}");
    }
    show(&b, "backups-title").await;
    b.screenshot("24-backups-observer").await;
    b.close().await;
}
