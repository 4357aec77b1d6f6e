//! The objects a path names, as an axum extractor: `Found<V1Agent>` reads
//! the route's `{machine_agent_id}`, answers 400 when it is not an ID and 404
//! when no such agent exists, and gives the handler the agent's index.
//!
//! Objects are never removed from the world (a deleted one is marked, as v1
//! does with `IsDeleted`), so what an extractor found stays valid for the
//! handler that locks the world after it. A handler that also reads a body
//! takes `Result<Found<T>, SimError>` and applies `?` after parsing the body:
//! the docs answer a malformed body (400) before an unknown ID (404).

use crate::error::SimError;
use crate::world::World;
use crate::{lock, Sim};
use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use std::collections::HashMap;
use std::sync::Arc;

/// Route parameters by name (`{machine_agent_id}` → `"machine_agent_id"`).
pub type Params = HashMap<String, String>;

/// Something a route parameter names.
pub trait Lookup: Sized {
    fn find(world: &World, params: &Params) -> Result<Self, SimError>;
}

/// The object a path named; see the module documentation.
pub struct Found<T>(pub T);

impl<T: Lookup> FromRequestParts<Arc<Sim>> for Found<T> {
    type Rejection = SimError;

    async fn from_request_parts(parts: &mut Parts, sim: &Arc<Sim>) -> Result<Self, SimError> {
        let Path(params) = Path::<Params>::from_request_parts(parts, sim)
            .await
            .map_err(|e| SimError::BadRequest(format!("The path could not be read: {e}.")))?;
        let world = lock(&sim.world);
        T::find(&world, &params).map(Found)
    }
}

/// The named parameter (routes name theirs; a missing one is a routing bug,
/// answered as a bad request rather than a panic).
pub fn param<'a>(params: &'a Params, name: &str) -> Result<&'a str, SimError> {
    params.get(name).map(String::as_str).ok_or_else(|| SimError::BadRequest(format!("The path has no {name}.")))
}

/// A v1 integer ID (the docs say String; the wire sends numbers).
pub fn v1_id(params: &Params, name: &str, what: &str) -> Result<u64, SimError> {
    let text = param(params, name)?;
    text.trim().parse().map_err(|_| SimError::BadRequest(format!("`{text}` is not a valid {what}.")))
}

/// `{machine_agent_id}`: a v1 agent, by index.
pub struct V1Agent(pub usize);

impl Lookup for V1Agent {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = v1_id(params, "machine_agent_id", "MachineAgentId")?;
        w.agent_by_v1(id).map(V1Agent).ok_or_else(|| SimError::NotFound(format!("Agent {id} was not found.")))
    }
}

/// `{agent_id}`: a v2 agent, by index.
pub struct V2Agent(pub usize);

impl Lookup for V2Agent {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = param(params, "agent_id")?;
        w.agent_by_v2(id).map(V2Agent).ok_or_else(|| SimError::NotFound("Agent not found.".into()))
    }
}

/// `{restore_id}`: a v1 restore, by ID.
pub struct V1Restore(pub u64);

impl Lookup for V1Restore {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = v1_id(params, "restore_id", "restore id")?;
        match w.restores.get(&id).filter(|r| !r.deleted) {
            Some(_) => Ok(V1Restore(id)),
            None => Err(SimError::NotFound(format!("Restore {id} was not found."))),
        }
    }
}

/// `{agent_id}/logfiles/{logfile_id}`: one of an agent's log files, by index.
pub struct V2Logfile(pub usize);

impl Lookup for V2Logfile {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let V2Agent(agent) = V2Agent::find(w, params)?;
        let id = param(params, "logfile_id")?;
        w.logfiles
            .iter()
            .position(|l| l.agent == agent && l.id == id && !l.deleted)
            .map(V2Logfile)
            .ok_or_else(|| SimError::NotFound("Log file not found.".into()))
    }
}

/// `{backup_configuration_id}`: a configuration, by v1 ID (deleted ones too:
/// v1 shows them with `IsDeleted: true`).
pub struct V1Config(pub u64);

impl Lookup for V1Config {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = v1_id(params, "backup_configuration_id", "BackupConfigurationId")?;
        match w.configs.get(&id) {
            Some(_) => Ok(V1Config(id)),
            None => Err(SimError::NotFound(format!("Backup configuration {id} was not found."))),
        }
    }
}

/// `{backup_id}`: a backup, by v1 ID.
pub struct V1Backup(pub u64);

impl Lookup for V1Backup {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = v1_id(params, "backup_id", "BackupId")?;
        match w.backups.get(&id) {
            Some(_) => Ok(V1Backup(id)),
            None => Err(SimError::NotFound(format!("Backup {id} was not found."))),
        }
    }
}

/// `{configuration_id}`: a configuration, by v2 UUID (its v1 ID).
pub struct V2Config(pub u64);

impl Lookup for V2Config {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = param(params, "configuration_id")?;
        w.config_by_v2(id).map(V2Config).ok_or_else(|| SimError::NotFound("Configuration not found.".into()))
    }
}

/// `{backup_id}` under v2: a backup, by UUID (its v1 ID).
pub struct V2Backup(pub u64);

impl Lookup for V2Backup {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let id = param(params, "backup_id")?;
        w.backup_by_v2(id).map(V2Backup).ok_or_else(|| SimError::NotFound("Backup not found.".into()))
    }
}

/// `{host_server_id}`: a v1 agent by its Cloud Server ID, by index.
pub struct ByServer(pub usize);

impl Lookup for ByServer {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let host = param(params, "host_server_id")?;
        w.live_agents()
            .find(|&i| w.agents[i].host_server_id.eq_ignore_ascii_case(host))
            .map(ByServer)
            .ok_or_else(|| SimError::NotFound(format!("No agent runs on server {host}.")))
    }
}

/// `{restore_id}` under v2: a restore, by its v2 ID (its v1 ID).
pub struct V2Restore(pub u64);

impl Lookup for V2Restore {
    fn find(w: &World, params: &Params) -> Result<Self, SimError> {
        let text = param(params, "restore_id")?;
        crate::world::Restore::id_of_v2(text)
            .filter(|id| w.restores.get(id).is_some_and(|r| !r.deleted))
            .map(V2Restore)
            .ok_or_else(|| SimError::NotFound("Restore not found.".into()))
    }
}
