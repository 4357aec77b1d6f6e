//! "New restore": a wizard in four steps (restore point, destination, what
//! to restore, review), each a `<fieldset>` whose `<legend>` names it. Every
//! choice lives in the address (`domain::restore_plan`), so Back walks the
//! steps, a reload keeps them and a link can be shared. "Create restore"
//! makes a v1 restore in "Creating" and adds its file filters; a retry after
//! an answer that never came takes over the restore the lost answer made
//! instead of making a second one. Starting it (with the vault password) is
//! the Restores section's, where the new restore opens.

mod create;
mod steps;

use crate::api::backups::CompletedBackupV1;
use crate::api::configurations::BackupConfigurationV1;
use crate::api::reply::Records;
use crate::domain::restore_plan::{RestorePlan, Step};
use crate::state::load::Load;
use crate::state::scope::RequestScope;
use crate::ui::dynamic::text;
use crate::ui::router::Location;
use crate::ui::widgets::error_box::{Alert, ErrorBox};
use crate::ui::widgets::write_blocked::WriteBlockedNote;
use crate::ui::AppCtx;
use leptos::prelude::*;

/// What the steps read and change.
#[derive(Clone, Copy)]
struct Wizard {
    /// The page's agent: the backup's, and the default destination.
    agent: u64,
    plan: Memo<Option<RestorePlan>>,
    configs: Load<Records<BackupConfigurationV1>>,
    points: Load<Records<CompletedBackupV1>>,
    location: Location,
}

impl Wizard {
    /// Changes the plan; a new step is a new history entry (Back returns
    /// to the last step), a choice within a step replaces the entry.
    fn change(self, edit: impl FnOnce(&mut RestorePlan)) {
        let Some(mut plan) = self.plan.get_untracked() else { return };
        let step = plan.step;
        edit(&mut plan);
        self.location.navigate(&address(self.agent, Some(&plan)), plan.step == step);
    }

    /// Leaves the wizard for the agent page; `replace` drops the wizard's
    /// history entry (after a create, so Back does not offer it again).
    fn close(self, replace: bool) {
        self.location.navigate(&address(self.agent, None), replace);
    }
}

/// The agent page's in-app address, with the wizard's choices when open
/// (also how "Change restore" opens it on a made restore).
pub fn address(agent: u64, plan: Option<&RestorePlan>) -> String {
    match plan {
        Some(plan) => format!("/agents/{agent}?{}", plan.to_query()),
        None => format!("/agents/{agent}"),
    }
}

/// The in-app address that opens the wizard, optionally at a chosen
/// restore point (configuration, backup).
pub fn wizard_path(agent: u64, point: Option<(u64, u64)>) -> String {
    let plan = RestorePlan {
        step: if point.is_some() { Step::Destination } else { Step::Point },
        config: point.map(|p| p.0),
        backup: point.map(|p| p.1),
        ..Default::default()
    };
    address(agent, Some(&plan))
}

/// Whether the address opens the wizard.
pub fn wizard_open(location: Location) -> bool {
    RestorePlan::from_query(&location.query()).is_some()
}

#[component]
pub fn RestoreWizard(
    agent: u64,
    /// "WEB-01 (202743)".
    #[prop(into)]
    label: Signal<String>,
    /// Receives the restore once it is created.
    created: Callback<u64>,
) -> impl IntoView {
    let ctx = AppCtx::get();
    let location = Location::get();
    let scope = RequestScope::for_view();
    let plan = Memo::new(move |_| RestorePlan::from_query(&location.query()));
    let wizard =
        Wizard { agent, plan, configs: Load::new(ctx.auth, scope), points: Load::new(ctx.auth, scope), location };
    let choice = |pick: fn(&RestorePlan) -> Option<u64>| Memo::new(move |_| plan.with(|p| p.as_ref().and_then(pick)));
    let (config, backup, destination) = (choice(|p| p.config), choice(|p| p.backup), choice(|p| p.destination));
    // The destinations on offer: rebuilt when the tenant's list arrives or
    // changes size. An `Option<u64>` memo like the choices: one type, one
    // copy of its code in the bundle.
    let agents = Memo::new(move |_| Some(ctx.fleet.data.with(|d| d.agents.len() as u64)));
    // The agent's configurations, and the restore points of the chosen one
    // (read again when it changes). Read is also Retry: it reads again what
    // failed, so one error box serves both.
    let read = move |configs: bool| {
        if configs {
            crate::ui::widgets::backups::read_configs(wizard.configs, agent);
        }
        if let Some(id) = config.get_untracked() {
            wizard.points.value.set(None);
            wizard.points.start(move |c| Box::pin(async move { c.completed_backups(id).await }));
        }
    };
    // The configurations now; the restore points when a configuration is
    // chosen (the effect's first run reads those of one the address names).
    crate::ui::widgets::backups::read_configs(wizard.configs, agent);
    crate::ui::effect::effect(move || {
        if config.get().is_some() {
            read(false);
        }
    });
    let read_error = Signal::derive(move || wizard.configs.error.get().or_else(|| wizard.points.error.get()));
    let retry_read = Callback::new(move |_| read(wizard.configs.error.get_untracked().is_some()));
    let step = Memo::new(move |_| plan.with(|p| p.as_ref().map(|p| p.step).unwrap_or_default()));
    let problem: RwSignal<Option<String>> = RwSignal::new(None);
    let next = move |_| {
        let missing = plan.with_untracked(|p| p.as_ref().and_then(|p| p.missing(p.step)));
        problem.set(missing.clone());
        if missing.is_none() {
            wizard.change(|p| p.step = p.step.next());
        }
    };
    let creating = create::Creating::new(wizard, created);
    // The wizard opened on a restore already made ("Change restore").
    let editing = Memo::new(move |_| plan.with(|p| p.as_ref().and_then(|p| p.edit)));
    let review = move || step.get() == Step::Review;
    let blocked = move || ctx.auth.write_block();
    let primary = move |ev| {
        if step.get_untracked() == Step::Review {
            problem.set(creating.create());
        } else {
            next(ev);
        }
    };
    let first_step = move || step.get() == if editing.get().is_some() { Step::Destination } else { Step::Point };
    let back = move |_| {
        problem.set(None);
        wizard.change(|p| p.step = p.step.previous());
    };
    // The step is rebuilt whole from the plan and the API's answers (see
    // `ui::dom`); its controls are heard here, by what they set.
    let body = NodeRef::<leptos::html::Div>::new();
    // Rebuilt when what the controls offer changes, not for a typed path or
    // a ticked box (already on screen): a rebuild between a button's press
    // and release would swallow the click.
    crate::ui::effect::effect(move || {
        let _shape = (step.get(), config.get(), backup.get(), destination.get(), agents.get());
        let content = steps::render(wizard, &label.get());
        if let Some(body) = body.get() {
            crate::ui::dom::replace(&body, &[content]);
        }
    });
    let on_change = move |ev: leptos::ev::Event| {
        if let Some((act, value, checked)) = crate::ui::dom::control(&ev) {
            problem.set(None);
            wizard.change(|p| steps::apply(p, &act, &value, checked));
        }
    };

    view! {
        <section class="panel wizard" aria-labelledby="wizard-title">
            <h2 id="wizard-title">{text(move || match editing.get() {
                Some(id) => format!("Change restore {id} from {}", label.get()),
                None => format!("New restore from {}", label.get()),
            })}</h2>
            <div node_ref=body on:change=on_change></div>
            <ErrorBox error=read_error retry=retry_read />
            <Alert message=problem />
            <ErrorBox error=creating.act.error retry=creating.act.retry() />
            <WriteBlockedNote />
            <div class="wizard-buttons">
                <button type="button" on:click=move |_| wizard.close(false)>"Cancel"</button>
                <button type="button" on:click=back disabled=first_step>"Back"</button>
                // Next, and on the review Create restore (the last button).
                <button type="button" class="primary" on:click=primary
                    disabled=move || review() && (creating.act.busy.get() || blocked().is_some())
                    title=move || if review() { blocked().unwrap_or_default() } else { "" }>
                    {text(move || match (review(), creating.act.busy.get(), editing.get().is_some()) {
                        (false, _, _) => "Next",
                        (true, false, false) => "Create restore",
                        (true, true, false) => "Creating restore…",
                        (true, false, true) => "Save changes",
                        (true, true, true) => "Saving changes…",
                    })}
                </button>
            </div>
        </section>
    }
}
