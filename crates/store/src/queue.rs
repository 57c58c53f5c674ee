//! The judging queue, kept in the submissions table: the store is its truth, so one node or
//! many take work the same way. A worker claims the first submission that is `queued` (or
//! `running` under a lease that ran out: its worker died) under a lease: a fresh random token
//! and a time before which it must heartbeat. Every write of a judging (a test's result, the
//! verdict, a heartbeat, a release) names the token and is refused with
//! [`StoreError::LeaseLost`] once another claim replaced it, so a worker that stalled past its
//! lease cannot write over the one judging now: a submission gets one final verdict. Every
//! function here runs inside the caller's transaction.

use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::listener::{JOBS_CHANNEL, PROGRESS_CHANNEL};
use crate::sql::{args, Db};
use crate::submissions::{submission, Outcome, Stopped, SubmissionRecord};

/// A submission claimed for judging, with the lease's token every later write must name.
#[derive(Debug, Clone, PartialEq)]
pub struct Claim {
    /// The submission as claimed: `running`, with no test results (a reclaimed one is judged
    /// again from the start).
    pub record: SubmissionRecord,
    pub token: String,
    /// How many times it was claimed, this claim included: more than one means a worker died
    /// (or stalled) while judging it.
    pub claims: u32,
    /// The seed of the candidate's variant when the problem makes per-candidate variants (read
    /// from the attempt's slot, where it lives); None judges with the package's own seed.
    pub variant: Option<u64>,
}

/// What a heartbeat found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lease {
    /// The lease is extended; `cancel_requested` says the candidate asked to stop.
    Held { cancel_requested: bool },
    /// Another claim replaced it, or the submission is no longer running: stop judging it.
    Lost,
}

/// What a claim may take: queued, or running under a lease that ran out. (The state test
/// repeats the claiming index's condition so the index serves the order.)
const CLAIMABLE: &str = "SELECT id, state, lost_leases FROM submissions
     WHERE state IN ('queued', 'running') AND (state = 'queued' OR lease_until < ?1)";

/// A submission whose lease ran out this many times (each worker judging it died or stalled)
/// is not handed to another worker: a program that takes its judge down would otherwise take
/// down every worker in turn. It ends as an internal error, which says so.
pub const MAX_LOST_LEASES: u32 = 3;

/// Whether a claim at `now` would find anything (another claimer may still take it first).
pub(crate) fn claimable(db: &dyn Db, now: Millis) -> Result<bool> {
    Ok(db.query_opt(&format!("{CLAIMABLE} LIMIT 1"), args![now])?.is_some())
}

/// Claims the next submission to judge for `worker`, under `token` until `lease_until`.
pub(crate) fn claim(db: &dyn Db, now: Millis, worker: &str, token: &str, lease_until: Millis) -> Result<Option<Claim>> {
    let next = format!("{CLAIMABLE} ORDER BY priority, rowid LIMIT 1{}", db.skip_locked());
    let (id, claims) = loop {
        let Some(row) = db.query_opt(&next, args![now])? else { return Ok(None) };
        let id: String = row.get(0)?;
        let state: String = row.get(1)?;
        let lost: u32 = row.get(2)?;
        // A running row here is one whose lease ran out: its worker is gone.
        let lost = lost + u32::from(state == "running");
        if lost >= MAX_LOST_LEASES {
            give_up(db, &id, lost, now)?;
            continue;
        }
        let claims: u32 = db
            .query_one(
                "UPDATE submissions SET state = 'running', lease_token = ?2, lease_until = ?3, claims = claims + 1,
                     judged_by = ?4, lost_leases = ?5 WHERE id = ?1 RETURNING claims",
                args![&id, token, lease_until, worker, lost],
            )?
            .get(0)?;
        break (id, claims);
    };
    // A reclaimed submission is judged again from scratch: its dead worker's partial results go.
    db.execute("DELETE FROM test_results WHERE submission = ?1", args![&id])?;
    db.notify(PROGRESS_CHANNEL, &id)?;
    let record = submission(db, &id)?.ok_or_else(|| StoreError::NoSubmission(id.clone()))?;
    let variant = crate::draws::seed_of(db, &record.owner, &record.problem)?;
    Ok(Some(Claim { record, token: token.to_owned(), claims, variant }))
}

/// Ends a submission that took down [`MAX_LOST_LEASES`] workers as an internal error.
fn give_up(db: &dyn Db, id: &str, lost: u32, now: Millis) -> Result<()> {
    let error = format!(
        "judging stopped {lost} times without a verdict (each worker judging it died or stalled past its \
         lease), so it is not judged again"
    );
    db.execute(
        "UPDATE submissions SET state = 'failed', verdict = 'IE', score = 0, error = ?2, finished_at = ?3,
             lease_token = NULL, lease_until = NULL, lost_leases = ?4 WHERE id = ?1",
        args![id, error, now, lost],
    )?;
    db.execute("DELETE FROM test_results WHERE submission = ?1", args![id])?;
    db.notify(PROGRESS_CHANNEL, id)
}

/// Extends a lease that still holds.
pub(crate) fn heartbeat(db: &dyn Db, id: &str, token: &str, lease_until: Millis) -> Result<Lease> {
    let row = db.query_opt(
        "UPDATE submissions SET lease_until = ?3 WHERE id = ?1 AND lease_token = ?2 AND state = 'running'
         RETURNING cancel_requested",
        args![id, token, lease_until],
    )?;
    Ok(match row {
        Some(row) => Lease::Held { cancel_requested: row.get(0)? },
        None => Lease::Lost,
    })
}

/// Takes the submission's row for this transaction if `token` still holds its lease, so no
/// claim can replace the lease before the caller's write commits; LeaseLost otherwise. (An
/// UPDATE locks the row on PostgreSQL, and its condition is checked again on the row as it is
/// after any claim that held it; SQLite's one writer needs no lock.)
fn hold(db: &dyn Db, id: &str, token: &str) -> Result<()> {
    let held = db.execute(
        "UPDATE submissions SET lease_token = ?2 WHERE id = ?1 AND lease_token = ?2 AND state = 'running'",
        args![id, token],
    )?;
    if held == 0 {
        return Err(lost(db, id)?);
    }
    Ok(())
}

/// Why a write under a lease changed nothing: the submission is gone, or the lease is.
fn lost(db: &dyn Db, id: &str) -> Result<StoreError> {
    let exists = db.query_opt("SELECT 1 FROM submissions WHERE id = ?1", args![id])?;
    Ok(match exists {
        Some(_) => StoreError::LeaseLost(id.to_owned()),
        None => StoreError::NoSubmission(id.to_owned()),
    })
}

/// Records one finished test under the lease, replacing an earlier record of the same test.
pub(crate) fn record_test(db: &dyn Db, id: &str, token: &str, number: u32, result: &serde_json::Value) -> Result<()> {
    hold(db, id, token)?;
    db.execute(
        "INSERT INTO test_results (submission, number, result) VALUES (?1, ?2, ?3)
         ON CONFLICT (submission, number) DO UPDATE SET result = excluded.result",
        args![id, number, result.to_string()],
    )?;
    db.notify(PROGRESS_CHANNEL, id)
}

/// Records the final outcome under the lease (its tests were recorded one by one). True when
/// this call stored it; false when this token had stored it already (a repeat after a lost
/// answer changes nothing); LeaseLost when another token holds it or it ended otherwise.
pub(crate) fn finish(db: &dyn Db, id: &str, token: &str, outcome: &Outcome, now: Millis) -> Result<bool> {
    // The token stays on the finished row: it is how a repeat is known from a stale worker.
    let guard = "WHERE id = ?1 AND lease_token = ?2 AND state = 'running'";
    let changed = match outcome {
        Outcome::Finished { verdict, score, compile_error, stopped, not_run } => db.execute(
            &format!(
                "UPDATE submissions SET state = 'finished', verdict = ?3, score = ?4, compile_error = ?5,
                     error = NULL, finished_at = ?6, stopped = ?7, not_run = ?8, lease_until = NULL {guard}"
            ),
            args![
                id,
                token,
                verdict,
                *score,
                compile_error.as_ref().map(serde_json::Value::to_string),
                now,
                stopped.map(Stopped::as_str),
                *not_run
            ],
        )?,
        Outcome::Cancelled { not_run } => db.execute(
            &format!(
                "UPDATE submissions SET state = 'cancelled', verdict = NULL, score = NULL, error = NULL,
                     finished_at = ?3, stopped = 'cancelled', not_run = ?4, lease_until = NULL {guard}"
            ),
            args![id, token, now, *not_run],
        )?,
        Outcome::Failed { error } => db.execute(
            &format!(
                "UPDATE submissions SET state = 'failed', verdict = 'IE', score = 0, error = ?3, finished_at = ?4,
                     lease_until = NULL {guard}"
            ),
            args![id, token, error, now],
        )?,
    };
    if changed > 0 {
        db.notify(PROGRESS_CHANNEL, id)?;
        return Ok(true);
    }
    let repeat = db.query_opt(
        "SELECT 1 FROM submissions WHERE id = ?1 AND lease_token = ?2 AND state IN ('finished', 'failed', 'cancelled')",
        args![id, token],
    )?;
    match repeat {
        Some(_) => Ok(false),
        None => Err(lost(db, id)?),
    }
}

/// Gives a claimed submission back to the queue (a worker shutting down), dropping its
/// partial results: the next claim judges it from the start.
pub(crate) fn release(db: &dyn Db, id: &str, token: &str) -> Result<()> {
    hold(db, id, token)?;
    db.execute(
        "UPDATE submissions SET state = 'queued', lease_token = NULL, lease_until = NULL WHERE id = ?1",
        args![id],
    )?;
    db.execute("DELETE FROM test_results WHERE submission = ?1", args![id])?;
    db.notify(JOBS_CHANNEL, id)?;
    db.notify(PROGRESS_CHANNEL, id)
}

/// Asks a queued or running submission to stop. A queued one ends `cancelled` at once, with no
/// test run (the store does not know how many tests it has, so `not_run` stays 0); a running
/// one is flagged, and its worker sees the flag at its next heartbeat. False when it is final.
pub(crate) fn request_cancel(db: &dyn Db, id: &str, now: Millis) -> Result<bool> {
    let stopped = db.execute(
        "UPDATE submissions SET state = 'cancelled', cancel_requested = TRUE, finished_at = ?2,
             stopped = 'cancelled', not_run = 0 WHERE id = ?1 AND state = 'queued'",
        args![id, now],
    )?;
    let flagged = stopped > 0
        || db
            .execute("UPDATE submissions SET cancel_requested = TRUE WHERE id = ?1 AND state = 'running'", args![id])?
            > 0;
    if flagged {
        db.notify(PROGRESS_CHANNEL, id)?;
    }
    Ok(flagged)
}

/// Submissions waiting to be claimed and being judged.
pub(crate) fn depth(db: &dyn Db) -> Result<(u64, u64)> {
    let row = db.query_one(
        "SELECT COUNT(*) FILTER (WHERE state = 'queued'), COUNT(*) FILTER (WHERE state = 'running')
         FROM submissions WHERE state IN ('queued', 'running')",
        args![],
    )?;
    let count = |n: i64| u64::try_from(n).unwrap_or(0);
    Ok((count(row.get(0)?), count(row.get(1)?)))
}

/// Keeps a problem package under its content hash (once: the same hash is the same bytes).
pub(crate) fn put_package(db: &dyn Db, now: Millis, hash: &str, slug: &str, bytes: &[u8]) -> Result<()> {
    db.execute(
        "INSERT INTO packages (hash, slug, bytes, created_at) VALUES (?1, ?2, ?3, ?4) ON CONFLICT (hash) DO NOTHING",
        args![hash, slug, bytes, now],
    )?;
    Ok(())
}

/// A package's bytes by its content hash.
pub(crate) fn package(db: &dyn Db, hash: &str) -> Result<Option<Vec<u8>>> {
    db.query_opt("SELECT bytes FROM packages WHERE hash = ?1", args![hash])?.map(|r| r.get(0)).transpose()
}

/// The attempt (invitation) a submission belongs to, if any.
pub(crate) fn attempt_of(db: &dyn Db, id: &str) -> Result<Option<String>> {
    let row = db.query_opt("SELECT candidate FROM submissions WHERE id = ?1", args![id])?;
    let Some(row) = row else { return Ok(None) };
    let owner: crate::owner::Owner = row.get(0)?;
    Ok(owner.attempt().map(str::to_owned))
}
