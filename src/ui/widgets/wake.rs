//! "Wake up agents": the request, a 20 s countdown while statuses are
//! re-polled, agents moving waking → online or offline, and a summary.

use super::error_box::ErrorBox;
use super::write_blocked::WriteBlockedNote;
use crate::domain::time;
use crate::ui::dynamic::{markup, text};
use crate::ui::AppCtx;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn WakeButton() -> impl IntoView {
    let ctx = AppCtx::get();
    let fleet = ctx.fleet;
    let wake = move |_| spawn_local(fleet.wake_up(ctx.auth, ctx.log));
    view! {
        <button
            type="button"
            class="primary"
            disabled=move || fleet.waking_up.get() || ctx.auth.write_block().is_some()
            title=move || {
                ctx.auth.write_block().unwrap_or("Asks every agent of the tenant to check in; agents answer within 10-20 s.")
            }
            on:click=wake
        >
            {text(move || if fleet.waking_up.get() { "Waking agents…" } else { "Wake up agents" })}
        </button>
    }
}

#[component]
pub fn WakePanel() -> impl IntoView {
    let ctx = AppCtx::get();
    let fleet = ctx.fleet;
    let retry = Callback::new(move |_| spawn_local(fleet.wake_up(ctx.auth, ctx.log)));
    let progress = move || {
        let run = fleet.wake.get()?;
        let now = ctx.clock.now.get();
        let left = run.seconds_left(now);
        let statuses = fleet.statuses(now);
        let answered = statuses
            .iter()
            .filter(|(id, s)| run.is_target(*id) && *s == crate::domain::status::AgentStatus::Online)
            .count();
        Some(view! {
            <div class="notice wake" role="status" aria-live="polite">
                <p>
                    <strong>"Wake-up sent"</strong>
                    {format!(" at {} UTC to every agent of {}.", time::clock(run.sent_ms), ctx.where_())}
                </p>
                <p>
                    {format!("{answered} of {} agents that were not online have answered. ", run.targets.len())}
                    {if run.is_over(now) { "Final check…".to_string() } else { format!("Checking statuses: {left} s left.") }}
                </p>
                <progress max="20" value=(20 - left).to_string()></progress>
            </div>
        })
    };
    view! {
        <WriteBlockedNote />
        {markup(progress)}
        {markup(move || fleet.wake_summary.get().map(|s| view! {
            <div class="notice done" role="status">
                <p>{s.sentence()}</p>
                <button type="button" on:click=move |_| fleet.wake_summary.set(None)>"Dismiss"</button>
            </div>
        }))}
        <ErrorBox error=fleet.wake_error retry=retry />
    }
}
