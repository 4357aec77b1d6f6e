//! Command-line options of backup-sim.

use std::path::PathBuf;

/// A failure injected on requests whose path matches a pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct FailRule {
    /// `None` matches every method.
    pub method: Option<String>,
    /// `*` matches any run of characters.
    pub pattern: String,
    pub outcome: FailOutcome,
    /// How many more requests fail; `None` = all of them.
    pub remaining: Option<u32>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FailOutcome {
    /// Answer with this status (503 carries `Retry-After`).
    Status(u16),
    /// Answer 200 with a body that is not valid JSON.
    Malformed,
    /// Answer 200 with a body over 32 MB (the console's limit): valid JSON,
    /// an empty list padded with spaces, so only a size limit refuses it.
    /// With `content_length` the size is declared up front; without, the
    /// body is streamed (chunked) and only reading it shows its size.
    Huge { content_length: bool },
    /// Wait this many milliseconds, then answer as usual (a slow path).
    Slow(u64),
    /// Do what was asked, then answer 504 as a proxy that gave up waiting
    /// would: the client cannot tell whether its write happened.
    Lost,
}

impl FailRule {
    /// Parses `[METHOD ]PATTERN=OUTCOME[xCOUNT]`, e.g. `POST */wakeupagents=503x2`,
    /// `GET */user/agents=malformed`, `=huge` (over 32 MB, with Content-Length),
    /// `=huge-stream` (the same streamed, without it) or `=slow2000` (2 s late).
    pub fn parse(spec: &str) -> Result<FailRule, String> {
        let (lhs, rhs) = spec.rsplit_once('=').ok_or_else(|| format!("`{spec}`: expected PATTERN=STATUS"))?;
        let (method, pattern) = match lhs.trim().split_once(' ') {
            Some((m, p)) => (Some(m.trim().to_ascii_uppercase()), p.trim().to_string()),
            None => (None, lhs.trim().to_string()),
        };
        let (what, count) = match rhs.split_once('x') {
            Some((w, c)) => (w, Some(c.parse::<u32>().map_err(|_| format!("`{spec}`: bad count `{c}`"))?)),
            None => (rhs, None),
        };
        let what = what.trim();
        let slow = what.get(..4).filter(|p| p.eq_ignore_ascii_case("slow")).and_then(|_| what.get(4..));
        let outcome = if what.eq_ignore_ascii_case("malformed") {
            FailOutcome::Malformed
        } else if what.eq_ignore_ascii_case("huge") {
            FailOutcome::Huge { content_length: true }
        } else if what.eq_ignore_ascii_case("huge-stream") {
            FailOutcome::Huge { content_length: false }
        } else if what.eq_ignore_ascii_case("lost") {
            FailOutcome::Lost
        } else if let Some(ms) = slow {
            FailOutcome::Slow(ms.parse().map_err(|_| format!("`{spec}`: bad delay `{ms}` (slowMILLISECONDS)"))?)
        } else {
            let status: u16 = what.parse().map_err(|_| format!("`{spec}`: bad status `{what}`"))?;
            if !(400..600).contains(&status) {
                return Err(format!("`{spec}`: status must be 400-599"));
            }
            FailOutcome::Status(status)
        };
        if pattern.is_empty() {
            return Err(format!("`{spec}`: empty pattern"));
        }
        Ok(FailRule { method, pattern, outcome, remaining: count })
    }

    pub fn matches(&self, method: &str, path: &str) -> bool {
        self.method.as_deref().is_none_or(|m| m.eq_ignore_ascii_case(method)) && glob(&self.pattern, path)
    }
}

/// `*` matches any run of characters (including `/`); everything else literally.
pub fn glob(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let mut rest = text;
    for (i, part) in parts.iter().enumerate() {
        if i == 0 {
            match rest.strip_prefix(part) {
                Some(r) => rest = r,
                None => return false,
            }
        } else if i == parts.len() - 1 {
            return rest.ends_with(part);
        } else {
            match rest.split_once(part) {
                Some((_, after)) => rest = after,
                None => return false,
            }
        }
    }
    true
}

#[derive(Debug, Clone)]
pub struct SimConfig {
    pub port: u16,
    pub bind: String,
    pub agents: usize,
    pub seed: u64,
    pub latency_ms: u64,
    pub fail_rate: f64,
    pub fail_rules: Vec<FailRule>,
    pub time_scale: f64,
    /// Lifetime of tokens issued by Identity, seconds.
    pub token_ttl: u64,
    pub serve: Option<PathBuf>,
    /// Catalog URL template; `{region}` is replaced by the lower-case region.
    /// Default: this server's own address + `/{region}`.
    pub catalog_url: Option<String>,
    pub tenant: String,
    /// Seed hostile data (markup, scripts, control characters, huge strings,
    /// nulls, agent records with one undecodable value each, an unreadable
    /// token expiry) to prove the console renders it as text and keeps
    /// working (see `seed::make_hostile` and `seed::hostile_v1_records`).
    pub hostile: bool,
    /// Extra listeners that each serve one region without the `/{region}`
    /// path prefix, as a real regional host does (for a reverse proxy).
    pub region_ports: Vec<(String, u16)>,
    /// Backup configurations per agent: `None` for the varied demo (one to
    /// three), or a fixed number (the scale benchmark uses five).
    pub configs_per_agent: Option<usize>,
}

impl Default for SimConfig {
    fn default() -> Self {
        SimConfig {
            port: 8080,
            bind: "127.0.0.1".into(),
            agents: 12,
            seed: 1,
            latency_ms: 0,
            fail_rate: 0.0,
            fail_rules: Vec::new(),
            time_scale: 1.0,
            token_ttl: 86_400,
            serve: None,
            catalog_url: None,
            tenant: "123456".into(),
            configs_per_agent: None,
            region_ports: Vec::new(),
            hostile: false,
        }
    }
}

pub const USAGE: &str = "backup-sim: the Cloud Backup + Identity APIs as a local HTTP server

Usage: backup-sim [options]
  --port N            listen port (default 8080; 0 picks a free one)
  --bind ADDR         listen address (default 127.0.0.1)
  --agents N          agents in the seeded world (default 12)
  --seed N            world seed (default 1)
  --latency-ms N      delay added to every API answer
  --fail-rate F       fraction of API requests answered 503 + Retry-After (0..1)
  --fail SPEC         fail matching requests: '[METHOD ]PATTERN=OUTCOME[xCOUNT]'
                      OUTCOME: a status 400-599, 'malformed' (not JSON), 'huge'
                      (a 33 MB answer with Content-Length), 'huge-stream' (the
                      same streamed, no Content-Length), 'slowMS' (answers MS
                      milliseconds late), 'lost' (does it, then answers 504);
                      e.g. 'POST */user/wakeupagents=503x2', '*/events=malformed',
                      'GET */user/agents=slow3000x1', 'PUT */restore=lostx1'
  --time-scale F      multiply every simulated duration (0.1 = ten times faster)
  --token-ttl SECS    lifetime of tokens issued by Identity (default 86400)
  --serve DIR         also serve DIR as a single-page app, with /config.json
  --catalog-url URL   catalog base per region, '{region}' replaced (default: own address)
  --tenant ID         the tenant (default 123456)
  --configs-per-agent N  backup configurations per agent (default: one to three)
  --hostile           seed agents whose names and texts hold HTML, scripts,
                      RTL overrides, 10 KB and 100 KB strings, emoji, nulls and
                      an odd vault size; add agent records (v1 and v2 lists)
                      with one undecodable value each; Identity sends an
                      unreadable token expiry (for tests)
  --region-port R=N   also listen on port N as region R's own host: paths
                      without the /{region} prefix (/v1.0/…, /v2/…); repeatable
";

impl SimConfig {
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Result<SimConfig, String> {
        let mut c = SimConfig::default();
        let mut it = args.into_iter();
        while let Some(flag) = it.next() {
            let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
            match flag.as_str() {
                "--port" => c.port = parse(&flag, &value(&flag)?)?,
                "--bind" => c.bind = value(&flag)?,
                "--agents" => c.agents = parse(&flag, &value(&flag)?)?,
                "--seed" => c.seed = parse(&flag, &value(&flag)?)?,
                "--latency-ms" => c.latency_ms = parse(&flag, &value(&flag)?)?,
                "--fail-rate" => {
                    c.fail_rate = parse(&flag, &value(&flag)?)?;
                    if !(0.0..=1.0).contains(&c.fail_rate) {
                        return Err("--fail-rate must be between 0 and 1".into());
                    }
                }
                "--fail" => c.fail_rules.push(FailRule::parse(&value(&flag)?)?),
                "--time-scale" => {
                    c.time_scale = parse(&flag, &value(&flag)?)?;
                    if c.time_scale <= 0.0 || !c.time_scale.is_finite() {
                        return Err("--time-scale must be positive".into());
                    }
                }
                "--token-ttl" => c.token_ttl = parse(&flag, &value(&flag)?)?,
                "--serve" => c.serve = Some(PathBuf::from(value(&flag)?)),
                "--catalog-url" => c.catalog_url = Some(value(&flag)?),
                "--tenant" => c.tenant = value(&flag)?,
                "--hostile" => c.hostile = true,
                "--configs-per-agent" => c.configs_per_agent = Some(parse(&flag, &value(&flag)?)?),
                "--region-port" => {
                    let spec = value(&flag)?;
                    let (region, port) =
                        spec.split_once('=').ok_or_else(|| format!("--region-port {spec}: expected REGION=PORT"))?;
                    let region = region.trim().to_ascii_uppercase();
                    if !crate::world::REGIONS.contains(&region.as_str()) {
                        return Err(format!("--region-port: unknown region {region}"));
                    }
                    c.region_ports.push((region, parse(&flag, port)?));
                }
                "-h" | "--help" => return Err(USAGE.into()),
                other => return Err(format!("unknown option {other}\n\n{USAGE}")),
            }
        }
        Ok(c)
    }
}

fn parse<T: std::str::FromStr>(flag: &str, v: &str) -> Result<T, String> {
    v.parse().map_err(|_| format!("{flag}: `{v}` is not a valid value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn options_parse() {
        let c = SimConfig::from_args(args("--port 0 --agents 10000 --time-scale 0.1 --fail-rate 0.3")).expect("parses");
        assert_eq!((c.port, c.agents), (0, 10000));
        assert_eq!(c.time_scale, 0.1);
        assert!(SimConfig::from_args(args("--fail-rate 2")).is_err());
        assert!(SimConfig::from_args(args("--bogus")).is_err());
        let r = SimConfig::from_args(args("--region-port dfw=9001 --region-port LON=9002")).expect("parses");
        assert_eq!(r.region_ports, [("DFW".to_string(), 9001), ("LON".to_string(), 9002)]);
        assert!(SimConfig::from_args(args("--region-port MARS=1")).is_err());
    }

    #[test]
    fn fail_rules() {
        let r = FailRule::parse("POST */user/wakeupagents=503x2").expect("parses");
        assert_eq!(r.method.as_deref(), Some("POST"));
        assert_eq!(r.remaining, Some(2));
        assert!(r.matches("POST", "/dfw/v1.0/123456/user/wakeupagents"));
        assert!(!r.matches("GET", "/dfw/v1.0/123456/user/wakeupagents"));
        let m = FailRule::parse("*/events=malformed").expect("parses");
        assert_eq!(m.outcome, FailOutcome::Malformed);
        assert!(FailRule::parse("x=200").is_err());
        assert_eq!(FailRule::parse("*=huge").map(|r| r.outcome), Ok(FailOutcome::Huge { content_length: true }));
        let streamed = FailRule::parse("GET */user/agents=huge-streamx1").expect("parses");
        assert_eq!((streamed.outcome, streamed.remaining), (FailOutcome::Huge { content_length: false }, Some(1)));
        let slow = FailRule::parse("GET */user/agents=slow2500x3").expect("parses");
        assert_eq!((slow.outcome, slow.remaining), (FailOutcome::Slow(2500), Some(3)));
        assert!(FailRule::parse("*=slow").is_err() && FailRule::parse("*=slowé").is_err());
        assert!(FailRule::parse("*=hugé").is_err());
        assert_eq!(
            FailRule::parse("PUT */restore=lostx1").map(|r| (r.outcome, r.remaining)),
            Ok((FailOutcome::Lost, Some(1)))
        );
        assert!(glob("/a/*/c", "/a/b/b/c"));
        assert!(!glob("/a/*/c", "/a/b/d"));
    }
}
