//! A restore made but never started is changed through the wizard opened on
//! it: a new folder, overwrite, and one more filter; the update's answer is
//! lost and Retry sends no filter twice; dropping a filter the restore has
//! is refused on its step, with a sentence, and nothing is sent.

use super::wizard::{api_get, choose_restore_point, on_agent_with_a_lost_answer, opened_restore, step, wait_step};
use crate::harness::*;
use serde_json::Value;

/// The restore's filters as the API lists them: (path, Filter).
async fn filters(sim: &Sim, id: &str) -> Vec<(String, u64)> {
    let files = api_get(sim, &format!("restore/files/{id}")).await;
    let mut out: Vec<(String, u64)> = files
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| (f["FilePath"].as_str().unwrap_or_default().to_string(), f["Filter"].as_u64().unwrap_or_default()))
        .collect();
    out.sort();
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_restore_made_but_never_started_is_changed_and_keeps_its_filters() {
    // The first change is made, but its answer is lost (504).
    let (sim, b) = on_agent_with_a_lost_answer("POST */restore").await;
    b.click("New restore").await;
    choose_restore_point(&b).await;
    b.click("Next").await;
    wait_step(&b, "Destination").await;
    b.click("Next").await;
    wait_step(&b, "What to restore").await;
    b.type_into("Include", "/var/www/").await;
    b.click("Next").await;
    wait_step(&b, "Review").await;
    b.click("Create restore").await;
    let id = opened_restore(&b).await;
    assert_eq!(filters(&sim, &id).await, [("/var/www/".to_string(), 1)]);

    // Change it: the wizard opens on it, from the destination, with every
    // choice as the restore has it.
    b.click("Change restore").await;
    wait_step(&b, "Destination").await;
    let title = b.find("#wizard-title").await.text().await.unwrap_or_default();
    assert!(title.starts_with(&format!("Change restore {id} from ")), "{title}");
    assert_eq!(url_param(&b.url().await, "edit").as_deref(), Some(id.as_str()), "the change is in the address");
    let back_disabled = b
        .js("return Array.from(document.querySelectorAll('.wizard-buttons button')).find(x => x.textContent === 'Back').disabled;", vec![])
        .await;
    assert_eq!(back_disabled, true, "its backup is fixed: no step before this one");
    b.type_into("Destination folder", "/srv/changed").await;
    b.find(".wizard input[type=checkbox]").await.click().await.expect("overwrite");
    b.click("Next").await;
    wait_step(&b, "What to restore").await;
    assert_eq!(b.value("Include").await, "/var/www/", "the filter it has");
    b.type_into("Exclude", "/var/www/cache/").await;
    b.click("Next").await;
    wait_step(&b, "Review").await;
    let review = b.find(".wizard .review").await.text().await.unwrap_or_default();
    for says in [
        "into /srv/changed.",
        "Only /var/www/, except /var/www/cache/.",
        "are overwritten",
        "Save changes does not start it",
    ] {
        assert!(review.contains(says), "the review says {says:?}: {review}");
    }
    b.screenshot("30-change-restore").await;
    b.click("Save changes").await;
    // The update was made but its answer lost: the console says so, and
    // Retry sends the whole restore again and only the filters it lacks.
    b.click("Retry").await;
    opened_restore(&b).await;
    let restore: Value = api_get(&sim, &format!("restore/{id}")).await;
    assert_eq!(restore["DestinationPath"], "/srv/changed");
    assert_eq!(restore["OverwriteFiles"], true);
    assert_eq!(
        filters(&sim, &id).await,
        [("/var/www/".to_string(), 1), ("/var/www/cache/".to_string(), 2)],
        "each filter once"
    );

    // A filter it has cannot be taken back: the step says so, and nothing
    // is sent.
    b.click("Change restore").await;
    wait_step(&b, "Destination").await;
    b.type_into("Destination folder", "/elsewhere").await;
    b.click("Next").await;
    wait_step(&b, "What to restore").await;
    b.type_into("Include", "").await;
    b.click("Next").await;
    b.wait("the refusal", 15, || async {
        b.alerts().await.contains("/var/www/ is included by this restore already").then_some(())
    })
    .await;
    assert_eq!(step(&b).await, "What to restore", "the wizard stays on the step");
    assert_eq!(api_get(&sim, &format!("restore/{id}")).await["DestinationPath"], "/srv/changed", "nothing sent");
    assert_eq!(filters(&sim, &id).await.len(), 2);
    b.click("Action log").await;
    b.wait_text(&format!("Change restore {id}"), 10).await;
    b.close().await;
}
