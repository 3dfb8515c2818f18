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
//!
//! Roles: `rehearse_office` (no login; grant it to the training department's
//! logins) reads everything; `rehearse_branch` (no login) is the group of the
//! per-branch login roles `rehearse_branch_<CODE>`, each of which may read and insert
//! only rows of its own branch (row-level security), and change only its own name.

use postgres::Client;

use crate::error::{Error, HubProblem, Result};

use super::conn::{Address, classify};

/// The hub version this binary creates and reads. Bump it with a new migration.
pub const HUB_VERSION: u32 = 1;

/// Migration `i` takes a hub from version `i` to `i + 1`; never edit a shipped one.
const MIGRATIONS: &[&str] = &[V1];

const _: () = assert!(MIGRATIONS.len() == HUB_VERSION as usize);

const V1: &str = r#"
CREATE SCHEMA rehearse;

CREATE TABLE rehearse.meta (
    key   text PRIMARY KEY,
    value text NOT NULL
);

CREATE TABLE rehearse.branches (
    code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_]{1,40}$'),
    name text,
    role name UNIQUE
);

CREATE TABLE rehearse.runs (
    uuid          uuid PRIMARY KEY,
    branch        text NOT NULL REFERENCES rehearse.branches (code),
    trainee       text NOT NULL,
    trainee_name  text,
    scenario_id   text NOT NULL,
    skill         text,
    scenario_hash text NOT NULL,
    seed          bigint NOT NULL,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    score         smallint NOT NULL CHECK (score BETWEEN 0 AND 255),
    passed        boolean NOT NULL,
    walked_out    boolean NOT NULL,
    meeting_uuid  uuid,
    missed        text[] NOT NULL DEFAULT '{}',
    banned        text[] NOT NULL DEFAULT '{}',
    steps         jsonb NOT NULL DEFAULT '[]',
    received_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX runs_by_branch ON rehearse.runs (branch, finished_at);
CREATE INDEX runs_by_skill ON rehearse.runs (skill, finished_at);
CREATE INDEX runs_by_time ON rehearse.runs (finished_at);
CREATE INDEX runs_by_trainee ON rehearse.runs (branch, trainee, finished_at);

CREATE TABLE rehearse.meetings (
    uuid        uuid PRIMARY KEY,
    branch      text NOT NULL REFERENCES rehearse.branches (code),
    local_id    text NOT NULL,
    scenario_id text NOT NULL,
    skill       text,
    held_at     timestamptz NOT NULL,
    trainees    integer NOT NULL CHECK (trainees >= 0)
);
CREATE INDEX meetings_by_branch ON rehearse.meetings (branch, held_at);

-- The branch of the role running the query; NULL for any other role.
CREATE FUNCTION rehearse.my_branch() RETURNS text LANGUAGE sql STABLE
    AS $$ SELECT code FROM rehearse.branches WHERE role = current_user $$;

DO $$ BEGIN
    CREATE ROLE rehearse_office NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$ BEGIN
    CREATE ROLE rehearse_branch NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;

GRANT USAGE ON SCHEMA rehearse TO rehearse_office, rehearse_branch;
GRANT EXECUTE ON FUNCTION rehearse.my_branch() TO rehearse_office, rehearse_branch;
GRANT SELECT ON rehearse.meta, rehearse.branches, rehearse.runs, rehearse.meetings
    TO rehearse_office, rehearse_branch;
GRANT INSERT ON rehearse.runs, rehearse.meetings TO rehearse_branch;
GRANT UPDATE (name) ON rehearse.branches TO rehearse_branch;

ALTER TABLE rehearse.runs ENABLE ROW LEVEL SECURITY;
ALTER TABLE rehearse.meetings ENABLE ROW LEVEL SECURITY;
ALTER TABLE rehearse.branches ENABLE ROW LEVEL SECURITY;

CREATE POLICY own_branch ON rehearse.runs TO rehearse_branch
    USING (branch = rehearse.my_branch()) WITH CHECK (branch = rehearse.my_branch());
CREATE POLICY office_reads ON rehearse.runs FOR SELECT TO rehearse_office USING (true);
CREATE POLICY own_branch ON rehearse.meetings TO rehearse_branch
    USING (branch = rehearse.my_branch()) WITH CHECK (branch = rehearse.my_branch());
CREATE POLICY office_reads ON rehearse.meetings FOR SELECT TO rehearse_office USING (true);
CREATE POLICY anyone_reads ON rehearse.branches FOR SELECT USING (true);
CREATE POLICY names_itself ON rehearse.branches FOR UPDATE TO rehearse_branch
    USING (role = current_user) WITH CHECK (role = current_user);
"#;

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
