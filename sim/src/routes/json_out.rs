//! JSON written straight into a byte buffer, for the records of whole-tenant
//! lists. Building a `serde_json::Value` per record (a map with a `String`
//! per key, then a second walk to print it) was most of the time a list's
//! first answer took: 50,000 v1 configurations cost about a second.
//!
//! Keys are ours (ASCII names from the docs) and are written as they are;
//! every text value is escaped.

use crate::clock::iso;

/// A value that can be written as JSON.
pub trait Field {
    fn put(&self, out: &mut Vec<u8>);
}

impl Field for str {
    fn put(&self, out: &mut Vec<u8>) {
        // A `str` always serializes; the write into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, self);
    }
}

impl Field for String {
    fn put(&self, out: &mut Vec<u8>) {
        self.as_str().put(out);
    }
}

impl Field for bool {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(if *self { b"true" } else { b"false" });
    }
}

macro_rules! integers {
    ($($t:ty),*) => {$(
        impl Field for $t {
            fn put(&self, out: &mut Vec<u8>) {
                out.extend_from_slice(itoa::Buffer::new().format(*self).as_bytes());
            }
        }
    )*};
}
integers!(u8, u16, u32, u64, usize, i64);

impl<T: Field + ?Sized> Field for &T {
    fn put(&self, out: &mut Vec<u8>) {
        (**self).put(out);
    }
}

impl<T: Field> Field for Option<T> {
    fn put(&self, out: &mut Vec<u8>) {
        match self {
            Some(v) => v.put(out),
            None => out.extend_from_slice(b"null"),
        }
    }
}

/// A value tree: the records of short lists (agents: 10,000 records in
/// 10 ms) are built as values, which the hostile seed rewrites.
impl Field for serde_json::Value {
    fn put(&self, out: &mut Vec<u8>) {
        // A Value always serializes; the write into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, self);
    }
}

/// v1's Microsoft JSON date, `"/Date(ms)/"`.
pub struct MsDate(pub i64);

impl Field for MsDate {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(b"\"/Date(");
        self.0.put(out);
        out.extend_from_slice(b")/\"");
    }
}

/// v2's ISO-8601 time, `"2026-12-04T05:00:00.000000Z"`.
pub struct Iso(pub i64);

impl Field for Iso {
    fn put(&self, out: &mut Vec<u8>) {
        iso(self.0).put(out);
    }
}

/// A text of hex digits (a key's modulus: 512 of them per record), copied
/// without the escape scan; anything else is escaped as usual.
pub struct Hex<'a>(pub &'a str);

impl Field for Hex<'_> {
    fn put(&self, out: &mut Vec<u8>) {
        if self.0.bytes().all(|b| b.is_ascii_hexdigit()) {
            out.push(b'"');
            out.extend_from_slice(self.0.as_bytes());
            out.push(b'"');
        } else {
            self.0.put(out);
        }
    }
}

/// Stands for the text every record of a list shares (v2's links' base:
/// origin, region, project), filled in by [`fill`] when the list is sent.
/// Records are then the same for every caller, whatever host they asked.
/// A zero byte can mark it: written JSON never holds one raw (texts escape
/// every control character).
const SHARED: u8 = 0;

/// A link: the shared base followed by `parts`, as one JSON string.
pub struct Link<'a, const N: usize>(pub [&'a str; N]);

impl<const N: usize> Field for Link<'_, N> {
    fn put(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&[b'"', SHARED]);
        for part in self.0 {
            let start = out.len();
            part.put(out);
            // The part was written as a whole string: drop its quotes.
            out.remove(start);
            out.pop();
        }
        out.push(b'"');
    }
}

/// `written` with every shared mark replaced by `shared` (escaped as the
/// inside of a JSON string), in `out` (emptied first: a spare buffer).
pub fn fill(written: &[u8], shared: &str, mut out: Vec<u8>) -> Vec<u8> {
    let escaped = serde_json::to_vec(shared).unwrap_or_default();
    let inner = escaped.get(1..escaped.len().saturating_sub(1)).unwrap_or_default();
    let marks = memchr::memchr_iter(SHARED, written).count();
    out.clear();
    out.reserve(written.len() + marks * inner.len());
    let mut rest = written;
    while let Some(at) = memchr::memchr(SHARED, rest) {
        out.extend_from_slice(&rest[..at]);
        out.extend_from_slice(inner);
        rest = &rest[at + 1..];
    }
    out.extend_from_slice(rest);
    out
}

/// An object being written: `{` at [`Obj::new`], `}` at [`Obj::end`].
pub struct Obj<'a> {
    out: &'a mut Vec<u8>,
    empty: bool,
}

impl<'a> Obj<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Obj<'a> {
        out.push(b'{');
        Obj { out, empty: true }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(b',');
        }
        self.empty = false;
        self.out.push(b'"');
        self.out.extend_from_slice(key.as_bytes());
        self.out.extend_from_slice(b"\":");
    }

    pub fn f(&mut self, key: &str, value: impl Field) -> &mut Self {
        self.key(key);
        value.put(self.out);
        self
    }

    /// A nested object, written by `build`.
    pub fn obj(&mut self, key: &str, build: impl FnOnce(&mut Obj)) -> &mut Self {
        self.key(key);
        let mut inner = Obj::new(self.out);
        build(&mut inner);
        inner.end();
        self
    }

    /// An array of objects, one per item, each written by `build`.
    pub fn list<T>(&mut self, key: &str, items: impl IntoIterator<Item = T>, build: impl Fn(&mut Obj, T)) -> &mut Self {
        self.key(key);
        self.out.push(b'[');
        for (n, item) in items.into_iter().enumerate() {
            if n > 0 {
                self.out.push(b',');
            }
            let mut inner = Obj::new(self.out);
            build(&mut inner, item);
            inner.end();
        }
        self.out.push(b']');
        self
    }

    fn end(self) {
        self.out.push(b'}');
    }
}

/// One object written by `build` at the end of `out`.
pub fn write_object(out: &mut Vec<u8>, build: impl FnOnce(&mut Obj)) {
    let mut o = Obj::new(out);
    build(&mut o);
    o.end();
}

/// One object written by `build`, as bytes.
pub fn object(build: impl FnOnce(&mut Obj)) -> Vec<u8> {
    let mut out = Vec::with_capacity(256);
    write_object(&mut out, build);
    out
}

/// One object written by `build`, as a value (a single record's answer is
/// written by the same code as the lists' records).
pub fn value(build: impl FnOnce(&mut Obj)) -> serde_json::Value {
    value_at("", build)
}

/// [`value`] of a record with links, `base` filled in.
pub fn value_at(base: &str, build: impl FnOnce(&mut Obj)) -> serde_json::Value {
    serde_json::from_slice(&fill(&object(build), base, Vec::new())).unwrap_or(serde_json::Value::Null)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::{json, Value};

    fn parsed(bytes: &[u8]) -> Value {
        serde_json::from_slice(&fill(bytes, "http://h\"", Vec::new())).unwrap_or(Value::Null)
    }

    #[test]
    fn objects_are_valid_json_with_every_text_escaped() {
        let hostile = "a\"b\\c\u{0}\n\u{202e}😀</script>";
        let bytes = object(|o| {
            o.f("text", hostile)
                .f("none", None::<u64>)
                .f("n", 18_446_744_073_709_551_615u64)
                .f("neg", -5i64)
                .f("yes", true)
                .f("date", MsDate(-62_135_578_800_000))
                .f("when", Iso(0))
                .f("hex", Hex("0A1f"))
                .f("not_hex", Hex("0A\"1f"))
                .f("link", Link(["/", hostile, "/x"]))
                .obj("inner", |i| {
                    i.f("k", "v");
                })
                .list("items", [1u64, 2], |i, n| {
                    i.f("n", n);
                })
                .list("empty", Vec::<u64>::new(), |_, _| {});
        });
        assert_eq!(
            parsed(&bytes),
            json!({
                "text": hostile, "none": null, "n": 18_446_744_073_709_551_615u64, "neg": -5, "yes": true,
                "date": "/Date(-62135578800000)/", "when": "1970-01-01T00:00:00.000000Z", "hex": "0A1f", "not_hex": "0A\"1f",
                "link": format!("http://h\"/{hostile}/x"), "inner": {"k": "v"}, "items": [{"n": 1}, {"n": 2}],
                "empty": []
            })
        );
    }

    proptest::proptest! {
        /// Any texts (arbitrary Unicode: quotes, backslashes, control
        /// characters, zero bytes, surrogates' neighbours) and any base give
        /// valid JSON that reads back as written.
        #[test]
        fn any_text_and_any_base_read_back(text in "(?s).*", part in "(?s).*", base in "(?s).*", n in proptest::prelude::any::<u64>()) {
            let bytes = object(|o| {
                o.f("text", text.as_str()).f("hex", Hex(&text)).f("link", Link([part.as_str(), "/", text.as_str()])).f("n", n);
            });
            let read: Value = serde_json::from_slice(&fill(&bytes, &base, Vec::new())).unwrap_or(Value::Null);
            proptest::prop_assert_eq!(read, json!({"text": text, "hex": text, "link": format!("{base}{part}/{text}"), "n": n}));
        }
    }

    #[test]
    fn an_empty_object_is_braces() {
        assert_eq!(object(|_| {}), b"{}");
    }
}
