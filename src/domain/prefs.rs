//! Preferences this browser keeps (local storage holds preferences only,
//! never tokens or tenant data): per tenant, how the console may read a
//! large tenant's true statuses. Read from text anyone could have edited, so
//! every reading is total.

use serde_json::{Map, Value};

/// How to read the true status of a tenant with many agents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusWay {
    /// Ask every agent to report (event mode Active for a while) and read
    /// their heartbeats: a few requests, but it changes how the customer's
    /// agents behave until they fall back to idle.
    AskAgents,
    /// Read each agent's details: changes nothing, one request per agent.
    ReadOnly,
}

impl StatusWay {
    fn key(self) -> &'static str {
        match self {
            StatusWay::AskAgents => "ask-agents",
            StatusWay::ReadOnly => "read-only",
        }
    }

    fn parse(key: &str) -> Option<StatusWay> {
        [StatusWay::AskAgents, StatusWay::ReadOnly].into_iter().find(|w| w.key() == key)
    }
}

/// The preferences, as kept in local storage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Prefs {
    /// Remembered choices, by tenant ID.
    status_way: Vec<(String, StatusWay)>,
}

impl Prefs {
    /// Reads stored text; anything unreadable is left out, never an error.
    pub fn from_text(text: &str) -> Prefs {
        let v: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let status_way = v["status_way"]
            .as_object()
            .map(|m| m.iter().filter_map(|(t, w)| Some((t.clone(), StatusWay::parse(w.as_str()?)?))).collect())
            .unwrap_or_default();
        Prefs { status_way }
    }

    pub fn to_text(&self) -> String {
        let ways: Map<String, Value> = self.status_way.iter().map(|(t, w)| (t.clone(), Value::from(w.key()))).collect();
        serde_json::json!({ "status_way": ways }).to_string()
    }

    /// The choice remembered for `tenant`, if any.
    pub fn status_way(&self, tenant: &str) -> Option<StatusWay> {
        self.status_way.iter().find(|(t, _)| t == tenant).map(|(_, w)| *w)
    }

    /// Remembers `way` for `tenant` (`None` forgets it).
    pub fn set_status_way(&mut self, tenant: &str, way: Option<StatusWay>) {
        self.status_way.retain(|(t, _)| t != tenant);
        if let Some(w) = way {
            self.status_way.push((tenant.to_string(), w));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_choice_is_kept_per_tenant_and_survives_a_round_trip() {
        let mut p = Prefs::default();
        p.set_status_way("123456", Some(StatusWay::ReadOnly));
        p.set_status_way("777", Some(StatusWay::AskAgents));
        p.set_status_way("123456", Some(StatusWay::AskAgents));
        let back = Prefs::from_text(&p.to_text());
        assert_eq!(back.status_way("123456"), Some(StatusWay::AskAgents));
        assert_eq!(back.status_way("777"), Some(StatusWay::AskAgents));
        assert_eq!(back.status_way("other"), None);
        let mut forgot = back.clone();
        forgot.set_status_way("777", None);
        assert_eq!(forgot.status_way("777"), None);
    }

    #[test]
    fn edited_or_broken_text_reads_as_no_choice() {
        for text in ["", "null", "[]", "{\"status_way\": 5}", "{\"status_way\": {\"1\": \"shout\", \"2\": 3}}", "{"] {
            assert_eq!(Prefs::from_text(text), Prefs::default(), "{text}");
        }
        let mixed = Prefs::from_text("{\"status_way\": {\"1\": \"nope\", \"2\": \"read-only\"}}");
        assert_eq!((mixed.status_way("1"), mixed.status_way("2")), (None, Some(StatusWay::ReadOnly)));
    }
}
