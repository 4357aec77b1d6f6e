//! Cloud Backup v1.0 routes (PascalCase bodies, `/Date(ms)/` dates).

use super::caller::{AdminOnly, Reader, Writer};
use super::found::{Found, V1Agent, V1Restore};
use super::wire::{duration, number, required_bool};
use super::{json, text_json};
use crate::clock::{epoch_ms, ms_date};
use crate::error::{parse_body, SimError};
use crate::keys::KeyPool;
use crate::routes::json_list::{cached_list, Fragments, SizeHint};
use crate::routes::json_out::Field;
use crate::seed;
use crate::world::{Agent, Mode, Restore, RestoreRefused, RestoreState, World};
use crate::Sim;
use axum::body::Bytes;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde_json::{json as j, Value};
use std::time::Instant;

/// One agent as v1 sends it. The list call always says Offline and gives no
/// last-backup time (API docs); `details` tells the truth.
fn agent_json(w: &World, i: usize, now: Instant, details: bool) -> Value {
    let a = &w.agents[i];
    let online = details && a.online(now);
    agent_record(a, &w.tenant, &w.keys, online, details)
}

/// The record of agent `a`: a function of the agent, the tenant and the key
/// pool alone (so the list can keep each record's bytes while the agent
/// hashes the same).
fn agent_record(a: &Agent, tenant: &str, keys: &KeyPool, online: bool, details: bool) -> Value {
    let key = keys.get(a.key);
    let status = if online { "Online" } else { "Offline" };
    let last =
        if details { a.last_backup_ms.map(ms_date).map(Value::from).unwrap_or(Value::Null) } else { Value::Null };
    j!({
        "AgentVersion": a.version,
        "Architecture": a.architecture,
        "BackupContainer": format!(
            "https://storage101.{}1.clouddrive.com/v1/MossoCloudFS_{}/z_DO_NOT_DELETE_CloudBackup_v2_0_{}",
            a.datacenter.to_ascii_lowercase(), tenant, a.host_server_id
        ),
        "BackupDatacenter": a.backup_datacenter.as_deref().unwrap_or(a.datacenter),
        "BackupVaultSize": a.vault_size,
        "CleanupAllowed": true,
        "Datacenter": a.datacenter,
        "Flavor": "RaxCloudServer",
        "HostServerId": a.host_server_id,
        "IPAddress": a.ip,
        "IsDisabled": a.disabled,
        "IsEncrypted": a.encrypted,
        "MachineAgentId": a.v1_id,
        "MachineName": a.name,
        "OperatingSystem": a.os_name,
        "OperatingSystemVersion": a.os_version,
        // The list sends the exponent as a number, details as a string (as documented).
        "PublicKey": {"ExponentHex": if details { Value::from(key.exponent_hex.clone()) } else { j!(10001) }, "ModulusHex": key.modulus_hex},
        "Status": status,
        "TimeOfLastSuccessfulBackup": last,
        "UseFailoverUri": false,
        // Details sends this flag as a string, like the by-server example does.
        "UseServiceNet": if details { Value::from(a.use_service_net.to_string()) } else { Value::from(a.use_service_net) }
    })
}

pub async fn list_agents(caller: Reader) -> Result<Response, SimError> {
    let sim = &caller.sim;
    static SIZE: SizeHint = SizeHint::new();
    static RECORDS: Fragments<u64> = Fragments::new();
    let (w, now) = caller.world();
    if !sim.config.hostile {
        let views = w.live_agents().map(|i| (w.agents[i].v1_id, (&w.agents[i], w.tenant.as_str())));
        let write =
            |(a, tenant): &(&Agent, &str), out: &mut Vec<u8>| agent_record(a, tenant, &w.keys, false, false).put(out);
        return Ok(cached_list(None, "", &SIZE, &RECORDS, views, write));
    }
    let mut list: Vec<Value> = w.live_agents().map(|i| hostile_or_not(sim, &w, i, now, false)).collect();
    // Hostile: after the agents, one record per field type with a value
    // no reading allows, and one all-null record (seed::hostile_v1_records)…
    if let Some(template) = list.first().cloned() {
        list.extend(seed::hostile_v1_records(&template));
    }
    // …and one record as the docs print one: single quotes, not JSON.
    let mut text = Value::Array(list).to_string();
    text.pop();
    text.push_str(",{\"MachineAgentId\": 'not-a-number', \"MachineName\": 'broken'}]");
    Ok(text_json(text))
}

pub async fn agent_details(caller: Reader, Found(V1Agent(i)): Found<V1Agent>) -> Result<Response, SimError> {
    let sim = &caller.sim;
    // Hostile: one agent's details fail with markup in the error message.
    if sim.config.hostile && i == seed::HOSTILE_FAILING {
        return Err(SimError::Internal(seed::HOSTILE_ERROR.into()));
    }
    let (w, now) = caller.world();
    Ok(json(200, hostile_or_not(sim, &w, i, now, true)))
}

/// [`agent_json`], except that with `--hostile` one agent's record is `null`
/// in every field but its ID, and in details its true status
/// (seed::HOSTILE_NULLS).
pub(super) fn hostile_or_not(sim: &Sim, w: &World, i: usize, now: Instant, details: bool) -> Value {
    let record = agent_json(w, i, now, details);
    if sim.config.hostile && i == seed::HOSTILE_NULLS {
        let keep: &[&str] = if details { &["MachineAgentId", "Status"] } else { &["MachineAgentId"] };
        return seed::nulls_but(record, keep);
    }
    record
}

/// Wakes the account's agents and puts them in active mode, as v2's
/// `agent_activate` does: they check in and post heartbeats at once, which
/// is how Rackspace's SDK confirms one woke (a heartbeat under 26 s old).
pub async fn wake_up_agents(caller: Writer) -> Result<Response, SimError> {
    let (mut w, now) = caller.world();
    if w.mode == Mode::RealTime {
        w.wake_all(now);
    } else {
        w.set_mode(Mode::Active, now);
    }
    Ok(StatusCode::OK.into_response())
}

pub async fn enable_agent(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let id = number(&v["MachineAgentId"]).ok_or_else(|| SimError::BadRequest("MachineAgentId is required.".into()))?;
    let enable = required_bool(&v, "Enable")?;
    let (mut w, _) = caller.world();
    let i = w.agent_by_v1(id).ok_or_else(|| SimError::NotFound(format!("Agent {id} was not found.")))?;
    w.agents[i].disabled = !enable;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// `POST /agent/delete`: admin only; the agent and its data are gone at
/// once (API-REFERENCE §5.5). 204, no body (the docs' echoed body cannot go
/// with a 204; see QUIRKS.md).
pub async fn delete_agent(caller: AdminOnly, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let id = number(&v["MachineAgentId"]).ok_or_else(|| SimError::BadRequest("MachineAgentId is required.".into()))?;
    let (mut w, _) = caller.world();
    let i = w.agent_by_v1(id).ok_or_else(|| SimError::NotFound(format!("Agent {id} was not found.")))?;
    w.agents[i].deleted = true;
    Ok(StatusCode::NO_CONTENT.into_response())
}

pub(super) fn restore_json(w: &World, r: &Restore) -> Value {
    let (src, dst) = (&w.agents[r.source], &w.agents[r.destination]);
    let key = w.keys.get(dst.key);
    j!({
        "RestoreId": r.id, "BackupId": r.backup_id,
        "DestinationMachineId": dst.v1_id, "OverwriteFiles": r.overwrite,
        "BackupConfigurationId": r.config_id, "BackupConfigurationName": r.config_name,
        "BackupRestorePoint": ms_date(r.restore_point_ms),
        "BackupMachineId": src.v1_id, "BackupMachineName": src.name, "BackupFlavor": "RaxCloudServer",
        "DestinationMachineName": dst.name, "DestinationPath": r.destination_path,
        "BackupDataCenter": src.datacenter, "IsEncrypted": src.encrypted, "EncryptedPassword": null,
        "PublicKey": {"ModulusHex": key.modulus_hex, "ExponentHex": 10001},
        "RestoreStateId": r.state as u8
    })
}

pub async fn restore_details(caller: Reader, Found(V1Restore(id)): Found<V1Restore>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let r = &w.restores[&id];
    Ok(json(200, restore_json(&w, r)))
}

/// The report exists once a restore has started; while it runs it carries
/// the files restored so far and no completion time.
pub async fn restore_report(caller: Reader, Found(V1Restore(id)): Found<V1Restore>) -> Result<Response, SimError> {
    let (w, _) = caller.world();
    let r = &w.restores[&id];
    let Some(started) = r.started_ms else {
        return Err(SimError::NotFound(format!("Restore {} has not started, so it has no report yet.", r.id)));
    };
    let (src, dst) = (&w.agents[r.source], &w.agents[r.destination]);
    let end = r.completed_ms.unwrap_or_else(epoch_ms);
    let (reason, diagnostics) = match r.state {
        RestoreState::Completed => ("Success", "No errors"),
        RestoreState::Stopped => ("StoppedByUser", "The restore was stopped before it finished"),
        RestoreState::Failed => match r.failure {
            Some(f) => (f.reason(), f.diagnostics()),
            None => ("Failed", "The restore failed"),
        },
        _ => ("InProgress", "The restore is running"),
    };
    let bytes = r.files_restored * (r.total_bytes / r.total_files.max(1));
    Ok(json(
        200,
        j!({
            "BackupConfigurationId": r.config_id, "BackupConfigurationName": r.config_name,
            "BackupReportId": r.backup_id, "RestorePoint": ms_date(r.restore_point_ms),
            "StartTime": ms_date(started), "CompletedTime": r.completed_ms.map(ms_date),
            "Duration": duration(end - started),
            "OriginatingComputerName": src.name, "State": r.state.name(),
            "NumFilesRestored": r.files_restored.to_string(),
            "NumBytesRestored": format!("{:.1} MB", bytes as f64 / 1_048_576.0),
            "RestoreDestination": dst.name, "RestoreDestinationMachineId": dst.v1_id,
            "NumErrors": "0", "Reason": reason, "Diagnostics": diagnostics, "ErrorList": []
        }),
    ))
}

pub async fn restore_action(caller: Writer, body: Bytes) -> Result<Response, SimError> {
    let v: Value = parse_body(&body)?;
    let id = number(&v["Id"]).ok_or_else(|| SimError::BadRequest("Id (the RestoreId) is required.".into()))?;
    let start = match v["Action"].as_str() {
        Some("StartManual") => true,
        Some("StopManual") => false,
        _ => return Err(SimError::BadRequest("Action must be StartManual or StopManual.".into())),
    };
    let (mut w, now) = caller.world();
    let outcome =
        if start { w.start_restore(id, v["EncryptedPassword"].as_str(), now) } else { w.stop_restore(id, now) };
    outcome.map_err(|why| match why {
        RestoreRefused::NotFound => SimError::NotFound(format!("Restore {id} was not found.")),
        RestoreRefused::PasswordMissing => {
            SimError::BadRequest("This restore reads an encrypted vault: EncryptedPassword is required.".into())
        }
        RestoreRefused::State(state) if start => {
            SimError::BadRequest(format!("Restore {id} cannot be started: it is {}.", state.name()))
        }
        RestoreRefused::State(state) => {
            SimError::BadRequest(format!("Restore {id} is not running: it is {}.", state.name()))
        }
    })?;
    Ok(StatusCode::NO_CONTENT.into_response())
}
