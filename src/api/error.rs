//! `ApiError`: one variant per thing the user must be told differently.
//!
//! `Display` is the sentence shown on screen (what happened and what to do
//! next); [`ApiError::detail`] is the raw detail shown one click away. Neither
//! ever contains a token: the client never puts one into an error.

use std::fmt;

/// Why an API call failed, as the user needs to hear it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// 401: the token is missing, wrong or expired.
    Unauthorized,
    /// 403: the signed-in user's role may not do this (or the API refused it).
    Forbidden { message: Option<String> },
    /// 404: the thing asked for does not exist (any more).
    NotFound { message: Option<String> },
    /// 409: the request conflicts with the current state of the resource.
    Conflict { message: Option<String> },
    /// 503: the service is overloaded or down for a while.
    Unavailable { retry_after: Option<u32> },
    /// Any other status the API answered with (400, 500, 501, …).
    Server { status: u16, message: Option<String> },
    /// No answer: the network, a proxy, CORS, or a timeout.
    Network { detail: String },
    /// An answer the console could not read.
    Decode { what: String },
    /// An answer larger than the console reads (see `http::MAX_ANSWER_BYTES`).
    TooLarge { limit_mb: usize },
    /// A call interrupted by a 401 was not sent again, because the user
    /// signed back in to another tenant or region than it was started in.
    NotReplayed { started_in: String, now_in: String },
}

impl ApiError {
    /// The raw detail for the curious: status and API message, never a secret.
    pub fn detail(&self) -> String {
        let msg = |m: &Option<String>| m.clone().unwrap_or_else(|| "(no message)".into());
        match self {
            ApiError::Unauthorized => "HTTP 401 Unauthorized".into(),
            ApiError::Forbidden { message } => format!("HTTP 403 Forbidden: {}", msg(message)),
            ApiError::NotFound { message } => format!("HTTP 404 Not Found: {}", msg(message)),
            ApiError::Conflict { message } => format!("HTTP 409 Conflict: {}", msg(message)),
            ApiError::Unavailable { retry_after } => match retry_after {
                Some(s) => format!("HTTP 503 Service Unavailable, Retry-After: {s}"),
                None => "HTTP 503 Service Unavailable".into(),
            },
            ApiError::Server { status, message } => format!("HTTP {status}: {}", msg(message)),
            ApiError::Network { detail } => format!("No HTTP response: {detail}"),
            ApiError::Decode { what } => format!("Undecodable response: {what}"),
            ApiError::TooLarge { limit_mb } => format!("Response body over {limit_mb} MB, not read"),
            ApiError::NotReplayed { started_in, now_in } => {
                format!("Not sent again after sign-in: started in {started_in}, now signed in to {now_in}")
            }
        }
    }

    /// True when trying the same request again later may succeed.
    pub fn is_retryable(&self) -> bool {
        matches!(
            self,
            ApiError::Unavailable { .. } | ApiError::Network { .. } | ApiError::Server { status: 429 | 500..=599, .. }
        )
    }

    /// Seconds the API asked us to wait before retrying, if it said.
    pub fn retry_after(&self) -> Option<u32> {
        match self {
            ApiError::Unavailable { retry_after } => *retry_after,
            _ => None,
        }
    }
}

/// An API message inside a sentence: its own final period would double ours.
fn inner(message: &str) -> &str {
    message.trim_end().trim_end_matches(['.', '。'])
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Unauthorized => write!(
                f,
                "Your session has expired or the token was not accepted. Sign in again to continue."
            ),
            ApiError::Forbidden { message } => {
                write!(f, "Not allowed: your role cannot do this for this tenant")?;
                if let Some(m) = message {
                    write!(f, " ({})", inner(m))?;
                }
                write!(f, ". Ask an account admin for the Cloud Backup admin or creator role.")
            }
            ApiError::NotFound { message } => {
                write!(f, "Not found")?;
                if let Some(m) = message {
                    write!(f, " ({})", inner(m))?;
                }
                write!(f, ". It may have been deleted or belong to another region; refresh and check the ID.")
            }
            ApiError::Conflict { message } => {
                write!(f, "That is not possible in the current state")?;
                if let Some(m) = message {
                    write!(f, " ({})", inner(m))?;
                }
                write!(f, ". Refresh to see the latest state, then try again.")
            }
            ApiError::Unavailable { retry_after } => match retry_after {
                Some(s) => write!(f, "Cloud Backup is busy or down for maintenance. Try again in {s} s."),
                None => write!(f, "Cloud Backup is busy or down for maintenance. Try again in a minute."),
            },
            ApiError::Server { status, message } => {
                if *status == 429 {
                    write!(f, "The API asked the console to slow down (HTTP 429, too many requests)")?;
                } else if (400..500).contains(status) {
                    write!(f, "The API rejected the request (HTTP {status})")?;
                } else {
                    write!(f, "The API failed (HTTP {status})")?;
                }
                if let Some(m) = message {
                    write!(f, ": {}", inner(m))?;
                }
                if *status == 429 {
                    write!(f, ". Wait a minute, then try again.")
                } else if (500..600).contains(status) {
                    write!(f, ". Try again; if it keeps failing, report it to Cloud Backup with the detail below.")
                } else {
                    write!(f, ". Check the values and try again.")
                }
            }
            ApiError::Network { .. } => write!(
                f,
                "The API could not be reached (network, proxy or timeout). Check the connection and try again."
            ),
            ApiError::Decode { what } => write!(
                f,
                "The API sent an answer the console cannot read ({what}). Try again; if it persists, report it with the detail below."
            ),
            ApiError::NotReplayed { started_in, now_in } => write!(
                f,
                "Cancelled: this action was started in {started_in}, but you signed back in to {now_in}, so it was not sent there. Check the tenant and region, then start it again if it is still needed."
            ),
            ApiError::TooLarge { limit_mb } => write!(
                f,
                "The API's answer is larger than {limit_mb} MB, so the console stopped reading it rather than freeze this tab. Report it to Cloud Backup with the detail below."
            ),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sentence_says_what_to_do_next() {
        let all = [
            ApiError::Unauthorized,
            ApiError::Forbidden { message: None },
            ApiError::NotFound { message: None },
            ApiError::Conflict { message: None },
            ApiError::Unavailable { retry_after: Some(5) },
            ApiError::Unavailable { retry_after: None },
            ApiError::Server { status: 500, message: None },
            ApiError::Server { status: 400, message: None },
            ApiError::Network { detail: "x".into() },
            ApiError::Decode { what: "agent list".into() },
            ApiError::TooLarge { limit_mb: 32 },
            ApiError::Server { status: 429, message: None },
            ApiError::NotReplayed { started_in: "tenant 1 in DFW".into(), now_in: "tenant 1 in ORD".into() },
        ];
        let next_steps = ["Sign in", "Ask", "refresh", "Refresh", "Try again", "try again", "Check", "Report"];
        for e in all {
            let text = e.to_string();
            assert!(next_steps.iter().any(|s| text.contains(s)), "no next step in: {text}");
            assert!(!e.detail().is_empty());
        }
    }

    #[test]
    fn unavailable_tells_how_long_to_wait() {
        assert!(ApiError::Unavailable { retry_after: Some(7) }.to_string().contains("7 s"));
        assert_eq!(ApiError::Unavailable { retry_after: Some(7) }.retry_after(), Some(7));
    }

    #[test]
    fn api_messages_are_carried_into_the_sentence() {
        let e = ApiError::Conflict { message: Some("restore already running".into()) };
        assert!(e.to_string().contains("restore already running"));
        let e = ApiError::Server { status: 400, message: Some("Invalid password".into()) };
        assert!(e.to_string().contains("Invalid password"));
        assert!(e.to_string().contains("400"));
    }

    #[test]
    fn only_transient_failures_are_retryable() {
        assert!(ApiError::Unavailable { retry_after: None }.is_retryable());
        assert!(ApiError::Network { detail: String::new() }.is_retryable());
        assert!(ApiError::Server { status: 502, message: None }.is_retryable());
        assert!(!ApiError::Server { status: 400, message: None }.is_retryable());
        assert!(!ApiError::Unauthorized.is_retryable());
        assert!(!ApiError::Forbidden { message: None }.is_retryable());
        assert!(ApiError::Server { status: 429, message: None }.is_retryable());
        assert!(!ApiError::NotFound { message: None }.is_retryable());
        assert!(!ApiError::TooLarge { limit_mb: 32 }.is_retryable());
        assert!(!ApiError::Decode { what: String::new() }.is_retryable());
    }

    /// "…vault.. Check" and "not found.)." came from API messages that end
    /// in a period inside the console's own sentence.
    #[test]
    fn an_api_message_ending_in_a_period_does_not_double_it() {
        let e = ApiError::Server { status: 400, message: Some("Wrong password for the vault.".into()) };
        assert!(e.to_string().contains("vault. Check"), "{e}");
        let e = ApiError::NotFound { message: Some("Restore not found.".into()) };
        assert!(e.to_string().contains("Restore not found). It"), "{e}");
        for e in [e, ApiError::Conflict { message: Some("Busy...".into()) }] {
            assert!(!e.to_string().contains(".."), "{e}");
        }
    }
}
