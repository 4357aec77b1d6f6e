//! The agents table. Only the rows near the scroll position are in the DOM
//! (at least the first 100, so small tenants have every row present), which
//! keeps 10,000 agents as fast as 12.

use super::agent_rows::Rows;
use super::row_view::RowView;
use crate::domain::query::{SortKey, TableQuery};
use crate::ui::dynamic::text;
use leptos::prelude::*;

/// Row height in pixels (fixed, so the scroll position maps to a row).
const ROW_HEIGHT: usize = 37;
/// Rows always rendered, so a small tenant has every row in the DOM.
const MIN_WINDOW: usize = 100;
/// Rows rendered above and below the visible ones.
const OVERSCAN: usize = 20;
/// The rendered window moves by this many rows at a time.
const STEP: usize = 30;

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
    let shown = StoredValue::new_local(Rows::default());
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
        let first = range.get_untracked().0;
        // A new query whose rows are the same still counts as rendered (the
        // keyed rows then change nothing), so its measure closes.
        query.track();
        if let Some(tbody) = body.get() {
            shown.update_value(|shown| shown.render(&tbody, &rows, first));
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
