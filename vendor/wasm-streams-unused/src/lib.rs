//! A stand-in for `wasm-streams` 0.5 with only what `server_fn` names.
//!
//! Leptos always builds `server_fn`'s browser client, which streams request
//! and response bodies through `wasm-streams`. The console calls no server
//! function, so none of that runs; but `wasm-streams` exports three classes
//! to JavaScript (`#[wasm_bindgen]`), and exports are kept whether used or
//! not, with all the code they reach. This crate has the same names and no
//! exports (README, Stack changes: the bytes it saves).

use futures_util::Stream;
use wasm_bindgen::JsValue;

/// A body stream. Only a raw stream can be held; turning a Rust stream into
/// one, or one into a Rust stream, is what server functions would need.
pub struct ReadableStream(web_sys::ReadableStream);

impl ReadableStream {
    pub fn from_raw(raw: web_sys::ReadableStream) -> Self {
        ReadableStream(raw)
    }

    pub fn into_raw(self) -> web_sys::ReadableStream {
        self.0
    }

    pub fn from_stream<St>(_stream: St) -> Self
    where
        St: Stream<Item = Result<JsValue, JsValue>> + 'static,
    {
        unreachable!("server functions are not used by this app")
    }

    pub fn into_stream(self) -> futures_util::stream::Empty<Result<JsValue, JsValue>> {
        unreachable!("server functions are not used by this app")
    }
}
