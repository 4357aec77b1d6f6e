//! Making a v1 restore: a restore configuration from a completed backup,
//! changed while Creating, narrowed to a folder, started, and its report;
//! and each operation's documented errors.

mod common;

use common::{fast, start, Sim};
use serde_json::{json, Value};
use std::time::Duration;

const T: &str = "/dfw/v1.0/123456";

/// (backup id, its agent's v1 id) of a restorable backup of an unencrypted,
/// online agent, and another online agent to restore onto.
async fn a_backup(sim: &Sim) -> (u64, u64, u64) {
    let (_, state) = sim.call("GET", "/_sim/state", "", None, &[]).await;
    let agents = state["agents"].as_array().cloned().unwrap_or_default();
    let online: Vec<&Value> =
        agents.iter().filter(|a| a["online"] == true && a["encrypted"] == false && a["disabled"] == false).collect();
    let (source, target) = (online[0]["id"].as_u64().unwrap_or_default(), online[1]["id"].as_u64().unwrap_or_default());
    let (_, configs) =
        sim.call("GET", &format!("{T}/backup-configuration/system/{source}"), "demo-token", None, &[]).await;
    let config = configs[0]["BackupConfigurationId"].as_u64().unwrap_or_default();
    let (_, done) = sim.call("GET", &format!("{T}/backup/completed/{config}"), "demo-token", None, &[]).await;
    (done[0]["BackupId"].as_u64().expect("a restorable backup"), source, target)
}

#[tokio::test]
async fn a_restore_is_made_narrowed_started_and_reported() {
    let sim = start(fast()).await;
    let (backup, source, target) = a_backup(&sim).await;
    let body = json!({"BackupId": backup, "BackupMachineId": source.to_string(), "DestinationMachineId": source,
                      "DestinationPath": "/tmp/restore/", "BackupDataCenter": "DFW", "OverwriteFiles": "false"});
    let (s, r) = sim.call("PUT", &format!("{T}/restore"), "demo-token", Some(body), &[]).await;
    assert_eq!(s, 200, "{r}");
    assert_eq!((r["RestoreStateId"].as_u64(), r["BackupId"].as_u64()), (Some(0), Some(backup)));
    let id = r["RestoreId"].as_u64().expect("RestoreId");
    // Changed while Creating: onto another agent.
    let (s, _) = sim.call("POST", &format!("{T}/restore"), "demo-token", Some(json!({"RestoreId": id, "DestinationMachineId": target, "DestinationPath": "/srv/restored/", "OverwriteFiles": true})), &[]).await;
    assert_eq!(s, 204);
    let (_, d) = sim.call("GET", &format!("{T}/restore/{id}"), "demo-token", None, &[]).await;
    assert_eq!(
        (d["DestinationMachineId"].as_u64(), d["DestinationPath"].as_str(), d["OverwriteFiles"].as_bool()),
        (Some(target), Some("/srv/restored/"), Some(true))
    );
    // Narrowed to one folder (the docs' strings "1" and "0" too), less a subfolder.
    for (path, filter, kind) in [("/var/www", "1", "1"), ("/var/www/cache", "2", "1")] {
        let (s, _) = sim
            .call(
                "PUT",
                &format!("{T}/restore/files"),
                "demo-token",
                Some(json!({"FilePath": path, "Filter": filter, "ParentId": id, "FileItemType": kind})),
                &[],
            )
            .await;
        assert_eq!(s, 200);
    }
    let (_, files) = sim.call("GET", &format!("{T}/restore/files/{id}"), "demo-token", None, &[]).await;
    assert_eq!(
        files,
        json!([{"FilePath": "/var/www", "Filter": 1, "RestoreId": id, "FileItemType": 1}, {"FilePath": "/var/www/cache", "Filter": 2, "RestoreId": id, "FileItemType": 1}])
    );
    // Started; no more changes; it runs to a report of the chosen files only.
    let (s, _) = sim
        .call(
            "POST",
            &format!("{T}/restore/action-requested"),
            "demo-token",
            Some(json!({"Action": "StartManual", "Id": id})),
            &[],
        )
        .await;
    assert_eq!(s, 204);
    let (s, _) = sim
        .call(
            "PUT",
            &format!("{T}/restore/files"),
            "demo-token",
            Some(json!({"FilePath": "/etc", "Filter": 1, "ParentId": id, "FileItemType": 1})),
            &[],
        )
        .await;
    assert_eq!(s, 400, "files are chosen while Creating only");
    assert_eq!(
        sim.call("DELETE", &format!("{T}/restore/files/{id}"), "demo-token", None, &[]).await.0,
        400,
        "stop it first"
    );
    let mut report = Value::Null;
    for _ in 0..150 {
        let (_, r) = sim.call("GET", &format!("{T}/restore/report/{id}"), "demo-token", None, &[]).await;
        if r["State"] == "Completed" {
            report = r;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let restored: u64 = report["NumFilesRestored"].as_str().and_then(|n| n.parse().ok()).expect("a finished report");
    let (_, all) = sim.call("GET", &format!("{T}/backup/report/{backup}"), "demo-token", None, &[]).await;
    let whole: u64 = all["FilesSearched"].as_str().and_then(|n| n.parse().ok()).unwrap_or(0);
    assert!(restored > 0 && restored < whole, "{restored} of {whole}: the folder, less its cache");
    // Deleted once it has ended: found no more.
    assert_eq!(sim.call("DELETE", &format!("{T}/restore/files/{id}"), "demo-token", None, &[]).await.0, 204);
    assert_eq!(sim.call("GET", &format!("{T}/restore/{id}"), "demo-token", None, &[]).await.0, 404);
    // Nor does the destination's activity, v1 or v2, list it any more.
    let (_, v1) = sim.call("GET", &format!("{T}/system/activity/{target}"), "demo-token", None, &[]).await;
    assert!(v1.as_array().is_some_and(|a| !a.is_empty()), "{v1}");
    let v1_lists = v1.as_array().into_iter().flatten().any(|a| a["Type"] == "Restore" && a["ID"].as_u64() == Some(id));
    assert!(!v1_lists, "v1 activity still lists restore {id}");
    let (_, v2) = sim.call("GET", "/dfw/v2/123456/activities?limit=1000", "demo-token", None, &[]).await;
    let v2_restores: Vec<&Value> =
        v2["activities"].as_array().into_iter().flatten().filter(|a| a["type"] == "restore").collect();
    assert!(!v2_restores.is_empty(), "{v2}");
    assert!(v2_restores.iter().all(|a| !a["id"].as_str().unwrap_or("").ends_with(&format!("{id:012x}"))));
}

#[tokio::test]
async fn restore_configuration_errors_come_as_documented() {
    let sim = start(fast()).await;
    let (backup, source, target) = a_backup(&sim).await;
    let observer = sim.token("observer").await;
    let body =
        json!({"BackupId": backup, "BackupMachineId": source, "DestinationMachineId": target, "DestinationPath": "/x"});
    assert_eq!(sim.call("PUT", &format!("{T}/restore"), &observer, Some(body.clone()), &[]).await.0, 403);
    assert_eq!(sim.call("PUT", &format!("{T}/restore"), "nope", Some(body.clone()), &[]).await.0, 401);
    assert_eq!(
        sim.call("PUT", &format!("{T}/restore"), "demo-token", Some(json!({"BackupMachineId": source})), &[]).await.0,
        400
    );
    let mut unknown = body.clone();
    unknown["BackupId"] = json!(1);
    assert_eq!(sim.call("PUT", &format!("{T}/restore"), "demo-token", Some(unknown), &[]).await.0, 404);
    let mut wrong_source = body.clone();
    wrong_source["BackupMachineId"] = json!(target);
    assert_eq!(sim.call("PUT", &format!("{T}/restore"), "demo-token", Some(wrong_source), &[]).await.0, 400);
    let (_, r) = sim.call("PUT", &format!("{T}/restore"), "demo-token", Some(body), &[]).await;
    let id = r["RestoreId"].as_u64().expect("id");
    for bad in [
        json!({"FilePath": "/x", "Filter": 3, "ParentId": id, "FileItemType": 1}),
        json!({"FilePath": "/x", "Filter": 1, "ParentId": id, "FileItemType": 9}),
        json!({"Filter": 1, "ParentId": id, "FileItemType": 1}),
    ] {
        assert_eq!(sim.call("PUT", &format!("{T}/restore/files"), "demo-token", Some(bad), &[]).await.0, 400);
    }
    let (s, _) = sim
        .call(
            "PUT",
            &format!("{T}/restore/files"),
            "demo-token",
            Some(json!({"FilePathEncoded": "L3Zhci93d3c=", "Filter": 1, "ParentId": id, "FileItemType": 1})),
            &[],
        )
        .await;
    assert_eq!(s, 200, "a base64 path");
    let (_, files) = sim.call("GET", &format!("{T}/restore/files/{id}"), "demo-token", None, &[]).await;
    assert_eq!(files[0]["FilePath"], "/var/www");
    assert_eq!(
        sim.call(
            "PUT",
            &format!("{T}/restore/files"),
            "demo-token",
            Some(json!({"FilePath": "/x", "Filter": 1, "ParentId": 1, "FileItemType": 1})),
            &[]
        )
        .await
        .0,
        404
    );
    assert_eq!(
        sim.call("POST", &format!("{T}/restore"), "demo-token", Some(json!({"RestoreId": 1})), &[]).await.0,
        404
    );
    assert_eq!(sim.call("DELETE", &format!("{T}/restore/files/{id}"), &observer, None, &[]).await.0, 403);
    assert_eq!(sim.call("GET", &format!("{T}/restore/files/1"), "demo-token", None, &[]).await.0, 404);
}
