//! The on-disk format of the progress database: its migrations, its format version,
//! and the checks made on an existing file before anything is written to it.
//!
//! The order in [`prepare`] is the safety argument: everything up to the version check
//! only reads, so a file that is not ours, is corrupt or is from a newer rehearse is
//! refused with its bytes as they were. Only then is WAL switched on (which rewrites
//! two header bytes) and are migrations applied, each run inside one transaction.

use std::path::Path;
use std::time::{Duration, Instant};

use rusqlite::types::Value;
use rusqlite::{Connection, ErrorCode, MAIN_DB, OptionalExtension, TransactionBehavior};

use super::message;
use crate::error::{Error, Result, StoreProblem, StoreTask};

/// The format this binary writes. Bump it together with a new entry in [`MIGRATIONS`].
pub(super) const FORMAT_VERSION: u32 = 5;

/// Migration `i` takes the database from format `i` to `i + 1`; format 0 is an empty
/// database. Never edit a shipped entry: databases in the field already ran it.
pub(super) const MIGRATIONS: &[&str] = &[V1, V2, V3, V4, V5];

const _: () = assert!(MIGRATIONS.len() == FORMAT_VERSION as usize);

/// Long enough for another rehearse to finish recording a run (milliseconds of work),
/// short enough that a stuck process is reported rather than waited on forever.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// Format 1. `meta(key, value)` with the row `format_version` is the one part every
/// future format must keep as it is, because it is how an older rehearse recognises
/// a newer file. The CHECKs pin every column to what the Rust types can hold, so that
/// decoding a row we wrote cannot fail. Tables are STRICT so that SQLite rejects a
/// value of the wrong type instead of storing it.
const V1: &str = "
CREATE TABLE meta (
    key   TEXT PRIMARY KEY NOT NULL,
    value ANY NOT NULL
) STRICT;

CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    trainee       TEXT NOT NULL,
    scenario_id   TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    seed          INTEGER NOT NULL,
    started_at    TEXT NOT NULL,
    finished_at   TEXT NOT NULL,
    score         INTEGER NOT NULL CHECK (score BETWEEN 0 AND 255),
    passed        INTEGER NOT NULL CHECK (passed IN (0, 1)),
    walked_out    INTEGER NOT NULL CHECK (walked_out IN (0, 1)),
    meeting_id    TEXT
) STRICT;

CREATE INDEX runs_by_trainee ON runs (trainee, scenario_id);
CREATE INDEX runs_by_meeting ON runs (meeting_id) WHERE meeting_id IS NOT NULL;

CREATE TABLE steps (
    run_id   INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position >= 0),
    step_id  TEXT NOT NULL,
    customer TEXT NOT NULL,
    answer   TEXT NOT NULL,
    score    INTEGER NOT NULL CHECK (score BETWEEN 0 AND 255),
    passed   INTEGER NOT NULL CHECK (passed IN (0, 1)),
    missing  TEXT NOT NULL CHECK (json_valid(missing) AND json_type(missing) = 'array'),
    banned   TEXT NOT NULL CHECK (json_valid(banned) AND json_type(banned) = 'array'),
    PRIMARY KEY (run_id, position)
) STRICT;
";

/// A random (version 4) UUID in SQLite's own terms: `randomblob` draws on SQLite's
/// ChaCha20 generator, seeded from the operating system.
macro_rules! uuid_sql {
    () => {
        "lower(hex(randomblob(4)) || '-' || hex(randomblob(2)) || '-4' || \
         substr(hex(randomblob(2)), 2) || '-' || substr('89AB', 1 + (abs(random()) % 4), 1) || \
         substr(hex(randomblob(2)), 2) || '-' || hex(randomblob(6)))"
    };
}

/// Format 2: identity that survives a merge into the head office's hub. Every run
/// gets a UUID, and every meeting one UUID shared by its runs: existing rows here,
/// new rows by the trigger as they are inserted, whichever code inserts them.
/// `sent_at` is when the hub confirmed the run (a committed batch), `exported_at`
/// when it went into a bundle for an air-gapped branch.
const V2: &str = concat!(
    "
ALTER TABLE runs ADD COLUMN uuid TEXT CHECK (uuid IS NULL OR length(uuid) = 36);
ALTER TABLE runs ADD COLUMN meeting_uuid TEXT CHECK (meeting_uuid IS NULL OR length(meeting_uuid) = 36);
ALTER TABLE runs ADD COLUMN sent_at TEXT;
ALTER TABLE runs ADD COLUMN exported_at TEXT;

UPDATE runs SET uuid = ",
    uuid_sql!(),
    ";
WITH meetings AS MATERIALIZED (
    SELECT meeting_id, ",
    uuid_sql!(),
    " AS uuid FROM runs WHERE meeting_id IS NOT NULL GROUP BY meeting_id
)
UPDATE runs SET meeting_uuid = (SELECT uuid FROM meetings WHERE meetings.meeting_id = runs.meeting_id)
WHERE meeting_id IS NOT NULL;

CREATE UNIQUE INDEX runs_by_uuid ON runs (uuid);
CREATE INDEX runs_unsent ON runs (id) WHERE sent_at IS NULL;

CREATE TRIGGER runs_identity AFTER INSERT ON runs WHEN NEW.uuid IS NULL
BEGIN
    UPDATE runs SET
        uuid = ",
    uuid_sql!(),
    ",
        meeting_uuid = CASE WHEN NEW.meeting_id IS NULL THEN NULL ELSE coalesce(
            (SELECT meeting_uuid FROM runs
              WHERE meeting_id = NEW.meeting_id AND meeting_uuid IS NOT NULL LIMIT 1),
            ",
    uuid_sql!(),
    ") END
    WHERE id = NEW.id;
END;
"
);

/// Format 3: which help a trainee had seen before each answer, and the answers taken
/// back to try a step's line again. Rows of older formats read as "no help seen, no retries".
const V3: &str = "
ALTER TABLE steps ADD COLUMN saw_hint INTEGER NOT NULL DEFAULT 0 CHECK (saw_hint IN (0, 1));
ALTER TABLE steps ADD COLUMN saw_model INTEGER NOT NULL DEFAULT 0 CHECK (saw_model IN (0, 1));

CREATE TABLE retries (
    run_id    INTEGER NOT NULL,
    position  INTEGER NOT NULL,
    attempt   INTEGER NOT NULL CHECK (attempt >= 0),
    answer    TEXT NOT NULL,
    score     INTEGER NOT NULL CHECK (score BETWEEN 0 AND 255),
    passed    INTEGER NOT NULL CHECK (passed IN (0, 1)),
    missing   TEXT NOT NULL CHECK (json_valid(missing) AND json_type(missing) = 'array'),
    banned    TEXT NOT NULL CHECK (json_valid(banned) AND json_type(banned) = 'array'),
    saw_hint  INTEGER NOT NULL CHECK (saw_hint IN (0, 1)),
    saw_model INTEGER NOT NULL CHECK (saw_model IN (0, 1)),
    PRIMARY KEY (run_id, position, attempt),
    FOREIGN KEY (run_id, position) REFERENCES steps (run_id, position) ON DELETE CASCADE
) STRICT;
";

/// The first format, for tests that make a file an older rehearse wrote.
#[cfg(test)]
pub(super) const V1_FOR_TESTS: &str = V1;

/// Format 4: the weekly meeting's record. On `steps`, the manager's word on an answer
/// (a score that overrides the engine's, with a comment; the answer picked as the
/// room's best for its step); `meetings`, who held a meeting and where; `harvests`,
/// each edit `harvest` made to a scenario file, so a meeting held on an earlier state
/// of the file is still recognised after other meetings were harvested into it.
const V4: &str = "
ALTER TABLE steps ADD COLUMN override_score INTEGER
    CHECK (override_score IS NULL OR override_score BETWEEN 0 AND 100);
ALTER TABLE steps ADD COLUMN override_comment TEXT;
ALTER TABLE steps ADD COLUMN picked INTEGER NOT NULL DEFAULT 0 CHECK (picked IN (0, 1));

CREATE TABLE meetings (
    id            TEXT PRIMARY KEY NOT NULL,
    branch        TEXT,
    facilitator   TEXT,
    scenario_file TEXT
) STRICT;

CREATE TABLE harvests (
    id          INTEGER PRIMARY KEY,
    meeting_id  TEXT NOT NULL,
    before_hash TEXT NOT NULL,
    after_hash  TEXT NOT NULL,
    at          TEXT NOT NULL
) STRICT;
";

/// Format 5: the branch code a run was recorded at (`REHEARSE_BRANCH` or the config's
/// `branch` then), which the hub receives whatever the config says when it is pushed.
/// NULL where none was configured. The upgrade stamps the runs already here with the
/// code configured at that moment (see [`migrate`]).
const V5: &str = "
ALTER TABLE runs ADD COLUMN branch TEXT
    CHECK (branch IS NULL OR (length(branch) BETWEEN 1 AND 40 AND branch NOT GLOB '*[^A-Za-z0-9_]*'));
";

/// Checks an open connection's file and brings it to [`FORMAT_VERSION`]; `branch`
/// is the branch code configured now, for the runs an upgrade to format 5 stamps.
pub(super) fn prepare(conn: &mut Connection, path: &Path, branch: Option<&str>) -> Result<()> {
    let fail = |task: StoreTask, e: rusqlite::Error| message::sqlite(path, task, &e);

    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| fail(StoreTask::SetBusyTimeout, e))?;
    check_intact(conn, path)?;
    let found = read_version(conn, path)?;

    // SQLite silently opens a write-protected file read-only; say so now rather
    // than at the end of a session when the run cannot be saved.
    if conn
        .is_readonly(MAIN_DB)
        .map_err(|e| fail(StoreTask::Open, e))?
    {
        return Err(message::store(path, StoreProblem::ReadOnly));
    }

    enable_wal(conn, path)?;
    conn.pragma_update(None, "foreign_keys", true)
        .map_err(|e| fail(StoreTask::EnableForeignKeys, e))?;

    // An up-to-date file is not written to at all on open.
    if found < FORMAT_VERSION {
        migrate(conn, path, branch)?;
    }
    Ok(())
}

/// Checks a file opened read-only: intact, ours, and not newer than this binary; its
/// format version (0 for an empty file, which holds no runs).
pub(super) fn check_readable(conn: &Connection, path: &Path) -> Result<u32> {
    conn.busy_timeout(BUSY_TIMEOUT)
        .map_err(|e| message::sqlite(path, StoreTask::SetBusyTimeout, &e))?;
    check_intact(conn, path)?;
    read_version(conn, path)
}

/// WAL lets a report read while another rehearse records. The mode is persistent, so
/// only the first open of a file changes anything; where the file system cannot do
/// WAL, SQLite keeps the old mode, which is still correct, only less concurrent.
fn enable_wal(conn: &Connection, path: &Path) -> Result<()> {
    // Switching needs the file to itself and SQLite answers "database is locked" at
    // once instead of waiting on the busy timeout, so two rehearse processes opening
    // a new file together would fail. Retry within the same budget; as soon as either
    // has switched, the pragma is a no-op for the other.
    let deadline = Instant::now() + BUSY_TIMEOUT;
    loop {
        match conn
            .pragma_update_and_check(None, "journal_mode", "WAL", |row| row.get::<_, String>(0))
        {
            Ok(_) => return Ok(()),
            Err(e)
                if e.sqlite_error_code() == Some(ErrorCode::DatabaseBusy)
                    && Instant::now() < deadline =>
            {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(e) => return Err(message::sqlite(path, StoreTask::SwitchToWal, &e)),
        }
    }
}

/// Reads the schema and runs a quick integrity check, so that a non-database or a
/// damaged file is reported on open, not when a finished run cannot be saved.
fn check_intact(conn: &Connection, path: &Path) -> Result<()> {
    let fail = |e: rusqlite::Error| message::sqlite(path, StoreTask::ReadDatabase, &e);

    // The first read of the header: this is where random bytes give SQLITE_NOTADB.
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |row| {
        row.get::<_, i64>(0)
    })
    .map_err(fail)?;

    let mut check = conn.prepare("PRAGMA quick_check(5)").map_err(fail)?;
    let problems = check
        .query_map([], |row| row.get::<_, String>(0))
        .map_err(fail)?
        .collect::<rusqlite::Result<Vec<_>>>()
        .map_err(fail)?;
    if problems.len() == 1 && problems[0] == "ok" {
        return Ok(());
    }
    let detail = problems.join("; ");
    Err(message::store(path, StoreProblem::Corrupt { detail }))
}

/// The file's format version: 0 for a database with nothing in it (a new or 0-byte
/// file), an error for a file that is someone else's or from a newer rehearse.
fn read_version(conn: &Connection, path: &Path) -> Result<u32> {
    let fail = |e: rusqlite::Error| message::sqlite(path, StoreTask::ReadFormatVersion, &e);

    // One statement, so one snapshot: another rehearse may create the schema between
    // two separate reads, and a half-seen schema would look like a foreign database.
    let (has_meta, objects): (bool, i64) = conn
        .query_row(
            "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'),
                    (SELECT count(*) FROM sqlite_master)",
            [],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .map_err(fail)?;
    if !has_meta {
        // Adding our tables to another program's database would not destroy it, but
        // it would mean the trainer pointed rehearse at the wrong file.
        return if objects == 0 {
            Ok(0)
        } else {
            Err(message::store(path, StoreProblem::Foreign))
        };
    }

    let value: Option<Value> = conn
        .query_row(
            "SELECT value FROM meta WHERE key = 'format_version'",
            [],
            |row| row.get(0),
        )
        .optional()
        .map_err(fail)?;
    let version = match value {
        Some(Value::Integer(v)) => u32::try_from(v)
            .ok()
            .filter(|v| *v >= 1)
            .ok_or_else(|| bad_version(path, Some(v.to_string())))?,
        Some(other) => {
            return Err(bad_version(path, Some(format!("{other:?}"))));
        }
        None => return Err(bad_version(path, None)),
    };
    if version > FORMAT_VERSION {
        let (found, known) = (version.into(), FORMAT_VERSION.into());
        return Err(message::store(path, StoreProblem::Newer { found, known }));
    }
    Ok(version)
}

fn bad_version(path: &Path, value: Option<String>) -> Error {
    message::store(path, StoreProblem::BadVersion { value })
}

/// Applies the missing migrations in one IMMEDIATE transaction: a crash leaves the
/// old format, never half of a new one. Runs recorded before format 5 carry no
/// branch code: they were recorded on this machine, whose configured code now is the
/// best knowledge of where, so they get `branch` (and keep it if the config changes
/// later); with no code configured they stay without one, and go to the hub under
/// the code configured when they are pushed.
fn migrate(conn: &mut Connection, path: &Path, branch: Option<&str>) -> Result<()> {
    let fail = |e: rusqlite::Error| message::sqlite(path, StoreTask::Upgrade, &e);

    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    // Another rehearse may have migrated between our first look and taking the lock.
    let current = read_version(&tx, path)?;
    for sql in MIGRATIONS.iter().skip(current as usize) {
        tx.execute_batch(sql).map_err(fail)?;
    }
    if current < 5 {
        tx.execute("UPDATE runs SET branch = ?1 WHERE branch IS NULL", [branch])
            .map_err(fail)?;
    }
    tx.execute(
        "INSERT INTO meta (key, value) VALUES ('format_version', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [FORMAT_VERSION],
    )
    .map_err(fail)?;
    tx.commit().map_err(fail)
}
