"""Drives backup-sim with Rackspace's own SDK, unmodified.

Usage: python drive.py HOST:PORT   (the SDK package `cloudbackup` importable)

Every operation of the SDK's `cloudbackup` client (agents, log levels, backup
configurations, backups, cleanups, restores, RSE heartbeats) is called in
its v1 and, where it has one, its v2 form, with only the endpoints pointed
at the sim: the API host is `HOST:PORT/dfw` over plain HTTP, and Identity's
URL (which the SDK builds for https://identity.api.rackspacecloud.com) is
replaced by the sim's. A step fails when the SDK raises, returns its own
failure value, or logs an error (the SDK logs every unexpected status), so
a wrong status code or a missing field shows as the SDK's own complaint.
Prints one line per step and exits 1 if any failed.
"""

import json
import logging
import sys
import time
import types
import urllib.request

# The SDK is Python 2 code in places; these are the Python 2 names it uses
# that Python 3 lacks (its requests, URLs and parsing are left as they are).
for name, value in (("StringTypes", (str,)), ("StringType", str), ("UnicodeType", str), ("IntType", int),
                    ("LongType", int), ("BooleanType", bool), ("FloatType", float), ("ListType", list),
                    ("DictType", dict), ("TupleType", tuple)):
    setattr(types, name, value)

# Calls the SDK cannot make against any server, with why (the sim answers
# the documented path; these are reported, not counted as failures).
SDK_DEFECTS = {
    "v1 agents: GetAgentLatestActivity": "the SDK builds /v1.0/{tenant}/system/activity{id} without the '/' before the ID",
    "v1 agents: GetAgentEventsSince": "the SDK builds /v1.0/{tenant}/system/activity{id} without the '/' before the ID",
    "v2 cleanups: GetAllCleanupsForConfiguration": "its v2 branch names an undefined variable (NameError: backup_config_id)",
    "v1 restores: DeleteRestoreConfiguration": "the SDK expects 200; the API answers 204 since 2013-12-31 (API-REFERENCE §4 row 28)",
    "v1 configurations: RetrieveBackupConfiguration": "Python 2 only: its setters compare None with numbers",
}

from cloudbackup.client import agents, auth

HOST = sys.argv[1]
API = HOST + "/dfw"
TENANT = "123456"


class ErrorLog(logging.Handler):
    """Collects what the SDK logs at ERROR and above during one step."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.records = []

    def emit(self, record):
        self.records.append(record.getMessage())


ERRORS = ErrorLog()
logging.getLogger().addHandler(ERRORS)
logging.getLogger().setLevel(logging.INFO)
for noisy in ("urllib3", "requests"):
    logging.getLogger(noisy).setLevel(logging.WARNING)
FAILED = []


def step(name, call, check=lambda r: r is not False):
    """Runs one SDK call; it passes when it neither raises nor logs an error
    and `check` accepts its result."""
    ERRORS.records.clear()
    try:
        result = call()
        ok = check(result) and not ERRORS.records
        why = "; ".join(dict.fromkeys(ERRORS.records)) or ("" if ok else "unexpected result: {0!r}".format(result)[:300])
    except Exception as e:  # the SDK raises on a status it does not expect
        result, ok, why = None, False, "{0}: {1}".format(type(e).__name__, e)[:300]
    if not ok and name in SDK_DEFECTS:
        print("sdk  {0}  -- SDK defect: {1} ({2})".format(name, SDK_DEFECTS[name], why))
        return result
    print("{0:4} {1}{2}".format("ok" if ok else "FAIL", name, "" if ok else "  -- " + why))
    if not ok:
        FAILED.append(name)
    return result


def sim_state():
    """The sim's own view (which agents are online): not part of the SDK, only
    used to choose the agents the SDK acts on."""
    with urllib.request.urlopen("http://{0}/_sim/state".format(HOST)) as r:
        return json.load(r)


def wait_for(what, probe, seconds=30):
    end = time.time() + seconds
    while time.time() < end:
        value = probe()
        if value:
            return value
        time.sleep(0.2)
    raise RuntimeError("timed out waiting for " + what)


def sign_in():
    a = auth.Authentication("demo", "demo-key", usertype="user", method="apikey", datacenter="us")
    a.uri = "http://{0}/v2.0/tokens".format(HOST)  # the SDK's only fixed URL
    step("auth: GetToken (API key)", a.GetToken, lambda t: bool(t))
    step("auth: AuthTenantId", lambda: a.AuthTenantId, lambda t: str(t) == TENANT)
    step("auth: IsExpired", a.IsExpired, lambda e: e is False)
    return a


def main():
    a = sign_in()
    state = sim_state()
    online = [x for x in state["agents"] if x["online"] and not x["disabled"]]
    plain = next(x for x in online if not x["encrypted"])
    encrypted = next(x for x in online if x["encrypted"])
    from agent_steps import agent_steps
    from backup_steps import backup_steps
    from restore_steps import restore_steps

    for version in (1, 2):
        agent_steps(step, a, API, TENANT, version, plain, wait_for)
        backup_steps(step, a, API, TENANT, version, plain, wait_for)
    restore_steps(step, a, API, TENANT, plain, encrypted, wait_for)
    spare = [x for x in state["agents"] if x not in (plain, encrypted)]
    for version, agent in ((1, spare[0]), (2, spare[1])):
        ident = agent["id"] if version == 1 else agent["v2_id"]
        ag = agents.Agents(False, a, API, api_version=version, project_id=TENANT)
        step("v{0} agents: RemoveAgent".format(version), lambda: ag.RemoveAgent(ident), lambda r: r is True)
        step("v{0} agents: removed agent no longer listed".format(version), ag.GetAgentsFromApi,
             lambda ids: ident not in ids)
    print("{0} step(s) failed".format(len(FAILED)) if FAILED else "every step passed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
