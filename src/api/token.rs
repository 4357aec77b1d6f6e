//! The auth token: a secret that must never reach a log, a URL or an error.

use std::fmt;

/// An Identity token, sent only as the `X-Auth-Token` header. `Debug` and
/// `Display` are redacted so a stray `{:?}` cannot leak it.
#[derive(Clone, PartialEq, Eq)]
pub struct Token(String);

impl Token {
    /// Wraps a token as typed or as Identity returned it (whitespace trimmed).
    pub fn new(raw: impl Into<String>) -> Self {
        Token(raw.into().trim().to_string())
    }

    /// The secret itself, for the one header that carries it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Whether the token can be a header value as it is: printable ASCII
    /// only. A browser's `Headers.set` throws on anything else (a pasted
    /// "…", a line break), which gloo-net does not catch; no real token
    /// has such characters, so such a token is treated as refused.
    pub fn header_safe(&self) -> bool {
        !self.0.is_empty() && self.0.bytes().all(|b| b.is_ascii_graphic())
    }
}

impl fmt::Debug for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Token(<redacted>)")
    }
}

impl fmt::Display for Token {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formatting_never_shows_the_secret() {
        let t = Token::new("  s3cret-token ");
        assert_eq!(t.expose(), "s3cret-token");
        assert!(!format!("{t:?} {t}").contains("s3cret"));
    }

    #[test]
    fn only_printable_ascii_can_be_sent_as_a_header() {
        assert!(Token::new("gAAAAABk-3_x.y~z+/=").header_safe());
        for bad in ["tok…en", "tok\u{0}en", "tok\nen", "tok en", "tökén", "", "🙂"] {
            assert!(!Token::new(bad).header_safe(), "{bad:?}");
        }
    }
}
