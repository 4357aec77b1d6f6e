//! deploy/nginx.conf and deploy/proxy.conf as an operator installs them, with
//! only their SITE values changed: the console's TLS listen on loopback (plus
//! a plain loopback listen for the browser, which does not know the test CA),
//! a test certificate, a temporary root and log, and as every upstream a TLS
//! front (one more nginx server per API host, in the same nginx process) that
//! presents a certificate from a test CA made at test time and forwards to
//! backup-sim over plain HTTP on loopback. `proxy_pass https://`, the
//! `proxy_ssl_*` lines and each `proxy_ssl_name` are used as written.
//! Used by the end-to-end hosting journeys and by bench/load.sh.

use backup_sim::config::SimConfig;
use backup_sim::world::REGIONS;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

pub const PREFIX: &str = "/support/backup";
/// The portal's name on the certificate of the console's own TLS listen.
pub const PORTAL_HOST: &str = "portal.example.com";
const IDENTITY_HOST: &str = "identity.api.rackspacecloud.com";

/// Which CA deploy/proxy.conf trusts for the API's certificates (its SITE
/// `proxy_ssl_trusted_certificate`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Trust {
    /// The test CA that signed the TLS front's certificate.
    TestCa,
    /// A CA of its own that signed nothing here: the front must be refused.
    OtherCa,
}

/// nginx running the deploy files; stopped on drop.
pub struct Deployed {
    child: Child,
    pub dir: PathBuf,
    /// The console's origin: the server block's plain loopback listen.
    pub base: String,
    /// The server block's own `listen … ssl` (the example's `listen 443 ssl`).
    pub tls_port: u16,
    /// backup-sim's main port, for its request statistics.
    pub sim: String,
}

impl Drop for Deployed {
    fn drop(&mut self) {
        // SIGTERM: the master stops its workers, then exits (a SIGKILL left
        // the workers running, orphaned).
        let stopped = Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status();
        if !stopped.is_ok_and(|s| s.success()) {
            let _ = self.child.kill();
        }
        let _ = self.child.wait();
        // The test keys go with a passing test; a failing one leaves the
        // directory (config, logs) to look at.
        if !std::thread::panicking() {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

impl Deployed {
    pub fn access_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("access.log")).unwrap_or_default()
    }

    pub fn error_log(&self) -> String {
        std::fs::read_to_string(self.dir.join("error.log")).unwrap_or_default()
    }

    /// `GET path` over the console's TLS listen, verifying its certificate
    /// against the test CA and the portal's name (`openssl s_client`): the
    /// raw answer, status line and headers first.
    pub async fn https_get(&self, path: &str) -> String {
        let ca = self.dir.join("pki").join("ca.pem");
        let port = self.tls_port;
        let request = format!("GET {path} HTTP/1.1\r\nHost: {PORTAL_HOST}\r\nConnection: close\r\n\r\n");
        tokio::task::spawn_blocking(move || {
            let mut child = Command::new("openssl")
                .args(["s_client", "-quiet", "-verify_return_error", "-connect"])
                .arg(format!("127.0.0.1:{port}"))
                .args(["-servername", PORTAL_HOST, "-verify_hostname", PORTAL_HOST, "-CAfile"])
                .arg(&ca)
                .stdin(Stdio::piped())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("openssl s_client starts (the openssl CLI must be installed)");
            if let Some(mut stdin) = child.stdin.take() {
                stdin.write_all(request.as_bytes()).expect("request to s_client");
            }
            let out = child.wait_with_output().expect("s_client output");
            assert!(
                out.status.success(),
                "TLS to the console's listen failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            String::from_utf8_lossy(&out.stdout).into_owned()
        })
        .await
        .expect("s_client task")
    }
}

/// Runs `openssl` with the words of `args` in `dir`, failing the test with its stderr.
fn openssl(dir: &Path, args: &str) {
    let out = Command::new("openssl")
        .args(args.split_whitespace())
        .current_dir(dir)
        .output()
        .expect("the openssl CLI makes the test certificates");
    assert!(out.status.success(), "openssl {args}: {}", String::from_utf8_lossy(&out.stderr));
}

const NEW_KEY: &str = "-newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";

/// A self-signed CA: `{name}.pem` + `{name}.key`.
fn make_ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &format!(
            "req -x509 -new {NEW_KEY} -sha256 -days 2 -keyout {name}.key -out {name}.pem -subj /CN={name}.backup-console.test \
             -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign"
        ),
    );
}

/// A server certificate for the `dns` names, signed by the CA `ca`: `{name}.pem` + `{name}.key`.
fn make_leaf(dir: &Path, ca: &str, name: &str, dns: &[&str]) {
    let sans = dns.iter().map(|d| format!("DNS:{d}")).collect::<Vec<_>>().join(",");
    let ext = format!(
        "subjectAltName={sans}\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\n"
    );
    std::fs::write(dir.join(format!("{name}.ext")), ext).expect("write ext");
    openssl(dir, &format!("req -new {NEW_KEY} -keyout {name}.key -out {name}.csr -subj /CN={}", dns[0]));
    openssl(
        dir,
        &format!(
            "x509 -req -in {name}.csr -CA {ca}.pem -CAkey {ca}.key -CAcreateserial -days 2 -sha256 \
             -extfile {name}.ext -out {name}.pem"
        ),
    );
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

/// Replaces `from` with `to` in `text`, failing if the deploy file `file` no longer has it.
/// Debian's ngx_brotli module for precompressed files
/// (libnginx-mod-http-brotli-static, which scripts/setup.sh installs).
const BROTLI_STATIC_MODULE: &str = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

/// Whether nginx can send the release build's .br files here.
pub fn brotli_static_installed() -> bool {
    std::path::Path::new(BROTLI_STATIC_MODULE).exists()
}

fn swap(file: &str, text: String, from: &str, to: &str) -> String {
    assert!(text.contains(from), "{file} no longer contains `{from}`");
    text.replace(from, to)
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).map(|a| a.port()).expect("port")
}

/// backup-sim on loopback: Identity on the main port, one port per region.
async fn start_sim_upstreams(config: SimConfig) -> (u16, Vec<(&'static str, u16)>) {
    let main = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let main_port = main.local_addr().expect("addr").port();
    let mut listeners = Vec::new();
    let mut ports = Vec::new();
    for r in REGIONS {
        let l = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        ports.push((r, l.local_addr().expect("addr").port()));
        listeners.push((r.to_string(), l));
    }
    let config = SimConfig { catalog_url: Some("https://{region}.backup.api.rackspacecloud.com".into()), ..config };
    tokio::spawn(backup_sim::serve_with(main, listeners, config));
    (main_port, ports)
}

/// The TLS front: the API host names on one loopback port, each presenting
/// the test certificate and forwarding to its backup-sim port. A client that
/// sends no SNI (or another name) has its handshake refused.
fn tls_front(port: u16, pki: &Path, sim_main: u16, regions: &[(&str, u16)]) -> String {
    let mut hosts = vec![(IDENTITY_HOST.to_string(), sim_main)];
    for (r, p) in regions {
        hosts.push((format!("{}.backup.api.rackspacecloud.com", r.to_ascii_lowercase()), *p));
    }
    let mut conf = format!("server {{ listen 127.0.0.1:{port} ssl default_server; ssl_reject_handshake on; }}\n");
    for (host, p) in hosts {
        conf.push_str(&format!(
            "server {{\n  listen 127.0.0.1:{port} ssl;\n  server_name {host};\n  ssl_certificate {pem};\n  ssl_certificate_key {key};\n  access_log off;\n  location / {{ proxy_pass http://127.0.0.1:{p}; proxy_http_version 1.1; proxy_set_header Connection \"\"; }}\n}}\n",
            pem = pki.join("api.pem").display(),
            key = pki.join("api.key").display(),
        ));
    }
    conf
}

/// [`deploy_with`] the journeys' simulator: the default world, time five
/// times faster.
pub async fn deploy(trust: Trust) -> Deployed {
    deploy_with(trust, SimConfig { time_scale: 0.2, ..Default::default() }).await
}

/// Builds the test PKI, backup-sim (`config`, its catalog pointed at the
/// API's real host names) behind the TLS front, and nginx running the deploy
/// files with proxy.conf trusting `trust`, serving the sub-path build.
pub async fn deploy_with(trust: Trust, config: SimConfig) -> Deployed {
    static RUNS: AtomicUsize = AtomicUsize::new(0);
    let root = crate::root();
    let dist = root.join("target").join("dist-subpath");
    assert!(
        dist.join("index.html").exists(),
        "target/dist-subpath is missing: scripts/test.sh builds it with --public-url {PREFIX}/"
    );
    let run = RUNS.fetch_add(1, Ordering::SeqCst);
    let dir = root.join("target").join(format!("e2e-nginx-{}-{run}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let www = dir.join("www");
    copy_dir(&dist, &www.join("support").join("backup"));
    std::fs::copy(root.join("deploy/config.example.json"), www.join("support/backup/config.json")).expect("config");
    std::fs::create_dir_all(dir.join("tmp")).expect("tmp");

    // Test-only keys, made now, kept in target/ only.
    let pki = dir.join("pki");
    std::fs::create_dir_all(&pki).expect("pki dir");
    make_ca(&pki, "ca");
    make_ca(&pki, "other-ca");
    make_leaf(&pki, "ca", "api", &[IDENTITY_HOST, "*.backup.api.rackspacecloud.com"]);
    make_leaf(&pki, "ca", "portal", &[PORTAL_HOST]);
    let _ = Command::new("chmod").args(["-R", "a+rwX"]).arg(&dir).status();

    let (sim_main, regions) = start_sim_upstreams(config).await;
    let (port, tls_port, front) = (free_port(), free_port(), free_port());
    let file = "deploy/nginx.conf";
    let mut conf = std::fs::read_to_string(root.join(file)).expect("deploy/nginx.conf");
    let listens = format!("listen 127.0.0.1:{tls_port} ssl;\n    listen 127.0.0.1:{port};");
    conf = swap(file, conf, "listen 443 ssl;", &listens);
    conf = swap(file, conf, "/etc/ssl/certs/portal.example.com.pem", &pki.join("portal.pem").display().to_string());
    conf = swap(file, conf, "/etc/ssl/private/portal.example.com.key", &pki.join("portal.key").display().to_string());
    conf = swap(file, conf, "/var/log/nginx/backup-console.access.log", &dir.join("access.log").display().to_string());
    conf = swap(file, conf, "root /srv/www;", &format!("root {};", www.display()));
    conf = swap(file, conf, "/etc/nginx/backup-console-proxy.conf", &dir.join("proxy.conf").display().to_string());
    let upstream = format!("server 127.0.0.1:{front};");
    conf = swap(file, conf, &format!("server {IDENTITY_HOST}:443;"), &upstream);
    for r in REGIONS {
        let host = format!("server {}.backup.api.rackspacecloud.com:443;", r.to_ascii_lowercase());
        conf = swap(file, conf, &host, &upstream);
    }
    // The operator's step where ngx_brotli is installed (the file says so):
    // precompressed .br files, smaller than .gz, for browsers that take them.
    let brotli = brotli_static_installed();
    if brotli {
        conf = swap(file, conf, "# brotli_static on;", "brotli_static on;");
    }
    std::fs::write(dir.join("backup-console.conf"), conf).expect("write conf");

    let file = "deploy/proxy.conf";
    let proxy = std::fs::read_to_string(root.join(file)).expect("deploy/proxy.conf");
    let ca = pki.join(if trust == Trust::TestCa { "ca.pem" } else { "other-ca.pem" });
    let proxy = swap(file, proxy, "/etc/ssl/certs/ca-certificates.crt", &ca.display().to_string());
    std::fs::write(dir.join("proxy.conf"), proxy).expect("write proxy conf");
    std::fs::write(dir.join("tls-front.conf"), tls_front(front, &pki, sim_main, &regions)).expect("write front");

    let tmp = dir.join("tmp").display().to_string();
    let load = if brotli { format!("load_module {BROTLI_STATIC_MODULE};\n") } else { String::new() };
    let main = format!(
        "{load}pid {d}/nginx.pid;\nerror_log {d}/error.log;\nevents {{}}\nhttp {{\n  include /etc/nginx/mime.types;\n  default_type application/octet-stream;\n  client_body_temp_path {tmp};\n  proxy_temp_path {tmp};\n  fastcgi_temp_path {tmp};\n  uwsgi_temp_path {tmp};\n  scgi_temp_path {tmp};\n  include {d}/backup-console.conf;\n  include {d}/tls-front.conf;\n}}\n",
        d = dir.display()
    );
    std::fs::write(dir.join("nginx.conf"), main).expect("write main conf");
    let nginx = |extra: &[&str]| {
        let mut c = Command::new("/usr/sbin/nginx");
        c.arg("-p").arg(&dir).arg("-c").arg(dir.join("nginx.conf")).args(extra);
        c
    };
    let test = nginx(&["-t"]).output().expect("nginx -t");
    assert!(test.status.success(), "nginx -t: {}", String::from_utf8_lossy(&test.stderr));
    let child =
        nginx(&["-g", "daemon off;"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().expect("nginx starts");
    let deployed = Deployed {
        child,
        dir,
        base: format!("http://127.0.0.1:{port}"),
        tls_port,
        sim: format!("http://127.0.0.1:{sim_main}"),
    };
    for _ in 0..50 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
            return deployed;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("nginx did not listen on 127.0.0.1:{port}: {}", deployed.error_log());
}
