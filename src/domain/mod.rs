//! Pure logic with no web-sys: view models, status rules, filtering and
//! sorting, state machines, time formatting and password encryption. All of
//! it is unit-tested natively.

pub mod action_log;
pub mod agent;
pub mod backoff;
pub mod backup;
pub mod budget;
pub mod config;
pub mod crypto;
pub mod event_mode;
pub mod fleet;
pub mod logfile;
pub mod order;
pub mod prefs;
pub mod query;
pub mod restore;
pub mod restore_change;
pub mod restore_plan;
pub mod route;
pub mod session;
pub mod status;
pub mod text;
pub mod time;
pub mod validate;
pub mod wake;
