//! Agent operations beyond the list and details: the lookup by Cloud
//! Server, log levels in v1's two forms and v2's JSON Patch, v2 enable and
//! delete, per-agent events, health and ping.

mod common;

use common::{fast, start};
use serde_json::{json, Value};
use std::time::Duration;

#[tokio::test]
async fn an_agent_is_found_by_its_server_and_its_log_level_moves_between_v1_and_v2() {
    let sim = start(fast()).await;
    let (_, list) = sim.call("GET", "/dfw/v1.0/user/agents", "demo-token", None, &[]).await;
    let v1 = list[0]["MachineAgentId"].as_u64().unwrap_or_default();
    let (_, details) = sim.call("GET", &format!("/dfw/v1.0/agent/{v1}"), "demo-token", None, &[]).await;
    let host = details["HostServerId"].as_str().unwrap_or_default().to_string();
    let (s, found) = sim.call("GET", &format!("/dfw/v1.0/agent/server/{host}"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), found["MachineAgentId"].as_u64()), (200, Some(v1)));
    assert_eq!(sim.call("GET", "/dfw/v1.0/agent/server/no-such-server", "demo-token", None, &[]).await.0, 404);

    assert_eq!(level(&sim, v1).await, "\"Warn\"", "a JSON string, as the SDK reads it");
    // The SDK's JSON form: levels 1-7, 204.
    let (s, _) = sim
        .call(
            "PUT",
            "/dfw/v1.0/agent/logging",
            "demo-token",
            Some(json!({"MachineAgentId": v1, "LoggingLevelid": 7})),
            &[],
        )
        .await;
    assert_eq!(s, 204);
    assert_eq!(level(&sim, v1).await, "\"All\"");
    // The docs' form-encoded body: levels 1-6, 200.
    let form = |body: &str| {
        sim.http
            .put(format!("{}/dfw/v1.0/123456/agent/logging", sim.base))
            .header("X-Auth-Token", "demo-token")
            .header("Content-Type", "application/x-www-form-urlencoded")
            .body(body.to_string())
            .send()
    };
    assert_eq!(form(&format!("MachineAgentId={v1}&LoggingLevelId=5")).await.expect("put").status(), 200);
    assert_eq!(level(&sim, v1).await, "\"Debug\"");
    assert_eq!(
        form(&format!("MachineAgentId={v1}&LoggingLevelId=7")).await.expect("put").status(),
        400,
        "the docs' form stops at 6"
    );
    assert_eq!(form("MachineAgentId=1&LoggingLevelId=2").await.expect("put").status(), 404);
    // v2 shows it, and sets it with a JSON Patch.
    let (_, agents) = sim.call("GET", &format!("/dfw/v2/agents?host_machine_id={host}"), "demo-token", None, &[]).await;
    let id = agents["agents"][0]["id"].as_str().unwrap_or_default().to_string();
    assert_eq!(agents["agents"][0]["log_level"], "debug");
    let patch = json!([{"op": "replace", "path": "/log_level", "value": "error"}, {"op": "replace", "path": "/enabled", "value": false}]);
    let observer = sim.token("observer").await;
    assert_eq!(sim.call("PATCH", &format!("/dfw/v2/agents/{id}"), &observer, Some(patch.clone()), &[]).await.0, 403);
    assert_eq!(
        sim.call(
            "PATCH",
            &format!("/dfw/v2/agents/{id}"),
            "demo-token",
            Some(json!([{"op": "remove", "path": "/enabled"}])),
            &[]
        )
        .await
        .0,
        400
    );
    assert_eq!(sim.call("PATCH", "/dfw/v2/agents/nope", "demo-token", Some(patch.clone()), &[]).await.0, 404);
    assert_eq!(
        sim.call(
            "PATCH",
            &format!("/dfw/v2/agents/{id}"),
            "demo-token",
            Some(patch),
            &[("Content-Type", "application/json-patch+json")]
        )
        .await
        .0,
        204
    );
    assert_eq!(level(&sim, v1).await, "\"Error\"");
    let (_, d) = sim.call("GET", &format!("/dfw/v1.0/agent/{v1}"), "demo-token", None, &[]).await;
    assert_eq!(d["IsDisabled"], true, "disabled through v2, seen in v1");
}

#[tokio::test]
async fn v2_deletes_agents_for_admins_and_reads_one_agents_events() {
    let sim = start(fast()).await;
    let (_, agents) = sim.call("GET", "/dfw/v2/agents", "demo-token", None, &[]).await;
    let id = agents["agents"][0]["id"].as_str().unwrap_or_default().to_string();
    // Ask agents to report, so heartbeats exist.
    let (s, _) = sim
        .call("POST", "/dfw/v2/events", "demo-token", Some(json!({"event": "agent_activate", "mode": "active"})), &[])
        .await;
    assert_eq!(s, 202);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let (s, events) = sim.call("GET", &format!("/dfw/v2/agents/{id}/events"), "demo-token", None, &[]).await;
    assert_eq!(s, 200);
    let list = events["events"].as_array().cloned().unwrap_or_default();
    assert!(!list.is_empty() && list.iter().all(|e| e["agent"]["id"] == json!(id)), "{events}");
    let ids: Vec<u64> = list.iter().filter_map(|e| e["id"].as_str().and_then(|i| i.parse().ok())).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "oldest first by default");
    let creator = sim.token("creator").await;
    assert_eq!(sim.call("DELETE", &format!("/dfw/v2/agents/{id}"), &creator, None, &[]).await.0, 403);
    assert_eq!(sim.call("DELETE", &format!("/dfw/v2/agents/{id}"), "demo-token", None, &[]).await.0, 204);
    assert_eq!(sim.call("GET", &format!("/dfw/v2/agents/{id}"), "demo-token", None, &[]).await.0, 404);
}

#[tokio::test]
async fn health_and_ping() {
    let sim = start(fast()).await;
    assert_eq!(sim.get_raw("/dfw/v2/123456/ping", "").await.status(), 204);
    let (s, h) = sim.call("GET", "/dfw/v2/health", "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), &h["healthy"]), (200, &Value::Bool(true)));
    assert_eq!(sim.call("GET", "/dfw/v2/health/rse", "demo-token", None, &[]).await.0, 200);
    assert_eq!(sim.call("GET", "/dfw/v2/health/kafka", "demo-token", None, &[]).await.0, 404);
    assert_eq!(sim.call("GET", "/dfw/v2/health", "nope", None, &[]).await.0, 401);
}

/// The agent's v1 log level as sent: a JSON string.
async fn level(sim: &common::Sim, agent: u64) -> String {
    let r = sim.get_raw(&format!("/dfw/v1.0/agent/logging/{agent}"), "demo-token").await;
    r.text().await.unwrap_or_default()
}

#[tokio::test]
async fn vault_settings_encrypt_change_migrate_and_update_behaviour() {
    let sim = start(fast()).await;
    let world = backup_sim::seed::world(&backup_sim::config::SimConfig::default()).expect("world");
    let keys = backup_sim::keys::KeyPool::load().expect("keys");
    let plain = world.agents.iter().position(|a| !a.encrypted && !a.disabled).expect("unencrypted");
    let id = world.agents[plain].v1_id;
    let hex = |i: usize, p: &str| keys.get(world.agents[i].key).encrypt_hex(p);
    // Update behaviour: UseServiceNet required; a datacenter with servers.
    let (s, a) = sim
        .call(
            "POST",
            &format!("/dfw/v1.0/agent/{id}"),
            "demo-token",
            Some(json!({"UseServiceNet": false, "BackupDataCenter": "ORD"})),
            &[],
        )
        .await;
    assert_eq!(
        (s.as_u16(), a["BackupDatacenter"].as_str(), a["UseServiceNet"].as_str()),
        (200, Some("ORD"), Some("false"))
    );
    assert_eq!(
        sim.call("POST", &format!("/dfw/v1.0/agent/{id}"), "demo-token", Some(json!({"BackupDataCenter": "ORD"})), &[])
            .await
            .0,
        400
    );
    assert_eq!(
        sim.call(
            "POST",
            &format!("/dfw/v1.0/agent/{id}"),
            "demo-token",
            Some(json!({"UseServiceNet": true, "BackupDataCenter": "MARS"})),
            &[]
        )
        .await
        .0,
        400
    );
    assert_eq!(
        sim.call("POST", "/dfw/v1.0/agent/1", "demo-token", Some(json!({"UseServiceNet": true})), &[]).await.0,
        404
    );
    // Encrypt (a bare GUID), then change the password (admin only, old one right).
    let r = sim
        .http
        .post(format!("{}/dfw/v1.0/123456/agent/encrypt", sim.base))
        .header("X-Auth-Token", "demo-token")
        .json(&json!({"MachineAgentId": id, "EncryptedPasswordHex": hex(plain, "first")}))
        .send()
        .await
        .expect("encrypt");
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap_or_default().len(), 36, "a bare GUID");
    let (_, d) = sim.call("GET", &format!("/dfw/v1.0/agent/{id}"), "demo-token", None, &[]).await;
    assert_eq!(d["IsEncrypted"], true);
    assert_eq!(
        sim.call(
            "POST",
            "/dfw/v1.0/agent/encrypt",
            "demo-token",
            Some(json!({"MachineAgentId": id, "EncryptedPasswordHex": hex(plain, "x")})),
            &[]
        )
        .await
        .0,
        400,
        "already encrypted"
    );
    let change = |old: &str, new: &str| json!({"MachineAgentId": id, "OldEncryptedPasswordHex": hex(plain, old), "NewEncryptedPasswordHex": hex(plain, new)});
    let creator = sim.token("creator").await;
    assert_eq!(
        sim.call("POST", "/dfw/v1.0/agent/changeencryption", &creator, Some(change("first", "second")), &[]).await.0,
        403
    );
    assert_eq!(
        sim.call("POST", "/dfw/v1.0/agent/changeencryption", "demo-token", Some(change("wrong", "second")), &[])
            .await
            .0,
        400
    );
    assert_eq!(
        sim.call("POST", "/dfw/v1.0/agent/changeencryption", "demo-token", Some(change("first", "second")), &[])
            .await
            .0,
        200
    );
    // Migrate: both unencrypted, the destination without configurations.
    let mut plains = world
        .agents
        .iter()
        .enumerate()
        .filter(|(i, a)| !a.encrypted && !a.disabled && *i != plain)
        .map(|(_, a)| a.v1_id);
    let (from, to) = (plains.next().expect("source"), plains.next().expect("destination"));
    let migrate = json!({"SourceMachineAgentId": from, "DestinationMachineAgentId": to});
    assert_eq!(
        sim.call("PUT", "/dfw/v1.0/agent/migratevault", "demo-token", Some(migrate.clone()), &[]).await.0,
        400,
        "the destination has configurations"
    );
    let (_, configs) =
        sim.call("GET", &format!("/dfw/v1.0/backup-configuration/system/{to}"), "demo-token", None, &[]).await;
    for c in configs.as_array().cloned().unwrap_or_default() {
        let cid = c["BackupConfigurationId"].as_u64().unwrap_or_default();
        assert_eq!(
            sim.call("DELETE", &format!("/dfw/v1.0/backup-configuration/{cid}"), "demo-token", None, &[]).await.0,
            200
        );
    }
    assert_eq!(sim.call("PUT", "/dfw/v1.0/agent/migratevault", &creator, Some(migrate.clone()), &[]).await.0, 403);
    assert_eq!(sim.call("PUT", "/dfw/v1.0/agent/migratevault", "demo-token", Some(migrate), &[]).await.0, 200);
    let (_, moved) =
        sim.call("GET", &format!("/dfw/v1.0/backup-configuration/system/{to}"), "demo-token", None, &[]).await;
    assert!(moved.as_array().is_some_and(|l| !l.is_empty() && l.iter().all(|c| c["MachineAgentId"] == json!(to))));
}

#[tokio::test]
async fn the_sdk_calls_without_the_account_id_answer_as_it_reads_them() {
    let sim = start(fast()).await;
    let (_, state) = sim.call("GET", "/_sim/state", "", None, &[]).await;
    let id = state["agents"].as_array().and_then(|l| l.iter().find(|a| a["online"] == true).cloned()).expect("online")
        ["id"]
        .as_u64()
        .unwrap_or_default();
    // Log request: res.json() is the request's ID; the list shows it, then its file.
    let r = sim
        .http
        .post(format!("{}/dfw/v1.0/agent/requestlog/{id}", sim.base))
        .header("X-Auth-Token", "demo-token")
        .send()
        .await
        .expect("post");
    assert_eq!(r.status(), 200);
    let request: Value = r.json().await.expect("a JSON string");
    let request = request.as_str().expect("the request ID").to_string();
    let mut path = Value::Null;
    for _ in 0..100 {
        let (_, list) = sim.call("GET", &format!("/dfw/v1.0/agent/logfiles/{id}"), "demo-token", None, &[]).await;
        let mine = list
            .as_array()
            .and_then(|l| l.iter().find(|x| x["DisplayName"].as_str().is_some_and(|d| d.contains(&request))).cloned())
            .expect("listed");
        if mine["CurrentState"] == "Completed" {
            path = mine["FilePath"].clone();
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let link = path.as_str().expect("a file once completed").to_string();
    assert_eq!(sim.http.get(&link).send().await.expect("get").status(), 200);
    // The whole configuration: the log level and the backup configurations.
    let (s, config) = sim.call("GET", &format!("/dfw/v1.0/agent/configuration/{id}"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), config["SystemPreferences"]["Logging"]["Level"].as_str()), (200, Some("Warn")));
    assert!(config["BackupConfigurations"].as_array().is_some_and(|l| !l.is_empty()));
    // Heartbeats with an age, once agents are asked to report.
    sim.call("POST", "/dfw/v2/events", "demo-token", Some(json!({"event": "agent_activate", "mode": "active"})), &[])
        .await;
    let (_, beats) = sim.call("GET", &format!("/dfw/v1.0/agent/events/{id}"), "demo-token", None, &[]).await;
    let first = &beats[0];
    assert_eq!(
        (first["data"]["Event"].as_str(), first["data"]["MachineAgentId"].as_u64()),
        (Some("Heartbeat"), Some(id))
    );
    assert!(first["age"].as_u64().is_some_and(|a| a < 26), "alive by the SDK's rule: {beats}");
    let observer = sim.token("observer").await;
    assert_eq!(sim.call("POST", &format!("/dfw/v1.0/agent/requestlog/{id}"), &observer, None, &[]).await.0, 403);
    assert_eq!(sim.call("GET", "/dfw/v1.0/agent/configuration/1", "demo-token", None, &[]).await.0, 404);
}
