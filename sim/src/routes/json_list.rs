//! Whole-tenant lists: at 10,000 agents a v1 list of every configuration is
//! 50,000 records (about 80 MB). Building them all as value trees, then one
//! string that regrows as it fills, spent most of the time in the allocator
//! and in the kernel clearing fresh pages. Here each record is written into
//! one buffer sized from the list's previous answer, and its bytes are kept
//! while what it shows (its view) hashes the same, so a list only rewrites
//! the records that changed since it was last asked for.

use axum::http::header;
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hash, Hasher};
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

fn close(mut out: Vec<u8>, key: Option<&str>, hint: &SizeHint) -> Response {
    out.push(b']');
    if key.is_some() {
        out.push(b'}');
    }
    hint.0.store(out.len(), Ordering::Relaxed);
    ([(header::CONTENT_TYPE, "application/json")], out).into_response()
}

/// Records written before, by record key: (hash of what the record shows,
/// its JSON). A record is a function of its view alone, so an equal hash
/// means equal bytes; lists reuse every record whose view did not change.
pub struct Fragments<K>(LazyLock<Mutex<Written<K>>>);

/// By record key: (hash of the view it was written from, its JSON).
type Written<K> = HashMap<K, (u64, Vec<u8>), BuildHasherDefault<FxHasher>>;

/// The multiply-rotate hash rustc uses for its own tables (FxHash): several
/// times faster than the default SipHash on many small fields, and strong
/// enough here, where no one chooses the keys to collide.
#[derive(Default)]
pub struct FxHasher(u64);

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

impl<K> Fragments<K> {
    pub const fn new() -> Fragments<K> {
        Fragments(LazyLock::new(|| Mutex::new(HashMap::default())))
    }
}

/// A 200 with the `(key, view)` records as a JSON array, bare (v1) or as
/// `{"key": […]}` (v2): each written by `write(view)`, or taken from `cache`
/// when its view hashes as it did then.
pub fn cached_list<K: Hash + Eq, V: Hash>(
    key: Option<&str>,
    hint: &SizeHint,
    cache: &Fragments<K>,
    records: impl Iterator<Item = (K, V)>,
    write: impl Fn(&V) -> Value,
) -> Response {
    let mut cache = crate::lock(&cache.0);
    let mut out = open(key, hint);
    for (n, (id, view)) in records.enumerate() {
        if n > 0 {
            out.push(b',');
        }
        let mut hasher = FxHasher::default();
        view.hash(&mut hasher);
        let stamp = hasher.finish();
        match cache.get(&id) {
            Some((seen, bytes)) if *seen == stamp => out.extend_from_slice(bytes),
            _ => {
                let bytes = serde_json::to_vec(&write(&view)).unwrap_or_default();
                out.extend_from_slice(&bytes);
                cache.insert(id, (stamp, bytes));
            }
        }
    }
    close(out, key, hint)
}
