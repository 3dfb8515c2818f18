//! The progress store through its public API: what goes in comes out, filters and
//! statistics, files that must be refused untouched, concurrent writers, and runs that
//! fail half-way. Files are made in temp dirs; where a test needs a database rehearse
//! would not write, it uses a plain rusqlite connection.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Barrier};

use rehearse::error::Error;
use rehearse::i18n::{Lang, render_error};
use rehearse::record::{AttemptRecord, Missing, RunRecord, ScenarioStats, StepRecord};
use rehearse::store::{RunFilter, Store};

fn step(step_id: &str, score: u8, passed: bool) -> StepRecord {
    StepRecord {
        step_id: step_id.into(),
        customer: "我这笔钱存了三年定期，现在能不能提前取出来买你们的理财？".into(),
        counted: AttemptRecord {
            answer: "您好，提前支取会按活期利率计息，理财产品不保本，我先为您做风险评估。".into(),
            score,
            passed,
            missing: vec![Missing::Item("风险评估".into())],
            banned: vec!["保本".into(), "稳赚".into()],
            saw_hint: false,
            saw_model: false,
        },
        retries: vec![],
        review: Default::default(),
    }
}

fn run(trainee: &str, scenario_id: &str, score: u8, meeting_id: Option<&str>) -> RunRecord {
    RunRecord {
        trainee: trainee.into(),
        scenario_id: scenario_id.into(),
        scenario_hash: "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".into(),
        seed: u64::MAX - 7,
        started_at: "2025-03-01T09:00:00Z".into(),
        finished_at: "2025-03-01T09:04:30Z".into(),
        score,
        passed: score >= 60,
        walked_out: score < 20,
        meeting_id: meeting_id.map(Into::into),
        steps: vec![
            step("greet", score, score >= 60),
            step("风险提示", 0, false),
        ],
    }
}

fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("progress.db");
    (dir, path)
}

/// The rendering of an `Error::Store`, after checking it names `path`.
#[track_caller]
fn store_error(result: rehearse::error::Result<Store>, path: &Path) -> String {
    match result {
        Err(err @ Error::Store { .. }) => {
            let Error::Store { path: p, .. } = &err else {
                unreachable!()
            };
            assert_eq!(p, path);
            let message = render_error(&err, Lang::En);
            assert!(message.starts_with(&format!("{}: progress database: ", path.display())));
            assert_eq!(err.exit_code(), 2);
            message
        }
        other => panic!("expected Error::Store, got {other:?}"),
    }
}

fn count(path: &Path, table: &str) -> i64 {
    rusqlite::Connection::open(path)
        .unwrap()
        .query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

#[test]
fn a_run_with_steps_and_chinese_text_round_trips() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let with_meeting = run("王小明", "理财/提前支取", 85, Some("晨会-0301"));
    let mut empty = run("王小明", "开户", 10, None);
    empty.steps.clear();

    let first = store.record_run(&with_meeting).unwrap();
    let second = store.record_run(&empty).unwrap();
    assert!(second > first);
    drop(store);

    let store = Store::open(&path).unwrap();
    let runs = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs.len(), 2);
    assert_eq!((runs[0].id, &runs[0].run), (first, &with_meeting));
    assert_eq!((runs[1].id, &runs[1].run), (second, &empty));

    // `id` sits beside the run's fields, not in a nested object.
    let json = serde_json::to_value(&runs[0]).unwrap();
    assert_eq!(json["id"], first);
    assert_eq!(json["trainee"], "王小明");
    assert_eq!(json["seed"], u64::MAX - 7);
    assert_eq!(json["steps"][1]["step_id"], "风险提示");
}

#[test]
fn filters_select_runs_oldest_first() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    let ids: Vec<i64> = [
        run("张三", "a", 50, None),
        run("李四", "a", 70, Some("m1")),
        run("张三", "b", 90, Some("m1")),
        run("张三", "a", 65, Some("m2")),
    ]
    .iter()
    .map(|r| store.record_run(r).unwrap())
    .collect();

    #[track_caller]
    fn case(store: &Store, filter: [Option<&str>; 3], expected: &[i64]) {
        let [trainee, scenario_id, meeting_id] = filter.map(|f| f.map(String::from));
        let filter = RunFilter {
            trainee,
            scenario_id,
            meeting_id,
        };
        let got: Vec<i64> = store.runs(&filter).unwrap().iter().map(|r| r.id).collect();
        assert_eq!(got, expected, "{filter:?}");
    }
    case(&store, [None, None, None], &ids);
    case(
        &store,
        [Some("张三"), None, None],
        &[ids[0], ids[2], ids[3]],
    );
    case(&store, [None, Some("a"), None], &[ids[0], ids[1], ids[3]]);
    case(&store, [None, None, Some("m1")], &[ids[1], ids[2]]);
    case(&store, [Some("张三"), Some("a"), None], &[ids[0], ids[3]]);
    case(&store, [Some("张三"), None, Some("m1")], &[ids[2]]);
    case(&store, [Some("张三"), Some("a"), Some("m2")], &[ids[3]]);
    case(&store, [Some("王五"), None, None], &[]);
    case(&store, [None, Some("c"), None], &[]);

    assert_eq!(store.trainees().unwrap(), ["张三", "李四"]);
}

#[test]
fn scenario_stats_per_trainee() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.trainees().unwrap(), Vec::<String>::new());
    for (trainee, scenario, score) in [
        ("张三", "b", 40),
        ("张三", "a", 30),
        ("李四", "a", 100),
        ("张三", "b", 95),
        ("张三", "b", 70),
        ("张三", "a", 55),
    ] {
        store
            .record_run(&run(trainee, scenario, score, None))
            .unwrap();
    }
    let stats = |id: &str, best, latest, passes, scores: &[u8]| ScenarioStats {
        scenario_id: id.into(),
        attempts: u32::try_from(scores.len()).unwrap(),
        best,
        latest,
        passes,
        scores: scores.to_vec(),
    };
    assert_eq!(
        store.scenario_stats("张三").unwrap(),
        [
            stats("a", 55, 55, 0, &[30, 55]),
            stats("b", 95, 70, 2, &[40, 95, 70]),
        ]
    );
    assert_eq!(
        store.scenario_stats("李四").unwrap(),
        [stats("a", 100, 100, 1, &[100])]
    );
    assert_eq!(store.scenario_stats("nobody").unwrap(), []);
}

#[test]
fn random_bytes_are_refused_and_left_identical() {
    let (_dir, path) = temp_db();
    let mut x: u64 = 0x2545_F491_4F6C_DD1D;
    let bytes: Vec<u8> = (0..100_000)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[3]
        })
        .collect();
    fs::write(&path, &bytes).unwrap();

    let message = store_error(Store::open(&path), &path);
    assert!(message.contains("file is not a database"), "{message}");
    assert!(message.contains("left untouched"), "{message}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

/// SQLite treats a 0-byte file as a new, empty database, and so do we.
#[test]
fn an_empty_file_becomes_a_new_database() {
    let (_dir, path) = temp_db();
    fs::write(&path, b"").unwrap();
    let mut store = Store::open(&path).unwrap();
    store.record_run(&run("张三", "a", 80, None)).unwrap();
    assert_eq!(store.runs(&RunFilter::default()).unwrap().len(), 1);
}

#[test]
fn a_newer_format_is_refused_and_left_identical() {
    let (_dir, path) = temp_db();
    Store::open(&path)
        .unwrap()
        .record_run(&run("张三", "a", 80, None))
        .unwrap();
    let conn = rusqlite::Connection::open(&path).unwrap();
    conn.execute(
        "UPDATE meta SET value = 99 WHERE key = 'format_version'",
        [],
    )
    .unwrap();
    drop(conn);
    let before = fs::read(&path).unwrap();

    let message = store_error(Store::open(&path), &path);
    assert!(message.contains("made by a newer rehearse"), "{message}");
    assert_eq!(fs::read(&path).unwrap(), before);
    assert_eq!(count(&path, "runs"), 1);
}

#[test]
fn a_corrupt_database_is_refused_and_left_identical() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    for i in 0..200 {
        store.record_run(&run("张三", "a", i % 101, None)).unwrap();
    }
    drop(store); // the last connection checkpoints the WAL into the file
    let mut bytes = fs::read(&path).unwrap();
    assert!(
        bytes.len() > 16 * 4096,
        "want many pages, got {}",
        bytes.len()
    );
    // Scribble over pages 3..6: b-tree pages of the tables, past the schema page.
    for b in &mut bytes[2 * 4096..6 * 4096] {
        *b = 0xA5;
    }
    fs::write(&path, &bytes).unwrap();

    let message = store_error(Store::open(&path), &path);
    assert!(message.contains("corrupt"), "{message}");
    assert_eq!(fs::read(&path).unwrap(), bytes);
}

#[test]
fn unusable_paths_are_errors_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let message = store_error(Store::open(dir.path()), dir.path());
    assert!(message.contains("directory"), "{message}");

    let file = dir.path().join("notes.txt");
    fs::write(&file, "不是目录").unwrap();
    let under_file = file.join("progress.db");
    let message = store_error(Store::open(&under_file), &under_file);
    assert!(message.contains("cannot create the directory"), "{message}");
    assert_eq!(fs::read_to_string(&file).unwrap(), "不是目录");
}

#[test]
fn two_writers_at_once_both_land() {
    let (_dir, path) = temp_db();
    let start = Arc::new(Barrier::new(2));
    let writers: Vec<_> = ["张三", "李四"]
        .into_iter()
        .map(|trainee| {
            let (path, start) = (path.clone(), Arc::clone(&start));
            std::thread::spawn(move || {
                // Both open the brand-new file at once, so the migration races too.
                start.wait();
                let mut store = Store::open(&path).unwrap();
                (0..50)
                    .map(|i| store.record_run(&run(trainee, "a", i, None)).unwrap())
                    .collect::<Vec<i64>>()
            })
        })
        .collect();
    let mut ids: Vec<i64> = writers
        .into_iter()
        .flat_map(|w| w.join().unwrap())
        .collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), 100);

    let store = Store::open(&path).unwrap();
    let runs = store.runs(&RunFilter::default()).unwrap();
    assert_eq!(runs.len(), 100);
    assert!(runs.iter().all(|r| r.run.steps.len() == 2));
    for trainee in ["张三", "李四"] {
        let scores = &store.scenario_stats(trainee).unwrap()[0].scores;
        assert_eq!(*scores, (0..50).collect::<Vec<u8>>(), "{trainee}");
    }
}

#[test]
fn a_run_that_fails_half_way_leaves_nothing() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    // A trigger stands in for any failure after the run row and some steps are in.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER fail_on_boom BEFORE INSERT ON steps WHEN NEW.step_id = 'boom'
             BEGIN SELECT RAISE(ABORT, 'simulated failure'); END;",
        )
        .unwrap();
    let mut doomed = run("张三", "a", 80, None);
    doomed.steps.push(step("boom", 0, false));

    let err = store.record_run(&doomed).unwrap_err();
    assert!(matches!(err, Error::Store { .. }), "{err:?}");
    let message = render_error(&err, Lang::En);
    assert!(message.contains("simulated failure"), "{message}");
    assert_eq!(store.runs(&RunFilter::default()).unwrap(), []);
    assert_eq!((count(&path, "runs"), count(&path, "steps")), (0, 0));

    // The connection is not left inside the failed transaction.
    let id = store.record_run(&run("张三", "a", 80, None)).unwrap();
    assert_eq!(store.runs(&RunFilter::default()).unwrap()[0].id, id);
}

#[test]
fn a_damaged_row_is_an_error_not_a_panic() {
    let (_dir, path) = temp_db();
    let mut store = Store::open(&path).unwrap();
    store.record_run(&run("张三", "a", 80, None)).unwrap();
    // Passes the column's CHECK (a JSON array) but is not a list of strings.
    rusqlite::Connection::open(&path)
        .unwrap()
        .execute("UPDATE steps SET missing = '[1, 2]'", [])
        .unwrap();
    let err = store.runs(&RunFilter::default()).unwrap_err();
    assert!(matches!(err, Error::Store { .. }), "{err:?}");
}

/// Opening is all a session does before it ends; a session killed at that point must
/// leave no run behind.
#[test]
fn opening_records_nothing() {
    let (_dir, path) = temp_db();
    drop(Store::open(&path).unwrap());
    drop(Store::open(&path).unwrap());
    assert_eq!((count(&path, "runs"), count(&path, "steps")), (0, 0));
}
