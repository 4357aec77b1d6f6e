//! Reading the API's loosely typed JSON (API-REFERENCE §9 and §12) into wire
//! types, by hand from a parsed [`Value`] rather than with serde's derive:
//! one generic parse for every type instead of a visitor per struct, which
//! keeps the bundle small.
//!
//! The documentation calls numbers and booleans "String", and real responses
//! send either form. Every reader accepts both, treats `null` (and the empty
//! string, where a number is expected) as absent, and names what it expected
//! when it fails; [`Record`] adds the field's name, so a decode error can tell
//! the user which field was wrong.

use serde_json::{Map, Value};

/// A wire type read from parsed JSON.
pub trait FromJson: Sized {
    fn from_json(v: &Value) -> Result<Self, String>;
}

impl FromJson for Value {
    fn from_json(v: &Value) -> Result<Self, String> {
        Ok(v.clone())
    }
}

/// A bare number (`368785`, v1's answer to starting a backup), or one sent
/// as a string.
impl FromJson for u64 {
    fn from_json(v: &Value) -> Result<Self, String> {
        self::u64(v)
    }
}

/// A bare string (`"Warn"`, v1's log level), or a number kept as text.
impl FromJson for String {
    fn from_json(v: &Value) -> Result<Self, String> {
        text(v)
    }
}

/// A top-level array: every item must read ("record 3, field `Id`: …").
impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(v: &Value) -> Result<Self, String> {
        match v {
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, item)| T::from_json(item).map_err(|why| format!("record {}, {why}", i + 1)))
                .collect(),
            other => Err(format!("expected a list, got {}", describe(other))),
        }
    }
}

/// `impl FromJson` for a wire struct, one line per field: the [`Record`]
/// method that reads it and its arguments.
///
/// ```ignore
/// from_json!(PublicKeyV1 {
///     modulus_hex: get("ModulusHex", lenient::hex_digits),
///     exponent_hex: get("ExponentHex", lenient::hex_digits),
/// });
/// ```
macro_rules! from_json {
    ($ty:ident { $($field:ident: $read:ident($($arg:expr),* $(,)?)),* $(,)? }) => {
        impl $crate::api::lenient::FromJson for $ty {
            fn from_json(v: &serde_json::Value) -> Result<Self, String> {
                let r = $crate::api::lenient::Record::of(v)?;
                Ok($ty { $($field: r.$read($($arg),*)?),* })
            }
        }
    };
}
pub(crate) use from_json;

static ABSENT: Value = Value::Null;

/// One JSON object read field by field: absent fields read as `null`, and a
/// field that cannot be read is named in the error.
pub struct Record<'a>(&'a Map<String, Value>);

impl<'a> Record<'a> {
    pub fn of(v: &'a Value) -> Result<Record<'a>, String> {
        match v {
            Value::Object(map) => Ok(Record(map)),
            other => Err(format!("expected an object, got {}", describe(other))),
        }
    }

    pub fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }

    /// The field read by `read`; an error names the field. A field whose
    /// name says it may hold a secret is never quoted (see [`may_be_secret`]).
    pub fn get<T>(&self, name: &str, read: fn(&Value) -> Result<T, String>) -> Result<T, String> {
        let value = self.0.get(name).unwrap_or(&ABSENT);
        read(value).map_err(|why| {
            if may_be_secret(name) {
                format!("field `{name}`: unreadable {} (not shown: it may be secret)", kind(value))
            } else {
                format!("field `{name}`: {why}")
            }
        })
    }

    /// [`Record::get`] of `name`, or of `alias` when `name` is absent (the
    /// API spells some keys two ways).
    pub fn get_aliased<T>(&self, name: &str, alias: &str, read: fn(&Value) -> Result<T, String>) -> Result<T, String> {
        self.get(if self.has(name) { name } else { alias }, read)
    }

    /// A nested object, `None` when absent or `null`. Its errors name the
    /// innermost field, as they are; one that is not an object where a
    /// secret may be (`token` as text instead of `{"id": …}`) is not quoted.
    pub fn object<T: FromJson>(&self, name: &str) -> Result<Option<T>, String> {
        match self.0.get(name).unwrap_or(&ABSENT) {
            Value::Null => Ok(None),
            v if !v.is_object() && may_be_secret(name) => {
                Err(format!("field `{name}`: expected an object, got {} (not shown: it may be secret)", kind(v)))
            }
            v => T::from_json(v).map(Some),
        }
    }

    /// A nested object that must be there.
    pub fn required<T: FromJson>(&self, name: &str) -> Result<T, String> {
        self.object(name)?.ok_or_else(|| format!("field `{name}`: missing"))
    }

    /// A nested list read record by record: the records that read, and why
    /// each other one did not ("record 3, field `id`: …"), so one bad record
    /// never hides the others. Empty when absent or `null`.
    pub fn records<T: FromJson>(&self, name: &str) -> Result<(Vec<T>, Vec<String>), String> {
        let items = match self.0.get(name).unwrap_or(&ABSENT) {
            Value::Null => return Ok((Vec::new(), Vec::new())),
            Value::Array(items) => items,
            other => return Err(format!("field `{name}`: expected a list, got {}", describe(other))),
        };
        let (mut good, mut bad) = (Vec::with_capacity(items.len()), Vec::new());
        for (i, item) in items.iter().enumerate() {
            match T::from_json(item) {
                Ok(t) => good.push(t),
                Err(why) => bad.push(format!("record {}, {why}", i + 1)),
            }
        }
        Ok((good, bad))
    }

    /// A nested list of objects, empty when absent or `null`.
    pub fn list<T: FromJson>(&self, name: &str) -> Result<Vec<T>, String> {
        match self.0.get(name).unwrap_or(&ABSENT) {
            Value::Null => Ok(Vec::new()),
            Value::Array(items) => items.iter().map(T::from_json).collect(),
            other => Err(format!("field `{name}`: expected a list, got {}", describe(other))),
        }
    }
}

/// True for a field name that can hold a token, key, password or signed
/// link: its value never goes into an error message.
pub fn may_be_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    ["token", "password", "secret", "apikey", "api_key", "credential", "signature", "temp_url", "id_token"]
        .iter()
        .any(|s| name.contains(s))
}

/// What kind of JSON value this is, without its content.
fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "number",
        Value::String(_) => "text",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// True for characters that hide or reorder text on screen: bidirectional
/// controls, zero-width characters and other control characters but tab
/// and newline. Shown by code point wherever outside text is displayed.
pub fn is_hidden_char(c: char) -> bool {
    matches!(c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
        | '\u{200B}'..='\u{200D}' | '\u{FEFF}' | '\u{2060}'..='\u{2064}')
        || (c.is_control() && c != '\t' && c != '\n')
}

/// A value quoted in an error: at most 40 characters, hidden ones replaced,
/// so an error can neither flood the screen nor reorder it.
pub(crate) fn describe(v: &Value) -> String {
    let text = v.to_string();
    let mut shown: String = text.chars().take(40).map(|c| if is_hidden_char(c) { '\u{FFFD}' } else { c }).collect();
    if text.chars().nth(40).is_some() {
        shown.push('…');
    }
    shown
}

/// A whole number sent as `35` or `"35"`; `null` and `""` are absent.
pub fn opt_u64(v: &Value) -> Result<Option<u64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::Number(n) => n.as_u64().map(Some).ok_or_else(|| format!("expected a whole number, got {}", describe(v))),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => {
            s.trim().parse::<u64>().map(Some).map_err(|_| format!("expected a number, got {}", describe(v)))
        }
        _ => Err(format!("expected a number, got {}", describe(v))),
    }
}

/// A required whole number sent as `35` or `"35"`.
pub fn u64(v: &Value) -> Result<u64, String> {
    opt_u64(v)?.ok_or_else(|| "expected a number, got nothing".to_string())
}

/// A flag sent as `true` or `"true"` (any case) or `1`/`0`; `null` counts as false.
pub fn bool(v: &Value) -> Result<bool, String> {
    match v {
        Value::Null => Ok(false),
        Value::Bool(b) => Ok(*b),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "true" => Ok(true),
            "false" | "" => Ok(false),
            _ => Err(format!("expected true or false, got {}", describe(v))),
        },
        Value::Number(n) if n.as_u64() == Some(0) => Ok(false),
        Value::Number(n) if n.as_u64() == Some(1) => Ok(true),
        _ => Err(format!("expected true or false, got {}", describe(v))),
    }
}

/// Text that some responses send as a number (IDs, sizes, counts): kept as text.
pub fn opt_text(v: &Value) -> Result<Option<String>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) => Ok(Some(s.clone())),
        Value::Number(n) => Ok(Some(n.to_string())),
        Value::Bool(b) => Ok(Some(b.to_string())),
        other => Err(format!("expected text, got {}", describe(other))),
    }
}

/// Text that is a secret (a token's ID): `null` means empty, and an error
/// says what kind of value came, never the value.
pub fn secret_text(v: &Value) -> Result<String, String> {
    match v {
        Value::Null => Ok(String::new()),
        Value::String(s) => Ok(s.clone()),
        other => Err(format!("expected text, got a {} (not shown: it may be secret)", kind(other))),
    }
}

/// Text where `null` means empty.
pub fn text(v: &Value) -> Result<String, String> {
    Ok(opt_text(v)?.unwrap_or_default())
}

/// Parses the Microsoft JSON date `/Date(1357817400000)/` (also with a
/// `+0500`-style offset, which does not change the instant) into milliseconds
/// since the Unix epoch. Values at or before 0001-01-01 (the .NET
/// `DateTime.MinValue` sentinel the API uses for "never") give `None`.
pub fn parse_ms_date(text: &str) -> Option<i64> {
    let inner = text.trim().trim_matches(|c| c == '/' || c == '\\').strip_prefix("Date(")?.strip_suffix(')')?;
    // The optional offset starts at the first sign after the leading one.
    let (lead, tail) = inner.split_at_checked(inner.chars().next().map_or(0, char::len_utf8))?;
    let digits = match tail.find(['+', '-']) {
        Some(sign) => inner.get(..lead.len() + sign)?,
        None => inner,
    };
    let ms: i64 = digits.parse().ok()?;
    // 0001-01-01T00:00:00Z is -62135596800000 ms; anything that early is "never".
    if ms <= -62_135_596_800_000 + 86_400_000 {
        return None;
    }
    Some(ms)
}

/// A v1 date (`/Date(ms)/`) or `null`; a malformed date is an error.
pub fn opt_ms_date(v: &Value) -> Result<Option<i64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => {
            if let Some(ms) = parse_ms_date(s) {
                return Ok(Some(ms));
            }
            // The sentinel for "never" parses as a date but maps to None.
            if s.contains("Date(-") {
                return Ok(None);
            }
            Err(format!("expected a /Date(ms)/ date, got {}", describe(v)))
        }
        other => Err(format!("expected a /Date(ms)/ date, got {}", describe(other))),
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
pub(crate) fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Parses an RFC 3339 / ISO-8601 timestamp as the v2 API and Identity send it
/// (`2014-10-27T18:22:00.238640+00:00`, `…Z`) into epoch milliseconds.
///
/// Works on bytes: the text comes from outside and may hold any Unicode, so
/// nothing here slices it at a byte index (a non-ASCII byte is simply not a
/// digit, and the parse fails).
pub fn parse_rfc3339(text: &str) -> Option<i64> {
    let b = text.trim().as_bytes();
    // The value of the ASCII digits at b[from..to]; `None` if any is not one.
    let num = |from: usize, to: usize| -> Option<i64> {
        let part = b.get(from..to)?;
        if part.is_empty() || !part.iter().all(u8::is_ascii_digit) {
            return None;
        }
        Some(part.iter().fold(0i64, |n, d| n * 10 + i64::from(d - b'0')))
    };
    let at = |i: usize| b.get(i).copied();
    if at(4) != Some(b'-') || at(7) != Some(b'-') || !matches!(at(10), Some(b'T' | b't' | b' ')) {
        return None;
    }
    if at(13) != Some(b':') || at(16) != Some(b':') {
        return None;
    }
    let (y, mo, d) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (h, mi, sec) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || sec > 60 {
        return None;
    }
    let mut rest = b.get(19..)?;
    let mut millis = 0i64;
    if let Some(frac) = rest.strip_prefix(b".") {
        let count = frac.iter().take_while(|c| c.is_ascii_digit()).count();
        if count == 0 {
            return None;
        }
        // The first three digits are milliseconds; finer ones are dropped.
        millis = frac.iter().take(count.min(3)).fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
        millis *= 10i64.pow(3u32.saturating_sub(count.min(3) as u32));
        rest = frac.get(count..)?;
    }
    let offset_min = match rest {
        b"" | b"Z" | b"z" => 0,
        [sign @ (b'+' | b'-'), o @ ..] => {
            let sign = if *sign == b'+' { 1 } else { -1 };
            let two = |p: &[u8]| -> Option<i64> {
                match p {
                    [a, b] if a.is_ascii_digit() && b.is_ascii_digit() => Some(i64::from((a - b'0') * 10 + (b - b'0'))),
                    _ => None,
                }
            };
            let (oh, om) = match o {
                [h1, h2, b':', m1, m2] => (two(&[*h1, *h2])?, two(&[*m1, *m2])?),
                [h1, h2, m1, m2] => (two(&[*h1, *h2])?, two(&[*m1, *m2])?),
                [h1, h2] => (two(&[*h1, *h2])?, 0),
                _ => return None,
            };
            if oh > 23 || om > 59 {
                return None;
            }
            sign * (oh * 60 + om)
        }
        _ => return None,
    };
    let days = days_from_civil(y, mo, d);
    let secs = days * 86_400 + h * 3_600 + mi * 60 + sec - offset_min * 60;
    Some(secs * 1_000 + millis)
}

/// An ISO-8601 timestamp or `null`; a malformed one is an error.
pub fn opt_iso_date(v: &Value) -> Result<Option<i64>, String> {
    match v {
        Value::Null => Ok(None),
        Value::String(s) if s.trim().is_empty() => Ok(None),
        Value::String(s) => {
            parse_rfc3339(s).map(Some).ok_or_else(|| format!("expected an ISO-8601 time, got {}", describe(v)))
        }
        other => Err(format!("expected an ISO-8601 time, got {}", describe(other))),
    }
}

/// An ISO-8601 timestamp where one that cannot be read counts as absent:
/// for a field whose absence has a safe meaning (a token's expiry, which
/// then gets the console's own limit), so odd data cannot stop a sign-in.
pub fn iso_date_or_none(v: &Value) -> Result<Option<i64>, String> {
    Ok(opt_iso_date(v).unwrap_or(None))
}

/// An RSA exponent in hex. The API sends `10001` (a JSON number whose digits
/// are hex), `"09528"` (a string), or, in one documented example, the
/// invalid token `09528` that [`repair_leading_zeros`] turns into a string.
/// The digits are kept as hex text, never read as a decimal number.
pub fn hex_digits(v: &Value) -> Result<String, String> {
    let text = match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        other => return Err(format!("expected hex digits, got {}", describe(other))),
    };
    let cleaned: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if cleaned.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(cleaned)
    } else {
        Err(format!("expected hex digits, got {}", describe(v)))
    }
}

/// Repairs the one kind of invalid JSON the API documentation shows that has
/// a single safe reading: a number with leading zeros (`"ExponentHex": 09528`).
/// Such a token is quoted, so it decodes as the string `"09528"`; the hex
/// fields read it as hex digits and a numeric field reads it as 9528.
///
/// Other invalid JSON (the docs' single-quoted `'myencryptedpassword'`) has no
/// safe reading and is left alone: decoding then fails with an error that
/// names the field (see [`field_at`]).
pub fn repair_leading_zeros(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    // Bytes are copied as they are and only ASCII quotes are added, so the
    // result is UTF-8 whenever the input was.
    let mut out: Option<Vec<u8>> = None;
    let mut last = 0;
    let mut i = 0;
    let mut in_string = false;
    while let Some(&c) = bytes.get(i) {
        if in_string {
            match c {
                b'\\' => i += 1,
                b'"' => in_string = false,
                _ => {}
            }
            i += 1;
            continue;
        }
        match c {
            b'"' => in_string = true,
            b'0' if bytes.get(i + 1).is_some_and(u8::is_ascii_digit) => {
                // Only a token that starts here (after a separator) is a number literal.
                let before = bytes.get(..i).unwrap_or_default();
                let prev = before.iter().rev().find(|b| !b.is_ascii_whitespace());
                if matches!(prev, Some(b':' | b',' | b'[')) {
                    let end = i + bytes.get(i..).unwrap_or_default().iter().take_while(|b| b.is_ascii_digit()).count();
                    let buf = out.get_or_insert_with(|| Vec::with_capacity(text.len() + 8));
                    buf.extend_from_slice(bytes.get(last..i).unwrap_or_default());
                    buf.push(b'"');
                    buf.extend_from_slice(bytes.get(i..end).unwrap_or_default());
                    buf.push(b'"');
                    last = end;
                    i = end;
                    continue;
                }
            }
            _ => {}
        }
        i += 1;
    }
    match out {
        Some(mut buf) => {
            buf.extend_from_slice(bytes.get(last..).unwrap_or_default());
            String::from_utf8(buf).map_or(std::borrow::Cow::Borrowed(text), std::borrow::Cow::Owned)
        }
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Splits the text of a top-level JSON array into the text of each element,
/// without parsing them, so one malformed record (even one that is not JSON
/// at all, like the docs' single-quoted strings) can be reported on its own
/// while the others decode. `None` when the text is not an array.
pub fn split_array(text: &str) -> Option<Vec<&str>> {
    let t = text.trim();
    let inner = t.strip_prefix('[')?.strip_suffix(']')?;
    let bytes = inner.as_bytes();
    let mut items = Vec::new();
    let (mut depth, mut start, mut quote, mut i) = (0i32, 0usize, None::<u8>, 0usize);
    while let Some(&c) = bytes.get(i) {
        if let Some(q) = quote {
            if c == b'\\' {
                i += 1;
            } else if c == q {
                quote = None;
            }
        } else {
            match c {
                b'"' | b'\'' => quote = Some(c),
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth -= 1,
                b',' if depth == 0 => {
                    items.push(inner.get(start..i).unwrap_or_default().trim());
                    start = i + 1;
                }
                _ => {}
            }
        }
        i += 1;
    }
    let last = inner.get(start..).unwrap_or_default().trim();
    if !last.is_empty() || !items.is_empty() {
        items.push(last);
    }
    (depth == 0 && quote.is_none()).then_some(items)
}

/// The name of the JSON object key whose value contains the given 1-based
/// line and column (as serde_json reports errors), if one can be found.
pub fn field_at(text: &str, line: usize, column: usize) -> Option<String> {
    let line_start: usize = text.split_inclusive('\n').take(line.saturating_sub(1)).map(str::len).sum();
    let pos = (line_start + column.saturating_sub(1)).min(text.len());
    // The position may fall inside a character: step back to its start.
    let pos = (0..=pos).rev().find(|p| text.is_char_boundary(*p)).unwrap_or(0);
    let mut search = text.get(..pos)?;
    // The nearest `"Key"` followed by a colon before the error position.
    while let Some((head, _)) = search.rsplit_once(':') {
        if let Some(stripped) = head.trim_end().strip_suffix('"') {
            if let Some((_, key)) = stripped.rsplit_once('"') {
                if !key.is_empty() && !key.contains(['{', '}', ',', ':']) {
                    return Some(key.to_string());
                }
            }
        }
        search = head;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One field of each kind, read the way the wire types read theirs.
    struct Sample {
        n: Option<u64>,
        b: bool,
        d: Option<i64>,
        e: String,
        t: Option<String>,
    }

    from_json!(Sample {
        n: get("n", opt_u64),
        b: get("b", bool),
        d: get("d", opt_ms_date),
        e: get("e", hex_digits),
        t: get("t", opt_text),
    });

    fn read(json: &str) -> Result<Sample, String> {
        let value: Value = serde_json::from_str(&repair_leading_zeros(json)).map_err(|e| e.to_string())?;
        Sample::from_json(&value)
    }

    fn sample(json: &str) -> Sample {
        read(json).expect("sample decodes")
    }

    #[test]
    fn records_default_what_is_absent_and_name_what_is_wrong() {
        let s = sample("{}");
        assert_eq!((s.n, s.b, s.d, s.e.as_str(), s.t), (None, false, None, "", None));
        assert_eq!(read("[]").err().as_deref(), Some("expected an object, got []"));
        let v: Value =
            serde_json::from_str(r#"{"list": [{"n": 1}, {"n": "x"}], "one": null, "bad": 3}"#).unwrap_or_default();
        let r = Record::of(&v).expect("object");
        assert!(r.list::<Sample>("list").err().is_some_and(|e| e.starts_with("field `n`: expected a number")));
        assert_eq!(r.list::<Sample>("absent").map(|l| l.len()), Ok(0));
        assert_eq!(r.object::<Sample>("one").map(|o| o.is_none()), Ok(true));
        assert_eq!(r.required::<Sample>("one").err().as_deref(), Some("field `one`: missing"));
        assert_eq!(r.list::<Sample>("bad").err().as_deref(), Some("field `bad`: expected a list, got 3"));
    }

    #[test]
    fn numbers_and_numeric_strings_agree() {
        assert_eq!(sample(r#"{"n": 35}"#).n, Some(35));
        assert_eq!(sample(r#"{"n": "35"}"#).n, Some(35));
        assert_eq!(sample(r#"{"n": " 7 "}"#).n, Some(7));
        assert_eq!(sample(r#"{"n": null}"#).n, None);
        assert_eq!(sample(r#"{"n": ""}"#).n, None);
        assert_eq!(sample(r#"{}"#).n, None);
    }

    #[test]
    fn a_non_numeric_string_is_an_error_that_quotes_the_value() {
        let err = read(r#"{"n": "lots"}"#).err().unwrap_or_default();
        assert!(err.starts_with("field `n`: expected a number"), "{err}");
        assert!(err.contains("lots"), "{err}");
    }

    #[test]
    fn booleans_in_every_documented_spelling() {
        assert!(sample(r#"{"b": true}"#).b);
        assert!(sample(r#"{"b": "true"}"#).b);
        assert!(sample(r#"{"b": "True"}"#).b);
        assert!(!sample(r#"{"b": "false"}"#).b);
        assert!(!sample(r#"{"b": null}"#).b);
        assert!(sample(r#"{"b": 1}"#).b);
        assert!(read(r#"{"b": "maybe"}"#).is_err());
    }

    #[test]
    fn microsoft_dates_escaped_unescaped_and_with_offsets() {
        assert_eq!(sample(r#"{"d": "\/Date(1357817400000)\/"}"#).d, Some(1_357_817_400_000));
        assert_eq!(sample(r#"{"d": "/Date(1357817400000)/"}"#).d, Some(1_357_817_400_000));
        assert_eq!(sample(r#"{"d": "/Date(1357817400000-0500)/"}"#).d, Some(1_357_817_400_000));
        assert_eq!(sample(r#"{"d": null}"#).d, None);
    }

    #[test]
    fn the_dotnet_min_value_sentinel_means_never() {
        assert_eq!(sample(r#"{"d": "\/Date(-62135578800000)\/"}"#).d, None);
        assert_eq!(parse_ms_date("/Date(-62135578800000)/"), None);
        // A genuinely early but real date still parses.
        assert_eq!(parse_ms_date("/Date(-1000)/"), Some(-1000));
    }

    #[test]
    fn a_malformed_date_is_an_error() {
        assert!(read(r#"{"d": "yesterday"}"#).is_err());
    }

    #[test]
    fn hex_exponents_keep_their_digits() {
        assert_eq!(sample(r#"{"e": 10001}"#).e, "10001");
        assert_eq!(sample(r#"{"e": "09528"}"#).e, "09528");
        // The docs' invalid number literal is repaired into the same string.
        assert_eq!(sample(r#"{"e": 09528}"#).e, "09528");
        assert_eq!(sample(r#"{"e": "a5 26\n19"}"#).e, "a52619");
        assert!(read(r#"{"e": "xyz"}"#).is_err());
    }

    #[test]
    fn text_accepts_numbers() {
        assert_eq!(sample(r#"{"t": 213563}"#).t.as_deref(), Some("213563"));
        assert_eq!(sample(r#"{"t": "35.3 MB"}"#).t.as_deref(), Some("35.3 MB"));
    }

    #[test]
    fn repair_quotes_only_leading_zero_numbers_outside_strings() {
        assert_eq!(
            repair_leading_zeros(r#"{"a": 09528, "b": 0, "c": "0123"}"#),
            r#"{"a": "09528", "b": 0, "c": "0123"}"#
        );
        assert_eq!(repair_leading_zeros(r#"[007,0.5,10]"#), r#"["007",0.5,10]"#);
        assert_eq!(repair_leading_zeros(r#"{"s": "x\" 012"}"#), r#"{"s": "x\" 012"}"#);
        assert!(matches!(repair_leading_zeros(r#"{"a": 1}"#), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn field_at_names_the_key_of_a_bad_value() {
        let text = "{\n  \"Action\": \"StartManual\",\n  \"EncryptedPassword\" : 'x',\n  \"Id\": 1\n}";
        let err = serde_json::from_str::<serde_json::Value>(text).expect_err("single quotes are invalid");
        assert_eq!(field_at(text, err.line(), err.column()).as_deref(), Some("EncryptedPassword"));
    }

    #[test]
    fn arrays_split_into_records_even_around_invalid_ones() {
        assert_eq!(split_array("[]"), Some(vec![]));
        assert_eq!(
            split_array(" [ {\"a\": [1, 2]}, {\"b\": \"x, ]\"} ] "),
            Some(vec!["{\"a\": [1, 2]}", "{\"b\": \"x, ]\"}"])
        );
        assert_eq!(split_array("[{\"a\": 'x, y'}, 2]"), Some(vec!["{\"a\": 'x, y'}", "2"]));
        assert_eq!(split_array("[\"q\\\"}\", 3]"), Some(vec!["\"q\\\"}\"", "3"]));
        assert_eq!(split_array("{\"a\": 1}"), None);
        assert_eq!(split_array("[{\"a\": 1]"), None, "unbalanced");
    }

    #[test]
    fn rfc3339_forms_used_by_v2_and_identity() {
        assert_eq!(parse_rfc3339("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse_rfc3339("2014-10-27T18:22:21.238641Z"), Some(1_414_434_141_238));
        assert_eq!(parse_rfc3339("2014-10-27T18:22:00.238640+00:00"), Some(1_414_434_120_238));
        assert_eq!(parse_rfc3339("2016-08-11T20:00:44.526Z"), Some(1_470_945_644_526));
        assert_eq!(parse_rfc3339("2014-10-27T13:22:00-05:00"), parse_rfc3339("2014-10-27T18:22:00Z"));
        assert_eq!(parse_rfc3339("2014-13-27T18:22:00Z"), None);
        assert_eq!(parse_rfc3339("not a date"), None);
        assert_eq!(parse_rfc3339("2016-08-11T20:00:44.5Z"), Some(1_470_945_644_500));
        assert_eq!(parse_rfc3339("2016-08-11T20:00:44.52+0000"), Some(1_470_945_644_520));
        assert_eq!(parse_rfc3339("2014-10-27T20:22:00+02"), parse_rfc3339("2014-10-27T18:22:00Z"));
    }

    /// An Identity `expires` once stopped the console at sign-in: the offset
    /// was cut at byte 2 of a 4-byte string holding a 2-byte character.
    #[test]
    fn non_ascii_in_any_part_of_a_timestamp_is_no_date_and_no_panic() {
        assert_eq!(parse_rfc3339("2026-01-01T00:00:00+1é0"), None);
        assert_eq!(parse_rfc3339("2026-01-01T00:00:00+é:00"), None);
        assert_eq!(parse_rfc3339("2026-01-01T00:00:00.1é"), None);
        assert_eq!(parse_rfc3339("2026-0é-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-01-01T00:00:0é"), None);
        assert_eq!(parse_rfc3339("２０２６-01-01T00:00:00Z"), None);
        assert_eq!(parse_rfc3339("2026-01-01T00:00:00+99:00"), None);
        assert_eq!(parse_ms_date("/Date(é)/"), None);
        assert_eq!(parse_ms_date("/Date(12é+0500)/"), None);
        assert_eq!(parse_ms_date("/Date(-é)/"), None);
    }

    #[test]
    fn an_unreadable_expiry_counts_as_unknown() {
        let v = Value::from("2026-01-01T00:00:00+1é0");
        assert_eq!(iso_date_or_none(&v), Ok(None));
        assert!(opt_iso_date(&v).is_err(), "elsewhere a bad date is still an error");
    }

    /// A reader for any object, for tests of the record helpers.
    #[derive(Debug)]
    struct Record0;

    impl FromJson for Record0 {
        fn from_json(v: &Value) -> Result<Self, String> {
            Record::of(v).map(|_| Record0)
        }
    }

    #[test]
    fn errors_quote_at_most_40_safe_characters_and_never_a_secret() {
        let long = format!("{}\u{202E}{}", "a".repeat(20), "b".repeat(60));
        let v: Value = serde_json::json!({ "n": long, "authToken": {"id": "s3cr3t-value"}, "id": ["s3cr3t"] });
        let r = Record::of(&v).expect("object");
        let err = r.get("n", opt_u64).err().unwrap_or_default();
        assert!(err.contains(&"a".repeat(20)), "{err}");
        assert!(!err.contains('\u{202E}') && err.contains('\u{FFFD}'), "{err}");
        assert!(!err.contains(&"b".repeat(20)), "clipped at 40 characters: {err}");
        let err = r.get("authToken", text).err().unwrap_or_default();
        assert!(err.starts_with("field `authToken`: unreadable object") && !err.contains("s3cr3t"), "{err}");
        let err = r.get("id", secret_text).err().unwrap_or_default();
        assert!(err.contains("list") && !err.contains("s3cr3t"), "{err}");
        // A token sent as text where an object belongs (a proxy's own shape).
        let v: Value = serde_json::json!({ "token": "gAAAA-s3cr3t" });
        let err = Record::of(&v).and_then(|r| r.required::<Record0>("token")).err().unwrap_or_default();
        assert!(err.starts_with("field `token`: expected an object, got text") && !err.contains("s3cr3t"), "{err}");
        for name in ["X-Auth-Token", "password", "apiKey", "logfile_temp_url", "EncryptedPassword"] {
            assert!(may_be_secret(name), "{name}");
        }
        assert!(!may_be_secret("MachineName"));
    }
}
