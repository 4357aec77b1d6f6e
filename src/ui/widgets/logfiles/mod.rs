//! Log files of one agent: "Request log" as a tracked job (requested →
//! started → completed, or failed) that ends with a download; earlier log
//! files with their date and state; delete with confirmation.

mod job;
mod list;

use crate::api::types::LogfileV2;
use crate::api::{ApiError, Client};
use crate::domain::logfile::{self, LogState};
use crate::state::clock::now_ms;
use crate::state::load::{Act, Load, Logged, Reading};
use crate::state::scope::RequestScope;
use crate::ui::dynamic::text;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::widgets::write_blocked::WriteBlockedNote;
use crate::ui::AppCtx;
use job::{Job, JobNotice};
use leptos::prelude::*;
use list::LogfileList;

/// The link if it may be offered (https, or this console's own origin).
fn offered(url: &str) -> Option<String> {
    let origin = window().location().origin().unwrap_or_default();
    logfile::offered_link(url, &origin)
}

#[component]
pub fn LogfilesSection(
    /// The agent's v2 id (log files are a v2 feature); `None` while unknown.
    #[prop(into)]
    v2_id: Signal<Option<String>>,
    /// Why the v2 id could not be found, if it could not.
    #[prop(into)]
    v2_error: Signal<Option<ApiError>>,
    /// Looks the v2 agent up again.
    retry_v2: Callback<()>,
    /// "WEB-01 (202743)", for the action log.
    #[prop(into)]
    agent_label: Signal<String>,
) -> impl IntoView {
    let ctx = AppCtx::get();
    // Reads and polls of this view stop when it goes away.
    let scope = RequestScope::for_view();
    let list: Load<Vec<LogfileV2>> = Load::new(ctx.auth, scope);
    let job: RwSignal<Option<Job>> = RwSignal::new(None);
    let job_reads: Load<LogfileV2> = Load::new(ctx.auth, scope);
    let requesting = Act::new(ctx.auth, ctx.log);
    let load_list = Callback::new(move |_| {
        if let Some(agent) = v2_id.get_untracked() {
            list.start(move |c| {
                let agent = agent.clone();
                Box::pin(async move { c.list_logfiles(&agent).await })
            });
        }
    });
    crate::ui::effect::effect(move || {
        if v2_id.with(Option::is_some) {
            load_list.run(());
        }
    });

    let request = Callback::new(move |_: ()| {
        let Some(agent) = v2_id.get_untracked() else { return };
        let entry = Logged {
            agent: agent_label.get_untracked(),
            action: "Request log".into(),
            done: "Log file requested from the agent".into(),
        };
        requesting.run(entry, move |c: Client| -> Reading<()> {
            let agent = agent.clone();
            Box::pin(async move {
                let req = c.request_logfile(&agent).await?;
                let requested_ms = now_ms();
                let state = req.logfile.as_ref().map(logfile::state_of).unwrap_or(LogState::Requested);
                let _ = job.try_set(Some(Job { id: req.logfile_id.clone(), requested_ms, state }));
                load_list.run(());
                job::follow(job_reads, job, agent, load_list);
                Ok(())
            })
        });
    });

    view! {
        <section class="panel" aria-labelledby="logfiles-title">
            <h2 id="logfiles-title">"Log files"</h2>
            <ErrorBox error=v2_error retry=retry_v2 />
            <p>
                <button
                    type="button"
                    on:click=move |_| request.run(())
                    disabled=move || requesting.busy.get() || v2_id.with(Option::is_none) || ctx.auth.write_block().is_some()
                    title="Asks the agent to upload its log; it appears here when ready."
                >
                    {text(move || if requesting.busy.get() { "Requesting log…" } else { "Request log" })}
                </button>
            </p>
            <WriteBlockedNote />
            <ErrorBox error=requesting.error retry=requesting.retry() />
            <JobNotice job=job />
            <ErrorBox error=list.error retry=load_list />
            <LogfileList list=list v2_id=v2_id agent_label=agent_label reload=load_list />
        </section>
    }
}
