//! In-app paths under the base the app is served from (`<base href>`), e.g.
//! `/support/backup`. The router matches routes under that base, but links
//! and navigation to absolute paths must carry it themselves.

thread_local! {
    static BASE: String = read_base();
}

fn read_base() -> String {
    let base =
        web_sys::window().and_then(|w| w.document()).and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    base_of(&base)
}

/// The path of a base URI without its trailing slash: "" at the root.
pub fn base_of(base_uri: &str) -> String {
    let path = base_uri.splitn(4, '/').nth(3).map(|p| format!("/{p}")).unwrap_or_default();
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.trim_end_matches('/').to_string()
}

/// The base path ("" or "/support/backup").
pub fn base() -> String {
    BASE.with(Clone::clone)
}

/// An in-app path ("/agents/1") as a link under the base.
pub fn href(path: &str) -> String {
    format!("{}{path}", base())
}

/// The in-app path of a pathname under the base ("/support/backup/agents/1"
/// → "/agents/1"); `None` for a path outside the console.
pub fn in_app(pathname: &str) -> Option<&str> {
    BASE.with(|base| strip_base(base, pathname))
}

fn strip_base<'a>(base: &str, pathname: &'a str) -> Option<&'a str> {
    match pathname.strip_prefix(base)? {
        rest if rest.is_empty() || rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bases_from_base_uris() {
        assert_eq!(base_of("http://127.0.0.1:8080/"), "");
        assert_eq!(base_of("https://portal.example.com/support/backup/"), "/support/backup");
        assert_eq!(base_of("https://portal.example.com/support/backup/?x=1"), "/support/backup");
        assert_eq!(base_of(""), "");
    }

    #[test]
    fn pathnames_under_the_base() {
        assert_eq!(strip_base("", "/agents/1"), Some("/agents/1"));
        assert_eq!(strip_base("/support/backup", "/support/backup/agents/1"), Some("/agents/1"));
        assert_eq!(strip_base("/support/backup", "/support/backup"), Some(""));
        assert_eq!(strip_base("/support/backup", "/support/backupx"), None);
        assert_eq!(strip_base("/support/backup", "/elsewhere"), None);
    }
}
