//! v2 browse requests: 404 until the agent answers, then the folder in
//! pages (a folder of 100,000 files page by page), transient, and a wrong
//! vault password answered as a failure.

mod common;

use backup_sim::config::SimConfig;
use common::{fast, start};
use serde_json::{json, Value};
use std::time::{Duration, Instant};

const P: &str = "/dfw/v2/123456";

#[tokio::test]
async fn a_backup_is_browsed_folder_by_folder_and_100000_files_page_by_page() {
    let sim = start(fast()).await;
    let (_, state) = sim.call("GET", "/_sim/state", "", None, &[]).await;
    let agent = state["agents"]
        .as_array()
        .and_then(|l| l.iter().find(|a| a["online"] == true && a["encrypted"] == false).cloned())
        .expect("agent");
    let v2 = agent["v2_id"].as_str().unwrap_or_default().to_string();
    let (_, backups) =
        sim.call("GET", &format!("{P}/backups?restorable=true&limit=1000"), "demo-token", None, &[]).await;
    let backup = backups["backups"]
        .as_array()
        .and_then(|l| l.iter().find(|b| b["agent"]["id"] == json!(v2)).cloned())
        .expect("a backup of it");
    let id = backup["id"].as_str().unwrap_or_default();
    let (s, location) = sim
        .post_for_location(
            &format!("{P}/backups/{id}/browse-requests"),
            json!({"agent_id": v2, "path": "/", "encrypted_password_hex": null}),
        )
        .await;
    assert_eq!(s, 202);
    assert!(location.contains("/browse-request/"), "the docs' singular Location: {location}");
    let root = sim.answered(&location).await;
    assert_eq!(root["succeeded"], true);
    let names: Vec<&str> =
        root["items"].as_array().map(|l| l.iter().filter_map(|i| i["name"].as_str()).collect()).unwrap_or_default();
    assert_eq!(names, vec!["etc", "home", "srv", "var"]);
    // A folder of 100,000 files, page by page, each page quick.
    let (_, location) = sim
        .post_for_location(
            &format!("{P}/backups/{id}/browse-requests"),
            json!({"agent_id": v2, "path_encoded": "L3Nydi9hcmNoaXZl"}),
        )
        .await;
    let mut page = sim.answered(&location).await;
    assert_eq!(page["total"], 100_000);
    let mut seen = 0;
    let mut slowest = Duration::ZERO;
    for _ in 0..5 {
        let items = page["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(items.len(), 1000);
        seen += items.len();
        let next = page["links"][0]["href"].as_str().expect("a next link").to_string();
        let next_path = next.split_once("/dfw/").map(|(_, p)| format!("/dfw/{p}")).unwrap_or_default();
        let t = Instant::now();
        page = sim.call("GET", &next_path, "demo-token", None, &[]).await.1;
        slowest = slowest.max(t.elapsed());
    }
    assert_eq!(page["items"][0]["name"], format!("file-{:06}.dat", seen + 1));
    assert!(slowest < Duration::from_millis(200), "a page took {slowest:?}");
    let (s, last) = sim.call("GET", &format!("{location}?marker=file-099990.dat"), "demo-token", None, &[]).await;
    assert_eq!(
        (s.as_u16(), last["items"].as_array().map(Vec::len), last["links"].as_array().map(Vec::len)),
        (200, Some(10), Some(0))
    );
    assert_eq!(sim.call("GET", &format!("{location}?limit=0"), "demo-token", None, &[]).await.0, 400);
}

#[tokio::test]
async fn answers_are_transient_offline_agents_never_answer_and_a_wrong_password_fails() {
    // A minute of simulated time passes in 0.6 s.
    let sim = start(SimConfig { time_scale: 0.01, ..fast() }).await;
    let (_, state) = sim.call("GET", "/_sim/state", "", None, &[]).await;
    let agents = state["agents"].as_array().cloned().unwrap_or_default();
    let online = agents.iter().find(|a| a["online"] == true && a["disabled"] == false).expect("online");
    let off = agents.iter().find(|a| a["online"] == false && a["disabled"] == false).expect("offline");
    let id_of = |a: &Value| a["v2_id"].as_str().unwrap_or_default().to_string();
    let (_, location) =
        sim.post_for_location(&format!("{P}/agents/{}/browse-requests", id_of(online)), json!({"path": "/etc"})).await;
    let etc = sim.answered(&location).await;
    assert_eq!(etc["event"], "host_browsed");
    tokio::time::sleep(Duration::from_millis(900)).await;
    assert_eq!(sim.call("GET", &location, "demo-token", None, &[]).await.0, 404, "the answer has gone");
    let (_, location) =
        sim.post_for_location(&format!("{P}/agents/{}/browse-requests", id_of(off)), json!({"path": "/"})).await;
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(sim.call("GET", &location, "demo-token", None, &[]).await.0, 404, "an offline agent does not answer");
    assert_eq!(sim.post_for_location(&format!("{P}/agents/{}/browse-requests", id_of(online)), json!({})).await.0, 400);
    assert_eq!(sim.post_for_location(&format!("{P}/agents/nope/browse-requests"), json!({"path": "/"})).await.0, 404);
    // An encrypted vault: the password is needed, and a wrong one fails.
    let enc = agents.iter().find(|a| a["online"] == true && a["encrypted"] == true).expect("encrypted");
    let (_, backups) =
        sim.call("GET", &format!("{P}/backups?restorable=true&limit=1000"), "demo-token", None, &[]).await;
    let backup = backups["backups"]
        .as_array()
        .and_then(|l| l.iter().find(|b| b["agent"]["id"] == json!(id_of(enc))).cloned())
        .expect("backup");
    let path = format!("{P}/backups/{}/browse-requests", backup["id"].as_str().unwrap_or_default());
    assert_eq!(sim.post_for_location(&path, json!({"agent_id": id_of(enc), "path": "/"})).await.0, 400);
    let world = backup_sim::seed::world(&SimConfig::default()).expect("world");
    let keys = backup_sim::keys::KeyPool::load().expect("keys");
    let i = world.agents.iter().position(|a| a.v2_id == id_of(enc)).expect("agent");
    let wrong = keys.get(world.agents[i].key).encrypt_hex("guess");
    let (_, location) = sim
        .post_for_location(&path, json!({"agent_id": id_of(enc), "path": "/", "encrypted_password_hex": wrong}))
        .await;
    let failed = sim.answered(&location).await;
    assert_eq!(failed["succeeded"], false);
    assert!(failed["reason"].as_str().is_some_and(|r| r.contains("password")));
}
