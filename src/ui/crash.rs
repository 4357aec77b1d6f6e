//! A panic is a bug, and with `panic = "abort"` the app stops. Rather than
//! leave a dead page, the panic hook puts a banner on top that says so and
//! offers a reload. It shows no panic text (which could carry API data);
//! the details go to the browser console for a developer.

use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

const MESSAGE: &str = "Backup Console hit an internal error and stopped. Reload the page to continue; you may need to sign in again. Nothing was sent on your behalf after the error.";

/// Puts the banner on the page (once), over whatever is left of it.
pub fn show_banner() -> Option<()> {
    let document = web_sys::window()?.document()?;
    if document.get_element_by_id("crash-banner").is_some() {
        return Some(());
    }
    let banner = document.create_element("div").ok()?;
    banner.set_id("crash-banner");
    banner.set_attribute("role", "alert").ok()?;
    banner.set_class_name("crash-banner");
    let text = document.create_element("p").ok()?;
    text.set_text_content(Some(MESSAGE));
    banner.append_child(&text).ok()?;
    let button = document.create_element("button").ok()?;
    button.set_attribute("type", "button").ok()?;
    button.set_text_content(Some("Reload"));
    let reload = Closure::<dyn Fn()>::new(|| {
        if let Some(w) = web_sys::window() {
            let _ = w.location().reload();
        }
    });
    button.add_event_listener_with_callback("click", reload.as_ref().unchecked_ref()).ok()?;
    // The page is over after a panic: the listener lives as long as it does.
    reload.forget();
    banner.append_child(&button).ok()?;
    document.body()?.prepend_with_node_1(&banner).ok()
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = console)]
    fn error(message: &str);
}

/// Installs the hook: the panic's message and place to the console first,
/// then the banner.
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        error(&info.to_string());
        let _ = show_banner();
    }));
}
