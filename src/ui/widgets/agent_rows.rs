//! The agents table's visible rows, built with direct DOM calls. This is the
//! console's hottest path (every keystroke in search, every sort, every
//! status batch changes the window of rows), and building the rows this way
//! measured several times faster than a reactive list of row views (see
//! bench/table.sh). Every value goes in as text (text nodes, attribute
//! values), never as markup, so data from the API cannot inject HTML.
//!
//! Rows are keyed by agent ID: a refresh moves a row that is still shown and
//! rewrites only the texts that changed, so a row keeps its element, and with
//! it keyboard focus, a text selection and anything the row holds. A row
//! whose agent leaves the window is reused, where it stands, for one that
//! enters it (a sort or a search swaps most of the window), except the row
//! holding the focus, so focus never moves to another agent. Why (measured
//! at 10,000 agents, bench/table.sh): taking rows out of the document costs
//! about 25 µs a row whether one by one or all at once, and replacing a
//! cell's text node (`textContent`) costs about as much again, while
//! rewriting a text node's data in place costs a fraction of either.

use super::row_view::RowView;
use super::status_badge::badge_class;
use crate::domain::text::yes_no;
use crate::ui::paths::href;
use std::collections::HashMap;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Node};

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

/// A text node, kept so its text can be rewritten in place.
fn text_in(doc: &Document, parent: &Element, text: &str) -> Option<Node> {
    let node: Node = doc.create_text_node(text).into();
    parent.append_child(&node).ok()
}

fn set_title(el: &Element, title: Option<&str>) {
    if let Some(t) = title {
        let _ = el.set_attribute("title", t);
    }
}

/// One row on screen: what it shows, and the nodes whose text or
/// attributes change with it.
struct Row {
    view: RowView,
    tr: Element,
    link: Element,
    name: Node,
    id: Node,
    status: Element,
    badge: Element,
    icon: Node,
    label: Node,
    cells: Vec<(Element, Node)>,
    /// Its `aria-rowindex` (0 until first placed): the header row is 1.
    rowindex: usize,
}

fn build_row(doc: &Document, r: &RowView) -> Option<Row> {
    let tr = el(doc, "tr")?;
    tr.set_attribute("data-agent-id", &r.id.to_string()).ok()?;
    if r.stale {
        tr.set_class_name("stale");
    }
    let name_cell = el(doc, "td")?;
    name_cell.set_class_name("name");
    let link = el(doc, "a")?;
    link.set_attribute("href", &href(&format!("/agents/{}", r.id))).ok()?;
    set_title(&link, Some(&r.name));
    let name = text_in(doc, &link, &r.name)?;
    name_cell.append_child(&link).ok()?;
    tr.append_child(&name_cell).ok()?;
    let id_cell = el(doc, "td")?;
    id_cell.set_class_name("num");
    let id = text_in(doc, &id_cell, &r.id.to_string())?;
    tr.append_child(&id_cell).ok()?;
    // The status badge: icon and label, the explanation on hover.
    let status = el(doc, "td")?;
    status.set_attribute("data-status", r.status.key()).ok()?;
    let badge = el(doc, "span")?;
    badge.set_class_name(&badge_class(r.status));
    set_title(&badge, Some(&r.status_tip));
    let icon_span = el(doc, "span")?;
    icon_span.set_class_name("badge-icon");
    icon_span.set_attribute("aria-hidden", "true").ok()?;
    let icon = text_in(doc, &icon_span, r.status.icon())?;
    badge.append_child(&icon_span).ok()?;
    let label = text_in(doc, &badge, &format!(" {}", r.status.label()))?;
    status.append_child(&badge).ok()?;
    tr.append_child(&status).ok()?;
    let mut cells = Vec::with_capacity(8);
    for (class, text, title) in plain_cells(r) {
        let td = el(doc, "td")?;
        if let Some(c) = class {
            td.set_class_name(c);
        }
        set_title(&td, title);
        let t = text_in(doc, &td, text)?;
        tr.append_child(&td).ok()?;
        cells.push((td, t));
    }
    Some(Row { view: r.clone(), tr, link, name, id, status, badge, icon, label, cells, rowindex: 0 })
}

impl Row {
    /// Rewrites what differs between what the row shows and `now`, which
    /// may be another agent.
    fn show(&mut self, now: &RowView) {
        let was = &self.view;
        if was == now {
            return;
        }
        if was.stale != now.stale {
            self.tr.set_class_name(if now.stale { "stale" } else { "" });
        }
        if was.id != now.id {
            let id = now.id.to_string();
            let _ = self.tr.set_attribute("data-agent-id", &id);
            let _ = self.link.set_attribute("href", &href(&format!("/agents/{id}")));
            self.id.set_node_value(Some(&id));
        }
        if was.name != now.name {
            self.name.set_node_value(Some(&now.name));
            set_title(&self.link, Some(&now.name));
        }
        if was.status != now.status {
            let _ = self.status.set_attribute("data-status", now.status.key());
            self.badge.set_class_name(&badge_class(now.status));
            self.icon.set_node_value(Some(now.status.icon()));
            self.label.set_node_value(Some(&format!(" {}", now.status.label())));
        }
        if was.status_tip != now.status_tip {
            set_title(&self.badge, Some(&now.status_tip));
        }
        for ((old, new), (td, text)) in plain_cells(was).into_iter().zip(plain_cells(now)).zip(&self.cells) {
            if old.1 != new.1 {
                text.set_node_value(Some(new.1));
            }
            if old.2 != new.2 {
                set_title(td, new.2);
            }
        }
        self.view = now.clone();
    }
}

/// The rows in a `<tbody>`, in order, and where each agent's row is.
#[derive(Default)]
pub struct Rows {
    rows: Vec<Row>,
    index: HashMap<u64, usize>,
}

impl Rows {
    /// Makes `body` show `rows` in order: a row still shown is kept (moved
    /// if the order changed), a row that leaves is reused for one that
    /// enters (in place where it can be), the rest are built or removed.
    /// `first` is the place of `rows[0]` in the whole ordered list, for each
    /// row's `aria-rowindex`.
    pub fn render(&mut self, body: &Element, rows: &[RowView], first: usize) {
        let Some(doc) = body.owner_document() else {
            return;
        };
        if self.rows.is_empty() {
            body.set_text_content(None);
        }
        let mut old: Vec<Option<Row>> = std::mem::take(&mut self.rows).into_iter().map(Some).collect();
        let old_index = std::mem::take(&mut self.index);
        // The agents shown after this render (a set; the map type is one the
        // bundle already has).
        let wanted: HashMap<u64, usize> = rows.iter().enumerate().map(|(i, r)| (r.id, i)).collect();
        let leaves = |row: &Row| !wanted.contains_key(&row.view.id);
        let focused = doc.active_element();
        // A leaving row that holds the focus goes now (it is not reused, so
        // focus never lands on another agent), out of the other rows' way.
        if let Some(f) = &focused {
            let holder = old.iter().position(|o| o.as_ref().is_some_and(|row| leaves(row) && row.tr.contains(Some(f))));
            if let Some(row) = holder.and_then(|i| old.get_mut(i)).and_then(Option::take) {
                row.tr.remove();
            }
        }
        // So every leaving row still here is spare: reused for one that enters.
        let spare = |o: &Option<Row>| o.as_ref().is_some_and(leaves);
        // `old[at]` is the row where the next row belongs: every row before
        // it is placed (taken), every row from it on is not yet.
        let (mut at, mut any) = (0, 0);
        for r in rows {
            while old.get(at).is_some_and(Option::is_none) {
                at += 1;
            }
            // A kept row further on, with only leaving rows before it (the
            // window scrolled): those go to the end, where the rows that
            // enter will reuse them, so the kept rows need not move.
            if let Some(&i) =
                old_index.get(&r.id).filter(|&&i| i > at && old[at..i].iter().all(|o| o.is_none() || spare(o)))
            {
                for slot in at..i {
                    if let Some(row) = old.get_mut(slot).and_then(Option::take) {
                        let _ = body.append_child(&row.tr);
                        old.push(Some(row));
                    }
                }
                at = i;
            }
            let (mut row, in_place) =
                if let Some((i, row)) = old_index.get(&r.id).and_then(|&i| Some((i, old.get_mut(i)?.take()?))) {
                    (row, i == at)
                } else if let Some(row) = old.get_mut(at).filter(|row| spare(row)).and_then(Option::take) {
                    (row, true)
                } else {
                    while any < old.len() && !spare(&old[any]) {
                        any += 1;
                    }
                    match old.get_mut(any).and_then(Option::take).or_else(|| build_row(&doc, r)) {
                        Some(row) => (row, false),
                        None => continue,
                    }
                };
            row.show(r);
            let rowindex = first + self.rows.len() + 2;
            if row.rowindex != rowindex {
                let _ = row.tr.set_attribute("aria-rowindex", &rowindex.to_string());
                row.rowindex = rowindex;
            }
            if !in_place {
                let next = old.iter().skip(at).flatten().next().map(|row| row.tr.as_ref());
                let _ = body.insert_before(&row.tr, next);
            }
            self.index.insert(r.id, self.rows.len());
            self.rows.push(row);
        }
        // Rows that left and were not reused (all after the placed ones).
        for row in old.into_iter().flatten() {
            row.tr.remove();
        }
        // A row that moved took the focus out with it: put it back.
        if let Some(f) = focused.filter(|f| f.is_connected() && doc.active_element().as_ref() != Some(f)) {
            let _ = f.unchecked_ref::<HtmlElement>().focus();
        }
    }
}
