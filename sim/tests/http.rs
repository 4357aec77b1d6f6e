//! backup-sim over real HTTP on a random port: the documented behaviour the
//! console depends on.

use backup_sim::config::SimConfig;
use md5::Digest;
use reqwest::Client;
use serde_json::{json, Value};
use std::time::Duration;

mod common;

use common::{fast, start, Sim};

#[tokio::test]
async fn identity_issues_tokens_with_a_catalog_and_refuses_bad_keys() {
    let sim = start(fast()).await;
    let r = sim.sign_in("demo", "demo-key").await;
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.expect("json");
    let access = &v["access"];
    assert_eq!(access["token"]["tenant"]["id"], "123456");
    assert!(access["token"]["expires"].as_str().unwrap_or_default().ends_with('Z'));
    let eps = access["serviceCatalog"][0]["endpoints"].as_array().cloned().unwrap_or_default();
    assert_eq!(eps.len(), 6);
    assert!(eps[0]["publicURL"].as_str().unwrap_or_default().ends_with("/dfw/v1.0/123456"));
    assert_eq!(access["serviceCatalog"][0]["type"], "rax:backup");
    assert_eq!(sim.sign_in("demo", "nope").await.status(), 401);
    let bad = sim.http.post(format!("{}/v2.0/tokens", sim.base)).body("{not json").send().await.expect("post");
    assert_eq!(bad.status(), 400);
}

#[tokio::test]
async fn the_list_says_offline_and_details_tell_the_truth() {
    let sim = start(fast()).await;
    let (s, list) = sim.get("/dfw/v1.0/123456/user/agents", "demo-token").await;
    assert_eq!(s, 200);
    let list = list.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 12);
    assert!(list.iter().all(|a| a["Status"] == "Offline" && a["TimeOfLastSuccessfulBackup"].is_null()));
    let mut statuses = Vec::new();
    for a in &list {
        let (_, d) = sim.get(&format!("/dfw/v1.0/123456/agent/{}", a["MachineAgentId"]), "demo-token").await;
        statuses.push(d["Status"].as_str().unwrap_or_default().to_string());
    }
    assert!(statuses.contains(&"Online".to_string()) && statuses.contains(&"Offline".to_string()));
}

#[tokio::test]
async fn wake_up_brings_sleeping_agents_online_after_the_scaled_delay() {
    let sim = start(fast()).await;
    let online = |sim: &Sim| {
        let sim_base = sim.base.clone();
        let http = sim.http.clone();
        async move {
            let s: Value =
                http.get(format!("{sim_base}/_sim/state")).send().await.expect("state").json().await.expect("json");
            s["agents"].as_array().map(|a| a.iter().filter(|x| x["online"] == true).count()).unwrap_or(0)
        }
    };
    let before = online(&sim).await;
    let r = sim.post("/dfw/v1.0/123456/user/wakeupagents", "demo-token", Value::Null).await;
    assert_eq!(r.status(), 200);
    assert_eq!(online(&sim).await, before, "not at once: 10-20 s (scaled)");
    tokio::time::sleep(Duration::from_millis(250)).await;
    let after = online(&sim).await;
    assert!(after > before, "sleeping agents woke: {before} -> {after}");
    assert!(after < 12, "agents that are off stay offline");
}

#[tokio::test]
async fn observers_read_but_may_not_write_and_expired_tokens_get_401() {
    let sim = start(fast()).await;
    let v: Value = sim.sign_in("observer", "observer-key").await.json().await.expect("json");
    let token = v["access"]["token"]["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(sim.get("/dfw/v1.0/123456/user/agents", &token).await.0, 200);
    let w = sim.post("/dfw/v1.0/123456/user/wakeupagents", &token, Value::Null).await;
    assert_eq!(w.status(), 403);
    let msg: Value = w.json().await.expect("json");
    assert!(msg["message"].as_str().unwrap_or_default().contains("observer"));
    assert_eq!(sim.get("/dfw/v1.0/999/user/agents", "demo-token").await.0, 403, "wrong tenant");
    assert_eq!(sim.get("/dfw/v1.0/123456/user/agents", "nope").await.0, 401);
    sim.control(json!({"expire_tokens": true})).await;
    assert_eq!(sim.get("/dfw/v1.0/123456/user/agents", &token).await.0, 401);
}

#[tokio::test]
async fn token_ttl_expires_issued_tokens() {
    let sim = start(SimConfig { token_ttl: 1, ..fast() }).await;
    let v: Value = sim.sign_in("demo", "demo-key").await.json().await.expect("json");
    let token = v["access"]["token"]["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(sim.get("/dfw/v1.0/123456/user/agents", &token).await.0, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(sim.get("/dfw/v1.0/123456/user/agents", &token).await.0, 401);
}

#[tokio::test]
async fn faults_503_with_retry_after_latency_and_malformed_answers() {
    let sim = start(SimConfig { fail_rate: 1.0, ..fast() }).await;
    let r = sim.get_raw("/dfw/v1.0/123456/user/agents", "demo-token").await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers().get("retry-after").and_then(|v| v.to_str().ok()), Some("1"));
    sim.control(json!({"clear_faults": true, "latency_ms": 150, "fail": ["GET */user/agents=malformedx1"]})).await;
    let t = std::time::Instant::now();
    let r = sim.get_raw("/dfw/v1.0/123456/user/agents", "demo-token").await;
    assert!(t.elapsed() >= Duration::from_millis(150));
    let text = r.text().await.unwrap_or_default();
    assert!(serde_json::from_str::<Value>(&text).is_err(), "malformed on purpose");
}

#[tokio::test]
async fn cors_preflight_allows_the_auth_header_and_exposes_location() {
    let sim = start(fast()).await;
    let r = sim
        .http
        .request(reqwest::Method::OPTIONS, format!("{}/dfw/v2/123456/agents/x/logfiles", sim.base))
        .header("Origin", "http://127.0.0.1:5000")
        .header("Access-Control-Request-Method", "POST")
        .header("Access-Control-Request-Headers", "x-auth-token")
        .send()
        .await
        .expect("preflight");
    assert!(r.status().is_success());
    let h = r.headers();
    assert_eq!(h.get("access-control-allow-origin").and_then(|v| v.to_str().ok()), Some("http://127.0.0.1:5000"));
    assert!(h
        .get("access-control-allow-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .contains("x-auth-token"));
    let get = sim
        .http
        .get(format!("{}/dfw/v1.0/123456/user/agents", sim.base))
        .header("Origin", "http://x")
        .header("X-Auth-Token", "demo-token")
        .send()
        .await
        .expect("get");
    assert!(get
        .headers()
        .get("access-control-expose-headers")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .contains("location"));
}

#[tokio::test]
async fn event_mode_heartbeats_marker_and_fallback_to_idle() {
    let sim = start(SimConfig { time_scale: 0.002, ..Default::default() }).await;
    let bad = sim.post("/dfw/v2/123456/events", "demo-token", json!({"event": "agent_activate", "mode": "fast"})).await;
    assert_eq!(bad.status(), 400);
    let r = sim.post("/dfw/v2/123456/events", "demo-token", json!({"event": "agent_activate", "mode": "active"})).await;
    assert_eq!(r.status(), 202);
    let (_, page) = sim.get("/dfw/v2/123456/events?sort_dir=asc&limit=1000", "demo-token").await;
    let events = page["events"].as_array().cloned().unwrap_or_default();
    assert!(events.iter().any(|e| e["event"] == "agent_activate" && e["mode"] == "active"));
    let beats = events.iter().filter(|e| e["event"] == "agent_heartbeat").count();
    assert!(beats >= 7, "every awake agent checks in when activated: {beats}");
    let last = events.last().and_then(|e| e["id"].as_str()).unwrap_or_default().to_string();
    let (_, newer) = sim.get(&format!("/dfw/v2/123456/events?marker={last}&sort_dir=asc"), "demo-token").await;
    assert!(newer["events"]
        .as_array()
        .map(|a| a.iter().all(|e| e["id"].as_str().unwrap_or_default() > last.as_str()))
        .unwrap_or(false));
    // 300 s scaled by 0.002 = 0.6 s, then the mode falls back to idle.
    tokio::time::sleep(Duration::from_millis(700)).await;
    let (_, after) = sim.get(&format!("/dfw/v2/123456/events?marker={last}&sort_dir=asc"), "demo-token").await;
    assert!(after["events"]
        .as_array()
        .map(|a| a.iter().any(|e| e["event"] == "agent_activate" && e["mode"] == "idle"))
        .unwrap_or(false));
    assert_eq!(sim.get("/dfw/v2/123456/events?limit=0", "demo-token").await.0, 400);
}

#[tokio::test]
async fn logfile_goes_requested_started_completed_then_downloads() {
    let sim = start(fast()).await;
    let (_, agents) = sim.get("/dfw/v2/123456/agents", "demo-token").await;
    let id = agents["agents"][0]["id"].as_str().unwrap_or_default().to_string();
    let r = sim.post(&format!("/dfw/v2/123456/agents/{id}/logfiles"), "demo-token", Value::Null).await;
    assert_eq!(r.status(), 202);
    let location = r.headers().get("location").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    let body: Value = r.json().await.expect("json");
    assert_eq!(body["state"], "requested");
    assert!(location.ends_with(body["id"].as_str().unwrap_or("?")));
    let path = location.trim_start_matches(&sim.base).to_string();
    let mut seen = Vec::new();
    let mut link = None;
    for _ in 0..100 {
        let (_, lf) = sim.get(&path, "demo-token").await;
        let state = lf["state"].as_str().unwrap_or_default().to_string();
        if seen.last() != Some(&state) {
            seen.push(state.clone());
        }
        if state == "completed" {
            link = lf["links"].as_array().and_then(|l| {
                l.iter().find(|x| x["rel"] == "logfile_temp_url").and_then(|x| x["href"].as_str().map(str::to_string))
            });
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert_eq!(seen.first().map(String::as_str), Some("requested"));
    assert_eq!(seen.last().map(String::as_str), Some("completed"));
    // A gzip object with an MD5 Etag, as Cloud Files serves it.
    let link = link.expect("download link");
    let dl = sim.http.get(&link).send().await.expect("download");
    assert_eq!(dl.status(), 200);
    assert!(dl
        .headers()
        .get("content-disposition")
        .is_some_and(|d| d.to_str().unwrap_or_default().ends_with(".log.gz\"")));
    assert_eq!(dl.headers().get("content-type").and_then(|t| t.to_str().ok()), Some("application/gzip"));
    let etag = dl.headers().get("etag").and_then(|t| t.to_str().ok()).unwrap_or_default().to_string();
    let bytes = dl.bytes().await.expect("bytes");
    let md5: String = md5::Md5::digest(&bytes).iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(etag, md5, "the Etag is the MD5 of the bytes");
    let mut text = String::new();
    std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut text).expect("gzip");
    assert!(text.contains("driveclient"));
    // The plain `logfile` link opens with a valid token, not without one.
    let plain = link.split('?').next().unwrap_or_default().to_string();
    assert_eq!(sim.http.get(&plain).send().await.expect("get").status(), 401);
    let with_token = sim.http.get(&plain).header("X-Auth-Token", "demo-token").send().await.expect("get");
    assert_eq!(with_token.status(), 200);
    let del = sim.http.delete(&location).header("X-Auth-Token", "demo-token").send().await.expect("delete");
    assert_eq!(del.status(), 204);
    assert_eq!(sim.get(&path, "demo-token").await.0, 404);
}

#[tokio::test]
async fn restores_check_the_encrypted_password_and_refuse_invalid_transitions() {
    let sim = start(fast()).await;
    let (_, state) = sim.get("/_sim/state", "").await;
    let agent = state["agents"]
        .as_array()
        .and_then(|a| a.iter().find(|x| x["encrypted"] == true && x["online"] == true).cloned())
        .expect("an online encrypted agent");
    let restore = state["restores"]
        .as_array()
        .and_then(|r| r.iter().find(|x| x["agent"] == agent["id"] && x["state"] == "Creating").cloned())
        .expect("a ready restore");
    let rid = restore["id"].as_u64().unwrap_or(0);
    let (_, details) = sim.get(&format!("/dfw/v1.0/123456/restore/{rid}"), "demo-token").await;
    assert_eq!(details["RestoreStateId"], 0);
    assert_eq!(details["IsEncrypted"], true);
    let act = |body: Value| async {
        sim.post("/dfw/v1.0/123456/restore/action-requested", "demo-token", body).await.status()
    };
    assert_eq!(act(json!({"Action": "StopManual", "Id": rid})).await, 400, "cannot stop what is not running");
    assert_eq!(act(json!({"Action": "StartManual", "Id": rid})).await, 400, "the password is missing");
    let keys = backup_sim::keys::KeyPool::load().expect("keys");
    let world = backup_sim::seed::world(&SimConfig::default()).expect("world");
    let idx = world.agents.iter().position(|a| agent["id"] == a.v1_id).expect("agent");
    let key = keys.get(world.agents[idx].key);
    let start =
        |password: &str| json!({"Action": "StartManual", "Id": rid, "EncryptedPassword": key.encrypt_hex(password)});
    // A wrong password is the agent's to find: the restore starts, then
    // fails with a report that says why.
    assert_eq!(act(start("nope")).await, 204, "a wrong password is accepted by the API");
    let mut failed = Value::Null;
    for _ in 0..100 {
        let (_, d) = sim.get(&format!("/dfw/v1.0/123456/restore/{rid}"), "demo-token").await;
        if d["RestoreStateId"] == 5 {
            failed = sim.get(&format!("/dfw/v1.0/123456/restore/report/{rid}"), "demo-token").await.1;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(failed["State"], "Failed", "{failed}");
    assert_eq!(failed["Reason"], "EncryptionPasswordIncorrect");
    assert!(failed["Diagnostics"].as_str().is_some_and(|d| d.contains("password is not correct")));
    assert_eq!(act(start("demo-passphrase")).await, 204, "a failed restore starts again");
    assert_eq!(act(start("demo-passphrase")).await, 400, "already running");
    let mut last = Value::Null;
    for _ in 0..100 {
        let (_, d) = sim.get(&format!("/dfw/v1.0/123456/restore/{rid}"), "demo-token").await;
        last = d["RestoreStateId"].clone();
        if last == 3 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(last, 3, "completed");
    let (s, report) = sim.get(&format!("/dfw/v1.0/123456/restore/report/{rid}"), "demo-token").await;
    assert_eq!(s, 200);
    assert_eq!(report["State"], "Completed");
    assert_eq!(report["Diagnostics"], "No errors");
}

#[tokio::test]
async fn serves_the_console_with_config_and_deep_link_fallback() {
    let dir = std::env::temp_dir().join(format!("backup-sim-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::write(dir.join("index.html"), "<!doctype html><title>console</title>").expect("index");
    let sim = start(SimConfig { serve: Some(dir.clone()), ..fast() }).await;
    let cfg: Value =
        sim.http.get(format!("{}/config.json", sim.base)).send().await.expect("config").json().await.expect("json");
    assert_eq!(cfg["identity_url"], "/v2.0");
    assert_eq!(cfg["regions"]["DFW"], "/dfw/");
    let deep = sim.http.get(format!("{}/agents/202743", sim.base)).send().await.expect("deep link");
    assert_eq!(deep.status(), 200);
    assert!(deep.text().await.unwrap_or_default().contains("console"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn ten_thousand_agents_list() {
    let sim = start(SimConfig { agents: 10_000, ..fast() }).await;
    let (s, list) = sim.get("/dfw/v1.0/123456/user/agents", "demo-token").await;
    assert_eq!(s, 200);
    assert_eq!(list.as_array().map(Vec::len), Some(10_000));
}

#[tokio::test]
async fn a_region_port_serves_that_region_without_the_prefix() {
    let main = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let dfw = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let dfw_port = dfw.local_addr().expect("addr").port();
    tokio::spawn(backup_sim::serve_with(main, vec![("DFW".into(), dfw)], fast()));
    // The region's own host, read through the same helpers as the main one.
    let region = Sim { base: format!("http://127.0.0.1:{dfw_port}"), http: Client::new() };
    let (status, list) = region.get("/v1.0/123456/user/agents", "demo-token").await;
    assert_eq!(status, 200);
    assert_eq!(list.as_array().map(Vec::len), Some(12));
    let (_, v2) = region.get("/v2/123456/agents?host_machine_id=none", "demo-token").await;
    assert_eq!(v2["agents"].as_array().map(Vec::len), Some(0), "filtered by host");
}

/// The console's files, as the release build leaves them (`x.js` with
/// `x.js.br` and `x.js.gz` beside it), go out as stored to a browser that
/// accepts them, and plain to one that does not; deep links get index.html.
#[tokio::test]
async fn the_console_files_are_sent_precompressed_when_the_browser_accepts_it() {
    let dir = std::env::temp_dir().join(format!("sim-serve-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let files = [("app.js", "plain js"), ("app.js.br", "brotli bytes"), ("app.js.gz", "gzip bytes")];
    for (name, body) in files.iter().chain(&[("index.html", "<html>"), ("index.html.gz", "gzip html")]) {
        std::fs::write(dir.join(name), body).expect("write");
    }
    let sim = start(SimConfig { serve: Some(dir.clone()), ..fast() }).await;
    let get = |path: &str, accept: &str| {
        let r = sim.http.get(format!("{}{path}", sim.base)).header("Accept-Encoding", accept);
        async move {
            let r = r.send().await.expect("GET");
            let encoding = r.headers().get("content-encoding").and_then(|v| v.to_str().ok()).map(str::to_string);
            (encoding, r.text().await.unwrap_or_default())
        }
    };
    assert_eq!(get("/app.js", "gzip, deflate, br").await, (Some("br".into()), "brotli bytes".into()));
    assert_eq!(get("/app.js", "gzip").await, (Some("gzip".into()), "gzip bytes".into()));
    assert_eq!(get("/app.js", "identity").await, (None, "plain js".into()));
    assert_eq!(get("/agents/202743", "gzip").await, (Some("gzip".into()), "gzip html".into()));
    let _ = std::fs::remove_dir_all(&dir);
}
