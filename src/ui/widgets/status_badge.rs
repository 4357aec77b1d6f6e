//! A status as icon + word + tooltip: never colour alone.

use crate::domain::status::AgentStatus;
use leptos::prelude::*;

#[component]
pub fn StatusBadge(status: AgentStatus, #[prop(into)] tooltip: String) -> impl IntoView {
    view! {
        <span class=format!("badge status-{}", status.key()) title=tooltip>
            <span class="badge-icon" aria-hidden="true">{status.icon()}</span>
            " "
            {status.label()}
        </span>
    }
}
