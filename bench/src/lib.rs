//! Shared by the benchmarks (and, for the browser session and the nginx
//! deployment, the end-to-end tests): a Chromium session through
//! chromedriver, a backup-sim serving a directory, deploy/nginx.conf run as
//! an operator installs it, and reading Performance API entries.

pub mod nginx;

use backup_sim::config::SimConfig;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The repository root (where Trunk.toml is).
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).parent().map(PathBuf::from).unwrap_or_default()
}

/// Starts backup-sim on a free port serving `dir`; returns its base URL.
pub async fn sim(config: SimConfig, dir: PathBuf) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(backup_sim::serve_on(listener, SimConfig { serve: Some(dir), ..config }));
    format!("http://127.0.0.1:{port}")
}

pub struct Browser {
    pub client: Client,
    driver: Child,
}

impl Drop for Browser {
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

impl Browser {
    pub async fn start() -> Browser {
        use std::os::unix::process::CommandExt;
        let port =
            std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
        let driver = Command::new(std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "/usr/bin/chromedriver".into()))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .process_group(0)
            .spawn()
            .expect("chromedriver (scripts/setup.sh installs it)");
        let caps: serde_json::Map<String, Value> = serde_json::from_value(json!({
            "goog:chromeOptions": {
                "binary": "/usr/bin/chromium",
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         "--no-first-run", "--window-size=1400,900", "--lang=en-US", "--enable-precise-memory-info",
                         // `gc()` for heap_mb: the live heap, not where the collector's sawtooth is.
                         "--js-flags=--expose-gc"],
                "prefs": {"download.default_directory": "/tmp", "download.prompt_for_download": false}
            },
            // Keep the page's console messages for the end-to-end tests.
            "goog:loggingPrefs": {"browser": "ALL"}
        }))
        .expect("caps");
        let mut builder = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
        builder.capabilities(caps);
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            match builder.connect(&format!("http://127.0.0.1:{port}")).await {
                Ok(c) => break c,
                Err(e) if Instant::now() > deadline => panic!("Chromium did not start: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(200)).await,
            }
        };
        Browser { client, driver }
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.expect("script")
    }

    /// Waits until `script` returns something truthy; returns it.
    pub async fn until(&self, what: &str, timeout_s: u64, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(timeout_s);
        loop {
            let v = self.js(script).await;
            if !(v.is_null() || v == false || v == 0) {
                return v;
            }
            if Instant::now() > deadline {
                let entries = self
                    .js("return JSON.stringify(performance.getEntries().filter(e => e.entryType !== 'resource').map(e => [e.entryType, e.name]))")
                    .await;
                panic!("timed out after {timeout_s} s waiting for {what}; performance entries: {entries}");
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// The duration (ms) of the newest `performance.measure` named `name`.
    pub async fn measure(&self, name: &str, timeout_s: u64) -> f64 {
        let script = format!("const e = performance.getEntriesByName('{name}', 'measure'); return e.length ? e[e.length - 1].duration : null;");
        self.until(&format!("the '{name}' measure"), timeout_s, &script).await.as_f64().unwrap_or(f64::NAN)
    }

    pub async fn clear_measures(&self) {
        self.js("performance.clearMeasures(); performance.clearMarks(); return true;").await;
    }

    /// The JS heap in use after a full garbage collection (what is live).
    pub async fn heap_mb(&self) -> f64 {
        self.js("if (window.gc) gc(); return performance.memory ? performance.memory.usedJSHeapSize / 1048576 : null;")
            .await
            .as_f64()
            .unwrap_or(f64::NAN)
    }

    pub async fn type_text(&self, css: &str, text: &str) {
        let el = self.client.find(Locator::Css(css)).await.expect("field");
        el.send_keys(text).await.expect("type");
    }

    /// Opens the console's sign-in page (with `?bench`, which records the
    /// performance marks the benches read).
    pub async fn open_sign_in(&self, base: &str) {
        self.client.goto(&format!("{base}/?bench")).await.expect("open");
        self.until("the sign-in form", 30, "return document.querySelector('form.sign-in') !== null").await;
    }

    /// Signs in as Identity user `(name, api key)`, or with the demo token
    /// (`None`). The token run is an admin's: it may ask a large tenant's
    /// agents to report, remembered for the tenant as a user would tick it,
    /// so there is no question to wait for.
    pub async fn sign_in(&self, user: Option<(&str, &str)>) {
        match user {
            Some((name, key)) => {
                self.type_text("#signin-user", name).await;
                self.type_text("#signin-apikey", key).await;
            }
            None => {
                self.js(r#"localStorage.setItem('backup-console.prefs', '{"status_way":{"123456":"ask-agents"}}'); return true;"#).await;
                self.js("for (const t of document.querySelectorAll('button.tab')) if (t.textContent === 'Token') t.click(); return true;").await;
                self.until("the token field", 10, "return document.getElementById('signin-token') !== null").await;
                self.type_text("#signin-token", "demo-token").await;
                self.type_text("#signin-tenant", "123456").await;
            }
        }
        self.click_css("form.sign-in button[type=submit]").await;
    }

    pub async fn click_css(&self, css: &str) {
        self.client.find(Locator::Css(css)).await.expect("element").click().await.expect("click");
    }
}

/// Median of a few runs.
pub fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// "2026-11-23 UTC, 2 cores, Chromium 156…" for the report.
pub fn machine() -> String {
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let chromium = Command::new("/usr/bin/chromium")
        .arg("--version")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_default();
    format!("{cores} cores ({cpu}), {chromium}")
}
