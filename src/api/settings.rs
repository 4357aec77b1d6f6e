//! An agent's settings: its log level (v1 and v2) and whether it is enabled
//! (v2; v1's `agent/enable` is in `v1.rs`). API-REFERENCE §4.1, §7.2.

use super::http::Method;
use super::lenient;
use super::reply;
use super::{encode_segment, ApiError, Client};
use serde_json::{json, Value};

/// An agent's log level, least to most verbose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LogLevel {
    Fatal,
    Error,
    Warn,
    Info,
    Debug,
    Trace,
    All,
}

impl LogLevel {
    pub const ALL: [LogLevel; 7] = [
        LogLevel::Fatal,
        LogLevel::Error,
        LogLevel::Warn,
        LogLevel::Info,
        LogLevel::Debug,
        LogLevel::Trace,
        LogLevel::All,
    ];

    /// v2's name (`/log_level`), lower case.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::Fatal => "fatal",
            LogLevel::Error => "error",
            LogLevel::Warn => "warn",
            LogLevel::Info => "info",
            LogLevel::Debug => "debug",
            LogLevel::Trace => "trace",
            LogLevel::All => "all",
        }
    }

    /// v1's `LoggingLevelId` as Rackspace's SDK numbers it (1 Fatal … 7
    /// All); the docs' table stops at 6 ("ALL/TRACE"), which is Trace here.
    pub fn v1_code(self) -> u64 {
        match self {
            LogLevel::Fatal => 1,
            LogLevel::Error => 2,
            LogLevel::Warn => 3,
            LogLevel::Info => 4,
            LogLevel::Debug => 5,
            LogLevel::Trace => 6,
            LogLevel::All => 7,
        }
    }

    /// A level by name in any case (v1 says "Warn", v2 "warn").
    pub fn parse(name: &str) -> Option<LogLevel> {
        LogLevel::ALL.into_iter().find(|l| l.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// Reads `GET /v1.0/agent/logging/{id}`: a JSON string such as `"Warn"`
/// (the SDK strips its quotes, so a bare `Warn` is read too).
pub fn parse_log_level(body: &str) -> Result<LogLevel, ApiError> {
    let name = match reply::decode::<String>(body, "log level") {
        Ok(name) => name,
        Err(_) if body.trim().chars().all(|c| c.is_ascii_alphabetic()) => body.trim().to_string(),
        Err(e) => return Err(e),
    };
    LogLevel::parse(&name).ok_or_else(|| ApiError::Decode {
        what: format!(
            "log level: expected one of Fatal, Error, Warn, Info, Debug, Trace, All, got {}",
            lenient::describe(&Value::from(name))
        ),
    })
}

/// Body of `PUT /v1.0/{t}/agent/logging`. The docs show a form
/// (`MachineAgentId=…&LoggingLevelId=6`); Rackspace's SDK sends this JSON,
/// `LoggingLevelid` spelt so, to the live service, and so does the console.
pub fn v1_level_body(machine_agent_id: u64, level: LogLevel) -> String {
    json!({ "MachineAgentId": machine_agent_id, "LoggingLevelid": level.v1_code() }).to_string()
}

impl Client {
    /// `PUT /v1.0/{t}/agent/logging` → 204 (the docs' form answers 200).
    pub async fn set_log_level(&self, machine_agent_id: u64, level: LogLevel) -> Result<(), ApiError> {
        let body = v1_level_body(machine_agent_id, level);
        self.call(Method::Put, self.v1_url("agent/logging"), Some(body), &[204, 200]).await?;
        Ok(())
    }

    /// `GET /v1.0/{t}/agent/logging/{machineAgentId}`.
    pub async fn log_level(&self, machine_agent_id: u64) -> Result<LogLevel, ApiError> {
        let url = self.v1_url(&format!("agent/logging/{machine_agent_id}"));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        parse_log_level(&r.body)
    }

    /// `PATCH /v2/{p}/agents/{id}` `/log_level` → 204.
    pub async fn set_log_level_v2(&self, agent_id: &str, level: LogLevel) -> Result<(), ApiError> {
        let url = self.v2_url(&format!("agents/{}", encode_segment(agent_id)));
        self.patch_replace(url, "/log_level", Value::from(level.as_str())).await
    }

    /// `PATCH /v2/{p}/agents/{id}` `/enabled` → 204. Disabling keeps the
    /// agent and its backups.
    pub async fn set_agent_enabled_v2(&self, agent_id: &str, enabled: bool) -> Result<(), ApiError> {
        let url = self.v2_url(&format!("agents/{}", encode_segment(agent_id)));
        self.patch_replace(url, "/enabled", Value::from(enabled)).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_read_in_either_spelling_and_number_as_the_sdk_does() {
        for l in LogLevel::ALL {
            assert_eq!(LogLevel::parse(l.as_str()), Some(l));
            assert_eq!(LogLevel::parse(&l.as_str().to_ascii_uppercase()), Some(l));
        }
        let codes: Vec<u64> = LogLevel::ALL.iter().map(|l| l.v1_code()).collect();
        assert_eq!(codes, [1, 2, 3, 4, 5, 6, 7]);
        assert_eq!(LogLevel::parse("verbose"), None);
    }

    #[test]
    fn the_v1_answer_is_a_json_string_or_a_bare_word() {
        assert_eq!(parse_log_level("\"Warn\""), Ok(LogLevel::Warn));
        assert_eq!(parse_log_level(" Debug\n"), Ok(LogLevel::Debug));
        for bad in ["\"Loud\"", "{\"Level\": 3}", "", "War n"] {
            assert!(matches!(parse_log_level(bad), Err(ApiError::Decode { .. })), "{bad}");
        }
    }
}
