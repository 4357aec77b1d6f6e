//! The end-to-end harness: backup-sim in-process serving the release `dist/`
//! on a random port, chromedriver + headless Chromium on another, and
//! helpers that act as a user would (find by label or role, click, type,
//! wait) and save screenshots under target/screenshots/.

use backup_bench::root;
use backup_sim::config::SimConfig;
use fantoccini::elements::Element;
use fantoccini::{Client, Locator};
use serde_json::Value;
use std::future::Future;
use std::time::{Duration, Instant};

pub const TENANT: &str = "123456";

/// A simulator serving the console; dropped with the test's runtime.
pub struct Sim {
    pub base: String,
    pub http: reqwest::Client,
}

impl Sim {
    pub async fn start(config: SimConfig) -> Sim {
        let dist = root().join("dist");
        assert!(
            dist.join("index.html").exists(),
            "dist/ is missing: run `trunk build --release` first (scripts/test.sh does)"
        );
        Sim { base: backup_bench::sim(config, dist).await, http: reqwest::Client::new() }
    }

    /// The test-only control route (faults, token expiry).
    pub async fn control(&self, body: Value) {
        let r = self.http.post(format!("{}/_sim/control", self.base)).json(&body).send().await.expect("control");
        assert_eq!(r.status(), 200, "sim control");
    }

    /// The world as the sim sees it (who is online, restores).
    pub async fn state(&self) -> Value {
        self.http.get(format!("{}/_sim/state", self.base)).send().await.expect("state").json().await.expect("json")
    }
}

/// One Chromium session, with the helpers the journeys use.
pub struct Browser {
    pub client: Client,
    /// chromedriver + Chromium, started as the benchmarks start them; the
    /// driver's process group is killed on drop, so a failing test leaves no
    /// browser behind.
    _session: backup_bench::Browser,
}

impl Browser {
    pub async fn start() -> Browser {
        let session = backup_bench::Browser::start().await;
        Browser { client: session.client.clone(), _session: session }
    }

    pub async fn goto(&self, url: &str) {
        self.client.goto(url).await.expect("navigate");
    }

    pub async fn url(&self) -> String {
        self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default()
    }

    /// Saves a PNG of the page under target/screenshots/.
    pub async fn screenshot(&self, name: &str) {
        let dir = root().join("target").join("screenshots");
        std::fs::create_dir_all(&dir).expect("screenshot dir");
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).expect("write screenshot");
    }

    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client.execute(script, args).await.expect("script")
    }

    pub async fn css(&self, selector: &str) -> Vec<Element> {
        self.client.find_all(Locator::Css(selector)).await.unwrap_or_default()
    }

    /// Waits until `check` gives `Some`, or fails the test naming `what`.
    pub async fn wait<T, F, Fut>(&self, what: &str, timeout_s: u64, mut check: F) -> T
    where
        F: FnMut() -> Fut,
        Fut: Future<Output = Option<T>>,
    {
        let deadline = Instant::now() + Duration::from_secs(timeout_s);
        loop {
            if let Some(v) = check().await {
                return v;
            }
            if Instant::now() > deadline {
                let _ = self.screenshot(&format!("failed-{}", what.replace([' ', '/', '"', '\''], "_"))).await;
                panic!("timed out after {timeout_s} s waiting for: {what}");
            }
            tokio::time::sleep(Duration::from_millis(150)).await;
        }
    }

    /// An element by CSS, once it exists.
    pub async fn find(&self, selector: &str) -> Element {
        let s = selector.to_string();
        self.wait(&format!("element {selector}"), 15, || {
            let s = s.clone();
            async move { self.client.find(Locator::Css(&s)).await.ok() }
        })
        .await
    }

    /// The enabled, visible button whose accessible text contains `name`.
    pub async fn button(&self, name: &str) -> Element {
        let n = name.to_string();
        self.wait(&format!("button \"{name}\""), 15, || {
            let n = n.clone();
            async move {
                for b in self.css("button, a.button").await {
                    let text = b.text().await.unwrap_or_default();
                    let label = b.attr("aria-label").await.ok().flatten().unwrap_or_default();
                    let enabled = b.is_enabled().await.unwrap_or(false);
                    let shown = b.is_displayed().await.unwrap_or(false);
                    if (text.contains(&n) || label.contains(&n)) && enabled && shown {
                        return Some(b);
                    }
                }
                None
            }
        })
        .await
    }

    /// Remembers in this browser (local storage, as the console's
    /// "Remember for tenant" does) that the demo tenant's agents may be
    /// asked to report: large tenants then skip the question.
    pub async fn allow_asking_agents(&self) {
        let prefs = format!(r#"{{"status_way":{{"{TENANT}":"ask-agents"}}}}"#);
        self.js("localStorage.setItem('backup-console.prefs', arguments[0]);", vec![Value::from(prefs)]).await;
    }

    pub async fn click(&self, name: &str) {
        self.button(name).await.click().await.expect("click");
    }

    /// The visible field labelled `label` (a `<label for>` or `aria-label`).
    pub async fn field(&self, label: &str) -> Element {
        let l = label.to_string();
        self.wait(&format!("field \"{label}\""), 15, || {
            let l = l.clone();
            async move {
                for lab in self.css("label[for]").await {
                    if lab.text().await.unwrap_or_default().trim() == l {
                        if let Ok(Some(id)) = lab.attr("for").await {
                            if let Ok(el) = self.client.find(Locator::Id(&id)).await {
                                if el.is_displayed().await.unwrap_or(false) {
                                    return Some(el);
                                }
                            }
                        }
                    }
                }
                for el in self.css("[aria-label]").await {
                    if el.attr("aria-label").await.ok().flatten().as_deref() == Some(l.as_str())
                        && el.is_displayed().await.unwrap_or(false)
                    {
                        return Some(el);
                    }
                }
                None
            }
        })
        .await
    }

    pub async fn type_into(&self, label: &str, text: &str) {
        let f = self.field(label).await;
        f.clear().await.expect("clear");
        f.send_keys(text).await.expect("type");
    }

    /// The current value of the visible field labelled `label`.
    pub async fn value(&self, label: &str) -> String {
        self.field(label).await.prop("value").await.ok().flatten().unwrap_or_default()
    }

    /// True when the button named `name` is pressed (`aria-pressed`, as tabs are).
    pub async fn pressed(&self, name: &str) -> bool {
        self.button(name).await.attr("aria-pressed").await.ok().flatten().as_deref() == Some("true")
    }

    pub async fn select(&self, label: &str, value: &str) {
        let f = self.field(label).await;
        f.select_by_value(value).await.expect("select");
    }

    /// Goes to an in-app address (`/?q=web`) without a reload, as Back,
    /// Forward or a link another page of the app opened would: the address
    /// changes and the page hears `popstate`.
    pub async fn go_in_app(&self, path_and_query: &str) {
        self.js(
            "history.pushState(null, '', location.origin + arguments[0]); dispatchEvent(new PopStateEvent('popstate'));",
            vec![Value::from(path_and_query)],
        )
        .await;
    }

    /// Text of every visible `role="alert"` element.
    pub async fn alerts(&self) -> String {
        let mut all = String::new();
        for a in self.css("[role=alert]").await {
            if a.is_displayed().await.unwrap_or(false) {
                all.push_str(&a.text().await.unwrap_or_default());
                all.push('\n');
            }
        }
        all
    }

    pub async fn wait_alert(&self, containing: &str, timeout_s: u64) -> String {
        let c = containing.to_string();
        self.wait(&format!("an alert with \"{containing}\""), timeout_s, || {
            let c = c.clone();
            async move {
                let a = self.alerts().await;
                a.contains(&c).then_some(a)
            }
        })
        .await
    }

    pub async fn body_text(&self) -> String {
        match self.client.find(Locator::Css("body")).await {
            Ok(b) => b.text().await.unwrap_or_default(),
            Err(_) => String::new(),
        }
    }

    pub async fn wait_text(&self, containing: &str, timeout_s: u64) {
        let c = containing.to_string();
        self.wait(&format!("text \"{containing}\""), timeout_s, || {
            let c = c.clone();
            async move { self.body_text().await.contains(&c).then_some(()) }
        })
        .await
    }

    /// The agent names in the agents table, in the order shown, as rendered.
    pub async fn names(&self) -> Vec<String> {
        let v = self
            .js(
                r#"return Array.from(document.querySelectorAll('table[aria-label="Agents"] td.name a')).map(a => a.textContent);"#,
                vec![],
            )
            .await;
        serde_json::from_value(v).unwrap_or_default()
    }

    /// (agent id, data-status) of every row of the agents table.
    pub async fn rows(&self) -> Vec<(String, String)> {
        let v = self
            .js(
                r#"return Array.from(document.querySelectorAll('table[aria-label="Agents"] tbody tr')).map(tr => {
                    const s = tr.querySelector('[data-status]');
                    return [tr.getAttribute('data-agent-id'), s ? s.getAttribute('data-status') : null];
                });"#,
                vec![],
            )
            .await;
        serde_json::from_value::<Vec<(Option<String>, Option<String>)>>(v)
            .unwrap_or_default()
            .into_iter()
            .map(|(a, s)| (a.unwrap_or_default(), s.unwrap_or_default()))
            .collect()
    }

    /// Waits until the table shows `n` rows and none is still unknown.
    pub async fn wait_statuses_known(&self, n: usize, timeout_s: u64) -> Vec<(String, String)> {
        self.wait(&format!("{n} rows with known statuses"), timeout_s, || async move {
            let rows = self.rows().await;
            (rows.len() == n && rows.iter().all(|(_, s)| s != "unknown" && !s.is_empty())).then_some(rows)
        })
        .await
    }

    /// Everything the page wrote to the browser console (errors, warnings,
    /// CSP reports, logs) since the last call, through chromedriver's log
    /// endpoint (`goog:loggingPrefs` asks it to keep them).
    pub async fn console_messages(&self) -> Vec<String> {
        let log = self.client.issue_cmd(BrowserLog).await.unwrap_or(Value::Null);
        log.as_array()
            .map(|entries| entries.iter().filter_map(|e| e["message"].as_str().map(str::to_string)).collect())
            .unwrap_or_default()
    }

    pub async fn close(self) {
        let _ = self.client.clone().close().await;
    }
}

/// chromedriver's `POST /session/{id}/se/log {"type": "browser"}`.
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base: &url::Url, session: Option<&str>) -> Result<url::Url, url::ParseError> {
        base.join(&format!("session/{}/se/log", session.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type": "browser"}"#.to_string()))
    }
}

/// The value of `key` in a URL's query, decoded as a browser does; `None`
/// when the URL has no such key (or is not a URL).
pub fn url_param(url: &str, key: &str) -> Option<String> {
    url::Url::parse(url).ok()?.query_pairs().find(|(k, _)| k == key).map(|(_, v)| v.into_owned())
}

/// An agent of the sim's world that is online, encrypted and enabled.
pub fn online_encrypted_agent(state: &Value) -> Value {
    state["agents"]
        .as_array()
        .and_then(|a| {
            a.iter().find(|x| x["encrypted"] == true && x["online"] == true && x["disabled"] == false).cloned()
        })
        .expect("an online encrypted agent")
}

/// Opens an agent's page from the table, as a user clicks its name.
pub async fn open_agent(b: &Browser, id: &Value) {
    b.find(&format!(r#"tr[data-agent-id="{id}"] td.name a"#)).await.click().await.expect("open agent");
}

/// A simulator with `config`, and a browser on the console's sign-in page.
pub async fn open_console(config: SimConfig) -> (Sim, Browser) {
    let sim = Sim::start(config).await;
    let b = Browser::start().await;
    b.goto(&format!("{}/", sim.base)).await;
    (sim, b)
}

/// Signs in with the demo token, tenant and region.
pub async fn sign_in_token(b: &Browser, sim: &Sim) {
    b.goto(&format!("{}/", sim.base)).await;
    fill_token_form(b).await;
}

/// Fills and sends the token form on the sign-in page shown at any URL,
/// then waits for the agents table.
pub async fn fill_token_form(b: &Browser) {
    send_token_form(b).await;
    b.find(r#"table[aria-label="Agents"]"#).await;
}

/// Fills and sends the token form, without waiting for any page after it.
pub async fn send_token_form(b: &Browser) {
    b.click("Token").await;
    b.type_into("Token", "demo-token").await;
    b.type_into("Tenant ID", TENANT).await;
    b.select("Region", "DFW").await;
    b.click("Sign in").await;
}

/// Signs in through Identity with a user name and API key.
pub async fn sign_in_key(b: &Browser, sim: &Sim, user: &str, key: &str) {
    b.goto(&format!("{}/", sim.base)).await;
    b.type_into("User name", user).await;
    b.type_into("API key", key).await;
    b.click("Sign in").await;
    b.find(r#"table[aria-label="Agents"]"#).await;
}
