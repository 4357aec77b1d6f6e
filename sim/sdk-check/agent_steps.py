"""The SDK's agent operations (cloudbackup.client.agents and .rse)."""

import os
import tempfile

from cloudbackup.client import agents, rse


def agent_steps(step, a, api, tenant, version, agent, wait_for):
    v = "v{0}".format(version)
    ident = agent["id"] if version == 1 else agent["v2_id"]
    ag = agents.Agents(False, a, api, api_version=version, project_id=tenant)

    ids = step(v + " agents: GetAgentsFromApi", ag.GetAgentsFromApi, lambda l: ident in l)
    step(v + " agents: GetAgentDetails", lambda: ag.GetAgentDetails(ident), lambda r: r is True)
    details = step(v + " agents: AgentDetails", lambda: ag.AgentDetails(ident), lambda d: d is not None)
    if details is not None:
        step(v + " agents: details read (name, OS, key, status)",
             lambda: (details.MachineName, details.OperatingSystem, details.PublicKey, details.IsEnabled,
                      details.IsEncrypted, details.Datacenter),
             lambda t: t[0] == agent["name"])
    step(v + " agents: GetAllAgentsForHost (by name)",
         lambda: ag.GetAllAgentsForHost(cloud_server_name=agent["name"]), lambda l: len(l) >= 1)
    wake_code = 200 if version == 1 else 202
    step(v + " agents: WakeAgents", ag.WakeAgents, lambda code: code == wake_code)
    step(v + " agents: GetAgentConfiguration", lambda: ag.GetAgentConfiguration(ident), lambda r: r is not False)
    config = step(v + " agents: AgentConfiguration", lambda: ag.AgentConfiguration(ident), lambda c: c is not None)
    if config is not None:
        step(v + " agents: configuration read (volumes, RSE, log level, backups)",
             lambda: (config.Volumes, config.RseHeartbeatConfig, config.ConfigLogLevel, config.GetBackupIds()),
             lambda t: t[0] is not None)
    step(v + " agents: GetAgentLatestActivity", lambda: ag.GetAgentLatestActivity(ident), lambda r: r is not None)
    # Event IDs are strings in v2 (as the docs' example has them); v1 numbers.
    since = 0 if version == 1 else "0"
    step(v + " agents: GetAgentEventsSince", lambda: ag.GetAgentEventsSince(ident, since, 10, {}),
         lambda r: r is not None)

    heartbeat = rse.Rse("backup-console-sdk-check", "1.0", a, ag, "", apihost=api,
                        api_version=version, project_id=tenant)
    heartbeat.sslenabled = False  # the SDK fixes https for RSE; the sim serves http
    step(v + " rse: MonitorForHeartBeat", lambda: wait_for("a heartbeat", lambda: heartbeat.MonitorForHeartBeat(ident)))
    step(v + " agents: WakeSpecificAgent", lambda: ag.WakeSpecificAgent(ident, heartbeat, 10000), lambda r: r is True)

    levels = agents.AgentLogLevel(False, a, api, api_version=version, project_id=tenant)
    before = step(v + " log level: GetLogLevel", lambda: levels.GetLogLevel(ident), lambda l: bool(l))
    step(v + " log level: SetLogLevel debug", lambda: levels.SetLogLevel(ident, "Debug"), lambda r: r is not False)
    step(v + " log level: reads back debug", lambda: levels.GetLogLevel(ident), lambda l: str(l).lower() == "debug")
    step(v + " log level: PushLogLevel warn", lambda: levels.PushLogLevel(ident, "Warn"))
    step(v + " log level: PopLogLevel", lambda: levels.PopLogLevel(ident))
    if before:
        step(v + " log level: SetLogLevel back", lambda: levels.SetLogLevel(ident, str(before).capitalize()))

    step(v + " logs: GetAgentLogFile", lambda: ag.GetAgentLogFile(ident), lambda r: bool(r))
    logs = step(v + " logs: GetExistingAgentLogFiles (until uploaded)",
                lambda: wait_for("an uploaded log", lambda: [l for l in ag.GetExistingAgentLogFiles(ident)
                                                              if l.get("link")]),
                lambda l: bool(l))
    if logs:
        target = os.path.join(tempfile.mkdtemp(), "agent.log.gz")
        step(v + " logs: DownloadAgentLogFile (Etag checked by the SDK)",
             lambda: ag.DownloadAgentLogFile(logs[0], target), lambda r: r is True and os.path.getsize(target) > 0)

    if version == 1:  # a v1 call in either client (it sends the v1 MachineAgentId)
        step("v1 agents: EnableDisableAgent off", lambda: ag.EnableDisableAgent(ident, enabled=False))
        step("v1 agents: EnableDisableAgent on", lambda: ag.EnableDisableAgent(ident, enabled=True))
    return ids
