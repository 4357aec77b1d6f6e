//! The agents table's visible rows, built with direct DOM calls. This is the
//! console's hottest path (every keystroke in search, every sort, every
//! status batch changes the window of rows), and building the rows this way
//! measured several times faster than a reactive list of row views (see
//! bench/table.sh). Every value goes in as text (`textContent`, attribute
//! values), never as markup, so data from the API cannot inject HTML.
//!
//! Rows are keyed by agent ID: a refresh moves a row that is still shown and
//! writes only the cells whose text changed, so a row keeps its element, and
//! with it keyboard focus, a text selection and anything the row holds.

use super::agents_table::RowView;
use crate::domain::text::yes_no;
use crate::ui::paths::href;
use std::collections::HashMap;
use web_sys::{Document, Element, Node};

fn el(doc: &Document, tag: &str) -> Option<Element> {
    doc.create_element(tag).ok()
}

/// The cells after the status, as (class, text, hover text): one list for
/// building a row and for updating it.
fn plain_cells(r: &RowView) -> [(Option<&str>, &str, Option<&str>); 8] {
    [
        (None, &r.last_backup, Some(&r.last_backup_tip)),
        (None, &r.datacenter, None),
        // Long values are cut by the fixed layout; the whole text is on hover.
        (None, &r.os, Some(&r.os)),
        (None, &r.version, Some(&r.version)),
        (Some("num"), &r.vault, None),
        (None, yes_no(r.encrypted), None),
        (None, yes_no(r.disabled), None),
        (Some("mono"), &r.ip, None),
    ]
}

fn set_text(cell: &Element, text: &str, title: Option<&str>) {
    cell.set_text_content(Some(text));
    if let Some(t) = title {
        let _ = cell.set_attribute("title", t);
    }
}

/// The status badge (icon and label, the explanation on hover).
fn badge(doc: &Document, r: &RowView) -> Option<Element> {
    let badge = el(doc, "span")?;
    badge.set_class_name(&format!("badge status-{}", r.status.key()));
    badge.set_attribute("title", &r.status_tip).ok()?;
    let icon = el(doc, "span")?;
    icon.set_class_name("badge-icon");
    icon.set_attribute("aria-hidden", "true").ok()?;
    icon.set_text_content(Some(r.status.icon()));
    badge.append_child(&icon).ok()?;
    badge.append_child(&doc.create_text_node(&format!(" {}", r.status.label()))).ok()?;
    Some(badge)
}

fn build_row(doc: &Document, r: &RowView) -> Option<Element> {
    let tr = el(doc, "tr")?;
    tr.set_attribute("data-agent-id", &r.id.to_string()).ok()?;
    if r.stale {
        tr.set_class_name("stale");
    }
    let name = el(doc, "td")?;
    name.set_class_name("name");
    let a = el(doc, "a")?;
    a.set_attribute("href", &href(&format!("/agents/{}", r.id))).ok()?;
    set_text(&a, &r.name, Some(&r.name));
    name.append_child(&a).ok()?;
    tr.append_child(&name).ok()?;
    let id = el(doc, "td")?;
    id.set_class_name("num");
    id.set_text_content(Some(&r.id.to_string()));
    tr.append_child(&id).ok()?;
    let status = el(doc, "td")?;
    status.set_attribute("data-status", r.status.key()).ok()?;
    let b = badge(doc, r)?;
    status.append_child(&b).ok()?;
    tr.append_child(&status).ok()?;
    for (class, text, title) in plain_cells(r) {
        let td = el(doc, "td")?;
        if let Some(c) = class {
            td.set_class_name(c);
        }
        set_text(&td, text, title);
        tr.append_child(&td).ok()?;
    }
    Some(tr)
}

/// Writes into `tr` (built by [`build_row`] for `was`) what differs in `now`.
fn update_row(doc: &Document, tr: &Element, was: &RowView, now: &RowView) -> Option<()> {
    let cells = tr.children();
    if was.stale != now.stale {
        tr.set_class_name(if now.stale { "stale" } else { "" });
    }
    if was.name != now.name {
        set_text(&cells.item(0)?.first_element_child()?, &now.name, Some(&now.name));
    }
    if was.status != now.status || was.status_tip != now.status_tip {
        let status = cells.item(2)?;
        status.set_attribute("data-status", now.status.key()).ok()?;
        status.set_text_content(None);
        let b = badge(doc, now)?;
        status.append_child(&b).ok()?;
    }
    for (k, (old, new)) in plain_cells(was).into_iter().zip(plain_cells(now)).enumerate() {
        if old.1 != new.1 || old.2 != new.2 {
            set_text(&cells.item(3 + k as u32)?, new.1, new.2);
        }
    }
    Some(())
}

/// The rows in a `<tbody>`, by agent ID, with what each shows.
#[derive(Default)]
pub struct Rows {
    shown: HashMap<u64, (RowView, Element)>,
}

impl Rows {
    /// Makes `body` show `rows` in order: rows still shown are kept (moved if
    /// the order changed, changed cells rewritten), new ones built, the rest
    /// removed.
    pub fn render(&mut self, body: &Element, rows: &[RowView]) {
        let Some(doc) = body.owner_document() else {
            return;
        };
        if self.shown.is_empty() {
            body.set_text_content(None);
        }
        let mut old = std::mem::take(&mut self.shown);
        // Where the next row belongs: every node before it is already placed.
        let mut next: Option<Node> = body.first_child();
        for r in rows {
            let tr = match old.remove(&r.id) {
                Some((was, tr)) => {
                    if was != *r && update_row(&doc, &tr, &was, r).is_none() {
                        // A row not as built (cannot happen unless the DOM was
                        // changed from outside): build it again.
                        if next.as_ref() == Some(tr.as_ref()) {
                            next = tr.next_sibling();
                        }
                        tr.remove();
                        let Some(fresh) = build_row(&doc, r) else { continue };
                        fresh
                    } else {
                        tr
                    }
                }
                None => match build_row(&doc, r) {
                    Some(tr) => tr,
                    None => continue,
                },
            };
            let node: &Node = tr.as_ref();
            if next.as_ref() == Some(node) {
                next = node.next_sibling();
            } else {
                let _ = body.insert_before(node, next.as_ref());
            }
            self.shown.insert(r.id, (r.clone(), tr));
        }
        for (_, tr) in old.into_values() {
            tr.remove();
        }
    }
}
