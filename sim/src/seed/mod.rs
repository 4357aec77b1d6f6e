//! The deterministic seeded world: the same `--agents` and `--seed` always
//! give the same agents, configurations, backups, restores and history.
//!
//! Every regional endpoint sees the whole tenant (the v1 list is per user, not
//! per region); agents are spread over datacenters, operating systems, agent
//! versions, encryption, disabled flags and backup ages, and over three power
//! states: awake (online), sleeping (offline until woken), and off.

use crate::clock::{epoch_ms, Clock};
use crate::config::SimConfig;
use crate::keys::KeyPool;
use crate::rng::Rng;
mod history;

use crate::world::{Agent, Power, World, REGIONS};
use serde_json::Value;

const ROLES: [&str; 12] =
    ["web", "db", "app", "cache", "mail", "files", "api", "worker", "search", "build", "proxy", "batch"];

/// (name, version, architecture, windows?)
const SYSTEMS: [(&str, &str, &str, bool); 8] = [
    ("Windows Server 2012 R2", "6.3", "64-bit", true),
    ("Windows Server 2016", "10.0", "64-bit", true),
    ("Windows Server 2008 R2", "6.1", "64-bit", true),
    ("Ubuntu", "16.04", "64-bit", false),
    ("Ubuntu", "18.04", "64-bit", false),
    ("CentOS", "7", "64-bit", false),
    ("Debian", "9", "64-bit", false),
    ("Red Hat Enterprise Linux", "6.9", "32-bit", false),
];

const VERSIONS: [&str; 5] = ["1.36.009741", "1.34.009541", "1.30.008856", "1.23.008344", "1.10.006176"];

const DAY_MS: i64 = 86_400_000;

fn vault_size(rng: &mut Rng) -> Option<String> {
    match rng.range(0, 10) {
        0 => None,
        1..=3 => Some(format!("{:.1} MB", rng.range(10, 9990) as f64 / 10.0)),
        4..=8 => Some(format!("{:.1} GB", rng.range(10, 9990) as f64 / 10.0)),
        _ => Some(format!("{:.1} TB", rng.range(10, 40) as f64 / 10.0)),
    }
}

/// Minutes to months old, and sometimes never.
fn last_backup(rng: &mut Rng, now_ms: i64) -> Option<i64> {
    let roll = rng.range(0, 100);
    let age = match roll {
        0..=49 => rng.range(60_000, DAY_MS as u64) as i64,
        50..=69 => rng.range(DAY_MS as u64, 7 * DAY_MS as u64) as i64,
        70..=84 => rng.range(7 * DAY_MS as u64, 60 * DAY_MS as u64) as i64,
        85..=94 => rng.range(60 * DAY_MS as u64, 180 * DAY_MS as u64) as i64,
        _ => return None,
    };
    Some(now_ms - age)
}

/// A power state by position, so small worlds always have every kind:
/// of every 8 agents, 5 are awake, 2 sleeping and 1 off.
fn power(i: usize) -> Power {
    match i % 8 {
        1 | 4 => Power::Sleeping,
        7 => Power::Off,
        _ => Power::Awake,
    }
}

pub fn world(config: &SimConfig) -> Result<World, String> {
    let keys = KeyPool::load()?;
    let clock = Clock::new(config.time_scale);
    let mut rng = Rng::new(config.seed);
    let now_ms = epoch_ms();
    let mut agents = Vec::with_capacity(config.agents);
    for i in 0..config.agents {
        let (os_name, os_version, architecture, windows) = *rng.pick(&SYSTEMS);
        let role = ROLES[i % ROLES.len()];
        let name =
            if windows { format!("{}-{:02}", role.to_uppercase(), i + 1) } else { format!("{role}-{:02}", i + 1) };
        // Half the agents live in DFW, the rest spread over the other regions.
        let datacenter = if i % 2 == 0 { REGIONS[0] } else { REGIONS[1 + (i / 2) % (REGIONS.len() - 1)] };
        let ip = format!("162.209.{}.{}", 10 + (i / 250) % 240, 1 + i % 250);
        agents.push(Agent {
            v1_id: 202_743 + (i as u64) * 17,
            v2_id: rng.uuid(),
            host_server_id: rng.uuid(),
            name,
            os_name: os_name.into(),
            os_version: os_version.into(),
            architecture,
            version: rng.pick(&VERSIONS).to_string(),
            datacenter,
            ip,
            encrypted: i % 3 == 0,
            disabled: i % 9 == 5,
            vault_size: vault_size(&mut rng),
            last_backup_ms: last_backup(&mut rng, now_ms),
            key: i % keys.len().max(1),
            power: power(i),
            wake_at: None,
            awake_until: None,
            // Awake agents last checked in some time within the idle hour, so
            // in idle mode only a few heartbeats show up, as the docs warn.
            last_heartbeat: std::time::Instant::now()
                .checked_sub(clock.scaled(std::time::Duration::from_secs(rng.range(0, 3600)))),
            registered_ms: now_ms - rng.range(200, 2000) as i64 * DAY_MS,
            deleted: false,
            log_level: 3,
            passphrase: None,
            use_service_net: true,
            backup_datacenter: None,
        });
    }
    if config.hostile {
        make_hostile(&mut agents);
    }
    let mut world = World::new(config.tenant.clone(), clock, keys, agents, Vec::new(), Vec::new(), rng);
    history::seed(&mut world, now_ms, config.configs_per_agent);
    Ok(world)
}

/// Texts that would run script or break a page if rendered as markup; every
/// one sets `window.__xss` if it ever executes.
pub const HOSTILE_NAMES: [&str; 5] = [
    "<img src=x onerror=\"window.__xss=1\">web-evil",
    "<script>window.__xss=2</script>db-evil",
    "\u{202E}exe.lanretni-gpj",
    "🦀 backup サーバー 🔥 \u{1F600}",
    "\"><svg onload=window.__xss=3>",
];

/// The error message backup-sim sends for the hostile agent whose details fail.
pub const HOSTILE_ERROR: &str = "<img src=x onerror=\"window.__xss=4\"> details exploded";

/// The agent (by position) whose details fail with [`HOSTILE_ERROR`].
pub const HOSTILE_FAILING: usize = 7;
/// The agent whose vault size is [`HOSTILE_VAULT`].
pub const HOSTILE_VAULT_AGENT: usize = 8;
/// A vault size that is text, not a size: where the console sorts by size.
pub const HOSTILE_VAULT: &str = "∞ MB";
/// The agent whose OS version is a 100 KB string of non-ASCII letters.
pub const HOSTILE_HUGE_TEXT: usize = 9;
/// The agent whose list and details records (v1 and v2) are `null` in every
/// field but its ID (and, in v1 details, its true status).
pub const HOSTILE_NULLS: usize = 10;
/// The Identity token expiry sent with `--hostile`: a non-ASCII offset. It
/// once stopped the console at sign-in (a byte slice inside the `é`); it must
/// read as "expiry unknown".
pub const HOSTILE_EXPIRES: &str = "2026-01-01T00:00:00+1é0";

/// One hostile value per extra record of the v1 agent list, as JSON text:
/// every field type of the record (its numeric ID, text, optional text,
/// flags, the `/Date()/` date and the key object with its hex) gets a value
/// no reading of the docs allows, so each record must be refused on its own.
pub const HOSTILE_V1_VALUES: [(&str, &str); 12] = [
    // Digits, but full-width ones: not a number to any ASCII parser.
    ("MachineAgentId", r#""２０２７""#),
    // A number field sent as an object.
    ("MachineAgentId", r#"{"$numberLong": "2027"}"#),
    // A number beyond 64 bits.
    ("MachineAgentId", "18446744073709551616"),
    // Text sent as a list.
    ("MachineName", r#"["web-99", "web-100"]"#),
    // Optional text sent as an object.
    ("BackupVaultSize", r#"{"MB": 35}"#),
    // A flag that is neither true nor false, and a flag sent as a list.
    ("IsEncrypted", r#""maybe""#),
    ("IsDisabled", "[true]"),
    // `/Date()/` with a non-ASCII digit, with a number past 64 bits, and an
    // ISO date with a non-ASCII offset where `/Date()/` belongs.
    ("TimeOfLastSuccessfulBackup", r#""/Date(1é0)/""#),
    ("TimeOfLastSuccessfulBackup", r#""/Date(99999999999999999999999)/""#),
    ("TimeOfLastSuccessfulBackup", r#""2026-01-01T00:00:00+1é0""#),
    // The key as a string, and a key whose hex has a non-ASCII letter.
    ("PublicKey", r#""10001:c0ffee""#),
    ("PublicKey", r#"{"ExponentHex": "10001", "ModulusHex": "c0ffee é 00"}"#),
];

/// Unreadable records in the hostile v1 agent list: one per
/// [`HOSTILE_V1_VALUES`], one with every field `null`, and the single-quoted
/// one (see `routes::v1::list_agents`).
pub const HOSTILE_V1_UNREADABLE: usize = HOSTILE_V1_VALUES.len() + 2;

/// The same for the v2 agent list (`{"agents": […]}`).
pub const HOSTILE_V2_VALUES: [(&str, &str); 8] = [
    // Text sent as an object.
    ("id", r#"{"uuid": "8f135b4f"}"#),
    // The ISO date Identity once crashed the console with, and one with
    // full-width digits.
    ("registered_time", r#""2026-01-01T00:00:00+1é0""#),
    ("registered_time", r#""２０２６-01-01T00:00:00Z""#),
    ("enabled", r#""maybe""#),
    ("enabled", "[true]"),
    ("rsa_public_key", r#""10001:c0ffee""#),
    ("rsa_public_key", r#"{"exponent": 10001, "modulus": "c0ffee é 00"}"#),
    // A number (the address's IP version) sent as an object.
    ("host", r#"{"flavor": "nova", "addresses": [{"version": {"v": 4}, "addr": "10.0.0.1"}]}"#),
];

/// An ID no seeded agent has (they start at 202,743, 17 apart).
const EXTRA_ID: u64 = 9_900_000;

/// Records of a list (v1 or v2) that each carry one hostile value, built
/// from `template` (a real record of the same list, so every other field is
/// valid) that `fresh` gives the k-th record's own ID, name and server: no
/// agent has them, so a console that shows one has read what it should have
/// refused. A last record has every field `null`.
fn hostile_records(template: &Value, values: &[(&str, &str)], fresh: &dyn Fn(&mut Value, usize)) -> Vec<Value> {
    let mut records = Vec::with_capacity(values.len() + 1);
    for (k, (field, json)) in values.iter().enumerate() {
        let mut r = template.clone();
        fresh(&mut r, k);
        // The values are constants above; a typo shows as `null` in tests.
        r[*field] = serde_json::from_str(json).unwrap_or(Value::Null);
        records.push(r);
    }
    if let Value::Object(fields) = template {
        records.push(Value::Object(fields.keys().map(|k| (k.clone(), Value::Null)).collect()));
    }
    records
}

/// The Cloud Server of the k-th extra record (a UUID no agent has).
fn extra_server(k: usize) -> String {
    format!("00000000-0000-4000-8000-{:012}", 990_000 + k)
}

/// The extra records of the hostile v1 agent list (`template`: a v1 agent).
pub fn hostile_v1_records(template: &Value) -> Vec<Value> {
    hostile_records(template, &HOSTILE_V1_VALUES, &|r, k| {
        r["MachineAgentId"] = Value::from(EXTRA_ID + k as u64);
        r["MachineName"] = Value::from(format!("unreadable-{k}"));
        r["HostServerId"] = Value::from(extra_server(k));
    })
}

/// The extra records of the hostile v2 agent list (`template`: a v2 agent).
pub fn hostile_v2_records(template: &Value) -> Vec<Value> {
    hostile_records(template, &HOSTILE_V2_VALUES, &|r, k| {
        r["id"] = Value::from(format!("unreadable-{k}"));
        r["name"] = Value::from(format!("unreadable-{k}"));
        r["links"] = Value::Array(Vec::new());
        if let Some(machine) = r.pointer_mut("/host/machine").filter(|m| m.is_object()) {
            machine["id"] = Value::from(extra_server(k));
        }
    })
}

/// `record` with every field but `keep` set to `null` (the
/// [`HOSTILE_NULLS`] agent, which the console must show as far as it can).
pub fn nulls_but(record: Value, keep: &[&str]) -> Value {
    match record {
        Value::Object(fields) => Value::Object(
            fields
                .into_iter()
                .map(|(k, v)| if keep.contains(&k.as_str()) { (k, v) } else { (k, Value::Null) })
                .collect(),
        ),
        other => other,
    }
}

fn make_hostile(agents: &mut [Agent]) {
    for (a, name) in agents.iter_mut().skip(1).zip(HOSTILE_NAMES) {
        a.name = name.to_string();
    }
    if let Some(a) = agents.get_mut(6) {
        a.name = format!("long-{}", "A".repeat(10_240));
        a.os_name = "<b onmouseover=\"window.__xss=5\">Ubuntu</b>".into();
        a.version = "1.0<iframe src=javascript:window.__xss=6>".into();
    }
    if let Some(a) = agents.get_mut(HOSTILE_VAULT_AGENT) {
        a.vault_size = Some(HOSTILE_VAULT.into());
    }
    // 51,200 two-byte letters: 100 KB of text in one field.
    if let Some(a) = agents.get_mut(HOSTILE_HUGE_TEXT) {
        a.os_version = "Ж".repeat(51_200);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::world::RestoreState;

    #[test]
    fn same_seed_same_world() {
        let c = SimConfig { agents: 50, ..Default::default() };
        let (a, b) = (world(&c).expect("seeded"), world(&c).expect("seeded"));
        let names = |w: &World| w.agents.iter().map(|a| (a.v1_id, a.v2_id.clone(), a.name.clone())).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
    }

    #[test]
    fn the_default_world_has_every_kind_of_agent() {
        let w = world(&SimConfig::default()).expect("seeded");
        assert_eq!(w.agents.len(), 12);
        let has = |f: &dyn Fn(&Agent) -> bool| w.agents.iter().any(f);
        assert!(has(&|a| a.power == Power::Awake));
        assert!(has(&|a| a.power == Power::Sleeping));
        assert!(has(&|a| a.power == Power::Off));
        assert!(has(&|a| a.encrypted) && has(&|a| !a.encrypted));
        assert!(has(&|a| a.disabled) && has(&|a| !a.disabled));
        assert!(w.agents.iter().map(|a| a.datacenter).collect::<std::collections::HashSet<_>>().len() >= 4);
        // Every agent has a restore ready to start.
        assert!(w
            .agents
            .iter()
            .enumerate()
            .all(|(i, _)| w.restores.values().any(|r| r.destination == i && r.state == RestoreState::Creating)));
    }

    #[test]
    fn the_default_world_has_backups_in_every_state_and_restores_of_real_ones() {
        use crate::world::BackupState::*;
        let w = world(&SimConfig::default()).expect("seeded");
        for state in [Completed, CompletedWithErrors, Failed, Missed, InProgress] {
            assert!(w.backups.values().any(|b| b.state == state), "{state:?}");
        }
        assert!(w.backups.values().filter(|b| b.state == CompletedWithErrors).all(|b| !b.errors.is_empty()));
        assert!(
            w.agents.iter().enumerate().all(|(i, _)| w.configs_of(i).next().is_some()),
            "every agent has a configuration"
        );
        assert!(
            w.configs.values().any(|c| !c.enabled)
                && w.configs.values().any(|c| c.schedule == crate::world::Schedule::Manual)
        );
        for r in w.restores.values() {
            let b = &w.backups[&r.backup_id];
            assert!(
                b.restorable && b.config == r.config_id && b.agent == r.source,
                "restore {} of backup {}",
                r.id,
                b.id
            );
        }
        for (i, a) in w.agents.iter().enumerate() {
            let newest = w.backups.values().filter(|b| b.agent == i && b.restorable).filter_map(|b| b.ended_ms).max();
            assert_eq!(a.last_backup_ms, newest, "{}'s last backup is its newest completed one", a.name);
        }
        // The demo keeps its spread of backup ages (weeks and months old too),
        // which finishing the seeded runs must not move to now.
        assert!(w
            .agents
            .iter()
            .any(|a| a.last_backup_ms.is_some_and(|t| crate::clock::epoch_ms() - t > 7 * 86_400_000)));
    }

    #[test]
    fn ten_thousand_agents_have_distinct_ids() {
        let w = world(&SimConfig { agents: 10_000, ..Default::default() }).expect("seeded");
        assert_eq!(w.agents.len(), 10_000);
        let v1: std::collections::HashSet<u64> = w.agents.iter().map(|a| a.v1_id).collect();
        let v2: std::collections::HashSet<&str> = w.agents.iter().map(|a| a.v2_id.as_str()).collect();
        assert_eq!((v1.len(), v2.len()), (10_000, 10_000));
    }
}
