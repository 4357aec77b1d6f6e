//! A modal dialog on the native `<dialog>`: the rest of the page is inert
//! while it is open (focus stays inside), Escape cancels, and focus returns
//! to where it was when the dialog closes.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub fn Modal(
    #[prop(into)] open: Signal<bool>,
    /// Called when the user presses Escape.
    on_cancel: Callback<()>,
    /// The id of the element that names the dialog.
    labelled_by: &'static str,
    children: Children,
) -> impl IntoView {
    let node = NodeRef::<Dialog>::new();
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> = StoredValue::new_local(None);
    crate::ui::effect::effect(move || {
        let want = open.get();
        let Some(dialog) = node.get() else { return };
        if want && !dialog.open() {
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element())
                .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
            opener.set_value(active);
            let _ = dialog.show_modal();
        } else if !want && dialog.open() {
            dialog.close();
            if let Some(el) = opener.try_update_value(Option::take).flatten() {
                let _ = el.focus();
            }
        }
    });
    view! {
        <dialog
            node_ref=node
            class="modal"
            aria-labelledby=labelled_by
            on:cancel=move |ev: web_sys::Event| {
                ev.prevent_default();
                on_cancel.run(());
            }
        >
            {children()}
        </dialog>
    }
}
