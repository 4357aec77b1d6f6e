//! The agent's recent activity (backups, restores, cleanups), newest first.

use crate::api::types::ActivityV1;
use crate::domain::restore::RestoreState;
use crate::domain::text::visible;
use crate::domain::time;
use crate::state::load::Load;
use crate::ui::dynamic::markup;
use crate::ui::widgets::error_box::ErrorBox;
use leptos::prelude::*;

fn state_label(a: &ActivityV1) -> String {
    if a.kind.eq_ignore_ascii_case("restore") {
        RestoreState::from_name(&a.current_state).label().to_string()
    } else {
        a.current_state.clone()
    }
}

#[component]
pub fn ActivityTable(activity: Load<Vec<ActivityV1>>, retry: Callback<()>) -> impl IntoView {
    view! {
        <section class="panel" aria-labelledby="activity-title">
            <h2 id="activity-title">"Activity"</h2>
            <ErrorBox error=activity.error retry=retry />
            {markup(move || activity.value.with(|list| list.as_ref().map(|list| view! {
                <table aria-label="Activity" class="compact">
                    <thead><tr><th>"Time (UTC)"</th><th>"Type"</th><th>"Name"</th><th>"State"</th><th>"ID"</th></tr></thead>
                    <tbody>
                        {list.iter().take(50).map(|a| view! {
                            <tr>
                                <td>{a.time_of_activity.map(time::utc).unwrap_or_default()}</td>
                                <td>{visible(&a.kind).into_owned()}</td>
                                <td>{visible(&a.display_name).into_owned()}</td>
                                <td>{visible(&state_label(a)).into_owned()}</td>
                                <td class="num">{a.id}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            })))}
        </section>
    }
}
