//! Cloud Backup v1.0 operations (`{v1_base}/…`, API-REFERENCE §4 and §5).

use super::http::Method;
use super::reply::{self, Records};
use super::types::{ActionV1, ActivityV1, AgentV1, EnableAgentV1, RestoreReportV1, RestoreV1};
use super::{ApiError, Client};

impl Client {
    /// `GET /v1.0/{t}/user/agents`. Note: `Status` is always "Offline" here.
    /// Decoded record by record: a malformed agent is reported, not fatal.
    pub async fn list_agents(&self) -> Result<Records<AgentV1>, ApiError> {
        let r = self.call(Method::Get, self.v1_url("user/agents"), None, &[200]).await?;
        reply::decode_list(&r.body, "agent list")
    }

    /// `GET /v1.0/{t}/agent/{machineAgentId}`: the agent with its true status.
    pub async fn agent_details(&self, machine_agent_id: u64) -> Result<AgentV1, ApiError> {
        let url = self.v1_url(&format!("agent/{machine_agent_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "agent details")
    }

    /// `POST /v1.0/{t}/user/wakeupagents`: wakes every agent of the tenant.
    /// Documented as 200 with no body; the real service has also been seen to
    /// answer 202/204, which mean the same here.
    pub async fn wake_up_agents(&self) -> Result<(), ApiError> {
        self.call(Method::Post, self.v1_url("user/wakeupagents"), None, &[200, 202, 204]).await?;
        Ok(())
    }

    /// `POST /v1.0/{t}/agent/enable` with `{"MachineAgentId", "Enable"}` → 204.
    pub async fn enable_agent(&self, machine_agent_id: u64, enable: bool) -> Result<(), ApiError> {
        let body = EnableAgentV1 { machine_agent_id, enable }.body();
        self.call(Method::Post, self.v1_url("agent/enable"), Some(body), &[204, 200]).await?;
        Ok(())
    }

    /// `GET /v1.0/{t}/activity`: recent backups, restores and cleanups of the tenant.
    pub async fn user_activity(&self) -> Result<Vec<ActivityV1>, ApiError> {
        let r = self.call(Method::Get, self.v1_url("activity"), None, &[200]).await?;
        reply::decode(&r.body, "activity list")
    }

    /// `GET /v1.0/{t}/system/activity/{agentId}`: one agent's activity.
    pub async fn agent_activity(&self, machine_agent_id: u64) -> Result<Vec<ActivityV1>, ApiError> {
        let url = self.v1_url(&format!("system/activity/{machine_agent_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "agent activity")
    }

    /// `GET /v1.0/{t}/restore/{restoreId}`.
    pub async fn restore_details(&self, restore_id: u64) -> Result<RestoreV1, ApiError> {
        let url = self.v1_url(&format!("restore/{restore_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "restore details")
    }

    /// `GET /v1.0/{t}/restore/report/{restoreId}`.
    pub async fn restore_report(&self, restore_id: u64) -> Result<RestoreReportV1, ApiError> {
        let url = self.v1_url(&format!("restore/report/{restore_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "restore report")
    }

    /// `POST /v1.0/{t}/restore/action-requested` `StartManual` → 204. For an
    /// encrypted vault, `encrypted_password` is the hex RSA ciphertext of the
    /// passphrase (see `domain::crypto`); the plain passphrase never gets here.
    pub async fn start_restore(&self, restore_id: u64, encrypted_password: Option<String>) -> Result<(), ApiError> {
        self.restore_action(ActionV1 { action: "StartManual", id: restore_id, encrypted_password }).await
    }

    /// `POST /v1.0/{t}/restore/action-requested` `StopManual` → 204.
    pub async fn stop_restore(&self, restore_id: u64) -> Result<(), ApiError> {
        self.restore_action(ActionV1 { action: "StopManual", id: restore_id, encrypted_password: None }).await
    }

    async fn restore_action(&self, action: ActionV1) -> Result<(), ApiError> {
        let body = action.body();
        self.call(Method::Post, self.v1_url("restore/action-requested"), Some(body), &[204, 200]).await?;
        Ok(())
    }
}
