//! Persistence for the judge service: submissions (stored before they are judged), their
//! per-test progress, candidates' drafts, and the hiring side: teams, users, sessions, API
//! tokens, assessments, invitations, attempts with their draft history, and the audit log.
//!
//! [`Store`] is the interface the server uses; [`SqliteStore`] is the embedded implementation,
//! one SQLite file in WAL mode, written with full fsync so an accepted submission survives a
//! crash. The interface is plain data in and out, so a PostgreSQL implementation can sit beside
//! it. This crate never judges, runs or interprets code, and never leaves a change half-written:
//! every method is one transaction.

use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

pub mod assessments;
pub mod clock;
pub mod owner;

pub use assessments::*;
pub use clock::{Clock, ManualClock, SystemClock};
pub use owner::Owner;

/// Milliseconds since the Unix epoch.
pub type Millis = i64;

/// A time as RFC 3339 with milliseconds, the way every answer and log entry shows it.
pub fn rfc3339(millis: Millis) -> String {
    let time = std::time::UNIX_EPOCH + std::time::Duration::from_millis(millis.max(0) as u64);
    humantime::format_rfc3339_millis(time).to_string()
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error("cannot create the data directory {path}: {source}")]
    DataDir { path: PathBuf, source: std::io::Error },
    #[error("the database {path} has schema version {found}, newer than this program's {supported}")]
    NewerSchema { path: PathBuf, found: i64, supported: i64 },
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("stored {what} of submission {id} is not valid JSON: {source}")]
    Corrupt { id: String, what: &'static str, source: serde_json::Error },
    #[error("no submission {0}")]
    NoSubmission(String),
    #[error("submission {id} already exists")]
    Duplicate { id: String },
    #[error("a user with the email {0} already exists")]
    DuplicateEmail(String),
    #[error("stored {what} is not valid: {detail}")]
    CorruptRecord { what: &'static str, detail: String },
    /// The attempt's time is over (or it was finished): nothing more is accepted.
    #[error("the time for this attempt is over")]
    TimeOver,
    /// The change does not fit the current state (a code for the API, and why).
    #[error("{message}")]
    Conflict { code: &'static str, message: String },
    #[error("no {0}")]
    Missing(&'static str),
    /// The candidate's submissions and their results fill their share of the store.
    #[error("your submissions take {used} bytes of storage, the most a candidate may use is {limit}")]
    QuotaExceeded { used: u64, limit: u64 },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

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
        /// Tests whose progress record is missing; the others were recorded as they finished.
        tests: Vec<(u32, Value)>,
        stopped: Option<Stopped>,
        not_run: u32,
    },
    /// Stopped by the candidate: the tests that ran, and no verdict.
    Cancelled {
        tests: Vec<(u32, Value)>,
        not_run: u32,
    },
    Failed {
        error: String,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Draft {
    pub code: String,
    pub updated_at: Millis,
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

/// What the server needs from persistence.
pub trait Store: AssessmentStore + Send + Sync + std::fmt::Debug + 'static {
    /// Stores a new submission in state `queued`.
    fn create_submission(&self, new: &NewSubmission<'_>) -> Result<SubmissionRecord>;
    fn submission(&self, id: &str) -> Result<Option<SubmissionRecord>>;
    fn mark_running(&self, id: &str) -> Result<()>;
    /// Records one finished test (replacing an earlier record of the same test).
    fn record_test(&self, id: &str, number: u32, result: &Value) -> Result<()>;
    /// Records the final outcome; the tests it carries (those `record_test` could not store)
    /// are stored with it, the others stay as recorded.
    fn finish(&self, id: &str, outcome: &Outcome) -> Result<()>;
    /// Puts one submission back to `queued`, dropping its partial results (shutdown without
    /// finishing it).
    fn requeue(&self, id: &str) -> Result<()>;
    /// Puts every submission that is not final back to `queued` with no partial results, and
    /// returns their ids, oldest first: the work a restart must judge again.
    fn requeue_unfinished(&self) -> Result<Vec<String>>;
    /// A candidate's submissions to one problem, newest first.
    fn submissions_of(&self, owner: &Owner, problem: &str, limit: usize) -> Result<Vec<SubmissionSummary>>;
    /// The candidate's standing on every problem they submitted to.
    fn problem_statuses(&self, owner: &Owner) -> Result<HashMap<String, ProblemStatus>>;
    fn draft(&self, owner: &Owner, problem: &str) -> Result<Option<Draft>>;
    fn save_draft(&self, owner: &Owner, problem: &str, code: &str) -> Result<Draft>;
}

const SCHEMA_VERSION: i64 = 3;

/// The most bytes of submitted code and stored results one candidate may keep (practice and each
/// attempt alike); submissions the system makes at an attempt's end are never refused.
pub const DEFAULT_CANDIDATE_QUOTA: u64 = 64 * 1024 * 1024;

/// Version 3: a submission's origin (candidate, or the system at Finish or the deadline), why
/// judging stopped early, and the `cancelled` state. SQLite cannot change a CHECK in place, so
/// the table is rebuilt with its rowids (which order a candidate's submissions).
const SCHEMA_V3: &str = "
CREATE TABLE submissions_v3 (
    id            TEXT PRIMARY KEY,
    candidate     TEXT NOT NULL,
    problem       TEXT NOT NULL,
    code          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'finished', 'failed', 'cancelled')),
    verdict       TEXT,
    score         REAL,
    compile_error TEXT,
    error         TEXT,
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER,
    origin        TEXT NOT NULL DEFAULT 'candidate' CHECK (origin IN ('candidate', 'finish', 'deadline')),
    stopped       TEXT CHECK (stopped IN ('first_failure', 'cancelled')),
    not_run       INTEGER NOT NULL DEFAULT 0
);
INSERT INTO submissions_v3 (rowid, id, candidate, problem, code, state, verdict, score, compile_error, error,
                            created_at, finished_at)
    SELECT rowid, id, candidate, problem, code, state, verdict, score, compile_error, error, created_at, finished_at
    FROM submissions;
DROP TABLE submissions;
ALTER TABLE submissions_v3 RENAME TO submissions;
CREATE INDEX submissions_by_candidate ON submissions (candidate, problem, created_at);
CREATE INDEX submissions_unfinished ON submissions (created_at) WHERE state IN ('queued', 'running');
UPDATE submissions SET origin = 'finish' WHERE id IN
    (SELECT json_extract(a.detail, '$.submission') FROM audit a
     JOIN invitations i ON i.id = a.invitation
     WHERE a.action = 'last_draft_submitted' AND i.finish_reason IS NOT 'deadline');
UPDATE submissions SET origin = 'deadline' WHERE id IN
    (SELECT json_extract(a.detail, '$.submission') FROM audit a
     JOIN invitations i ON i.id = a.invitation
     WHERE a.action = 'last_draft_submitted' AND i.finish_reason = 'deadline');
";

const SCHEMA: &str = "
CREATE TABLE submissions (
    id            TEXT PRIMARY KEY,
    candidate     TEXT NOT NULL,
    problem       TEXT NOT NULL,
    code          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('queued', 'running', 'finished', 'failed')),
    verdict       TEXT,
    score         REAL,
    compile_error TEXT,
    error         TEXT,
    created_at    INTEGER NOT NULL,
    finished_at   INTEGER
);
CREATE INDEX submissions_by_candidate ON submissions (candidate, problem, created_at);
CREATE INDEX submissions_unfinished ON submissions (created_at) WHERE state IN ('queued', 'running');
CREATE TABLE test_results (
    submission TEXT NOT NULL REFERENCES submissions (id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    result     TEXT NOT NULL,
    PRIMARY KEY (submission, number)
);
CREATE TABLE drafts (
    candidate  TEXT NOT NULL,
    problem    TEXT NOT NULL,
    code       TEXT NOT NULL,
    updated_at INTEGER NOT NULL,
    PRIMARY KEY (candidate, problem)
);
";

/// The embedded store: one SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    connection: Mutex<Connection>,
    clock: Arc<dyn Clock>,
    candidate_quota: u64,
    /// Transactions committed (each an fsync with `synchronous = FULL`), for tests and benches.
    commits: Arc<AtomicU64>,
}

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "verdict.sqlite3";

impl SqliteStore {
    /// Opens (creating if needed) the database in `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self> {
        Self::open_dir_with_clock(data_dir, Arc::new(SystemClock))
    }

    /// Opens the database in `data_dir`, stamping times from `clock` (the server's one clock).
    pub fn open_dir_with_clock(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::DataDir { path: data_dir.to_owned(), source })?;
        Self::open_with_clock(&data_dir.join(DATABASE_FILE), clock)
    }

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with_clock(path, Arc::new(SystemClock))
    }

    fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        let open_error = |source| StoreError::Open { path: path.to_owned(), source };
        let mut connection = Connection::open(path).map_err(open_error)?;
        // The WAL is truncated back to 4 MiB after each checkpoint, so one large write does not
        // leave the file at its high-water mark. Foreign keys are switched on after the
        // migrations, since rebuilding a referenced table needs them off (SQLite's documented way).
        connection
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF;
                 PRAGMA busy_timeout = 5000; PRAGMA journal_size_limit = 4194304;",
            )
            .map_err(open_error)?;
        let version: i64 = connection.query_row("PRAGMA user_version", [], |r| r.get(0)).map_err(open_error)?;
        if version > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema { path: path.to_owned(), found: version, supported: SCHEMA_VERSION });
        }
        // Each step brings the schema from one version to the next, in one transaction.
        let steps: [&str; 3] = [SCHEMA, assessments::SCHEMA, SCHEMA_V3];
        for (index, step) in steps.iter().enumerate().skip(version as usize) {
            let next = index + 1;
            connection
                .execute_batch(&format!("BEGIN; {step} PRAGMA user_version = {next}; COMMIT;"))
                .map_err(open_error)?;
        }
        let dangling: Option<String> = connection
            .query_row("SELECT \"table\" FROM pragma_foreign_key_check LIMIT 1", [], |r| r.get(0))
            .optional()
            .map_err(open_error)?;
        if let Some(table) = dangling {
            return Err(StoreError::CorruptRecord {
                what: "foreign key",
                detail: format!("a row of {table} points nowhere"),
            });
        }
        connection.execute_batch("PRAGMA foreign_keys = ON;").map_err(open_error)?;
        let commits = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&commits);
        connection
            .commit_hook(Some(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                // false: let the commit go on.
                false
            }))
            .map_err(open_error)?;
        Ok(Self { connection: Mutex::new(connection), clock, candidate_quota: DEFAULT_CANDIDATE_QUOTA, commits })
    }

    /// Transactions this store has committed since it was opened (every write is one).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Sets the most bytes of code and results one candidate may keep.
    pub fn with_candidate_quota(mut self, bytes: u64) -> Self {
        self.candidate_quota = bytes;
        self
    }

    /// The clock this store stamps times with.
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    fn now(&self) -> Millis {
        self.clock.now()
    }

    fn connection(&self) -> MutexGuard<'_, Connection> {
        // A panic while holding the lock cannot leave a transaction half-applied (SQLite rolls an
        // unfinished transaction back when its statement handle drops), so the poison is moot.
        self.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// Bytes of code and stored results of a candidate's submissions.
pub(crate) fn stored_bytes(connection: &Connection, owner: &Owner) -> Result<u64> {
    let bytes: i64 = connection.query_row(
        "SELECT COALESCE(SUM(LENGTH(CAST(code AS BLOB))), 0)
              + COALESCE((SELECT SUM(LENGTH(CAST(t.result AS BLOB))) FROM test_results t
                          JOIN submissions s ON s.id = t.submission WHERE s.candidate = ?1), 0)
         FROM submissions WHERE candidate = ?1",
        [owner],
        |r| r.get(0),
    )?;
    Ok(u64::try_from(bytes).unwrap_or(0))
}

/// Inserts a new submission in state `queued`, refusing a duplicate id, and (given a quota) a
/// candidate whose stored submissions already fill it.
pub(crate) fn insert_submission(
    connection: &Connection,
    new: &NewSubmission<'_>,
    now: Millis,
    origin: Origin,
    quota: Option<u64>,
) -> Result<SubmissionRecord> {
    if let Some(limit) = quota {
        let used = stored_bytes(connection, new.owner)?;
        if used.saturating_add(new.code.len() as u64) > limit {
            return Err(StoreError::QuotaExceeded { used, limit });
        }
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

fn bad_column(column: usize, what: String) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, what.into())
}

impl Store for SqliteStore {
    fn create_submission(&self, new: &NewSubmission<'_>) -> Result<SubmissionRecord> {
        insert_submission(&self.connection(), new, self.now(), Origin::Candidate, Some(self.candidate_quota))
    }

    fn submission(&self, id: &str) -> Result<Option<SubmissionRecord>> {
        let mut connection = self.connection();
        // One read transaction, so the tests match the state read with them.
        let transaction = connection.transaction()?;
        let row = transaction
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
        let mut statement =
            transaction.prepare("SELECT result FROM test_results WHERE submission = ?1 ORDER BY number")?;
        record.tests = statement
            .query_map([id], |r| r.get::<_, String>(0))?
            .map(|text| Ok(parse_json(id, "test result", Some(text?))?.unwrap_or(Value::Null)))
            .collect::<Result<Vec<Value>>>()?;
        Ok(Some(record))
    }

    fn mark_running(&self, id: &str) -> Result<()> {
        let changed = self.connection().execute(
            "UPDATE submissions SET state = 'running' WHERE id = ?1 AND state IN ('queued', 'running')",
            [id],
        )?;
        if changed == 0 {
            return Err(StoreError::NoSubmission(id.to_owned()));
        }
        Ok(())
    }

    fn record_test(&self, id: &str, number: u32, result: &Value) -> Result<()> {
        self.connection().execute(
            "INSERT INTO test_results (submission, number, result) VALUES (?1, ?2, ?3)
             ON CONFLICT (submission, number) DO UPDATE SET result = excluded.result",
            params![id, number, result.to_string()],
        )?;
        Ok(())
    }

    fn finish(&self, id: &str, outcome: &Outcome) -> Result<()> {
        let mut connection = self.connection();
        let transaction = connection.transaction()?;
        // The tests were recorded one by one as they finished; only those whose record is
        // missing come with the outcome.
        let replace_tests = |tests: &[(u32, Value)]| -> Result<()> {
            for (number, result) in tests {
                transaction.execute(
                    "INSERT INTO test_results (submission, number, result) VALUES (?1, ?2, ?3)
                     ON CONFLICT (submission, number) DO UPDATE SET result = excluded.result",
                    params![id, number, result.to_string()],
                )?;
            }
            Ok(())
        };
        let changed = match outcome {
            Outcome::Finished { verdict, score, compile_error, tests, stopped, not_run } => {
                replace_tests(tests)?;
                transaction.execute(
                    "UPDATE submissions SET state = 'finished', verdict = ?2, score = ?3, compile_error = ?4,
                     error = NULL, finished_at = ?5, stopped = ?6, not_run = ?7 WHERE id = ?1",
                    params![
                        id,
                        verdict,
                        score,
                        compile_error.as_ref().map(Value::to_string),
                        self.now(),
                        stopped.map(Stopped::as_str),
                        not_run
                    ],
                )?
            }
            Outcome::Cancelled { tests, not_run } => {
                replace_tests(tests)?;
                transaction.execute(
                    "UPDATE submissions SET state = 'cancelled', verdict = NULL, score = NULL, error = NULL,
                     finished_at = ?2, stopped = 'cancelled', not_run = ?3 WHERE id = ?1",
                    params![id, self.now(), not_run],
                )?
            }
            Outcome::Failed { error } => transaction.execute(
                "UPDATE submissions SET state = 'failed', verdict = 'IE', score = 0, error = ?2, finished_at = ?3
                 WHERE id = ?1",
                params![id, error, self.now()],
            )?,
        };
        if changed == 0 {
            return Err(StoreError::NoSubmission(id.to_owned()));
        }
        assessments::audit_grading(&transaction, self.now(), id)?;
        transaction.commit()?;
        Ok(())
    }

    fn requeue(&self, id: &str) -> Result<()> {
        let mut connection = self.connection();
        let transaction = connection.transaction()?;
        transaction.execute("DELETE FROM test_results WHERE submission = ?1", [id])?;
        transaction.execute("UPDATE submissions SET state = 'queued' WHERE id = ?1 AND state = 'running'", [id])?;
        transaction.commit()?;
        Ok(())
    }

    fn requeue_unfinished(&self) -> Result<Vec<String>> {
        let mut connection = self.connection();
        let transaction = connection.transaction()?;
        let ids = {
            let mut statement = transaction.prepare(
                "SELECT id FROM submissions WHERE state IN ('queued', 'running') ORDER BY created_at, rowid",
            )?;
            let ids = statement.query_map([], |r| r.get::<_, String>(0))?.collect::<Result<Vec<_>, _>>()?;
            ids
        };
        transaction.execute(
            "DELETE FROM test_results WHERE submission IN
             (SELECT id FROM submissions WHERE state IN ('queued', 'running'))",
            [],
        )?;
        transaction.execute("UPDATE submissions SET state = 'queued' WHERE state = 'running'", [])?;
        transaction.commit()?;
        Ok(ids)
    }

    fn submissions_of(&self, owner: &Owner, problem: &str, limit: usize) -> Result<Vec<SubmissionSummary>> {
        assessments::summaries(
            &self.connection(),
            "SELECT id, problem, state, verdict, score, created_at, origin FROM submissions
             WHERE candidate = ?1 AND problem = ?2 ORDER BY created_at DESC, rowid DESC LIMIT ?3",
            params![owner, problem, limit as i64],
        )
    }

    fn problem_statuses(&self, owner: &Owner) -> Result<HashMap<String, ProblemStatus>> {
        let connection = self.connection();
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

    fn draft(&self, owner: &Owner, problem: &str) -> Result<Option<Draft>> {
        Ok(self
            .connection()
            .query_row(
                "SELECT code, updated_at FROM drafts WHERE candidate = ?1 AND problem = ?2",
                params![owner, problem],
                |r| Ok(Draft { code: r.get(0)?, updated_at: r.get(1)? }),
            )
            .optional()?)
    }

    fn save_draft(&self, owner: &Owner, problem: &str, code: &str) -> Result<Draft> {
        let updated_at = self.now();
        self.connection().execute(
            "INSERT INTO drafts (candidate, problem, code, updated_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (candidate, problem) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at",
            params![owner, problem, code, updated_at],
        )?;
        Ok(Draft { code: code.to_owned(), updated_at })
    }
}

#[cfg(test)]
mod unit {
    use super::*;
    use serde_json::json;

    fn store() -> (tempfile::TempDir, SqliteStore) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open_dir(dir.path()).expect("open");
        (dir, store)
    }

    fn submit(store: &SqliteStore, id: &str, problem: &str) {
        store
            .create_submission(&NewSubmission { id, owner: &Owner::Practice("c1".into()), problem, code: "x = 1" })
            .expect("create");
    }

    #[test]
    fn a_submission_goes_from_queued_to_finished_with_its_tests() {
        let (_dir, store) = store();
        submit(&store, "s1", "two-sum");
        assert_eq!(store.submission("s1").expect("read").expect("exists").state, SubmissionState::Queued);
        store.mark_running("s1").expect("running");
        store.record_test("s1", 2, &json!({"number": 2})).expect("test 2");
        store.record_test("s1", 1, &json!({"number": 1})).expect("test 1");
        let running = store.submission("s1").expect("read").expect("exists");
        assert_eq!(running.state, SubmissionState::Running);
        assert_eq!(running.tests, vec![json!({"number": 1}), json!({"number": 2})], "ordered by number");
        let outcome = Outcome::Finished {
            verdict: "WA".into(),
            score: 0.5,
            compile_error: None,
            tests: vec![(1, json!({"number": 1, "v": "AC"})), (2, json!({"number": 2, "v": "WA"}))],
            stopped: Some(Stopped::FirstFailure),
            not_run: 3,
        };
        store.finish("s1", &outcome).expect("finish");
        let done = store.submission("s1").expect("read").expect("exists");
        assert_eq!(
            (done.state, done.verdict.as_deref(), done.score),
            (SubmissionState::Finished, Some("WA"), Some(0.5))
        );
        assert_eq!(done.tests[1], json!({"number": 2, "v": "WA"}));
        assert!(done.finished_at.is_some());
        assert_eq!((done.stopped, done.not_run, done.origin), (Some(Stopped::FirstFailure), 3, Origin::Candidate));
    }

    #[test]
    fn every_write_is_one_counted_commit_and_a_read_is_none() {
        let (_dir, store) = store();
        let start = store.commits();
        submit(&store, "s1", "p");
        assert_eq!(store.commits() - start, 1, "one insert, one commit");
        store.submission("s1").expect("read").expect("exists");
        store.submissions_of(&Owner::Practice("c".into()), "p", 10).expect("read");
        assert_eq!(store.commits() - start, 1, "reads commit nothing");
        store.record_test("s1", 1, &json!({})).expect("record");
        assert_eq!(store.commits() - start, 2);
    }

    #[test]
    fn a_cancelled_submission_keeps_its_tests_and_has_no_verdict() {
        let (_dir, store) = store();
        submit(&store, "s1", "p");
        store.mark_running("s1").expect("running");
        let outcome = Outcome::Cancelled { tests: vec![(1, json!({"number": 1}))], not_run: 9 };
        store.finish("s1", &outcome).expect("finish");
        let done = store.submission("s1").expect("read").expect("exists");
        assert_eq!((done.state, done.verdict, done.score), (SubmissionState::Cancelled, None, None));
        assert_eq!((done.stopped, done.not_run, done.tests.len()), (Some(Stopped::Cancelled), 9, 1));
        assert!(store.requeue_unfinished().expect("requeue").is_empty(), "cancelled is final");
    }

    #[test]
    fn a_duplicate_id_is_refused_and_keeps_the_first() {
        let (_dir, store) = store();
        submit(&store, "s1", "two-sum");
        let again = store.create_submission(&NewSubmission {
            id: "s1",
            owner: &Owner::Practice("c2".into()),
            problem: "p",
            code: "y",
        });
        assert!(matches!(again, Err(StoreError::Duplicate { .. })));
        assert_eq!(store.submission("s1").expect("read").expect("exists").owner, Owner::Practice("c1".into()));
    }

    #[test]
    fn a_reopened_store_requeues_what_a_crash_interrupted() {
        let dir = tempfile::tempdir().expect("temp dir");
        {
            let store = SqliteStore::open_dir(dir.path()).expect("open");
            submit(&store, "a", "p");
            submit(&store, "b", "p");
            submit(&store, "c", "p");
            store.mark_running("b").expect("running");
            store.record_test("b", 1, &json!({})).expect("partial");
            let done = Outcome::Finished {
                verdict: "AC".into(),
                score: 1.0,
                compile_error: None,
                tests: vec![],
                stopped: None,
                not_run: 0,
            };
            store.finish("c", &done).expect("finish");
        }
        let store = SqliteStore::open_dir(dir.path()).expect("reopen");
        assert_eq!(store.requeue_unfinished().expect("requeue"), vec!["a".to_owned(), "b".to_owned()]);
        let b = store.submission("b").expect("read").expect("exists");
        assert_eq!(b.state, SubmissionState::Queued);
        assert!(b.tests.is_empty(), "partial results are dropped so judging starts clean");
    }

    #[test]
    fn statuses_say_solved_once_any_submission_is_accepted() {
        let (_dir, store) = store();
        for (id, problem, verdict) in [("1", "p", "WA"), ("2", "p", "AC"), ("3", "q", "WA")] {
            submit(&store, id, problem);
            let outcome = Outcome::Finished {
                verdict: verdict.into(),
                score: 0.0,
                compile_error: None,
                tests: vec![],
                stopped: None,
                not_run: 0,
            };
            store.finish(id, &outcome).expect("finish");
        }
        submit(&store, "4", "r");
        let statuses = store.problem_statuses(&Owner::Practice("c1".into())).expect("statuses");
        assert_eq!(statuses.get("p"), Some(&ProblemStatus::Solved));
        assert_eq!(statuses.get("q"), Some(&ProblemStatus::Tried));
        assert_eq!(statuses.get("r"), Some(&ProblemStatus::Tried));
        assert!(store.problem_statuses(&Owner::Practice("someone else".into())).expect("statuses").is_empty());
        let history = store.submissions_of(&Owner::Practice("c1".into()), "p", 10).expect("history");
        assert_eq!(history.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["2", "1"]);
    }

    #[test]
    fn drafts_are_per_candidate_and_problem_and_overwrite() {
        let (_dir, store) = store();
        assert_eq!(store.draft(&Owner::Practice("c1".into()), "p").expect("read"), None);
        store.save_draft(&Owner::Practice("c1".into()), "p", "first").expect("save");
        store.save_draft(&Owner::Practice("c1".into()), "p", "second").expect("save");
        store.save_draft(&Owner::Practice("c2".into()), "p", "other").expect("save");
        assert_eq!(
            store.draft(&Owner::Practice("c1".into()), "p").expect("read").map(|d| d.code),
            Some("second".into())
        );
        assert_eq!(
            store.draft(&Owner::Practice("c2".into()), "p").expect("read").map(|d| d.code),
            Some("other".into())
        );
    }

    #[test]
    fn a_failed_judging_is_stored_as_an_internal_error() {
        let (_dir, store) = store();
        submit(&store, "s", "p");
        store.finish("s", &Outcome::Failed { error: "sandbox refused".into() }).expect("finish");
        let s = store.submission("s").expect("read").expect("exists");
        assert_eq!(
            (s.state, s.verdict.as_deref(), s.error.as_deref()),
            (SubmissionState::Failed, Some("IE"), Some("sandbox refused"))
        );
        assert!(matches!(
            store.finish("nope", &Outcome::Failed { error: String::new() }),
            Err(StoreError::NoSubmission(_))
        ));
    }

    #[test]
    fn a_newer_schema_is_refused_by_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("db");
        Connection::open(&path).expect("open").execute_batch("PRAGMA user_version = 99").expect("set");
        let error = SqliteStore::open(&path).expect_err("newer schema");
        assert!(error.to_string().contains("schema version 99"), "{error}");
    }
}
