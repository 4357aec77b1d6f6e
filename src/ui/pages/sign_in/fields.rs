//! The form's parts: the tabs for the way to sign in, labelled fields with
//! their own error lines, the region and "remember me".

use crate::domain::session::Method;
use crate::ui::dynamic::{markup, text};
use leptos::html::Input;
use leptos::prelude::*;

/// Every way, in the order offered, with its tab's name.
const WAYS: [(Method, &str); 3] =
    [(Method::ApiKey, "User name and API key"), (Method::Password, "User name and password"), (Method::Token, "Token")];

/// The tabs: one pressed, the others a click away.
#[component]
pub fn MethodTabs(method: RwSignal<Method>, on_change: Callback<()>) -> impl IntoView {
    let tab = move |(m, label): (Method, &'static str)| {
        view! {
            <button
                type="button"
                class="tab"
                aria-pressed=move || (method.get() == m).to_string()
                on:click=move |_| {
                    method.set(m);
                    on_change.run(());
                }
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="tabs" role="group" aria-label="How to sign in">
            {WAYS.into_iter().map(tab).collect_view()}
        </div>
    }
}

/// A labelled field with its own error line: plain text kept in `value`,
/// or a secret that no signal holds (read through `secret` when sent).
#[component]
pub fn TextField(
    id: String,
    label: &'static str,
    #[prop(into)] error: Signal<Option<String>>,
    autocomplete: &'static str,
    #[prop(optional)] value: Option<RwSignal<String>>,
    #[prop(optional)] secret: Option<NodeRef<Input>>,
    #[prop(optional)] readonly: bool,
) -> impl IntoView {
    let error_id = format!("{id}-error");
    let described = error_id.clone();
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <input
                id=id
                type=if secret.is_some() { "password" } else { "text" }
                autocomplete=autocomplete
                spellcheck="false"
                readonly=readonly
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=move || error.with(Option::is_some).then(|| described.clone())
                node_ref=secret.unwrap_or_default()
                prop:value=move || value.map(|v| v.get()).unwrap_or_default()
                on:input=move |ev| {
                    if let Some(v) = value {
                        v.set(event_target_value(&ev));
                    }
                }
            />
            {markup(move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> }))}
        </div>
    }
}

/// The region: where a token is used, or the preferred one of an account.
#[component]
pub fn RegionField(
    id: String,
    region: RwSignal<String>,
    method: RwSignal<Method>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let regions: Vec<String> =
        crate::ui::AppCtx::get().config.with_value(|c| c.regions.iter().map(|(r, _)| r.clone()).collect());
    let error_id = format!("{id}-error");
    view! {
        <div class="field">
            <label for=id.clone()>"Region"</label>
            <select
                id=id
                aria-invalid=move || error.with(Option::is_some).to_string()
                prop:value=move || region.get()
                on:change=move |ev| region.set(event_target_value(&ev))
            >
                {regions.into_iter().map(|r| view! { <option value=r.clone()>{r.clone()}</option> }).collect_view()}
            </select>
            <p class="hint">
                {text(move || {
                    if method.get().through_identity() {
                        "Preferred region; the account's catalog decides which regions exist."
                    } else {
                        ""
                    }
                })}
            </p>
            {markup(move || error.get().map(|m| view! { <p class="field-error" id=error_id.clone()>{m}</p> }))}
        </div>
    }
}

#[component]
pub fn RememberCheck(remember: RwSignal<bool>) -> impl IntoView {
    view! {
        <label class="check">
            <input
                type="checkbox"
                prop:checked=move || remember.get()
                on:change=move |ev| remember.set(event_target_checked(&ev))
            />
            " Remember me in this tab (the token is kept until the tab closes)"
        </label>
    }
}
