//! Browsing files (API-REFERENCE §7.7): a request to an agent (its disks)
//! or to a backup (what it holds) is accepted with 202 and a `Location`;
//! the agent answers a moment later. Until then the result is 404, which
//! here is [`BrowseAnswer::NotReady`], not an error. Results are transient:
//! one that never comes (or has gone) stays "not ready", so a caller polls
//! with a deadline.

use super::http::Method;
use super::lenient::{self, from_json, FromJson, Record};
use super::page::PageQuery;
use super::reply;
use super::types::LinkV2;
use super::v2::created_id;
use super::v2_parts::RefV2;
use super::{encode_segment, ApiError, Client};
use serde_json::{json, Value};

/// What is browsed: an agent's own files or a backup's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BrowseOf<'a> {
    Agent(&'a str),
    Backup(&'a str),
}

impl BrowseOf<'_> {
    /// `agents/{id}/browse-requests` or `backups/{id}/browse-requests`.
    fn requests_path(self) -> String {
        match self {
            BrowseOf::Agent(id) => format!("agents/{}/browse-requests", encode_segment(id)),
            BrowseOf::Backup(id) => format!("backups/{}/browse-requests", encode_segment(id)),
        }
    }
}

/// An accepted browse request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrowseRequest {
    /// The `Location` header as sent.
    pub location: String,
    /// Its last segment. The docs' `Location` says `/browse-request/…`
    /// (singular), and for a backup names the agent's path: only the ID
    /// is taken, and the result is asked for on the route that was browsed.
    pub request_id: String,
}

/// One entry of a browsed folder. `name_encoded` (base64) is there when the
/// name is not UTF-8.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BrowseItemV2 {
    pub name: String,
    pub name_encoded: Option<String>,
    pub bytes: Option<u64>,
    pub mime_type: String,
}

from_json!(BrowseItemV2 {
    name: get("name", lenient::text),
    name_encoded: get("name_encoded", lenient::opt_text),
    bytes: get("bytes", lenient::opt_u64),
    mime_type: get("mime_type", lenient::text),
});

/// The agent's answer (`host_browsed` or `backup_browsed`), read item by
/// item: a malformed entry is reported in `rejected`, the others kept.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BrowseResultV2 {
    pub id: String,
    pub time: Option<i64>,
    pub event: String,
    pub agent: Option<RefV2>,
    pub request_id: String,
    pub succeeded: bool,
    /// Why it did not succeed, when the API says (a wrong vault password).
    pub reason: Option<String>,
    pub path: String,
    pub path_encoded: Option<String>,
    pub items: Vec<BrowseItemV2>,
    pub rejected: Vec<String>,
    /// Entries in the whole folder, when the API pages a large one.
    pub total: Option<u64>,
    pub links: Vec<LinkV2>,
}

impl FromJson for BrowseResultV2 {
    fn from_json(v: &Value) -> Result<Self, String> {
        let r = Record::of(v)?;
        let (items, rejected) = r.records("items")?;
        Ok(BrowseResultV2 {
            id: r.get("id", lenient::text)?,
            time: r.get("time", lenient::opt_iso_date)?,
            event: r.get("event", lenient::text)?,
            agent: r.object("agent")?,
            request_id: r.get("request_id", lenient::text)?,
            succeeded: r.get("succeeded", lenient::bool)?,
            reason: r.get("reason", lenient::opt_text)?,
            path: r.get("path", lenient::text)?,
            path_encoded: r.get("path_encoded", lenient::opt_text)?,
            items,
            rejected,
            total: r.get("total", lenient::opt_u64)?,
            links: r.list("links")?,
        })
    }
}

/// A browse result, or not yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BrowseAnswer {
    /// 404: the agent has not answered (yet).
    NotReady,
    Ready(Box<BrowseResultV2>),
}

/// Body of a browse request: `{"path"}` for an agent; for a backup also the
/// agent that reads it and the vault password (`null` when unencrypted).
/// `path_encoded` is for paths that are not UTF-8, which a browser's
/// strings cannot hold, so it is never sent.
pub fn request_body(of: BrowseOf<'_>, path: &str, agent_id: &str, encrypted_password_hex: Option<&str>) -> String {
    match of {
        BrowseOf::Agent(_) => json!({ "path": path }),
        BrowseOf::Backup(_) => {
            json!({ "agent_id": agent_id, "encrypted_password_hex": encrypted_password_hex, "path": path })
        }
    }
    .to_string()
}

impl Client {
    /// `POST /v2/{p}/agents/{id}/browse-requests` or
    /// `…/backups/{id}/browse-requests` → 202 + `Location`. `agent_id` (the
    /// agent that reads a backup) and the password matter for a backup only.
    pub async fn request_browse(
        &self,
        of: BrowseOf<'_>,
        path: &str,
        agent_id: &str,
        encrypted_password_hex: Option<&str>,
    ) -> Result<BrowseRequest, ApiError> {
        let body = request_body(of, path, agent_id, encrypted_password_hex);
        let r = self.call(Method::Post, self.v2_url(&of.requests_path()), Some(body), &[202, 201]).await?;
        let location = r.location.unwrap_or_default();
        let request_id = created_id(&location, None, "browse request")?;
        Ok(BrowseRequest { location, request_id })
    }

    /// `GET …/browse-requests/{request_id}[?marker&limit]`: the answer, or
    /// [`BrowseAnswer::NotReady`] while it is 404.
    pub async fn browse_result(
        &self,
        of: BrowseOf<'_>,
        request_id: &str,
        page: &PageQuery,
    ) -> Result<BrowseAnswer, ApiError> {
        let path = format!("{}/{}", of.requests_path(), encode_segment(request_id));
        let url = page.apply(self.v2_url(&path), &[]);
        let r = self.call(Method::Get, url, None, &[200, 404]).await?;
        if r.status == 404 {
            return Ok(BrowseAnswer::NotReady);
        }
        reply::decode(&r.body, "browse result").map(|b| BrowseAnswer::Ready(Box::new(b)))
    }
}
