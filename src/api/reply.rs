//! Turning an HTTP answer into a typed result: status codes into
//! [`ApiError`]s, bodies into wire types. Pure, so it is tested natively.

use super::error::ApiError;
use super::lenient::{self, FromJson};
use serde_json::Value;

/// What came back from one request, as the transport saw it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Reply {
    pub status: u16,
    pub body: String,
    /// The `Location` header (v2 202 answers name the new resource here).
    pub location: Option<String>,
    /// The `Retry-After` header, as sent.
    pub retry_after: Option<String>,
}

/// The human part of an error body: `{"message": …}` (v2), an OpenStack-style
/// fault `{"badRequest": {"message": …}}`, or a short plain-text body.
pub fn fault_message(body: &str) -> Option<String> {
    let trimmed = body.trim();
    if trimmed.is_empty() {
        return None;
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(trimmed) {
        let pick = |v: &serde_json::Value| {
            v.get("message")
                .or_else(|| v.get("Message"))
                .or_else(|| v.get("details"))
                .and_then(|m| m.as_str())
                .map(str::to_string)
        };
        if let Some(m) = pick(&value) {
            return Some(clip(&m));
        }
        if let Some(obj) = value.as_object() {
            if let Some(m) = obj.values().find_map(pick) {
                return Some(clip(&m));
            }
        }
        if let Some(s) = value.as_str() {
            return Some(clip(s));
        }
        return None;
    }
    // An HTML error page from a proxy says nothing useful in a sentence.
    if trimmed.starts_with('<') {
        return None;
    }
    Some(clip(trimmed))
}

fn clip(s: &str) -> String {
    const MAX: usize = 300;
    let s = s.trim();
    let safe = |c: char| if lenient::is_hidden_char(c) { '\u{FFFD}' } else { c };
    let mut out: String = s.chars().take(MAX).map(safe).collect();
    if s.chars().nth(MAX).is_some() {
        out.push('…');
    }
    out
}

/// Seconds from a `Retry-After` header (delta-seconds form; an HTTP date is
/// treated as "unknown" rather than guessed).
pub fn retry_after_seconds(header: Option<&str>) -> Option<u32> {
    header?.trim().parse().ok()
}

/// Maps a status that is not one of `ok` to the error the user must see.
pub fn check(reply: Reply, ok: &[u16]) -> Result<Reply, ApiError> {
    if ok.contains(&reply.status) {
        return Ok(reply);
    }
    let message = fault_message(&reply.body);
    Err(match reply.status {
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden { message },
        404 => ApiError::NotFound { message },
        409 => ApiError::Conflict { message },
        503 => ApiError::Unavailable { retry_after: retry_after_seconds(reply.retry_after.as_deref()) },
        // A gateway's answers: the proxy in front of the API could not reach
        // it (or could not verify its certificate), not an API failure.
        502 | 504 => ApiError::Network {
            detail: format!("HTTP {} from the proxy or gateway: no answer from the API", reply.status),
        },
        status => ApiError::Server { status, message },
    })
}

/// Decodes a JSON body leniently: the docs' leading-zero numbers are repaired
/// first (see [`lenient::repair_leading_zeros`]); anything else invalid is a
/// [`ApiError::Decode`] naming `what` and, where it can be found, the field.
pub fn decode<T: FromJson>(body: &str, what: &str) -> Result<T, ApiError> {
    T::from_json(&parse(body, what)?).map_err(|why| unreadable(what, why))
}

// The parts of `decode` that do not depend on `T`, kept out of line: each
// type decoded would otherwise carry its own copy (about 2 KB of wasm).
#[inline(never)]
fn parse(body: &str, what: &str) -> Result<Value, ApiError> {
    let repaired = lenient::repair_leading_zeros(body);
    serde_json::from_str(&repaired).map_err(|e| decode_error(&repaired, what, &e))
}

#[inline(never)]
fn unreadable(what: &str, why: String) -> ApiError {
    let sep = if why.starts_with("field") || why.starts_with("record") { ", " } else { ": " };
    ApiError::Decode { what: format!("{what}{sep}{why}") }
}

/// A list decoded record by record: what decoded, and why each other record
/// did not ("agent list, record 7, field `MachineAgentId`: …").
#[derive(Debug, Clone, PartialEq)]
pub struct Records<T> {
    pub items: Vec<T>,
    pub rejected: Vec<String>,
}

/// Decodes a JSON array one record at a time, so one malformed record is
/// reported and the others are kept. A body that is not an array at all is
/// a [`ApiError::Decode`].
pub fn decode_list<T: FromJson>(body: &str, what: &str) -> Result<Records<T>, ApiError> {
    let Some(parts) = lenient::split_array(body) else {
        return decode::<Vec<T>>(body, what).map(|items| Records { items, rejected: Vec::new() });
    };
    let mut records = Records { items: Vec::with_capacity(parts.len()), rejected: Vec::new() };
    for (i, part) in parts.iter().enumerate() {
        match decode::<T>(part, &format!("{what}, record {}", i + 1)) {
            Ok(item) => records.items.push(item),
            Err(ApiError::Decode { what }) => records.rejected.push(what),
            Err(other) => records.rejected.push(other.detail()),
        }
    }
    Ok(records)
}

pub(crate) fn decode_error(text: &str, what: &str, e: &serde_json::Error) -> ApiError {
    let field = lenient::field_at(text, e.line(), e.column());
    let what = match field {
        Some(f) => format!("{what}, field `{f}`: {e}"),
        None => format!("{what}: {e}"),
    };
    ApiError::Decode { what }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &str) -> Reply {
        Reply { status, body: body.into(), ..Reply::default() }
    }

    #[test]
    fn every_documented_status_maps_to_its_error() {
        assert_eq!(check(reply(200, "[]"), &[200]).map(|r| r.status), Ok(200));
        assert_eq!(check(reply(204, ""), &[200, 204]).map(|r| r.status), Ok(204));
        assert_eq!(check(reply(202, ""), &[202]).map(|r| r.status), Ok(202));
        assert_eq!(check(reply(401, ""), &[200]), Err(ApiError::Unauthorized));
        assert_eq!(
            check(reply(403, r#"{"message": "Observers may not write."}"#), &[200]),
            Err(ApiError::Forbidden { message: Some("Observers may not write.".into()) })
        );
        assert_eq!(
            check(reply(404, r#"{"message": "Agent not found."}"#), &[200]),
            Err(ApiError::NotFound { message: Some("Agent not found.".into()) })
        );
        assert_eq!(check(reply(404, ""), &[200]), Err(ApiError::NotFound { message: None }));
        assert!(matches!(check(reply(409, "{}"), &[204]), Err(ApiError::Conflict { message: None })));
        assert_eq!(
            check(Reply { status: 503, retry_after: Some("12".into()), ..Reply::default() }, &[200]),
            Err(ApiError::Unavailable { retry_after: Some(12) })
        );
        assert_eq!(
            check(reply(400, r#"{"badRequest": {"code": 400, "message": "Invalid request body"}}"#), &[200]),
            Err(ApiError::Server { status: 400, message: Some("Invalid request body".into()) })
        );
        assert_eq!(
            check(reply(500, "Instance Fault"), &[200]),
            Err(ApiError::Server { status: 500, message: Some("Instance Fault".into()) })
        );
        assert_eq!(check(reply(501, ""), &[200]), Err(ApiError::Server { status: 501, message: None }));
        // 200 where only 204 is documented is still an answer we did not expect.
        assert!(matches!(check(reply(200, ""), &[204]), Err(ApiError::Server { status: 200, .. })));
    }

    #[test]
    fn proxy_html_pages_do_not_become_sentences() {
        assert_eq!(fault_message("<html><body>502 Bad Gateway</body></html>"), None);
    }

    #[test]
    fn long_messages_are_clipped() {
        let long = "x".repeat(1000);
        let m = fault_message(&long).unwrap_or_default();
        assert!(m.chars().count() <= 301);
    }

    #[test]
    fn retry_after_reads_seconds_only() {
        assert_eq!(retry_after_seconds(Some(" 30 ")), Some(30));
        assert_eq!(retry_after_seconds(Some("Wed, 21 Oct 2015 07:28:00 GMT")), None);
        assert_eq!(retry_after_seconds(None), None);
    }

    /// A record with one required number, `Id`.
    #[derive(Debug, PartialEq)]
    struct T {
        id: u64,
    }

    lenient::from_json!(T { id: get("Id", lenient::u64) });

    #[test]
    fn decode_errors_name_what_and_field() {
        let err = decode::<T>("{\n \"Id\": \"seven\"\n}", "restore").expect_err("not a number");
        let ApiError::Decode { what } = err else { panic!("expected Decode, got {err:?}") };
        assert_eq!(what, r#"restore, field `Id`: expected a number, got "seven""#);
        let err = decode::<T>("{}", "restore").expect_err("missing");
        let ApiError::Decode { what } = err else { panic!("expected Decode, got {err:?}") };
        assert_eq!(what, "restore, field `Id`: expected a number, got nothing");
        let err = decode::<T>("[1]", "restore").expect_err("not an object");
        let ApiError::Decode { what } = err else { panic!("expected Decode, got {err:?}") };
        assert_eq!(what, "restore: expected an object, got [1]");
        let err = decode::<Vec<T>>(r#"[{"Id": 1}, {"Id": true}]"#, "restores").expect_err("second is bad");
        let ApiError::Decode { what } = err else { panic!("expected Decode, got {err:?}") };
        assert!(what.starts_with("restores, record 2, field `Id`: expected a number"), "{what}");
    }

    #[test]
    fn one_bad_record_is_reported_and_the_rest_kept() {
        let r =
            decode_list::<T>(r#"[{"Id": 1}, {"Id": 'two'}, {"Id": "3"}, {"Id": 04}]"#, "agent list").expect("an array");
        assert_eq!(r.items, vec![T { id: 1 }, T { id: 3 }, T { id: 4 }]);
        assert_eq!(r.rejected.len(), 1);
        assert!(r.rejected[0].starts_with("agent list, record 2, field `Id`"), "{}", r.rejected[0]);
        assert!(matches!(decode_list::<T>("{}", "agent list"), Err(ApiError::Decode { .. })));
    }
}
