//! An API failure where the action was taken: a sentence that says what to
//! do next, the raw detail one click away, and Retry when it can help.

use crate::api::ApiError;
use crate::domain::text::visible;
use crate::ui::dynamic::markup;
use leptos::prelude::*;

#[component]
pub fn ErrorBox(
    #[prop(into)] error: Signal<Option<ApiError>>,
    /// Offered when the failure is worth retrying.
    #[prop(optional)]
    retry: Option<Callback<()>>,
) -> impl IntoView {
    markup(move || {
        error.get().map(|e| {
            let detail = e.detail();
            // Only where the same request can succeed later (timeouts, 429,
            // 5xx, a lost connection): never after a 400, 403 or 404.
            let retry = retry.filter(|_| e.is_retryable());
            view! {
                <div class="error" role="alert">
                    <p class="error-text">{visible(&e.to_string()).into_owned()}</p>
                    <details>
                        <summary>"Details"</summary>
                        <code>{visible(&detail).into_owned()}</code>
                    </details>
                    {retry.map(|r| view! { <button type="button" on:click=move |_| r.run(())>"Retry"</button> })}
                </div>
            }
        })
    })
}

/// A plain message in the alert region (validation, local failures).
#[component]
pub fn Alert(#[prop(into)] message: Signal<Option<String>>) -> impl IntoView {
    markup(move || message.get().map(|m| view! { <div class="error" role="alert"><p class="error-text">{m}</p></div> }))
}
