//! Everything pages and widgets share, provided once as context.

use crate::domain::config::AppConfig;
use crate::state::action_log::ActionLog;
use crate::state::auth::Auth;
use crate::state::clock::Clock;
use crate::state::events::EventFeed;
use crate::state::fleet::Fleet;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct AppCtx {
    pub config: StoredValue<AppConfig>,
    pub auth: Auth,
    pub fleet: Fleet,
    pub log: ActionLog,
    pub events: EventFeed,
    pub clock: Clock,
    /// The action log panel is open.
    pub log_open: RwSignal<bool>,
}

impl AppCtx {
    pub fn get() -> AppCtx {
        use_context::<AppCtx>().expect("AppCtx is provided by the console shell")
    }

    pub fn refresh_seconds(&self) -> u32 {
        self.config.with_value(|c| c.refresh_seconds)
    }

    /// The tenant and region in every confirmation: "tenant 123456 in DFW".
    pub fn where_(&self) -> String {
        self.auth
            .session
            .with_untracked(|s| s.as_ref().map(|s| format!("tenant {} in {}", s.tenant_id, s.region)))
            .unwrap_or_default()
    }
}
