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
    pg::server().admin(db).query_one(sql, &[]).unwrap().get(0)
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
        let n: i64 = admin
            .query_one("SELECT count(*) FROM rehearse.runs", &[])
            .unwrap()
            .get(0);
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
    let landed: i64 = tx
        .query_one("SELECT count(*) FROM rehearse.runs", &[])
        .unwrap()
        .get(0);
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

#[test]
fn twenty_branches_pushing_at_once_each_land_every_run_once() {
    let codes: Vec<String> = (1..=20).map(|i| format!("T{i:02}")).collect();
    let refs: Vec<&str> = codes.iter().map(String::as_str).collect();
    let db = hub("twenty", &refs);
    let machines: Vec<Sandbox> = codes.iter().map(|_| branch(44)).collect();
    let children: Vec<_> = machines
        .iter()
        .zip(&codes)
        .map(|(sb, code)| {
            let env = hub_env(sb, &db, &format!("rehearse_branch_{code}"), PASSWORD, code);
            let mut cmd = sb.command(&["sync", "--batch", "10"]);
            for (k, v) in &env {
                cmd.env(k, v);
            }
            cmd.stdout(std::process::Stdio::piped())
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
        assert!(r.stderr().contains("nothing was loaded"), "{}", r.stderr());
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
    let seen: i64 = ra
        .query_one("SELECT count(*) FROM rehearse.runs", &[])
        .unwrap()
        .get(0);
    assert_eq!(seen, 7);
    let theirs: i64 = ra
        .query_one(
            "SELECT count(*) FROM rehearse.runs WHERE branch = 'RB'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(theirs, 0);
    let meetings: i64 = ra
        .query_one(
            "SELECT count(*) FROM rehearse.meetings WHERE branch = 'RB'",
            &[],
        )
        .unwrap()
        .get(0);
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
    wrong.expect(2);
    assert!(
        wrong.stderr().contains("belongs to branch RA"),
        "{}",
        wrong.stderr()
    );

    // The head office reads everything, through `rehearse_office`.
    let server = pg::server();
    server
        .admin(&db)
        .batch_execute("DO $$ BEGIN CREATE ROLE rls_office LOGIN IN ROLE rehearse_office; EXCEPTION WHEN duplicate_object THEN NULL; END $$")
        .unwrap();
    server.set_password(&db, "rls_office", "office-pass");
    let mut office = connect_as(&db, "rls_office", "office-pass");
    let all: i64 = office
        .query_one("SELECT count(*) FROM rehearse.runs", &[])
        .unwrap()
        .get(0);
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
    r.expect(2);
    assert!(
        r.stderr().contains("newer rehearse (hub_version 99"),
        "{}",
        r.stderr()
    );
    assert_eq!(
        local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
        6
    );
    let admin = hub_env(&sb, &db, "postgres", "", "N1");
    let init = run(&sb, &["hub", "init"], &admin);
    init.expect(2);
    assert!(init.stderr().contains("newer"), "{}", init.stderr());
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
    r.expect(2);
    assert!(
        r.stderr().contains("password authentication failed"),
        "{}",
        r.stderr()
    );
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
    r.expect(2);
    assert!(r.stderr().contains("holds a password"), "{}", r.stderr());
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
        r.expect(3);
        assert!(r.stderr().contains("cannot be reached"), "{}", r.stderr());
        assert!(r.stderr().contains("6 runs stay queued"), "{}", r.stderr());
        assert_eq!(
            local(&sb, "SELECT count(*) FROM runs WHERE sent_at IS NULL"),
            6
        );
    }
    // Without a branch code or an address, the command says what to set.
    let r = sb.run_with(&["sync"], &[("REHEARSE_HUB", "host=/x")]);
    r.expect(2);
    assert!(r.stderr().contains("REHEARSE_BRANCH"), "{}", r.stderr());
    let r = sb.run_with(&["sync"], &[("REHEARSE_BRANCH", "D1")]);
    r.expect(2);
    assert!(r.stderr().contains("REHEARSE_HUB"), "{}", r.stderr());
    assert!(Path::new(FIXTURE).exists());
}
