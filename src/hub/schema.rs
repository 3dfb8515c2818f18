//! The hub's schema, in the PostgreSQL schema `rehearse`: its versions, and the
//! roles that keep each branch to its own rows.
//!
//! - `rehearse.meta(key, value)`: the row `hub_version` is how a binary recognises a
//!   hub newer than itself and refuses it. Every future version keeps it.
//! - `rehearse.branches(code, name, role)`: one row per branch, with the database
//!   role that pushes its runs.
//! - `rehearse.runs`: one row per run, keyed by the UUID the branch gave it; `missed`
//!   and `banned` are the items a run missed and the banned phrases it hit (each
//!   once per run), `steps` every turn as JSON.
//! - `rehearse.meetings`: one row per weekly meeting, keyed by its UUID.
//! - Summaries (version 2), kept by statement triggers in the transaction of every
//!   insert into `runs` or `meetings`, and read by the report: `run_days` and
//!   `run_months` (runs, passes and score sums per branch, skill and UTC day or
//!   month), `item_days` and `item_months` (missed items and banned phrases),
//!   `trainee_skills` (each trainee's last run per skill), `meeting_days`. See
//!   `sql/v2.sql`.
//!
//! Roles: `rehearse_office` (no login; grant it to the training department's
//! logins) reads everything; `rehearse_branch` (no login) is the group of the
//! per-branch login roles `rehearse_branch_<CODE>`, each of which may read and insert
//! only rows of its own branch (row-level security), and change only its own name.

use postgres::Client;

use crate::error::{Error, HubProblem, Result};

use super::conn::{Address, classify};

/// The hub version this binary creates and reads. Bump it with a new migration.
pub const HUB_VERSION: u32 = 2;

/// Migration `i` takes a hub from version `i` to `i + 1`; never edit a shipped one.
const MIGRATIONS: &[&str] = &[V1, V2];

const _: () = assert!(MIGRATIONS.len() == HUB_VERSION as usize);

/// Version 1: runs, meetings, branches, roles and row-level security.
pub const V1: &str = include_str!("sql/v1.sql");

/// Version 2: the summaries the bank-wide report reads, kept by triggers.
pub const V2: &str = include_str!("sql/v2.sql");

/// The hub's version: 0 when it has no `rehearse` schema yet.
fn version(client: &mut impl postgres::GenericClient, addr: &Address) -> Result<u32> {
    let fail = |e: postgres::Error| classify(&e, addr);
    let exists: bool = client
        .query_one("SELECT to_regclass('rehearse.meta') IS NOT NULL", &[])
        .map_err(fail)?
        .get(0);
    if !exists {
        return Ok(0);
    }
    let row = client
        .query_opt(
            "SELECT value FROM rehearse.meta WHERE key = 'hub_version'",
            &[],
        )
        .map_err(fail)?;
    let value: Option<String> = row.map(|r| r.get(0));
    value
        .as_deref()
        .and_then(|v| v.parse().ok())
        .ok_or_else(|| {
            Error::Hub(HubProblem::BadVersion {
                hub: addr.shown.clone(),
                value: value.unwrap_or_default(),
            })
        })
}

fn newer(found: u32, addr: &Address) -> Error {
    Error::Hub(HubProblem::Newer {
        hub: addr.shown.clone(),
        found,
        known: HUB_VERSION,
    })
}

/// Checks that the hub is set up at exactly this binary's version.
pub fn check(client: &mut Client, addr: &Address) -> Result<()> {
    match version(client, addr)? {
        0 => Err(Error::Hub(HubProblem::NotSetUp {
            hub: addr.shown.clone(),
        })),
        v if v > HUB_VERSION => Err(newer(v, addr)),
        v if v < HUB_VERSION => Err(Error::Hub(HubProblem::Older {
            hub: addr.shown.clone(),
            found: v,
        })),
        _ => Ok(()),
    }
}

/// A branch code as the hub accepts it: 1 to 40 ASCII letters, digits or `_`.
pub fn valid_code(code: &str) -> bool {
    (1..=40).contains(&code.len()) && code.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_')
}

/// The login role of a branch.
pub fn branch_role(code: &str) -> String {
    format!("rehearse_branch_{code}")
}

/// What `hub init` did.
#[derive(Debug, serde::Serialize)]
pub struct Init {
    pub from: u32,
    pub to: u32,
    pub roles: Vec<String>,
}

/// Creates or migrates the schema and adds the branches' roles, all in one
/// transaction: a failure leaves the hub as it was.
pub fn init(client: &mut Client, addr: &Address, codes: &[String]) -> Result<Init> {
    let fail = |e: postgres::Error| classify(&e, addr);
    let mut tx = client.transaction().map_err(fail)?;
    tx.execute("SELECT pg_advisory_xact_lock(7265686561727365)", &[])
        .map_err(fail)?;
    let from = version(&mut tx, addr)?;
    if from > HUB_VERSION {
        return Err(newer(from, addr));
    }
    for sql in MIGRATIONS.iter().skip(from as usize) {
        tx.batch_execute(sql).map_err(fail)?;
    }
    tx.execute(
        "INSERT INTO rehearse.meta (key, value) VALUES ('hub_version', $1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        &[&HUB_VERSION.to_string()],
    )
    .map_err(fail)?;
    let mut roles = Vec::new();
    for code in codes {
        let role = branch_role(code);
        // The code is checked to be [A-Za-z0-9_], so the quoted name is safe.
        tx.batch_execute(&format!(
            "DO $$ BEGIN
                 CREATE ROLE \"{role}\" LOGIN IN ROLE rehearse_branch;
             EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
             END $$;
             GRANT rehearse_branch TO \"{role}\";"
        ))
        .map_err(fail)?;
        tx.execute(
            "INSERT INTO rehearse.branches (code, role) VALUES ($1, $2)
             ON CONFLICT (code) DO UPDATE SET role = excluded.role",
            &[code, &role],
        )
        .map_err(fail)?;
        roles.push(role);
    }
    tx.commit().map_err(fail)?;
    Ok(Init {
        from,
        to: HUB_VERSION,
        roles,
    })
}
