"""The SDK's restore operations (cloudbackup.client.backup.Restores): made
through v1 (the SDK has no v2 create), read and followed through v1 and v2."""

import glob
import json
import os
import subprocess
import tempfile
import urllib.request

from cloudbackup.client import backup

KEYS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "keys")
PASSPHRASE = "demo-passphrase"


def encrypted_password(modulus_hex, passphrase):
    """The vault password as the API wants it (RSA PKCS#1 v1.5, hex), with the
    public half of the sim's key whose modulus the API gave: the SDK leaves
    this to its caller."""
    for pem in glob.glob(os.path.join(KEYS, "*.pem")):
        out = subprocess.run(["openssl", "rsa", "-in", pem, "-noout", "-modulus"], capture_output=True, text=True)
        if out.stdout.strip().split("=")[-1].lower() != modulus_hex.lower():
            continue
        public = subprocess.run(["openssl", "rsa", "-in", pem, "-pubout"], capture_output=True, text=True).stdout
        with tempfile.NamedTemporaryFile("w", suffix=".pem", delete=False) as f:
            f.write(public)
        cipher = subprocess.run(["openssl", "pkeyutl", "-encrypt", "-pubin", "-inkey", f.name,
                                 "-pkeyopt", "rsa_padding_mode:pkcs1"],
                                input=passphrase.encode(), capture_output=True, check=True).stdout
        os.unlink(f.name)
        return cipher.hex()
    raise RuntimeError("no key of the sim has modulus " + modulus_hex[:16])


def newest_v2_restore(a, api, tenant):
    request = urllib.request.Request("http://{0}/v2/{1}/restores?limit=1".format(api, tenant),
                                     headers={"X-Auth-Token": a.AuthToken})
    with urllib.request.urlopen(request) as r:
        return json.load(r)["restores"][0]["id"]


def _first_restorable(b, agent):
    from cloudbackup.client import agents
    ag = agents.Agents(False, b.authenticator, b.apihost, api_version=1, project_id=b.project_id)
    ag.GetAgentConfiguration(agent["id"])
    for config_id in ag.AgentConfiguration(agent["id"]).GetBackupIds():
        found = b.GetBackupsForRestore(agent["id"], config_id)["backups"]
        if found:
            return found[0]
    return None


def restore_steps(step, a, api, tenant, plain, encrypted, wait_for):
    for agent, label in ((plain, "plain vault"), (encrypted, "encrypted vault")):
        r = backup.Restores(False, a, api, api_version=1, project_id=tenant)
        b = backup.Backups(False, a, api, api_version=1, project_id=tenant)
        point = step("v1 restores ({0}): a restorable backup".format(label), lambda: _first_restorable(b, agent),
                     lambda p: p is not None)
        if point is None:
            continue
        completed = b.GetCompletedBackups(point["BackupConfigurationId"])
        config = backup.RestoreConfiguration()
        config.BackupId = completed[0]["BackupId"]
        config.BackupMachineId = agent["id"]
        config.DestinationMachineId = agent["id"]
        config.DestinationPath = "/tmp/sdk-check/"
        config.OverwriteFiles = False
        made = step("v1 restores ({0}): CreateRestoreConfiguration".format(label),
                    lambda: r.CreateRestoreConfiguration(config), lambda m: bool(m.get("RestoreId")))
        if not made:
            continue
        rid = made["RestoreId"]
        step("v1 restores: IncludePath", lambda: r.IncludePath(rid, "/etc/"), lambda x: x is True)
        step("v1 restores: ExcludeFile", lambda: r.ExcludeFile(rid, "/etc/shadow"), lambda x: x is True)
        listed = step("v1 restores: ListIncExcFiles", lambda: r.ListIncExcFiles(rid), lambda l: len(l) == 2)
        password = None
        if agent["encrypted"]:
            password = encrypted_password(made["BackupConfiguration"]["EncryptionKey"]["ModulusHex"]
                                          if "BackupConfiguration" in made else made["PublicKey"]["ModulusHex"],
                                          PASSPHRASE)
        step("v1 restores ({0}): StartRestore".format(label), lambda: r.StartRestore(rid, password),
             lambda x: x is True)
        step("v1 restores: GetRestoreDetails", lambda: r.GetRestoreDetails(rid), lambda d: d.get("RestoreId") == rid)
        step("v1 restores: MonitorRestoreProgress (to the end)",
             lambda: r.MonitorRestoreProgress(rid, 30000, pausePeriod=0.2), lambda x: True)
        step("v1 restores ({0}): GetRestoreReport says completed".format(label), lambda: r.GetRestoreReport(rid),
             lambda rep: rep.get("State") == "Completed" or rep.get("RestoreStateId") == 3)
        v2 = backup.Restores(False, a, api, api_version=2, project_id=tenant)
        v2_id = newest_v2_restore(a, api, tenant)
        step("v2 restores: GetRestoreDetails", lambda: v2.GetRestoreDetails(v2_id), lambda d: d.get("id") == v2_id)
        step("v2 restores: MonitorRestoreProgress", lambda: v2.MonitorRestoreProgress(v2_id, 5000, pausePeriod=0.2),
             lambda x: True)
        if listed:
            step("v1 restores: DeleteRestoreConfiguration",
                 lambda: r.DeleteRestoreConfiguration(r.CreateRestoreConfiguration(config)["RestoreId"]),
                 lambda x: x is True)

    # Stop: a restore started and stopped at once.
    r = backup.Restores(False, a, api, api_version=1, project_id=tenant)
    b = backup.Backups(False, a, api, api_version=1, project_id=tenant)
    point = _first_restorable(b, plain)
    if point is not None:
        config = backup.RestoreConfiguration()
        config.BackupId = b.GetCompletedBackups(point["BackupConfigurationId"])[0]["BackupId"]
        config.BackupMachineId = config.DestinationMachineId = plain["id"]
        config.DestinationPath = "/tmp/sdk-check-stop/"
        rid = r.CreateRestoreConfiguration(config).get("RestoreId")
        step("v1 restores: StartRestore (to stop)", lambda: r.StartRestore(rid), lambda x: x is True)
        step("v1 restores: StopRestore", lambda: r.StopRestore(rid), lambda x: x is True)
        step("v1 restores: stopped", lambda: wait_for("Stopped", lambda: r.GetRestoreDetails(rid).get("RestoreStateId")
                                                      == 4), lambda x: x is True)
