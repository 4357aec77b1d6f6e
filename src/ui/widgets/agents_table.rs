//! The agents table. Only the rows near the scroll position are in the DOM
//! (at least the first 100, so small tenants have every row present), which
//! keeps 10,000 agents as fast as 12.

use crate::domain::agent::Agent;
use crate::domain::query::{SortKey, TableQuery};
use crate::domain::status::AgentStatus;
use crate::domain::time;
use crate::ui::dynamic::text;
use leptos::prelude::*;

/// Row height in pixels (fixed, so the scroll position maps to a row).
const ROW_HEIGHT: usize = 37;
/// Rows always rendered, so a small tenant has every row in the DOM.
const MIN_WINDOW: usize = 100;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 30;
/// The rendered window moves by this many rows at a time.
const STEP: usize = 40;

/// What one row shows; a row's cells are rewritten only when it changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowView {
    pub id: u64,
    pub name: String,
    pub status: AgentStatus,
    pub status_tip: String,
    pub last_backup: String,
    pub last_backup_tip: String,
    pub stale: bool,
    pub datacenter: String,
    pub os: String,
    pub version: String,
    pub vault: String,
    pub encrypted: bool,
    pub disabled: bool,
    pub ip: String,
}

impl RowView {
    pub fn new(a: &Agent, status: AgentStatus, woke_ms: Option<i64>, now: i64) -> RowView {
        let (last_backup, last_backup_tip) = match (a.last_backup_ms, a.backup_known) {
            (Some(t), _) => (time::ago(now, t), time::utc(t)),
            (None, true) => ("Never".into(), "No successful backup on record.".into()),
            (None, false) => {
                ("…".into(), "Known once the agent's details or the tenant's activity have been read.".into())
            }
        };
        let mut status_tip = status.explain(a.seen.map(|s| s.at_ms), woke_ms);
        if let Some(e) = &a.check_error {
            status_tip = format!("Could not check: {e}");
        }
        RowView {
            id: a.id,
            name: a.name.clone(),
            status,
            status_tip,
            last_backup,
            last_backup_tip,
            stale: a.last_backup_ms.is_some_and(|t| now - t > 7 * 86_400_000),
            datacenter: a.datacenter.clone(),
            os: a.os.clone(),
            version: a.version.clone(),
            vault: a.vault_size.clone().unwrap_or_else(|| "—".into()),
            encrypted: a.encrypted,
            disabled: a.disabled,
            ip: a.ip.clone(),
        }
    }
}

#[component]
pub fn AgentsTable(
    /// Every row to show, in order (already filtered and sorted).
    #[prop(into)]
    total: Signal<usize>,
    /// Builds the rows for a range of the ordered list.
    rows: Callback<(usize, usize), Vec<RowView>>,
    #[prop(into)] query: Signal<TableQuery>,
    on_sort: Callback<SortKey>,
    /// Told the IDs of the rows in view, top to bottom, whenever they
    /// change (status checks go to those first).
    #[prop(optional)]
    on_shown: Option<Callback<Vec<u64>>>,
) -> impl IntoView {
    // Whole pixels: no floats anywhere, so no float formatting code ships.
    let scroll_top = RwSignal::new(0usize);
    let viewport = RwSignal::new(800usize);
    let range = Memo::new(move |_| {
        let n = total.get();
        // The window moves in steps of STEP rows, so most scroll frames
        // change nothing and only every few hundred pixels re-render rows.
        let first = (scroll_top.get() / ROW_HEIGHT).saturating_sub(OVERSCAN) / STEP * STEP;
        let count = MIN_WINDOW.max(viewport.get() / ROW_HEIGHT + 2 * OVERSCAN + STEP);
        let first = first.min(n.saturating_sub(count.min(n)));
        (first, (first + count).min(n))
    });
    let visible = Memo::new(move |_| {
        let (a, b) = range.get();
        rows.run((a, b))
    });
    // The rows themselves are built by `agent_rows` (the hot path).
    let body = NodeRef::<leptos::html::Tbody>::new();
    let shown = StoredValue::new_local(super::agent_rows::Rows::default());
    // The rows inside the viewport (not the whole rendered window), top to
    // bottom, for whoever wants to know what the user sees.
    if let Some(shown) = on_shown {
        crate::ui::effect::effect(move || {
            let (first_rendered, _) = range.get();
            let first = scroll_top.get() / ROW_HEIGHT;
            let count = viewport.get() / ROW_HEIGHT + 1;
            let ids = visible.with(|rows| {
                rows.iter().skip(first.saturating_sub(first_rendered)).take(count).map(|r| r.id).collect()
            });
            shown.run(ids);
        });
    }
    crate::ui::effect::effect(move || {
        let rows = visible.get();
        // A new query whose rows are the same still counts as rendered (the
        // keyed rows then change nothing), so its measure closes.
        query.track();
        if let Some(tbody) = body.get() {
            shown.update_value(|shown| shown.render(&tbody, &rows));
            crate::state::perf::rows_rendered();
        }
    });
    let pad_top = move || range.get().0 * ROW_HEIGHT;
    let pad_bottom = move || (total.get() - range.get().1) * ROW_HEIGHT;

    let heading = move |key: SortKey| {
        let sort_state = move || {
            let q = query.get();
            if q.sort != key {
                "none"
            } else if q.descending {
                "descending"
            } else {
                "ascending"
            }
        };
        let arrow = move || match sort_state() {
            "ascending" => " ▲",
            "descending" => " ▼",
            _ => "",
        };
        view! {
            <th scope="col" aria-sort=sort_state>
                <button type="button" class="sort" on:click=move |_| on_sort.run(key)>
                    {key.label()}
                    <span aria-hidden="true">{text(arrow)}</span>
                </button>
            </th>
        }
    };

    view! {
        <div
            class="table-scroll"
            on:scroll=move |ev| {
                use wasm_bindgen::JsCast;
                if let Some(el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                    scroll_top.set(el.scroll_top().max(0) as usize);
                    viewport.set(el.client_height().max(0) as usize);
                }
            }
        >
            // Rows out of view are represented by padding, not spacer rows, so
            // every <tbody> row is an agent.
            <div
                class="table-window"
                style:padding-top=move || format!("{}px", pad_top())
                style:padding-bottom=move || format!("{}px", pad_bottom())
            >
            <table aria-label="Agents" class="agents" aria-rowcount=move || (total.get() + 1).to_string()>
                <thead>
                    <tr>{SortKey::ALL.into_iter().map(heading).collect_view()}</tr>
                </thead>
                <tbody node_ref=body></tbody>
            </table>
            </div>
        </div>
    }
}
