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
/// is fixed), and its filters kept.
pub fn plan_for(r: &RestoreV1, files: &[RestoreFileV1]) -> RestorePlan {
    let paths = |include: bool| -> Vec<String> {
        files.iter().filter(|f| includes(f) == include).map(|f| f.file_path.clone()).collect()
    };
    RestorePlan {
        step: Step::Destination,
        edit: Some(r.restore_id),
        config: r.backup_configuration_id,
        backup: r.backup_id,
        destination: r.destination_machine_id,
        path: r.destination_path.clone(),
        overwrite: r.overwrite_files,
        include: paths(true),
        exclude: paths(false),
        fixed_include: paths(true),
        fixed_exclude: paths(false),
    }
}

/// The plan's filters that the restore (with `files`, read just before) does
/// not have yet, as (path, include); or why the change cannot be saved: the
/// plan leaves out a filter the restore has.
pub fn filters_to_add(plan: &RestorePlan, files: &[RestoreFileV1]) -> Result<Vec<(String, bool)>, String> {
    for f in files {
        let wanted = if includes(f) { &plan.include } else { &plan.exclude };
        if !wanted.contains(&f.file_path) {
            return Err(cannot_drop(&f.file_path, includes(f)));
        }
    }
    let mut add = Vec::new();
    for (paths, include) in [(&plan.include, true), (&plan.exclude, false)] {
        for p in paths {
            if !files.iter().any(|f| &f.file_path == p && includes(f) == include) {
                add.push((p.clone(), include));
            }
        }
    }
    Ok(add)
}

/// The restore as the update sends it whole: what the plan chose, on the
/// restore it was made as (`source`'s backup), still Creating.
pub fn updated(plan: &RestorePlan, id: u64, source: u64, vault: Option<String>) -> RestoreV1 {
    RestoreV1 {
        restore_id: id,
        backup_id: plan.backup,
        backup_configuration_id: plan.config,
        backup_machine_id: Some(source),
        destination_machine_id: Some(plan.destination.unwrap_or(source)),
        destination_path: plan.path.clone(),
        overwrite_files: plan.overwrite,
        backup_data_center: vault.unwrap_or_default(),
        restore_state_id: Some(0),
        ..Default::default()
    }
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
            destination_machine_id: Some(202744),
            destination_path: "/srv/restore".into(),
            overwrite_files: true,
            ..Default::default()
        };
        let plan = plan_for(&r, &[file("/var/www/", true), file("/var/www/cache/", false)]);
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
        let mut plan = plan_for(&RestoreV1::default(), &files);
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
    fn the_update_is_the_whole_restore_with_the_new_choices() {
        let mut plan = plan_for(&RestoreV1 { restore_id: 9, backup_id: Some(70), ..Default::default() }, &[]);
        plan.path = "/srv/x".into();
        let body = crate::api::restores::update_body(&updated(&plan, 9, 202743, Some("IAD".into())));
        let v: serde_json::Value = serde_json::from_str(&body).expect("JSON");
        assert_eq!(
            (v["RestoreId"].as_u64(), v["BackupId"].as_u64(), v["RestoreStateId"].as_u64()),
            (Some(9), Some(70), Some(0))
        );
        assert_eq!((v["BackupMachineId"].as_u64(), v["DestinationMachineId"].as_u64()), (Some(202743), Some(202743)));
        assert_eq!((v["DestinationPath"].as_str(), v["BackupDataCenter"].as_str()), (Some("/srv/x"), Some("IAD")));
    }
}
