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
}
