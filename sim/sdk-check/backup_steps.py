"""The SDK's backup configuration, backup and cleanup operations
(cloudbackup.client.backup.Backups)."""

from cloudbackup.client import backup


def new_configuration(version, agent, name):
    if version == 1:
        c = backup.BackupConfiguration()
        c.ConfigurationName = name
        c.MachineAgentId = agent["id"]
        c.AddFolder("/etc/")
        c.AddFolder("/etc/ssl/private/", excluded=True)
        return c
    c = backup.BackupConfigurationV2()
    c.ConfigurationName = name
    c.MachineAgentId = agent["v2_id"]
    c.AddFolder("/etc/")
    c.AddFolder("/etc/ssl/private/", excluded=True)
    return c


def backup_steps(step, a, api, tenant, version, agent, wait_for):
    v = "v{0}".format(version)
    ident = agent["id"] if version == 1 else agent["v2_id"]
    b = backup.Backups(False, a, api, api_version=version, project_id=tenant)
    config = new_configuration(version, agent, "sdk-check " + v)
    step(v + " configurations: CreateBackupConfiguration", lambda: b.CreateBackupConfiguration(config),
         lambda r: r is True)
    config_id = config.ConfigurationId if version == 1 else getattr(b, "configuration_id", None)
    if config_id is None:
        return
    if version == 1:
        got = step("v1 configurations: RetrieveBackupConfiguration", lambda: b.RetrieveBackupConfiguration(config_id),
                   lambda c: c.ConfigurationName == "sdk-check v1")
        if got is not None:
            got.ConfigurationName = "sdk-check v1 renamed"
            step("v1 configurations: UpdateBackupConfiguration", lambda: b.UpdateBackupConfiguration(got),
                 lambda r: r is True)
            step("v1 configurations: update read back",
                 lambda: b.RetrieveBackupConfiguration(config_id).ConfigurationName,
                 lambda n: n == "sdk-check v1 renamed")
    step(v + " configurations: EnableDisableBackupConfiguration off",
         lambda: b.EnableDisableBackupConfiguration(ident, config_id, False), lambda r: r is True)
    step(v + " configurations: EnableDisableBackupConfiguration on",
         lambda: b.EnableDisableBackupConfiguration(ident, config_id, True), lambda r: r is True)

    snapshot = step(v + " backups: StartBackup", lambda: b.StartBackup(config_id), lambda s: bool(s))
    if snapshot:
        step(v + " backups: MonitorBackupProgress (to the end)",
             lambda: b.MonitorBackupProgress(snapshot, 60000, pausePeriod=0.2), lambda r: True)
        progress = b.GetBackupProgressV1 if version == 1 else b.GetBackupProgressV2
        step(v + " backups: GetBackupProgress says completed", lambda: progress(snapshot),
             lambda p: p.get("CurrentState", p.get("state")) in ("Completed", "completed"))
        step(v + " backups: GetBackupReport", lambda: b.GetBackupReport(snapshot), lambda r: bool(r))
        if version == 2:
            step("v2 backups: GetBackupErrors", lambda: b.GetBackupErrors(snapshot), lambda r: "errors" in r)
        step(v + " backups: GetAllBackupsForConfiguration",
             lambda: b.GetAllBackupsForConfiguration(ident, config_id),
             lambda l: any(str(x["id"]) == str(snapshot) for x in l))
        if version == 1:
            step("v1 backups: GetCompletedBackups", lambda: b.GetCompletedBackups(config_id),
                 lambda l: any(str(x["BackupId"]) == str(snapshot) for x in l))
            step("v1 backups: GetCompletedBackup", lambda: b.GetCompletedBackup(config_id, str(snapshot)),
                 lambda r: r is True)
        step(v + " backups: GetBackupsForRestore", lambda: b.GetBackupsForRestore(ident, config_id),
             lambda r: r["code"] == 200 and len(r["backups"]) >= 1)
    # v1 lists an agent's cleanups from its activity; v2 from a configuration's.
    cleanups_of = ident if version == 1 else config_id
    cleanups = step(v + " cleanups: GetAllCleanupsForConfiguration",
                    lambda: b.GetAllCleanupsForConfiguration(cleanups_of), lambda l: isinstance(l, list))
    if cleanups:
        step(v + " cleanups: GetCleanupReport", lambda: b.GetCleanupReport(cleanups[0]["id"]), lambda r: bool(r))
    step(v + " configurations: DeleteBackupConfiguration", lambda: b.DeleteBackupConfiguration(config_id),
         lambda r: r is True)
