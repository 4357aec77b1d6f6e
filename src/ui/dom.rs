//! Markup from a plain description, built with direct DOM calls.
//!
//! A Leptos `view!` costs its bundle about 1 KB of wasm per element tree
//! shape (its types are compiled for each), which is what made a four-step
//! form cost 23 KB gzip. A form rebuilt whole from its state when the state
//! changes needs none of that: its steps describe their elements with
//! [`el`], one non-generic function builds them, and one delegated listener
//! on the container hears the controls (each names what it sets in
//! `data-act`). Every value goes in as text or an attribute value, never as
//! markup, so data from the API cannot inject HTML.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement};

/// An element to build: tag, attributes (a `None` value is left out, for
/// boolean attributes that are off), text, then children.
pub struct El {
    tag: &'static str,
    attrs: Vec<(&'static str, Option<String>)>,
    text: Option<String>,
    kids: Vec<El>,
}

#[inline(never)]
pub fn el(tag: &'static str) -> El {
    El { tag, attrs: Vec::new(), text: None, kids: Vec::new() }
}

impl El {
    pub fn attr(self, name: &'static str, value: impl Into<String>) -> El {
        self.attr_owned(name, value.into())
    }

    // Out of line, as the other builders: each call is then a call, not a
    // copy of the vector code (a form has a hundred of them).
    #[inline(never)]
    fn attr_owned(mut self, name: &'static str, value: String) -> El {
        self.attrs.push((name, Some(value)));
        self
    }

    /// A boolean attribute (`checked`, `selected`) when `on`.
    #[inline(never)]
    pub fn flag(mut self, name: &'static str, on: bool) -> El {
        self.attrs.push((name, on.then(String::new)));
        self
    }

    /// The element's text, before its children.
    pub fn text(self, text: impl Into<String>) -> El {
        self.text_owned(text.into())
    }

    #[inline(never)]
    fn text_owned(mut self, text: String) -> El {
        self.text = Some(text);
        self
    }

    #[inline(never)]
    pub fn kid(mut self, kid: El) -> El {
        self.kids.push(kid);
        self
    }

    pub fn kids(mut self, kids: impl IntoIterator<Item = El>) -> El {
        self.kids.extend(kids);
        self
    }

    fn build(&self, doc: &Document) -> Option<Element> {
        let e = doc.create_element(self.tag).ok()?;
        for (name, value) in &self.attrs {
            if let Some(v) = value {
                e.set_attribute(name, v).ok()?;
            }
        }
        if let Some(t) = &self.text {
            e.append_child(&doc.create_text_node(t)).ok()?;
        }
        for kid in &self.kids {
            let kid: web_sys::Node = kid.build(doc)?.into();
            e.append_child(&kid).ok()?;
        }
        Some(e)
    }
}

/// Replaces what `parent` holds with `content`. When focus was on a control
/// inside, the control with the same `data-act` (and value, for radios)
/// gets it back, so a choice that rebuilt the form leaves focus where it was.
pub fn replace(parent: &Element, content: &[El]) {
    let Some(doc) = parent.owner_document() else { return };
    let focused = doc.active_element().filter(|a| parent.contains(Some(a))).map(|a| {
        let value = a.dyn_ref::<web_sys::HtmlInputElement>().map(|i| i.value()).unwrap_or_default();
        (a.get_attribute("data-act").unwrap_or_default(), value)
    });
    parent.set_text_content(None);
    for e in content {
        if let Some(node) = e.build(&doc) {
            let _ = parent.append_child(&node);
        }
    }
    let Some((act, value)) = focused.filter(|(act, _)| !act.is_empty()) else { return };
    // Our own names and values (numbers); a value that breaks the selector finds nothing.
    let radio = format!("[data-act=\"{act}\"][value=\"{value}\"]");
    let found = parent
        .query_selector(&radio)
        .ok()
        .flatten()
        .or_else(|| parent.query_selector(&format!("[data-act=\"{act}\"]")).ok().flatten());
    if let Some(e) = found.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = e.focus();
    }
}

/// The control an event came from: what it sets (`data-act`), its value,
/// and whether it is checked (checkboxes).
pub fn control(ev: &web_sys::Event) -> Option<(String, String, bool)> {
    let target = ev.target()?.dyn_into::<Element>().ok()?;
    let act = target.get_attribute("data-act")?;
    if let Some(i) = target.dyn_ref::<web_sys::HtmlInputElement>() {
        return Some((act, i.value(), i.checked()));
    }
    if let Some(s) = target.dyn_ref::<web_sys::HtmlSelectElement>() {
        return Some((act, s.value(), false));
    }
    let t = target.dyn_ref::<web_sys::HtmlTextAreaElement>()?;
    Some((act, t.value(), false))
}
