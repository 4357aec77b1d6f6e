//! Pieces that several v2 objects share: a reference to another object, a
//! path to include or exclude, and the summary of a run's errors.

use super::lenient::{self, from_json};
use super::types::LinkV2;
use serde_json::{json, Value};

/// Another object, named by ID (`"agent": {"id", "links"}`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RefV2 {
    pub id: String,
    pub links: Vec<LinkV2>,
}

from_json!(RefV2 { id: get("id", lenient::text), links: list("links") });

/// One inclusion or exclusion: `{"type": "file" | "folder", "path"}`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathV2 {
    pub kind: String,
    pub path: String,
}

from_json!(PathV2 { kind: get("type", lenient::text), path: get("path", lenient::text) });

impl PathV2 {
    pub fn file(path: impl Into<String>) -> PathV2 {
        PathV2 { kind: "file".into(), path: path.into() }
    }

    pub fn folder(path: impl Into<String>) -> PathV2 {
        PathV2 { kind: "folder".into(), path: path.into() }
    }

    pub fn to_json(&self) -> Value {
        json!({ "type": self.kind, "path": self.path })
    }
}

/// A run's errors in brief (`errors` of a v2 backup or restore); the list
/// itself is behind its link.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ErrorsV2 {
    pub count: Option<u64>,
    pub reason: String,
    pub diagnostics: String,
}

from_json!(ErrorsV2 {
    count: get("count", lenient::opt_u64),
    reason: get("reason", lenient::text),
    diagnostics: get("diagnostics", lenient::text),
});
