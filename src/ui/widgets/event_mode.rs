//! Event mode: idle / active / real_time, what each costs and gives, the
//! mode last set and when it falls back, and the live feed while active.

use super::error_box::ErrorBox;
use crate::api::{Client, EventMode};
use crate::domain::{event_mode, time};
use crate::state::clock::now_ms;
use crate::state::load::{Act, Logged, Reading};
use crate::ui::dynamic::{markup, show_when, text};
use crate::ui::AppCtx;
use leptos::prelude::*;

#[component]
pub fn EventModePanel() -> impl IntoView {
    let ctx = AppCtx::get();
    let events = ctx.events;
    let choice = RwSignal::new(EventMode::Active);
    let setting = Act::new(ctx.auth, ctx.log);
    let apply = move |_| {
        let mode = choice.get_untracked();
        let entry = Logged {
            agent: String::new(),
            action: format!("Event mode: {}", event_mode::label(mode)),
            done: "Agents asked to change mode".into(),
        };
        setting.run(entry, move |c: Client| -> Reading<()> {
            Box::pin(async move {
                c.set_event_mode(mode).await?;
                events.note_activation(mode, now_ms());
                if mode != EventMode::Idle {
                    ctx.fleet.follow_events(ctx.auth, events);
                }
                Ok(())
            })
        });
    };
    let status = move || {
        let now = ctx.clock.now.get();
        match (events.mode_set.get(), events.fell_back_ms.get()) {
            (None, _) => "No mode set from this console yet; agents are normally idle.".to_string(),
            (Some((m, at)), None) => {
                let back = events
                    .falls_back_at()
                    .map(|t| format!(" Falls back to idle around {} UTC ({}).", time::clock(t), time::until(now, t)))
                    .unwrap_or_default();
                format!("Mode last set: {} at {} UTC.{back}", event_mode::label(m), time::clock(at))
            }
            (Some((m, at)), Some(back)) => format!(
                "Mode last set: {} at {} UTC; agents fell back to idle at {} UTC.",
                event_mode::label(m),
                time::clock(at),
                time::clock(back)
            ),
        }
    };
    view! {
        <section class="panel event-mode" aria-labelledby="event-mode-title">
            <h2 id="event-mode-title">"Event mode"</h2>
            <fieldset>
                <legend class="visually-hidden">"Event mode"</legend>
                {EventMode::ALL.into_iter().map(|m| view! {
                    <label class="mode">
                        <input
                            type="radio"
                            name="event-mode"
                            value=m.as_str()
                            prop:checked=move || choice.get() == m
                            on:change=move |_| choice.set(m)
                        />
                        <span>{event_mode::describe(m)}</span>
                    </label>
                }).collect_view()}
            </fieldset>
            <button type="button" aria-label="Set Event mode" on:click=apply disabled=move || setting.busy.get() || ctx.auth.write_block().is_some()>
                {text(move || if setting.busy.get() { "Setting event mode…" } else { "Set event mode" })}
            </button>
            <p class="mode-status" role="status">{text(status)}</p>
            <ErrorBox error=setting.error retry=setting.retry() />
            <ErrorBox error=events.error />
            {show_when(move || !events.feed.with(Vec::is_empty), move || view! {
                <h3>"Recent project events"</h3>
                <ol class="feed" aria-label="Recent project events">
                    {markup(move || events.feed.get().into_iter().map(|e| view! {
                        <li>
                            <time>{e.time_ms.map(time::clock).unwrap_or_default()}</time>
                            " " <strong>{e.event}</strong>
                            " " <span>{e.agent}</span>
                            " " <span class="muted">{e.detail}</span>
                        </li>
                    }).collect_view())}
                </ol>
            })}
        </section>
    }
}
