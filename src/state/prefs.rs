//! The browser's preferences (`domain::prefs`) in local storage. Only
//! preferences go there: never tokens, never tenant data.

use crate::domain::prefs::{Prefs, StatusWay};

const KEY: &str = "backup-console.prefs";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// The stored preferences (none when storage is unavailable or unreadable).
pub fn load() -> Prefs {
    storage().and_then(|s| s.get_item(KEY).ok().flatten()).map(|t| Prefs::from_text(&t)).unwrap_or_default()
}

/// Remembers (or, with `None`, forgets) how to read `tenant`'s statuses.
pub fn remember_status_way(tenant: &str, way: Option<StatusWay>) {
    let mut prefs = load();
    prefs.set_status_way(tenant, way);
    if let Some(s) = storage() {
        let _ = s.set_item(KEY, &prefs.to_text());
    }
}
