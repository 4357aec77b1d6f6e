//! The action log panel: each action of this session, and a CSV download.

use crate::domain::action_log::to_csv;
use crate::domain::time;
use crate::ui::dynamic::{markup, show_when};
use crate::ui::AppCtx;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// Offers `text` as a file download (a Blob URL on a temporary link).
fn download(name: &str, text: &str) -> Option<()> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("text/csv;charset=utf-8");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
    let document = web_sys::window()?.document()?;
    let a = document.create_element("a").ok()?.dyn_into::<web_sys::HtmlAnchorElement>().ok()?;
    a.set_href(&url);
    a.set_download(name);
    document.body()?.append_child(&a).ok()?;
    a.click();
    a.remove();
    web_sys::Url::revoke_object_url(&url).ok()
}

#[component]
pub fn ActionLogPanel() -> impl IntoView {
    let ctx = AppCtx::get();
    let entries = ctx.log.entries;
    let save = move |_| {
        let csv = entries.with(|e| to_csv(e));
        let name = format!("backup-console-actions-{}.csv", time::iso(crate::state::clock::now_ms()).replace(':', ""));
        let _ = download(&name, &csv);
    };
    view! {
        {show_when(move || ctx.log_open.get(), move || view! {
            <aside class="panel action-log" aria-labelledby="action-log-title">
                <div class="panel-head">
                    <h2 id="action-log-title">"Action log"</h2>
                    <button type="button" on:click=save disabled=move || entries.with(Vec::is_empty)>"Download CSV"</button>
                    <button type="button" on:click=move |_| ctx.log_open.set(false)>"Close"</button>
                </div>
                {show_when(move || entries.with(Vec::is_empty), || view! { <p>"No actions yet in this session."</p> })}
                {show_when(move || !entries.with(Vec::is_empty), move || view! {
                    <table aria-label="Action log" class="log-table">
                        <thead>
                            <tr><th>"Time (UTC)"</th><th>"Tenant"</th><th>"Region"</th><th>"Agent"</th><th>"Action"</th><th>"Result"</th></tr>
                        </thead>
                        <tbody>
                            {markup(move || entries.get().into_iter().rev().map(|e| view! {
                                <tr class=if e.ok { "ok" } else { "failed" }>
                                    <td>{time::clock(e.at_ms)}</td>
                                    <td>{e.tenant}</td>
                                    <td>{e.region}</td>
                                    <td>{e.agent}</td>
                                    <td>{e.action}</td>
                                    <td>{if e.ok { "✓ " } else { "✗ " }}{e.result}</td>
                                </tr>
                            }).collect_view())}
                        </tbody>
                    </table>
                })}
            </aside>
        })}
    }
}
