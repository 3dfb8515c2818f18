//! A throwaway PostgreSQL server, one per test binary: `initdb` into a temporary
//! folder, listening only on a Unix socket there, started on first use. A small
//! shell watchdog stops it (fast shutdown) and removes the folder once the test
//! process is gone. As root, the server runs as the `postgres` user (PostgreSQL
//! refuses to run as root). Each test takes its own database in it.
//!
//! The server also listens on 127.0.0.1 (a free port), for TLS only: a certificate
//! for `localhost` signed by a certificate authority made for this server with the
//! `openssl` command (`ca.crt`), and a second authority that signed nothing
//! (`other-ca.crt`), both in [`Server::dir`].

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub struct Server {
    pub dir: PathBuf,
    /// The TCP port, and the number in the socket's name.
    pub port: u16,
}

static SERVER: OnceLock<Server> = OnceLock::new();
static NEXT_DB: AtomicUsize = AtomicUsize::new(0);

fn bin_dir() -> PathBuf {
    if let Ok(out) = Command::new("pg_config").arg("--bindir").output()
        && out.status.success()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if dir.join("initdb").exists() {
            return dir;
        }
    }
    let mut found: Vec<PathBuf> = std::fs::read_dir("/usr/lib/postgresql")
        .map(|d| d.flatten().map(|e| e.path().join("bin")).collect())
        .unwrap_or_default();
    found.sort();
    found
        .pop()
        .filter(|d| d.join("initdb").exists())
        .expect("PostgreSQL is not installed (scripts/test.sh installs the `postgresql` package)")
}

fn is_root() -> bool {
    // SAFETY: geteuid has no preconditions.
    unsafe { libc::geteuid() == 0 }
}

/// `program args…`, as the `postgres` user when we are root.
fn as_server_user(program: &Path) -> Command {
    if is_root() {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// `openssl args…` in `dir`; panics with its output when it fails.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run openssl (scripts/test.sh installs it)");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A certificate authority, a server key and certificate for `localhost` signed by
/// it, and another authority, in `dir`.
fn certificates(dir: &Path) {
    for ca in ["ca", "other-ca"] {
        openssl(
            dir,
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "2",
                "-subj",
                &format!("/CN=rehearse test {ca}"),
                "-keyout",
                &format!("{ca}.key"),
                "-out",
                &format!("{ca}.crt"),
            ],
        );
    }
    openssl(
        dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
    );
    std::fs::write(dir.join("server.ext"), "subjectAltName = DNS:localhost\n").expect("write");
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.crt",
        ],
    );
}

/// A port nobody listens on now.
fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("find a free port")
}

fn start() -> Server {
    let bin = bin_dir();
    let dir = std::env::temp_dir().join(format!("rehearse-pg-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create the server folder");
    if is_root() {
        let status = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(&dir)
            .status()
            .expect("chown");
        assert!(status.success(), "chown the server folder to postgres");
    }
    let data = dir.join("data");
    certificates(&dir);
    let out = as_server_user(&bin.join("initdb"))
        .args([
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
            "-D",
        ])
        .arg(&data)
        .output()
        .expect("run initdb");
    assert!(
        out.status.success(),
        "initdb failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    // The superuser comes in on the socket without a password; every other role
    // must give one; over TCP, only with TLS.
    std::fs::write(
        data.join("pg_hba.conf"),
        "local all postgres trust\nlocal all all scram-sha-256\n\
         hostssl all all 127.0.0.1/32 scram-sha-256\n",
    )
    .expect("write pg_hba.conf");
    for file in ["server.crt", "server.key"] {
        std::fs::copy(dir.join(file), data.join(file)).expect("copy the certificate");
    }
    if is_root() {
        let status = Command::new("chown")
            .args(["postgres:postgres"])
            .arg(data.join("server.crt"))
            .arg(data.join("server.key"))
            .status()
            .expect("chown");
        assert!(status.success(), "chown the server key to postgres");
    }
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            data.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .expect("chmod the server key");
    }
    let port = free_port();
    let mut conf = std::fs::read_to_string(data.join("postgresql.conf")).unwrap_or_default();
    conf.push_str(&format!(
        "\nlisten_addresses = '127.0.0.1'\nport = {port}\nunix_socket_directories = '{}'\nfsync = off\nsynchronous_commit = off\nfull_page_writes = off\nmax_connections = 120\nshared_buffers = 64MB\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n",
        dir.display()
    ));
    std::fs::write(data.join("postgresql.conf"), conf).expect("write postgresql.conf");
    let script = format!(
        "'{postgres}' -D '{data}' >'{dir}/server.log' 2>&1 & pg=$!\n\
         while [ -e /proc/{me} ] && kill -0 $pg 2>/dev/null; do sleep 0.5; done\n\
         kill -INT $pg 2>/dev/null; wait $pg; rm -rf '{dir}'",
        postgres = bin.join("postgres").display(),
        data = data.display(),
        dir = dir.display(),
        me = std::process::id(),
    );
    // Never waited on: the watchdog ends only after this process has.
    #[allow(clippy::zombie_processes)]
    as_server_user(Path::new("/bin/sh"))
        .arg("-c")
        .arg(script)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the PostgreSQL watchdog");
    let server = Server { dir, port };
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if postgres::Client::connect(&server.url("postgres", "postgres"), postgres::NoTls).is_ok() {
            return server;
        }
        assert!(
            Instant::now() < deadline,
            "PostgreSQL did not start: {}",
            std::fs::read_to_string(server.dir.join("server.log")).unwrap_or_default()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The shared server, started on first use.
pub fn server() -> &'static Server {
    SERVER.get_or_init(start)
}

impl Server {
    /// A connection string for `user` on database `db` (no password in it).
    pub fn url(&self, db: &str, user: &str) -> String {
        format!(
            "host={} port={} dbname={db} user={user} sslmode=disable",
            self.dir.display(),
            self.port
        )
    }

    /// The superuser on `db`.
    pub fn admin(&self, db: &str) -> postgres::Client {
        postgres::Client::connect(&self.url(db, "postgres"), postgres::NoTls)
            .expect("connect as postgres")
    }

    /// A fresh, empty database for one test.
    pub fn new_db(&self, test: &str) -> String {
        let name = format!("{test}_{}", NEXT_DB.fetch_add(1, Ordering::Relaxed));
        self.admin("postgres")
            .batch_execute(&format!("CREATE DATABASE {name}"))
            .expect("create database");
        name
    }

    /// Sets a role's password (as the superuser).
    pub fn set_password(&self, db: &str, role: &str, password: &str) {
        self.admin(db)
            .batch_execute(&format!("ALTER ROLE \"{role}\" PASSWORD '{password}'"))
            .expect("set password");
    }
}
