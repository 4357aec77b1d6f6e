//! The agents page: every agent of the tenant with its true status; search,
//! filters and sort kept in the URL; refresh, wake-up and event mode.

use crate::domain::order;
use crate::domain::query::{self, SortKey, TableQuery};
use crate::domain::status::{AgentStatus, WAKE_WINDOW_MS};
use crate::domain::time;
use crate::state::clock::now_ms;
use crate::state::perf;
use crate::ui::dynamic::{markup, show_when, text};
use crate::ui::effect::effect;
use crate::ui::router::Location;
use crate::ui::widgets::agents_table::AgentsTable;
use crate::ui::widgets::error_box::ErrorBox;
use crate::ui::widgets::event_mode::EventModePanel;
use crate::ui::widgets::row_view::RowView;
use crate::ui::widgets::status_choice::StatusChoice;
use crate::ui::widgets::wake::{WakeButton, WakePanel};
use crate::ui::AppCtx;
use leptos::html::{Input, Select};
use leptos::prelude::*;
use leptos::task::spawn_local;

#[component]
pub fn AgentsPage() -> impl IntoView {
    let ctx = AppCtx::get();
    let fleet = ctx.fleet;
    let location = Location::get();
    let query = Memo::new(move |_| TableQuery::from_query_string(&location.query()));
    // The query lives in the address (shareable, kept on reload); a change
    // replaces the history entry so Back leaves the table, not a keystroke.
    let set_query = Callback::new(move |q: TableQuery| {
        let qs = q.to_query_string();
        location.navigate(&if qs.is_empty() { "/".to_string() } else { format!("/?{qs}") }, true);
    });

    // Statuses depend on the clock only while a wake-up window is open; the
    // end of a wake-up run re-derives them at once, so no agent still reads
    // "waking" beside the summary.
    let statuses = Memo::new(move |_| {
        let woke = fleet.woke_ms.get();
        fleet.wake.track();
        if woke.is_some_and(|w| now_ms() < w + WAKE_WINDOW_MS + 1_000) {
            ctx.clock.now.track();
        }
        // The real time, not the clock signal's last tick (up to 1 s old).
        let now = now_ms();
        fleet.data.with(|d| d.agents.iter().map(|a| a.status(woke, now)).collect::<Vec<_>>())
    });
    // Sorting runs when the data or the sort changes; a keystroke in search
    // only filters the sorted order.
    let sort_spec = Memo::new(move |_| query.with(|q| (q.sort, q.descending)));
    let sorted = Memo::new(move |_| {
        let (key, descending) = sort_spec.get();
        fleet.data.with(|d| statuses.with(|s| order::table_order(&d.agents, s, key, descending)))
    });
    let shown = Memo::new(move |_| {
        let q = query.get();
        sorted.with(|o| fleet.data.with(|d| statuses.with(|s| query::filter_order(o, &d.agents, s, &q, now_ms()))))
    });
    let minute = Memo::new(move |_| ctx.clock.now.get() / 60_000);
    let rows = Callback::new(move |(from, to): (usize, usize)| {
        let now = minute.get() * 60_000;
        let woke = fleet.woke_ms.get();
        shown.with(|o| {
            fleet.data.with(|d| {
                statuses.with(|s| {
                    o.get(from..to.min(o.len()))
                        .unwrap_or_default()
                        .iter()
                        .map(|&i| RowView::new(&d.agents[i], s[i], woke, now))
                        .collect()
                })
            })
        })
    });
    let total = Signal::derive(move || shown.with(Vec::len));
    // One pass per status change, in the order of `AgentStatus::ALL`.
    let counts = Memo::new(move |_| statuses.with(|s| query::counts(s).map(|c| c.1).to_vec()));
    let all = move || fleet.data.with(|d| d.agents.len());

    let on_sort = Callback::new(move |key: SortKey| {
        perf::mark("sort-click");
        perf::measure_until_rendered("sort-update", "sort-click");
        perf::measure_after_paint("sort", "sort-click", "sort-painted");
        set_query.run(query.get_untracked().sorted_by(key));
    });
    let refresh = move || spawn_local(fleet.refresh(ctx.auth, ctx.events, ctx.log, ctx.refresh_seconds()));
    let retry = Callback::new(move |_| refresh());
    let updated = move || {
        let now = ctx.clock.now.get();
        fleet.updated_ms.get().map(|t| {
            format!(
                "Updated {}",
                if now - t < 60_000 { format!("{} s ago", (now - t).max(0) / 1000) } else { time::ago(now, t) }
            )
        })
    };
    let busy = move || fleet.loading.get() || fleet.checking.get().is_some();

    view! {
        <section class="agents-page" aria-labelledby="agents-title">
            <div class="page-head">
                <h1 id="agents-title">"Agents"</h1>
                <div class="actions">
                    <WakeButton />
                    <button type="button" on:click=move |_| refresh() disabled=busy>
                        {text(move || if fleet.loading.get() { "Refreshing…" } else { "Refresh" })}
                    </button>
                    <span class="muted" title=move || fleet.updated_ms.get().map(time::utc).unwrap_or_default()>{text(move || updated().unwrap_or_default())}</span>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || fleet.auto_refresh.get() on:change=move |ev| fleet.auto_refresh.set(event_target_checked(&ev)) />
                        {format!(" Auto-refresh every {} s", ctx.refresh_seconds())}
                    </label>
                </div>
            </div>
            {markup(move || fleet.notice.get().map(|n| view! { <div class="notice warn" role="status">{n}</div> }))}
            <ErrorBox error=fleet.error retry=retry />
            <RejectedNotice />
            <StatusChoice />
            <WakePanel />
            <Toolbar query=query set_query=set_query counts=counts />
            <p class="counts" role="status">
                {text(move || {
                    let shown = total.get();
                    let n = all();
                    let checking = status_progress(&ctx);
                    format!("Showing {shown} of {n} agent{}{checking}", if n == 1 { "" } else { "s" })
                })}
            </p>
            {markup(move || {
                let empty = if all() == 0 && fleet.loading.get() {
                    "Loading agents…"
                } else if all() == 0 && fleet.updated_ms.get().is_some() {
                    "This tenant has no Cloud Backup agents."
                } else if total.get() == 0 && all() > 0 {
                    "No agent matches these filters. Use Clear filters to see them all."
                } else {
                    return None;
                };
                Some(view! { <p class="empty">{empty}</p> })
            })}
            <AgentsTable total=total rows=rows query=query on_sort=on_sort on_shown=Callback::new(move |ids: Vec<u64>| fleet.set_on_screen(ids)) />
            <EventModePanel />
        </section>
    }
}

/// Agent records from the API that could not be read, with the reasons.
#[component]
fn RejectedNotice() -> impl IntoView {
    let fleet = AppCtx::get().fleet;
    markup(move || {
        let rejected = fleet.rejected.get();
        (!rejected.is_empty()).then(|| {
            view! {
                <div class="notice warn" role="status">
                    <p>{format!(
                        "{} agent record{} from the API could not be read and {} not shown. The other agents are complete.",
                        rejected.len(),
                        if rejected.len() == 1 { "" } else { "s" },
                        if rejected.len() == 1 { "is" } else { "are" }
                    )}</p>
                    <details>
                        <summary>"Details"</summary>
                        <ul>{rejected.into_iter().map(|r| view! { <li><code>{r}</code></li> }).collect_view()}</ul>
                    </details>
                </div>
            }
        })
    })
}

/// Search, the status chips, the staleness select and Clear filters. Every
/// control shows what the URL applies, however the URL changed (typing, the
/// brand link, Back, Forward, a shared link), and changes it in place.
#[component]
fn Toolbar(
    query: Memo<TableQuery>,
    set_query: Callback<TableQuery>,
    /// How many agents are in each status, in the order of `AgentStatus::ALL`.
    counts: Memo<Vec<usize>>,
) -> impl IntoView {
    // The field shows what was typed while that is what the URL applies (a
    // trailing space is not in the URL), and the URL's search otherwise.
    let typed = RwSignal::new(String::new());
    let search = move || {
        let applied = query.with(|q| q.search.clone());
        typed.with(|t| if t.trim() == applied { t.clone() } else { applied })
    };
    let search_box = NodeRef::<Input>::new();
    let on_search = move |ev: leptos::ev::Event| {
        perf::mark("search-input");
        perf::measure_until_rendered("filter-update", "search-input");
        perf::measure_after_paint("filter", "search-input", "filter-painted");
        let text = event_target_value(&ev);
        let mut q = query.get_untracked();
        q.search = text.clone();
        typed.set(text);
        set_query.run(q);
    };
    // "/" focuses the search field from anywhere but another field.
    let slash = window_event_listener(leptos::ev::keydown, move |ev| {
        use wasm_bindgen::JsCast;
        if ev.key() != "/" || ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let typing = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.has_attribute("contenteditable")
        });
        if !typing {
            if let Some(input) = search_box.get() {
                ev.prevent_default();
                let _ = input.focus();
            }
        }
    });
    on_cleanup(move || slash.remove());

    let toggle_status = move |s: AgentStatus| {
        let mut q = query.get_untracked();
        q.statuses.toggle(s);
        set_query.run(q);
    };
    // A link may carry a number of days none of the usual choices offers: it
    // is offered too. The options and the value are set together, once the
    // select is in place: the option for a link's value must exist before
    // the value is set, which a value bound in the view does not ensure.
    let select = NodeRef::<Select>::new();
    let (mut offered, mut shown) = (Vec::new(), None);
    effect(move || {
        let days = query.with(|q| q.stale_days);
        if let Some(select) = select.get().filter(|_| shown != Some(days)) {
            fill_stale_select(&select, days, &mut offered);
            shown = Some(days);
        }
    });
    let on_stale = move |ev: leptos::ev::Event| {
        let mut q = query.get_untracked();
        q.stale_days = event_target_value(&ev).parse().ok();
        set_query.run(q);
    };
    let clear = move |_| {
        let q = query.get_untracked();
        set_query.run(TableQuery { sort: q.sort, descending: q.descending, ..Default::default() });
    };

    view! {
        <div class="toolbar" role="search">
            <label class="search">
                <span class="visually-hidden">"Search agents"</span>
                <input
                    node_ref=search_box
                    type="search"
                    aria-label="Search agents"
                    placeholder="Search name, ID, IP, OS, version…  ( / )"
                    prop:value=search
                    on:input=on_search
                />
            </label>
            <div class="status-filter" role="group" aria-label="Status filter">
                {AgentStatus::ALL.into_iter().enumerate().map(|(i, s)| {
                    let count = move || counts.with(|c| c.get(i).copied().unwrap_or(0));
                    view! {
                        <button
                            type="button"
                            class=format!("chip status-{}", s.key())
                            aria-pressed=move || query.with(|q| q.statuses.contains(s)).to_string()
                            on:click=move |_| toggle_status(s)
                        >
                            <span aria-hidden="true">{s.icon()}</span>
                            {format!(" {} ", s.label())}
                            <span class="count">{text(move || count().to_string())}</span>
                        </button>
                    }
                }).collect_view()}
            </div>
            <label>
                "No backup in "
                <select node_ref=select aria-label="No backup in" on:change=on_stale></select>
            </label>
            {show_when(move || query.with(TableQuery::is_filtered), move || view! {
                <button type="button" on:click=clear>"Clear filters"</button>
            })}
        </div>
    }
}

/// Gives the staleness select its choices (with `days` among them) and
/// selects `days`. `offered` holds the choices the select has, so its
/// options are rebuilt only when they change.
fn fill_stale_select(select: &web_sys::HtmlSelectElement, days: Option<u32>, offered: &mut Vec<u32>) {
    let choices = query::stale_choices(days);
    if *offered != choices || select.child_element_count() == 0 {
        let Some(doc) = select.owner_document() else { return };
        select.set_text_content(None);
        for d in std::iter::once(None).chain(choices.iter().copied().map(Some)) {
            let Ok(option) = doc.create_element("option") else { continue };
            let _ = option.set_attribute("value", &d.map(|d| d.to_string()).unwrap_or_default());
            option.set_text_content(Some(&d.map_or_else(|| "any time (no filter)".to_string(), query::stale_label)));
            let _ = select.append_child(&option);
        }
        *offered = choices;
    }
    select.set_value(&days.map(|d| d.to_string()).unwrap_or_default());
}

/// What the counts line says of the status checks: waiting for the
/// engineer's choice, how far a walk is, and how many statuses the request
/// budget has not reached yet or left older than two refresh intervals.
fn status_progress(ctx: &AppCtx) -> String {
    let fleet = ctx.fleet;
    if fleet.status_choice.get().is_some() {
        return " · statuses wait for your choice above".into();
    }
    let mut text = fleet.checking.get().map(|(d, t)| format!(" · checking statuses {d}/{t}")).unwrap_or_default();
    // Two intervals: a status is due again after one, and its check takes a moment.
    let age = 2 * i64::from(ctx.refresh_seconds());
    let (never, old) = fleet.data.with(|d| d.status_ages(ctx.clock.now.get(), age * 1000));
    let behind = match (never, old) {
        (0, 0) => return text,
        (n, 0) => format!("{n} not checked yet"),
        (0, o) => format!("{o} statuses older than {age} s"),
        (n, o) => format!("{n} not checked yet, {o} older than {age} s"),
    };
    // Only worth saying when the budget, not the walk in progress, is why.
    if fleet.checking.get().is_none_or(|(_, t)| t < fleet.data.with(|d| d.agents.len())) {
        text.push_str(&format!(
            " · {behind} (at most {} checks a minute, rows on screen first)",
            crate::domain::budget::PER_MINUTE
        ));
    }
    text
}
