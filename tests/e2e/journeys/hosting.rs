//! The console as an operator deploys it: the sub-path build under
//! deploy/nginx.conf (only its SITE values changed: listen port, root, log
//! path and upstreams), with backup-sim on loopback as Identity and as every
//! regional API host, and deploy/config.example.json as config.json.

use crate::harness::*;
use backup_sim::config::SimConfig;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

const PREFIX: &str = "/support/backup";

struct Nginx {
    child: Child,
    dir: PathBuf,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dist").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).expect("copy");
        }
    }
}

/// Replaces `from` with `to` in `text`, failing if deploy/nginx.conf no longer has it.
fn swap(text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "deploy/nginx.conf no longer contains `{from}`");
    text.replace(from, to)
}

async fn start_nginx(sim_main: u16, regions: &[(String, u16)]) -> (Nginx, String) {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let dist = root.join("target").join("dist-subpath");
    assert!(
        dist.join("index.html").exists(),
        "target/dist-subpath is missing: scripts/test.sh builds it with --public-url {PREFIX}/"
    );
    let dir = root.join("target").join(format!("e2e-nginx-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let www = dir.join("www");
    copy_dir(&dist, &www.join("support").join("backup"));
    std::fs::copy(root.join("deploy/config.example.json"), www.join("support/backup/config.json")).expect("config");
    std::fs::create_dir_all(dir.join("tmp")).expect("tmp");
    let _ = Command::new("chmod").args(["-R", "a+rwX"]).arg(&dir).status();

    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port");
    let mut conf = std::fs::read_to_string(root.join("deploy/nginx.conf")).expect("deploy/nginx.conf");
    conf = swap(conf, "listen 8080;", &format!("listen 127.0.0.1:{port};"));
    conf = swap(conf, "/var/log/nginx/backup-console.access.log", &dir.join("access.log").display().to_string());
    conf = swap(conf, "root /srv/www;", &format!("root {};", www.display()));
    conf = swap(conf, "/etc/nginx/backup-console-proxy.conf", &root.join("deploy/proxy.conf").display().to_string());
    conf = swap(conf, "server identity.api.rackspacecloud.com:443;", &format!("server 127.0.0.1:{sim_main};"));
    for (region, p) in regions {
        let host = format!("server {}.backup.api.rackspacecloud.com:443;", region.to_ascii_lowercase());
        conf = swap(conf, &host, &format!("server 127.0.0.1:{p};"));
    }
    // backup-sim speaks plain HTTP on loopback.
    conf = swap(conf, "proxy_pass https://", "proxy_pass http://");
    conf = conf.lines().filter(|l| !l.trim_start().starts_with("proxy_ssl_")).collect::<Vec<_>>().join("\n");
    std::fs::write(dir.join("backup-console.conf"), conf).expect("write conf");
    let tmp = dir.join("tmp").display().to_string();
    let main = format!(
        "pid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  client_body_temp_path {tmp};\n  proxy_temp_path {tmp};\n  fastcgi_temp_path {tmp};\n  uwsgi_temp_path {tmp};\n  scgi_temp_path {tmp};\n  include {d}/backup-console.conf;\n}}\n",
        d = dir.display()
    );
    std::fs::write(dir.join("nginx.conf"), main).expect("write main conf");
    let test = Command::new("/usr/sbin/nginx")
        .arg("-t")
        .arg("-p")
        .arg(&dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .output()
        .expect("nginx -t");
    assert!(test.status.success(), "nginx -t: {}", String::from_utf8_lossy(&test.stderr));
    let child = Command::new("/usr/sbin/nginx")
        .arg("-p")
        .arg(&dir)
        .arg("-c")
        .arg(dir.join("nginx.conf"))
        .args(["-g", "daemon off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx starts");
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    (Nginx { child, dir }, format!("http://127.0.0.1:{port}"))
}

async fn start_sim_upstreams() -> (u16, Vec<(String, u16)>) {
    let main = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let main_port = main.local_addr().expect("addr").port();
    let mut listeners = Vec::new();
    let mut ports = Vec::new();
    for r in ["DFW", "ORD", "IAD", "LON", "HKG", "SYD"] {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        ports.push((r.to_string(), l.local_addr().expect("addr").port()));
        listeners.push((r.to_string(), l));
    }
    let config = SimConfig {
        time_scale: 0.2,
        catalog_url: Some("https://{region}.backup.api.rackspacecloud.com".into()),
        ..Default::default()
    };
    tokio::spawn(backup_sim::serve_with(main, listeners, config));
    (main_port, ports)
}

#[tokio::test(flavor = "multi_thread")]
async fn behind_nginx_at_a_sub_path_sign_in_table_wake_up_and_deep_link_reload() {
    let (sim_main, regions) = start_sim_upstreams().await;
    let (nginx, base) = start_nginx(sim_main, &regions).await;
    let http = reqwest::Client::new();

    // Headers: CSP and friends on the page; no-cache for index.html and
    // config.json; a year for hashed assets; gzip for the wasm.
    let page = http.get(format!("{base}{PREFIX}/")).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let h = page.headers().clone();
    let header = |name: &str| h.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    assert!(header("content-security-policy").contains("frame-ancestors 'self'"));
    assert!(header("content-security-policy").contains("script-src 'self' 'wasm-unsafe-eval'"));
    assert!(!header("content-security-policy").contains("unsafe-inline"));
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "no-referrer");
    assert_eq!(header("cache-control"), "no-cache");
    let html = page.text().await.unwrap_or_default();
    let wasm = html.split('"').find(|s| s.ends_with("_bg.wasm")).expect("the wasm in index.html").to_string();
    assert!(wasm.starts_with(&format!("{PREFIX}/")), "assets under the sub-path: {wasm}");
    let w = http.get(format!("{base}{wasm}")).header("Accept-Encoding", "gzip").send().await.expect("wasm");
    assert_eq!(w.headers().get("content-type").and_then(|v| v.to_str().ok()), Some("application/wasm"));
    assert_eq!(w.headers().get("content-encoding").and_then(|v| v.to_str().ok()), Some("gzip"));
    assert!(w
        .headers()
        .get("cache-control")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .contains("max-age=315360000"));
    let cfg = http.get(format!("{base}{PREFIX}/config.json")).send().await.expect("config");
    assert_eq!(cfg.headers().get("cache-control").and_then(|v| v.to_str().ok()), Some("no-cache"));

    // The journey: sign in through the proxied Identity, the table through the
    // proxied region, a wake-up.
    let b = Browser::start().await;
    b.goto(&format!("{base}{PREFIX}/")).await;
    b.wait_text("Support portal · Cloud Backup", 15).await;
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
    b.close().await;

    // Nothing secret reached nginx's log.
    let log = std::fs::read_to_string(nginx.dir.join("access.log")).unwrap_or_default();
    assert!(log.contains(&format!("GET {PREFIX}/rax/dfw/v1.0/123456/user/agents")), "API calls went through the proxy");
    assert!(!log.contains("demo-key") && !log.contains('?'), "no secrets or query strings in the log");
    let hex_run = log.split(|c: char| !c.is_ascii_hexdigit()).any(|w| w.len() >= 32);
    assert!(!hex_run, "no token-like strings in the log");
}
