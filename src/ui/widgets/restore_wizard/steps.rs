//! The wizard's four steps, described for `ui::dom` and rebuilt whole from
//! the plan (the address) and what the API answered. Each control names
//! what it sets in `data-act`; [`apply`] reads it back into the plan. Text
//! fields set it when they are left (`change`), so typing rebuilds nothing.

use super::Wizard;
use crate::api::backups::CompletedBackupV1;
use crate::domain::order;
use crate::domain::restore_plan::{self, Names, RestorePlan, Step};
use crate::domain::status::AgentStatus;
use crate::domain::time;
use crate::domain::{agent, backup};
use crate::ui::dom::{el, El};
use crate::ui::AppCtx;
use leptos::prelude::*;

/// The step on screen, tracking the wizard's own reads (the caller tracks
/// which choices rebuild it, and the tenant's agent count: not every status
/// refresh, which would rebuild a field while it is typed in).
pub(super) fn render(w: Wizard, label: &str) -> El {
    let plan = w.plan.get_untracked().unwrap_or_default();
    let step = plan.step;
    let body = match step {
        Step::Point => point(w, &plan),
        Step::Destination => destination(w, &plan),
        Step::Contents => contents(&plan),
        Step::Review => {
            vec![el("ul").attr("class", "review").kids(review(w, &plan, label).into_iter().map(|l| el("li").text(l)))]
        }
    };
    let progress = format!("Step {} of {}", step.index() + 1, Step::ALL.len());
    el("fieldset").kid(el("legend").text(step.title())).kid(el("p").attr("class", "hint").text(progress)).kids(body)
}

/// Puts a control's new value into the plan.
pub(super) fn apply(plan: &mut RestorePlan, act: &str, value: &str, checked: bool) {
    let lines = || value.lines().map(str::trim).filter(|l| !l.is_empty()).map(str::to_string).collect();
    match act {
        "config" => (plan.config, plan.backup) = (value.parse().ok(), None),
        "point" => plan.backup = value.parse().ok(),
        "to" => plan.destination = value.parse().ok(),
        "path" => plan.path = value.trim().to_string(),
        "overwrite" => plan.overwrite = checked,
        "include" => plan.include = lines(),
        "exclude" => plan.exclude = lines(),
        _ => {}
    }
}

/// A labelled control: `<label>text control</label>`.
fn labelled(text: &str, control: El) -> El {
    el("label").text(text).kid(control)
}

fn option(value: String, text: String, selected: bool) -> El {
    el("option").attr("value", value).flag("selected", selected).text(text)
}

/// "2026-12-03 02:00 UTC · 3.7 GB searched · 2 errors · backup 70001".
fn point_label(b: &CompletedBackupV1) -> String {
    let mut text = b.completed_time.map(time::utc).unwrap_or_else(|| "Time unknown".into());
    // A byte count or a size in words ("2.3 GB"), as people read sizes;
    // a size that cannot be read is left out, not shown half-converted.
    if let Some(size) = agent::parse_size(&b.bytes_searched) {
        text.push_str(&format!(" · {} searched", backup::bytes(size)));
    }
    if let Some(n) = b.num_errors.filter(|n| *n > 0) {
        text.push_str(&format!(" · {n} error{}", if n == 1 { "" } else { "s" }));
    }
    text + &format!(" · backup {}", b.backup_id)
}

fn point(w: Wizard, plan: &RestorePlan) -> Vec<El> {
    let configs = w.configs.value.get().map(|r| r.items).unwrap_or_default();
    let choices = configs.into_iter().map(|c| {
        let id = c.backup_configuration_id;
        let name = if c.is_deleted { format!("{} (deleted)", c.name) } else { c.name };
        option(id.to_string(), name, plan.config == Some(id))
    });
    let select =
        el("select").attr("data-act", "config").kid(option(String::new(), "Choose…".into(), false)).kids(choices);
    let mut out = vec![labelled("Backup configuration ", select)];
    let points = plan.config.and(w.points.value.get()).map(|r| r.items);
    match points {
        Some(list) if list.is_empty() => {
            out.push(el("p").attr("class", "muted").text("This configuration has no completed backup to restore."));
        }
        Some(mut list) => {
            order::sort_by(&mut list, &|a, b| b.completed_time.cmp(&a.completed_time));
            let radios = list.iter().take(50).map(|b| {
                let radio = el("input")
                    .attr("type", "radio")
                    .attr("name", "restore-point")
                    .attr("data-act", "point")
                    .attr("value", b.backup_id.to_string())
                    .flag("checked", plan.backup == Some(b.backup_id));
                el("label").attr("class", "check").kid(radio).kid(el("span").text(point_label(b)))
            });
            out.push(
                el("div")
                    .attr("class", "points")
                    .attr("role", "radiogroup")
                    .attr("aria-label", "Restore points, newest first")
                    .kids(radios),
            );
        }
        None if plan.config.is_some() => out.push(el("p").attr("class", "muted").text("Reading the restore points…")),
        None => {}
    }
    out
}

/// "WEB-02 (202744), DFW" and its status, for each destination in `ids`:
/// one pass, as the list of a 10,000-agent tenant needs.
fn agent_lines(ids: &[u64]) -> Vec<(String, AgentStatus)> {
    let ctx = AppCtx::get();
    let (now, woke) = (ctx.clock.now.get_untracked(), ctx.fleet.woke_ms.get_untracked());
    ctx.fleet.data.with_untracked(|d| {
        ids.iter()
            .map(|&id| match d.get(id) {
                Some(a) => (format!("{} ({id}), {}", a.name, a.datacenter), a.status(woke, now)),
                None => (format!("Agent {id}"), AgentStatus::Unknown),
            })
            .collect()
    })
}

fn agent_line(id: u64) -> (String, AgentStatus) {
    agent_lines(&[id]).pop().unwrap_or((format!("Agent {id}"), AgentStatus::Unknown))
}

fn destination(w: Wizard, plan: &RestorePlan) -> Vec<El> {
    let to = plan.destination.unwrap_or(w.agent);
    let mut ids: Vec<u64> = AppCtx::get().fleet.data.with_untracked(|d| d.agents.iter().map(|a| a.id).collect());
    ids.retain(|id| *id != w.agent);
    ids.insert(0, w.agent);
    let lines = agent_lines(&ids);
    let choices = ids.into_iter().zip(lines).map(|(id, (line, status))| {
        let mine = if id == w.agent { " (this agent)" } else { "" };
        option(id.to_string(), format!("{line} · {}{mine}", status.label()), id == to)
    });
    let mut out = vec![labelled("Restore onto ", el("select").attr("data-act", "to").kids(choices))];
    let (line, status) = agent_line(to);
    if status != AgentStatus::Online {
        out.push(el("p").attr("class", "notice warn").attr("role", "status").text(format!(
            "{line} is {} now: the restore can be created, but it runs only once the agent is online.",
            status.label()
        )));
    }
    let path = el("input")
        .attr("type", "text")
        .attr("data-act", "path")
        .attr("aria-label", "Destination folder")
        .attr("placeholder", "/restore or C:\\Restore")
        .attr("value", plan.path.clone());
    out.push(labelled("Destination folder ", path));
    out.push(el("p").attr("class", "hint").text("Leave it empty to write every file back to its original location."));
    let overwrite = el("input").attr("type", "checkbox").attr("data-act", "overwrite").flag("checked", plan.overwrite);
    out.push(
        el("label")
            .attr("class", "check")
            .kid(overwrite)
            .kid(el("span").text("Overwrite files that already exist there")),
    );
    out
}

fn contents(plan: &RestorePlan) -> Vec<El> {
    let area = |act: &'static str, label: &'static str, lines: &[String]| {
        el("textarea").attr("data-act", act).attr("aria-label", label).attr("rows", "4").text(lines.join("\n"))
    };
    let hint = if plan.edit.is_some() {
        "One full path per line; end a folder with /. Lines can be added; the ones the restore has already stay, as the API cannot take a filter back."
    } else {
        "Leave both lists empty to restore everything in the backup. One full path per line; end a folder with /."
    };
    vec![
        el("p").attr("class", "hint").text(hint),
        labelled("Restore only these files and folders", area("include", "Include", &plan.include)),
        labelled("Except these", area("exclude", "Exclude", &plan.exclude)),
    ]
}

fn review(w: Wizard, plan: &RestorePlan, label: &str) -> Vec<String> {
    let config = w.configs.value.with(|r| {
        r.iter().flat_map(|r| &r.items).find(|c| Some(c.backup_configuration_id) == plan.config).map(|c| c.name.clone())
    });
    let point = w
        .points
        .value
        .with(|r| r.iter().flat_map(|r| &r.items).find(|b| Some(b.backup_id) == plan.backup).map(point_label));
    let (destination, status) = agent_line(plan.destination.unwrap_or(w.agent));
    let names = Names {
        tenant: AppCtx::get().where_(),
        source: label.to_string(),
        config: config.unwrap_or_else(|| format!("configuration {}", plan.config.unwrap_or_default())),
        point: point.unwrap_or_else(|| "restore point not read yet".into()),
        destination,
        destination_down: (status != AgentStatus::Online).then(|| status.label()),
    };
    restore_plan::review(plan, &names)
}
