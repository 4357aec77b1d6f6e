//! A status as icon + word + tooltip: never colour alone.

use crate::domain::status::AgentStatus;
use leptos::prelude::*;

/// The badge's class: its colour comes from the status's key.
pub fn badge_class(status: AgentStatus) -> String {
    format!("badge status-{}", status.key())
}

/// The badge as a view; the agents table builds the same markup with DOM
/// calls (`agent_rows`), from the same class, icon and label.
#[component]
pub fn StatusBadge(status: AgentStatus, #[prop(into)] tooltip: String) -> impl IntoView {
    view! {
        <span class=badge_class(status) title=tooltip>
            <span class="badge-icon" aria-hidden="true">{status.icon()}</span>
            " "
            {status.label()}
        </span>
    }
}
