//! v2 vault requests: verify a password, enable and change encryption
//! (answered by the agent a moment later), and move a vault.

mod common;

use backup_sim::config::SimConfig;
use common::{fast, start};
use serde_json::{json, Value};

const P: &str = "/dfw/v2/123456";

#[tokio::test]
async fn passwords_are_verified_and_encryption_enabled_and_changed() {
    let sim = start(fast()).await;
    let world = backup_sim::seed::world(&SimConfig::default()).expect("world");
    let keys = backup_sim::keys::KeyPool::load().expect("keys");
    let (_, state) = sim.call("GET", "/_sim/state", "", None, &[]).await;
    let online = |encrypted: bool| {
        state["agents"]
            .as_array()
            .and_then(|l| l.iter().find(|a| a["online"] == true && a["encrypted"] == encrypted).cloned())
            .expect("agent")
    };
    let (enc, plain) = (online(true), online(false));
    let index = |a: &Value| {
        world.agents.iter().position(|x| x.v2_id == a["v2_id"].as_str().unwrap_or_default()).expect("index")
    };
    let hex = |a: &Value, p: &str| keys.get(world.agents[index(a)].key).encrypt_hex(p);
    let base = |a: &Value| format!("{P}/agents/{}", a["v2_id"].as_str().unwrap_or_default());
    // Verify: right and wrong.
    for (password, valid) in [("demo-passphrase", true), ("guess", false)] {
        let (s, location) = sim
            .post_for_location(
                &format!("{}/vault-password-verification-requests", base(&enc)),
                json!({"encrypted_password_hex": hex(&enc, password), "agent_id": null}),
            )
            .await;
        assert_eq!(s, 202);
        assert!(location.contains("/vault-password-verification-request/"), "{location}");
        let a = sim.answered(&location).await;
        assert_eq!((a["event"].as_str(), a["valid"].as_bool()), (Some("vault_password_verified"), Some(valid)));
    }
    let (s, _) = sim
        .post_for_location(
            &format!("{}/vault-password-verification-requests", base(&plain)),
            json!({"encrypted_password_hex": hex(&plain, "x")}),
        )
        .await;
    assert_eq!(s, 403, "encryption is not enabled for this agent's vault");
    // Enable on an unencrypted vault; an old password there is 403.
    let (s, _) = sim
        .post_for_location(
            &format!("{}/vault-encryption-requests", base(&plain)),
            json!({"old_encrypted_password_hex": hex(&plain, "a"), "new_encrypted_password_hex": hex(&plain, "b")}),
        )
        .await;
    assert_eq!(s, 403);
    let (s, location) = sim
        .post_for_location(
            &format!("{}/vault-encryption-requests", base(&plain)),
            json!({"old_encrypted_password_hex": null, "new_encrypted_password_hex": hex(&plain, "first")}),
        )
        .await;
    assert_eq!(s, 202);
    let a = sim.answered(&location).await;
    assert_eq!((a["event"].as_str(), a["succeeded"].as_bool()), (Some("vault_encryption_enabled"), Some(true)));
    // Change it: the old one must be right.
    let (_, location) = sim.post_for_location(&format!("{}/vault-encryption-requests", base(&plain)), json!({"old_encrypted_password_hex": hex(&plain, "wrong"), "new_encrypted_password_hex": hex(&plain, "second")})).await;
    assert_eq!(sim.answered(&location).await["succeeded"], false);
    let (_, location) = sim.post_for_location(&format!("{}/vault-encryption-requests", base(&plain)), json!({"old_encrypted_password_hex": hex(&plain, "first"), "new_encrypted_password_hex": hex(&plain, "second")})).await;
    assert_eq!(sim.answered(&location).await["event"], "vault_encryption_changed");
    let (_, location) = sim
        .post_for_location(
            &format!("{}/vault-password-verification-requests", base(&plain)),
            json!({"encrypted_password_hex": hex(&plain, "second")}),
        )
        .await;
    assert_eq!(sim.answered(&location).await["valid"], true);
    assert_eq!(
        sim.post_for_location(
            &format!("{P}/agents/nope/vault-encryption-requests"),
            json!({"new_encrypted_password_hex": "00"})
        )
        .await
        .0,
        404
    );
    assert_eq!(sim.post_for_location(&format!("{}/vault-encryption-requests", base(&plain)), json!({})).await.0, 400);
}

#[tokio::test]
async fn a_vault_moves_to_another_agent_for_admins() {
    let sim = start(fast()).await;
    let (_, agents) = sim.call("GET", &format!("{P}/agents"), "demo-token", None, &[]).await;
    let (from, to) = (
        agents["agents"][0]["id"].as_str().unwrap_or_default().to_string(),
        agents["agents"][1]["id"].as_str().unwrap_or_default().to_string(),
    );
    let creator = sim.token("creator").await;
    let body = json!({"source_agent_id": from});
    assert_eq!(sim.call("POST", &format!("{P}/agents/{to}/vault"), &creator, Some(body.clone()), &[]).await.0, 403);
    assert_eq!(sim.call("POST", &format!("{P}/agents/{to}/vault"), "demo-token", Some(body), &[]).await.0, 204);
    let (_, configs) = sim.call("GET", &format!("{P}/agents/{from}/configurations"), "demo-token", None, &[]).await;
    assert_eq!(configs["configurations"], json!([]), "the source has none left");
    let (_, moved) = sim.call("GET", &format!("{P}/agents/{to}/configurations"), "demo-token", None, &[]).await;
    assert!(moved["configurations"].as_array().is_some_and(|l| l.len() >= 2));
}

#[tokio::test]
async fn summaries_settings_and_an_agents_configuration() {
    let sim = start(fast()).await;
    let (s, before) = sim.call("GET", &format!("{P}/settings/summaries"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), before["weekly"].as_bool()), (200, Some(true)));
    let set =
        json!({"daily": true, "weekly": false, "notifications": [{"type": "email", "destination": "ops@example.com"}]});
    let observer = sim.token("observer").await;
    assert_eq!(sim.call("PUT", &format!("{P}/settings/summaries"), &observer, Some(set.clone()), &[]).await.0, 403);
    assert_eq!(
        sim.call("PUT", &format!("{P}/settings/summaries"), "demo-token", Some(json!({"daily": "yes"})), &[]).await.0,
        400
    );
    assert_eq!(sim.call("PUT", &format!("{P}/settings/summaries"), "demo-token", Some(set.clone()), &[]).await.0, 204);
    assert_eq!(sim.call("GET", &format!("{P}/settings/summaries"), "demo-token", None, &[]).await.1, set);
    let (_, agents) = sim.call("GET", &format!("{P}/agents"), "demo-token", None, &[]).await;
    let id = agents["agents"][0]["id"].as_str().unwrap_or_default();
    let (s, config) = sim.call("GET", &format!("{P}/agents/{id}/configuration"), "demo-token", None, &[]).await;
    assert_eq!((s.as_u16(), config["system_preferences"]["log_level"].as_str()), (200, Some("warn")));
    assert!(
        config["configurations"].as_array().is_some_and(|l| !l.is_empty()) && config["vaults"][0]["region"].is_string()
    );
    assert_eq!(sim.call("GET", &format!("{P}/agents/nope/configuration"), "demo-token", None, &[]).await.0, 404);
}
