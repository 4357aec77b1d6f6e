//! The session's action log: who did what, where, and how it ended. It holds
//! no secrets by construction (no field can carry a token or a password),
//! and exports as CSV.

use super::time;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub at_ms: i64,
    pub tenant: String,
    pub region: String,
    /// "WEB-01 (202743)", or empty for tenant-wide actions.
    pub agent: String,
    pub action: String,
    pub ok: bool,
    /// What happened, in a sentence.
    pub result: String,
}

fn csv_field(s: &str) -> String {
    // Cells starting with these are formulas in spreadsheet programs (tab
    // and carriage return too, which some strip before reading the rest).
    let guarded = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// The log as CSV, oldest first, with a header row.
pub fn to_csv(entries: &[Entry]) -> String {
    let mut out = String::from("time_utc,tenant,region,agent,action,outcome,result\n");
    for e in entries {
        let row = [
            time::iso(e.at_ms),
            e.tenant.clone(),
            e.region.clone(),
            e.agent.clone(),
            e.action.clone(),
            if e.ok { "ok" } else { "failed" }.to_string(),
            e.result.clone(),
        ];
        out.push_str(&row.iter().map(|f| csv_field(f)).collect::<Vec<_>>().join(","));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_a_header_and_quotes_what_needs_quoting() {
        let e = Entry {
            at_ms: 1_412_857_577_233,
            tenant: "123456".into(),
            region: "DFW".into(),
            agent: "WEB, \"01\" (202743)".into(),
            action: "Start restore".into(),
            ok: false,
            result: "=cmd|' /C calc'!A0".into(),
        };
        let csv = to_csv(&[e]);
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("time_utc,tenant,region,agent,action,outcome,result"));
        assert_eq!(
            lines.next(),
            Some(
                "2014-10-09T12:26:17Z,123456,DFW,\"WEB, \"\"01\"\" (202743)\",Start restore,failed,'=cmd|' /C calc'!A0"
            )
        );
    }

    #[test]
    fn every_formula_lead_character_is_escaped() {
        for lead in ['=', '+', '-', '@', '\t', '\r'] {
            let cell = csv_field(&format!("{lead}1+1"));
            assert!(cell.starts_with('\'') || cell.starts_with("\"'"), "{lead:?}: {cell:?}");
        }
        assert_eq!(csv_field("web-01"), "web-01");
    }
}
