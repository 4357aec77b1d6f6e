//! Every operation of the client maps 401, 403, 404 and 503 the same way.

use super::*;

/// One client operation, run against a client with known-good IDs.
#[derive(Debug, Clone, Copy)]
enum Op {
    ListAgents,
    AgentDetails,
    WakeUp,
    Enable,
    UserActivity,
    AgentActivity,
    RestoreDetails,
    RestoreReport,
    StartRestore,
    StopRestore,
    ListAgentsV2,
    FindAgentV2,
    AgentStatus,
    SetEventMode,
    ProjectEvents,
    RequestLogfile,
    ListLogfiles,
    LogfileDetails,
    DeleteLogfile,
}

impl Op {
    const ALL: [Op; 19] = [
        Op::ListAgents,
        Op::AgentDetails,
        Op::WakeUp,
        Op::Enable,
        Op::UserActivity,
        Op::AgentActivity,
        Op::RestoreDetails,
        Op::RestoreReport,
        Op::StartRestore,
        Op::StopRestore,
        Op::ListAgentsV2,
        Op::FindAgentV2,
        Op::AgentStatus,
        Op::SetEventMode,
        Op::ProjectEvents,
        Op::RequestLogfile,
        Op::ListLogfiles,
        Op::LogfileDetails,
        Op::DeleteLogfile,
    ];

    fn writes(self) -> bool {
        matches!(
            self,
            Op::WakeUp
                | Op::Enable
                | Op::StartRestore
                | Op::StopRestore
                | Op::SetEventMode
                | Op::RequestLogfile
                | Op::DeleteLogfile
        )
    }
}

/// IDs that exist in the seeded world (or, with `missing`, that do not).
struct Ids {
    agent: u64,
    v2: String,
    host: String,
    restore: u64,
    logfile: String,
}

async fn run(op: Op, c: &Client, ids: &Ids) -> Result<(), ApiError> {
    match op {
        Op::ListAgents => c.list_agents().await.map(drop),
        Op::AgentDetails => c.agent_details(ids.agent).await.map(drop),
        Op::WakeUp => c.wake_up_agents().await,
        Op::Enable => c.enable_agent(ids.agent, true).await,
        Op::UserActivity => c.user_activity().await.map(drop),
        Op::AgentActivity => c.agent_activity(ids.agent).await.map(drop),
        Op::RestoreDetails => c.restore_details(ids.restore).await.map(drop),
        Op::RestoreReport => c.restore_report(ids.restore).await.map(drop),
        Op::StartRestore => c.start_restore(ids.restore, None).await,
        Op::StopRestore => c.stop_restore(ids.restore).await,
        Op::ListAgentsV2 => c.list_agents_v2().await.map(drop),
        Op::FindAgentV2 => c.find_agent_v2(&ids.host).await.map(drop),
        Op::AgentStatus => c.agent_status(&ids.v2).await.map(drop),
        Op::SetEventMode => c.set_event_mode(EventMode::Idle).await,
        Op::ProjectEvents => c.project_events(None, Some(5), None).await.map(drop),
        Op::RequestLogfile => c.request_logfile(&ids.v2).await.map(drop),
        Op::ListLogfiles => c.list_logfiles(&ids.v2).await.map(drop),
        Op::LogfileDetails => c.logfile_details(&ids.v2, &ids.logfile).await.map(drop),
        Op::DeleteLogfile => c.delete_logfile(&ids.v2, &ids.logfile).await,
    }
}

/// Makes every next request to `region` fail once with 503.
async fn fail_region_once(region: &str) {
    fail_next(&format!("*/{}/*", region.to_ascii_lowercase())).await;
}

#[wasm_bindgen_test]
async fn every_operation_maps_401_403_404_and_503() {
    let region = "HKG";
    let c = admin(region);
    let v1 = c.list_agents().await.unwrap_or_else(|e| panic!("{}", e.detail())).items;
    let agent = v1.iter().find(|a| a.is_encrypted).expect("an encrypted agent");
    let host = agent.host_server_id.clone().expect("host id");
    let v2 = c.find_agent_v2(&host).await.unwrap_or_else(|e| panic!("{}", e.detail())).expect("its v2 agent").id;
    let activity = c.agent_activity(agent.machine_agent_id).await.unwrap_or_else(|e| panic!("{}", e.detail()));
    let restore = activity.iter().find(|a| a.kind == "Restore").map(|a| a.id).expect("a restore");
    let logfile = c.request_logfile(&v2).await.unwrap_or_else(|e| panic!("{}", e.detail())).logfile_id;
    let ids = Ids { agent: agent.machine_agent_id, v2, host, restore, logfile };
    let missing =
        Ids { agent: 1, v2: "no-such-agent".into(), host: String::new(), restore: 1, logfile: "no-such-log".into() };
    let wrong_region =
        Client::new(Token::new("demo-token"), RegionEndpoint::from_root("XYZ", &format!("{SIM}/xyz"), TENANT));
    let bad = Client::new(Token::new("not-a-token"), endpoint(region, TENANT));
    // A character the browser's Headers.set throws on (a pasted ellipsis):
    // refused like a wrong token, the exception never raised.
    let pasted = Client::new(Token::new("demo…token"), endpoint(region, TENANT));
    let stranger = Client::new(Token::new("demo-token"), endpoint(region, "999999"));
    let watcher = observer(region).await;

    for op in Op::ALL {
        expect_err(&format!("{op:?} 401"), run(op, &bad, &ids).await, is_401);
        expect_err(&format!("{op:?} 401, a token no header can carry"), run(op, &pasted, &ids).await, is_401);
        let refused = if op.writes() { run(op, &watcher, &ids).await } else { run(op, &stranger, &ids).await };
        expect_err(&format!("{op:?} 403"), refused, is_403);
        // Operations on an ID get 404 for a missing one; the others for a missing region.
        let lost = match op {
            Op::ListAgents
            | Op::WakeUp
            | Op::UserActivity
            | Op::ListAgentsV2
            | Op::FindAgentV2
            | Op::SetEventMode
            | Op::ProjectEvents => run(op, &wrong_region, &ids).await,
            _ => run(op, &c, &missing).await,
        };
        expect_err(&format!("{op:?} 404"), lost, is_404);
        fail_region_once(region).await;
        expect_err(&format!("{op:?} 503"), run(op, &c, &ids).await, is_503);
    }
}
