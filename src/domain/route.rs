//! The console's addresses: which page a path under the base shows. (The
//! page switching itself is `ui::router`; the table's query string is
//! `query::TableQuery`'s.)

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
}
