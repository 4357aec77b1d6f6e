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
//! rewriting a text node's data in place costs a fraction of either. The
//! rows' elements are made here; what they show is written by
//! `agent_rows.js`, all of a render's writes in one call (see there).

use super::row_view::RowView;
use super::status_badge::badge_class;
use crate::domain::text::yes_no;
use crate::ui::paths::href;
use std::collections::HashMap;
use std::fmt::Write as _;
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlElement};

// agent_rows.js, loaded by index.html before the console starts (a file of
// its own, hashed and cached like the rest, rather than a wasm-bindgen
// snippet, whose name does not change with its content).
#[wasm_bindgen]
extern "C" {
    /// Applies a render's [`Writes`] to the rows of `body`.
    #[wasm_bindgen(js_namespace = backupConsole, js_name = applyRowWrites, catch)]
    fn apply_row_writes(body: &Element, writes: &str) -> Result<(), JsValue>;
}

/// The nodes of a row that writes address, by number (`node` in
/// agent_rows.js maps them the same way).
mod target {
    pub const ROW: u8 = 0;
    pub const LINK: u8 = 1;
    pub const NAME: u8 = 2;
    pub const ID: u8 = 3;
    pub const STATUS: u8 = 4;
    pub const BADGE: u8 = 5;
    pub const ICON: u8 = 6;
    pub const LABEL: u8 = 7;
    /// The plain cells after the status: cell `k` is `CELL + k`, its text
    /// `CELL_TEXT + k`.
    pub const CELL: u8 = 8;
    pub const CELL_TEXT: u8 = 16;
}

/// A render's text and attribute writes, in the form agent_rows.js reads.
#[derive(Default)]
struct Writes {
    text: String,
    /// The row (its index in the `<tbody>` once placed) the next writes are for.
    row: usize,
}

impl Writes {
    /// Sets `attribute` of `target` (a text node's data when empty) to `value`.
    fn set(&mut self, target: u8, attribute: &str, value: &str) {
        let length = value.encode_utf16().count();
        let _ = write!(self.text, "{},{target},{attribute},{length}:{value}", self.row);
    }
}

fn el(doc: &Document, tag: &str) -> Option<Element> {
    doc.create_element(tag).ok()
}

/// The classes of the plain cells after the status.
const CELL_CLASSES: [Option<&str>; 8] = [None, None, None, None, Some("num"), None, None, Some("mono")];

/// The cells after the status, as (text, hover text): one list for a new row
/// and for a changed one.
fn plain_cells(r: &RowView) -> [(&str, Option<&str>); 8] {
    [
        (&r.last_backup, Some(&r.last_backup_tip)),
        (&r.datacenter, None),
        // Long values are cut by the fixed layout; the whole text is on hover.
        (&r.os, Some(&r.os)),
        (&r.version, Some(&r.version)),
        (&r.vault, None),
        (yes_no(r.encrypted), None),
        (yes_no(r.disabled), None),
        (&r.ip, None),
    ]
}

/// Appends `child` to `parent`, giving `parent` back.
fn with(parent: Element, child: &web_sys::Node) -> Option<Element> {
    parent.append_child(child).ok()?;
    Some(parent)
}

/// A row's elements, every text empty: what the row shows comes with its
/// first [`Row::show`].
fn build_row(doc: &Document) -> Option<Element> {
    let empty = || doc.create_text_node("");
    let tr = el(doc, "tr")?;
    let name_cell = el(doc, "td")?;
    name_cell.set_class_name("name");
    let link = with(el(doc, "a")?, &empty())?;
    let name_cell = with(name_cell, &link)?;
    tr.append_child(&name_cell).ok()?;
    let id_cell = with(el(doc, "td")?, &empty())?;
    id_cell.set_class_name("num");
    tr.append_child(&id_cell).ok()?;
    // The status badge: icon and word, the explanation on hover.
    let icon = with(el(doc, "span")?, &empty())?;
    icon.set_class_name("badge-icon");
    icon.set_attribute("aria-hidden", "true").ok()?;
    let badge = with(with(el(doc, "span")?, &icon)?, &empty())?;
    let status_cell = with(el(doc, "td")?, &badge)?;
    tr.append_child(&status_cell).ok()?;
    for class in CELL_CLASSES {
        let td = with(el(doc, "td")?, &empty())?;
        if let Some(c) = class {
            td.set_class_name(c);
        }
        tr.append_child(&td).ok()?;
    }
    Some(tr)
}

/// One row on screen and what it shows.
struct Row {
    tr: Element,
    /// `None` for a row just built, whose texts are still empty.
    view: Option<RowView>,
    /// Its `aria-rowindex` (0 until first placed): the header row is 1.
    rowindex: usize,
}

impl Row {
    /// Writes what differs between what the row shows and `now`, which may
    /// be another agent (everything, for a new row).
    fn show(&mut self, now: &RowView, w: &mut Writes) {
        use target::*;
        let fresh = self.view.is_none();
        let was = self.view.take().unwrap_or_else(|| now.clone());
        if fresh || was.stale != now.stale {
            w.set(ROW, "class", if now.stale { "stale" } else { "" });
        }
        if fresh || was.id != now.id {
            let id = now.id.to_string();
            w.set(ROW, "data-agent-id", &id);
            w.set(LINK, "href", &href(&format!("/agents/{id}")));
            w.set(ID, "", &id);
        }
        if fresh || was.name != now.name {
            w.set(NAME, "", &now.name);
            w.set(LINK, "title", &now.name);
        }
        if fresh || was.status != now.status {
            w.set(STATUS, "data-status", now.status.key());
            w.set(BADGE, "class", &badge_class(now.status));
            w.set(ICON, "", now.status.icon());
            w.set(LABEL, "", &format!(" {}", now.status.label()));
        }
        if fresh || was.status_tip != now.status_tip {
            w.set(BADGE, "title", &now.status_tip);
        }
        for (k, (old, new)) in (0u8..).zip(plain_cells(&was).into_iter().zip(plain_cells(now))) {
            if fresh || old.0 != new.0 {
                w.set(CELL_TEXT + k, "", new.0);
            }
            if let Some(title) = new.1.filter(|t| fresh || old.1 != Some(*t)) {
                w.set(CELL + k, "title", title);
            }
        }
        self.view = Some(now.clone());
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
        let leaves = |row: &Row| row.view.as_ref().is_none_or(|v| !wanted.contains_key(&v.id));
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
        let mut writes = Writes::default();
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
                    let new = || Some(Row { tr: build_row(&doc)?, view: None, rowindex: 0 });
                    match old.get_mut(any).and_then(Option::take).or_else(new) {
                        Some(row) => (row, false),
                        None => continue,
                    }
                };
            writes.row = self.rows.len();
            row.show(r, &mut writes);
            let rowindex = first + self.rows.len() + 2;
            if row.rowindex != rowindex {
                writes.set(target::ROW, "aria-rowindex", &rowindex.to_string());
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
        // The rows are in their final order now, which the writes' row
        // numbers count in.
        if !writes.text.is_empty() && apply_row_writes(body, &writes.text).is_err() {
            // The rows' texts are not what they record: start afresh next time.
            web_sys::console::error_1(&"Agents table: the rows could not be written (agent_rows.js).".into());
            self.rows.clear();
            self.index.clear();
        }
        // A row that moved took the focus out with it: put it back.
        if let Some(f) = focused.filter(|f| f.is_connected() && doc.active_element().as_ref() != Some(f)) {
            let _ = f.unchecked_ref::<HtmlElement>().focus();
        }
    }
}
