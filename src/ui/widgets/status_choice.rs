//! Before the console asks a large tenant's agents to report (which sets the
//! customer's event mode to Active for a while), it says so and lets the
//! engineer choose: ask the agents, or read each agent's details without
//! changing anything, for now or remembered for this tenant in this browser.

use crate::api::EventMode;
use crate::domain::event_mode;
use crate::domain::prefs::StatusWay;
use crate::ui::dynamic::{markup, text};
use crate::ui::AppCtx;
use leptos::prelude::*;

#[component]
pub fn StatusChoice() -> impl IntoView {
    let ctx = AppCtx::get();
    let fleet = ctx.fleet;
    let remember = RwSignal::new(false);
    let tenant = move || ctx.auth.session.with(|s| s.as_ref().map(|s| s.tenant_id.clone())).unwrap_or_default();
    let choose = move |way: StatusWay| fleet.choose(&tenant(), way, remember.get_untracked());
    let minutes = event_mode::fallback_after_ms(EventMode::Active).unwrap_or(0) / 60_000;
    markup(move || {
        fleet.status_choice.get().map(|agents| {
            view! {
                <div class="notice choice" role="region" aria-label="How to read statuses">
                    <p><strong>{format!("{agents} agents: how may their true status be read?")}</strong></p>
                    <p>
                        {format!(
                            "Asking them to report sets tenant {}'s event mode to Active for about {minutes} minutes: \
                             its agents post heartbeats every few seconds until they fall back to idle, and a few \
                             requests read them all. Reading each agent's details changes nothing for the customer, \
                             but takes {agents} requests and longer.",
                            tenant()
                        )}
                    </p>
                    <p class="choice-buttons">
                        <button type="button" class="primary" on:click=move |_| choose(StatusWay::AskAgents)>
                            {format!("Ask agents to report for {minutes} minutes")}
                        </button>
                        <button type="button" on:click=move |_| choose(StatusWay::ReadOnly)>
                            "Read without changing anything"
                        </button>
                        <label class="check">
                            <input type="checkbox" on:change=move |ev| remember.set(event_target_checked(&ev)) />
                            {text(move || format!(" Remember for tenant {} in this browser", tenant()))}
                        </label>
                    </p>
                </div>
            }
        })
    })
}
