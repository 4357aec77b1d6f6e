//! A confirmation for disruptive actions. Cancel has the focus by default,
//! so Enter on a stray keypress does nothing harmful.

use super::modal::Modal;
use crate::ui::dynamic::text;
use leptos::prelude::*;

#[component]
pub fn ConfirmDialog(
    #[prop(into)] open: Signal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    on_confirm: Callback<()>,
    on_cancel: Callback<()>,
    /// An id unique on the page, for the dialog's name.
    id: &'static str,
) -> impl IntoView {
    view! {
        <Modal open=open on_cancel=on_cancel labelled_by=id>
            <h2 id=id>{text(move || title.get())}</h2>
            <p>{text(move || body.get())}</p>
            <div class="dialog-buttons">
                <button type="button" autofocus on:click=move |_| on_cancel.run(())>"Cancel"</button>
                <button type="button" class="danger" on:click=move |_| on_confirm.run(())>{text(move || confirm_label.get())}</button>
            </div>
        </Modal>
    }
}
