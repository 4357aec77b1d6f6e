//! The transport: the one place that calls `fetch`. Every request gets a
//! timeout (an `AbortController` fired by a timer), carries the token only in
//! `X-Auth-Token`, and comes back as a [`Reply`] or an [`ApiError::Network`].

use super::error::ApiError;
use super::reply::Reply;
use super::token::Token;
use gloo_net::http::{Request, RequestBuilder};
use std::cell::Cell;
use std::rc::Rc;
use std::time::Duration;

/// How long one request may take before it is abandoned.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Delete,
}

/// One request, described before it is sent.
pub struct Call<'a> {
    pub method: Method,
    pub url: String,
    pub token: Option<&'a Token>,
    /// A JSON body, if any.
    pub json: Option<String>,
    /// Aborts the request when the view that made it goes away.
    pub cancel: Option<&'a web_sys::AbortSignal>,
}

impl<'a> Call<'a> {
    pub fn new(method: Method, url: String, token: Option<&'a Token>) -> Self {
        Call { method, url, token, json: None, cancel: None }
    }

    pub fn json(mut self, body: String) -> Self {
        self.json = Some(body);
        self
    }
}

fn builder(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Patch => Request::patch(url),
        Method::Delete => Request::delete(url),
    }
}

/// Sends one request and reads the whole answer.
pub async fn send(call: Call<'_>) -> Result<Reply, ApiError> {
    let controller = web_sys::AbortController::new()
        .map_err(|_| ApiError::Network { detail: "the browser cannot abort requests".into() })?;
    let timed_out = Rc::new(Cell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        leptos::prelude::set_timeout_with_handle(
            move || {
                timed_out.set(true);
                controller.abort();
            },
            REQUEST_TIMEOUT,
        )
        .ok()
    };
    // A view's own signal aborts this request too (it can't be merged into
    // the timer's controller, so it forwards its abort to it).
    if call.cancel.is_some_and(|c| c.aborted()) {
        return Err(ApiError::Network { detail: "cancelled: the page that asked has closed".into() });
    }
    let forward = call.cancel.map(|cancel| {
        let controller = controller.clone();
        let on_abort = wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || controller.abort());
        let _ =
            cancel.add_event_listener_with_callback("abort", wasm_bindgen::JsCast::unchecked_ref(on_abort.as_ref()));
        (cancel, on_abort)
    });
    let signal = controller.signal();
    let mut req = builder(call.method, &call.url).header("Accept", "application/json").abort_signal(Some(&signal));
    if let Some(token) = call.token {
        req = req.header("X-Auth-Token", token.expose());
    }
    let sent = match call.json {
        Some(body) => {
            req.header("Content-Type", "application/json")
                .body(body)
                .map_err(|e| ApiError::Network { detail: e.to_string() })?
                .send()
                .await
        }
        None => req.send().await,
    };
    let result = match sent {
        Ok(resp) => {
            let status = resp.status();
            let location = resp.headers().get("location");
            let retry_after = resp.headers().get("retry-after");
            match resp.text().await {
                Ok(body) => Ok(Reply { status, body, location, retry_after }),
                Err(e) => Err(network_error(&timed_out, e)),
            }
        }
        Err(e) => Err(network_error(&timed_out, e)),
    };
    if let Some(timer) = timer {
        timer.clear();
    }
    if let Some((cancel, on_abort)) = forward {
        let _ =
            cancel.remove_event_listener_with_callback("abort", wasm_bindgen::JsCast::unchecked_ref(on_abort.as_ref()));
    }
    result
}

fn network_error(timed_out: &Cell<bool>, e: gloo_net::Error) -> ApiError {
    if timed_out.get() {
        ApiError::Network { detail: format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()) }
    } else {
        // gloo's text for a failed fetch is "TypeError: Failed to fetch": it
        // names no URL or header, so it is safe to show.
        ApiError::Network { detail: e.to_string() }
    }
}
