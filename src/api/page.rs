//! v2 lists come a page at a time (API-REFERENCE §6): the request names
//! `marker` (the last ID seen), `limit` and `sort_dir`; the answer has a
//! `next` link while more remain. The link's host is the docs' mock host
//! and has no project ID, so only its `marker` is read, never the URL.

use super::types::LinkV2;
use super::{encode_query, percent_decode};

/// Order of a v2 list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortDir {
    Asc,
    Desc,
}

/// Which page of a v2 list to ask for; the default is the API's first page.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageQuery {
    pub marker: Option<String>,
    pub limit: Option<u32>,
    pub sort_dir: Option<SortDir>,
}

impl PageQuery {
    /// The page after `marker` (from [`next_marker`]).
    pub fn after(marker: impl Into<String>) -> PageQuery {
        PageQuery { marker: Some(marker.into()), ..PageQuery::default() }
    }

    /// `url` with `filters` (name and value) and this page's parameters as
    /// its query, every value percent-encoded.
    pub(crate) fn apply(&self, url: String, filters: &[(&str, &str)]) -> String {
        let mut query: Vec<String> = filters.iter().map(|(k, v)| format!("{k}={}", encode_query(v))).collect();
        if let Some(m) = &self.marker {
            query.push(format!("marker={}", encode_query(m)));
        }
        if let Some(l) = self.limit {
            query.push(format!("limit={l}"));
        }
        if let Some(d) = self.sort_dir {
            query.push(format!("sort_dir={}", if d == SortDir::Asc { "asc" } else { "desc" }));
        }
        if query.is_empty() {
            url
        } else {
            format!("{url}?{}", query.join("&"))
        }
    }
}

/// The `marker` of a list's `next` link: `None` on the last page.
pub fn next_marker(links: &[LinkV2]) -> Option<String> {
    let href = links.iter().find(|l| l.rel == "next")?.href.as_str();
    let query = href.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|pair| pair.strip_prefix("marker=")).map(percent_decode).filter(|m| !m.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn link(href: &str, rel: &str) -> LinkV2 {
        LinkV2 { href: href.into(), rel: rel.into() }
    }

    #[test]
    fn the_next_marker_comes_from_the_next_link_only() {
        let links = [
            link("https://x/v2/backups?marker=e87e&sort_dir=asc", "previous"),
            link("https://x/v2/backups?limit=5&marker=0d95%20d6#top", "next"),
        ];
        assert_eq!(next_marker(&links).as_deref(), Some("0d95 d6"));
        assert_eq!(next_marker(&links[..1]), None);
        assert_eq!(next_marker(&[link("https://x/v2/backups", "next")]), None);
        assert_eq!(next_marker(&[link("https://x/v2/backups?marker=", "next")]), None);
    }

    #[test]
    fn page_queries_encode_every_value() {
        let url = || "https://x/v2/1/backups".to_string();
        assert_eq!(PageQuery::default().apply(url(), &[]), "https://x/v2/1/backups");
        let q = PageQuery { marker: Some("a&b".into()), limit: Some(50), sort_dir: Some(SortDir::Asc) };
        assert_eq!(
            q.apply(url(), &[("configuration_id", "7c8e/?")]),
            "https://x/v2/1/backups?configuration_id=7c8e%2F%3F&marker=a%26b&limit=50&sort_dir=asc"
        );
        assert_eq!(PageQuery::after("m").apply(url(), &[]), "https://x/v2/1/backups?marker=m");
    }
}
