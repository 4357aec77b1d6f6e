//! The operations of the console's next features (issue 12 point 7), one
//! module per feature: every JSON example of their doc pages, decoded, with
//! the values a user would see checked; request examples compared with the
//! bodies the client sends.

mod activity_settings;
mod backups;
mod browse;
mod configurations;
mod restores;

use serde_json::Value;

/// A fixture as plain JSON (request examples, error bodies).
pub fn json(name: &str) -> Value {
    serde_json::from_str(&crate::fixture(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// A body the client builds, as JSON.
pub fn sent(body: &str) -> Value {
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{body}: {e}"))
}
