//! The progress store: one SQLite file holding every finished run of every trainee,
//! with its steps. It owns the file's format and its safety: an existing file that is
//! not a rehearse database, is corrupt, or comes from a newer rehearse is refused with
//! [`Error::Store`](crate::error::Error::Store) and never replaced, emptied or
//! migrated; a run (or a meeting's runs) is written whole, in one transaction, or not
//! at all; and nothing is written until [`Store::record_run`] or
//! [`Store::record_run`] or [`Store::record_meeting`], apart from creating or upgrading the schema.
//!
//! # Format (format_version 5)
//!
//! The SQL is in `schema.rs`; in short:
//!
//! - `meta(key TEXT PRIMARY KEY, value)` — the row `format_version` is an INTEGER, now
//!   5. Every future format keeps this table and row so older binaries can refuse it.
//! - `runs(id INTEGER PRIMARY KEY, trainee, scenario_id, scenario_hash, seed, started_at,
//!   finished_at, score, passed, walked_out, meeting_id NULL)` — one row per finished
//!   run. `seed` is the `u64` stored as the `i64` with the same bits (SQLite integers
//!   are signed); `passed`/`walked_out` are 0 or 1; times are RFC 3339 text as given.
//! - `steps(run_id → runs.id, position, step_id, customer, answer, score, passed,
//!   missing, banned)`, primary key `(run_id, position)` — the turns of a run in order;
//!   `missing` and `banned` are JSON arrays of strings.
//! - Format 2 adds to `runs`: `uuid` (a random UUID every run gets when it is
//!   inserted, by a trigger), `meeting_uuid` (one UUID shared by a meeting's runs),
//!   `sent_at` (when the head office's hub confirmed it) and `exported_at` (when it
//!   went into a bundle); see [`outbox`] and `rehearse sync`.
//!   `missing` and `banned` are JSON arrays of strings. Since format 3, `saw_hint`
//!   and `saw_model` (0 or 1): the step's hint or model answer had been shown before
//!   the answer was given.
//! - `retries(run_id, position → steps, attempt, answer, score, passed, missing,
//!   banned, saw_hint, saw_model)` (format 3): the answers a trainee took back to try
//!   a step's line again, in order (`attempt` from 0), before the answer in `steps`
//!   that counted. They are never part of a run's score.
//! - Format 4 adds to `steps` the meeting manager's word on an answer:
//!   `override_score NULL`, `override_comment NULL`, `picked` (0/1);
//!   `meetings(id, branch NULL, facilitator NULL, scenario_file NULL)`, who held a
//!   meeting where and the scenario file it was played from; and
//!   `harvests(id, meeting_id, before_hash, after_hash, at)`, each edit `harvest`
//!   made to a scenario file, from one content hash to the next.
//! - Format 5 adds to `runs`: `branch NULL`, the hub's branch code configured when
//!   the run was recorded (stamped by [`Store::open_at_branch`]'s store); the upgrade
//!   stamps older runs with the code configured then.
//!
//! "Oldest first" means in the order recorded (`runs.id`), which does not depend on how
//! the caller formatted its timestamps. The file runs in WAL mode with foreign keys on
//! and a 5 s busy timeout, so several rehearse processes can record at the same moment.

mod meeting;
mod message;
pub mod outbox;
mod schema;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ValueRef};
use rusqlite::{Connection, OpenFlags, Row, TransactionBehavior, params};

use crate::error::{Result, StoreProblem, StoreTask};

use crate::record::{
    AttemptRecord, Missing, Review, RunRecord, ScenarioStats, StepRecord, StoredRun,
};

/// An open progress database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// The file's format: [`schema::FORMAT_VERSION`], or older for a file only read.
    format: u32,
    /// The branch code every run recorded through this handle is stamped with.
    branch: Option<String>,
}

/// Which runs [`Store::runs`] returns; `None` matches anything.
#[derive(Debug, Clone, Default)]
pub struct RunFilter {
    pub trainee: Option<String>,
    pub scenario_id: Option<String>,
    pub meeting_id: Option<String>,
}

const INSERT_RUN: &str = "INSERT INTO runs (trainee, scenario_id, scenario_hash, seed, \
     started_at, finished_at, score, passed, walked_out, meeting_id, branch) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)";

const INSERT_STEP: &str = "INSERT INTO steps (run_id, position, step_id, customer, answer, \
     score, passed, missing, banned, saw_hint, saw_model, override_score, override_comment, \
     picked) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)";

const INSERT_RETRY: &str = "INSERT INTO retries (run_id, position, attempt, answer, score, \
     passed, missing, banned, saw_hint, saw_model) \
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)";

const SELECT_RETRIES: &str = "SELECT position, answer, score, passed, missing, banned, \
     saw_hint, saw_model FROM retries WHERE run_id = ?1 ORDER BY position, attempt";

// `?n IS NULL OR` keeps one prepared statement for every combination of filters.
const SELECT_RUNS: &str = "SELECT id, trainee, scenario_id, scenario_hash, seed, started_at, \
     finished_at, score, passed, walked_out, meeting_id FROM runs \
     WHERE (?1 IS NULL OR trainee = ?1) AND (?2 IS NULL OR scenario_id = ?2) \
     AND (?3 IS NULL OR meeting_id = ?3) ORDER BY id";

const SELECT_STEPS: &str = "SELECT step_id, customer, answer, score, passed, missing, banned, \
     saw_hint, saw_model, override_score, override_comment, picked \
     FROM steps WHERE run_id = ?1 ORDER BY position";

/// The same from a format 3 file read without upgrading it: no manager's word.
const SELECT_STEPS_3: &str = "SELECT step_id, customer, answer, score, passed, missing, banned, \
     saw_hint, saw_model, NULL AS override_score, NULL AS override_comment, 0 AS picked \
     FROM steps WHERE run_id = ?1 ORDER BY position";

/// The same from an older file read without upgrading it: no help recorded.
const SELECT_STEPS_1: &str = "SELECT step_id, customer, answer, score, passed, missing, banned, \
     0 AS saw_hint, 0 AS saw_model, NULL AS override_score, NULL AS override_comment, \
     0 AS picked FROM steps WHERE run_id = ?1 ORDER BY position";

/// `path` for a `file:` URI: every byte but unreserved ones and `/` percent-encoded.
fn uri_path(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = String::new();
    for &b in absolute.as_os_str().as_encoded_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'/' | b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

impl Store {
    /// Opens (creating parent directories and the file if absent) and migrates. A file
    /// that exists but is not a SQLite database, is corrupt, is from a newer format
    /// version, or cannot be read/written gives `Error::Store` and is never replaced,
    /// truncated, emptied or migrated destructively. A 0-byte file is what SQLite calls
    /// a new, empty database, so it is set up like a missing one.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_at_branch(path, None)
    }

    /// [`Store::open`] on a machine of branch `branch` (a valid hub code, or `None`
    /// when none is configured): every run recorded through the store is stamped
    /// with it, and an upgrade to format 5 stamps the runs already there.
    pub fn open_at_branch(path: &Path, branch: Option<&str>) -> Result<Store> {
        // SQLite's own error for a directory is a bare "unable to open database file".
        if path.is_dir() {
            return Err(message::store(path, StoreProblem::IsDirectory));
        }
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            fs::create_dir_all(parent)
                .map_err(|e| message::io(path, StoreTask::CreateFolder(parent.to_owned()), &e))?;
        }
        // No SQLITE_OPEN_URI: a trainee's file called `file:...` is a file, not a URI.
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let mut conn = Connection::open_with_flags(path, flags)
            .map_err(|e| message::sqlite(path, StoreTask::Open, &e))?;
        schema::prepare(&mut conn, path, branch)?;
        Ok(Store {
            conn,
            path: path.to_path_buf(),
            format: schema::FORMAT_VERSION,
            branch: branch.map(str::to_owned),
        })
    }

    /// Opens an existing file only to read it, for reports on a file this user may
    /// not write (another trainer's, a read-only copy): nothing is created, migrated
    /// or written, and no `-wal`/`-shm` file is left beside it. When no write-ahead
    /// log is there (the file is at rest) it is opened immutable, which needs no lock
    /// file either; with a log present, SQLite reads through it. `None` for an empty
    /// file, which holds no runs.
    pub fn open_read_only(path: &Path) -> Result<Option<Store>> {
        if path.is_dir() {
            return Err(message::store(path, StoreProblem::IsDirectory));
        }
        let mut wal = path.as_os_str().to_owned();
        wal.push("-wal");
        let read_only = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn = if Path::new(&wal).exists() {
            Connection::open_with_flags(path, read_only)
        } else {
            // A URI only to say `immutable`; the path is percent-encoded, so a file
            // called `file:…` or holding `?` stays that file.
            let uri = format!("file:{}?mode=ro&immutable=1", uri_path(path));
            Connection::open_with_flags(uri, read_only | OpenFlags::SQLITE_OPEN_URI)
        }
        .map_err(|e| message::sqlite(path, StoreTask::Open, &e))?;
        let format = schema::check_readable(&conn, path)?;
        if format == 0 {
            return Ok(None);
        }
        Ok(Some(Store {
            conn,
            path: path.to_path_buf(),
            format,
            branch: None,
        }))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Records one finished run and all its steps in one transaction (BEGIN IMMEDIATE,
    /// so a concurrent writer waits on the busy timeout instead of failing at commit);
    /// returns the run's id.
    pub fn record_run(&mut self, run: &RunRecord) -> Result<i64> {
        let path = &self.path;
        let fail = |e: rusqlite::Error| message::sqlite(path, StoreTask::RecordRun, &e);
        // Dropping `tx` on an early return rolls the whole run back.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        let id = insert_run(&tx, path, run, self.branch.as_deref())?;
        tx.commit().map_err(fail)?;
        Ok(id)
    }

    /// Runs, oldest first, with their steps; filter by trainee and/or scenario id and/or
    /// meeting id (None = any).
    pub fn runs(&self, filter: &RunFilter) -> Result<Vec<StoredRun>> {
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadRuns, &e);

        // One read transaction: runs and steps come from the same snapshot even while
        // another rehearse is recording.
        let tx = self.conn.unchecked_transaction().map_err(fail)?;
        let mut select = tx.prepare_cached(SELECT_RUNS).map_err(fail)?;
        let mut runs = select
            .query_map(
                params![filter.trainee, filter.scenario_id, filter.meeting_id],
                run_from_row,
            )
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(fail)?;
        let mut steps = tx
            .prepare_cached(match self.format {
                4.. => SELECT_STEPS,
                3 => SELECT_STEPS_3,
                _ => SELECT_STEPS_1,
            })
            .map_err(fail)?;
        let mut retries = tx
            .prepare_cached(if self.format >= 3 {
                SELECT_RETRIES
            } else {
                // An older file has no retries table and so no retries.
                "SELECT 0 AS position, '' AS answer, 0 AS score, 0 AS passed, '[]' AS missing, \
                 '[]' AS banned, 0 AS saw_hint, 0 AS saw_model WHERE ?1 IS NULL AND 0"
            })
            .map_err(fail)?;
        for stored in &mut runs {
            stored.run.steps = steps
                .query_map([stored.id], step_from_row)
                .map_err(fail)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(fail)?;
            let tried = retries
                .query_map([stored.id], retry_from_row)
                .map_err(fail)?;
            for row in tried {
                let (position, attempt) = row.map_err(fail)?;
                if let Some(step) = usize::try_from(position)
                    .ok()
                    .and_then(|p| stored.run.steps.get_mut(p))
                {
                    step.retries.push(attempt);
                }
            }
        }
        Ok(runs)
    }

    /// Distinct trainee names that have runs, sorted.
    pub fn trainees(&self) -> Result<Vec<String>> {
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadTrainees, &e);
        let mut select = self
            .conn
            .prepare_cached("SELECT DISTINCT trainee FROM runs ORDER BY trainee")
            .map_err(fail)?;
        select
            .query_map([], |row| row.get(0))
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(fail)
    }

    /// Per scenario (sorted by id) for one trainee: attempts, best score, latest score,
    /// passes, and every score oldest first.
    pub fn scenario_stats(&self, trainee: &str) -> Result<Vec<ScenarioStats>> {
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadScores, &e);
        let mut select = self
            .conn
            .prepare_cached(
                "SELECT scenario_id, score, passed FROM runs WHERE trainee = ?1 ORDER BY id",
            )
            .map_err(fail)?;
        let rows = select
            .query_map([trainee], |row| {
                Ok((
                    row.get::<_, String>(0)?,
                    row.get::<_, u8>(1)?,
                    row.get::<_, bool>(2)?,
                ))
            })
            .map_err(fail)?;
        let mut by_scenario: BTreeMap<String, ScenarioStats> = BTreeMap::new();
        for row in rows {
            let (scenario_id, score, passed) = row.map_err(fail)?;
            by_scenario
                .entry(scenario_id.clone())
                .or_insert_with(|| ScenarioStats {
                    scenario_id,
                    attempts: 0,
                    best: 0,
                    latest: 0,
                    passes: 0,
                    scores: Vec::new(),
                })
                .add(score, passed);
        }
        Ok(by_scenario.into_values().collect())
    }
}

/// Inserts one run and its steps inside the caller's transaction, stamped with the
/// branch code.
fn insert_run(
    tx: &rusqlite::Transaction<'_>,
    path: &Path,
    run: &RunRecord,
    branch: Option<&str>,
) -> Result<i64> {
    let fail = |e: rusqlite::Error| message::sqlite(path, StoreTask::RecordRun, &e);
    tx.execute(
        INSERT_RUN,
        params![
            run.trainee,
            run.scenario_id,
            run.scenario_hash,
            run.seed.cast_signed(),
            run.started_at,
            run.finished_at,
            run.score,
            run.passed,
            run.walked_out,
            run.meeting_id,
            branch,
        ],
    )
    .map_err(fail)?;
    let id = tx.last_insert_rowid();
    let mut insert = tx.prepare_cached(INSERT_STEP).map_err(fail)?;
    for (position, step) in (0_i64..).zip(&run.steps) {
        insert
            .execute(params![
                id,
                position,
                step.step_id,
                step.customer,
                step.counted.answer,
                step.counted.score,
                step.counted.passed,
                to_json(path, &step.counted.missing)?,
                to_json(path, &step.counted.banned)?,
                step.counted.saw_hint,
                step.counted.saw_model,
                step.review.score,
                step.review.comment,
                step.review.picked,
            ])
            .map_err(fail)?;
    }
    let mut insert = tx.prepare_cached(INSERT_RETRY).map_err(fail)?;
    for (position, step) in (0_i64..).zip(&run.steps) {
        for (attempt, a) in (0_i64..).zip(&step.retries) {
            insert
                .execute(params![
                    id,
                    position,
                    attempt,
                    a.answer,
                    a.score,
                    a.passed,
                    to_json(path, &a.missing)?,
                    to_json(path, &a.banned)?,
                    a.saw_hint,
                    a.saw_model,
                ])
                .map_err(fail)?;
        }
    }
    Ok(id)
}

fn run_from_row(row: &Row<'_>) -> rusqlite::Result<StoredRun> {
    Ok(StoredRun {
        id: row.get("id")?,
        run: RunRecord {
            trainee: row.get("trainee")?,
            scenario_id: row.get("scenario_id")?,
            scenario_hash: row.get("scenario_hash")?,
            seed: row.get::<_, i64>("seed")?.cast_unsigned(),
            started_at: row.get("started_at")?,
            finished_at: row.get("finished_at")?,
            score: row.get("score")?,
            passed: row.get("passed")?,
            walked_out: row.get("walked_out")?,
            meeting_id: row.get("meeting_id")?,
            steps: Vec::new(),
        },
    })
}

fn step_from_row(row: &Row<'_>) -> rusqlite::Result<StepRecord> {
    Ok(StepRecord {
        step_id: row.get("step_id")?,
        customer: row.get("customer")?,
        counted: attempt_from_row(row)?,
        retries: Vec::new(),
        review: Review {
            score: row.get("override_score")?,
            comment: row.get("override_comment")?,
            picked: row.get("picked")?,
        },
    })
}

/// A retried answer and the position of the step it belongs to.
fn retry_from_row(row: &Row<'_>) -> rusqlite::Result<(i64, AttemptRecord)> {
    Ok((row.get("position")?, attempt_from_row(row)?))
}

/// An answer and its verdict, from a row of the steps or the retries table (the
/// columns have the same names in both).
fn attempt_from_row(row: &Row<'_>) -> rusqlite::Result<AttemptRecord> {
    let JsonList(missing) = row.get("missing")?;
    Ok(AttemptRecord {
        answer: row.get("answer")?,
        score: row.get("score")?,
        passed: row.get("passed")?,
        // Read back the way `Missing::as_str` wrote each entry.
        missing: missing.into_iter().map(Missing::from_stored).collect(),
        banned: row.get::<_, JsonList>("banned")?.0,
        saw_hint: row.get("saw_hint")?,
        saw_model: row.get("saw_model")?,
    })
}

fn to_json<T: serde::Serialize>(path: &Path, list: &[T]) -> Result<String> {
    serde_json::to_string(list).map_err(|e| {
        let detail = e.to_string();
        let task = StoreTask::EncodePhrases;
        message::store(path, StoreProblem::Failed { task, detail })
    })
}

/// A `missing`/`banned` column: decoding it inside the row mapper turns a damaged
/// value into an ordinary row error (and so `Error::Store`), not a panic.
struct JsonList(Vec<String>);

impl FromSql for JsonList {
    fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
        let text = value.as_str()?;
        serde_json::from_str(text)
            .map(JsonList)
            .map_err(|e| FromSqlError::Other(Box::new(e)))
    }
}

#[cfg(test)]
mod tests;
