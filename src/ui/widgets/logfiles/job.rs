//! The log request just made: followed until the agent uploads the file
//! (or does not pick the request up in time), then a download link.

use super::offered;
use crate::api::types::LogfileV2;
use crate::domain::logfile::{self, LogState};
use crate::domain::time;
use crate::state::clock::{now_ms, sleep_ms};
use crate::state::load::Load;
use crate::ui::dynamic::markup;
use leptos::prelude::*;
use leptos::task::spawn_local;

const POLL_MS: u64 = 2_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub id: String,
    pub requested_ms: i64,
    pub state: LogState,
}

/// Polls the job's log file until it is done or the view goes. A busy API
/// or a dropped connection does not end it; another failure does.
pub fn follow(reads: Load<LogfileV2>, job: RwSignal<Option<Job>>, agent: String, done: Callback<()>) {
    let Some(Job { id, requested_ms, .. }) = job.get_untracked() else { return };
    spawn_local(async move {
        while reads.alive() {
            sleep_ms(POLL_MS).await;
            let (a, i) = (agent.clone(), id.clone());
            let read = reads
                .read(move |c| {
                    let (a, i) = (a.clone(), i.clone());
                    Box::pin(async move { c.logfile_details(&a, &i).await })
                })
                .await;
            let state = match (read, reads.value.get_untracked(), reads.error.get_untracked()) {
                (true, Some(lf), _) => logfile::after_poll(&lf, requested_ms, now_ms()),
                (_, _, Some(e)) if !e.is_retryable() => LogState::Failed { reason: e.to_string() },
                _ => continue,
            };
            let finished = state.is_done();
            let _ = job.try_set(Some(Job { id: id.clone(), requested_ms, state }));
            if finished {
                done.run(());
                break;
            }
        }
    });
}

#[component]
pub fn JobNotice(job: RwSignal<Option<Job>>) -> impl IntoView {
    markup(move || {
        job.get().map(|j| {
            let (class, text) = match &j.state {
                LogState::Failed { reason } => ("notice warn", format!("{}: {reason}", j.state.label())),
                s => ("notice", s.label().to_string()),
            };
            let download = match &j.state {
                LogState::Completed { download: Some(url) } => offered(url).map(|url| view! {
                    <a class="button primary" href=url download="" rel="noopener noreferrer">"Download log file"</a>
                }),
                _ => None,
            };
            view! {
                <div class=class role="status" aria-live="polite">
                    <p><strong>"Log request "</strong>{format!("{} (requested {} UTC): ", j.id, time::clock(j.requested_ms))}{text}</p>
                    {(!j.state.is_done()).then(|| view! { <progress aria-label="Log file progress"></progress> })}
                    {download}
                </div>
            }
        })
    })
}
