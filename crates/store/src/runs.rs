//! Runs left to other nodes' workers: a serve node without workers stores a run (a candidate's
//! code on a problem's samples or on one input of theirs) and waits for its report. A worker of
//! any node claims the oldest under a lease, as it claims a submission: a fresh random token and
//! a time before which it must heartbeat; a lease that ran out (its worker died) is claimed
//! again. The report is written under the token (refused with [`StoreError::LeaseLost`] once
//! another claim replaced it), and the waiting node takes it, which deletes the row. Nothing
//! here is kept: a node that gives up deletes its row, and every claim first deletes the rows
//! older than [`RUN_MAX_AGE`], so a node that crashed while waiting leaves nothing behind for
//! long. Every function here runs inside the caller's transaction.

use crate::clock::Millis;
use crate::error::{corrupt, Result, StoreError};
use crate::listener::{JOBS_CHANNEL, RUNS_CHANNEL};
use crate::sql::{args, Db, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

/// How old a stored run may grow before any claim deletes it, judged or not: longer than any
/// node waits for one (the server bounds its wait below this), so only the runs of a node that
/// gave up without deleting them (it crashed) are cleaned up.
pub const RUN_MAX_AGE: Duration = Duration::from_secs(300);

/// A run to store.
#[derive(Debug, Clone)]
pub struct NewRun<'a> {
    pub id: &'a str,
    /// The problem's slug.
    pub problem: &'a str,
    /// The content hash of the problem's package the run is judged against, when known.
    pub package: Option<&'a str>,
    pub code: &'a str,
    /// The custom input (the caller's JSON form of it); None runs the samples.
    pub input: Option<&'a Value>,
}

/// A stored run claimed for judging, with the lease's token its later writes must name.
#[derive(Debug, Clone, PartialEq)]
pub struct RunClaim {
    pub id: String,
    pub problem: String,
    pub package: Option<String>,
    pub code: String,
    pub input: Option<Value>,
    pub token: String,
}

/// How a stored run ended, as the worker wrote it and the waiting node takes it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunOutcome {
    /// The judge's report (the caller's JSON form of it).
    Report(Value),
    /// The judge could not run it (never the candidate's fault), and why.
    Failed(String),
}

/// What a claim may take: not judged, not held under a lease that still runs, and not so old
/// that it is cleaned up instead.
const CLAIMABLE: &str = "report IS NULL AND (lease_until IS NULL OR lease_until < ?1) AND created_at >= ?2";

/// The oldest time a run may have been stored at to be kept at `now`.
fn keep_since(now: Millis) -> Millis {
    now.saturating_sub(Millis::try_from(RUN_MAX_AGE.as_millis()).unwrap_or(Millis::MAX))
}

/// Stores a run to judge and wakes the workers of every node.
pub(crate) fn enqueue(db: &dyn Db, now: Millis, new: &NewRun<'_>) -> Result<()> {
    db.execute(
        "INSERT INTO runs (id, problem, package, code, input, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![new.id, new.problem, new.package, new.code, new.input.map(Value::to_string), now],
    )?;
    db.notify(JOBS_CHANNEL, new.id)
}

/// Whether a claim at `now` would find anything to do: a run to take, or old rows to delete.
pub(crate) fn claimable(db: &dyn Db, now: Millis) -> Result<bool> {
    let look = format!("SELECT 1 FROM runs WHERE ({CLAIMABLE}) OR created_at < ?2 LIMIT 1");
    Ok(db.query_opt(&look, args![now, keep_since(now)])?.is_some())
}

/// Deletes the runs grown too old, then claims the oldest run to judge for `worker`, under
/// `token` until `lease_until`.
pub(crate) fn claim(
    db: &dyn Db,
    now: Millis,
    worker: &str,
    token: &str,
    lease_until: Millis,
) -> Result<Option<RunClaim>> {
    // Rows another claimer holds are passed over here as in the claim (PostgreSQL): no wait.
    let stale = format!("DELETE FROM runs WHERE id IN (SELECT id FROM runs WHERE created_at < ?1{})", db.skip_locked());
    db.execute(&stale, args![keep_since(now)])?;
    let next = format!(
        "SELECT id, problem, package, code, input FROM runs WHERE {CLAIMABLE} ORDER BY created_at, id LIMIT 1{}",
        db.skip_locked()
    );
    let Some(row) = db.query_opt(&next, args![now, keep_since(now)])? else { return Ok(None) };
    let claim = read_claim(&row, token)?;
    db.execute(
        "UPDATE runs SET claimed_by = ?2, lease_token = ?3, lease_until = ?4 WHERE id = ?1",
        args![&claim.id, worker, token, lease_until],
    )?;
    Ok(Some(claim))
}

fn read_claim(row: &Row, token: &str) -> Result<RunClaim> {
    let id: String = row.get(0)?;
    let input = row
        .get::<Option<String>>(4)?
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|source| StoreError::Corrupt { id: id.clone(), what: "run input", source })?;
    Ok(RunClaim { problem: row.get(1)?, package: row.get(2)?, code: row.get(3)?, input, token: token.to_owned(), id })
}

/// Extends a lease that still holds; false when it is lost (claimed again, judged, or the
/// run is gone).
pub(crate) fn heartbeat(db: &dyn Db, id: &str, token: &str, lease_until: Millis) -> Result<bool> {
    let held = db.execute(
        "UPDATE runs SET lease_until = ?3 WHERE id = ?1 AND lease_token = ?2 AND report IS NULL",
        args![id, token, lease_until],
    )?;
    Ok(held > 0)
}

/// Writes the run's outcome under the lease and tells the waiting node. A repeat with the same
/// token after it succeeded is Ok and changes nothing; another token's is LeaseLost; a run no
/// longer stored (its node gave up) is NoRun.
pub(crate) fn finish(db: &dyn Db, id: &str, token: &str, outcome: &RunOutcome) -> Result<()> {
    let report = serde_json::to_string(outcome).map_err(|e| corrupt("run report", e))?;
    let written = db.execute(
        "UPDATE runs SET report = ?3, lease_until = NULL WHERE id = ?1 AND lease_token = ?2 AND report IS NULL",
        args![id, token, report],
    )?;
    if written > 0 {
        return db.notify(RUNS_CHANNEL, id);
    }
    let row = db.query_opt("SELECT lease_token, report IS NOT NULL FROM runs WHERE id = ?1", args![id])?;
    let Some(row) = row else { return Err(StoreError::NoRun(id.to_owned())) };
    let (holder, judged): (Option<String>, bool) = (row.get(0)?, row.get(1)?);
    match (holder.as_deref() == Some(token), judged) {
        (true, true) => Ok(()),
        _ => Err(StoreError::LeaseLost(id.to_owned())),
    }
}

/// A run's outcome once judged: None while it waits or is judged; NoRun when it is not stored.
pub(crate) fn outcome(db: &dyn Db, id: &str) -> Result<Option<RunOutcome>> {
    let Some(row) = db.query_opt("SELECT report FROM runs WHERE id = ?1", args![id])? else {
        return Err(StoreError::NoRun(id.to_owned()));
    };
    row.get::<Option<String>>(0)?
        .map(|text| serde_json::from_str(&text))
        .transpose()
        .map_err(|source| StoreError::Corrupt { id: id.to_owned(), what: "run report", source })
}

/// Deletes a run, judged or not; false when it was not stored.
pub(crate) fn delete(db: &dyn Db, id: &str) -> Result<bool> {
    Ok(db.execute("DELETE FROM runs WHERE id = ?1", args![id])? > 0)
}

/// Runs stored and not yet taken (waiting, being judged, or judged and not yet read).
pub(crate) fn pending(db: &dyn Db) -> Result<u64> {
    let count: i64 = db.query_one("SELECT COUNT(*) FROM runs", args![])?.get(0)?;
    Ok(u64::try_from(count).unwrap_or(0))
}
