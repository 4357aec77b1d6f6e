//! The console's addresses: which page a path under the base shows, and the
//! query string read back into pairs. (The page switching itself is
//! `ui::router`.)

/// A page of the console.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// `/`: the agents table.
    Agents,
    /// `/agents/{id}`: one agent. An ID that is not a number is kept, so the
    /// page can say the agent does not exist rather than "no such page".
    Agent(Option<u64>),
    NotFound,
}

impl Route {
    /// The route of a path under the base ("/", "/agents/7"); a trailing
    /// slash is allowed.
    pub fn parse(path: &str) -> Route {
        let path = path.split(['?', '#']).next().unwrap_or_default();
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        match segments.as_slice() {
            [] => Route::Agents,
            ["agents", id] => Route::Agent(id.parse().ok()),
            _ => Route::NotFound,
        }
    }
}

/// `a=1&b=x%20y` → pairs, percent-decoded ('+' is a space, as browsers send
/// forms); invalid escapes are kept as typed and invalid UTF-8 is replaced.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    raw.trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_choose_pages() {
        assert_eq!(Route::parse("/"), Route::Agents);
        assert_eq!(Route::parse(""), Route::Agents);
        assert_eq!(Route::parse("/agents/42"), Route::Agent(Some(42)));
        assert_eq!(Route::parse("/agents/42/"), Route::Agent(Some(42)));
        assert_eq!(Route::parse("/agents/42?x=1"), Route::Agent(Some(42)));
        assert_eq!(Route::parse("/agents/abc"), Route::Agent(None));
        assert_eq!(Route::parse("/agents"), Route::NotFound);
        assert_eq!(Route::parse("/agents/1/restores"), Route::NotFound);
        assert_eq!(Route::parse("/nope"), Route::NotFound);
    }

    #[test]
    fn queries_decode_like_a_browser() {
        let pairs = |raw: &str| parse_query(raw);
        assert_eq!(pairs("?q=web%2001&dir=desc"), vec![("q".into(), "web 01".into()), ("dir".into(), "desc".into())]);
        assert_eq!(pairs("q=a+b"), vec![("q".into(), "a b".into())]);
        assert_eq!(pairs("q=%E2%9C%93"), vec![("q".into(), "✓".into())]);
        assert_eq!(pairs("q=100%&x"), vec![("q".into(), "100%".into()), ("x".into(), String::new())]);
        assert_eq!(pairs("q=%zz%4"), vec![("q".into(), "%zz%4".into())]);
        assert_eq!(pairs("q=%FF"), vec![("q".into(), "\u{FFFD}".into())]);
        assert!(pairs("").is_empty());
    }
}
