//! The agent's log files, newest first, each with its download and Delete.

use super::offered;
use crate::api::types::LogfileV2;
use crate::api::Client;
use crate::domain::logfile;
use crate::domain::time;
use crate::state::clock::now_ms;
use crate::state::load::{Act, Load, Logged, Reading};
use crate::ui::dynamic::markup;
use crate::ui::widgets::confirm::ConfirmDialog;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::AppCtx;
use leptos::prelude::*;

#[component]
pub fn LogfileList(
    list: Load<Vec<LogfileV2>>,
    #[prop(into)] v2_id: Signal<Option<String>>,
    #[prop(into)] agent_label: Signal<String>,
    reload: Callback<()>,
) -> impl IntoView {
    let ctx = AppCtx::get();
    let to_delete: RwSignal<Option<LogfileV2>> = RwSignal::new(None);
    let deleting = Act::new(ctx.auth, ctx.log);
    let confirm_delete = Callback::new(move |_| {
        let (Some(agent), Some(lf)) = (v2_id.get_untracked(), to_delete.get_untracked()) else { return };
        to_delete.set(None);
        let entry = Logged {
            agent: agent_label.get_untracked(),
            action: "Delete log file".into(),
            done: format!("Log file {} deleted", lf.id),
        };
        deleting.run(entry, move |c: Client| -> Reading<()> {
            let (agent, id) = (agent.clone(), lf.id.clone());
            Box::pin(async move {
                c.delete_logfile(&agent, &id).await?;
                reload.run(());
                Ok(())
            })
        });
    });
    let rows = move || {
        list.value.get().map(|l| {
            if l.is_empty() {
                return view! { <p class="muted">"No log files for this agent yet."</p> }.into_any();
            }
            let now = now_ms();
            view! {
                <table aria-label="Log files" class="compact">
                    <thead><tr><th>"Requested (UTC)"</th><th>"State"</th><th>"File"</th><th>"Delete"</th></tr></thead>
                    <tbody>
                        {l.into_iter().map(|lf| {
                            // The same pick-up timeout as a request followed on
                            // this page, so a request left behind ends too.
                            let state = logfile::after_poll(&lf, lf.date.unwrap_or(now), now);
                            let link = lf.download_url().and_then(offered);
                            let target = lf.clone();
                            view! {
                                <tr data-logfile-id=lf.id.clone()>
                                    <td>{lf.date.map(time::utc).unwrap_or_else(|| "—".into())}</td>
                                    <td>{state.label()}</td>
                                    <td>{link.map(|u| view! { <a href=u download="" rel="noopener noreferrer">"Download"</a> })}</td>
                                    <td><button type="button" on:click=move |_| to_delete.set(Some(target.clone())) disabled=move || ctx.auth.write_block().is_some()>"Delete"</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        })
    };
    view! {
        <ErrorBox error=deleting.error retry=deleting.retry() />
        {markup(rows)}
        <ConfirmDialog
            id="delete-log-title"
            open=Signal::derive(move || to_delete.with(Option::is_some))
            title=Signal::derive(|| "Delete this log file?".to_string())
            body=Signal::derive(move || {
                to_delete.with(|l| l.as_ref().map(|l| format!(
                    "The log file {} of {}, {}, will be deleted. This cannot be undone.",
                    l.id, agent_label.get(), ctx.where_()
                )).unwrap_or_default())
            })
            confirm_label="Delete log file"
            on_confirm=confirm_delete
            on_cancel=Callback::new(move |_| to_delete.set(None))
        />
    }
}
