//! What the API sends and receives. These types are the contract (the OpenAPI document is
//! generated from them), kept apart from the judge's and the store's own types so either can
//! change without changing what clients see.

pub use crate::debug_views::{ChangesView, DebugView};
use crate::queue::stored_test;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use utoipa::ToSchema;
use verdict_catalog::Problem;
use verdict_judge::{CompileError, TestResult, Verdict, Visibility};
use verdict_store::{ProblemStatus, SubmissionRecord, SubmissionState, SubmissionSummary};

/// A verdict: AC accepted, WA wrong answer, TLE time limit, MLE memory limit, OLE output limit,
/// QLE too many queries (an ORM answer's right value over the query budget), CLE too many
/// changed lines (a debugging fix over its budget), NT no tests (a test suite that collected none), RE runtime error, CE compile (syntax) error, IE internal error (never the candidate's fault).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub enum VerdictView {
    AC,
    WA,
    TLE,
    MLE,
    OLE,
    QLE,
    CLE,
    NT,
    RE,
    CE,
    IE,
}

impl From<Verdict> for VerdictView {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            Verdict::AC => VerdictView::AC,
            Verdict::WA => VerdictView::WA,
            Verdict::TLE => VerdictView::TLE,
            Verdict::MLE => VerdictView::MLE,
            Verdict::OLE => VerdictView::OLE,
            Verdict::QLE => VerdictView::QLE,
            Verdict::CLE => VerdictView::CLE,
            Verdict::NT => VerdictView::NT,
            Verdict::RE => VerdictView::RE,
            Verdict::CE => VerdictView::CE,
            Verdict::IE => VerdictView::IE,
        }
    }
}

impl VerdictView {
    pub fn parse(text: &str) -> Option<Self> {
        serde_json::from_value(Value::String(text.to_owned())).ok()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum VisibilityView {
    Sample,
    Hidden,
}

/// One test's result. A hidden test shows its number, verdict, time and memory only.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TestView {
    pub number: u32,
    pub visibility: VisibilityView,
    pub verdict: VerdictView,
    /// From 0 to 1: 1 for AC, a custom checker's partial credit for a wrong answer, else 0.
    pub score: f64,
    pub cpu_ms: u64,
    pub wall_ms: u64,
    pub memory_kib: u64,
    /// Sample tests only: on a submission when the test failed, on a run always.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<TestDetailView>,
}

/// A sample test's data and what the code did with it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TestDetailView {
    pub name: Option<String>,
    /// `{"args": [...], "kwargs": {...}}`, `{"calls": [...]}` or `{"stdin": "..."}`.
    #[schema(value_type = Object)]
    pub input: Value,
    /// The expected value: `{"raises": "Name"}` for an exception; the expected stdout text for
    /// stdio; `null` when there is no expected answer (custom input on a problem without a
    /// reference).
    #[schema(value_type = Object)]
    pub expected: Value,
    /// `input` as Python writes the call's arguments (`[2, 7], (1, 2), k=True`), or a call list
    /// one `name(arguments)` a line; function and orm calls only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_repr: Option<String>,
    /// `expected` as Python's repr (`0.0`, `None`, `{'a': 1}`), beside a call's input only; for a
    /// call list, one value a line (`raises Name` for an exception), one per call.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_repr: Option<String>,
    /// `actual` as Python's repr: the box's own when the value is made of builtin types (a tuple
    /// shows as a tuple), else rendered from `actual`; beside a call's input only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_repr: Option<String>,
    /// What the code returned (stdout text for stdio); absent when it produced no value (it
    /// raised or hit a limit), so `null` is a returned `None`.
    #[schema(value_type = Option<Object>)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<Value>,
    /// What the code printed.
    pub stdout: String,
    /// The exception, traceback or reason for the verdict.
    pub message: Option<String>,
    /// The SQL an ORM answer sent (orm problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queries: Option<QueryLogView>,
    /// `row_order` when a wrong answer is wrong for that reason alone (an answer over its query
    /// budget has a verdict of its own, QLE).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// What the candidate's own tests did (`tests` problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite: Option<crate::suite_view::SuiteView>,
    /// The fields cut for showing (`actual`, `expected`, `stdout`, `message`, `queries`, `suite`): each
    /// ends with a `… [truncated: N more bytes]` mark. Grading saw them whole.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub truncated: Vec<String>,
}

/// The SQL statements an ORM answer sent during one test.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct QueryLogView {
    /// Statements counted against the budget (transaction control is not).
    pub count: u32,
    pub budget: Option<u32>,
    /// The statements with their parameters written in (the first 200).
    pub statements: Vec<String>,
}

impl TestView {
    /// The view of a test result. `show_detail` must only be true for sample tests.
    pub fn new(result: &TestResult, show_detail: bool) -> Self {
        let show = show_detail && result.visibility == Visibility::Sample;
        TestView {
            number: result.number as u32,
            visibility: match result.visibility {
                Visibility::Sample => VisibilityView::Sample,
                Visibility::Hidden => VisibilityView::Hidden,
            },
            verdict: result.verdict.into(),
            score: result.score,
            cpu_ms: result.cpu_ms,
            wall_ms: result.wall_ms,
            memory_kib: result.memory_kib,
            detail: result.detail.as_ref().filter(|_| show).map(|d| TestDetailView {
                name: d.name.clone(),
                input_repr: verdict_catalog::repr::input_repr(&d.input),
                expected_repr: verdict_catalog::repr::value_repr(&d.input, &d.expected),
                actual_repr: d.actual.as_ref().and_then(|actual| {
                    let rendered = verdict_catalog::repr::value_repr(&d.input, actual)?;
                    Some(d.actual_repr.clone().unwrap_or(rendered))
                }),
                input: d.input.clone(),
                expected: d.expected.clone(),
                actual: d.actual.clone(),
                stdout: d.stdout.clone(),
                message: d.message.clone(),
                queries: d.queries.as_ref().map(|q| QueryLogView {
                    count: q.count,
                    budget: q.budget,
                    statements: q.statements.clone(),
                }),
                reason: d.reason.map(|r| {
                    match r {
                        verdict_judge::FailureReason::RowOrder => "row_order",
                    }
                    .to_owned()
                }),
                suite: d.suite.as_ref().map(Into::into),
                truncated: d.truncated.clone(),
            }),
        }
    }

    /// The view of a graded submission's test: sample data only when the sample failed. Made
    /// from the stored or published record each time it is read or sent, never stored.
    pub fn for_submission(result: &TestResult) -> Self {
        Self::new(&result.for_candidate(), true)
    }
}

/// A syntax error, found before any test runs.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CompileErrorView {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    /// The offending line of code.
    pub text: String,
}

impl From<&CompileError> for CompileErrorView {
    fn from(e: &CompileError) -> Self {
        CompileErrorView { message: e.message.clone(), line: e.line, column: e.column, text: e.text.clone() }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StateView {
    Queued,
    Running,
    Finished,
    Failed,
    /// Stopped by the candidate before every test ran: no verdict.
    Cancelled,
}

impl From<SubmissionState> for StateView {
    fn from(state: SubmissionState) -> Self {
        match state {
            SubmissionState::Queued => StateView::Queued,
            SubmissionState::Running => StateView::Running,
            SubmissionState::Finished => StateView::Finished,
            SubmissionState::Failed => StateView::Failed,
            SubmissionState::Cancelled => StateView::Cancelled,
        }
    }
}

/// A submission and what is known of its grading.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubmissionView {
    pub id: String,
    pub problem: String,
    pub state: StateView,
    pub verdict: Option<VerdictView>,
    /// The weighted share of tests passed, 0 to 1, once finished.
    pub score: Option<f64>,
    pub compile_error: Option<CompileErrorView>,
    /// Why no test ran (verdict CLE: a debugging fix over its budget of changed lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// Finished tests, by number.
    pub tests: Vec<TestView>,
    pub code: String,
    /// The code against the starter (debugging problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangesView>,
    /// RFC 3339.
    pub created_at: String,
    pub finished_at: Option<String>,
    /// Why grading failed (state `failed`): never the candidate's fault.
    pub error: Option<String>,
    /// Who made it: `candidate`, or the system grading an assessment's last draft at `finish`
    /// or at the `deadline`.
    pub origin: OriginView,
    /// Set when judging ended before every test ran: `first_failure` (practice stops at the
    /// first failing hidden test) or `cancelled`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<StoppedView>,
    /// Tests never started because judging stopped early.
    #[serde(default)]
    pub not_run: u32,
}

/// Who made a submission.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginView {
    Candidate,
    Finish,
    Deadline,
}

impl From<verdict_store::Origin> for OriginView {
    fn from(origin: verdict_store::Origin) -> Self {
        match origin {
            verdict_store::Origin::Candidate => OriginView::Candidate,
            verdict_store::Origin::Finish => OriginView::Finish,
            verdict_store::Origin::Deadline => OriginView::Deadline,
        }
    }
}

/// Why judging ended before every test ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StoppedView {
    FirstFailure,
    Cancelled,
}

impl From<verdict_store::Stopped> for StoppedView {
    fn from(stopped: verdict_store::Stopped) -> Self {
        match stopped {
            verdict_store::Stopped::FirstFailure => StoppedView::FirstFailure,
            verdict_store::Stopped::Cancelled => StoppedView::Cancelled,
        }
    }
}

pub use verdict_store::rfc3339 as timestamp;

impl SubmissionView {
    /// The view of a stored submission to `problem` (`None` when the catalogue no longer has it).
    pub fn new(record: &SubmissionRecord, problem: Option<&Problem>) -> Self {
        let verdict = record.verdict.as_deref().and_then(VerdictView::parse);
        let changes = ChangesView::of(problem, &record.code);
        SubmissionView {
            id: record.id.clone(),
            problem: record.problem.clone(),
            state: record.state.into(),
            verdict,
            score: record.score,
            refusal: (verdict == Some(VerdictView::CLE)).then(|| ChangesView::refusal(changes.as_ref())),
            compile_error: record
                .compile_error
                .as_ref()
                .and_then(|stored| CompileError::deserialize(stored).ok())
                .map(|error| CompileErrorView::from(&error)),
            tests: record.tests.iter().filter_map(stored_test).map(|test| TestView::for_submission(&test)).collect(),
            code: record.code.clone(),
            changes,
            created_at: timestamp(record.created_at),
            finished_at: record.finished_at.map(timestamp),
            // The stored cause is for operators (it is in the log); the candidate is told only
            // that it was not their fault.
            error: (record.state == SubmissionState::Failed)
                .then(|| "the judge failed on this submission; it was not your code's fault".to_owned()),
            origin: record.origin.into(),
            stopped: record.stopped.map(Into::into),
            not_run: record.not_run,
        }
    }
}

/// One line of the candidate's history on a problem.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SubmissionSummaryView {
    pub id: String,
    pub state: StateView,
    pub verdict: Option<VerdictView>,
    pub score: Option<f64>,
    pub created_at: String,
    /// `candidate`, or `finish`/`deadline` for the system's grading of an attempt's last draft.
    pub origin: OriginView,
}

impl From<&SubmissionSummary> for SubmissionSummaryView {
    fn from(s: &SubmissionSummary) -> Self {
        SubmissionSummaryView {
            id: s.id.clone(),
            state: s.state.into(),
            verdict: s.verdict.as_deref().and_then(VerdictView::parse),
            score: s.score,
            created_at: timestamp(s.created_at),
            origin: s.origin.into(),
        }
    }
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SubmissionList {
    pub submissions: Vec<SubmissionSummaryView>,
}

/// The candidate's standing on a problem.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StatusView {
    Solved,
    Tried,
}

impl From<ProblemStatus> for StatusView {
    fn from(status: ProblemStatus) -> Self {
        match status {
            ProblemStatus::Solved => StatusView::Solved,
            ProblemStatus::Tried => StatusView::Tried,
        }
    }
}

/// A sample test, shown in full.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct SampleView {
    pub number: u32,
    pub name: Option<String>,
    #[schema(value_type = Object)]
    pub input: Value,
    #[schema(value_type = Object)]
    pub expected: Value,
    /// `input` as Python writes the call's arguments (as [`TestDetailView::input_repr`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input_repr: Option<String>,
    /// `expected` as Python's repr, beside a call's input only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_repr: Option<String>,
    /// A call's input as custom input's `literals` takes it (each argument as Python's repr),
    /// to fill the fields from: `{"args": ["[2, 7]", "9"], "kwargs": {}}` or `{"calls": [...]}`.
    #[schema(value_type = Option<Object>)]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub literals: Option<Value>,
}

/// A problem as a candidate sees it: never its hidden tests.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ProblemDetail {
    pub slug: String,
    pub title: String,
    pub kind: String,
    /// Set on a debugging problem (the starter is buggy code to fix), with its budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub debug: Option<DebugView>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub difficulty: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub topics: Vec<String>,
    /// The editor's language: `python` or `sql`.
    pub language: String,
    /// The function or class a function problem calls.
    pub entry: Option<String>,
    /// The entry's parameters, from the starter's `def` (a class's `__init__`, without `self`):
    /// custom input has one field per parameter (function problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parameters: Option<Vec<ParameterView>>,
    /// The module a `tests` problem's suite imports (`account` for `from account import ...`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub module: Option<String>,
    /// The statement, rendered from Markdown and sanitised.
    pub statement_html: String,
    pub starter_code: String,
    /// CPU seconds per test.
    pub time_limit_seconds: f64,
    /// Wall-clock seconds per test (a program that waits is stopped here).
    pub wall_time_limit_seconds: f64,
    pub memory_limit_mib: u64,
    pub samples: Vec<SampleView>,
    pub status: Option<StatusView>,
    /// What sql and orm answers run on: the problem's schema.sql, or the shared models.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<SchemaView>,
    /// `django` or `sqlalchemy` (orm problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub framework: Option<String>,
    /// The most SQL queries one call may send (orm problems with a budget).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_queries: Option<u32>,
    /// Whether the rows must come in a given order (sql and pandas problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ordered: Option<bool>,
    /// The dataset tables a pandas problem passes as DataFrames, in order, before a test's
    /// arguments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub frames: Option<Vec<String>>,
}

/// One parameter of a function problem's entry point.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct ParameterView {
    pub name: String,
    /// `positional`, `keyword` (keyword-only), `var_positional` (`*args`) or `var_keyword`.
    pub kind: String,
    /// The default's source text (`10`, `None`), when it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
}

/// The tables an sql or orm answer works on, as source to read.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct SchemaView {
    /// `schema.sql` or `models.py`.
    pub file: String,
    /// `sql` or `python`.
    pub language: String,
    pub source: String,
}

/// Code to run on the samples, or on one input of the candidate's own.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RunRequest {
    pub code: String,
    /// `{"args": [...], "kwargs": {...}}` or `{"calls": [...]}` for a function problem, or the
    /// same as Python literals, one text per argument: `{"literals": {"args": ["(1, 2)", "{3}"],
    /// "kwargs": {"k": "None"}}}` or `{"literals": {"calls": [["LRUCache", ["2"]], ["get",
    /// ["1"]]]}}`, each evaluated with `ast.literal_eval` inside the sandbox (so the function gets
    /// a real tuple or set); a text that is not a literal answers 422 naming its field
    /// (`input.literals.args[1]`) with Python's message. At most 256 texts of 16 KiB each and 100
    /// calls (`verdict_catalog::literals`). `{"stdin": "..."}` for a stdio problem, `{"tables": {...}}` for an sql problem and
    /// `{"tables": {...}, "args": [...], "kwargs": {...}}` for an orm problem (tables as in a
    /// dataset: `{"name": {"columns": [...], "rows": [[...]]}}`). Without it, the samples run.
    #[schema(value_type = Option<Object>)]
    pub input: Option<Value>,
}

/// What a run did: every test's data is shown, since samples and custom input are visible.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct RunResult {
    pub verdict: VerdictView,
    pub compile_error: Option<CompileErrorView>,
    /// Why no test ran (verdict CLE: a debugging fix over its budget of changed lines).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    pub tests: Vec<TestView>,
    /// The code against the starter (debugging problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changes: Option<ChangesView>,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubmitRequest {
    /// The problem's slug.
    pub problem: String,
    pub code: String,
}

/// Cancelling takes no options: the body is `{}`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CancelRequest {}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DraftRequest {
    pub code: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct DraftView {
    pub code: String,
    pub updated_at: String,
}

/// This node's queue.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct QueueView {
    /// Submissions and runs that may wait or run at once; past it, 429.
    pub capacity: usize,
    pub waiting: usize,
    pub running: usize,
    /// Judging workers.
    pub workers: usize,
}

/// The submissions in the store, which every node's workers claim from.
#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct StoredQueueView {
    /// Waiting to be claimed.
    pub queued: u64,
    /// Being judged, on any node.
    pub running: u64,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Health {
    /// `ok`.
    pub status: String,
    pub version: String,
    pub problems: usize,
    pub queue: QueueView,
    /// Absent when the store does not answer.
    pub stored: Option<StoredQueueView>,
}

#[cfg(test)]
#[path = "views_unit.rs"]
mod unit;
