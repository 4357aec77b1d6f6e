//! The widgets mounted in a real DOM: what a user sees and can do with them.

use backup_console::api::ApiError;
use backup_console::domain::query::{SortKey, TableQuery};
use backup_console::domain::status::AgentStatus;
use backup_console::ui::widgets::agents_table::AgentsTable;
use backup_console::ui::widgets::confirm::ConfirmDialog;
use backup_console::ui::widgets::error_box::{Alert, ErrorBox};
use backup_console::ui::widgets::row_view::RowView;
use backup_console::ui::widgets::status_badge::StatusBadge;
use leptos::mount::mount_to;
use leptos::prelude::*;
use leptos::task::tick;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn host() -> web_sys::HtmlElement {
    let document = document();
    let host = document.create_element("section").expect("element");
    document.body().expect("body").append_child(&host).expect("append");
    host.unchecked_into()
}

fn text(el: &web_sys::Element) -> String {
    el.text_content().unwrap_or_default()
}

fn one(host: &web_sys::HtmlElement, selector: &str) -> web_sys::Element {
    host.query_selector(selector).ok().flatten().unwrap_or_else(|| panic!("no {selector} in {}", host.inner_html()))
}

fn click(el: &web_sys::Element) {
    el.clone().unchecked_into::<web_sys::HtmlElement>().click();
}

/// Loads src/ui/widgets/agent_rows.js (the table's row writes), as the
/// console's index.html does.
fn load_row_writes() {
    let document = document();
    if document.get_element_by_id("agent-rows-js").is_some() {
        return;
    }
    let script = document.create_element("script").expect("script");
    script.set_id("agent-rows-js");
    script.set_text_content(Some(include_str!("../../src/ui/widgets/agent_rows.js")));
    document.head().expect("head").append_child(&script).expect("append");
}

async fn settle() {
    for _ in 0..3 {
        tick().await;
    }
}

#[wasm_bindgen_test]
async fn status_badges_show_icon_word_and_tooltip_never_colour_alone() {
    let host = host();
    let _m = mount_to(host.clone(), || {
        AgentStatus::ALL
            .into_iter()
            .map(|s| view! { <StatusBadge status=s tooltip=format!("tip {}", s.key()) /> })
            .collect_view()
    });
    settle().await;
    let badges = host.query_selector_all(".badge").expect("badges");
    assert_eq!(badges.length(), 5);
    for (i, s) in AgentStatus::ALL.iter().enumerate() {
        let b: web_sys::Element = badges.item(i as u32).expect("badge").unchecked_into();
        assert!(text(&b).contains(s.label()), "{}", text(&b));
        assert!(text(&b).contains(s.icon()));
        assert_eq!(b.get_attribute("title").as_deref(), Some(format!("tip {}", s.key()).as_str()));
        let icon = b.query_selector(".badge-icon").ok().flatten().expect("icon");
        assert_eq!(
            icon.get_attribute("aria-hidden").as_deref(),
            Some("true"),
            "the icon is decoration; the word is read"
        );
    }
}

#[wasm_bindgen_test]
async fn error_box_says_what_to_do_with_detail_and_retry() {
    let host = host();
    let error = RwSignal::new(None::<ApiError>);
    let retries = RwSignal::new(0);
    let _m = mount_to(host.clone(), move || {
        view! { <ErrorBox error=error retry=Callback::new(move |_| retries.update(|n| *n += 1)) /> }
    });
    settle().await;
    assert!(host.query_selector("[role=alert]").ok().flatten().is_none(), "nothing while there is no error");
    error.set(Some(ApiError::Unavailable { retry_after: Some(3) }));
    settle().await;
    let alert = one(&host, "[role=alert]");
    assert!(text(&alert).contains("Try again in 3 s"), "{}", text(&alert));
    assert!(text(&one(&host, "details code")).contains("Retry-After: 3"));
    click(&one(&host, "button"));
    settle().await;
    assert_eq!(retries.get_untracked(), 1);
    // A refusal is not retryable: no Retry button.
    error.set(Some(ApiError::Forbidden { message: None }));
    settle().await;
    assert!(host.query_selector("button").ok().flatten().is_none());
    assert!(text(&one(&host, "[role=alert]")).contains("Not allowed"));
    // Retry only where the same request can succeed later.
    let retry_offered = |e: ApiError| {
        error.set(Some(e));
        async { settle().await }
    };
    for (e, offered) in [
        (ApiError::Server { status: 400, message: Some("Bad password".into()) }, false),
        (ApiError::NotFound { message: None }, false),
        (ApiError::Decode { what: "agent".into() }, false),
        (ApiError::Server { status: 429, message: None }, true),
        (ApiError::Server { status: 500, message: None }, true),
        (ApiError::Network { detail: "timeout".into() }, true),
    ] {
        let (what, sentence) = (e.detail(), e.to_string());
        retry_offered(e).await;
        // The box shows this error (so "no button" is a real answer, not an empty box)…
        assert_eq!(text(&one(&host, "[role=alert] p.error-text")), sentence, "the error box shows {what}");
        // …and offers Retry only where it can help.
        assert_eq!(host.query_selector("button").ok().flatten().is_some(), offered, "Retry after {what}");
    }
}

#[wasm_bindgen_test]
async fn alert_shows_plain_messages_in_the_alert_role() {
    let host = host();
    let msg = RwSignal::new(Some("Enter the token.".to_string()));
    let _m = mount_to(host.clone(), move || view! { <Alert message=msg /> });
    settle().await;
    assert_eq!(text(&one(&host, "[role=alert]")), "Enter the token.");
}

#[wasm_bindgen_test]
async fn confirm_dialog_focuses_cancel_and_gives_focus_back() {
    let host = host();
    let open = RwSignal::new(false);
    let confirmed = RwSignal::new(0);
    let _m = mount_to(host.clone(), move || {
        view! {
            <button id="opener" on:click=move |_| open.set(true)>"Stop restore"</button>
            <ConfirmDialog
                id="t-confirm"
                open=open
                title=Signal::derive(|| "Stop restore 1?".to_string())
                body=Signal::derive(|| "It will stop.".to_string())
                confirm_label="Stop restore"
                on_confirm=Callback::new(move |_| { confirmed.update(|n| *n += 1); open.set(false); })
                on_cancel=Callback::new(move |_| open.set(false))
            />
        }
    });
    settle().await;
    let opener = one(&host, "#opener");
    opener.clone().unchecked_into::<web_sys::HtmlElement>().focus().expect("focus");
    click(&opener);
    settle().await;
    let dialog: web_sys::HtmlDialogElement = one(&host, "dialog").unchecked_into();
    assert!(dialog.open(), "opens as a modal");
    let active = document().active_element().expect("focus");
    assert_eq!(text(&active), "Cancel", "Cancel has the focus");
    click(&active);
    settle().await;
    assert!(!dialog.open());
    assert_eq!(confirmed.get_untracked(), 0, "cancel does nothing");
    assert_eq!(
        document().active_element().and_then(|e| e.get_attribute("id")).as_deref(),
        Some("opener"),
        "focus goes back"
    );
    click(&opener);
    settle().await;
    click(&one(&host, "dialog button.danger"));
    settle().await;
    assert_eq!(confirmed.get_untracked(), 1);
}

fn row(i: u64) -> RowView {
    RowView {
        id: 1000 + i,
        name: format!("agent-{i:04}"),
        status: if i.is_multiple_of(2) { AgentStatus::Online } else { AgentStatus::Offline },
        status_tip: "tip".into(),
        last_backup: "1 h ago".into(),
        last_backup_tip: "exact".into(),
        stale: false,
        datacenter: "DFW".into(),
        os: "Ubuntu 18.04".into(),
        version: "1.36".into(),
        vault: "1 GB".into(),
        encrypted: false,
        disabled: false,
        ip: "10.0.0.1".into(),
    }
}

#[wasm_bindgen_test]
async fn agents_table_renders_a_window_of_rows_and_sorts_on_click() {
    load_row_writes();
    let host = host();
    let sorted = RwSignal::new(None::<SortKey>);
    let total = 5_000usize;
    let _m = mount_to(host.clone(), move || {
        view! {
            <AgentsTable
                total=Signal::derive(move || total)
                rows=Callback::new(move |(a, b): (usize, usize)| (a..b).map(|i| row(i as u64)).collect())
                query=Signal::derive(TableQuery::default)
                on_sort=Callback::new(move |k| sorted.set(Some(k)))
            />
        }
    });
    settle().await;
    let table = one(&host, r#"table[aria-label="Agents"]"#);
    let rows = table.query_selector_all("tbody tr").expect("rows");
    assert!(rows.length() >= 100 && rows.length() < 500, "a window, not 5,000 rows: {}", rows.length());
    let first: web_sys::Element = rows.item(0).expect("row").unchecked_into();
    assert_eq!(first.get_attribute("data-agent-id").as_deref(), Some("1000"));
    assert_eq!(table.get_attribute("aria-rowcount").as_deref(), Some("5001"), "the header row counts");
    assert_eq!(first.get_attribute("aria-rowindex").as_deref(), Some("2"));
    let cells: Vec<String> = (1..12)
        .filter_map(|i| first.query_selector(&format!("td:nth-child({i})")).ok().flatten())
        .map(|c| text(&c))
        .collect();
    assert_eq!(
        cells,
        ["agent-0000", "1000", "● Online", "1 h ago", "DFW", "Ubuntu 18.04", "1.36", "1 GB", "No", "No", "10.0.0.1"],
        "every cell of the first row"
    );
    let link = one(&host, "tbody tr td.name a");
    assert_eq!(link.get_attribute("title").as_deref(), Some("agent-0000"));
    assert_eq!(link.get_attribute("href").as_deref(), Some("/agents/1000"));
    assert_eq!(one(&host, "tbody tr td[data-status]").get_attribute("data-status").as_deref(), Some("online"));
    // Scrolled far down, every rendered row names its place in the whole list.
    let scroller: web_sys::HtmlElement = one(&host, ".table-scroll").unchecked_into();
    let _ = scroller.set_attribute("style", "height: 400px; overflow: auto");
    scroller.set_scroll_top(37 * 3_000);
    let _ = scroller.dispatch_event(&web_sys::Event::new("scroll").expect("event"));
    settle().await;
    let rows = table.query_selector_all("tbody tr").expect("rows");
    let places: Vec<(u64, usize)> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .map(|n| n.unchecked_into::<web_sys::Element>())
        .map(|r| {
            let attr = |name: &str| r.get_attribute(name).and_then(|v| v.parse().ok());
            let id: u64 = attr("data-agent-id").unwrap_or(0);
            let id_cell = r.query_selector("td.num").ok().flatten().map(|c| text(&c));
            assert_eq!(id_cell, Some(id.to_string()), "the ID cell names the row's agent");
            (id, attr("aria-rowindex").unwrap_or(0) as usize)
        })
        .collect();
    assert!(places.iter().any(|&(id, _)| id == 4_000), "the window moved to row 3,000: {:?}", places.first());
    for (id, index) in places {
        assert_eq!(index, (id - 1000) as usize + 2, "agent {id}'s aria-rowindex");
    }
    assert_eq!(one(&host, "thead th").get_attribute("aria-sort").as_deref(), Some("ascending"), "sorted by name");
    let id_heading = host
        .query_selector_all("thead th button")
        .ok()
        .and_then(|l| {
            (0..l.length())
                .filter_map(|i| l.item(i))
                .map(|n| n.unchecked_into::<web_sys::Element>())
                .find(|b| text(b).contains("Agent ID"))
        })
        .expect("Agent ID heading");
    click(&id_heading);
    settle().await;
    assert_eq!(sorted.get_untracked(), Some(SortKey::Id));
}

#[wasm_bindgen_test]
async fn the_crash_banner_says_what_happened_and_offers_a_reload() {
    backup_console::ui::crash::show_banner();
    backup_console::ui::crash::show_banner();
    let banners = document().query_selector_all("#crash-banner").expect("query");
    assert_eq!(banners.length(), 1, "shown once");
    let banner: web_sys::Element = banners.item(0).expect("banner").unchecked_into();
    assert_eq!(banner.get_attribute("role").as_deref(), Some("alert"));
    assert!(text(&banner).contains("Reload the page"), "{}", text(&banner));
    assert_eq!(banner.query_selector("button").ok().flatten().map(|b| text(&b)).as_deref(), Some("Reload"));
    banner.remove();
}
