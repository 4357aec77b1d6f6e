//! The page follows the address bar: `/` is the agents table and
//! `/agents/{id}` one agent, under the base the console is served from.
//! In-app links change the page without a reload; Back and Forward work.
//!
//! This replaces leptos_router: the console has two routes, and the router
//! was the largest single dependency of the bundle (README, "Stack changes").

use crate::domain::route::Route;
use crate::ui::paths;
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};

#[derive(Clone, Copy)]
pub struct Location {
    /// The path under the base: "/" or "/agents/7".
    path: RwSignal<String>,
    /// The query string, without "?".
    query: RwSignal<String>,
    /// The page for `path`; it changes only when the page does, so a new
    /// query string never rebuilds the page.
    route: Memo<Route>,
}

impl Location {
    /// Reads the address bar and follows it from now on; provided as context.
    pub fn start() -> Location {
        let path = RwSignal::new(String::new());
        let loc = Location {
            path,
            query: RwSignal::new(String::new()),
            route: Memo::new(move |_| path.with(|p| Route::parse(p))),
        };
        loc.read_address_bar();
        window_event_listener(leptos::ev::popstate, move |_| loc.read_address_bar());
        window_event_listener(leptos::ev::click, move |ev| loc.follow_link(&ev));
        provide_context(loc);
        loc
    }

    pub fn get() -> Location {
        use_context::<Location>().expect("Location is provided by the console shell")
    }

    /// The current page (tracked).
    pub fn route(&self) -> Route {
        self.route.get()
    }

    /// The query string without "?" (tracked).
    pub fn query(&self) -> String {
        self.query.get()
    }

    /// Goes to an in-app path ("/?q=web"), adding a history entry unless
    /// `replace`.
    pub fn navigate(&self, path_and_query: &str, replace: bool) {
        let url = paths::href(path_and_query);
        if let Ok(history) = window().history() {
            let _ = if replace {
                history.replace_state_with_url(&JsValue::NULL, "", Some(&url))
            } else {
                history.push_state_with_url(&JsValue::NULL, "", Some(&url))
            };
        }
        self.read_address_bar();
    }

    fn read_address_bar(&self) {
        let location = window().location();
        let pathname = location.pathname().unwrap_or_default();
        let path = paths::in_app(&pathname).unwrap_or(&pathname).to_string();
        let query = location.search().unwrap_or_default().trim_start_matches('?').to_string();
        if self.path.with_untracked(|p| *p != path) {
            self.path.set(path);
        }
        if self.query.with_untracked(|q| *q != query) {
            self.query.set(query);
        }
    }

    /// A plain left click on a link to a page of the console navigates in
    /// place; anything else (new tab, download, another site, `#fragment`)
    /// is left to the browser.
    fn follow_link(&self, ev: &web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.meta_key()
            || ev.ctrl_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(link) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|el| el.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        let same_origin = window().location().origin().is_ok_and(|o| o == link.origin());
        if !same_origin || link.has_attribute("download") || !matches!(link.target().as_str(), "" | "_self") {
            return;
        }
        if !link.hash().is_empty() {
            return;
        }
        let pathname = link.pathname();
        let Some(path) = paths::in_app(&pathname) else { return };
        ev.prevent_default();
        self.navigate(&format!("{path}{}", link.search()), false);
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}
