//! What `Store::open` makes of each kind of existing file, and the small folds and
//! decoders beside it. The end-to-end behaviour is in `tests/store.rs`.

use super::*;
use crate::error::Error;
use crate::record::MeetingInfo;

enum Setup {
    Bytes(Vec<u8>),
    /// SQL run by a plain SQLite connection, i.e. a database rehearse did not make.
    Sql(&'static str),
}

/// Opens a file prepared by `setup`; `expected` is `None` for success or a fragment of
/// the error message. A refused file must keep its exact bytes.
#[track_caller]
fn case(setup: Setup, expected: Option<&str>) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    match setup {
        Setup::Bytes(bytes) => fs::write(&path, bytes).unwrap(),
        Setup::Sql(sql) => Connection::open(&path).unwrap().execute_batch(sql).unwrap(),
    }
    let before = fs::read(&path).unwrap();
    match (Store::open(&path), expected) {
        (Ok(store), None) => assert_eq!(store.runs(&RunFilter::default()).unwrap(), []),
        (Err(e @ Error::Store { .. }), Some(fragment)) => {
            let message = crate::i18n::render_error(&e, crate::i18n::Lang::En);
            assert!(message.starts_with(&format!("{}: ", path.display())));
            assert!(message.contains(fragment), "`{message}` lacks `{fragment}`");
            assert_eq!(fs::read(&path).unwrap(), before, "refused file was changed");
        }
        (other, _) => panic!("expected {expected:?}, got {other:?}"),
    }
}

/// Deterministic noise, so a failure reproduces; no byte pattern SQLite could accept.
fn noise(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9E37_79B9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x.to_le_bytes()[0]
        })
        .collect()
}

#[test]
fn open_existing_files() {
    use Setup::{Bytes, Sql};
    let not_db = Some("file is not a database");
    case(Bytes(noise(64 * 1024)), not_db);
    case(Bytes(noise(10)), not_db);
    case(Bytes("姓名,分数\n张三,90\n".as_bytes().to_vec()), not_db);
    // A real header followed by garbage: refused, whichever way SQLite words it.
    let mut header = b"SQLite format 3\0".to_vec();
    header.extend(noise(8192));
    case(Bytes(header), Some("left untouched"));
    // SQLite's own view: a 0-byte file is a new, empty database.
    case(Bytes(Vec::new()), None);
    case(
        Sql("CREATE TABLE t (x)"),
        Some("not a rehearse progress database"),
    );
    case(
        Sql("CREATE TABLE meta (key, value)"),
        Some("format_version (missing)"),
    );
    case(
        Sql("CREATE TABLE meta (key, value); INSERT INTO meta VALUES ('format_version', 'one')"),
        Some("unusable format_version"),
    );
    case(
        Sql("CREATE TABLE meta (key, value); INSERT INTO meta VALUES ('format_version', 0)"),
        Some("unusable format_version (0)"),
    );
    case(
        Sql("CREATE TABLE meta (key, value); INSERT INTO meta VALUES ('format_version', 99)"),
        Some("made by a newer rehearse"),
    );
}

#[test]
fn open_reopens_its_own_file_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a/b/progress.db");
    drop(Store::open(&path).unwrap());
    let before = fs::read(&path).unwrap();
    let store = Store::open(&path).unwrap();
    assert_eq!(store.path(), path);
    let version: i64 = store
        .conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'format_version'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(version, i64::from(schema::FORMAT_VERSION));
    let mode: String = store
        .conn
        .query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    drop(store);
    assert_eq!(fs::read(&path).unwrap(), before);
}

#[test]
fn stats_fold_attempts_in_order() {
    #[track_caller]
    fn case(attempts: &[(u8, bool)], best: u8, latest: u8, passes: u32) {
        let mut stats = ScenarioStats {
            scenario_id: "s".into(),
            attempts: 0,
            best: 0,
            latest: 0,
            passes: 0,
            scores: Vec::new(),
        };
        for &(score, passed) in attempts {
            stats.add(score, passed);
        }
        let scores: Vec<u8> = attempts.iter().map(|a| a.0).collect();
        let expected = ScenarioStats {
            scenario_id: "s".into(),
            attempts: u32::try_from(attempts.len()).unwrap(),
            best,
            latest,
            passes,
            scores,
        };
        assert_eq!(stats, expected);
    }
    case(&[(40, false)], 40, 40, 0);
    case(&[(40, false), (90, true), (70, true)], 90, 70, 2);
    case(&[(0, false), (0, false)], 0, 0, 0);
    case(&[(100, true), (255, true)], 255, 255, 2);
}

#[test]
fn json_lists_decode_or_fail_cleanly() {
    #[track_caller]
    fn case(sql_value: &str, expected: Option<&[&str]>) {
        let conn = Connection::open_in_memory().unwrap();
        let got = conn.query_row(&format!("SELECT {sql_value}"), [], |r| {
            r.get::<_, JsonList>(0)
        });
        match (got, expected) {
            (Ok(list), Some(want)) => assert_eq!(list.0, want),
            (Err(_), None) => {}
            (got, _) => panic!("{sql_value}: {:?}", got.map(|l| l.0)),
        }
    }
    case("'[]'", Some(&[]));
    case("'[\"理财\",\"保本\"]'", Some(&["理财", "保本"]));
    case("'[1]'", None);
    case("'{}'", None);
    case("'not json'", None);
    case("NULL", None);
    case("42", None);
}

#[test]
fn a_meeting_is_recorded_whole_or_not_at_all() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("progress.db")).unwrap();
    let run = |trainee: &str| RunRecord {
        trainee: trainee.to_owned(),
        scenario_id: "s".into(),
        scenario_hash: "h".into(),
        seed: u64::MAX,
        started_at: "2026-11-23T09:00:00Z".into(),
        finished_at: "2026-11-23T09:05:00Z".into(),
        score: 100,
        passed: true,
        walked_out: false,
        meeting_id: Some("2026-11-23-1".into()),
        steps: vec![StepRecord {
            step_id: "a".into(),
            customer: "喂".into(),
            counted: AttemptRecord {
                answer: "您好".into(),
                score: 100,
                passed: true,
                missing: vec![],
                banned: vec![],
                saw_hint: false,
                saw_model: false,
            },
            retries: vec![],
            review: Default::default(),
        }],
    };
    assert!(
        store
            .record_meeting(&[run("张三"), run("李四")], &Default::default())
            .unwrap()
    );
    let filter = RunFilter {
        meeting_id: Some("2026-11-23-1".into()),
        ..Default::default()
    };
    let stored = store.runs(&filter).unwrap();
    assert_eq!(
        stored.iter().map(|r| r.run.clone()).collect::<Vec<_>>(),
        [run("张三"), run("李四")]
    );

    // A trigger makes the second run of the next meeting fail: the first is rolled back.
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER refuse BEFORE INSERT ON runs WHEN NEW.trainee = '坏' \
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    let mut second = [run("王五"), run("坏")];
    for r in &mut second {
        r.meeting_id = Some("2026-11-23-2".into());
    }
    assert!(matches!(
        store.record_meeting(&second, &Default::default()),
        Err(Error::Store { .. })
    ));
    let filter = RunFilter {
        meeting_id: Some("2026-11-23-2".into()),
        ..Default::default()
    };
    assert_eq!(store.runs(&filter).unwrap(), []);
    assert_eq!(store.runs(&RunFilter::default()).unwrap().len(), 2);

    // A meeting whose id is already taken writes nothing and says so.
    assert!(
        !store
            .record_meeting(&[run("赵六")], &Default::default())
            .unwrap()
    );
    assert_eq!(store.runs(&RunFilter::default()).unwrap().len(), 2);
}

/// A database written by the format-1 binary (before run identity): two solo runs
/// and two meetings of two. Opening it migrates it to the current format in place.
#[test]
fn a_format_1_database_migrates_with_identity_for_every_run_and_meeting() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/progress-format-1.db"
        ),
        &path,
    )
    .unwrap();
    let before = {
        let c = Connection::open(&path).unwrap();
        let v: i64 = c
            .query_row(
                "SELECT value FROM meta WHERE key = 'format_version'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(v, 1);
        drop(c);
        Store::open_read_only(&path)
            .unwrap()
            .unwrap()
            .runs(&RunFilter::default())
            .unwrap()
    };
    assert_eq!(before.len(), 6);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(
        store.runs(&RunFilter::default()).unwrap(),
        before,
        "runs changed"
    );
    let rows: Vec<(String, Option<String>, Option<String>)> = {
        let mut s = store
            .conn
            .prepare("SELECT uuid, meeting_uuid, meeting_id FROM runs ORDER BY id")
            .unwrap();
        s.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let uuids: std::collections::BTreeSet<&str> = rows.iter().map(|r| r.0.as_str()).collect();
    assert_eq!(uuids.len(), 6, "every run its own uuid");
    for (uuid, meeting_uuid, meeting_id) in &rows {
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4", "version 4: {uuid}");
        assert!("89ab".contains(&uuid[19..20]), "variant: {uuid}");
        assert_eq!(meeting_uuid.is_some(), meeting_id.is_some());
    }
    // Runs of one meeting share its uuid; the two meetings differ.
    assert_eq!(rows[2].1, rows[3].1);
    assert_eq!(rows[4].1, rows[5].1);
    assert_ne!(rows[2].1, rows[4].1);
    assert_eq!(store.unsent_count().unwrap(), 6);

    // New runs and meetings get their identity as they are recorded.
    let mut run = before[0].run.clone();
    store.record_run(&run).unwrap();
    run.meeting_id = Some("2026-12-01-1".into());
    store
        .record_meeting(&[run.clone(), run.clone()], &MeetingInfo::default())
        .unwrap();
    let out = store.outbox(outbox::Pending::Unsent, 6, 10).unwrap();
    assert_eq!(out.len(), 3);
    assert!(out[0].meeting_uuid.is_none());
    assert_eq!(out[1].meeting_uuid, out[2].meeting_uuid);
    assert!(out[1].meeting_uuid.is_some());
    assert_eq!(out[1].meeting_size, 2);
    let uuids: std::collections::BTreeSet<&str> = out.iter().map(|o| o.uuid.as_str()).collect();
    assert_eq!(uuids.len(), 3);

    // Marking: sent runs leave the queue, exported ones leave only the export queue.
    store.mark_exported(&[7], "2026-12-01T00:00:00Z").unwrap();
    assert_eq!(
        store
            .outbox(outbox::Pending::Unexported, 0, 100)
            .unwrap()
            .len(),
        8
    );
    store.mark_sent(&[1, 2], "2026-12-01T00:00:00Z").unwrap();
    assert_eq!(store.unsent_count().unwrap(), 7);
    assert_eq!(
        store.outbox(outbox::Pending::Unsent, 0, 100).unwrap().len(),
        7
    );
    drop(store);
    // Opening again changes nothing.
    let store = Store::open(&path).unwrap();
    assert_eq!(store.unsent_count().unwrap(), 7);
}

/// A format 1 file, as the first rehearse wrote it, with one run.
fn format_1(path: &Path) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(schema::MIGRATIONS[0]).unwrap();
    conn.execute_batch(
        "INSERT INTO meta VALUES ('format_version', 1);
         INSERT INTO runs VALUES (1, '张三', 's', 'h', 7, 'a', 'b', 50, 0, 0, NULL);
         INSERT INTO steps VALUES (1, 0, 'a', '喂', '你好', 0, 0, '[\"您好\"]', '[\"你好\"]');",
    )
    .unwrap();
}

#[test]
fn a_format_1_file_is_upgraded_and_keeps_its_runs_without_help_or_retries() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    format_1(&path);
    let mut store = Store::open(&path).unwrap();
    let old = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(old.len(), 1);
    let step = &old[0].run.steps[0];
    assert_eq!(step.counted.answer, "你好");
    assert!(!step.counted.saw_hint && !step.counted.saw_model && step.retries.is_empty());

    let tried = |answer: &str, hint| AttemptRecord {
        answer: answer.into(),
        score: 0,
        passed: false,
        missing: vec![Missing::Item("您好".into())],
        banned: vec![],
        saw_hint: hint,
        saw_model: false,
    };
    let mut run = old[0].run.clone();
    run.steps[0].counted.saw_model = true;
    run.steps[0].retries = vec![tried("喂", false), tried("嗯", true)];
    run.steps.push(StepRecord {
        step_id: "b".into(),
        retries: vec![tried("好", false)],
        ..run.steps[0].clone()
    });
    let id = store.record_run(&run).unwrap();
    let back = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(back[1].id, id);
    assert_eq!(back[1].run, run);
}

#[test]
fn a_format_1_file_read_only_is_read_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    format_1(&path);
    let before = fs::read(&path).unwrap();
    let store = Store::open_read_only(&path).unwrap().unwrap();
    let runs = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs.len(), 1);
    let step = &runs[0].run.steps[0];
    assert_eq!(
        (step.counted.answer.as_str(), step.counted.saw_model),
        ("你好", false)
    );
    assert!(step.retries.is_empty());
    drop(store);
    assert_eq!(fs::read(&path).unwrap(), before, "not upgraded");
}

fn reviewed_run(trainee: &str, meeting: &str) -> RunRecord {
    RunRecord {
        trainee: trainee.to_owned(),
        scenario_id: "s".into(),
        scenario_hash: "h".into(),
        seed: 7,
        started_at: "2026-11-23T09:00:00Z".into(),
        finished_at: "2026-11-23T09:05:00Z".into(),
        score: 40,
        passed: false,
        walked_out: false,
        meeting_id: Some(meeting.into()),
        steps: vec![StepRecord {
            step_id: "a".into(),
            customer: "喂".into(),
            counted: AttemptRecord {
                answer: "您好".into(),
                score: 40,
                passed: false,
                missing: vec![Missing::Item("报出银行".into())],
                banned: vec![],
                saw_hint: false,
                saw_model: false,
            },
            retries: Vec::new(),
            review: Review {
                score: Some(80),
                comment: Some("语气很好".into()),
                picked: true,
            },
        }],
    }
}

#[test]
fn the_managers_word_and_the_meeting_come_back_as_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    let mut store = Store::open(&path).unwrap();
    let info = MeetingInfo {
        branch: Some("徐汇支行".into()),
        facilitator: Some("周经理".into()),
        scenario_file: Some("/srv/场景/s.yaml".into()),
    };
    assert!(
        store
            .record_meeting(&[reviewed_run("张三", "m-1")], &info)
            .unwrap()
    );
    let runs = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs[0].run, reviewed_run("张三", "m-1"));
    assert_eq!(store.meeting_info("m-1").unwrap(), info);
    assert_eq!(store.meeting_info("m-2").unwrap(), MeetingInfo::default());
    // An id taken by a meeting row alone is taken too.
    drop(store);
    let read = Store::open_read_only(&path).unwrap().unwrap();
    assert_eq!(read.meeting_info("m-1").unwrap(), info);
}

#[test]
fn harvests_chain_from_one_file_state_to_the_next() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("progress.db")).unwrap();
    assert!(store.harvested_from("a", "a").unwrap());
    assert!(!store.harvested_from("a", "b").unwrap());
    store.record_harvest("m-1", "a", "b", "t").unwrap();
    store.record_harvest("m-2", "b", "c", "t").unwrap();
    store.record_harvest("m-3", "x", "y", "t").unwrap();
    assert!(store.harvested_from("a", "c").unwrap());
    assert!(store.harvested_from("b", "c").unwrap());
    assert!(!store.harvested_from("c", "a").unwrap(), "never backwards");
    assert!(!store.harvested_from("a", "y").unwrap());
    // A cycle (a file harvested back to an earlier text) ends.
    store.record_harvest("m-4", "c", "a", "t").unwrap();
    assert!(!store.harvested_from("a", "y").unwrap());
}

#[test]
fn a_format_1_file_is_migrated_keeping_its_runs_and_read_as_is_read_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    {
        let conn = Connection::open(&path).unwrap();
        conn.execute_batch(schema::V1_FOR_TESTS).unwrap();
        conn.execute_batch(
            "INSERT INTO meta VALUES ('format_version', 1);
             INSERT INTO runs VALUES (1, '张三', 's', 'h', 7, 't0', 't1', 50, 0, 0, 'm-1');
             INSERT INTO steps VALUES (1, 0, 'a', '喂', '您好', 50, 0, '[]', '[]');",
        )
        .unwrap();
    }
    let read = Store::open_read_only(&path).unwrap().unwrap();
    let runs = read.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs[0].run.steps[0].review, Review::default());
    assert_eq!(read.meeting_info("m-1").unwrap(), MeetingInfo::default());
    drop(read);
    let store = Store::open(&path).unwrap();
    let runs = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs[0].run.steps[0].counted.answer, "您好");
    assert_eq!(runs[0].run.steps[0].review, Review::default());
}

/// The branch codes of a file's runs, oldest first.
fn branches(path: &Path) -> Vec<Option<String>> {
    let c = Connection::open(path).unwrap();
    let mut s = c.prepare("SELECT branch FROM runs ORDER BY id").unwrap();
    s.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

/// A database written by the format-4 binary (two solo runs, a meeting of two):
/// opened at a branch, its runs are stamped with that code, unchanged otherwise; a
/// run recorded after the config changed carries the new code, the old ones keep
/// theirs. Opened with no branch configured, nothing is stamped, then or later.
#[test]
fn a_format_4_database_stamps_its_runs_with_the_branch_configured_at_the_upgrade() {
    let fixture = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/progress-format-4.db"
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    fs::copy(fixture, &path).unwrap();
    let before = Store::open_read_only(&path)
        .unwrap()
        .unwrap()
        .runs(&RunFilter::default())
        .unwrap();
    assert_eq!(before.len(), 4);
    assert_eq!(before[3].run.meeting_id.as_deref(), Some("2026-11-30-1"));

    let mut store = Store::open_at_branch(&path, Some("0101")).unwrap();
    assert_eq!(store.runs(&RunFilter::default()).unwrap(), before);
    drop(store);
    assert_eq!(branches(&path), vec![Some("0101".to_owned()); 4]);
    let mut moved = Store::open_at_branch(&path, Some("0202")).unwrap();
    moved.record_run(&before[0].run).unwrap();
    moved
        .record_meeting(
            &[reviewed_run("张三", "2026-12-07-1")],
            &MeetingInfo::default(),
        )
        .unwrap();
    let mut want = vec![Some("0101".to_owned()); 4];
    want.extend([Some("0202".to_owned()), Some("0202".to_owned())]);
    assert_eq!(branches(&path), want);
    store = Store::open(&path).unwrap();
    store.record_run(&before[1].run).unwrap();
    want.push(None);
    assert_eq!(branches(&path), want);

    let unset = dir.path().join("unset.db");
    fs::copy(fixture, &unset).unwrap();
    drop(Store::open(&unset).unwrap());
    drop(Store::open_at_branch(&unset, Some("0101")).unwrap());
    assert_eq!(branches(&unset), vec![None; 4]);
    // A code the hub would refuse is refused by the file too.
    let c = Connection::open(&unset).unwrap();
    assert!(
        c.execute("UPDATE runs SET branch = '东湖-1' WHERE id = 1", [])
            .is_err()
    );
}
