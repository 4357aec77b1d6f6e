//! Changing a restore that was made but never started ("Creating"): the
//! wizard opened on it, and the filters saving adds. The API changes a
//! restore's destination, folder and overwrite all at once, and can add
//! file filters but never take one back. No web-sys: unit-tested natively.

use super::restore_plan::{cannot_drop, RestorePlan, Step};
use crate::api::restores::RestoreFileV1;
use crate::api::types::RestoreV1;

fn includes(f: &RestoreFileV1) -> bool {
    f.filter != Some(2)
}

/// The wizard's plan for changing `r`, whose filters are `files`: every
/// choice as the restore has it, from the destination step on (its backup
/// is fixed), and its filters kept; `None` when the restore does not name
/// its backup and the agent that made it.
pub fn plan_for(r: &RestoreV1, files: &[RestoreFileV1]) -> Option<RestorePlan> {
    r.backup_id.and(r.backup_machine_id)?;
    // As the wizard's lists hold them: trimmed, no empty lines.
    let paths = |include: bool| -> Vec<String> {
        let named = files.iter().filter(|f| includes(f) == include && !f.file_path.trim().is_empty());
        named.map(|f| f.file_path.trim().to_string()).collect()
    };
    Some(RestorePlan {
        step: Step::Destination,
        edit: Some(r.restore_id),
        config: r.backup_configuration_id,
        backup: r.backup_id,
        destination: r.destination_machine_id,
        // Trimmed, as the address reads it back.
        path: r.destination_path.trim().to_string(),
        overwrite: r.overwrite_files,
        include: paths(true),
        exclude: paths(false),
        fixed_include: paths(true),
        fixed_exclude: paths(false),
    })
}

/// The plan's filters that the restore (with `files`, read just before) does
/// not have yet, as (path, include); or why the change cannot be saved: the
/// plan leaves out a filter the restore has.
pub fn filters_to_add(plan: &RestorePlan, files: &[RestoreFileV1]) -> Result<Vec<(String, bool)>, String> {
    let path = |f: &RestoreFileV1| f.file_path.trim().to_string();
    for f in files.iter().filter(|f| !path(f).is_empty()) {
        let wanted = if includes(f) { &plan.include } else { &plan.exclude };
        if !wanted.contains(&path(f)) {
            return Err(cannot_drop(&path(f), includes(f)));
        }
    }
    let mut add = Vec::new();
    for (paths, include) in [(&plan.include, true), (&plan.exclude, false)] {
        for p in paths {
            if !files.iter().any(|f| &path(f) == p && includes(f) == include) {
                add.push((p.clone(), include));
            }
        }
    }
    Ok(add)
}

/// Why restore `r` cannot be changed from the wizard on agent `source`'s
/// page, or `None`: only a restore never started can be, from its backup's
/// agent (whose backup the wizard shows).
pub fn cannot_change(r: &RestoreV1, source: u64) -> Option<String> {
    let id = r.restore_id;
    if r.restore_state_id != Some(0) {
        return Some(format!(
            "Restore {id} has been started since: only a restore that was never started can be changed."
        ));
    }
    (r.backup_machine_id != Some(source))
        .then(|| format!("Restore {id} restores another agent's backup: change it from that agent's page."))
}

/// The restore as the update sends it whole: as the API has it, with the
/// plan's destination, folder, overwrite and vault datacenter.
pub fn updated(mut r: RestoreV1, plan: &RestorePlan, vault: Option<String>) -> RestoreV1 {
    r.destination_machine_id = plan.destination.or(r.destination_machine_id);
    r.destination_path = plan.path.clone();
    r.overwrite_files = plan.overwrite;
    r.backup_data_center = vault.unwrap_or_default();
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::restores::FileItemKind;

    fn file(path: &str, include: bool) -> RestoreFileV1 {
        RestoreFileV1::new(9, path, include, FileItemKind::Folder)
    }

    #[test]
    fn the_wizard_opens_on_the_restore_as_it_is() {
        let r = RestoreV1 {
            restore_id: 9,
            backup_id: Some(70),
            backup_configuration_id: Some(7),
            backup_machine_id: Some(202743),
            destination_machine_id: Some(202744),
            destination_path: "/srv/restore".into(),
            overwrite_files: true,
            ..Default::default()
        };
        let plan =
            plan_for(&r, &[file(" /var/www/ ", true), file("/var/www/cache/", false), file("", true)]).expect("plan");
        assert_eq!((plan.step, plan.edit, plan.config, plan.backup), (Step::Destination, Some(9), Some(7), Some(70)));
        assert_eq!((plan.destination, plan.path.as_str(), plan.overwrite), (Some(202744), "/srv/restore", true));
        assert_eq!(
            (&plan.include, &plan.exclude),
            (&vec!["/var/www/".to_string()], &vec!["/var/www/cache/".to_string()])
        );
        assert_eq!((plan.fixed_include, plan.fixed_exclude), (plan.include.clone(), plan.exclude.clone()));
    }

    #[test]
    fn a_kept_filter_cannot_be_dropped_and_only_new_ones_are_sent() {
        let files = [file("/var/www/", true), file("/var/www/cache/", false)];
        let made = RestoreV1 { backup_id: Some(70), backup_machine_id: Some(202743), ..Default::default() };
        assert_eq!(plan_for(&RestoreV1::default(), &files), None, "no backup named: not changeable");
        let mut plan = plan_for(&made, &files).expect("plan");
        assert_eq!(
            filters_to_add(&plan, &files),
            Ok(vec![]),
            "nothing new: nothing sent (a retry sends nothing twice)"
        );
        plan.exclude.push("/var/www/tmp/".into());
        plan.include.push("/etc/app.conf".into());
        assert_eq!(plan.missing(Step::Contents), None);
        assert_eq!(
            filters_to_add(&plan, &files),
            Ok(vec![("/etc/app.conf".into(), true), ("/var/www/tmp/".into(), false)])
        );
        plan.include.retain(|p| p != "/var/www/");
        let why = plan.missing(Step::Contents).expect("refused at the step, before anything is sent");
        assert!(why.starts_with("/var/www/ is included by this restore already") && why.contains("abandon"), "{why}");
        assert_eq!(filters_to_add(&plan, &files), Err(why), "and by the save, should the step be skipped");
        assert_eq!(RestorePlan::from_query(&plan.to_query()).as_ref(), Some(&plan), "all of it in the address");
    }

    #[test]
    fn the_update_keeps_the_restore_and_changes_only_the_plans_choices() {
        let r = RestoreV1 {
            restore_id: 9,
            backup_id: Some(70),
            backup_configuration_id: Some(7),
            backup_machine_id: Some(202743),
            restore_state_id: Some(0),
            ..Default::default()
        };
        let mut plan = plan_for(&r, &[]).expect("plan");
        plan.path = "/srv/x".into();
        plan.destination = Some(202744);
        let body = crate::api::restores::update_body(&updated(r.clone(), &plan, Some("IAD".into())));
        let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(
            (v["RestoreId"].as_u64(), v["BackupId"].as_u64(), v["RestoreStateId"].as_u64()),
            (Some(9), Some(70), Some(0))
        );
        assert_eq!((v["BackupMachineId"].as_u64(), v["DestinationMachineId"].as_u64()), (Some(202743), Some(202744)));
        assert_eq!((v["DestinationPath"].as_str(), v["BackupDataCenter"].as_str()), (Some("/srv/x"), Some("IAD")));
        assert_eq!(cannot_change(&r, 202743), None);
        assert!(cannot_change(&r, 202744).expect("another agent's").contains("that agent's page"));
        let started = RestoreV1 { restore_state_id: Some(2), ..r };
        assert!(cannot_change(&started, 202743).expect("started").contains("started since"));
    }
}
