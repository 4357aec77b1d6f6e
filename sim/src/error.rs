//! Errors of the simulated API, rendered as the real one does: a status code
//! and a JSON body with a `message` (v2 style, which the v1 faults resemble).

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

#[derive(Debug, Clone, PartialEq)]
pub enum SimError {
    BadRequest(String),
    Unauthorized(&'static str),
    Forbidden(String),
    NotFound(String),
    Conflict(String),
    Unavailable { retry_after: u32 },
    Internal(String),
}

impl IntoResponse for SimError {
    fn into_response(self) -> Response {
        let (status, message) = match &self {
            SimError::BadRequest(m) => (StatusCode::BAD_REQUEST, m.clone()),
            SimError::Unauthorized(m) => (StatusCode::UNAUTHORIZED, (*m).to_string()),
            SimError::Forbidden(m) => (StatusCode::FORBIDDEN, m.clone()),
            SimError::NotFound(m) => (StatusCode::NOT_FOUND, m.clone()),
            SimError::Conflict(m) => (StatusCode::CONFLICT, m.clone()),
            SimError::Internal(m) => (StatusCode::INTERNAL_SERVER_ERROR, m.clone()),
            SimError::Unavailable { .. } => {
                (StatusCode::SERVICE_UNAVAILABLE, "The service is temporarily unavailable (simulated).".into())
            }
        };
        let body = serde_json::json!({"message": message, "code": status.as_u16()}).to_string();
        let mut resp = (status, [(header::CONTENT_TYPE, "application/json")], body).into_response();
        if let SimError::Unavailable { retry_after } = self {
            if let Ok(v) = HeaderValue::from_str(&retry_after.to_string()) {
                resp.headers_mut().insert(header::RETRY_AFTER, v);
            }
        }
        resp
    }
}

/// Parses a JSON request body, or answers 400 naming the problem.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, SimError> {
    serde_json::from_slice(body).map_err(|e| {
        SimError::BadRequest(format!(
            "Invalid request body: unable to parse JSON ({e}). Please review JSON formatting."
        ))
    })
}
