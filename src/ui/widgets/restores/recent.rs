//! Choosing a restore: the agent's recent ones, or any by its ID.

use super::Shown;
use crate::api::types::ActivityV1;
use crate::domain::restore::RestoreState;
use crate::domain::time;
use crate::ui::dynamic::{markup, text};
use crate::ui::widgets::error_box::Alert;
use leptos::prelude::*;

/// The ten newest restores of the agent's activity. The one on screen shows
/// its latest known state (from its own reads, which are newer than the
/// activity list's).
#[component]
pub fn RecentRestores(
    #[prop(into)] activity: Signal<Option<Vec<ActivityV1>>>,
    shown: Shown,
    select: Callback<u64>,
) -> impl IntoView {
    let latest = move |id: u64| {
        shown.restore.value.with(|r| {
            r.as_ref().filter(|r| r.restore_id == id).map(|r| RestoreState::from_id(r.restore_state_id).label())
        })
    };
    markup(move || {
        let list: Vec<ActivityV1> =
            activity.get()?.into_iter().filter(|x| x.kind.eq_ignore_ascii_case("restore")).take(10).collect();
        Some(if list.is_empty() {
            view! { <p class="muted">"No recent restores in this agent's activity."</p> }.into_any()
        } else {
            view! {
                <table aria-label="Restores" class="compact">
                    <thead><tr><th>"Restore ID"</th><th>"Backup"</th><th>"State"</th><th>"Time (UTC)"</th><th></th></tr></thead>
                    <tbody>
                        {list.into_iter().map(|a| {
                            let id = a.id;
                            let listed = RestoreState::from_name(&a.current_state).label();
                            view! {
                                <tr data-restore-id=id.to_string()>
                                    <td class="num">{id}</td>
                                    <td>{a.display_name.clone()}</td>
                                    <td>{text(move || latest(id).unwrap_or(listed))}</td>
                                    <td>{a.time_of_activity.map(time::utc).unwrap_or_default()}</td>
                                    <td><button type="button" on:click=move |_| select.run(id)>{format!("Open restore {id}")}</button></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        })
    })
}

/// "Restore ID" + "Show restore": any restore of the tenant by its number.
#[component]
pub fn RestoreById(select: Callback<u64>) -> impl IntoView {
    let id_text = RwSignal::new(String::new());
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let show = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match id_text.get_untracked().trim().parse::<u64>() {
            Ok(id) if id > 0 => {
                problem.set(None);
                select.run(id);
            }
            _ => problem.set(Some("A restore ID is a whole number, e.g. 1394.".into())),
        }
    };
    view! {
        <form class="inline" on:submit=show>
            <label for="restore-id">"Restore ID"</label>
            <input id="restore-id" inputmode="numeric" prop:value=move || id_text.get() on:input=move |ev| id_text.set(event_target_value(&ev)) />
            <button type="submit">"Show restore"</button>
        </form>
        <Alert message=problem />
    }
}
