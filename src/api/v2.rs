//! Cloud Backup v2 operations (`{v2_base}/…`, API-REFERENCE §6 and §7).

use super::http::Method;
use super::page::{PageQuery, SortDir};
use super::reply;
use super::types::{ActivateEventV2, AgentListV2, AgentStatusV2, AgentV2, EventPageV2, LogfileListV2, LogfileV2};
use super::{encode_query, encode_segment, ApiError, Client};

/// How often agents check in (`agent_activate` modes, API-REFERENCE §7.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventMode {
    Idle,
    Active,
    RealTime,
}

impl EventMode {
    pub const ALL: [EventMode; 3] = [EventMode::Idle, EventMode::Active, EventMode::RealTime];

    /// The wire value.
    pub fn as_str(self) -> &'static str {
        match self {
            EventMode::Idle => "idle",
            EventMode::Active => "active",
            EventMode::RealTime => "real_time",
        }
    }

    pub fn parse(s: &str) -> Option<EventMode> {
        EventMode::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

/// What `POST …/logfiles` answered: where the new log file lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogfileRequest {
    /// The `Location` header as sent (its host may be the docs' mock host).
    pub location: String,
    /// The log file id: the `Location`'s last segment, or the body's `id`.
    pub logfile_id: String,
    /// The body, when the API sent one.
    pub logfile: Option<LogfileV2>,
}

/// The last path segment of a URL (IDs in `Location` headers).
pub fn last_segment(url: &str) -> Option<&str> {
    url.split(['?', '#']).next().and_then(|p| p.trim_end_matches('/').rsplit('/').next()).filter(|s| !s.is_empty())
}

/// The ID of what a 202/201 created: the last segment of its `Location`
/// (whose path may differ from the route's: the docs' browse answers name
/// `/browse-request/…`, singular), else the `id` of the body.
pub(crate) fn created_id(location: &str, body_id: Option<&str>, what: &str) -> Result<String, ApiError> {
    last_segment(location)
        .or(body_id.filter(|id| !id.is_empty()))
        .map(str::to_string)
        .ok_or_else(|| ApiError::Decode { what: format!("{what}: no Location header and no id in the body") })
}

impl Client {
    /// `GET /v2/{p}/agents`.
    pub async fn list_agents_v2(&self) -> Result<Vec<AgentV2>, ApiError> {
        let r = self.call(Method::Get, self.v2_url("agents"), None, &[200]).await?;
        reply::decode::<AgentListV2>(&r.body, "v2 agent list").map(|l| l.agents)
    }

    /// `GET /v2/{p}/agents?host_machine_id=…`: the v2 record of the agent on
    /// a Cloud Server (v1 `HostServerId`), which is how v1 and v2 IDs meet.
    pub async fn find_agent_v2(&self, host_machine_id: &str) -> Result<Option<AgentV2>, ApiError> {
        let url = format!("{}?host_machine_id={}", self.v2_url("agents"), encode_query(host_machine_id));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode::<AgentListV2>(&r.body, "v2 agent list").map(|l| l.agents.into_iter().next())
    }

    /// `GET /v2/{p}/agents/{agent_id}/status` → `{"busy", "online"}`.
    pub async fn agent_status(&self, agent_id: &str) -> Result<AgentStatusV2, ApiError> {
        let url = self.v2_url(&format!("agents/{}/status", encode_segment(agent_id)));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "agent status")
    }

    /// `POST /v2/{p}/events` `{"event": "agent_activate", "mode": …}` → 202.
    pub async fn set_event_mode(&self, mode: EventMode) -> Result<(), ApiError> {
        let body = ActivateEventV2 { event: "agent_activate", mode: mode.as_str() }.body();
        self.call(Method::Post, self.v2_url("events"), Some(body), &[202, 200, 204]).await?;
        Ok(())
    }

    /// `GET /v2/{p}/events?marker&limit&sort_dir`: events newer than `marker`.
    pub async fn project_events(
        &self,
        marker: Option<&str>,
        limit: Option<u32>,
        sort_dir: Option<SortDir>,
    ) -> Result<EventPageV2, ApiError> {
        let page = PageQuery { marker: marker.map(str::to_string), limit, sort_dir };
        let url = page.apply(self.v2_url("events"), &[]);
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "project events")
    }

    /// `POST /v2/{p}/agents/{agent_id}/logfiles` → 202 + `Location`.
    pub async fn request_logfile(&self, agent_id: &str) -> Result<LogfileRequest, ApiError> {
        let url = self.v2_url(&format!("agents/{}/logfiles", encode_segment(agent_id)));
        let r = self.call(Method::Post, url, None, &[202, 201]).await?;
        let logfile: Option<LogfileV2> =
            if r.body.trim().is_empty() { None } else { Some(reply::decode(&r.body, "log file request")?) };
        let location = r.location.clone().unwrap_or_default();
        let logfile_id = created_id(&location, logfile.as_ref().map(|l| l.id.as_str()), "log file request")?;
        Ok(LogfileRequest { location, logfile_id, logfile })
    }

    /// `GET /v2/{p}/agents/{agent_id}/logfiles`.
    pub async fn list_logfiles(&self, agent_id: &str) -> Result<Vec<LogfileV2>, ApiError> {
        let url = self.v2_url(&format!("agents/{}/logfiles", encode_segment(agent_id)));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode::<LogfileListV2>(&r.body, "log file list").map(|l| l.logfiles)
    }

    /// `GET /v2/{p}/agents/{agent_id}/logfiles/{logfile_id}`.
    pub async fn logfile_details(&self, agent_id: &str, logfile_id: &str) -> Result<LogfileV2, ApiError> {
        let url = self.v2_url(&format!("agents/{}/logfiles/{}", encode_segment(agent_id), encode_segment(logfile_id)));
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "log file")
    }

    /// `DELETE /v2/{p}/agents/{agent_id}/logfiles/{logfile_id}` → 204.
    pub async fn delete_logfile(&self, agent_id: &str, logfile_id: &str) -> Result<(), ApiError> {
        let url = self.v2_url(&format!("agents/{}/logfiles/{}", encode_segment(agent_id), encode_segment(logfile_id)));
        self.call(Method::Delete, url, None, &[204, 200]).await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_from_the_last_segment_of_location() {
        assert_eq!(
            last_segment("https://cloudbackupapi.apiary-mock.com/v2/agents/8f13/logfiles/a533a845-4279?x=1"),
            Some("a533a845-4279")
        );
        assert_eq!(last_segment("/v2/1/agents/x/logfiles/abc/"), Some("abc"));
        assert_eq!(last_segment(""), None);
    }

    #[test]
    fn a_created_id_comes_from_location_else_from_the_body() {
        let docs = "https://cloudbackupapi.apiary-mock.com/v2/agents/8f13/browse-request/16ce47f7-88b2";
        assert_eq!(created_id(docs, Some("other"), "browse"), Ok("16ce47f7-88b2".to_string()));
        assert_eq!(created_id("", Some("a533"), "log file"), Ok("a533".to_string()));
        let err = created_id("", Some(""), "browse request");
        assert!(matches!(err, Err(ApiError::Decode { what }) if what.starts_with("browse request: no Location")));
    }

    #[test]
    fn event_modes_round_trip_their_wire_names() {
        for m in EventMode::ALL {
            assert_eq!(EventMode::parse(m.as_str()), Some(m));
        }
        assert_eq!(EventMode::RealTime.as_str(), "real_time");
        assert_eq!(EventMode::parse("realtime"), None);
    }
}
