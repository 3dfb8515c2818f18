//! The head office's hub: every branch's runs and meetings in one PostgreSQL
//! database. Branches push what they recorded (`rehearse sync`) or carry a bundle
//! (`rehearse export`, then `rehearse hub import` at the head office); the training
//! department reads the bank-wide figures (`rehearse hub report`).
//!
//! The local SQLite store stays the record of truth on a branch machine: a run is
//! marked sent only after the hub committed the batch that holds it, and the hub
//! keys runs and meetings by the UUIDs the branch gave them, so sending twice,
//! after a crash or from two bundles, lands everything exactly once.

pub mod bundle;
pub mod conn;
pub mod push;
pub mod render;
pub mod report;
pub mod schema;

use postgres::Client;

use crate::error::{Error, HubProblem, Result};
use crate::store::Store;
use crate::store::outbox::Pending;

use conn::{Address, classify};
use push::Identity;

/// Now, as RFC 3339 UTC to the second, as runs are stamped.
fn now() -> String {
    humantime::format_rfc3339_seconds(std::time::SystemTime::now()).to_string()
}

/// What `rehearse sync` did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Synced {
    /// Runs the hub did not have before.
    pub sent: u64,
    /// Runs the hub already had (an earlier push that was not marked, a bundle).
    pub already: u64,
    /// Runs still queued here.
    pub queued: u64,
    /// Of those, the runs recorded at another branch than this machine's now, by
    /// branch code: never pushed under this branch's login (see [`sync`]).
    pub other_branches: std::collections::BTreeMap<String, u64>,
}

/// Checks that the connected role may push for this machine's branch, and records
/// the branch's name on the hub.
fn claim_branch(client: &mut Client, addr: &Address, me: &Identity) -> Result<()> {
    let fail = |e: postgres::Error| classify(&e, addr);
    let theirs: Option<String> = client
        .query_one("SELECT rehearse.my_branch()", &[])
        .map_err(fail)?
        .get(0);
    if let Some(theirs) = theirs
        && theirs != me.branch
    {
        return Err(Error::Hub(HubProblem::WrongBranch {
            hub: addr.shown.clone(),
            theirs,
            ours: me.branch.clone(),
        }));
    }
    // A login of no branch (the hub's owner) may push for any branch the head
    // office has registered; one it has not would fail on the first row.
    let known: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM rehearse.branches WHERE code = $1)",
            &[&me.branch],
        )
        .map_err(fail)?
        .get(0);
    if !known {
        return Err(Error::Hub(HubProblem::UnknownBranch {
            hub: addr.shown.clone(),
            code: me.branch.clone(),
        }));
    }
    if let Some(name) = &me.branch_name {
        client
            .execute(
                "UPDATE rehearse.branches SET name = $1 WHERE code = $2 AND name IS DISTINCT FROM $1",
                &[name, &me.branch],
            )
            .map_err(fail)?;
    }
    Ok(())
}

/// Pushes every unsent run recorded at this machine's branch (or at none), in
/// batches of `batch`, one hub transaction each; a batch is marked sent here only
/// once the hub has committed it. Runs recorded at another branch (the machine
/// moved) stay queued: this branch's login may not write that branch's rows, and
/// they go to the head office in a bundle instead.
pub fn sync(
    store: &mut Store,
    client: &mut Client,
    addr: &Address,
    me: &Identity,
    skill_of: &dyn Fn(&str) -> Option<String>,
    batch: usize,
) -> Result<Synced> {
    schema::check(client, addr)?;
    claim_branch(client, addr, me)?;
    let fail = |e: postgres::Error| classify(&e, addr);
    let mut done = Synced::default();
    let mut after = 0;
    loop {
        let outgoing = store.outbox(Pending::Unsent, after, batch)?;
        let Some(last) = outgoing.last() else { break };
        after = last.stored.id;
        let (outgoing, others): (Vec<_>, Vec<_>) = outgoing
            .into_iter()
            .partition(|o| push::branch_of(o, me) == me.branch);
        for o in &others {
            *done
                .other_branches
                .entry(push::branch_of(o, me).to_owned())
                .or_default() += 1;
        }
        if outgoing.is_empty() {
            continue;
        }
        let (meetings, runs) = push::rows(&outgoing, me, skill_of);
        let mut tx = client.transaction().map_err(fail)?;
        let new = push::insert(&mut tx, &meetings, &runs).map_err(fail)?;
        tx.commit().map_err(fail)?;
        let ids: Vec<i64> = outgoing.iter().map(|o| o.stored.id).collect();
        store.mark_sent(&ids, &now())?;
        done.sent += new;
        done.already += runs.len() as u64 - new;
    }
    done.queued = store.unsent_count()?;
    Ok(done)
}

/// The bundle of every run not yet sent (and, unless `all`, not yet exported), and
/// the local ids it holds.
pub fn export(
    store: &Store,
    me: &Identity,
    skill_of: &dyn Fn(&str) -> Option<String>,
    all: bool,
) -> Result<(bundle::Bundle, Vec<i64>)> {
    let which = if all {
        Pending::Unsent
    } else {
        Pending::Unexported
    };
    let mut b = bundle::Bundle {
        branch: me.branch.clone(),
        branch_name: me.branch_name.clone(),
        created_at: now(),
        meetings: Vec::new(),
        runs: Vec::new(),
    };
    let mut ids = Vec::new();
    let mut after = 0;
    loop {
        let outgoing = store.outbox(which, after, 1000)?;
        let Some(last) = outgoing.last() else { break };
        after = last.stored.id;
        ids.extend(outgoing.iter().map(|o| o.stored.id));
        let (meetings, runs) = push::rows(&outgoing, me, skill_of);
        for m in meetings {
            match b.meetings.iter_mut().find(|x| x.uuid == m.uuid) {
                Some(x) if m.held_at < x.held_at => x.held_at = m.held_at,
                Some(_) => {}
                None => b.meetings.push(m),
            }
        }
        b.runs.extend(runs);
    }
    Ok((b, ids))
}

/// What `rehearse hub import` did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Imported {
    pub branch: String,
    pub runs: u64,
    pub already: u64,
    pub meetings: u64,
}

/// Loads a checked bundle in one transaction: all of it or nothing.
pub fn import(client: &mut Client, addr: &Address, b: &bundle::Bundle) -> Result<Imported> {
    schema::check(client, addr)?;
    let fail = |e: postgres::Error| classify(&e, addr);
    let mut codes: Vec<&str> = std::iter::once(b.branch.as_str())
        .chain(b.runs.iter().map(|r| r.branch.as_str()))
        .chain(b.meetings.iter().map(|m| m.branch.as_str()))
        .collect();
    codes.sort_unstable();
    codes.dedup();
    if let Some(bad) = codes.iter().find(|c| !schema::valid_code(c)) {
        let code = (*bad).to_owned();
        return Err(Error::Hub(HubProblem::BadCode { code }));
    }
    let mut tx = client.transaction().map_err(fail)?;
    tx.execute(
        "INSERT INTO rehearse.branches (code) SELECT unnest($1::text[]) ON CONFLICT DO NOTHING",
        &[&codes],
    )
    .map_err(fail)?;
    if let Some(name) = &b.branch_name {
        tx.execute(
            "UPDATE rehearse.branches SET name = $1 WHERE code = $2 AND name IS NULL",
            &[name, &b.branch],
        )
        .map_err(fail)?;
    }
    let mut new = 0;
    for (i, runs) in b.runs.chunks(1000).enumerate() {
        let meetings = if i == 0 { &b.meetings[..] } else { &[] };
        new += push::insert(&mut tx, meetings, runs).map_err(fail)?;
    }
    if b.runs.is_empty() {
        push::insert(&mut tx, &b.meetings, &[]).map_err(fail)?;
    }
    tx.commit().map_err(fail)?;
    Ok(Imported {
        branch: b.branch.clone(),
        runs: new,
        already: b.runs.len() as u64 - new,
        meetings: b.meetings.len() as u64,
    })
}
