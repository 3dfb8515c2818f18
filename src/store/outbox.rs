//! The runs waiting for the head office's hub: read in batches by `rehearse sync`
//! and `rehearse export`, and marked once the hub (or a bundle file) has them.
//! Marking happens only after the hub committed a batch, so a crash in between
//! leaves the runs queued; sending them again is harmless because the hub keys
//! every run by its UUID.

use rusqlite::params;

use super::{Store, StoredRun, message, run_from_row, step_from_row};
use crate::error::{Result, StoreTask};

/// A run on its way out, with the identity format 2 gave it.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub uuid: String,
    pub meeting_uuid: Option<String>,
    /// How many runs the run's meeting has in this file (0 outside a meeting).
    pub meeting_size: u32,
    /// The branch code the run was recorded at (format 5), if one was configured.
    pub branch: Option<String>,
    pub stored: StoredRun,
}

/// Which runs [`Store::outbox`] returns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pending {
    /// Not yet confirmed by the hub.
    Unsent,
    /// Neither confirmed by the hub nor written to a bundle.
    Unexported,
}

const SELECT_OUTBOX: &str = "SELECT id, trainee, scenario_id, scenario_hash, seed, started_at, \
     finished_at, score, passed, walked_out, meeting_id, uuid, meeting_uuid, branch, \
     (SELECT count(*) FROM runs m WHERE m.meeting_id = runs.meeting_id) AS meeting_size \
     FROM runs WHERE sent_at IS NULL AND (?1 = 0 OR exported_at IS NULL) AND id > ?2 \
     ORDER BY id LIMIT ?3";

impl Store {
    /// Up to `limit` pending runs with ids above `after`, oldest first, with steps.
    pub fn outbox(&self, which: Pending, after: i64, limit: usize) -> Result<Vec<Outgoing>> {
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadQueue, &e);
        let tx = self.conn.unchecked_transaction().map_err(fail)?;
        let mut select = tx.prepare_cached(SELECT_OUTBOX).map_err(fail)?;
        let unexported = i64::from(which == Pending::Unexported);
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let mut out = select
            .query_map(params![unexported, after, limit], |row| {
                Ok(Outgoing {
                    uuid: row.get("uuid")?,
                    meeting_uuid: row.get("meeting_uuid")?,
                    meeting_size: row.get("meeting_size")?,
                    branch: row.get("branch")?,
                    stored: run_from_row(row)?,
                })
            })
            .map_err(fail)?
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(fail)?;
        let mut steps = tx.prepare_cached(super::SELECT_STEPS).map_err(fail)?;
        for o in &mut out {
            o.stored.run.steps = steps
                .query_map([o.stored.id], step_from_row)
                .map_err(fail)?
                .collect::<rusqlite::Result<Vec<_>>>()
                .map_err(fail)?;
        }
        Ok(out)
    }

    /// How many runs the hub has not confirmed yet.
    pub fn unsent_count(&self) -> Result<u64> {
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadQueue, &e);
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM runs WHERE sent_at IS NULL", [], |r| {
                r.get(0)
            })
            .map_err(fail)?;
        Ok(n.unsigned_abs())
    }

    /// Marks runs (by id) as confirmed by the hub at `at`, in one transaction.
    pub fn mark_sent(&mut self, ids: &[i64], at: &str) -> Result<()> {
        self.mark("sent_at", ids, at)
    }

    /// Marks runs (by id) as written to a bundle at `at`, in one transaction.
    pub fn mark_exported(&mut self, ids: &[i64], at: &str) -> Result<()> {
        self.mark("exported_at", ids, at)
    }

    fn mark(&mut self, column: &str, ids: &[i64], at: &str) -> Result<()> {
        let path = &self.path;
        let fail = |e: rusqlite::Error| message::sqlite(path, StoreTask::MarkRuns, &e);
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
            .map_err(fail)?;
        {
            let sql = format!("UPDATE runs SET {column} = ?1 WHERE id = ?2 AND {column} IS NULL");
            let mut update = tx.prepare(&sql).map_err(fail)?;
            for id in ids {
                update.execute(params![at, id]).map_err(fail)?;
            }
        }
        tx.commit().map_err(fail)
    }
}
