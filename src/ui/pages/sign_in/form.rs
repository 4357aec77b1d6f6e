//! The sign-in form: the way chosen, its fields, and sending them. A secret
//! is read from its field only when sent, and the field emptied then, so no
//! signal holds it and nothing keeps it after the request, whatever the
//! answer. Everything else stays as typed after a failure.

use super::draft::Draft;
use super::fields::{MethodTabs, RegionField, RememberCheck, TextField};
use super::send::{self, Feedback};
use super::Pinned;
use crate::api::Credentials;
use crate::domain::session::{Method, Session};
use crate::domain::validate::Field;
use crate::ui::dynamic::{markup, text};
use crate::ui::widgets::error_box::{Alert, ErrorBox};
use leptos::html::Input;
use leptos::prelude::*;

/// Element ids of one form: the page's and the dialog's differ.
#[derive(Clone, Copy)]
struct Ids(&'static str);

impl Ids {
    /// The id of a field's input.
    fn of(self, f: Field) -> String {
        let name = match f {
            Field::Token => "token",
            Field::Tenant => "tenant",
            Field::Region => "region",
            Field::UserName => "user",
            Field::ApiKey => "apikey",
            Field::Password => "password",
        };
        format!("{}-{name}", self.0)
    }
}

#[component]
pub fn SignInForm(pinned: Option<Pinned>, on_signed_in: Callback<Session>) -> impl IntoView {
    let draft = Draft::kept();
    if let Some(p) = &pinned {
        draft.pin(p);
    }
    let pinned_tenant = pinned.map(|p| p.tenant);
    let is_pinned = pinned_tenant.is_some();
    let ids = Ids(if is_pinned { "reauth" } else { "signin" });
    let feedback = Feedback::new();
    // The secret field shown (token, API key or password).
    let secret: NodeRef<Input> = NodeRef::new();

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if feedback.busy.get_untracked() {
            return;
        }
        feedback.clear();
        let input = secret.get_untracked();
        let typed = input.as_ref().map(|i| i.value()).unwrap_or_default();
        let found = draft.problems(&typed);
        if let Some(&(first, _)) = found.first() {
            feedback.problems.set(found);
            focus(&ids.of(first));
            return;
        }
        // Sent once, and not kept whatever the answer.
        if let Some(i) = input {
            i.set_value("");
        }
        let username = draft.user.get_untracked().trim().to_string();
        let identity = |creds| send::through_identity(creds, draft, pinned_tenant.clone(), feedback, on_signed_in);
        match draft.method.get_untracked() {
            Method::Token => on_signed_in.run(send::token_session(typed, draft)),
            Method::ApiKey => identity(Credentials::ApiKey { username, api_key: typed.trim().to_string() }),
            Method::Password => identity(Credentials::Password { username, password: typed }),
        }
    };

    view! {
        <form class="sign-in" on:submit=submit novalidate>
            <MethodTabs method=draft.method on_change=Callback::new(move |_| feedback.clear()) />
            <CredentialFields draft=draft feedback=feedback secret=secret ids=ids tenant_pinned=is_pinned />
            <RegionField id=ids.of(Field::Region) region=draft.region method=draft.method
                error=feedback.problem(Field::Region) />
            <RememberCheck remember=draft.remember />
            <FormOutcome feedback=feedback />
            <button type="submit" class="primary" disabled=move || feedback.busy.get()>
                {text(move || if feedback.busy.get() { "Signing in…" } else { "Sign in" })}
            </button>
        </form>
    }
}

/// The fields of the way chosen: user name and API key or password, or
/// token and tenant ID. The secret's field is bound to `secret`.
#[component]
fn CredentialFields(
    draft: Draft,
    feedback: Feedback,
    secret: NodeRef<Input>,
    ids: Ids,
    tenant_pinned: bool,
) -> impl IntoView {
    let problem = move |f| feedback.problem(f);
    let user = move || {
        view! {
            <TextField id=ids.of(Field::UserName) label="User name" value=draft.user
                error=problem(Field::UserName) autocomplete="username" />
        }
    };
    markup(move || match draft.method.get() {
        Method::ApiKey => view! {
            {user()}
            <TextField id=ids.of(Field::ApiKey) label="API key" secret=secret
                error=problem(Field::ApiKey) autocomplete="off" />
        }
        .into_any(),
        Method::Password => view! {
            {user()}
            <TextField id=ids.of(Field::Password) label="Password" secret=secret
                error=problem(Field::Password) autocomplete="current-password" />
        }
        .into_any(),
        Method::Token => view! {
            <TextField id=ids.of(Field::Token) label="Token" secret=secret
                error=problem(Field::Token) autocomplete="off" />
            <TextField id=ids.of(Field::Tenant) label="Tenant ID" value=draft.tenant
                error=problem(Field::Tenant) autocomplete="off" readonly=tenant_pinned />
        }
        .into_any(),
    })
}

/// What went wrong with the last try: fields to fix, a refusal, or the API's error.
#[component]
fn FormOutcome(feedback: Feedback) -> impl IntoView {
    let problems = feedback.problems;
    let count = Signal::derive(move || {
        let n = problems.with(Vec::len);
        (n > 0).then(|| {
            format!("{n} field{} need{} attention.", if n == 1 { "" } else { "s" }, if n == 1 { "s" } else { "" })
        })
    });
    view! {
        <Alert message=count />
        <Alert message=feedback.refused />
        <ErrorBox error=feedback.failure />
    }
}

/// Moves focus to a field on screen.
fn focus(id: &str) {
    use wasm_bindgen::JsCast;
    if let Some(el) = document().get_element_by_id(id).and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = el.focus();
    }
}
