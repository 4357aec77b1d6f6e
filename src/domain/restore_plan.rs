//! The restore wizard's choices, as the address carries them (so Back walks
//! the steps and a link can be shared inside the team), what each step still
//! needs, and the review's sentences. No web-sys: unit-tested natively.

use super::query::{parse_query, percent_pair};
use crate::api::types::ActivityV1;

/// The wizard's steps, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    #[default]
    Point,
    Destination,
    Contents,
    Review,
}

impl Step {
    pub const ALL: [Step; 4] = [Step::Point, Step::Destination, Step::Contents, Step::Review];

    pub fn key(self) -> &'static str {
        match self {
            Step::Point => "point",
            Step::Destination => "destination",
            Step::Contents => "contents",
            Step::Review => "review",
        }
    }

    /// The step's `<legend>`.
    pub fn title(self) -> &'static str {
        match self {
            Step::Point => "Restore point",
            Step::Destination => "Destination",
            Step::Contents => "What to restore",
            Step::Review => "Review",
        }
    }

    fn parse(key: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.key() == key)
    }

    pub fn index(self) -> usize {
        Step::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    pub fn next(self) -> Step {
        Step::ALL.get(self.index() + 1).copied().unwrap_or(Step::Review)
    }

    pub fn previous(self) -> Step {
        Step::ALL.get(self.index().wrapping_sub(1)).copied().unwrap_or(Step::Point)
    }
}

/// Everything the engineer chose so far.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RestorePlan {
    pub step: Step,
    /// A restore already made and still "Creating" that this plan changes
    /// (`domain::restore_change`); `None` makes a new one.
    pub edit: Option<u64>,
    pub config: Option<u64>,
    pub backup: Option<u64>,
    /// The agent written to (`MachineAgentId`); `None` is the page's agent.
    pub destination: Option<u64>,
    /// Where to write; empty restores to the original locations.
    pub path: String,
    pub overwrite: bool,
    /// What to restore; both empty restore everything.
    pub include: Vec<String>,
    pub exclude: Vec<String>,
    /// The filters a changed restore has already: the API cannot take one
    /// back, so `include` and `exclude` must keep them.
    pub fixed_include: Vec<String>,
    pub fixed_exclude: Vec<String>,
}

/// Why a filter the restore has cannot be left out.
pub fn cannot_drop(path: &str, include: bool) -> String {
    let how = if include { "included" } else { "excluded" };
    format!("{path} is {how} by this restore already, and the API cannot take a filter back: to restore without it, abandon this restore and make a new one.")
}

/// The address key that opens the wizard (its value is the step).
const KEY: &str = "restore";

impl RestorePlan {
    /// The plan in a query string, or `None` when the wizard is not open.
    /// Unknown or malformed values are ignored.
    pub fn from_query(raw: &str) -> Option<RestorePlan> {
        let pairs = parse_query(raw);
        let step = pairs.iter().find(|(k, _)| k == KEY)?;
        let mut plan = RestorePlan { step: Step::parse(&step.1).unwrap_or_default(), ..Default::default() };
        for (k, v) in &pairs {
            match k.as_str() {
                "edit" => plan.edit = v.parse().ok(),
                "config" => plan.config = v.parse().ok(),
                "backup" => plan.backup = v.parse().ok(),
                "to" => plan.destination = v.parse().ok(),
                "path" => plan.path = v.trim().to_string(),
                "overwrite" => plan.overwrite = v == "1",
                "include" if !v.trim().is_empty() => plan.include.push(v.trim().to_string()),
                "exclude" if !v.trim().is_empty() => plan.exclude.push(v.trim().to_string()),
                "fixed-include" if !v.trim().is_empty() => plan.fixed_include.push(v.trim().to_string()),
                "fixed-exclude" if !v.trim().is_empty() => plan.fixed_exclude.push(v.trim().to_string()),
                _ => {}
            }
        }
        // A made restore keeps its backup: changing one starts after that
        // step. Kept filters belong to a made restore only.
        if plan.edit.is_some() && plan.step == Step::Point {
            plan.step = Step::Destination;
        }
        if plan.edit.is_none() {
            (plan.fixed_include, plan.fixed_exclude) = (Vec::new(), Vec::new());
        }
        Some(plan)
    }

    /// The query string of this plan (the wizard's keys only).
    pub fn to_query(&self) -> String {
        let mut pairs = vec![(KEY, self.step.key().to_string())];
        let mut put = |k: &'static str, v: Option<u64>| pairs.extend(v.map(|v| (k, v.to_string())));
        put("edit", self.edit);
        put("config", self.config);
        put("backup", self.backup);
        put("to", self.destination);
        if !self.path.is_empty() {
            pairs.push(("path", self.path.clone()));
        }
        if self.overwrite {
            pairs.push(("overwrite", "1".into()));
        }
        pairs.extend(self.include.iter().map(|p| ("include", p.clone())));
        pairs.extend(self.exclude.iter().map(|p| ("exclude", p.clone())));
        pairs.extend(self.fixed_include.iter().map(|p| ("fixed-include", p.clone())));
        pairs.extend(self.fixed_exclude.iter().map(|p| ("fixed-exclude", p.clone())));
        pairs.iter().map(|(k, v)| percent_pair(k, v)).collect::<Vec<_>>().join("&")
    }

    /// Why the engineer cannot go on from `step` yet, in a sentence.
    pub fn missing(&self, step: Step) -> Option<String> {
        match step {
            Step::Point if self.config.is_none() => Some("Choose the backup configuration to restore from.".into()),
            Step::Point if self.backup.is_none() => Some("Choose the restore point: one completed backup.".into()),
            Step::Destination => path_problem(&self.path),
            Step::Contents => {
                // A filter the restore has already was the API's to refuse.
                let kept = |p: &String| self.fixed_include.contains(p) || self.fixed_exclude.contains(p);
                let bad = self
                    .include
                    .iter()
                    .chain(&self.exclude)
                    .filter(|p| !kept(p))
                    .find_map(|p| path_problem(p).map(|why| format!("{p}: {why}")));
                let dropped = |fixed: &[String], now: &[String], include| {
                    fixed.iter().find(|p| !now.contains(p)).map(|p| cannot_drop(p, include))
                };
                bad.or_else(|| dropped(&self.fixed_include, &self.include, true))
                    .or_else(|| dropped(&self.fixed_exclude, &self.exclude, false))
            }
            _ => None,
        }
    }

    /// The first step that still needs a choice, or `Review`.
    pub fn first_incomplete(&self) -> Step {
        Step::ALL.into_iter().find(|s| self.missing(*s).is_some()).unwrap_or(Step::Review)
    }
}

/// Why the API would refuse `path` as a destination or a file filter, or
/// `None` when it is acceptable (empty: the original location). Paths are
/// absolute: `/var/www` or `C:\Data`.
pub fn path_problem(path: &str) -> Option<String> {
    let path = path.trim();
    if path.is_empty() {
        return None;
    }
    if path.chars().any(char::is_control) {
        return Some("a path cannot contain control characters (a tab or a line break).".into());
    }
    let mut chars = path.chars();
    let windows = matches!((chars.next(), chars.next(), chars.next()), (Some(d), Some(':'), Some('\\' | '/')) if d.is_ascii_alphabetic());
    if !path.starts_with('/') && !windows && !path.starts_with("\\\\") {
        return Some("use a full path, starting with / (Linux) or a drive such as C:\\ (Windows).".into());
    }
    if path.split(['/', '\\']).any(|part| part == "..") {
        return Some("\"..\" is not allowed: name the folder itself.".into());
    }
    None
}

/// Whether a filter names a folder (it ends with a separator) or a file.
pub fn is_folder(path: &str) -> bool {
    path.ends_with('/') || path.ends_with('\\')
}

/// A restore the wizard may already have made: after a create whose answer
/// never came (a timeout, a 503, a lost connection), the destination's
/// activity is searched for a restore of the same backup onto the same agent
/// that is still "Creating" and appeared since the first attempt, so a retry
/// takes it over instead of making a second one.
pub fn already_created(activity: &[ActivityV1], backup: u64, destination: u64, since_ms: i64) -> Option<u64> {
    activity
        .iter()
        .filter(|a| a.kind.eq_ignore_ascii_case("restore") && a.backup_id == Some(backup))
        .filter(|a| a.destination_machine_agent_id == Some(destination))
        .filter(|a| a.current_state.eq_ignore_ascii_case("creating"))
        // A minute of slack for the difference between this clock and the API's.
        .filter(|a| a.time_of_activity.is_some_and(|t| t >= since_ms - 60_000))
        .map(|a| a.id)
        .max()
}

/// The names the review states, read from the API's answers.
#[derive(Debug, Clone, Default)]
pub struct Names {
    /// "tenant 123456 in DFW".
    pub tenant: String,
    /// "WEB-01 (202743)".
    pub source: String,
    pub config: String,
    /// "2026-12-03 02:00 UTC, 3.7 GB".
    pub point: String,
    /// "WEB-02 (202744), DFW".
    pub destination: String,
    /// The destination's status when it is not online ("Offline").
    pub destination_down: Option<&'static str>,
}

/// The review: what will be written where, and what is overwritten.
pub fn review(plan: &RestorePlan, n: &Names) -> Vec<String> {
    let backup = plan.backup.map(|b| b.to_string()).unwrap_or_default();
    let mut lines = vec![format!(
        "Restores backup {backup} of \u{201c}{}\u{201d} on {} ({}), {}.",
        n.config, n.source, n.point, n.tenant
    )];
    lines.push(if plan.path.is_empty() {
        format!("Writes onto {}, each file to its original location.", n.destination)
    } else {
        format!("Writes onto {}, into {}.", n.destination, plan.path)
    });
    let mut what = if plan.include.is_empty() {
        "Everything in the backup".to_string()
    } else {
        format!("Only {}", plan.include.join(", "))
    };
    if !plan.exclude.is_empty() {
        what.push_str(&format!(", except {}", plan.exclude.join(", ")));
    }
    lines.push(what + ".");
    lines.push(if plan.overwrite {
        "Files that already exist there are overwritten by the backup's versions.".into()
    } else {
        "Files that already exist there are kept; only missing files are written.".into()
    });
    if let Some(status) = n.destination_down {
        lines.push(format!(
            "{} is {} now: the restore can be created, but it runs only once the agent is online.",
            n.destination, status
        ));
    }
    let what = if plan.edit.is_some() {
        "Save changes does not start it"
    } else {
        "Create restore makes it without starting it"
    };
    lines.push(format!("{what}: start it in Restores, with the vault password if the vault is encrypted."));
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plan_survives_the_address_with_every_choice() {
        let plan = RestorePlan {
            step: Step::Contents,
            edit: Some(9),
            config: Some(7),
            backup: Some(70001),
            destination: Some(202744),
            path: "/srv/restore é&=".into(),
            overwrite: true,
            include: vec!["/var/www/".into(), "/etc/app.conf".into()],
            exclude: vec!["/var/www/cache/".into()],
            fixed_include: vec!["/var/www/".into()],
            fixed_exclude: vec!["/var/www/cache/".into()],
        };
        assert_eq!(RestorePlan::from_query(&plan.to_query()), Some(plan));
    }

    #[test]
    fn no_wizard_without_its_key_and_bad_values_are_ignored() {
        assert_eq!(RestorePlan::from_query("q=web&status=online"), None);
        let plan = RestorePlan::from_query("restore=nonsense&config=x&backup=-1&include=%20").unwrap();
        assert_eq!(plan, RestorePlan::default());
        let change = RestorePlan::from_query("restore=point&edit=9").unwrap();
        assert_eq!(
            (change.step, change.edit),
            (Step::Destination, Some(9)),
            "a made restore's backup is not chosen again"
        );
    }

    #[test]
    fn each_step_says_what_it_still_needs() {
        let mut plan = RestorePlan::default();
        assert_eq!(plan.first_incomplete(), Step::Point);
        plan.config = Some(1);
        assert!(plan.missing(Step::Point).unwrap().contains("restore point"));
        plan.backup = Some(2);
        assert_eq!(plan.first_incomplete(), Step::Review);
        plan.path = "restore".into();
        assert!(plan.missing(Step::Destination).unwrap().contains("full path"));
        plan.path = "C:\\Restore".into();
        plan.include = vec!["/a/../b".into()];
        assert!(plan.missing(Step::Contents).unwrap().starts_with("/a/../b: "));
        assert_eq!(plan.first_incomplete(), Step::Contents);
    }

    #[test]
    fn paths_the_api_refuses_are_named_before_anything_is_sent() {
        for ok in ["", "/", "/var/www", "C:\\Data\\", "d:/x", "\\\\server\\share"] {
            assert_eq!(path_problem(ok), None, "{ok}");
        }
        for bad in ["var/www", "C:", "/a\tb", "/a/../b", "é", "1:\\x"] {
            assert!(path_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn the_review_says_what_is_written_where_and_what_is_overwritten() {
        let names = Names {
            tenant: "tenant 1 in DFW".into(),
            source: "WEB-01 (7)".into(),
            config: "Web".into(),
            point: "2026-12-03 02:00 UTC".into(),
            destination: "WEB-02 (8), DFW".into(),
            destination_down: Some("Offline"),
        };
        let mut plan = RestorePlan { backup: Some(9), path: "/srv".into(), overwrite: true, ..Default::default() };
        plan.include = vec!["/var/www/".into()];
        plan.exclude = vec!["/var/www/cache/".into()];
        let text = review(&plan, &names).join(" ");
        assert!(text.contains("backup 9 of \u{201c}Web\u{201d} on WEB-01 (7)"), "{text}");
        assert!(text.contains("tenant 1 in DFW"), "{text}");
        assert!(text.contains("onto WEB-02 (8), DFW, into /srv."), "{text}");
        assert!(text.contains("Only /var/www/, except /var/www/cache/."), "{text}");
        assert!(text.contains("are overwritten"), "{text}");
        assert!(text.contains("is Offline now"), "{text}");
        let plain = review(&RestorePlan::default(), &Names::default()).join(" ");
        assert!(
            plain.contains("original location")
                && plain.contains("Everything in the backup.")
                && plain.contains("are kept")
        );
    }

    fn restore(id: u64, backup: u64, to: u64, state: &str, at: i64) -> ActivityV1 {
        ActivityV1 {
            id,
            kind: "Restore".into(),
            backup_id: Some(backup),
            destination_machine_agent_id: Some(to),
            current_state: state.into(),
            time_of_activity: Some(at),
            ..Default::default()
        }
    }

    #[test]
    fn a_retried_create_takes_over_the_restore_the_lost_answer_made() {
        let since = 1_000_000;
        let list = vec![
            restore(1, 9, 5, "Creating", since - 3_600_000),
            restore(2, 9, 5, "Completed", since + 1),
            restore(3, 8, 5, "Creating", since + 1),
            restore(4, 9, 6, "Creating", since + 1),
            restore(5, 9, 5, "Creating", since + 10),
        ];
        assert_eq!(already_created(&list, 9, 5, since), Some(5));
        assert_eq!(already_created(&list[..4], 9, 5, since), None);
    }
}
