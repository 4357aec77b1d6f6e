//! Backup Console: a browser console for Rackspace Cloud Backup agents.
//!
//! Data flows one way: a click → an action in `state` → one call of the typed
//! client in `api` → wire types decoded leniently → `domain` view models →
//! signals → the view in `ui` re-renders. Nothing below `ui` touches the DOM;
//! nothing outside `api` knows a URL.

pub mod api;
pub mod domain;
pub mod state;
pub mod ui;
