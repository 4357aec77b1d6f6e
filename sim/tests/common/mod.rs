//! The harness every backup-sim HTTP test shares: a sim on a random port
//! and small request helpers. (Each test file compiles it on its own, so a
//! helper one file does not use is not dead code there.)
#![allow(dead_code)]

use backup_sim::config::SimConfig;
use reqwest::{Client, StatusCode};
use serde_json::{json, Value};

pub struct Sim {
    pub base: String,
    pub http: Client,
}

pub async fn start(config: SimConfig) -> Sim {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    tokio::spawn(backup_sim::serve_on(listener, config));
    Sim { base: format!("http://127.0.0.1:{port}"), http: Client::new() }
}

impl Sim {
    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        let r = self.http.get(format!("{}{path}", self.base)).header("X-Auth-Token", token).send().await.expect("GET");
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    pub async fn post(&self, path: &str, token: &str, body: Value) -> reqwest::Response {
        self.http
            .post(format!("{}{path}", self.base))
            .header("X-Auth-Token", token)
            .json(&body)
            .send()
            .await
            .expect("POST")
    }

    pub async fn sign_in(&self, user: &str, key: &str) -> reqwest::Response {
        let body = json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {"username": user, "apiKey": key}}});
        self.http.post(format!("{}/v2.0/tokens", self.base)).json(&body).send().await.expect("sign in")
    }

    pub async fn control(&self, body: Value) {
        let r = self.http.post(format!("{}/_sim/control", self.base)).json(&body).send().await.expect("control");
        assert_eq!(r.status(), 200);
    }
}

pub fn fast() -> SimConfig {
    SimConfig { time_scale: 0.01, ..Default::default() }
}

impl Sim {
    /// A GET whose whole answer (status, headers, body) the test reads.
    pub async fn get_raw(&self, path: &str, token: &str) -> reqwest::Response {
        self.http.get(format!("{}{path}", self.base)).header("X-Auth-Token", token).send().await.expect("GET")
    }

    /// Signs in as a demo user and returns the token.
    pub async fn token(&self, user: &str) -> String {
        let v: Value = self.sign_in(user, &format!("{user}-key")).await.json().await.unwrap_or(Value::Null);
        v["access"]["token"]["id"].as_str().unwrap_or_default().to_string()
    }

    /// Any method, a JSON body (or none), optional extra headers; status and JSON answer.
    pub async fn call(
        &self,
        method: &str,
        path: &str,
        token: &str,
        body: Option<Value>,
        headers: &[(&str, &str)],
    ) -> (StatusCode, Value) {
        let method = reqwest::Method::from_bytes(method.as_bytes()).expect("method");
        let mut req = self.http.request(method, format!("{}{path}", self.base)).header("X-Auth-Token", token);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        let r = req.send().await.expect("request");
        let status = r.status();
        (status, r.json().await.unwrap_or(Value::Null))
    }

    /// POSTs `body` as the admin; the status and the `Location` as a path
    /// of this sim (`/dfw/…`), for requests an agent answers later.
    pub async fn post_for_location(&self, path: &str, body: Value) -> (u16, String) {
        let r = self
            .http
            .post(format!("{}{path}", self.base))
            .header("X-Auth-Token", "demo-token")
            .json(&body)
            .send()
            .await
            .expect("post");
        let status = r.status().as_u16();
        let location = r.headers().get("location").and_then(|l| l.to_str().ok()).unwrap_or_default().to_string();
        (status, location.split_once("/dfw/").map(|(_, p)| format!("/dfw/{p}")).unwrap_or_default())
    }

    /// Polls `location` until it answers 200 (404 meanwhile: not answered yet).
    pub async fn answered(&self, location: &str) -> Value {
        for _ in 0..200 {
            let (s, v) = self.call("GET", location, "demo-token", None, &[]).await;
            if s == 200 {
                return v;
            }
            assert_eq!(s, 404, "not answered yet is 404");
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("{location} never answered");
    }
}
