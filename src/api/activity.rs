//! v2 activity (API-REFERENCE §7.2b): the project's backups, restores and
//! cleanups, newest first, a page at a time. (v1's activity lists are in
//! `v1.rs`.)

use super::http::Method;
use super::lenient::{self, from_json, FromJson, Record};
use super::page::PageQuery;
use super::reply;
use super::types::LinkV2;
use super::v2_parts::RefV2;
use super::{ApiError, Client};
use serde_json::Value;

/// One activity: `type` is `backup`, `restore` or `cleanup` (a cleanup has
/// no configuration); its own object is behind the link of that `rel`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivityV2 {
    pub id: String,
    pub kind: String,
    pub last_updated_time: Option<i64>,
    pub state: String,
    pub agent: Option<RefV2>,
    pub configuration: Option<RefV2>,
    pub links: Vec<LinkV2>,
}

from_json!(ActivityV2 {
    id: get("id", lenient::text),
    kind: get("type", lenient::text),
    last_updated_time: get("last_updated_time", lenient::opt_iso_date),
    state: get("state", lenient::text),
    agent: object("agent"),
    configuration: object("configuration"),
    links: list("links"),
});

/// `{"activities": [...], "links": [...]}`, read record by record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ActivityPageV2 {
    pub activities: Vec<ActivityV2>,
    pub rejected: Vec<String>,
    pub links: Vec<LinkV2>,
}

impl FromJson for ActivityPageV2 {
    fn from_json(v: &Value) -> Result<Self, String> {
        let r = Record::of(v)?;
        let (activities, rejected) = r.records("activities")?;
        Ok(ActivityPageV2 { activities, rejected, links: r.list("links")? })
    }
}

impl Client {
    /// `GET /v2/{p}/activities?marker&limit&sort_dir`.
    pub async fn activities_v2(&self, page: &PageQuery) -> Result<ActivityPageV2, ApiError> {
        let url = page.apply(self.v2_url("activities"), &[]);
        let r = self.call(Method::Get, url, None, &[200]).await?;
        reply::decode(&r.body, "activities")
    }
}
