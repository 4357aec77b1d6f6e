//! Whole-tenant lists: at 10,000 agents a v1 list of every configuration is
//! 50,000 records (about 80 MB). Building them all as value trees, then one
//! string that regrows as it fills, spent most of the time in the allocator
//! and in the kernel clearing fresh pages. Here each record is written
//! straight into one buffer sized from the list's previous answer
//! (`json_out`), and is copied from there into the next list while what it
//! shows (its view) hashes the same, so a list only rewrites the records
//! that changed since it was last asked for. The lists are written once when the
//! sim starts (`routes::warm`), so even the first request finds them.

use crate::fx::{FxHashMap, FxHasher};
use crate::routes::json_out::fill;
use axum::body::Bytes;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

/// The size of a list's last answer: the next one's buffer starts there.
pub struct SizeHint(AtomicUsize);

impl SizeHint {
    pub const fn new() -> SizeHint {
        SizeHint(AtomicUsize::new(0))
    }
}

/// The start of a list, in `out` (a spare buffer, or a new one).
fn open(mut out: Vec<u8>, key: Option<&str>, hint: &SizeHint) -> Vec<u8> {
    out.clear();
    out.reserve(hint.0.load(Ordering::Relaxed) + 64);
    if let Some(key) = key {
        out.push(b'{');
        // A key is one of ours ("agents", …): written as a JSON string all the same.
        let _ = serde_json::to_writer(&mut out, key);
        out.push(b':');
    }
    out.push(b'[');
    out
}

fn close(mut out: Vec<u8>, key: Option<&str>, hint: &SizeHint) -> Bytes {
    out.push(b']');
    if key.is_some() {
        out.push(b'}');
    }
    hint.0.store(out.len(), Ordering::Relaxed);
    Bytes::from(out)
}

fn answer(body: Bytes) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], body).into_response()
}

/// Records written before, by record key. A record is a function of its
/// view alone, so an equal hash means equal bytes; lists reuse every record
/// whose view did not change, and a list whose records all hash as last
/// time is the last answer again (no buffer to fill: at 80 MB, filling one
/// cost as much as the rest).
pub struct Fragments<K>(LazyLock<Mutex<Cache<K>>>);

struct Cache<K> {
    /// Where each record was last written.
    records: FxHashMap<K, Place>,
    /// The last list written, and how many were.
    last: Option<Last>,
    lists: u64,
    /// The buffers of the list before the last, to write the next one in:
    /// a fresh 80 MB buffer costs the kernel 20,000 zeroed pages each time.
    spare: Spare,
}

/// A record's bytes: `span` of the `list`-th list written, made from a
/// view that hashed as `stamp`. Only the last list's buffer is kept, so a
/// record from an older one is written again.
struct Place {
    stamp: u64,
    list: u64,
    span: Range<usize>,
}

/// The last list written.
struct Last {
    /// The hash of each of its records, in order.
    stamps: Vec<u64>,
    /// As written, with the shared part marked (`json_out::Link`).
    written: Bytes,
    /// What the marks were filled with, and the answer that made.
    shared: String,
    body: Bytes,
}

#[derive(Default)]
struct Spare {
    written: Vec<u8>,
    body: Vec<u8>,
}

impl Spare {
    /// What `last` held, once nothing else does (an answer may still be
    /// sending it).
    fn of(last: Last) -> Spare {
        let Last { written, body, .. } = last;
        let take = |b: Bytes| b.try_into_mut().map(Vec::from).unwrap_or_default();
        // The body first: a v1 list's body is its written buffer again.
        let body = take(body);
        Spare { written: take(written), body }
    }
}

impl<K> Fragments<K> {
    pub const fn new() -> Fragments<K> {
        Fragments(LazyLock::new(|| {
            Mutex::new(Cache { records: FxHashMap::default(), last: None, lists: 0, spare: Spare::default() })
        }))
    }
}

/// A 200 with the `(key, view)` records as a JSON array, bare (v1) or as
/// `{"key": […]}` (v2): each written by `write(view, buffer)`, or taken from
/// the last list when its view hashes as it did then. `shared` fills the
/// records' links (`json_out::Link`; a list whose records have links passes
/// their base here): the same records serve every caller's origin.
pub fn cached_list<K: Hash + Eq, V: Hash>(
    key: Option<&str>,
    shared: &str,
    hint: &SizeHint,
    cache: &Fragments<K>,
    records: impl Iterator<Item = (K, V)>,
    write: impl Fn(&V, &mut Vec<u8>),
) -> Response {
    let mut guard = crate::lock(&cache.0);
    let cache = &mut *guard;
    let records: Vec<(K, V, u64)> = records
        .map(|(id, view)| {
            let mut hasher = FxHasher::default();
            (&id, &view).hash(&mut hasher);
            let stamp = hasher.finish();
            (id, view, stamp)
        })
        .collect();
    let stamps: Vec<u64> = records.iter().map(|r| r.2).collect();
    if let Some(last) = cache.last.as_mut().filter(|last| last.stamps == stamps) {
        if last.shared != shared {
            last.body = Bytes::from(fill(&last.written, shared, Vec::new()));
            last.shared = shared.to_string();
        }
        return answer(last.body.clone());
    }
    let spare = std::mem::take(&mut cache.spare);
    let mut out = open(spare.written, key, hint);
    let before = cache.last.as_ref().map(|last| last.written.clone()).unwrap_or_default();
    let (seen, this) = (cache.lists, cache.lists + 1);
    for (n, (id, view, stamp)) in records.into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let start = out.len();
        // One lookup per record: its place is read, then moved to this list
        // (a record new to the cache has none before this list: written).
        let place = cache.records.entry(id).or_insert(Place { stamp, list: this, span: 0..0 });
        match before.get(place.span.clone()) {
            Some(bytes) if place.list == seen && place.stamp == stamp => out.extend_from_slice(bytes),
            _ => write(&view, &mut out),
        }
        *place = Place { stamp, list: this, span: start..out.len() };
    }
    drop(before);
    cache.lists = this;
    let written = close(out, key, hint);
    // A list without a shared part has no marks to fill (v1's lists).
    let body = if shared.is_empty() { written.clone() } else { Bytes::from(fill(&written, shared, spare.body)) };
    let last = Last { stamps, written, shared: shared.to_string(), body: body.clone() };
    cache.spare = cache.last.replace(last).map(Spare::of).unwrap_or_default();
    answer(body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routes::json_out::{write_object, Link};

    async fn text(r: Response) -> String {
        let bytes = axum::body::to_bytes(r.into_body(), usize::MAX).await.unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    #[tokio::test]
    async fn a_list_follows_every_change_of_its_records_and_of_what_they_share() {
        static HINT: SizeHint = SizeHint::new();
        static CACHE: Fragments<u64> = Fragments::new();
        let list = |names: &[&str], base: &str| {
            let records = names.iter().map(|n| (n.len() as u64, n.to_string()));
            cached_list(Some("items"), base, &HINT, &CACHE, records, |n, out| {
                write_object(out, |o| {
                    o.f("href", Link(["/", n])).f("name", n);
                })
            })
        };
        let first = text(list(&["a", "bb"], "/x")).await;
        assert_eq!(first, r#"{"items":[{"href":"/x/a","name":"a"},{"href":"/x/bb","name":"bb"}]}"#);
        assert_eq!(text(list(&["a", "bb"], "/x")).await, first, "the same list again");
        let changed = text(list(&["a", "cc"], "/x")).await;
        assert_eq!(changed, r#"{"items":[{"href":"/x/a","name":"a"},{"href":"/x/cc","name":"cc"}]}"#);
        let moved = text(list(&["a", "cc"], "/y")).await;
        assert_eq!(moved, r#"{"items":[{"href":"/y/a","name":"a"},{"href":"/y/cc","name":"cc"}]}"#);
        assert_eq!(text(list(&["cc"], "/y")).await, r#"{"items":[{"href":"/y/cc","name":"cc"}]}"#);
        assert_eq!(text(list(&["cc"], "/x")).await, r#"{"items":[{"href":"/x/cc","name":"cc"}]}"#, "moved back");
        let quoted = text(list(&["cc", "d"], "/\"q")).await;
        assert_eq!(quoted, r#"{"items":[{"href":"/\"q/cc","name":"cc"},{"href":"/\"q/d","name":"d"}]}"#);
        // "d" leaves and comes back unchanged: its bytes were in a list no
        // longer kept, so it is written again.
        assert_eq!(text(list(&["cc"], "/z")).await, r#"{"items":[{"href":"/z/cc","name":"cc"}]}"#);
        let back = text(list(&["cc", "d"], "/z")).await;
        assert_eq!(back, r#"{"items":[{"href":"/z/cc","name":"cc"},{"href":"/z/d","name":"d"}]}"#);
    }
}
