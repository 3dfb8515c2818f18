//! The hub's address: a standard PostgreSQL connection string (`key=value` pairs or
//! a `postgresql://` URI), read the way libpq reads it where the `postgres` crate
//! does not: `sslmode` takes all six libpq values, `sslrootcert` names the CA file,
//! missing parts come from `PGHOST`, `PGPORT`, `PGUSER`, `PGDATABASE`, and the
//! password from the string (environment only), `PGPASSWORD` or the password file
//! (`PGPASSFILE`, else `~/.pgpass`). A password is never shown: messages name the
//! hub by host, port, database and user only.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use openssl::ssl::{SslConnector, SslMethod, SslVerifyMode};
use postgres::config::Host;
use postgres::{Client, NoTls};
use postgres_openssl::MakeTlsConnector;

use crate::error::{Error, HubProblem, Result};

/// libpq's `sslmode`, all six values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SslMode {
    Disable,
    Allow,
    Prefer,
    Require,
    VerifyCa,
    VerifyFull,
}

impl SslMode {
    fn parse(value: &str) -> Option<SslMode> {
        Some(match value {
            "disable" => SslMode::Disable,
            "allow" => SslMode::Allow,
            "prefer" => SslMode::Prefer,
            "require" => SslMode::Require,
            "verify-ca" => SslMode::VerifyCa,
            "verify-full" => SslMode::VerifyFull,
            _ => return None,
        })
    }
}

/// A parsed hub address, ready to connect.
#[derive(Clone)]
pub struct Address {
    config: postgres::Config,
    ssl: SslMode,
    rootcert: Option<PathBuf>,
    /// `host:port/dbname (user U)`: how messages name the hub; no password.
    pub shown: String,
}

impl std::fmt::Debug for Address {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown)
    }
}

/// Where an address came from: a password is accepted only from the environment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Environment,
    Config,
}

/// The libpq-only options taken out of a connection string, and the rest.
struct Split {
    rest: String,
    sslmode: Option<String>,
    sslrootcert: Option<String>,
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `key=value` words, values optionally in single quotes with backslash escapes,
/// as libpq reads them.
fn words(text: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.peek().is_none() {
            return Some(out);
        }
        let mut key = String::new();
        while let Some(&c) = chars.peek() {
            if c == '=' || c.is_whitespace() {
                break;
            }
            key.push(c);
            chars.next();
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        if chars.next() != Some('=') {
            return None;
        }
        while chars.peek().is_some_and(|c| c.is_whitespace()) {
            chars.next();
        }
        let mut value = String::new();
        if chars.peek() == Some(&'\'') {
            chars.next();
            loop {
                match chars.next()? {
                    '\\' => value.push(chars.next()?),
                    '\'' => break,
                    c => value.push(c),
                }
            }
        } else {
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() {
                    break;
                }
                chars.next();
                if c == '\\' {
                    value.push(chars.next()?);
                } else {
                    value.push(c);
                }
            }
        }
        out.push((key, value));
    }
}

fn quote(value: &str) -> String {
    let mut out = String::from("'");
    for c in value.chars() {
        if c == '\'' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('\'');
    out
}

fn split(text: &str) -> Option<Split> {
    let mut sslmode = None;
    let mut sslrootcert = None;
    let trimmed = text.trim();
    if trimmed.starts_with("postgres://") || trimmed.starts_with("postgresql://") {
        let (base, query) = match trimmed.split_once('?') {
            Some((b, q)) => (b, q),
            None => (trimmed, ""),
        };
        let mut kept = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            match k {
                "sslmode" => sslmode = Some(percent_decode(v)),
                "sslrootcert" => sslrootcert = Some(percent_decode(v)),
                _ => kept.push(pair),
            }
        }
        let rest = if kept.is_empty() {
            base.to_owned()
        } else {
            format!("{base}?{}", kept.join("&"))
        };
        return Some(Split {
            rest,
            sslmode,
            sslrootcert,
        });
    }
    let mut kept = Vec::new();
    for (k, v) in words(trimmed)? {
        match k.as_str() {
            "sslmode" => sslmode = Some(v),
            "sslrootcert" => sslrootcert = Some(v),
            _ => kept.push(format!("{k}={}", quote(&v))),
        }
    }
    Some(Split {
        rest: kept.join(" "),
        sslmode,
        sslrootcert,
    })
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.is_empty())
}

/// Parses `text`; fills what it leaves out from the environment as libpq does.
pub fn parse(text: &str, source: Source) -> Result<Address> {
    let bad = |detail: &dyn std::fmt::Display| {
        let detail = detail.to_string();
        Error::Hub(HubProblem::BadAddress { detail })
    };
    let parts = split(text).ok_or_else(|| bad(&"key=value"))?;
    let ssl = match parts.sslmode.as_deref().or(env("PGSSLMODE").as_deref()) {
        None => SslMode::Prefer,
        Some(v) => SslMode::parse(v).ok_or_else(|| bad(&format!("sslmode={v}")))?,
    };
    let mut config = if parts.rest.trim().is_empty() {
        postgres::Config::new()
    } else {
        // The crate's parse errors name the option, never its value.
        postgres::Config::from_str(&parts.rest).map_err(|e| bad(&e))?
    };
    if config.get_password().is_some() && source == Source::Config {
        return Err(Error::Hub(HubProblem::PasswordInConfig));
    }
    if config.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(h) if h.starts_with('/') => config.host_path(h),
            Some(h) => config.host(&h),
            None => config.host_path("/var/run/postgresql"),
        };
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT").and_then(|p| p.parse().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none()
        && let Some(user) = env("PGUSER").or_else(|| env("USER"))
    {
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(db) = env("PGDATABASE")
    {
        config.dbname(&db);
    }
    if config.get_connect_timeout().is_none() {
        let secs = env("PGCONNECT_TIMEOUT")
            .and_then(|s| s.parse().ok())
            .unwrap_or(10);
        config.connect_timeout(Duration::from_secs(secs));
    }
    config.ssl_mode(match ssl {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Allow | SslMode::Prefer => postgres::config::SslMode::Prefer,
        SslMode::Require | SslMode::VerifyCa | SslMode::VerifyFull => {
            postgres::config::SslMode::Require
        }
    });
    config.application_name("rehearse");
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        Some(Host::Unix(p)) => p.display().to_string(),
        None => String::new(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432);
    let user = config.get_user().unwrap_or_default().to_owned();
    let dbname = config.get_dbname().unwrap_or(&user).to_owned();
    if config.get_password().is_none()
        && let Some(p) = env("PGPASSWORD").or_else(|| pgpass(&host, port, &dbname, &user))
    {
        config.password(p);
    }
    Ok(Address {
        config,
        ssl,
        rootcert: parts
            .sslrootcert
            .or_else(|| env("PGSSLROOTCERT"))
            .map(PathBuf::from),
        shown: format!("{host}:{port}/{dbname} ({user})"),
    })
}

/// The password file's entry for this connection, as libpq looks it up: fields
/// `host:port:database:user:password`, `*` matching anything, `\:` and `\\` escaped;
/// a file that others may read is ignored, as libpq ignores it.
fn pgpass(host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    let path = env("PGPASSFILE")
        .map(PathBuf::from)
        .or_else(|| env("HOME").map(|h| Path::new(&h).join(".pgpass")))?;
    pgpass_in(&path, host, port, dbname, user)
}

fn pgpass_in(path: &Path, host: &str, port: u16, dbname: &str, user: &str) -> Option<String> {
    let meta = std::fs::metadata(path).ok()?;
    {
        use std::os::unix::fs::PermissionsExt;
        if !meta.is_file() || meta.permissions().mode() & 0o077 != 0 || meta.len() > 1 << 20 {
            return None;
        }
    }
    let text = std::fs::read_to_string(path).ok()?;
    let port = port.to_string();
    let socket = host.starts_with('/');
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut chars = line.chars();
        while let Some(c) = chars.next() {
            match c {
                '\\' => field.extend(chars.next()),
                ':' if fields.len() < 4 => fields.push(std::mem::take(&mut field)),
                _ => field.push(c),
            }
        }
        fields.push(field);
        let [h, p, d, u, password] = <[String; 5]>::try_from(fields).ok()?;
        let host_ok = h == "*" || h == host || (socket && h == "localhost");
        if host_ok
            && (p == "*" || p == port)
            && (d == "*" || d == dbname)
            && (u == "*" || u == user)
        {
            return Some(password);
        }
    }
    None
}

fn tls(addr: &Address) -> Result<MakeTlsConnector> {
    let fail = |e: openssl::error::ErrorStack| {
        let (hub, detail) = (addr.shown.clone(), e.to_string());
        Error::Hub(HubProblem::TlsSetup { hub, detail })
    };
    let mut builder = SslConnector::builder(SslMethod::tls()).map_err(fail)?;
    let verify = matches!(addr.ssl, SslMode::VerifyCa | SslMode::VerifyFull);
    if verify {
        let default_root = env("HOME").map(|h| Path::new(&h).join(".postgresql/root.crt"));
        match addr
            .rootcert
            .clone()
            .or_else(|| default_root.filter(|p| p.is_file()))
        {
            Some(file) => builder.set_ca_file(&file).map_err(fail)?,
            None => builder.set_default_verify_paths().map_err(fail)?,
        }
        builder.set_verify(SslVerifyMode::PEER);
    } else {
        builder.set_verify(SslVerifyMode::NONE);
    }
    let mut connector = MakeTlsConnector::new(builder.build());
    if addr.ssl != SslMode::VerifyFull {
        connector.set_callback(|config, _| {
            config.set_verify_hostname(false);
            Ok(())
        });
    }
    Ok(connector)
}

/// Connects. A hub that cannot be reached is [`HubProblem::Offline`]; one that
/// answers and refuses (a wrong password, no such database) is [`HubProblem::Refused`].
pub fn connect(addr: &Address) -> Result<Client> {
    let result = if addr.ssl == SslMode::Disable {
        addr.config.connect(NoTls)
    } else {
        addr.config.connect(tls(addr)?)
    };
    result.map_err(|e| classify(&e, addr))
}

/// A failure while talking to the hub, as the user should read it.
pub fn classify(e: &postgres::Error, addr: &Address) -> Error {
    let hub = addr.shown.clone();
    if let Some(db) = e.as_db_error() {
        let detail = db.message().to_owned();
        return Error::Hub(HubProblem::Refused { hub, detail });
    }
    let detail = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        if s.is::<std::io::Error>() {
            return Error::Hub(HubProblem::Offline { hub, detail });
        }
        source = s.source();
    }
    if e.is_closed() {
        return Error::Hub(HubProblem::Offline { hub, detail });
    }
    let detail = with_causes(e);
    Error::Hub(HubProblem::Failed { hub, detail })
}

/// The error and every cause under it (`error performing TLS handshake: … certificate
/// verify failed …`), which the crate's own message leaves out.
fn with_causes(e: &postgres::Error) -> String {
    let mut text = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        let part = s.to_string();
        if !text.contains(&part) {
            text.push_str(": ");
            text.push_str(&part);
        }
        source = s.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn libpq_options_are_taken_out_of_both_forms() {
        let s = split("host=h dbname='a b' sslmode=verify-full sslrootcert='/x/ca.crt'").unwrap();
        assert_eq!(s.rest, "host='h' dbname='a b'");
        assert_eq!(s.sslmode.as_deref(), Some("verify-full"));
        assert_eq!(s.sslrootcert.as_deref(), Some("/x/ca.crt"));
        let s = split(
            "postgresql://u@h:5/db?sslmode=verify-ca&sslrootcert=%2Fca.pem&application_name=x",
        )
        .unwrap();
        assert_eq!(s.rest, "postgresql://u@h:5/db?application_name=x");
        assert_eq!(s.sslmode.as_deref(), Some("verify-ca"));
        assert_eq!(s.sslrootcert.as_deref(), Some("/ca.pem"));
        assert!(split("host").is_none());
        assert!(split("host='unclosed").is_none());
    }

    #[test]
    fn a_password_in_the_config_is_refused_and_never_shown() {
        let e = parse("host=h user=u password=s3cret", Source::Config).unwrap_err();
        let text = crate::i18n::render_error(&e, Lang::En);
        assert!(!text.contains("s3cret"), "{text}");
        let a = parse("host=h user=u password=s3cret", Source::Environment).unwrap();
        assert_eq!(a.shown, "h:5432/u (u)");
        assert!(!format!("{a:?}").contains("s3cret"));
        let e = parse("host=h sslmode=sometimes", Source::Config).unwrap_err();
        let text = crate::i18n::render_error(&e, Lang::En);
        assert!(text.contains("sslmode=sometimes"), "{text}");
    }

    #[test]
    fn pgpass_lines_match_like_libpq() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("pgpass");
        std::fs::write(
            &file,
            "# comment\nother:*:*:*:no\n*:5433:hub:br\\:1:p\\:w\nlocalhost:*:*:*:sock\n",
        )
        .unwrap();
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600)).unwrap();
        let find = |h, p, d, u| pgpass_in(&file, h, p, d, u);
        assert_eq!(find("h", 5433, "hub", "br:1").as_deref(), Some("p:w"));
        assert_eq!(find("h", 5432, "hub", "br:1"), None);
        assert_eq!(find("/run/pg", 5432, "x", "y").as_deref(), Some("sock"));
        std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(find("h", 5433, "hub", "br:1"), None);
    }
}
