//! Whole-tenant lists: at 10,000 agents a v1 list of every configuration is
//! 50,000 records (about 80 MB). Building them all as value trees, then one
//! string that regrows as it fills, spent most of the time in the allocator
//! and in the kernel clearing fresh pages. Here each record is written into
//! one buffer sized from the list's previous answer, and its bytes are kept
//! while what it shows (its view) hashes the same, so a list only rewrites
//! the records that changed since it was last asked for.

use crate::fx::{FxHashMap, FxHasher};
use axum::body::Bytes;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{LazyLock, Mutex};

/// The size of a list's last answer: the next one's buffer starts there.
pub struct SizeHint(AtomicUsize);

impl SizeHint {
    pub const fn new() -> SizeHint {
        SizeHint(AtomicUsize::new(0))
    }
}

fn open(key: Option<&str>, hint: &SizeHint) -> Vec<u8> {
    let mut out: Vec<u8> = Vec::with_capacity(hint.0.load(Ordering::Relaxed) + 64);
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

/// Records written before, by record key: (hash of what the record shows,
/// its JSON). A record is a function of its view alone, so an equal hash
/// means equal bytes; lists reuse every record whose view did not change,
/// and a list whose records all hash as last time is the last answer again
/// (no buffer to fill: at 80 MB, filling one cost as much as the rest).
pub struct Fragments<K>(LazyLock<Mutex<Cache<K>>>);

struct Cache<K> {
    records: Written<K>,
    /// The last answer and the hash of each of its records, in order.
    last: Option<(Vec<u64>, Bytes)>,
}

/// By record key: (hash of the view it was written from, its JSON).
type Written<K> = FxHashMap<K, (u64, Vec<u8>)>;

impl<K> Fragments<K> {
    pub const fn new() -> Fragments<K> {
        Fragments(LazyLock::new(|| Mutex::new(Cache { records: FxHashMap::default(), last: None })))
    }
}

/// A 200 with the `(key, view)` records as a JSON array, bare (v1) or as
/// `{"key": […]}` (v2): each written by `write(view)`, or taken from `cache`
/// when its view hashes as it did then.
///
/// `shared` is what every record shows alike (the links' base): hashed once
/// here, so views leave it out of their own hash.
pub fn cached_list<K: Hash + Eq, V: Hash>(
    key: Option<&str>,
    shared: &str,
    hint: &SizeHint,
    cache: &Fragments<K>,
    records: impl Iterator<Item = (K, V)>,
    write: impl Fn(&V) -> Value,
) -> Response {
    let mut cache = crate::lock(&cache.0);
    let mut seed = FxHasher::default();
    shared.hash(&mut seed);
    let records: Vec<(K, V, u64)> = records
        .map(|(id, view)| {
            let mut hasher = seed.clone();
            (&id, &view).hash(&mut hasher);
            let stamp = hasher.finish();
            (id, view, stamp)
        })
        .collect();
    let stamps: Vec<u64> = records.iter().map(|r| r.2).collect();
    if let Some((seen, body)) = &cache.last {
        if *seen == stamps {
            return answer(body.clone());
        }
    }
    let mut out = open(key, hint);
    for (n, (id, view, stamp)) in records.into_iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        match cache.records.get(&id) {
            Some((seen, bytes)) if *seen == stamp => out.extend_from_slice(bytes),
            _ => {
                let bytes = serde_json::to_vec(&write(&view)).unwrap_or_default();
                out.extend_from_slice(&bytes);
                cache.records.insert(id, (stamp, bytes));
            }
        }
    }
    let body = close(out, key, hint);
    cache.last = Some((stamps, body.clone()));
    answer(body)
}

#[cfg(test)]
mod tests {
    use super::*;

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
            let base = base.to_string();
            cached_list(
                Some("items"),
                &base.clone(),
                &HINT,
                &CACHE,
                records,
                move |n| serde_json::json!({"name": n, "href": format!("{base}/{n}")}),
            )
        };
        let first = text(list(&["a", "bb"], "/x")).await;
        assert_eq!(first, r#"{"items":[{"href":"/x/a","name":"a"},{"href":"/x/bb","name":"bb"}]}"#);
        assert_eq!(text(list(&["a", "bb"], "/x")).await, first, "the same list again");
        let changed = text(list(&["a", "cc"], "/x")).await;
        assert_eq!(changed, r#"{"items":[{"href":"/x/a","name":"a"},{"href":"/x/cc","name":"cc"}]}"#);
        let moved = text(list(&["a", "cc"], "/y")).await;
        assert_eq!(moved, r#"{"items":[{"href":"/y/a","name":"a"},{"href":"/y/cc","name":"cc"}]}"#);
        assert_eq!(text(list(&["cc"], "/y")).await, r#"{"items":[{"href":"/y/cc","name":"cc"}]}"#);
    }
}
