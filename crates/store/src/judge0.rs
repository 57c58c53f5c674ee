//! Submissions of the Judge0 CE compatible API: one program to run once with its stdin, stored
//! before it runs so that it survives a restart and any node serving that API may run it. A
//! worker claims the oldest waiting row (or a running one whose lease ran out: its worker died)
//! under a fresh random token, and writes the result under that token (refused with
//! [`StoreError::LeaseLost`] once another claim replaced it). The request and the result are
//! the caller's JSON, never read here.
//!
//! Nothing grows without bound: rows waiting or running are refused past the caller's cap
//! ([`Enqueued::Full`]), and every claim first deletes finished rows older than
//! [`JUDGE0_KEEP`] and the oldest finished rows beyond [`JUDGE0_MAX_KEPT`]. Every function
//! here runs inside the caller's transaction.

use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::sql::{args, Db, Row};
use std::time::Duration;

/// How long a finished submission stays readable by its token: a day, longer than any client
/// polls for a result (Judge0 keeps them for ever; a practice server need not).
pub const JUDGE0_KEEP: Duration = Duration::from_secs(24 * 3600);

/// Finished submissions kept at most, newest first: with stdout and stderr kept at most 64 KiB
/// each and the request bounded at the edge, about 2 GiB in the worst case, far less in practice.
pub const JUDGE0_MAX_KEPT: u64 = 10_000;

/// A submission to store.
#[derive(Debug, Clone)]
pub struct NewJudge0<'a> {
    /// Its random UUID, the client's handle.
    pub token: &'a str,
    /// The caller's JSON of what to run.
    pub request: &'a str,
}

/// What storing a batch did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enqueued {
    Stored,
    /// Storing them would pass the cap on rows waiting or running: nothing was stored.
    Full,
}

/// A submission claimed to run, with the lease's token its result must name.
#[derive(Debug, Clone, PartialEq)]
pub struct Judge0Claim {
    pub token: String,
    pub request: String,
    pub lease: String,
}

/// Where a stored submission is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judge0State {
    Queued,
    Running,
    Done,
}

/// A stored submission as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct Judge0Record {
    pub token: String,
    pub created_at: Millis,
    pub state: Judge0State,
    pub request: String,
    /// The caller's JSON of the result, once done.
    pub result: Option<String>,
    pub finished_at: Option<Millis>,
}

fn millis(duration: Duration) -> Millis {
    Millis::try_from(duration.as_millis()).unwrap_or(Millis::MAX)
}

/// What a claim may take: waiting, or running under a lease that ran out.
const CLAIMABLE: &str = "state = 'queued' OR (state = 'running' AND lease_until < ?1)";

/// Stores every submission of a batch, or none when the rows waiting or running would pass
/// `most_pending`.
pub(crate) fn enqueue(db: &dyn Db, now: Millis, batch: &[NewJudge0<'_>], most_pending: u64) -> Result<Enqueued> {
    let pending: i64 =
        db.query_one("SELECT COUNT(*) FROM judge0_submissions WHERE state <> 'done'", args![])?.get(0)?;
    let pending = u64::try_from(pending).unwrap_or(0);
    if pending.saturating_add(batch.len() as u64) > most_pending {
        return Ok(Enqueued::Full);
    }
    for new in batch {
        let inserted = db.execute(
            "INSERT INTO judge0_submissions (token, created_at, state, request) VALUES (?1, ?2, 'queued', ?3)",
            args![new.token, now, new.request],
        )?;
        if inserted == 0 {
            return Err(StoreError::Duplicate { id: new.token.to_owned() });
        }
    }
    Ok(Enqueued::Stored)
}

/// Whether a claim at `now` would find a submission to run.
pub(crate) fn claimable(db: &dyn Db, now: Millis) -> Result<bool> {
    let look = format!("SELECT 1 FROM judge0_submissions WHERE {CLAIMABLE} LIMIT 1");
    Ok(db.query_opt(&look, args![now])?.is_some())
}

/// Deletes what is kept too long or beyond the count, then claims the oldest submission to run
/// for `worker`, under `lease` until `lease_until`.
pub(crate) fn claim(
    db: &dyn Db,
    now: Millis,
    worker: &str,
    lease: &str,
    lease_until: Millis,
) -> Result<Option<Judge0Claim>> {
    prune(db, now)?;
    let next = format!(
        "SELECT token, request FROM judge0_submissions WHERE {CLAIMABLE} ORDER BY created_at, token LIMIT 1{}",
        db.skip_locked()
    );
    let Some(row) = db.query_opt(&next, args![now])? else { return Ok(None) };
    let (token, request): (String, String) = (row.get(0)?, row.get(1)?);
    db.execute(
        "UPDATE judge0_submissions SET state = 'running', claimed_by = ?2, lease_token = ?3, lease_until = ?4 \
         WHERE token = ?1",
        args![&token, worker, lease, lease_until],
    )?;
    Ok(Some(Judge0Claim { token, request, lease: lease.to_owned() }))
}

/// Deletes finished rows older than [`JUDGE0_KEEP`], and the oldest beyond [`JUDGE0_MAX_KEPT`].
fn prune(db: &dyn Db, now: Millis) -> Result<()> {
    db.execute(
        "DELETE FROM judge0_submissions WHERE state = 'done' AND finished_at < ?1",
        args![now.saturating_sub(millis(JUDGE0_KEEP))],
    )?;
    // The finish time of the newest row past the count: it and everything older go (a tie at
    // that millisecond goes too, so the count is never passed).
    let kept = i64::try_from(JUDGE0_MAX_KEPT).unwrap_or(i64::MAX);
    let cutoff = db.query_opt(
        "SELECT finished_at FROM judge0_submissions WHERE state = 'done' ORDER BY finished_at DESC LIMIT 1 OFFSET ?1",
        args![kept],
    )?;
    if let Some(row) = cutoff {
        let cutoff: Millis = row.get(0)?;
        db.execute("DELETE FROM judge0_submissions WHERE state = 'done' AND finished_at <= ?1", args![cutoff])?;
    }
    Ok(())
}

/// Writes the result under the lease. A repeat with the same lease after it succeeded is Ok and
/// changes nothing; another lease's is LeaseLost, as is a row no longer stored.
pub(crate) fn finish(db: &dyn Db, now: Millis, token: &str, lease: &str, result: &str) -> Result<()> {
    let written = db.execute(
        "UPDATE judge0_submissions SET state = 'done', result = ?3, finished_at = ?4, lease_until = NULL \
         WHERE token = ?1 AND lease_token = ?2 AND state = 'running'",
        args![token, lease, result, now],
    )?;
    if written > 0 {
        return Ok(());
    }
    let row = db.query_opt("SELECT lease_token, state FROM judge0_submissions WHERE token = ?1", args![token])?;
    match row {
        Some(row) if row.get::<Option<String>>(0)?.as_deref() == Some(lease) && row.get::<String>(1)? == "done" => {
            Ok(())
        }
        _ => Err(StoreError::LeaseLost(token.to_owned())),
    }
}

/// The stored submissions of `tokens`, in no particular order; unknown tokens are left out.
pub(crate) fn read(db: &dyn Db, tokens: &[&str]) -> Result<Vec<Judge0Record>> {
    let mut records = Vec::with_capacity(tokens.len());
    for token in tokens {
        let row = db.query_opt(
            "SELECT token, created_at, state, request, result, finished_at FROM judge0_submissions WHERE token = ?1",
            args![*token],
        )?;
        if let Some(row) = row {
            records.push(read_record(&row)?);
        }
    }
    Ok(records)
}

fn read_record(row: &Row) -> Result<Judge0Record> {
    let state: String = row.get(2)?;
    let state = match state.as_str() {
        "queued" => Judge0State::Queued,
        "running" => Judge0State::Running,
        "done" => Judge0State::Done,
        other => return Err(StoreError::CorruptRecord { what: "judge0 submission state", detail: other.to_owned() }),
    };
    Ok(Judge0Record {
        token: row.get(0)?,
        created_at: row.get(1)?,
        state,
        request: row.get(3)?,
        result: row.get(4)?,
        finished_at: row.get(5)?,
    })
}

/// Rows waiting or running.
pub(crate) fn pending(db: &dyn Db) -> Result<u64> {
    let count: i64 = db.query_one("SELECT COUNT(*) FROM judge0_submissions WHERE state <> 'done'", args![])?.get(0)?;
    Ok(u64::try_from(count).unwrap_or(0))
}
