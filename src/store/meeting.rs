//! The meeting's part of the store: a meeting's runs recorded together under one
//! id with who held it, and the chain of harvests from one state of a scenario file
//! to the next.

use rusqlite::{OptionalExtension, TransactionBehavior, params};

use super::{Store, insert_run, message};
use crate::error::{Result, StoreTask};
use crate::record::{MeetingInfo, RunRecord};

impl Store {
    /// Records a meeting's runs in one transaction, unless their meeting id is
    /// already in the file (another meeting took it since the caller looked): then
    /// nothing is written and the answer is `false`. The check and the insert share
    /// one write lock, so two meetings can never end up under one id.
    pub fn record_meeting(&mut self, runs: &[RunRecord], info: &MeetingInfo) -> Result<bool> {
        let path = &self.path;
        let fail = |e: rusqlite::Error| message::sqlite(path, StoreTask::RecordMeeting, &e);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(fail)?;
        if let Some(id) = runs.first().and_then(|r| r.meeting_id.as_deref()) {
            let taken: bool = tx
                .query_row(
                    "SELECT EXISTS(SELECT 1 FROM runs WHERE meeting_id = ?1) \
                     OR EXISTS(SELECT 1 FROM meetings WHERE id = ?1)",
                    [id],
                    |row| row.get(0),
                )
                .map_err(fail)?;
            if taken {
                return Ok(false);
            }
            tx.execute(
                "INSERT INTO meetings (id, branch, facilitator, scenario_file) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![id, info.branch, info.facilitator, info.scenario_file],
            )
            .map_err(fail)?;
        }
        for run in runs {
            insert_run(&tx, path, run, self.branch.as_deref())?;
        }
        tx.commit().map_err(fail)?;
        Ok(true)
    }

    /// Every meeting id in the record, newest first.
    pub fn meeting_ids(&self) -> Result<Vec<String>> {
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadMeeting, &e);
        let mut query = self
            .conn
            .prepare(
                "SELECT meeting_id FROM runs WHERE meeting_id IS NOT NULL \
                 GROUP BY meeting_id ORDER BY max(id) DESC",
            )
            .map_err(fail)?;
        let ids = query
            .query_map([], |row| row.get(0))
            .and_then(Iterator::collect);
        ids.map_err(fail)
    }

    /// Who held the meeting and where, as recorded with it (empty for a meeting
    /// recorded before format 4).
    pub fn meeting_info(&self, id: &str) -> Result<MeetingInfo> {
        if self.format < 4 {
            return Ok(MeetingInfo::default());
        }
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadMeeting, &e);
        self.conn
            .query_row(
                "SELECT branch, facilitator, scenario_file FROM meetings WHERE id = ?1",
                [id],
                |row| {
                    Ok(MeetingInfo {
                        branch: row.get(0)?,
                        facilitator: row.get(1)?,
                        scenario_file: row.get(2)?,
                    })
                },
            )
            .optional()
            .map(Option::unwrap_or_default)
            .map_err(fail)
    }

    /// Records that `harvest` turned a scenario file with content hash `before` into
    /// one with hash `after`, with answers from `meeting_id`.
    pub fn record_harvest(
        &mut self,
        meeting_id: &str,
        before: &str,
        after: &str,
        at: &str,
    ) -> Result<()> {
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::RecordHarvest, &e);
        self.conn
            .execute(
                "INSERT INTO harvests (meeting_id, before_hash, after_hash, at) \
                 VALUES (?1, ?2, ?3, ?4)",
                params![meeting_id, before, after, at],
            )
            .map_err(fail)?;
        Ok(())
    }

    /// Whether recorded harvests alone lead from a file with hash `from` to one with
    /// hash `to` (or they are the same): the file was changed only by harvesting.
    pub fn harvested_from(&self, from: &str, to: &str) -> Result<bool> {
        if from == to {
            return Ok(true);
        }
        if self.format < 4 {
            return Ok(false);
        }
        let fail = |e: rusqlite::Error| message::sqlite(&self.path, StoreTask::ReadHarvests, &e);
        self.conn
            .query_row(
                "WITH RECURSIVE reach(hash) AS (
                     SELECT ?1
                     UNION
                     SELECT h.after_hash FROM harvests h JOIN reach r ON h.before_hash = r.hash
                 )
                 SELECT EXISTS(SELECT 1 FROM reach WHERE hash = ?2)",
                [from, to],
                |row| row.get(0),
            )
            .map_err(fail)
    }
}
