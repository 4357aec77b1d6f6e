//! backup-sim's hostile mode and its size and delay faults over real HTTP:
//! what the console's hostile-data journey and browser tests rely on.

use backup_sim::config::SimConfig;
use backup_sim::faults::HUGE_BYTES;
use backup_sim::seed::{
    HOSTILE_ERROR, HOSTILE_EXPIRES, HOSTILE_FAILING, HOSTILE_HUGE_TEXT, HOSTILE_NULLS, HOSTILE_V1_VALUES,
    HOSTILE_V2_VALUES, HOSTILE_VAULT, HOSTILE_VAULT_AGENT,
};
use reqwest::Client;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use std::time::{Duration, Instant};

const TOKEN: &str = "demo-token";
const V1: &str = "/dfw/v1.0/123456";
const V2: &str = "/dfw/v2/123456";
/// How the hostile v1 list ends: one record as the docs print one.
const SINGLE_QUOTED: &str = r#",{"MachineAgentId": 'not-a-number', "MachineName": 'broken'}]"#;

struct Sim {
    base: String,
    http: Client,
}

async fn start(hostile: bool) -> Sim {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(backup_sim::serve_on(listener, SimConfig { hostile, time_scale: 0.01, ..Default::default() }));
    Sim { base: format!("http://127.0.0.1:{port}"), http: Client::new() }
}

impl Sim {
    async fn get(&self, path: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base)).header("X-Auth-Token", TOKEN).send().await.expect("GET")
    }

    async fn json(&self, path: &str) -> Value {
        let r = self.get(path).await;
        assert_eq!(r.status(), 200, "{path}");
        r.json().await.expect("json")
    }

    async fn control(&self, body: Value) {
        let r = self.http.post(format!("{}/_sim/control", self.base)).json(&body).send().await.expect("control");
        assert_eq!(r.status(), 200, "control {body}");
    }
}

/// The fields in which two records differ.
fn differing(a: &Value, b: &Value) -> BTreeSet<String> {
    let (Some(a), Some(b)) = (a.as_object(), b.as_object()) else { panic!("records are objects: {a} {b}") };
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>(), "the same fields");
    a.keys().filter(|k| a[*k] != b[*k]).cloned().collect()
}

fn set(fields: &[&str]) -> BTreeSet<String> {
    fields.iter().map(|f| f.to_string()).collect()
}

/// The v1 list of the hostile sim, with the single-quoted record checked and
/// cut off so the rest parses.
async fn hostile_v1_list(sim: &Sim) -> Vec<Value> {
    let text = sim.get(&format!("{V1}/user/agents")).await.text().await.expect("text");
    assert!(serde_json::from_str::<Value>(&text).is_err(), "the list is not JSON as a whole");
    let head = text.strip_suffix(SINGLE_QUOTED).unwrap_or_else(|| panic!("ends single-quoted: …{}", tail(&text)));
    serde_json::from_str(&format!("{head}]")).expect("the rest is JSON")
}

fn tail(text: &str) -> String {
    text.chars().rev().take(120).collect::<Vec<_>>().into_iter().rev().collect()
}

#[tokio::test]
async fn every_extra_v1_record_holds_exactly_one_hostile_value() {
    let sim = start(true).await;
    let list = hostile_v1_list(&sim).await;
    assert_eq!(list.len(), 12 + HOSTILE_V1_VALUES.len() + 1, "12 agents, the one-value records, the null one");
    let template = &list[0];
    for (k, (field, value)) in HOSTILE_V1_VALUES.iter().enumerate() {
        let r = &list[12 + k];
        let want: Value = serde_json::from_str(value).expect("a JSON constant");
        assert!(!want.is_null(), "{field}: a hostile value, not null");
        assert_eq!(&r[*field], &want, "record {k}");
        let mut own = set(&["MachineAgentId", "MachineName", "HostServerId"]);
        own.insert(field.to_string());
        assert_eq!(differing(template, r), own, "record {k} differs from a real agent only in its own ID and {field}");
    }
    let nulls = list.last().and_then(Value::as_object).expect("the null record");
    assert!(nulls.len() > 15 && nulls.values().all(Value::is_null), "every field null: {nulls:?}");
    // The extra records name agents that do not exist.
    assert_eq!(list[12]["MachineName"], "unreadable-0");
    let extra = &list[12 + 3];
    assert_eq!(extra["MachineAgentId"], 9_900_003);
    assert_eq!(sim.get(&format!("{V1}/agent/9900003")).await.status(), 404);
}

#[tokio::test]
async fn hostile_agents_keep_their_oddities_in_list_and_details() {
    let sim = start(true).await;
    let list = hostile_v1_list(&sim).await;
    let id = |i: usize| list[i]["MachineAgentId"].as_u64().expect("an id");
    // The vault size that is not a size, and 100 KB of text, in both.
    for details in
        [list[HOSTILE_VAULT_AGENT].clone(), sim.json(&format!("{V1}/agent/{}", id(HOSTILE_VAULT_AGENT))).await]
    {
        assert_eq!(details["BackupVaultSize"], HOSTILE_VAULT);
    }
    let huge = sim.json(&format!("{V1}/agent/{}", id(HOSTILE_HUGE_TEXT))).await;
    let os_version = huge["OperatingSystemVersion"].as_str().unwrap_or_default();
    assert!(os_version.len() >= 100 * 1024 && !os_version.is_ascii(), "{} bytes", os_version.len());
    // Nulls in every field but the ID (and, in details, the true status).
    let nulls = &list[HOSTILE_NULLS];
    let kept: Vec<&String> =
        nulls.as_object().expect("object").iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k).collect();
    assert_eq!(kept, ["MachineAgentId"], "list: {nulls}");
    let details = sim.json(&format!("{V1}/agent/{}", id(HOSTILE_NULLS))).await;
    let kept: BTreeSet<String> =
        details.as_object().expect("object").iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k.clone()).collect();
    assert_eq!(kept, set(&["MachineAgentId", "Status"]), "details: {details}");
    assert!(details["Status"] == "Online" || details["Status"] == "Offline");
    // The failing one answers 500 with markup in its message.
    let failing = sim.get(&format!("{V1}/agent/{}", id(HOSTILE_FAILING))).await;
    assert_eq!(failing.status(), 500);
    assert_eq!(failing.json::<Value>().await.expect("json")["message"], HOSTILE_ERROR);
    // The null agent's v2 record is null but for its ID, too.
    let v2 = sim.json(&format!("{V2}/agents")).await;
    let agents = v2["agents"].as_array().cloned().unwrap_or_default();
    let v2_nulls = &agents[HOSTILE_NULLS];
    let kept: Vec<&String> =
        v2_nulls.as_object().expect("object").iter().filter(|(_, v)| !v.is_null()).map(|(k, _)| k).collect();
    assert_eq!(kept, ["id"], "v2: {v2_nulls}");
    let one = sim.json(&format!("{V2}/agents/{}", v2_nulls["id"].as_str().unwrap_or_default())).await;
    assert_eq!(&one, v2_nulls, "v2 details as listed");
}

#[tokio::test]
async fn every_extra_v2_record_holds_exactly_one_hostile_value() {
    let sim = start(true).await;
    let v2 = sim.json(&format!("{V2}/agents")).await;
    let agents = v2["agents"].as_array().cloned().unwrap_or_default();
    assert_eq!(agents.len(), 12 + HOSTILE_V2_VALUES.len() + 1);
    let template = &agents[0];
    for (k, (field, value)) in HOSTILE_V2_VALUES.iter().enumerate() {
        let r = &agents[12 + k];
        assert_eq!(r[*field], serde_json::from_str::<Value>(value).expect("a JSON constant"), "record {k}");
        let mut own = set(&["id", "name", "links", "host"]);
        own.insert(field.to_string());
        assert_eq!(differing(template, r), own, "record {k}");
        if *field != "host" {
            let server = r["host"]["machine"]["id"].as_str().unwrap_or_default();
            assert!(server.starts_with("00000000-") && server != template["host"]["machine"]["id"], "{server}");
        }
    }
    assert!(agents.last().and_then(Value::as_object).is_some_and(|r| r.values().all(Value::is_null)));
    // Looking an agent up by its server finds that agent only.
    let host = template["host"]["machine"]["id"].as_str().unwrap_or_default();
    let found = sim.json(&format!("{V2}/agents?host_machine_id={host}")).await;
    assert_eq!(found["agents"].as_array().map(Vec::len), Some(1), "{found}");
}

#[tokio::test]
async fn identity_sends_an_unreadable_expiry_only_when_hostile() {
    for (hostile, want) in [(true, Some(HOSTILE_EXPIRES)), (false, None)] {
        let sim = start(hostile).await;
        let body = json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {"username": "demo", "apiKey": "demo-key"}}});
        let r = sim.http.post(format!("{}/v2.0/tokens", sim.base)).json(&body).send().await.expect("sign in");
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.expect("json");
        let expires = v["access"]["token"]["expires"].as_str().unwrap_or_default().to_string();
        match want {
            Some(w) => assert_eq!(expires, w),
            None => assert!(expires.ends_with('Z') && expires.is_ascii(), "{expires}"),
        }
        // The token works either way.
        let token = v["access"]["token"]["id"].as_str().unwrap_or_default().to_string();
        let list = sim.http.get(format!("{}{V1}/user/agents", sim.base)).header("X-Auth-Token", token).send().await;
        assert_eq!(list.expect("list").status(), 200);
    }
    // Without --hostile the list is plain JSON with the seeded agents only.
    let plain = start(false).await;
    assert_eq!(plain.json(&format!("{V1}/user/agents")).await.as_array().map(Vec::len), Some(12));
    assert_eq!(plain.json(&format!("{V2}/agents")).await["agents"].as_array().map(Vec::len), Some(12));
}

#[tokio::test]
async fn huge_answers_come_with_and_without_a_content_length() {
    let sim = start(false).await;
    sim.control(json!({"fail": ["GET */lon/v1.0/*/user/agents=hugex1", "GET */ord/v1.0/*/user/agents=huge-streamx1"]}))
        .await;
    let declared = sim.get("/lon/v1.0/123456/user/agents").await;
    assert_eq!(declared.status(), 200);
    assert_eq!(declared.content_length(), Some(HUGE_BYTES as u64));
    let body = declared.bytes().await.expect("body");
    assert_eq!(body.len(), HUGE_BYTES);
    const { assert!(HUGE_BYTES > 32 << 20, "over the console's 32 MB") };
    assert_eq!(serde_json::from_slice::<Value>(&body).ok(), Some(json!([])), "valid JSON: only its size is wrong");

    let streamed = sim.get("/ord/v1.0/123456/user/agents").await;
    assert_eq!(streamed.status(), 200);
    let headers = streamed.headers().clone();
    assert!(headers.get("content-length").is_none(), "no length: {headers:?}");
    assert_eq!(headers.get("transfer-encoding").and_then(|v| v.to_str().ok()), Some("chunked"));
    assert_eq!(streamed.bytes().await.expect("body").len(), HUGE_BYTES);

    // Each rule ran out after one answer.
    for region in ["lon", "ord"] {
        assert_eq!(sim.json(&format!("/{region}/v1.0/123456/user/agents")).await.as_array().map(Vec::len), Some(12));
    }
}

#[tokio::test]
async fn a_slow_rule_delays_only_its_path_and_only_as_often_as_asked() {
    let sim = start(false).await;
    sim.control(json!({"fail": ["GET */iad/v1.0/*/user/agents=slow600x1"]})).await;
    let timed = |path: &'static str| {
        let sim = &sim;
        async move {
            let t = Instant::now();
            let r = sim.get(path).await;
            assert_eq!(r.status(), 200, "{path}: answered as usual after the delay");
            t.elapsed()
        }
    };
    assert!(timed("/dfw/v1.0/123456/user/agents").await < Duration::from_millis(400), "other paths are not slowed");
    assert!(timed("/iad/v1.0/123456/user/agents").await >= Duration::from_millis(600), "slowed");
    assert!(timed("/iad/v1.0/123456/user/agents").await < Duration::from_millis(400), "once only");
    // A bad rule is refused, naming it.
    let r = sim.http.post(format!("{}/_sim/control", sim.base)).json(&json!({"fail": ["*=slowish"]})).send().await;
    assert_eq!(r.expect("control").status(), 400);
}
