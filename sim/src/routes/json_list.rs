//! Long lists written one record at a time: at 10,000 agents a v1 list of
//! every configuration is 50,000 records (about 80 MB). Building them all as
//! value trees first, then one string that regrows as it fills, spent most
//! of the time in the allocator and in the kernel clearing fresh pages; here
//! each record's tree lives only while it is written, into one buffer sized
//! from the list's previous answer.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The size of a list's last answer: the next one's buffer starts there.
pub struct SizeHint(AtomicUsize);

impl SizeHint {
    pub const fn new() -> SizeHint {
        SizeHint(AtomicUsize::new(0))
    }
}

/// A 200 with `records` as a JSON array, bare (v1) or as `{"key": […]}` (v2).
pub fn json_list(key: Option<&str>, hint: &SizeHint, records: impl Iterator<Item = Value>) -> Response {
    let mut out: Vec<u8> = Vec::with_capacity(hint.0.load(Ordering::Relaxed) + 64);
    if let Some(key) = key {
        out.extend_from_slice(b"{");
        // A key is one of ours ("agents", …): written as a JSON string all the same.
        let _ = serde_json::to_writer(&mut out, key);
        out.extend_from_slice(b":");
    }
    out.push(b'[');
    for (n, record) in records.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        // Writing a Value into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut out, &record);
    }
    out.push(b']');
    if key.is_some() {
        out.push(b'}');
    }
    hint.0.store(out.len(), Ordering::Relaxed);
    ([(header::CONTENT_TYPE, "application/json")], out).into_response()
}
