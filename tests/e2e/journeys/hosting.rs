//! The console as an operator deploys it: the sub-path build under
//! deploy/nginx.conf + deploy/proxy.conf (only their SITE values changed; see
//! `nginx.rs`), with backup-sim as Identity and as every regional API host
//! behind a TLS front whose certificate comes from a test CA, and
//! deploy/config.example.json as config.json.

use crate::harness::*;
use backup_bench::nginx::{deploy, Trust, PREFIX};
use reqwest::Response;
use serde_json::{json, Value};

/// Every value of header `name` in `r`.
fn values(r: &Response, name: &str) -> Vec<String> {
    r.headers().get_all(name).iter().map(|v| v.to_str().unwrap_or_default().to_string()).collect()
}

/// The headers every answer of the console's server carries: HTTPS only for
/// a year, the CSP, no sniffing, no referrer.
fn assert_hardened(r: &Response, what: &str) {
    assert_eq!(
        values(r, "strict-transport-security"),
        ["max-age=31536000; includeSubDomains"],
        "{what}: Strict-Transport-Security"
    );
    let csp = values(r, "content-security-policy").concat();
    assert!(csp.contains("frame-ancestors 'self'"), "{what}: Content-Security-Policy `{csp}`");
    assert_eq!(
        values(r, "content-security-policy-report-only"),
        ["require-trusted-types-for 'script'"],
        "{what}: Trusted Types, report-only"
    );
    assert_eq!(values(r, "x-content-type-options"), ["nosniff"], "{what}: X-Content-Type-Options");
    assert_eq!(values(r, "referrer-policy"), ["no-referrer"], "{what}: Referrer-Policy");
}

/// The routes backup-sim has answered so far, as "METHOD /route/shape".
async fn sim_routes(http: &reqwest::Client, sim: &str) -> Vec<String> {
    let stats: Value = http.get(format!("{sim}/_sim/stats")).send().await.expect("stats").json().await.expect("json");
    stats["by_route"].as_object().map(|m| m.keys().cloned().collect()).unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_nginx_at_a_sub_path_sign_in_table_wake_up_and_deep_link_reload() {
    let nginx = deploy(Trust::TestCa).await;
    let base = nginx.base.clone();
    let http = reqwest::Client::new();

    // The server block's own TLS listen serves the console with a verified
    // certificate, and says HTTPS only.
    let https = nginx.https_get(&format!("{PREFIX}/")).await.to_ascii_lowercase();
    assert!(https.starts_with("http/1.1 200"), "the console over TLS: {}", https.lines().next().unwrap_or_default());
    assert!(https.contains("\r\nstrict-transport-security: max-age=31536000; includesubdomains\r\n"));

    // Headers: HSTS, CSP and friends on every file; no-cache for index.html
    // and config.json; a year for hashed assets; gzip for the wasm.
    let page = http.get(format!("{base}{PREFIX}/")).send().await.expect("page");
    assert_eq!(page.status(), 200);
    assert_hardened(&page, "index.html");
    let h = page.headers().clone();
    let header = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(header("content-security-policy").contains("frame-ancestors 'self'"));
    assert!(header("content-security-policy").contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert!(!header("content-security-policy").contains("unsafe-inline"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("cache-control"), "no-cache");
    let html = page.text().await.unwrap_or_default();
    // Attribute values are quoted or not (the release HTML is minified).
    let wasm =
        html.split(['"', ' ', '>', '=']).find(|s| s.ends_with("_bg.wasm")).expect("the wasm in index.html").to_string();
    assert!(wasm.starts_with(&format!("{PREFIX}/")), "assets under the sub-path: {wasm}");
    let w = http.get(format!("{base}{wasm}")).header("Accept-Encoding", "gzip").send().await.expect("wasm");
    assert_hardened(&w, "the wasm");
    assert_eq!(w.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/wasm"));
    assert_eq!(w.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    assert!(w
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .contains("max-age=315360000"));
    // Sent as the build stored it (gzip_static): the body is the .gz file
    // written beside the wasm, byte for byte, not compressed on the way.
    let stored = stored_path(&wasm, "gz");
    let stored =
        std::fs::read(&stored).unwrap_or_else(|e| panic!("the release build writes {}: {e}", stored.display()));
    let w = http.get(format!("{base}{wasm}")).header("Accept-Encoding", "gzip").send().await.expect("wasm");
    assert_eq!(w.bytes().await.expect("wasm body").as_ref(), stored.as_slice(), "the stored .gz is sent");
    // With ngx_brotli (scripts/setup.sh installs it; the deploy file says
    // how to enable it), a browser that takes brotli gets the stored .br.
    if backup_bench::nginx::brotli_static_installed() {
        let stored = stored_path(&wasm, "br");
        let stored =
            std::fs::read(&stored).unwrap_or_else(|e| panic!("the release build writes {}: {e}", stored.display()));
        let w = http.get(format!("{base}{wasm}")).header("Accept-Encoding", "br, gzip").send().await.expect("wasm");
        assert_eq!(w.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("br"));
        assert_eq!(w.bytes().await.expect("wasm body").as_ref(), stored.as_slice(), "the stored .br is sent");
    }
    let cfg = http.get(format!("{base}{PREFIX}/config.json")).send().await.expect("config");
    assert_eq!(cfg.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-cache"));
    assert_hardened(&cfg, "config.json");
    let moved = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().expect("client");
    let r = moved.get(format!("{base}{PREFIX}")).send().await.expect("redirect");
    assert_eq!(r.status(), 301);
    assert_hardened(&r, "the redirect to the sub-path");

    // The journey: sign in through the proxied Identity, the table through the
    // proxied region, a wake-up.
    let config_reads = || nginx.access_log().matches(&format!("GET {PREFIX}/config.json ")).count();
    let before = config_reads();
    let b = Browser::start().await;
    b.goto(&format!("{base}{PREFIX}/")).await;
    b.wait_text("Support portal · Cloud Backup", 15).await;
    // index.html preloads config.json (beside the wasm, not a round trip
    // after it), and the console reads that download: one request.
    assert_eq!(config_reads() - before, 1, "config.json is fetched once, by the preload the console uses");
    b.type_into("User name", "demo").await;
    b.type_into("API key", "demo-key").await;
    b.click("Sign in").await;
    b.find(r#"table[aria-label="Agents"]"#).await;
    let rows = b.wait_statuses_known(12, 40).await;
    assert!(rows.iter().any(|r| r.1 == "online") && rows.iter().any(|r| r.1 == "offline"));
    b.click("Online").await;
    b.wait("a filter in the sub-path URL", 10, || async {
        b.url().await.contains(&format!("{PREFIX}/?status=online")).then_some(())
    })
    .await;
    assert!(b.rows().await.iter().all(|r| r.1 == "online"));
    b.screenshot("15-behind-nginx").await;
    b.click("Clear filters").await;
    b.click("Wake up agents").await;
    b.wait_text("Wake-up sent", 15).await;
    b.wait_text("Wake-up finished", 40).await;

    // A deep link: the router's link is under the sub-path, and a reload serves
    // the app there (sign in again: the token lives in memory only).
    let (id, _) = rows.iter().find(|r| r.1 == "online").cloned().expect("an online agent");
    b.find(&format!(r#"tr[data-agent-id="{id}"] td.name a"#)).await.click().await.expect("open agent");
    b.wait("the agent URL", 10, || async { b.url().await.ends_with(&format!("{PREFIX}/agents/{id}")).then_some(()) })
        .await;
    b.wait_text("Cloud Server (HostServerId)", 15).await;
    let deep = b.url().await;
    b.goto(&deep).await;
    b.type_into("API key", "demo-key").await;
    b.type_into("User name", "demo").await;
    b.click("Sign in").await;
    b.wait_text("Cloud Server (HostServerId)", 20).await;
    assert_eq!(b.url().await, deep);
    b.screenshot("16-deep-link-behind-nginx").await;
    // Trusted Types in report-only mode: what a whole journey reports (see
    // SECURITY.md). The console's own code writes no HTML from strings.
    let reports: Vec<String> = b
        .console_messages()
        .await
        .into_iter()
        .filter(|m| m.contains("Trusted Type") || m.contains("TrustedHTML"))
        .collect();
    eprintln!("Trusted Types reports over the journey: {}\n{}", reports.len(), reports.join("\n"));
    let unused: Vec<String> = b.console_messages().await.into_iter().filter(|m| m.contains("preload")).collect();
    assert!(unused.is_empty(), "every preloaded file is used: {unused:?}");
    b.close().await;

    // Nothing secret reached nginx's log.
    let log = nginx.access_log();
    assert!(log.contains(&format!("GET {PREFIX}/rax/dfw/v1.0/123456/user/agents")), "API calls went through the proxy");
    assert!(!log.contains("demo-key") && !log.contains('?'), "no secrets or query strings in the log");
    let hex_run = log.split(|c: char| !c.is_ascii_hexdigit()).any(|w| w.len() >= 32);
    assert!(!hex_run, "no token-like strings in the log");
}

#[tokio::test(flavor = "multi_thread")]
async fn identity_takes_only_rate_limited_token_posts_and_api_answers_are_never_stored() {
    let nginx = deploy(Trust::TestCa).await;
    let (base, http) = (nginx.base.clone(), reqwest::Client::new());
    let tokens = format!("{base}{PREFIX}/identity/v2.0/tokens");

    // The tokens URL takes POST only, and nothing else of Identity is there.
    let r = http.get(&tokens).send().await.expect("GET tokens");
    assert_eq!(r.status(), 405, "GET on the tokens URL");
    assert_eq!(values(&r, "allow"), ["POST"]);
    assert_hardened(&r, "405 from the tokens URL");
    for path in ["v2.0/users", "v2.0/tenants", "v2.0/tokens/0123abcd", "v2.0/", "v1.1/auth", ""] {
        let url = format!("{base}{PREFIX}/identity/{path}");
        let r = http.get(&url).send().await.expect("GET identity");
        assert_eq!(r.status(), 404, "GET {url}");
        assert_hardened(&r, "404 from another Identity path");
        let r = http.post(&url).json(&json!({})).send().await.expect("POST identity");
        assert_eq!(r.status(), 404, "POST {url}");
    }
    let seen = sim_routes(&http, &nginx.sim).await;
    assert!(!seen.iter().any(|r| r.contains("/v2.0") || r.contains("/v1.1")), "Identity saw {seen:?}");

    // API answers, success or not, are marked not to be stored; the console's
    // own files keep their caching.
    let agents = format!("{base}{PREFIX}/rax/dfw/v1.0/{TENANT}/user/agents");
    let r = http.get(&agents).header("X-Auth-Token", "demo-token").send().await.expect("agents");
    assert_eq!(r.status(), 200, "the agent list through verified TLS");
    assert_eq!(values(&r, "cache-control"), ["no-store"], "API answer");
    assert_hardened(&r, "an API answer");
    let r = http.get(&agents).header("X-Auth-Token", "not-a-token").send().await.expect("agents");
    assert_eq!(r.status(), 401);
    assert_eq!(values(&r, "cache-control"), ["no-store"], "API 401");
    let r = http.get(format!("{base}{PREFIX}/agents/1")).send().await.expect("deep link");
    assert_eq!(values(&r, "cache-control"), ["no-cache"], "the page at a deep link");

    // Sign-ins from one address: 6 pass (10 a minute, burst 5), the 7th is 429.
    let body = json!({"auth": {"RAX-KSKEY:apiKeyCredentials": {"username": "demo", "apiKey": "demo-key"}}});
    let mut statuses = Vec::new();
    for i in 0..7 {
        let r = http.post(&tokens).json(&body).send().await.expect("POST tokens");
        statuses.push(r.status().as_u16());
        assert_hardened(&r, &format!("sign-in {}", i + 1));
        assert_eq!(values(&r, "cache-control"), ["no-store"], "sign-in {}", i + 1);
        if i == 0 {
            let v: Value = r.json().await.expect("Identity's JSON");
            assert!(v["access"]["token"]["id"].is_string(), "a token through the proxy: {v}");
        }
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 200, 429], "seven sign-ins in a row");
    let posts = sim_routes(&http, &nginx.sim).await;
    assert!(posts.iter().any(|r| r == "POST /v2.0/tokens"), "Identity saw the sign-ins: {posts:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_proxy_refuses_an_api_whose_certificate_it_cannot_verify() {
    // nginx trusts another CA than the one that signed the API's certificate,
    // as it would a host on the path that is not Rackspace.
    let nginx = deploy(Trust::OtherCa).await;
    let (base, http) = (nginx.base.clone(), reqwest::Client::new());
    let agents = format!("{base}{PREFIX}/rax/dfw/v1.0/{TENANT}/user/agents");
    let r = http.get(&agents).header("X-Auth-Token", "demo-token").send().await.expect("agents");
    assert_eq!(r.status(), 502, "an unverifiable API gets no request");
    assert_hardened(&r, "502");

    // The console says so at sign-in, and signs nobody in.
    let b = Browser::start().await;
    b.goto(&format!("{base}{PREFIX}/")).await;
    b.type_into("User name", "demo").await;
    b.type_into("API key", "demo-key").await;
    b.click("Sign in").await;
    b.wait_alert("The API could not be reached", 20).await;
    assert!(b.css(r#"table[aria-label="Agents"]"#).await.is_empty(), "no agents table");
    b.screenshot("17-api-certificate-refused").await;
    b.close().await;

    // Neither the token nor the API key left nginx; the operator reads why.
    let seen = sim_routes(&http, &nginx.sim).await;
    assert!(!seen.iter().any(|r| r.contains("/v1.0") || r.contains("/v2.0")), "the API saw {seen:?}");
    let errors = nginx.error_log();
    assert!(errors.contains("upstream SSL certificate verify error"), "nginx's error log: {errors}");
}

/// The precompressed file the release build wrote beside asset `path`.
fn stored_path(path: &str, extension: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("target/dist-subpath")
        .join(format!("{}.{extension}", path.rsplit('/').next().unwrap_or_default()))
}
