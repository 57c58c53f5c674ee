//! Submissions: what a candidate sent, where it is in its life, and its per-test results as the
//! judge recorded them; and the reads that list a candidate's submissions. Every function here
//! runs inside the caller's transaction.

use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::owner::Owner;
use crate::quota;
use crate::sql::{args, named, Arg, Db, FromValue, Row, Value};
use serde::{Deserialize, Serialize};
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
    /// The content hash of the problem's package it is judged against, when known.
    pub package: Option<&'a str>,
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
    pub compile_error: Option<serde_json::Value>,
    /// Why judging failed (state `failed`).
    pub error: Option<String>,
    /// Per-test results in test-number order, as the server recorded them.
    pub tests: Vec<serde_json::Value>,
    pub created_at: Millis,
    pub finished_at: Option<Millis>,
    pub origin: Origin,
    /// Set when judging ended before every test ran; `not_run` tests never started.
    pub stopped: Option<Stopped>,
    pub not_run: u32,
    /// The content hash of the problem's package it is judged against, when known.
    pub package: Option<String>,
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

/// The points a problem worth `points` gives for the submission that counts for it: its score
/// (0 to 1) times the points once it is judged, else nothing. The report and the
/// `attempt.graded` webhook both score with this.
pub fn points_scored(points: u32, best: Option<&SubmissionSummary>) -> f64 {
    best.filter(|s| s.state.is_final()).and_then(|s| s.score).unwrap_or(0.0) * f64::from(points)
}

/// How judging a submission ended.
#[derive(Debug, Clone)]
pub enum Outcome {
    Finished {
        verdict: String,
        score: f64,
        compile_error: Option<serde_json::Value>,
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

impl FromValue for SubmissionState {
    fn from_value(value: &Value) -> Option<Self> {
        named(value)
    }
}

impl FromValue for Origin {
    fn from_value(value: &Value) -> Option<Self> {
        named(value)
    }
}

impl FromValue for Stopped {
    fn from_value(value: &Value) -> Option<Self> {
        named(value)
    }
}

/// Inserts a new submission in state `queued`, refusing a duplicate id, and (given a quota) a
/// candidate whose stored submissions already fill it: the check and the insert share the
/// caller's transaction, so two submissions at once cannot both slip under the quota.
pub(crate) fn insert_submission(
    db: &dyn Db,
    new: &NewSubmission<'_>,
    now: Millis,
    origin: Origin,
    quota: Option<u64>,
) -> Result<SubmissionRecord> {
    if let Some(limit) = quota {
        quota::check(db, new.owner, new.code.len() as u64, limit)?;
    }
    // An attempt's submissions are claimed before practice ones: a candidate under a timer
    // waits least.
    let priority: i64 = if new.owner.attempt().is_some() { 0 } else { 1 };
    let inserted = db.execute(
        "INSERT INTO submissions (id, candidate, problem, code, state, created_at, origin, priority, package)
         VALUES (?1, ?2, ?3, ?4, 'queued', ?5, ?6, ?7, ?8) ON CONFLICT (id) DO NOTHING",
        args![new.id, new.owner, new.problem, new.code, now, origin.as_str(), priority, new.package],
    )?;
    if inserted == 0 {
        return Err(StoreError::Duplicate { id: new.id.to_owned() });
    }
    // Every worker hears of new work in the transaction that makes it.
    db.notify(crate::listener::JOBS_CHANNEL, new.id)?;
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
        package: new.package.map(str::to_owned),
    })
}

/// A submission and its tests, read in the caller's (one) transaction so the tests match the
/// state read with them.
pub(crate) fn submission(db: &dyn Db, id: &str) -> Result<Option<SubmissionRecord>> {
    let row = db.query_opt(
        "SELECT candidate, problem, code, state, verdict, score, compile_error, error, created_at, finished_at,
                origin, stopped, not_run, package
         FROM submissions WHERE id = ?1",
        args![id],
    )?;
    let Some(r) = row else {
        return Ok(None);
    };
    let tests =
        db.query_map("SELECT result FROM test_results WHERE submission = ?1 ORDER BY number", args![id], |t| {
            Ok(parse_json(id, "test result", Some(t.get(0)?))?.unwrap_or(serde_json::Value::Null))
        })?;
    Ok(Some(SubmissionRecord {
        id: id.to_owned(),
        owner: r.get(0)?,
        problem: r.get(1)?,
        code: r.get(2)?,
        state: r.get(3)?,
        verdict: r.get(4)?,
        score: r.get(5)?,
        compile_error: parse_json(id, "compile error", r.get(6)?)?,
        error: r.get(7)?,
        tests,
        created_at: r.get(8)?,
        finished_at: r.get(9)?,
        origin: r.get(10)?,
        stopped: r.get(11)?,
        not_run: r.get(12)?,
        package: r.get(13)?,
    }))
}

/// A candidate's submissions to one problem, newest first.
pub(crate) fn submissions_of(
    db: &dyn Db,
    owner: &Owner,
    problem: &str,
    limit: usize,
) -> Result<Vec<SubmissionSummary>> {
    summaries(
        db,
        "SELECT id, problem, state, verdict, score, created_at, origin FROM submissions
         WHERE candidate = ?1 AND problem = ?2 ORDER BY created_at DESC, rowid DESC LIMIT ?3",
        args![owner, problem, i64::try_from(limit).unwrap_or(i64::MAX)],
    )
}

/// The candidate's standing on every problem they submitted to.
pub(crate) fn problem_statuses(db: &dyn Db, owner: &Owner) -> Result<HashMap<String, ProblemStatus>> {
    let rows = db.query_map(
        "SELECT problem, MAX(CASE WHEN verdict = ?2 THEN 1 ELSE 0 END) FROM submissions
         WHERE candidate = ?1 GROUP BY problem",
        args![owner, ACCEPTED],
        |r| {
            let solved: bool = r.get(1)?;
            Ok((r.get::<String>(0)?, if solved { ProblemStatus::Solved } else { ProblemStatus::Tried }))
        },
    )?;
    Ok(rows.into_iter().collect())
}

/// The last submission to each problem.
pub(crate) fn latest_submissions(db: &dyn Db, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
    summaries(
        db,
        "SELECT id, problem, state, verdict, score, created_at, origin FROM submissions WHERE rowid IN
         (SELECT MAX(rowid) FROM submissions WHERE candidate = ?1 GROUP BY problem) ORDER BY problem",
        args![owner],
    )
}

/// Per problem: the graded submission with the highest score (the latest of equals); a problem
/// with none graded yet shows its latest submission, still in progress.
pub(crate) fn best_submissions(db: &dyn Db, owner: &Owner) -> Result<Vec<SubmissionSummary>> {
    summaries(
        db,
        "SELECT id, problem, state, verdict, score, created_at, origin FROM (
             SELECT *, ROW_NUMBER() OVER (
                 PARTITION BY problem
                 ORDER BY state = 'finished' DESC, COALESCE(score, 0) DESC, rowid DESC) AS place
             FROM submissions WHERE candidate = ?1) AS ranked
         WHERE place = 1 ORDER BY problem",
        args![owner],
    )
}

/// The last code submitted to a problem, if any.
pub(crate) fn last_code(db: &dyn Db, owner: &Owner, problem: &str) -> Result<Option<String>> {
    db.query_opt(
        "SELECT code FROM submissions WHERE candidate = ?1 AND problem = ?2 ORDER BY rowid DESC LIMIT 1",
        args![owner, problem],
    )?
    .map(|r| r.get(0))
    .transpose()
}

/// Reads submission summaries with `query` (columns id, problem, state, verdict, score,
/// created_at, origin).
fn summaries(db: &dyn Db, query: &str, args: &[Arg<'_>]) -> Result<Vec<SubmissionSummary>> {
    db.query_map(query, args, summary_of)
}

fn summary_of(r: &Row) -> Result<SubmissionSummary> {
    Ok(SubmissionSummary {
        id: r.get(0)?,
        problem: r.get(1)?,
        state: r.get(2)?,
        verdict: r.get(3)?,
        score: r.get(4)?,
        created_at: r.get(5)?,
        origin: r.get(6)?,
    })
}

fn parse_json(id: &str, what: &'static str, text: Option<String>) -> Result<Option<serde_json::Value>> {
    text.map(|t| serde_json::from_str(&t).map_err(|source| StoreError::Corrupt { id: id.to_owned(), what, source }))
        .transpose()
}
