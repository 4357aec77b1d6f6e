//! Every operation of the typed client against backup-sim: success, 401, 403,
//! 404 and 503 (here and in `matrix`), and the transport's edges: no answer,
//! a gateway's 502/504, an answer over 32 MB, a request cancelled (`limits`).

mod limits;
mod matrix;

use backup_console::api::types::ActivityV1;
use backup_console::api::{self, ApiError, Client, Credentials, EventMode, RegionEndpoint, SortDir, Token};
use backup_console::domain::crypto::encrypt_password;
use wasm_bindgen_test::*;

const SIM: &str = match option_env!("SIM_URL") {
    Some(url) => url,
    None => "http://127.0.0.1:18089",
};
const TENANT: &str = "123456";
const PASSPHRASE: &str = "demo-passphrase";

fn endpoint(region: &str, tenant: &str) -> RegionEndpoint {
    RegionEndpoint::from_root(region, &format!("{SIM}/{}", region.to_ascii_lowercase()), tenant)
}

fn admin(region: &str) -> Client {
    Client::new(Token::new("demo-token"), endpoint(region, TENANT))
}

async fn observer(region: &str) -> Client {
    let id = api::authenticate(
        &format!("{SIM}/v2.0"),
        &Credentials::ApiKey { username: "observer".into(), api_key: "observer-key".into() },
    )
    .await
    .unwrap_or_else(|e| panic!("observer sign-in: {}", e.detail()));
    Client::new(id.token, endpoint(region, TENANT))
}

fn bad_token() -> Client {
    Client::new(Token::new("not-a-token"), endpoint("DFW", TENANT))
}

fn other_tenant() -> Client {
    Client::new(Token::new("demo-token"), endpoint("DFW", "999999"))
}

fn no_such_region() -> Client {
    Client::new(Token::new("demo-token"), RegionEndpoint::from_root("XYZ", &format!("{SIM}/xyz"), TENANT))
}

/// Makes the next request whose path matches `pattern` answer 503 (test-only sim route).
async fn fail_next(pattern: &str) {
    sim_rule(&format!("{pattern}=503x1")).await;
}

/// Adds a fault rule in the sim's `--fail` syntax (`[METHOD ]PATTERN=OUTCOME[xCOUNT]`).
async fn sim_rule(rule: &str) {
    let body = serde_json::json!({ "fail": [rule] }).to_string();
    let r = gloo_net::http::Request::post(&format!("{SIM}/_sim/control"))
        .header("Content-Type", "application/json")
        .body(body)
        .expect("control body")
        .send()
        .await
        .expect("control request");
    assert_eq!(r.status(), 200, "sim control took {rule}");
}

fn expect_err<T: std::fmt::Debug>(what: &str, r: Result<T, ApiError>, want: fn(&ApiError) -> bool) {
    match r {
        Err(e) if want(&e) => {}
        other => panic!("{what}: unexpected {other:?}"),
    }
}

fn is_401(e: &ApiError) -> bool {
    *e == ApiError::Unauthorized
}
fn is_403(e: &ApiError) -> bool {
    matches!(e, ApiError::Forbidden { .. })
}
fn is_404(e: &ApiError) -> bool {
    matches!(e, ApiError::NotFound { .. })
}
fn is_503(e: &ApiError) -> bool {
    matches!(e, ApiError::Unavailable { retry_after: Some(1) })
}

async fn first_agents() -> Vec<backup_console::api::types::AgentV1> {
    let listed = admin("DFW").list_agents().await.unwrap_or_else(|e| panic!("list: {}", e.detail()));
    assert!(listed.rejected.is_empty(), "every seeded record decodes: {:?}", listed.rejected);
    listed.items
}

#[wasm_bindgen_test]
async fn identity_api_key_password_and_bad_key() {
    let url = format!("{SIM}/v2.0");
    let id = api::authenticate(&url, &Credentials::ApiKey { username: "demo".into(), api_key: "demo-key".into() })
        .await
        .unwrap_or_else(|e| panic!("sign-in: {}", e.detail()));
    assert_eq!(id.tenant_id, TENANT);
    assert_eq!(id.user_name, "demo");
    assert!(id.roles.iter().any(|r| r == "cloudbackup:admin"));
    assert_eq!(id.regions.len(), 6);
    assert!(id.regions[0].v1_base.ends_with("/dfw/v1.0/123456"), "{}", id.regions[0].v1_base);
    assert!(id.expires_ms.is_some());
    let pw =
        api::authenticate(&url, &Credentials::Password { username: "demo".into(), password: "demo-password".into() })
            .await;
    assert!(pw.is_ok());
    let bad = api::authenticate(&url, &Credentials::ApiKey { username: "demo".into(), api_key: "wrong".into() }).await;
    expect_err("bad key", bad, is_401);
}

#[wasm_bindgen_test]
async fn list_agents_every_path() {
    let agents = first_agents().await;
    assert_eq!(agents.len(), 12);
    assert!(agents.iter().all(|a| a.status == "Offline"), "the list always says Offline");
    assert!(agents.iter().all(|a| a.time_of_last_successful_backup.is_none()));
    expect_err("401", bad_token().list_agents().await, is_401);
    expect_err("403", other_tenant().list_agents().await, is_403);
    expect_err("404", no_such_region().list_agents().await, is_404);
    fail_next("GET */syd/v1.0/*/user/agents").await;
    expect_err("503", admin("SYD").list_agents().await, is_503);
    assert_eq!(admin("SYD").list_agents().await.map(|a| a.items.len()), Ok(12), "one failure only");
}

#[wasm_bindgen_test]
async fn agent_details_every_path() {
    let agents = first_agents().await;
    let mut online = 0;
    for a in &agents {
        let d = admin("DFW").agent_details(a.machine_agent_id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
        assert_eq!(d.machine_agent_id, a.machine_agent_id);
        assert!(d.status == "Online" || d.status == "Offline");
        online += usize::from(d.status == "Online");
    }
    assert!(online > 0 && online < agents.len(), "true statuses differ: {online} online");
    let id = agents[0].machine_agent_id;
    expect_err("401", bad_token().agent_details(id).await, is_401);
    expect_err("403", other_tenant().agent_details(id).await, is_403);
    expect_err("404", admin("DFW").agent_details(1).await, is_404);
    fail_next("GET */syd/v1.0/*/agent/*").await;
    expect_err("503", admin("SYD").agent_details(id).await, is_503);
}

#[wasm_bindgen_test]
async fn wake_up_agents_every_path() {
    assert_eq!(admin("DFW").wake_up_agents().await, Ok(()));
    expect_err("401", bad_token().wake_up_agents().await, is_401);
    expect_err("403 observer", observer("DFW").await.wake_up_agents().await, is_403);
    expect_err("404", no_such_region().wake_up_agents().await, is_404);
    fail_next("POST */syd/v1.0/*/user/wakeupagents").await;
    expect_err("503", admin("SYD").wake_up_agents().await, is_503);
}

#[wasm_bindgen_test]
async fn enable_agent_every_path() {
    let id = first_agents().await[2].machine_agent_id;
    let c = admin("DFW");
    assert_eq!(c.enable_agent(id, false).await, Ok(()));
    assert_eq!(c.agent_details(id).await.map(|a| a.is_disabled), Ok(true));
    assert_eq!(c.enable_agent(id, true).await, Ok(()));
    assert_eq!(c.agent_details(id).await.map(|a| a.is_disabled), Ok(false));
    expect_err("401", bad_token().enable_agent(id, true).await, is_401);
    expect_err("403 observer", observer("DFW").await.enable_agent(id, true).await, is_403);
    expect_err("404", c.enable_agent(1, true).await, is_404);
    fail_next("POST */syd/v1.0/*/agent/enable").await;
    expect_err("503", admin("SYD").enable_agent(id, true).await, is_503);
}

#[wasm_bindgen_test]
async fn activity_every_path() {
    let agents = first_agents().await;
    let all = admin("DFW").user_activity().await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert!(all.iter().any(|a| a.kind == "Backup") && all.iter().any(|a| a.kind == "Restore"));
    let mine =
        admin("DFW").agent_activity(agents[0].machine_agent_id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert!(!mine.is_empty());
    assert!(mine.iter().all(|a| a.source_machine_agent_id == Some(agents[0].machine_agent_id)
        || a.destination_machine_agent_id == Some(agents[0].machine_agent_id)));
    expect_err("401", bad_token().user_activity().await, is_401);
    expect_err("403", other_tenant().agent_activity(agents[0].machine_agent_id).await, is_403);
    expect_err("404", admin("DFW").agent_activity(1).await, is_404);
    expect_err("404 region", no_such_region().user_activity().await, is_404);
    fail_next("GET */syd/v1.0/*/activity").await;
    expect_err("503", admin("SYD").user_activity().await, is_503);
    fail_next("GET */syd/v1.0/*/system/activity/*").await;
    expect_err("503", admin("SYD").agent_activity(agents[0].machine_agent_id).await, is_503);
}

/// The restore ready to start (state Creating) on an agent, from its activity.
fn ready_restore(activity: &[ActivityV1]) -> u64 {
    activity
        .iter()
        .find(|a| a.kind == "Restore" && a.current_state == "Creating")
        .map(|a| a.id)
        .expect("a restore ready to start")
}

async fn wait_for_state(c: &Client, id: u64, done: &[u64]) -> u64 {
    let mut last = None;
    for _ in 0..100 {
        let read = c.restore_details(id).await.map(|r| r.restore_state_id);
        if let Ok(Some(s)) = read {
            if done.contains(&s) {
                return s;
            }
        }
        last = Some(read);
        gloo_timers::future::TimeoutFuture::new(100).await;
    }
    panic!("restore {id} never reached {done:?}; last read: {last:?}");
}

#[wasm_bindgen_test]
async fn encrypted_restore_start_report_and_stop() {
    let agents = first_agents().await;
    let agent = agents.iter().find(|a| a.is_encrypted).expect("an encrypted agent");
    let c = admin("DFW");
    let id =
        ready_restore(&c.agent_activity(agent.machine_agent_id).await.unwrap_or_else(|e| panic!("{}", e.detail())));
    let r = c.restore_details(id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert_eq!(r.restore_state_id, Some(0));
    assert!(r.is_encrypted);
    let key = r.public_key.clone().expect("an encrypted restore names the key to encrypt with");
    let encrypt = |password: &str| {
        encrypt_password(&key.modulus_hex, &key.exponent_hex, password).unwrap_or_else(|e| panic!("encrypt: {e}"))
    };

    // No password: refused with the sim's reason. A wrong one is the
    // agent's to find: the restore starts, then fails with a report that
    // says why.
    let none = c.start_restore(id, None).await;
    expect_err(
        "no password",
        none,
        |e| matches!(e, ApiError::Server { status: 400, message: Some(m) } if m.contains("EncryptedPassword")),
    );
    assert_eq!(c.start_restore(id, Some(encrypt("guess"))).await, Ok(()));
    assert_eq!(wait_for_state(&c, id, &[5]).await, 5, "failed");
    let failed = c.restore_report(id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert_eq!(failed.state, "Failed");
    assert!(failed.diagnostics.contains("password is not correct"), "{}", failed.diagnostics);

    // The observer may not start it; the admin with the right password may.
    let good = encrypt(PASSPHRASE);
    expect_err("403 observer", observer("DFW").await.start_restore(id, Some(good.clone())).await, is_403);
    expect_err("401", bad_token().start_restore(id, Some(good.clone())).await, is_401);
    fail_next("POST */syd/v1.0/*/restore/action-requested").await;
    expect_err("503", admin("SYD").start_restore(id, Some(good.clone())).await, is_503);
    assert_eq!(c.start_restore(id, Some(good)).await, Ok(()));
    let state = wait_for_state(&c, id, &[2, 9]).await;
    assert!(state == 2 || state == 9, "running");
    let report = c.restore_report(id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert_eq!(report.restore_destination_machine_id, Some(agent.machine_agent_id));

    assert_eq!(c.stop_restore(id).await, Ok(()));
    assert_eq!(wait_for_state(&c, id, &[4]).await, 4, "stopped");
    let again = c.stop_restore(id).await;
    expect_err("stop when stopped", again, |e| matches!(e, ApiError::Server { status: 400, .. }));
    expect_err("404 start", c.start_restore(1, None).await, is_404);
    expect_err("404 details", c.restore_details(1).await, is_404);
    expect_err("404 report", c.restore_report(1).await, is_404);
    expect_err("403 details", other_tenant().restore_details(id).await, is_403);
    expect_err("401 report", bad_token().restore_report(id).await, is_401);
    fail_next("GET */syd/v1.0/*/restore/report/*").await;
    expect_err("503 report", admin("SYD").restore_report(id).await, is_503);
    fail_next("GET */syd/v1.0/*/restore/*").await;
    expect_err("503 details", admin("SYD").restore_details(id).await, is_503);
}

#[wasm_bindgen_test]
async fn v2_agents_status_and_events() {
    let c = admin("DFW");
    let agents = c.list_agents_v2().await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert_eq!(agents.len(), 12);
    let v1 = first_agents().await;
    assert!(agents.iter().all(|a| v1.iter().any(|b| b.host_server_id.as_deref() == a.host_machine_id())));
    let s = c.agent_status(&agents[0].id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert!(s.online, "the first seeded agent is awake");
    expect_err("404 status", c.agent_status("no-such-agent").await, is_404);
    expect_err("401 status", bad_token().agent_status(&agents[0].id).await, is_401);
    expect_err("403 list", other_tenant().list_agents_v2().await, is_403);
    fail_next("GET */syd/v2/*/agents").await;
    expect_err("503 list", admin("SYD").list_agents_v2().await, is_503);

    assert_eq!(c.set_event_mode(EventMode::Active).await, Ok(()));
    let page =
        c.project_events(None, Some(1000), Some(SortDir::Asc)).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert!(page.events.iter().any(|e| e.event == "agent_activate" && e.mode.as_deref() == Some("active")));
    assert!(page.events.iter().any(|e| e.event == "agent_heartbeat"));
    // A marker inside the page: the events after it are the page's next ones.
    let number = |id: &str| id.parse::<u64>().unwrap_or_else(|_| panic!("event id `{id}` is a number"));
    let ids: Vec<u64> = page.events.iter().map(|e| number(&e.id)).collect();
    assert!(ids.len() >= 3 && ids.windows(2).all(|w| w[0] < w[1]), "ascending: {ids:?}");
    let marker = page.events[ids.len() / 2].id.clone();
    let newer = c
        .project_events(Some(&marker), Some(10), Some(SortDir::Asc))
        .await
        .unwrap_or_else(|e| panic!("events after {marker}: {}", e.detail()));
    let after: Vec<u64> = newer.events.iter().map(|e| number(&e.id)).collect();
    assert_eq!(after.first(), ids.get(ids.len() / 2 + 1), "starts right after the marker: {after:?}");
    assert!(after.len() <= 10 && after.iter().all(|id| *id > number(&marker)), "{after:?}");
    expect_err("403 observer mode", observer("DFW").await.set_event_mode(EventMode::Idle).await, is_403);
    expect_err("401 events", bad_token().project_events(None, None, None).await, is_401);
    expect_err("404 events", no_such_region().project_events(None, None, None).await, is_404);
    fail_next("POST */syd/v2/*/events").await;
    expect_err("503 mode", admin("SYD").set_event_mode(EventMode::Idle).await, is_503);
}

#[wasm_bindgen_test]
async fn logfile_requested_completed_downloaded_deleted() {
    let c = admin("DFW");
    let agents = c.list_agents_v2().await.unwrap_or_else(|e| panic!("{}", e.detail()));
    let agent = agents.into_iter().next().expect("an agent");
    let req = c.request_logfile(&agent.id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert!(req.location.ends_with(&req.logfile_id), "Location names the log file: {}", req.location);
    assert_eq!(req.logfile.as_ref().map(|l| l.state.as_str()), Some("requested"));
    let mut url = None;
    for _ in 0..100 {
        let lf = c.logfile_details(&agent.id, &req.logfile_id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
        if lf.state == "completed" {
            url = lf.download_url().map(str::to_string);
            break;
        }
        gloo_timers::future::TimeoutFuture::new(100).await;
    }
    let url = url.expect("the log file completes with a download link");
    let download = gloo_net::http::Request::get(&url).send().await.expect("download");
    let etag = download.headers().get("etag").unwrap_or_default();
    let bytes = download.binary().await.expect("its bytes");
    // A gzip object (magic bytes 1f 8b) with its MD5 as the Etag, as Cloud Files serves it.
    assert_eq!(bytes.get(..2), Some(&[0x1f, 0x8b][..]), "a gzip file");
    assert_eq!(etag.len(), 32, "an MD5 Etag the browser may read: {etag:?}");
    let list = c.list_logfiles(&agent.id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    assert!(list.iter().any(|l| l.id == req.logfile_id), "listed: {list:?}");
    expect_err("403 observer request", observer("DFW").await.request_logfile(&agent.id).await, is_403);
    expect_err("403 observer delete", observer("DFW").await.delete_logfile(&agent.id, &req.logfile_id).await, is_403);
    expect_err("401 list", bad_token().list_logfiles(&agent.id).await, is_401);
    fail_next("GET */syd/v2/*/logfiles").await;
    expect_err("503 list", admin("SYD").list_logfiles(&agent.id).await, is_503);
    assert_eq!(c.delete_logfile(&agent.id, &req.logfile_id).await, Ok(()));
    expect_err("404 after delete", c.logfile_details(&agent.id, &req.logfile_id).await, is_404);
    expect_err("404 delete again", c.delete_logfile(&agent.id, &req.logfile_id).await, is_404);
    expect_err("404 request", c.request_logfile("no-such-agent").await, is_404);
}
