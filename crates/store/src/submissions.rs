//! Submissions: what a candidate sent, where it is in its life, and its per-test results as the
//! judge recorded them; and the reads that list a candidate's submissions. Every function here
//! runs inside the caller's transaction.

use crate::clock::Millis;
use crate::error::{bad_column, Result, StoreError};
use crate::owner::Owner;
use crate::quota;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;

/// Where a submission is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum SubmissionState {
    /// Accepted and stored, waiting for a judge.
    Queued,
    /// Being judged.
    Running,
    /// Graded: it has a verdict.
    Finished,
    /// The judge could not grade it (an internal error, never the candidate's fault).
    Failed,
    /// The candidate stopped it before every test ran: it has the tests that ran, no verdict.
    Cancelled,
}

impl SubmissionState {
    /// The name stored in the database (and the API's).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }

    pub fn is_final(self) -> bool {
        matches!(self, SubmissionState::Finished | SubmissionState::Failed | SubmissionState::Cancelled)
    }
}

/// A submission to store.
#[derive(Debug, Clone)]
pub struct NewSubmission<'a> {
    pub id: &'a str,
    pub owner: &'a Owner,
    pub problem: &'a str,
    pub code: &'a str,
}

/// Who made a submission: the candidate, or the system grading an attempt's last draft.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Origin {
    /// The candidate pressed Submit.
    Candidate,
    /// The system, when the candidate pressed Finish.
    Finish,
    /// The system, when the attempt's deadline passed.
    Deadline,
}

impl Origin {
    /// The name stored in the database (and the API's).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// Why judging ended before every test ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::EnumString)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Stopped {
    /// Practice stops at the first failing hidden test.
    FirstFailure,
    /// The candidate cancelled it.
    Cancelled,
}

impl Stopped {
    /// The name stored in the database (and the API's).
    pub fn as_str(self) -> &'static str {
        self.into()
    }

    fn parse(text: &str) -> Option<Self> {
        text.parse().ok()
    }
}

/// A stored submission with the test results known so far.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionRecord {
    pub id: String,
    pub owner: Owner,
    pub problem: String,
    pub code: String,
    pub state: SubmissionState,
    pub verdict: Option<String>,
    pub score: Option<f64>,
    pub compile_error: Option<Value>,
    /// Why judging failed (state `failed`).
    pub error: Option<String>,
    /// Per-test results in test-number order, as the server recorded them.
    pub tests: Vec<Value>,
    pub created_at: Millis,
    pub finished_at: Option<Millis>,
    pub origin: Origin,
    /// Set when judging ended before every test ran; `not_run` tests never started.
    pub stopped: Option<Stopped>,
    pub not_run: u32,
}

/// One line of a candidate's submission history.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmissionSummary {
    pub id: String,
    pub problem: String,
    pub state: SubmissionState,
    pub verdict: Option<String>,
    pub score: Option<f64>,
    pub created_at: Millis,
    pub origin: Origin,
}

/// How judging a submission ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Finished {
        verdict: String,
        score: f64,
        compile_error: Option<Value>,
        stopped: Option<Stopped>,
        not_run: u32,
    },
    /// Stopped by the candidate: no verdict (the tests that ran were recorded as they finished).
    Cancelled {
        not_run: u32,
    },
    Failed {
        error: String,
    },
}

/// A candidate's standing on one problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProblemStatus {
    /// At least one submission was accepted.
    Solved,
    /// Submitted, never accepted.
    Tried,
}

/// The verdict that counts as solved.
pub const ACCEPTED: &str = "AC";

/// Inserts a new submission in state `queued`, refusing a duplicate id, and (given a quota) a
/// candidate whose stored submissions already fill it: the check and the insert share the
/// caller's transaction, so two submissions at once cannot both slip under the quota.
pub(crate) fn insert_submission(
    connection: &Connection,
    new: &NewSubmission<'_>,
    now: Millis,
    origin: Origin,
    quota: Option<u64>,
) -> Result<SubmissionRecord> {
    if let Some(limit) = quota {
        quota::check(connection, new.owner, new.code.len() as u64, limit)?;
    }
    let inserted = connection.execute(
        "INSERT INTO submissions (id, candidate, problem, code, state, created_at, origin)
         VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6) ON CONFLICT (id) DO NOTHING",
        params![new.id, new.owner, new.problem, new.code, now, origin.as_str()],
    )?;
    if inserted == 0 {
        return Err(StoreError::Duplicate { id: new.id.to_owned() });
    }
    Ok(SubmissionRecord {
        id: new.id.to_owned(),
        owner: new.owner.clone(),
        problem: new.problem.to_owned(),
        code: new.code.to_owned(),
        state: SubmissionState::Queued,
        verdict: None,
        score: None,
        compile_error: None,
        error: None,
        tests: Vec::new(),
        created_at: now,
        finished_at: None,
        origin,
        stopped: None,
        not_run: 0,
    })
}

/// A submission and its tests, read in the caller's (one) transaction so the tests match the
/// state read with them.
pub(crate) fn submission(connection: &Connection, id: &str) -> Result<Option<SubmissionRecord>> {
    let row = connection
        .query_row(
            "SELECT candidate, problem, code, state, verdict, score, compile_error, error, created_at, finished_at,
                    origin, stopped, not_run
             FROM submissions WHERE id = ?1",
            [id],
            |r| {
                let record = SubmissionRecord {
                    id: id.to_owned(),
                    owner: r.get(0)?,
                    problem: r.get(1)?,
                    code: r.get(2)?,
                    state: state_of(r, 3)?,
                    verdict: r.get(4)?,
                    score: r.get(5)?,
                    compile_error: None,
                    error: r.get(7)?,
                    tests: Vec::new(),
                    created_at: r.get(8)?,
                    finished_at: r.get(9)?,
                    origin: origin_of(r, 10)?,
                    stopped: stopped_of(r, 11)?,
                    not_run: r.get(12)?,
                };
                Ok((record, r.get::<_, Option<String>>(6)?))
            },
        )
        .optional()?;
    let Some((mut record, compile_error)) = row else {
        return Ok(None);
    };
    record.compile_error = parse_json(id, "compile error", compile_error)?;
    let mut statement = connection.prepare("SELECT result FROM test_results WHERE submission = ?1 ORDER BY number")?;
    record.tests = statement
        .query_map([id], |r| r.get::<_, String>(0))?
        .map(|text| Ok(parse_json(id, "test result", Some(text?))?.unwrap_or(Value::Null)))
        .collect::<Result<Vec<Value>>>()?;
    Ok(Some(record))
}

pub(crate) fn mark_running(connection: &Connection, id: &str) -> Result<()> {
    let changed = connection
        .execute("UPDATE submissions SET state = 'running' WHERE id = ?1 AND state IN ('queued', 'running')", [id])?;
    if changed == 0 {
        return Err(StoreError::NoSubmission(id.to_owned()));
    }
    Ok(())
}

/// Records one finished test of a running submission, replacing an earlier record of the same
/// test. A submission that is no longer running (put back in the queue at shutdown, or already
/// final) takes no more results: judging that outlived it must not mix into its next judging.
pub(crate) fn record_test(connection: &Connection, id: &str, number: u32, result: &Value) -> Result<()> {
    let written = connection.execute(
        "INSERT INTO test_results (submission, number, result)
         SELECT ?1, ?2, ?3 WHERE EXISTS (SELECT 1 FROM submissions WHERE id = ?1 AND state = 'running')
         ON CONFLICT (submission, number) DO UPDATE SET result = excluded.result",
        params![id, number, result.to_string()],
    )?;
    if written == 0 {
        return Err(not_running(connection, id)?);
    }
    Ok(())
}

/// Records the final outcome of a running submission (its tests were recorded one by one as
/// they finished). One that is no longer running is left as it is.
pub(crate) fn finish(connection: &Connection, id: &str, outcome: &Outcome, now: Millis) -> Result<()> {
    let changed = match outcome {
        Outcome::Finished { verdict, score, compile_error, stopped, not_run } => connection.execute(
            "UPDATE submissions SET state = 'finished', verdict = ?2, score = ?3, compile_error = ?4,
                 error = NULL, finished_at = ?5, stopped = ?6, not_run = ?7 WHERE id = ?1 AND state = 'running'",
            params![
                id,
                verdict,
                score,
                compile_error.as_ref().map(Value::to_string),
                now,
                stopped.map(Stopped::as_str),
                not_run
            ],
        )?,
        Outcome::Cancelled { not_run } => connection.execute(
            "UPDATE submissions SET state = 'cancelled', verdict = NULL, score = NULL, error = NULL,
             finished_at = ?2, stopped = 'cancelled', not_run = ?3 WHERE id = ?1 AND state = 'running'",
            params![id, now, not_run],
        )?,
        Outcome::Failed { error } => connection.execute(
            "UPDATE submissions SET state = 'failed', verdict = 'IE', score = 0, error = ?2, finished_at = ?3
             WHERE id = ?1 AND state = 'running'",
            params![id, error, now],
        )?,
    };
    if changed == 0 {
        return Err(not_running(connection, id)?);
    }
    Ok(())
}

/// Why a write for a running submission changed nothing: it is gone, or not being judged.
fn not_running(connection: &Connection, id: &str) -> Result<StoreError> {
    let exists = connection.query_row("SELECT 1 FROM submissions WHERE id = ?1", [id], |_| Ok(())).optional()?;
    Ok(match exists {
        Some(()) => StoreError::NotRunning(id.to_owned()),
        None => StoreError::NoSubmission(id.to_owned()),
    })
}

/// Puts one running submission back to `queued`, dropping its partial results.
pub(crate) fn requeue(connection: &Connection, id: &str) -> Result<()> {
    // A submission that finished meanwhile keeps its results: only one put back loses them.
    let put_back =
        connection.execute("UPDATE submissions SET state = 'queued' WHERE id = ?1 AND state = 'running'", [id])?;
    if put_back > 0 {
        connection.execute("DELETE FROM test_results WHERE submission = ?1", [id])?;
    }
    Ok(())
}

/// Puts every submission that is not final back to `queued` with no partial results; their ids,
/// oldest first.
pub(crate) fn requeue_unfinished(connection: &Connection) -> Result<Vec<String>> {
    let ids = {
        let mut statement = connection
            .prepare("SELECT id FROM submissions WHERE state IN ('queued', 'running') ORDER BY created_at, rowid")?;
        let ids = statement.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
        ids
    };
    connection.execute(
        "DELETE FROM test_results WHERE submission IN
         (SELECT id FROM submissions WHERE state IN ('queued', 'running'))",
        [],
    )?;
    connection.execute("UPDATE submissions SET state = 'queued' WHERE state = 'running'", [])?;
    Ok(ids)
}

/// A candidate's submissions to one problem, newest first.
pub(crate) fn submissions_of(
    connection: &Connection,
    owner: &Owner,
    problem: &str,
    limit: usize,
) -> Result<Vec<SubmissionSummary>> {
    summaries(
        connection,
        "SELECT id, problem, state, verdict, score, created_at, origin FROM submissions
         WHERE candidate = ?1 AND problem = ?2 ORDER BY created_at DESC, rowid DESC LIMIT ?3",
        params![owner, problem, limit as i64],
    )
}

/// The candidate's standing on every problem they submitted to.
pub(crate) fn problem_statuses(connection: &Connection, owner: &Owner) -> Result<HashMap<String, ProblemStatus>> {
    let mut statement = connection.prepare(
        "SELECT problem, MAX(verdict IS NOT NULL AND verdict = ?2) FROM submissions
         WHERE candidate = ?1 GROUP BY problem",
    )?;
    let rows = statement.query_map(params![owner, ACCEPTED], |r| {
        let solved: bool = r.get(1)?;
        Ok((r.get::<_, String>(0)?, if solved { ProblemStatus::Solved } else { ProblemStatus::Tried }))
    })?;
    Ok(rows.collect::<Result<HashMap<_, _>, _>>()?)
}

/// The last submission to each problem.
pub(crate) fn latest_submissions(connection: &Connection, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
    summaries(
        connection,
        "SELECT id, problem, state, verdict, score, created_at, origin FROM submissions WHERE rowid IN
         (SELECT MAX(rowid) FROM submissions WHERE candidate = ?1 GROUP BY problem) ORDER BY problem",
        params![owner],
    )
}

/// Per problem: the graded submission with the highest score (the latest of equals); a problem
/// with none graded yet shows its latest submission, still in progress.
pub(crate) fn best_submissions(connection: &Connection, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
    summaries(
        connection,
        "SELECT id, problem, state, verdict, score, created_at, origin FROM (
             SELECT *, ROW_NUMBER() OVER (
                 PARTITION BY problem
                 ORDER BY state = 'finished' DESC, COALESCE(score, 0) DESC, rowid DESC) AS rank
             FROM submissions WHERE candidate = ?1)
         WHERE rank = 1 ORDER BY problem",
        params![owner],
    )
}

/// The last code submitted to a problem, if any.
pub(crate) fn last_code(connection: &Connection, owner: &Owner, problem: &str) -> Result<Option<String>> {
    Ok(connection
        .query_row(
            "SELECT code FROM submissions WHERE candidate = ?1 AND problem = ?2 ORDER BY rowid DESC LIMIT 1",
            params![owner, problem],
            |r| r.get(0),
        )
        .optional()?)
}

/// Reads submission summaries with `query` (columns id, problem, state, verdict, score,
/// created_at, origin).
fn summaries(connection: &Connection, query: &str, params: impl rusqlite::Params) -> Result<Vec<SubmissionSummary>> {
    let mut statement = connection.prepare(query)?;
    let rows = statement.query_map(params, |r| {
        Ok(SubmissionSummary {
            id: r.get(0)?,
            problem: r.get(1)?,
            state: state_of(r, 2)?,
            verdict: r.get(3)?,
            score: r.get(4)?,
            created_at: r.get(5)?,
            origin: origin_of(r, 6)?,
        })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

fn parse_json(id: &str, what: &'static str, text: Option<String>) -> Result<Option<Value>> {
    text.map(|t| serde_json::from_str(&t).map_err(|source| StoreError::Corrupt { id: id.to_owned(), what, source }))
        .transpose()
}

fn state_of(row: &Row<'_>, column: usize) -> rusqlite::Result<SubmissionState> {
    let text: String = row.get(column)?;
    SubmissionState::parse(&text).ok_or_else(|| bad_column(column, format!("state {text}")))
}

fn origin_of(row: &Row<'_>, column: usize) -> rusqlite::Result<Origin> {
    let text: String = row.get(column)?;
    Origin::parse(&text).ok_or_else(|| bad_column(column, format!("origin {text}")))
}

fn stopped_of(row: &Row<'_>, column: usize) -> rusqlite::Result<Option<Stopped>> {
    let text: Option<String> = row.get(column)?;
    text.map(|t| Stopped::parse(&t).ok_or_else(|| bad_column(column, format!("stopped {t}")))).transpose()
}
