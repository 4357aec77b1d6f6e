//! Application state and the actions that change it: the session and
//! re-authentication, the fleet of agents and its refresh, wake-ups, the
//! event feed, and the action log. Components read these through context.

pub mod action_log;
pub mod auth;
pub mod clock;
pub mod events;
pub mod fleet;
mod heartbeats;
pub mod load;
pub mod perf;
pub mod prefs;
pub mod scope;
mod walk;
