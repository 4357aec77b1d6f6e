//! Starting and stopping the restore on screen. An encrypted vault's
//! password is read from its field only when Start is pressed, encrypted
//! with the agent's key and wiped; only the ciphertext is sent, and a Retry
//! (offered only after a failure in transit) sends the same ciphertext.
//! A restore still "Creating" (made, never started) can be changed (the
//! wizard opens on it, its filters read first) or abandoned: deleted, after
//! a confirmation.

use super::details::destination_label;
use super::Shown;
use crate::api::{ApiError, Client};
use crate::domain::crypto;
use crate::domain::restore::RestoreState;
use crate::state::load::{attempts, Act, Logged, Reading};
use crate::ui::dynamic::show_when;
use crate::ui::focus::focus_soon;
use crate::ui::router::Location;
use crate::ui::widgets::confirm::ConfirmDialog;
use crate::ui::widgets::error_box::{Alert, ErrorBox};
use crate::ui::widgets::write_blocked::WriteBlockedNote;
use crate::ui::AppCtx;
use leptos::prelude::*;

#[component]
pub fn RestoreActions(shown: Shown, #[prop(into)] agent_key: Signal<Option<(String, String)>>) -> impl IntoView {
    let ctx = AppCtx::get();
    let (starting, stopping, abandoning) =
        (Act::new(ctx.auth, ctx.log), Act::new(ctx.auth, ctx.log), Act::new(ctx.auth, ctx.log));
    let local_error: RwSignal<Option<String>> = RwSignal::new(None);
    // The confirmation open: `Some(true)` stops, `Some(false)` abandons.
    let confirming: RwSignal<Option<bool>> = RwSignal::new(None);
    let password_input: NodeRef<leptos::html::Input> = NodeRef::new();
    let busy = move || starting.busy.get() || stopping.busy.get() || abandoning.busy.get();
    let blocked = move || ctx.auth.write_block().is_some();
    let state = move || shown.state();
    // Logged against the agent the restore writes to, whichever page started it.
    let entry = move |verb: &str, id: u64, done: &str| Logged {
        agent: shown.restore.value.with_untracked(|r| r.as_ref().map(destination_label).unwrap_or_default()),
        action: format!("{verb} restore {id}"),
        done: done.into(),
    };
    // After a start or stop: the lists catch up and the restore is watched.
    let follow = move |id: u64| {
        shown.changed.run(());
        shown.watch(id);
    };

    // The password, from the field at the moment of Start; the field is
    // emptied and the plain text wiped (on drop) right after encryption.
    let sealed_password = move || -> Result<Option<String>, String> {
        let Some(r) = shown.restore.value.get_untracked().filter(|r| r.is_encrypted) else {
            return Ok(None);
        };
        let plain = zeroize::Zeroizing::new(password_input.get_untracked().map(|i| i.value()).unwrap_or_default());
        if let Some(input) = password_input.get_untracked() {
            input.set_value("");
        }
        let key = r
            .public_key
            .as_ref()
            .filter(|k| !k.modulus_hex.is_empty())
            .map(|k| (k.modulus_hex.clone(), k.exponent_hex.clone()))
            .or_else(|| agent_key.get_untracked())
            .ok_or("Neither the restore nor the agent offers a public key, so the password cannot be sent safely. Refresh and try again.")?;
        crypto::encrypt_password(&key.0, &key.1, &plain).map(Some).map_err(|e| e.to_string())
    };
    let start = Callback::new(move |_: ()| {
        let Some(id) = shown.selected.get_untracked() else { return };
        local_error.set(None);
        let cipher = match sealed_password() {
            Ok(c) => c,
            Err(why) => return local_error.set(Some(why)),
        };
        // Retry after an answer that never came: the first start may have
        // reached the API, so a restore no longer ready to start is
        // followed, not started again.
        let is_retry = attempts();
        starting.run(entry("Start", id, "Restore start requested"), move |c: Client| -> Reading<()> {
            let (cipher, again) = (cipher.clone(), is_retry());
            Box::pin(async move {
                let started =
                    again && !RestoreState::from_id(c.restore_details(id).await?.restore_state_id).can_start();
                if !started {
                    c.start_restore(id, cipher).await?;
                }
                follow(id);
                focus_soon("restore-state");
                Ok(())
            })
        });
    });
    let abandon = move || {
        let Some(id) = shown.selected.get_untracked() else { return };
        // The Abandon button goes disabled: focus goes to the state instead.
        focus_soon("restore-state");
        abandoning.run(entry("Abandon", id, "Restore deleted"), move |c: Client| -> Reading<()> {
            Box::pin(async move {
                match c.delete_restore(id).await {
                    // Already gone: an earlier attempt whose answer was lost.
                    Ok(()) | Err(ApiError::NotFound { .. }) => {}
                    Err(e) => return Err(e),
                }
                if shown.selected.get_untracked() == Some(id) {
                    shown.forget();
                    focus_soon("restores-title");
                }
                shown.changed.run(());
                Ok(())
            })
        });
    };
    // Opens the wizard on the restore, on its backup's agent, with every
    // choice as the restore has it.
    let location = Location::get();
    let change = move |_| {
        if let Some(path) = shown.change.value.get_untracked().flatten() {
            location.navigate(&path, false);
        }
    };
    let stop = move || {
        let Some(id) = shown.selected.get_untracked() else { return };
        // The Stop button goes disabled: focus goes to the state instead.
        focus_soon("restore-state");
        stopping.run(entry("Stop", id, "Restore stop requested"), move |c: Client| -> Reading<()> {
            Box::pin(async move {
                c.stop_restore(id).await?;
                follow(id);
                Ok(())
            })
        });
    };
    // Another restore on screen: the last one's errors, and their Retry,
    // go (a Retry must never act on a restore no longer shown).
    crate::ui::effect::effect(move || {
        shown.selected.track();
        for act in [starting, stopping, abandoning] {
            act.error.set(None);
        }
    });
    let encrypted_and_ready = move || {
        shown.restore.value.with(|r| r.as_ref().is_some_and(|r| r.is_encrypted))
            && state().is_some_and(RestoreState::can_start)
    };

    view! {
        {show_when(move || shown.restore.value.with(Option::is_some), move || view! {
            <div class="restore-actions">
                {show_when(encrypted_and_ready, move || view! {
                    <div class="field">
                        <label for="restore-password">"Encryption password"</label>
                        <input
                            id="restore-password"
                            type="password"
                            autocomplete="off"
                            node_ref=password_input
                            on:keydown=move |ev: web_sys::KeyboardEvent| {
                                if ev.key() == "Enter" {
                                    ev.prevent_default();
                                    // What the Start button allows, no more.
                                    if !(busy() || blocked() || !state().is_some_and(RestoreState::can_start)) {
                                        start.run(());
                                    }
                                }
                            }
                        />
                        <p class="hint">"Encrypted here with the agent's public key; the plain password is never sent or kept. Enter starts the restore."</p>
                    </div>
                })}
                <button type="button" class="primary" on:click=move |_| start.run(()) disabled=move || busy() || blocked() || !state().is_some_and(RestoreState::can_start)>
                    "Start restore"
                </button>
                <button type="button" class="danger" on:click=move |_| confirming.set(Some(true)) disabled=move || busy() || blocked() || !state().is_some_and(RestoreState::can_stop)>
                    "Stop restore"
                </button>
                <button type="button" on:click=change
                    disabled=move || busy() || blocked() || state() != Some(RestoreState::Creating) || shown.change.value.with(|p| p.iter().flatten().next().is_none())
                    title="Opens the wizard on this restore, made but never started">
                    "Change restore"
                </button>
                <button type="button" class="danger" on:click=move |_| confirming.set(Some(false)) disabled=move || busy() || blocked() || state() != Some(RestoreState::Creating)
                    title="Deletes a restore that was made but never started">
                    "Abandon restore"
                </button>
                <WriteBlockedNote />
            </div>
        })}
        <Alert message=local_error />
        <ErrorBox error=starting.error retry=starting.retry() />
        <ErrorBox error=stopping.error retry=stopping.retry() />
        <ErrorBox error=abandoning.error retry=abandoning.retry() />
        <ConfirmDialog
            id="restore-confirm-title"
            open=Signal::derive(move || confirming.get().is_some())
            title=Signal::derive(move || {
                let verb = if confirming.get() == Some(false) { "Abandon" } else { "Stop" };
                format!("{verb} restore {}?", shown.selected.get().unwrap_or_default())
            })
            body=Signal::derive(move || {
                let onto = shown.restore.value.with(|r| r.as_ref().map(destination_label).unwrap_or_default());
                if confirming.get() == Some(false) {
                    format!("The restore onto {onto}, {}, was never started and will be deleted; nothing is written.", ctx.where_())
                } else {
                    format!("The restore onto {onto}, {}, will stop; files already restored stay in place. You can start it again later.", ctx.where_())
                }
            })
            confirm_label=Signal::derive(move || if confirming.get() == Some(false) { "Abandon restore" } else { "Stop restore" }.to_string())
            on_confirm=Callback::new(move |_| {
                match confirming.get_untracked() {
                    Some(true) => stop(),
                    Some(false) => abandon(),
                    None => {}
                }
                confirming.set(None);
            })
            on_cancel=Callback::new(move |_| confirming.set(None))
        />
    }
}
