//! THE typed Cloud Backup client: the only code that builds URLs, sets
//! `X-Auth-Token` and calls fetch. One async fn per operation; each maps the
//! documented success codes to a value and everything else to an [`ApiError`].

pub mod activity;
pub mod backups;
pub mod backups_v2;
pub mod browse;
pub mod configurations;
pub mod error;
pub mod http;
pub mod identity;
pub mod lenient;
pub mod page;
pub mod reply;
pub mod restores;
pub mod settings;
pub mod token;
pub mod types;
mod v1;
mod v2;
pub mod v2_parts;

pub use error::ApiError;
pub use identity::{Credentials, Identity, RegionEndpoint};
pub use page::{next_marker, PageQuery, SortDir};
pub use reply::Records;
pub use token::Token;
pub use v2::{last_segment, EventMode, LogfileRequest};

use http::{Call, Method};
use reply::Reply;

/// A client for one tenant in one region, holding the token it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Client {
    token: Token,
    endpoint: RegionEndpoint,
    /// Aborting any of these cancels this client's requests (the session's
    /// on sign-out, a view's when it goes away).
    cancel: Vec<web_sys::AbortSignal>,
}

/// Percent-encodes `text` for a URL: RFC 3986's unreserved characters and
/// the bytes in `keep` pass, every other byte becomes `%XX`. The one
/// encoder of the console (API paths and queries, the console's own query).
pub fn percent_encode(text: &str, keep: &[u8]) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') || keep.contains(&b) {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 15)]));
        }
    }
    out
}

/// Decodes `%XX` escapes (and `+` as a space, as forms send it); an invalid
/// escape is kept as typed and invalid UTF-8 is replaced. The inverse of
/// [`percent_encode`], for query strings.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |i: usize| bytes.get(i).and_then(|b| char::from(*b).to_digit(16));
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        match (b, hex(i + 1), hex(i + 2)) {
            (b'+', ..) => out.push(b' '),
            (b'%', Some(high), Some(low)) => {
                out.extend(u8::try_from(high * 16 + low));
                i += 2;
            }
            _ => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes one path segment, so an ID can never change the path.
pub fn encode_segment(segment: &str) -> String {
    percent_encode(segment, b"")
}

/// Percent-encodes a query value (same rules as a path segment).
fn encode_query(value: &str) -> String {
    encode_segment(value)
}

impl Client {
    pub fn new(token: Token, endpoint: RegionEndpoint) -> Self {
        Client { token, endpoint, cancel: Vec::new() }
    }

    /// The same client, its requests also cancelled when `signal` aborts.
    pub fn cancelled_by(mut self, signal: Option<web_sys::AbortSignal>) -> Self {
        self.cancel.extend(signal);
        self
    }

    /// The region this client talks to.
    pub fn endpoint(&self) -> &RegionEndpoint {
        &self.endpoint
    }

    pub fn token(&self) -> &Token {
        &self.token
    }

    fn v1_url(&self, path: &str) -> String {
        format!("{}/{}", self.endpoint.v1_base.trim_end_matches('/'), path)
    }

    fn v2_url(&self, path: &str) -> String {
        format!("{}/{}", self.endpoint.v2_base.trim_end_matches('/'), path)
    }

    async fn call(&self, method: Method, url: String, json: Option<String>, ok: &[u16]) -> Result<Reply, ApiError> {
        let mut call = Call::new(method, url, Some(&self.token));
        if let Some(body) = json {
            call = call.json(body);
        }
        self.send(call, ok).await
    }

    /// `PATCH url` with a JSON Patch that replaces `path` by `value` → 204.
    async fn patch_replace(&self, url: String, path: &str, value: serde_json::Value) -> Result<(), ApiError> {
        let call = Call::new(Method::Patch, url, Some(&self.token)).json_patch(replace_patch(path, value));
        self.send(call, &[204, 200]).await?;
        Ok(())
    }

    /// Sends `call`, cancelled with this client's signals; a status not in
    /// `ok` is an error.
    async fn send(&self, mut call: Call<'_>, ok: &[u16]) -> Result<Reply, ApiError> {
        call.cancel = &self.cancel;
        reply::check(http::send(call).await?, ok)
    }
}

/// A JSON Patch (RFC 6902) of one `replace`, as v2 updates take them.
pub fn replace_patch(path: &str, value: serde_json::Value) -> String {
    serde_json::json!([{ "op": "replace", "path": path, "value": value }]).to_string()
}

/// Signs in through Identity (`POST {identity_url}/tokens`).
pub async fn authenticate(identity_url: &str, credentials: &Credentials) -> Result<Identity, ApiError> {
    let url = format!("{}/tokens", identity_url.trim_end_matches('/'));
    let call = Call::new(Method::Post, url, None).json(credentials.body());
    let reply = reply::check(http::send(call).await?, &[200, 203])?;
    identity::parse_auth(&reply.body)
}

/// Fetches the deployment's `config.json`: `None` when there is none (404).
pub async fn fetch_config(url: &str) -> Result<Option<String>, ApiError> {
    let reply = http::send(Call::new(Method::Get, url.to_string(), None)).await?;
    match reply.status {
        404 => Ok(None),
        _ => reply::check(reply, &[200]).map(|r| Some(r.body)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_cannot_escape_their_path_segment() {
        assert_eq!(encode_segment("213563"), "213563");
        assert_eq!(encode_segment("../agents?x=1"), "..%2Fagents%3Fx%3D1");
        assert_eq!(encode_segment("a b#c"), "a%20b%23c");
    }

    #[test]
    fn percent_decoding_undoes_encoding_and_keeps_what_is_not_an_escape() {
        for text in ["a b&c/d", "é ✓ %", "0d95d699-d16b"] {
            assert_eq!(percent_decode(&percent_encode(text, b"")), text);
        }
        assert_eq!(percent_decode("a+b%2"), "a b%2");
        assert_eq!(percent_decode("%zz%41"), "%zzA");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn urls_join_base_and_path() {
        let c = Client::new(
            Token::new("t"),
            RegionEndpoint::from_public_url("DFW", "https://dfw.backup.api.rackspacecloud.com/v1.0/929418/"),
        );
        assert_eq!(c.v1_url("user/agents"), "https://dfw.backup.api.rackspacecloud.com/v1.0/929418/user/agents");
        assert_eq!(c.v2_url("events"), "https://dfw.backup.api.rackspacecloud.com/v2/929418/events");
    }
}
