//! Both path forms (v1 with or without the account ID, v2 with the project in
//! the path or in `X-Project-Id`), and the role and error order every route
//! shares (401, then 403, then 400, then 404).

mod common;

use common::{fast, start};
use serde_json::{json, Value};

#[tokio::test]
async fn v1_answers_with_and_without_the_account_id_in_the_path() {
    let sim = start(fast()).await;
    let (with, a) = sim.call("GET", "/dfw/v1.0/123456/user/agents", "demo-token", None, &[]).await;
    let (without, b) = sim.call("GET", "/dfw/v1.0/user/agents", "demo-token", None, &[]).await;
    assert_eq!((with.as_u16(), without.as_u16()), (200, 200));
    assert_eq!(a.as_array().map(Vec::len), Some(12));
    assert_eq!(a, b, "the same agents either way");
    let id = a[0]["MachineAgentId"].as_u64().unwrap_or_default();
    let (s, d) = sim.call("GET", &format!("/dfw/v1.0/agent/{id}"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), d["MachineAgentId"].as_u64()), (200, Some(id)));
    assert_eq!(sim.call("GET", "/dfw/v1.0/user/agents", "nope", None, &[]).await.0, 401, "no token, no tenant");
}

#[tokio::test]
async fn v2_takes_the_project_from_the_path_or_from_x_project_id() {
    let sim = start(fast()).await;
    let (s1, a) = sim.call("GET", "/dfw/v2/123456/agents", "demo-token", None, &[]).await;
    let (s2, b) = sim.call("GET", "/dfw/v2/agents", "demo-token", None, &[("X-Project-Id", "123456")]).await;
    let (s3, c) = sim.call("GET", "/dfw/v2/agents", "demo-token", None, &[]).await;
    assert_eq!((s1.as_u16(), s2.as_u16(), s3.as_u16()), (200, 200, 200));
    assert_eq!(a["agents"].as_array().map(Vec::len), Some(12));
    assert_eq!((&a, &a), (&b, &c));
    let (s, _) = sim.call("GET", "/dfw/v2/agents", "demo-token", None, &[("X-Project-Id", "999")]).await;
    assert_eq!(s, 403, "another project is refused like another tenant in the path");
}

#[tokio::test]
async fn errors_come_in_the_documented_order() {
    let sim = start(fast()).await;
    let observer = sim.token("observer").await;
    // 401 before anything else, even for an unknown agent and a bad body.
    let (s, _) = sim.call("POST", "/dfw/v1.0/123456/agent/enable", "nope", Some(json!("x")), &[]).await;
    assert_eq!(s, 401);
    // 403 (observer write) before 400 (bad body) and 404 (unknown agent).
    let (s, body) = sim.call("POST", "/dfw/v1.0/123456/agent/enable", &observer, Some(json!("x")), &[]).await;
    assert_eq!(s, 403);
    assert!(body["message"].as_str().unwrap_or_default().contains("observer"));
    // 400 (bad body, unknown action) before 404 (unknown ID).
    let (s, _) = sim
        .call(
            "POST",
            "/dfw/v1.0/123456/restore/action-requested",
            "demo-token",
            Some(json!({"Id": 1, "Action": "Explode"})),
            &[],
        )
        .await;
    assert_eq!(s, 400);
    let (s, _) = sim
        .call(
            "POST",
            "/dfw/v1.0/123456/restore/action-requested",
            "demo-token",
            Some(json!({"Id": 1, "Action": "StopManual"})),
            &[],
        )
        .await;
    assert_eq!(s, 404);
    // A malformed ID in the path is 400, an unknown one 404, with a JSON message.
    let (s, body) = sim.call("GET", "/dfw/v1.0/123456/agent/abc", "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), body["message"].is_string()), (400, true));
    let (s, body) = sim.call("GET", "/dfw/v1.0/123456/agent/1", "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), body["message"].is_string()), (404, true));
}

#[tokio::test]
async fn deleting_an_agent_is_for_admins_only_and_it_is_gone_everywhere() {
    let sim = start(fast()).await;
    let creator = sim.token("creator").await;
    let (_, list) = sim.call("GET", "/dfw/v1.0/user/agents", "demo-token", None, &[]).await;
    let id = list[0]["MachineAgentId"].as_u64().unwrap_or_default();
    let v2 = sim.call("GET", &format!("/dfw/v1.0/agent/{id}"), "demo-token", None, &[]).await.1;
    let host = v2["HostServerId"].as_str().unwrap_or_default().to_string();
    let body = json!({"MachineAgentId": id});
    let (s, _) = sim.call("POST", "/dfw/v1.0/agent/delete", &creator, Some(body.clone()), &[]).await;
    assert_eq!(s, 403, "a creator may create and change, not delete");
    // The creator may still write: enabling is a creator's operation.
    let (s, _) = sim
        .call("POST", "/dfw/v1.0/agent/enable", &creator, Some(json!({"MachineAgentId": id, "Enable": true})), &[])
        .await;
    assert_eq!(s, 204);
    let (s, _) = sim.call("POST", "/dfw/v1.0/agent/delete", "demo-token", Some(body), &[]).await;
    assert_eq!(s, 204);
    assert_eq!(sim.call("GET", &format!("/dfw/v1.0/agent/{id}"), "demo-token", None, &[]).await.0, 404);
    let (_, after) = sim.call("GET", "/dfw/v1.0/user/agents", "demo-token", None, &[]).await;
    assert_eq!(after.as_array().map(Vec::len), Some(11));
    let (_, v2list) = sim.call("GET", &format!("/dfw/v2/agents?host_machine_id={host}"), "demo-token", None, &[]).await;
    assert_eq!(v2list["agents"], Value::Array(vec![]), "gone from v2 too");
}
