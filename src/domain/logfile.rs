//! A log-file request as a tracked job: requested → started → completed (with
//! a download link), or failed when the agent never picks it up.

use crate::api::types::LogfileV2;

/// How long a request may wait for the agent before the console gives up.
pub const PICKUP_TIMEOUT_MS: i64 = 5 * 60_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogState {
    Requested,
    Started,
    Completed { download: Option<String> },
    Failed { reason: String },
}

impl LogState {
    pub fn label(&self) -> &'static str {
        match self {
            LogState::Requested => "Requested: waiting for the agent",
            LogState::Started => "Started: the agent is uploading",
            LogState::Completed { .. } => "Completed",
            LogState::Failed { .. } => "Failed",
        }
    }

    pub fn is_done(&self) -> bool {
        matches!(self, LogState::Completed { .. } | LogState::Failed { .. })
    }
}

/// The state of a log file as the API reports it.
pub fn state_of(lf: &LogfileV2) -> LogState {
    match lf.state.as_str() {
        "completed" => LogState::Completed { download: lf.download_url().map(str::to_string) },
        "started" => LogState::Started,
        "failed" | "error" => LogState::Failed { reason: "The agent reported that the upload failed.".into() },
        _ => LogState::Requested,
    }
}

/// The job's state after a poll at `now_ms`: a request the agent has not
/// picked up within [`PICKUP_TIMEOUT_MS`] is failed with advice.
pub fn after_poll(lf: &LogfileV2, requested_ms: i64, now_ms: i64) -> LogState {
    let state = state_of(lf);
    if state == LogState::Requested && now_ms - requested_ms > PICKUP_TIMEOUT_MS {
        return LogState::Failed {
            reason: "The agent did not pick up the request within 5 minutes; it may be offline. Wake agents up and request the log again."
                .into(),
        };
    }
    state
}

/// The download link as the console may offer it: `https://`, or on the
/// console's own origin (`page_origin`, e.g. `https://portal.example.com`,
/// or a path on it). Anything else the API might send (plain `http://` to
/// another host, `javascript:`, `data:`) is not offered as a link.
pub fn offered_link(href: &str, page_origin: &str) -> Option<String> {
    let href = href.trim();
    let https = href.get(..8).is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"));
    let own_path = href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/\\");
    let own_origin = !page_origin.is_empty()
        && href.strip_prefix(page_origin).is_some_and(|rest| rest.is_empty() || rest.starts_with(['/', '?']));
    (https || own_path || own_origin).then(|| href.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::types::LinkV2;

    #[test]
    fn only_https_or_same_origin_links_are_offered() {
        let page = "http://127.0.0.1:8080";
        assert!(offered_link("https://storage.example/log.gz?temp_url_sig=x", page).is_some());
        assert!(offered_link("HTTPS://storage.example/log.gz", page).is_some());
        assert!(offered_link("http://127.0.0.1:8080/files/log.gz", page).is_some());
        assert!(offered_link("/files/log.gz", page).is_some());
        assert_eq!(offered_link("http://storage.example/log.gz", page), None);
        assert_eq!(offered_link("http://127.0.0.1:8080.evil.example/log.gz", page), None);
        assert_eq!(offered_link("javascript:alert(1)", page), None);
        assert_eq!(offered_link("//evil.example/log.gz", page), None);
        assert_eq!(offered_link("data:text/html,x", ""), None);
    }

    fn lf(state: &str, link: bool) -> LogfileV2 {
        let mut links = vec![LinkV2 { href: "https://api/self".into(), rel: "self".into() }];
        if link {
            links.push(LinkV2 { href: "https://files/log.gz?temp_url_sig=x".into(), rel: "logfile_temp_url".into() });
        }
        LogfileV2 { id: "a".into(), state: state.into(), links, ..LogfileV2::default() }
    }

    #[test]
    fn states_follow_the_api() {
        assert_eq!(state_of(&lf("requested", false)), LogState::Requested);
        assert_eq!(state_of(&lf("started", false)), LogState::Started);
        assert_eq!(
            state_of(&lf("completed", true)),
            LogState::Completed { download: Some("https://files/log.gz?temp_url_sig=x".into()) }
        );
        assert!(state_of(&lf("completed", true)).is_done());
        assert!(!state_of(&lf("started", false)).is_done());
    }

    #[test]
    fn an_unclaimed_request_fails_with_advice_after_the_timeout() {
        assert_eq!(after_poll(&lf("requested", false), 0, PICKUP_TIMEOUT_MS), LogState::Requested);
        match after_poll(&lf("requested", false), 0, PICKUP_TIMEOUT_MS + 1) {
            LogState::Failed { reason } => assert!(reason.contains("Wake agents up")),
            other => panic!("{other:?}"),
        }
        assert_eq!(after_poll(&lf("started", false), 0, PICKUP_TIMEOUT_MS + 1), LogState::Started);
    }
}
