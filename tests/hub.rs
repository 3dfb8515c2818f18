//! The head office's hub against a real PostgreSQL server (one per test binary,
//! see `common/pg.rs`; each test has its own database and its own branch codes):
//! `sync`, `export` / `hub import`, `hub init`, `hub report`, row-level security,
//! and what happens when things go wrong.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::{Run, Sandbox, pg};
use rehearse::store::Store;

const FIXTURE: &str = "tests/fixtures/progress-format-1.db";
const PASSWORD: &str = "branch-pass-1";

/// A branch machine: the format-1 fixture (6 runs, 2 of them meetings of 2) as its
/// database, plus `extra` copies of its first run.
fn branch(extra: usize) -> Sandbox {
    let sb = Sandbox::new();
    let db = sb.path().join("progress.db");
    std::fs::copy(FIXTURE, &db).expect("copy the fixture");
    drop(Store::open(&db).expect("migrate the fixture"));
    if extra > 0 {
        let mut c = rusqlite::Connection::open(&db).unwrap();
        let tx = c.transaction().unwrap();
        for i in 0..extra {
            tx.execute(
                "INSERT INTO runs (trainee, scenario_id, scenario_hash, seed, started_at, \
                 finished_at, score, passed, walked_out) SELECT trainee, scenario_id, \
                 scenario_hash, seed + ?1, started_at, finished_at, score, passed, walked_out \
                 FROM runs WHERE id = 2",
                [i as i64 + 1],
            )
            .unwrap();
            tx.execute(
                "INSERT INTO steps (run_id, position, step_id, customer, answer, score, passed, \
                 missing, banned) SELECT last_insert_rowid(), position, step_id, customer, \
                 answer, score, passed, missing, banned FROM steps WHERE run_id = 2",
                [],
            )
            .unwrap();
        }
        tx.commit().unwrap();
    }
    sb
}

fn hub_env(
    sb: &Sandbox,
    db: &str,
    user: &str,
    password: &str,
    code: &str,
) -> Vec<(String, String)> {
    let _ = sb;
    vec![
        ("REHEARSE_HUB".into(), pg::server().url(db, user)),
        ("PGPASSWORD".into(), password.into()),
        ("REHEARSE_BRANCH".into(), code.into()),
    ]
}

fn run(sb: &Sandbox, args: &[&str], env: &[(String, String)]) -> Run {
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    sb.run_with(args, &env)
}

/// A hub database set up by `rehearse hub init` with these branches, each branch
/// role with [`PASSWORD`].
fn hub(test: &str, codes: &[&str]) -> String {
    let server = pg::server();
    let db = server.new_db(test);
    let sb = Sandbox::new();
    let mut args = vec!["hub", "init"];
    for c in codes {
        args.extend(["--branch", c]);
    }
    let env = hub_env(&sb, &db, "postgres", "", "x");
    run(&sb, &args, &env).expect(0);
    for c in codes {
        server.set_password(&db, &format!("rehearse_branch_{c}"), PASSWORD);
    }
    db
}

fn count(db: &str, sql: &str) -> i64 {
    count_on(&mut pg::server().admin(db), sql)
}

/// A one-number query's answer, through a given connection (a role, a transaction).
fn count_on(c: &mut impl postgres::GenericClient, sql: &str) -> i64 {
    c.query_one(sql, &[]).unwrap().get(0)
}

fn local(sb: &Sandbox, sql: &str) -> i64 {
    let c = rusqlite::Connection::open(sb.path().join("progress.db")).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn local_uuids(sb: &Sandbox) -> Vec<String> {
    let c = rusqlite::Connection::open(sb.path().join("progress.db")).unwrap();
    let mut s = c.prepare("SELECT uuid FROM runs ORDER BY uuid").unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn hub_uuids(db: &str, code: &str) -> Vec<String> {
    pg::server()
        .admin(db)
        .query(
            "SELECT uuid::text FROM rehearse.runs WHERE branch = $1 ORDER BY 1",
            &[&code],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn push_then_push_again_lands_every_run_once() {
    let db = hub("push", &["P1"]);
    let sb = branch(0);
    sb.write(
        "home/config/rehearse/config.yaml",
        "trainee: 张三\nemployee: E001\nbranch_name: 东湖路支行\n",
    );
    let env = hub_env(&sb, &db, "rehearse_branch_P1", PASSWORD, "P1");
    let first = run(&sb, &["sync", "--json"], &env);
    first.expect(0);
    assert_eq!(first.json()["sent"], 6, "{}", first.stdout());
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 6);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.meetings"), 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.meetings WHERE trainees = 2"
        ),
        2
    );
    assert_eq!(hub_uuids(&db, "P1"), local_uuids(&sb));
    assert_eq!(
        local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
        0
    );
    // Identity: the employee number where the config gives one, a pseudonym
    // otherwise, and no names unless the config says so.
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.runs WHERE trainee = 'E001'"
        ),
        2
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.runs WHERE trainee LIKE 'anon-%'"
        ),
        4
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.runs WHERE trainee_name IS NOT NULL"
        ),
        0
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.branches WHERE name = '东湖路支行'"
        ),
        1
    );
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.runs WHERE skill = 'phone' AND jsonb_array_length(steps) = 4"
        ),
        6
    );

    let second = run(&sb, &["sync", "--json"], &env);
    second.expect(0);
    assert_eq!(second.json()["sent"], 0);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 6);

    // A run recorded since goes up with the next push, alone.
    let answers = sb.write("a.yaml", "- 您好\n- 好\n- 好\n- 再见\n");
    let env_run: Vec<(String, String)> = env.clone();
    run(
        &sb,
        &[
            "run",
            "phone-inbound-greeting",
            "--answers",
            answers.to_str().unwrap(),
            "--seed",
            "5",
        ],
        &env_run,
    );
    let third = run(&sb, &["sync", "--json"], &env);
    third.expect(0);
    assert_eq!(third.json()["sent"], 1);
    assert_eq!(hub_uuids(&db, "P1"), local_uuids(&sb));
}

#[test]
fn a_push_killed_midway_then_pushed_again_loses_and_duplicates_nothing() {
    let db = hub("killed", &["K1"]);
    let sb = branch(4000);
    let env = hub_env(&sb, &db, "rehearse_branch_K1", PASSWORD, "K1");
    let env_ref: Vec<(&str, &str)> = env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut cmd = sb.command(&["sync", "--batch", "20"]);
    for (k, v) in &env_ref {
        cmd.env(k, v);
    }
    let mut child = cmd
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut admin = pg::server().admin(&db);
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let n: i64 = count_on(&mut admin, "SELECT count(*) FROM rehearse.runs");
        if n > 0 {
            break;
        }
        assert!(Instant::now() < deadline, "the push never started");
        std::thread::sleep(Duration::from_millis(2));
    }
    // Hold the next batch at the server, then kill the pusher while it waits.
    let mut tx = admin.transaction().unwrap();
    tx.batch_execute("LOCK TABLE rehearse.runs IN EXCLUSIVE MODE")
        .unwrap();
    let landed: i64 = count_on(&mut tx, "SELECT count(*) FROM rehearse.runs");
    assert!(landed > 0 && landed < 4006, "landed {landed}");
    std::thread::sleep(Duration::from_millis(200));
    child.kill().unwrap(); // SIGKILL
    let status = child.wait().unwrap();
    assert!(!status.success());
    drop(tx);
    let marked = local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NOT NULL");
    assert!(marked <= landed, "marked {marked} > landed {landed}");

    let again = run(&sb, &["sync", "--json"], &env);
    again.expect(0);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 4006);
    assert_eq!(hub_uuids(&db, "K1"), local_uuids(&sb));
    assert_eq!(
        local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
        0
    );
}

/// Starts `rehearse sync --batch BATCH` on every machine at once, each with its
/// branch's login, and waits for all of them to succeed.
fn sync_at_once(db: &str, machines: &[Sandbox], codes: &[&str], batch: &str) {
    let children: Vec<_> = machines
        .iter()
        .zip(codes)
        .map(|(sb, code)| {
            let env = hub_env(sb, db, &format!("rehearse_branch_{code}"), PASSWORD, code);
            let mut cmd = sb.command(&["sync", "--batch", batch]);
            for (k, v) in &env {
                cmd.env(k, v);
            }
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn twenty_branches_pushing_at_once_each_land_every_run_once() {
    let codes: Vec<String> = (1..=20).map(|i| format!("T{i:02}")).collect();
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let db = hub("twenty", &refs);
    let machines: Vec<Sandbox> = codes.iter().map(|_| branch(44)).collect();
    sync_at_once(&db, &machines, &refs, "10");
    for (sb, code) in machines.iter().zip(&codes) {
        assert_eq!(hub_uuids(&db, code), local_uuids(sb), "branch {code}");
    }
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 20 * 50);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.meetings"), 20 * 2);
}

#[test]
fn a_bundle_imported_twice_lands_once() {
    let db = hub("bundle", &[]);
    let sb = branch(10);
    let env = hub_env(&sb, &db, "postgres", "", "AIR1");
    run(&sb, &["export", "--out", "b.bundle"], &env).expect(0);
    // Exported runs are not exported again, unless asked.
    let again = run(&sb, &["export", "--out", "c.bundle"], &env);
    again.expect(0);
    assert!(!sb.path().join("c.bundle").exists());
    run(&sb, &["export", "--out", "c.bundle", "--all"], &env).expect(0);

    let first = run(&sb, &["hub", "import", "b.bundle", "--json"], &env);
    first.expect(0);
    assert_eq!(first.json()["runs"], 16);
    let second = run(&sb, &["hub", "import", "c.bundle", "--json"], &env);
    second.expect(0);
    assert_eq!(second.json()["runs"], 0);
    assert_eq!(second.json()["already"], 16);
    let third = run(&sb, &["hub", "import", "b.bundle", "--json"], &env);
    third.expect(0);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 16);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.meetings"), 2);
    assert_eq!(hub_uuids(&db, "AIR1"), local_uuids(&sb));
}

#[test]
fn a_tampered_or_truncated_bundle_is_refused_whole() {
    let db = hub("tamper", &[]);
    let sb = branch(50);
    let env = hub_env(&sb, &db, "postgres", "", "AIR2");
    run(&sb, &["export", "--out", "b.bundle"], &env).expect(0);
    let bytes = std::fs::read(sb.path().join("b.bundle")).unwrap();
    let mut altered = bytes.clone();
    let middle = altered.len() / 2;
    altered[middle] ^= 0x20;
    sb.write("altered.bundle", &altered);
    sb.write("truncated.bundle", &bytes[..bytes.len() * 2 / 3]);
    sb.write("not.bundle", "hello");
    for (file, says) in [
        ("altered.bundle", "checksum"),
        ("truncated.bundle", "truncated"),
        ("not.bundle", "not a rehearse bundle"),
    ] {
        let r = run(&sb, &["hub", "import", file], &env);
        r.expect(2);
        assert!(r.stderr().contains(says), "{file}: {}", r.stderr());
        r.stderr_has("nothing was loaded");
    }
    // A bundle whose checksum is right but whose 30th run cannot be stored: the
    // runs before it are not loaded either.
    let mut b = rehearse::hub::bundle::read(&bytes).unwrap();
    b.runs[30].uuid = "not-a-uuid".into();
    let mut forged = Vec::new();
    rehearse::hub::bundle::write(&mut forged, &b).unwrap();
    sb.write("forged.bundle", &forged);
    run(&sb, &["hub", "import", "forged.bundle"], &env).expect(2);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 0);
    run(&sb, &["hub", "import", "b.bundle"], &env).expect(0);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 56);
}

fn connect_as(db: &str, role: &str, password: &str) -> postgres::Client {
    let url = format!("{} password={password}", pg::server().url(db, role));
    postgres::Client::connect(&url, postgres::NoTls).unwrap()
}

#[test]
fn a_branch_role_cannot_reach_another_branchs_rows() {
    let db = hub("rls", &["RA", "RB"]);
    let a = branch(1);
    let b = branch(3);
    run(
        &a,
        &["sync"],
        &hub_env(&a, &db, "rehearse_branch_RA", PASSWORD, "RA"),
    )
    .expect(0);
    run(
        &b,
        &["sync"],
        &hub_env(&b, &db, "rehearse_branch_RB", PASSWORD, "RB"),
    )
    .expect(0);

    let mut ra = connect_as(&db, "rehearse_branch_RA", PASSWORD);
    let seen: i64 = count_on(&mut ra, "SELECT count(*) FROM rehearse.runs");
    assert_eq!(seen, 7);
    let theirs: i64 = count_on(
        &mut ra,
        "SELECT count(*) FROM rehearse.runs WHERE branch = 'RB'",
    );
    assert_eq!(theirs, 0);
    let meetings: i64 = count_on(
        &mut ra,
        "SELECT count(*) FROM rehearse.meetings WHERE branch = 'RB'",
    );
    assert_eq!(meetings, 0);
    // Writing as branch B, changing or deleting B's rows: refused or reaches nothing.
    let insert = ra.batch_execute(
        "INSERT INTO rehearse.runs (uuid, branch, trainee, scenario_id, scenario_hash, seed, \
         started_at, finished_at, score, passed, walked_out) VALUES \
         (gen_random_uuid(), 'RB', 'x', 's', 'h', 1, now(), now(), 100, true, false)",
    );
    let e = insert.unwrap_err();
    assert!(
        e.as_db_error()
            .unwrap()
            .message()
            .contains("row-level security"),
        "{e:?}"
    );
    for sql in [
        "UPDATE rehearse.runs SET score = 0",
        "DELETE FROM rehearse.runs",
        "DELETE FROM rehearse.meetings",
    ] {
        let e = ra.batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}"
        );
    }
    // The summaries too: A's own rows only, and no way to write one.
    for table in [
        "run_days",
        "run_months",
        "item_days",
        "item_months",
        "trainee_skills",
        "meeting_days",
    ] {
        let (own, theirs): (i64, i64) = ra
            .query_one(
                &format!(
                    "SELECT count(*) FILTER (WHERE branch = 'RA'), \
                     count(*) FILTER (WHERE branch <> 'RA') FROM rehearse.{table}"
                ),
                &[],
            )
            .map(|r| (r.get(0), r.get(1)))
            .unwrap();
        assert!(own > 0, "{table}");
        assert_eq!(theirs, 0, "{table}");
        let all = count(&db, &format!("SELECT count(*) FROM rehearse.{table}"));
        assert!(all > own, "{table}: {all}");
        for sql in [
            format!("UPDATE rehearse.{table} SET branch = 'RA'"),
            format!("DELETE FROM rehearse.{table}"),
        ] {
            let e = ra.batch_execute(&sql).unwrap_err();
            assert_eq!(
                e.code(),
                Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
                "{sql}"
            );
        }
    }
    let forged = ra.batch_execute(
        "INSERT INTO rehearse.run_days VALUES ('RA', 'phone', '2026-01-01', 1000, 1000, 100000)",
    );
    assert_eq!(
        forged.unwrap_err().code(),
        Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE)
    );
    let renamed = ra
        .execute(
            "UPDATE rehearse.branches SET name = 'hijacked' WHERE code = 'RB'",
            &[],
        )
        .unwrap();
    assert_eq!(renamed, 0);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.runs WHERE branch = 'RB'"
        ),
        9
    );
    // A machine configured as branch B cannot push with A's role.
    let wrong = run(
        &b,
        &["sync"],
        &hub_env(&b, &db, "rehearse_branch_RA", PASSWORD, "RB"),
    );
    wrong.expect(2).stderr_has("belongs to branch RA");

    // The head office reads everything, through `rehearse_office`.
    let server = pg::server();
    server
        .admin(&db)
        .batch_execute("DO $$ BEGIN CREATE ROLE rls_office LOGIN IN ROLE rehearse_office; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        .unwrap();
    server.set_password(&db, "rls_office", "office-pass");
    let mut office = connect_as(&db, "rls_office", "office-pass");
    let all: i64 = count_on(&mut office, "SELECT count(*) FROM rehearse.runs");
    assert_eq!(all, 16);
    assert!(office.batch_execute("DELETE FROM rehearse.runs").is_err());

    let env = hub_env(&a, &db, "rls_office", "office-pass", "RA");
    let report = run(&a, &["hub", "report", "--json"], &env);
    report.expect(0);
    let json = report.json();
    let branches: Vec<(String, i64)> = json["by_branch"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| {
            (
                g["key"].as_str().unwrap().to_owned(),
                g["runs"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(branches, [("RA".to_owned(), 7), ("RB".to_owned(), 9)]);
    assert_eq!(json["by_skill"][0]["key"], "phone");
    assert_eq!(json["meetings"][0]["meetings"], 2);
    assert!(
        json["most_banned"]
            .as_array()
            .unwrap()
            .iter()
            .any(|c| c["item"] == "不知道"),
        "{json}"
    );
    let only_b = run(&a, &["hub", "report", "--json", "--branch", "RB"], &env);
    assert_eq!(only_b.json()["by_branch"].as_array().unwrap().len(), 1);
    let future = run(
        &a,
        &["hub", "report", "--json", "--since", "2999-01-01"],
        &env,
    );
    assert_eq!(future.json()["by_branch"].as_array().unwrap().len(), 0);
    for file in ["r.html", "r.md", "r.csv"] {
        run(&a, &["hub", "report", "--report", file], &env).expect(0);
        let text = std::fs::read_to_string(a.path().join(file)).unwrap();
        assert!(text.contains("RB"), "{file}: {text}");
    }
    let page = std::fs::read_to_string(a.path().join("r.html")).unwrap();
    assert_eq!(page.matches("<svg").count(), 2);
    assert!(!page.contains("<script"));
    // The branch role sees only its own branch in the same report.
    let own = run(
        &a,
        &["hub", "report", "--json"],
        &hub_env(&a, &db, "rehearse_branch_RA", PASSWORD, "RA"),
    );
    assert_eq!(own.json()["by_branch"].as_array().unwrap().len(), 1);
}

#[test]
fn a_hub_newer_than_the_binary_is_refused() {
    let db = hub("newer", &["N1"]);
    pg::server()
        .admin(&db)
        .batch_execute("UPDATE rehearse.meta SET value = '99' WHERE key = 'hub_version'")
        .unwrap();
    let sb = branch(0);
    let r = run(
        &sb,
        &["sync"],
        &hub_env(&sb, &db, "rehearse_branch_N1", PASSWORD, "N1"),
    );
    r.expect(2).stderr_has("newer rehearse (hub_version 99");
    assert_eq!(
        local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
        6
    );
    let admin = hub_env(&sb, &db, "postgres", "", "N1");
    let init = run(&sb, &["hub", "init"], &admin);
    init.expect(2).stderr_has("newer");
    run(&sb, &["hub", "report"], &admin).expect(2);
    assert_eq!(
        count(
            &db,
            "SELECT value::int8 FROM rehearse.meta WHERE key = 'hub_version'"
        ),
        99
    );
}

#[test]
fn a_wrong_password_is_refused_and_never_printed() {
    let db = hub("password", &["W1"]);
    let sb = branch(0);
    let r = run(
        &sb,
        &["sync"],
        &hub_env(&sb, &db, "rehearse_branch_W1", "Wrong-Secret-77", "W1"),
    );
    r.expect(2).stderr_has("password authentication failed");
    assert!(!r.stderr().contains("Wrong-Secret-77") && !r.stdout().contains("Wrong-Secret-77"));
    assert_eq!(
        local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
        6
    );
    // In the connection string itself (from the environment): refused the same way.
    let mut env = hub_env(&sb, &db, "rehearse_branch_W1", "", "W1");
    env[0].1.push_str(" password=Wrong-Secret-77");
    let r = run(&sb, &["sync"], &env);
    r.expect(2);
    assert!(!r.stderr().contains("Wrong-Secret-77"), "{}", r.stderr());
    // From a password file, as libpq reads it.
    let pgpass = sb.write(
        "pgpass",
        format!("*:*:{db}:rehearse_branch_W1:{PASSWORD}\n"),
    );
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&pgpass, std::fs::Permissions::from_mode(0o600)).unwrap();
    }
    let mut env = hub_env(&sb, &db, "rehearse_branch_W1", "", "W1");
    env.retain(|(k, _)| k != "PGPASSWORD");
    env.push(("PGPASSFILE".into(), pgpass.display().to_string()));
    run(&sb, &["sync"], &env).expect(0);
    // A password written into the config is refused before anything is sent.
    let other = branch(0);
    other.write(
        "home/config/rehearse/config.yaml",
        format!(
            "branch: W1\nhub: \"{} password=x\"\n",
            pg::server().url(&db, "rehearse_branch_W1")
        ),
    );
    let r = other.run(&["sync"]);
    r.expect(2).stderr_has("holds a password");
}

#[test]
fn a_hub_that_is_down_leaves_every_run_queued() {
    let sb = branch(0);
    let nowhere = sb.path().join("no-server");
    std::fs::create_dir_all(&nowhere).unwrap();
    for hub in [
        format!("host={} dbname=x user=y", nowhere.display()),
        "host=127.0.0.1 port=1 dbname=x user=y sslmode=disable".to_owned(),
    ] {
        let env = vec![
            ("REHEARSE_HUB".to_owned(), hub),
            ("REHEARSE_BRANCH".to_owned(), "D1".to_owned()),
        ];
        let r = run(&sb, &["sync"], &env);
        r.expect(3).stderr_has("cannot be reached");
        r.stderr_has("6 runs stay queued");
        assert_eq!(
            local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
            6
        );
    }
    // Without a branch code or an address, the command says what to set.
    let r = sb.run_with(&["sync"], &[("REHEARSE_HUB", "host=/x")]);
    r.expect(2).stderr_has("REHEARSE_BRANCH");
    let r = sb.run_with(&["sync"], &[("REHEARSE_BRANCH", "D1")]);
    r.expect(2).stderr_has("REHEARSE_HUB");
    assert!(Path::new(FIXTURE).exists());
}

/// Spreads a branch machine's runs over the last 90 days (a different time of day
/// each) and varies their scores, so pushes land on many days and months.
fn spread(sb: &Sandbox, shift: i64) {
    let c = rusqlite::Connection::open(sb.path().join("progress.db")).unwrap();
    c.execute(
        "UPDATE runs SET finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', \
         '-' || ((id * 7 + ?1) % 90) || ' days', '-' || ((id * 7919) % 86400) || ' seconds'), \
         score = (id * 37 + ?1) % 101, passed = (id * 37 + ?1) % 101 >= 60",
        [shift],
    )
    .unwrap();
}

/// `n` runs inserted straight into the hub (as its owner) for `codes`, over the last
/// 120 days: some without a skill, with names, missed items and banned phrases.
fn fill(db: &str, codes: &[&str], n: i32) {
    let codes: Vec<String> = codes.iter().map(|c| (*c).to_owned()).collect();
    pg::server()
        .admin(db)
        .execute(
            "INSERT INTO rehearse.branches (code) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
            &[&codes],
        )
        .unwrap();
    pg::server()
        .admin(db)
        .execute(
            "INSERT INTO rehearse.runs (uuid, branch, trainee, trainee_name, scenario_id, skill,
                 scenario_hash, seed, started_at, finished_at, score, passed, walked_out, missed,
                 banned)
             SELECT gen_random_uuid(), ($1::text[])[1 + i % cardinality($1::text[])],
                    'E' || (i % 37), 'Name ' || (i % 37), 's' || (i % 5),
                    CASE WHEN i % 11 = 0 THEN NULL ELSE (ARRAY['phone', 'spin', 'fab'])[1 + i % 3] END,
                    'h', i, ts - interval '5 minutes', ts, sc, sc >= 60, false,
                    CASE WHEN sc < 60 THEN ARRAY[(ARRAY['您好', '致谢', '风险提示'])[1 + i % 3]]
                         ELSE '{}' END,
                    CASE WHEN i % 5 = 0 THEN ARRAY['你', '保证'] WHEN i % 7 = 0 THEN ARRAY['不知道']
                         ELSE '{}' END
             FROM (SELECT i, (i * 7919) % 101 AS sc,
                          now() - (i::int8 * 104729 % (120 * 86400)) * interval '1 second' AS ts
                   FROM generate_series(1, $2) i) g",
            &[&codes, &n],
        )
        .unwrap();
    pg::server()
        .admin(db)
        .execute(
            "INSERT INTO rehearse.meetings (uuid, branch, local_id, scenario_id, skill, held_at, trainees)
             SELECT gen_random_uuid(), ($1::text[])[1 + m % cardinality($1::text[])], 'm' || m, 's',
                    CASE WHEN m % 4 = 0 THEN NULL ELSE 'phone' END,
                    now() - (m::int8 * 86399 % (100 * 86400)) * interval '1 second', 2 + m % 4
             FROM generate_series(1, $2 / 20) m",
            &[&codes, &n],
        )
        .unwrap();
}

/// The report's figures computed from the runs and meetings themselves, as the
/// summaries must give them: the same shape as `hub report --json`.
fn report_from_rows(db: &str, f: &[Option<&str>; 3]) -> serde_json::Value {
    use serde_json::json;
    let mut c = pg::server().admin(db);
    let (branch, skill, since) = (f[0], f[1], f[2]);
    let runs = "SELECT *, (finished_at AT TIME ZONE 'UTC')::date AS day FROM rehearse.runs
        WHERE ($1::text IS NULL OR branch = $1) AND ($2::text IS NULL OR skill = $2)
          AND ($3::text IS NULL OR finished_at >= $3::text::timestamptz)";
    let group = |c: &mut postgres::Client, key: &str, name: &str, join: &str| {
        let sql = format!(
            "WITH r AS ({runs}), edge AS (SELECT max(day) AS e FROM r)
             SELECT {key}, {name}, count(*), count(*) FILTER (WHERE passed),
                    round(avg(score), 1)::float8, count(DISTINCT (branch, trainee)),
                    round(100.0 * count(*) FILTER (WHERE passed AND day > e - 28)
                          / nullif(count(*) FILTER (WHERE day > e - 28), 0), 1)::float8,
                    round(100.0 * count(*) FILTER (WHERE passed AND day <= e - 28 AND day > e - 56)
                          / nullif(count(*) FILTER (WHERE day <= e - 28 AND day > e - 56), 0), 1)::float8
             FROM r CROSS JOIN edge {join} GROUP BY 1, 2 ORDER BY 1"
        );
        c.query(&sql, &[&branch, &skill, &since])
            .unwrap()
            .iter()
            .map(|row| {
                let (runs, passed): (i64, i64) = (row.get(2), row.get(3));
                let rate = (1000.0 * passed as f64 / runs as f64).round() / 10.0;
                json!({
                    "key": row.get::<_, Option<String>>(0).unwrap_or_else(|| "-".into()),
                    "name": row.get::<_, Option<String>>(1),
                    "runs": runs, "passed": passed, "pass_rate": rate,
                    "average_score": row.get::<_, f64>(4), "trainees": row.get::<_, i64>(5),
                    "recent_pass_rate": row.get::<_, Option<f64>>(6),
                    "earlier_pass_rate": row.get::<_, Option<f64>>(7),
                })
            })
            .collect::<Vec<_>>()
    };
    let items = |c: &mut postgres::Client, column: &str| {
        let sql = format!(
            "WITH r AS ({runs}) SELECT item, count(*) FROM r, unnest(r.{column}) AS item
             GROUP BY item ORDER BY 2 DESC, 1 LIMIT 10"
        );
        c.query(&sql, &[&branch, &skill, &since])
            .unwrap()
            .iter()
            .map(|row| json!({"item": row.get::<_, String>(0), "count": row.get::<_, i64>(1)}))
            .collect::<Vec<_>>()
    };
    let idle = format!(
        "WITH r AS ({runs})
         SELECT branch, trainee, max(trainee_name),
                to_char(max(finished_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
         FROM r GROUP BY branch, trainee HAVING max(finished_at) < now() - interval '4 weeks'
         ORDER BY max(finished_at), 1, 2 LIMIT 1000"
    );
    let meetings = "SELECT m.branch, b.name, count(*), sum(m.trainees)::int8,
            to_char(max(m.held_at) AT TIME ZONE 'UTC', 'YYYY-MM-DD')
         FROM rehearse.meetings m LEFT JOIN rehearse.branches b ON b.code = m.branch
         WHERE ($1::text IS NULL OR m.branch = $1) AND ($2::text IS NULL OR m.skill = $2)
           AND ($3::text IS NULL OR m.held_at >= $3::text::timestamptz)
         GROUP BY 1, 2 ORDER BY 1";
    json!({
        "by_branch": group(&mut c, "r.branch", "b.name",
                           "LEFT JOIN rehearse.branches b ON b.code = r.branch"),
        "by_skill": group(&mut c, "r.skill", "NULL::text", ""),
        "most_missed": items(&mut c, "missed"),
        "most_banned": items(&mut c, "banned"),
        "idle": c.query(&idle, &[&branch, &skill, &since]).unwrap().iter().map(|row| json!({
            "branch": row.get::<_, String>(0), "trainee": row.get::<_, String>(1),
            "name": row.get::<_, Option<String>>(2), "last_run": row.get::<_, String>(3),
        })).collect::<Vec<_>>(),
        "meetings": c.query(meetings, &[&branch, &skill, &since]).unwrap().iter().map(|row| json!({
            "branch": row.get::<_, String>(0), "name": row.get::<_, Option<String>>(1),
            "meetings": row.get::<_, i64>(2), "trainees": row.get::<_, i64>(3),
            "last": row.get::<_, String>(4),
        })).collect::<Vec<_>>(),
    })
}

/// `hub report --json` (read from the summaries) against the same figures from
/// the rows, whole bank and filtered: since a date, a time of day, the first of
/// a month, a skill, a branch. Returns how many filters were compared.
fn assert_report_agrees(db: &str, sb: &Sandbox, one_branch: &str) -> usize {
    // Since: a date, a time of day, the first of a month, a time in another zone.
    let row = pg::server()
        .admin(db)
        .query_one(
            "SELECT to_char(now() - interval '40 days', 'YYYY-MM-DD'),
                    to_char(now() AT TIME ZONE 'UTC' - interval '10 days', 'YYYY-MM-DD\"T\"13:37:05\"Z\"'),
                    to_char(date_trunc('month', now() AT TIME ZONE 'UTC') - interval '1 month', 'YYYY-MM-DD'),
                    to_char(now() AT TIME ZONE 'UTC' - interval '70 days', 'YYYY-MM-DD\"T\"23:59:59+08:00')",
            &[],
        )
        .unwrap();
    let times: Vec<String> = (0..4).map(|i| row.get(i)).collect();
    let mut filters: Vec<[Option<&str>; 3]> = vec![
        [None, None, None],
        [None, Some("phone"), None],
        [Some(one_branch), None, None],
    ];
    for t in &times {
        filters.push([None, None, Some(t)]);
    }
    filters.push([Some(one_branch), Some("phone"), Some(&times[1])]);
    filters.push([None, Some("spin"), Some(&times[3])]);
    let env = hub_env(sb, db, "postgres", "", "x");
    for f in &filters {
        let mut args = vec!["hub", "report", "--json"];
        for (flag, value) in ["--branch", "--skill", "--since"].iter().zip(f) {
            if let Some(v) = value {
                args.extend([*flag, *v]);
            }
        }
        let r = run(sb, &args, &env);
        r.expect(0);
        let got = r.json();
        let want = report_from_rows(db, f);
        for part in [
            "by_branch",
            "by_skill",
            "most_missed",
            "most_banned",
            "idle",
            "meetings",
        ] {
            assert_eq!(got[part], want[part], "{part} for {f:?}");
        }
        assert!(
            !want["by_branch"].as_array().unwrap().is_empty(),
            "{f:?} keeps no runs: a comparison of nothing"
        );
    }
    filters.len()
}

#[test]
fn the_report_from_summaries_agrees_with_the_runs() {
    let db = hub("agree", &["S1", "S2"]);
    // Two machines of branch S1 and one of S2 pushing at once, over many days.
    let machines = [branch(30), branch(20), branch(25)];
    let codes = ["S1", "S1", "S2"];
    for (i, sb) in machines.iter().enumerate() {
        spread(sb, i as i64 * 13);
    }
    sync_at_once(&db, &machines, &codes, "7");
    // Pushed again: nothing lands twice, in the runs or in the summaries.
    let again = &machines[0];
    let env = hub_env(again, &db, "rehearse_branch_S1", PASSWORD, "S1");
    run(again, &["sync", "--json"], &env).expect(0);
    // A bundle from an air-gapped branch, imported twice.
    let air = branch(15);
    spread(&air, 5);
    let env = hub_env(&air, &db, "postgres", "", "AIR9");
    run(&air, &["export", "--out", "b.bundle"], &env).expect(0);
    run(&air, &["hub", "import", "b.bundle"], &env).expect(0);
    run(&air, &["hub", "import", "b.bundle"], &env).expect(0);
    // And many more, of every kind, inserted straight into the hub.
    fill(&db, &["S1", "S2", "S3"], 3000);
    assert_eq!(
        count(&db, "SELECT count(*) FROM rehearse.runs"),
        36 + 26 + 31 + 21 + 3000
    );
    assert_eq!(
        count(&db, "SELECT sum(runs)::int8 FROM rehearse.run_days"),
        count(&db, "SELECT count(*) FROM rehearse.runs")
    );
    assert_eq!(assert_report_agrees(&db, &air, "S1"), 9);
}

#[test]
fn an_older_hub_is_upgraded_and_its_runs_summarised() {
    let server = pg::server();
    let db = server.new_db("older");
    server
        .admin(&db)
        .batch_execute(include_str!("../src/hub/sql/v1.sql"))
        .unwrap();
    server
        .admin(&db)
        .batch_execute("INSERT INTO rehearse.meta VALUES ('hub_version', '1')")
        .unwrap();
    fill(&db, &["U1", "U2"], 2000);
    let sb = branch(0);
    let env = hub_env(&sb, &db, "postgres", "", "U1");
    // A hub of the older version is refused by the report until it is upgraded.
    let r = run(&sb, &["hub", "report"], &env);
    r.expect(2).stderr_has("hub_version 1");
    // `hub init` upgrades it, summarising the runs already there; again, it
    // changes nothing.
    for (args, says) in [
        (
            &["--lang", "en", "hub", "init", "--branch", "U1"][..],
            "hub_version 1 → 2",
        ),
        (&["--lang", "en", "hub", "init"][..], "hub_version 2 → 2"),
    ] {
        let init = run(&sb, args, &env);
        init.expect(0);
        assert!(init.stdout().contains(says), "{}", init.stdout());
        assert_eq!(
            count(&db, "SELECT sum(runs)::int8 FROM rehearse.run_months"),
            2000
        );
        assert_report_agrees(&db, &sb, "U2");
    }
}

#[test]
fn a_sync_over_tls_checks_the_certificate_as_asked() {
    let db = hub("tls", &["TL1"]);
    let server = pg::server();
    let ca = server.dir.join("ca.crt");
    let other = server.dir.join("other-ca.crt");
    let sb = branch(0);
    let env = |host: &str, ssl: String| {
        let mut env = hub_env(&sb, &db, "rehearse_branch_TL1", PASSWORD, "TL1");
        env[0].1 = format!(
            "host={host} port={} dbname={db} user=rehearse_branch_TL1 {ssl}",
            server.port
        );
        env
    };
    let unsent = || local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL");
    // The server takes TCP connections with TLS only: without it, refused.
    let plain = run(&sb, &["sync"], &env("localhost", "sslmode=disable".into()));
    plain.expect(2).stderr_has("no encryption");
    // A certificate signed by another authority, or for another name: refused,
    // saying why, and nothing sent.
    for (host, ssl, says) in [
        (
            "localhost",
            format!("sslmode=verify-full sslrootcert={}", other.display()),
            "certificate verify failed",
        ),
        (
            "localhost",
            format!("sslmode=verify-ca sslrootcert={}", other.display()),
            "certificate verify failed",
        ),
        (
            "127.0.0.1",
            format!("sslmode=verify-full sslrootcert={}", ca.display()),
            "certificate verify failed",
        ),
    ] {
        let r = run(&sb, &["sync"], &env(host, ssl.clone()));
        r.expect(2);
        assert!(r.stderr().contains(says), "{ssl}: {}", r.stderr());
        assert_eq!(unsent(), 6, "{ssl}");
    }
    // Encrypted without a check, then checked against the right authority.
    let r = run(
        &sb,
        &["sync", "--json"],
        &env("localhost", "sslmode=require".into()),
    );
    r.expect(0);
    assert_eq!(r.json()["sent"], 6);
    let answers = sb.write("a.yaml", "- 您好\n- 好\n- 好\n- 再见\n");
    run(
        &sb,
        &[
            "run",
            "phone-inbound-greeting",
            "--answers",
            answers.to_str().unwrap(),
        ],
        &env("localhost", String::new()),
    );
    let full = format!("sslmode=verify-full sslrootcert={}", ca.display());
    let r = run(&sb, &["sync", "--json"], &env("localhost", full));
    r.expect(0);
    assert_eq!(r.json()["sent"], 1);
    assert_eq!(unsent(), 0);
    assert_eq!(hub_uuids(&db, "TL1"), local_uuids(&sb));
}

#[test]
fn a_run_goes_to_the_hub_under_the_branch_it_was_recorded_at() {
    let db = hub("stamp", &["BA", "BB"]);
    // A format-4 file (two runs and a meeting of two, no branch recorded), first
    // opened by this rehearse on a machine of branch BA: its runs are BA's.
    let sb = Sandbox::new();
    std::fs::copy(
        "tests/fixtures/progress-format-4.db",
        sb.path().join("progress.db"),
    )
    .unwrap();
    let answers = sb.write("a.yaml", "- 您好\n- 好\n- 好\n- 再见\n");
    let play = [
        "run",
        "phone-inbound-greeting",
        "--answers",
        answers.to_str().unwrap(),
    ];
    let at_a = hub_env(&sb, &db, "rehearse_branch_BA", PASSWORD, "BA");
    run(&sb, &play, &at_a);
    // The machine moves to branch BB: what it records now is BB's.
    let at_b = hub_env(&sb, &db, "rehearse_branch_BB", PASSWORD, "BB");
    run(&sb, &play, &at_b);
    run(&sb, &play, &at_b);
    assert_eq!(
        local(&sb, "SELECT count(*) FROM runs WHERE branch = 'BA'"),
        5
    );
    // BB's login sends BB's runs only; BA's stay queued, and the user is told how
    // to send them.
    let r = run(&sb, &["sync", "--json"], &at_b);
    r.expect(0);
    assert_eq!(r.json()["sent"], 2, "{}", r.stdout());
    assert_eq!(r.json()["queued"], 5);
    assert_eq!(r.json()["other_branches"]["BA"], 5);
    let r = run(&sb, &["--lang", "en", "sync"], &at_b);
    assert!(
        r.stderr()
            .contains("5 runs were recorded at branch BA, and this machine is now branch BB"),
        "{}",
        r.stderr()
    );
    assert_eq!(hub_uuids(&db, "BA"), Vec::<String>::new());
    // A bundle takes them to the head office, under BA, meeting and all.
    run(&sb, &["export", "--out", "b.bundle"], &at_b).expect(0);
    let office = hub_env(&sb, &db, "postgres", "", "BB");
    run(&sb, &["hub", "import", "b.bundle"], &office).expect(0);
    assert_eq!(hub_uuids(&db, "BA").len(), 5);
    assert_eq!(hub_uuids(&db, "BB").len(), 2);
    assert_eq!(
        count(
            &db,
            "SELECT count(*) FROM rehearse.meetings WHERE branch = 'BA' AND trainees = 2"
        ),
        1
    );
    let mut all = hub_uuids(&db, "BA");
    all.extend(hub_uuids(&db, "BB"));
    all.sort();
    assert_eq!(all, local_uuids(&sb));
}

#[test]
fn the_owner_login_pushes_only_for_a_registered_branch() {
    let db = hub("owner", &["O1"]);
    // The hub's owner (no branch role) syncing a machine of a branch the head
    // office never registered: told so, nothing sent, everything still queued.
    let sb = branch(0);
    let r = run(&sb, &["sync"], &hub_env(&sb, &db, "postgres", "", "O9"));
    r.expect(2)
        .stderr_has("no branch O9 is registered")
        .stderr_has("rehearse hub init --branch O9");
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 0);
    assert_eq!(
        local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
        6
    );
    // A registered branch: the owner's push lands.
    let r = run(&sb, &["sync"], &hub_env(&sb, &db, "postgres", "", "O1"));
    r.expect(0);
    assert_eq!(count(&db, "SELECT count(*) FROM rehearse.runs"), 6);
}
