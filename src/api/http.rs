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

/// The largest answer the console reads. Past it the read stops, so a
/// runaway body cannot fill the tab's memory and freeze it.
pub const MAX_ANSWER_BYTES: usize = 32 << 20;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
}

/// The media type of a JSON body: v2 updates are JSON Patches, which must
/// say so (API-REFERENCE §3).
pub const JSON: &str = "application/json";
pub const JSON_PATCH: &str = "application/json-patch+json";

/// One request, described before it is sent.
pub struct Call<'a> {
    pub method: Method,
    pub url: String,
    pub token: Option<&'a Token>,
    /// A JSON body, if any.
    pub json: Option<String>,
    /// Its media type: [`JSON`] or [`JSON_PATCH`].
    pub content_type: &'static str,
    /// Any of these aborts the request (sign-out; the view that made it going away).
    pub cancel: &'a [web_sys::AbortSignal],
}

impl<'a> Call<'a> {
    pub fn new(method: Method, url: String, token: Option<&'a Token>) -> Self {
        Call { method, url, token, json: None, content_type: JSON, cancel: &[] }
    }

    pub fn json(mut self, body: String) -> Self {
        self.json = Some(body);
        self
    }

    /// A JSON Patch body (RFC 6902).
    pub fn json_patch(mut self, body: String) -> Self {
        self.json = Some(body);
        self.content_type = JSON_PATCH;
        self
    }
}

fn builder(method: Method, url: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(url),
        Method::Post => Request::post(url),
        Method::Put => Request::put(url),
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
    // The caller's signals abort this request too (they can't be merged into
    // the timer's controller, so each forwards its abort to it).
    if call.cancel.iter().any(web_sys::AbortSignal::aborted) {
        return Err(cancelled());
    }
    let on_abort = {
        let controller = controller.clone();
        wasm_bindgen::closure::Closure::<dyn Fn()>::new(move || controller.abort())
    };
    for cancel in call.cancel {
        let _ =
            cancel.add_event_listener_with_callback("abort", wasm_bindgen::JsCast::unchecked_ref(on_abort.as_ref()));
    }
    let signal = controller.signal();
    let mut req = builder(call.method, &call.url).header("Accept", "application/json").abort_signal(Some(&signal));
    if let Some(token) = call.token {
        // A value the browser would throw on, uncaught by gloo-net (see
        // Token::header_safe): refused here, as the API would refuse it.
        if !token.header_safe() {
            return Err(ApiError::Unauthorized);
        }
        req = req.header("X-Auth-Token", token.expose());
    }
    let sent = match call.json {
        Some(body) => {
            req.header("Content-Type", call.content_type)
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
            match read_capped(&resp).await {
                Ok(body) => Ok(Reply { status, body, location, retry_after }),
                Err(ReadError::TooLarge) => Err(ApiError::TooLarge { limit_mb: MAX_ANSWER_BYTES >> 20 }),
                Err(ReadError::Failed) if timed_out.get() => {
                    Err(ApiError::Network { detail: format!("no answer within {} s", REQUEST_TIMEOUT.as_secs()) })
                }
                Err(ReadError::Failed) => {
                    Err(ApiError::Network { detail: "the connection broke while the answer was read".into() })
                }
            }
        }
        Err(e) => Err(network_error(&timed_out, e)),
    };
    if let Some(timer) = timer {
        timer.clear();
    }
    for cancel in call.cancel {
        let _ =
            cancel.remove_event_listener_with_callback("abort", wasm_bindgen::JsCast::unchecked_ref(on_abort.as_ref()));
    }
    // Aborted by the caller (sign-out, the view going) while under way: say
    // so, rather than a network failure.
    if result.is_err() && call.cancel.iter().any(web_sys::AbortSignal::aborted) {
        return Err(cancelled());
    }
    result
}

fn cancelled() -> ApiError {
    ApiError::Network { detail: "cancelled: signed out, or the page that asked has closed".into() }
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

enum ReadError {
    TooLarge,
    Failed,
}

/// Reads the body chunk by chunk, stopping (and cancelling the download) as
/// soon as it passes [`MAX_ANSWER_BYTES`]; a `Content-Length` above it is
/// refused before anything is read. Invalid UTF-8 is replaced, as
/// `Response.text()` does.
async fn read_capped(resp: &gloo_net::http::Response) -> Result<String, ReadError> {
    use wasm_bindgen::JsCast;
    let declared = resp.headers().get("content-length").and_then(|l| l.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_ANSWER_BYTES as u64) {
        return Err(ReadError::TooLarge);
    }
    let Some(stream) = resp.body() else {
        return Ok(String::new());
    };
    let reader: web_sys::ReadableStreamDefaultReader = stream.get_reader().unchecked_into();
    let mut bytes: Vec<u8> = Vec::new();
    loop {
        let chunk = wasm_bindgen_futures::JsFuture::from(reader.read()).await.map_err(|_| ReadError::Failed)?;
        let field = |name: &str| js_sys::Reflect::get(&chunk, &name.into()).ok();
        if field("done").and_then(|d| d.as_bool()).unwrap_or(true) {
            break;
        }
        let Some(part) = field("value").and_then(|v| v.dyn_into::<js_sys::Uint8Array>().ok()) else {
            return Err(ReadError::Failed);
        };
        let start = bytes.len();
        let len = part.length() as usize;
        if start + len > MAX_ANSWER_BYTES {
            let _ = reader.cancel();
            return Err(ReadError::TooLarge);
        }
        bytes.resize(start + len, 0);
        if let Some(dest) = bytes.get_mut(start..) {
            part.copy_to(dest);
        }
    }
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}
