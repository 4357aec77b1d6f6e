//! Reading request fields the way the docs send them: numbers and booleans
//! may come as JSON values or as strings ("String" in the docs' tables,
//! `"Filter": "1"` in their examples), so every reader accepts both.

use crate::error::SimError;
use serde_json::Value;

/// A number sent as a number or a numeric string.
pub fn number(v: &Value) -> Option<u64> {
    v.as_u64().or_else(|| v.as_str().and_then(|s| s.trim().parse().ok()))
}

/// A boolean sent as `true`/`false` or `"true"`/`"false"` (any case).
pub fn boolean(v: &Value) -> Option<bool> {
    match v {
        Value::Bool(b) => Some(*b),
        Value::String(s) if s.trim().eq_ignore_ascii_case("true") => Some(true),
        Value::String(s) if s.trim().eq_ignore_ascii_case("false") => Some(false),
        _ => None,
    }
}

/// A required number, or 400 naming the field.
pub fn required_number(body: &Value, field: &str) -> Result<u64, SimError> {
    number(&body[field]).ok_or_else(|| SimError::BadRequest(format!("{field} is required and must be a number.")))
}

/// A required boolean, or 400 naming the field.
pub fn required_bool(body: &Value, field: &str) -> Result<bool, SimError> {
    boolean(&body[field]).ok_or_else(|| SimError::BadRequest(format!("{field} must be true or false.")))
}

/// A number that may be absent or null; 400 when present but not a number.
pub fn optional_number(body: &Value, field: &str) -> Result<Option<u64>, SimError> {
    match &body[field] {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        v => number(v).map(Some).ok_or_else(|| SimError::BadRequest(format!("{field} must be a number."))),
    }
}

/// Sizes as the v1 reports write them: "178.1 MB", "3.7 GB".
pub fn human_bytes(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{bytes} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

/// A v2 list's `limit` (1-1000, default 100) and `sort_dir` (`asc` or
/// `desc`, default desc): (limit, ascending?).
pub fn list_params(q: &std::collections::HashMap<String, String>) -> Result<(usize, bool), SimError> {
    let limit: usize = match q.get("limit") {
        Some(l) => l
            .parse()
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| SimError::BadRequest(format!("limit `{l}` must be a number from 1 to 1000.")))?,
        None => 100,
    };
    let asc = match q.get("sort_dir").map(String::as_str) {
        None | Some("desc") => false,
        Some("asc") => true,
        Some(other) => return Err(SimError::BadRequest(format!("sort_dir `{other}` must be asc or desc."))),
    };
    Ok((limit, asc))
}

/// `CompletedWithErrors` → `completed_with_errors`: v1 state names as v2
/// writes them.
pub fn snake_case(name: &str) -> String {
    let mut out = String::new();
    for (k, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() && k > 0 {
            out.push('_');
        }
        out.push(c.to_ascii_lowercase());
    }
    out
}

/// `hh:mm:ss` from milliseconds, as v1 reports write a duration.
pub fn duration(ms: i64) -> String {
    let s = (ms / 1000).max(0);
    format!("{:02}:{:02}:{:02}", s / 3600, (s % 3600) / 60, s % 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numbers_and_booleans_come_either_way() {
        assert_eq!(number(&json!(7)), Some(7));
        assert_eq!(number(&json!(" 7 ")), Some(7));
        assert_eq!(number(&json!("x")), None);
        assert_eq!(boolean(&json!("TRUE")), Some(true));
        assert_eq!(boolean(&json!(false)), Some(false));
        assert_eq!(boolean(&json!(1)), None);
        assert_eq!(human_bytes(186_750_156), "178.1 MB");
        assert_eq!(duration(273_000), "00:04:33");
        assert_eq!(snake_case("CompletedWithErrors"), "completed_with_errors");
        assert_eq!(snake_case("Creating"), "creating");
    }
}
