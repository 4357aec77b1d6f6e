//! What one row of the agents table shows, worked out from an agent and
//! its status (no DOM here: `agent_rows` puts it on screen).

use crate::domain::agent::Agent;
use crate::domain::status::AgentStatus;
use crate::domain::time;

/// What one row shows; a row's cells are rewritten only when it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub id: u64,
    pub name: String,
    pub status: AgentStatus,
    pub status_tip: String,
    pub last_backup: String,
    pub last_backup_tip: String,
    pub stale: bool,
    pub datacenter: String,
    pub os: String,
    pub version: String,
    pub vault: String,
    pub encrypted: bool,
    pub disabled: bool,
    pub ip: String,
}

impl RowView {
    pub fn new(a: &Agent, status: AgentStatus, woke_ms: Option<i64>, now: i64) -> RowView {
        let (last_backup, last_backup_tip) = match (a.last_backup_ms, a.backup_known) {
            (Some(t), _) => (time::ago(now, t), time::utc(t)),
            (None, true) => ("Never".into(), "No successful backup on record.".into()),
            (None, false) => {
                ("…".into(), "Known once the agent's details or the tenant's activity have been read.".into())
            }
        };
        let mut status_tip = status.explain(a.seen.map(|s| s.at_ms), woke_ms);
        if let Some(e) = &a.check_error {
            status_tip = format!("Could not check: {e}");
        }
        RowView {
            id: a.id,
            name: a.name.clone(),
            status,
            status_tip,
            last_backup,
            last_backup_tip,
            stale: a.last_backup_ms.is_some_and(|t| now - t > 7 * 86_400_000),
            datacenter: a.datacenter.clone(),
            os: a.os.clone(),
            version: a.version.clone(),
            vault: a.vault_size.clone().unwrap_or_else(|| "—".into()),
            encrypted: a.encrypted,
            disabled: a.disabled,
            ip: a.ip.clone(),
        }
    }
}
