//! What judging found: one record per test ([`TestResult`]) and the submission's [`Report`],
//! and the form of both a candidate may see.

use crate::prepared::{PreparedProblem, Visibility};
use crate::verdict::Verdict;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use verdict_catalog::{Expected, Problem, TestInput};

/// Where a syntax error is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileError {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub text: String,
}

/// What is known of one test's run. `detail` is only ever shown for sample tests.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestResult {
    pub number: usize,
    pub visibility: Visibility,
    pub verdict: Verdict,
    pub cpu_ms: u64,
    pub wall_ms: u64,
    pub memory_kib: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<TestDetail>,
}

/// The data of a test and what the candidate's code did with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestDetail {
    pub name: Option<String>,
    pub input: Value,
    pub expected: Value,
    pub actual: Option<Value>,
    pub stdout: String,
    pub message: Option<String>,
    /// The SQL an ORM answer sent (orm problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queries: Option<QueryLog>,
    /// Why a wrong answer is wrong, when it is for a reason worth telling apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FailureReason>,
    /// The fields cut for showing by `clip` (the grade saw them whole).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub truncated: Vec<String>,
}

/// The SQL statements an ORM answer sent during one test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryLog {
    /// Statements counted against the budget (transaction control is not).
    pub count: u32,
    /// The problem's budget, if it has one.
    pub budget: Option<u32>,
    /// The statements as sent, parameters written in; the first 200 only.
    pub statements: Vec<String>,
}

/// A wrong answer's cause, where the grade can tell it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureReason {
    /// The right rows in the wrong order, or in the right order only by chance (or with no
    /// top-level `ORDER BY` where the problem asks for an order).
    RowOrder,
}

/// Why judging ended before every test ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stopped {
    /// A test failed and the options said to stop there.
    FirstFailure,
    /// Someone cancelled the judging.
    Cancelled,
}

/// The grade of one submission.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub problem: String,
    pub verdict: Verdict,
    /// The weighted share of tests passed, from 0 to 1.
    pub score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_error: Option<CompileError>,
    pub tests: Vec<TestResult>,
    /// Set when judging ended before every test ran; `not_run` tests were never started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_run: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Report {
    /// The report of code that does not compile: CE, and no test run.
    pub(crate) fn compile_error(problem: &Problem, error: CompileError) -> Report {
        Report {
            problem: problem.slug().to_owned(),
            verdict: Verdict::CE,
            score: 0.0,
            compile_error: Some(error),
            tests: Vec::new(),
            stopped: None,
            not_run: 0,
        }
    }

    /// The report of the tests that ran (in any order): the first failure's verdict, the
    /// weighted share passed, and why the rest did not run when some did not.
    pub(crate) fn of_tests(prepared: &PreparedProblem, mut tests: Vec<TestResult>, cancelled: bool) -> Report {
        tests.sort_by_key(|t| t.number);
        // Folded from 0.0: `sum()` of no floats is -0.0, which prints as "-0%".
        let total: f64 = prepared.tests.iter().fold(0.0, |sum, t| sum + t.case.weight);
        let passed: f64 = prepared
            .tests
            .iter()
            .filter(|p| tests.iter().any(|t| t.number == p.number && t.verdict == Verdict::AC))
            .fold(0.0, |sum, p| sum + p.case.weight);
        let verdict = tests.iter().find(|t| t.verdict != Verdict::AC).map_or(Verdict::AC, |t| t.verdict);
        let not_run = prepared.tests.len() - tests.len();
        let stopped = (not_run > 0).then_some(if cancelled { Stopped::Cancelled } else { Stopped::FirstFailure });
        Report {
            problem: prepared.problem.slug().to_owned(),
            verdict,
            score: if total > 0.0 { passed / total } else { 0.0 },
            compile_error: None,
            tests,
            stopped,
            not_run,
        }
    }

    /// The report as a candidate may see it: hidden tests reduced to number, verdict, time and
    /// memory; sample tests keep their data only when they failed.
    pub fn for_candidate(&self) -> Report {
        Report { tests: self.tests.iter().map(TestResult::for_candidate).collect(), ..self.clone() }
    }
}

impl TestResult {
    /// The result as a candidate may see it after a submission: a hidden test's number,
    /// verdict, time and memory only; a sample test's data only when it failed.
    pub fn for_candidate(&self) -> TestResult {
        let show = self.visibility == Visibility::Sample && self.verdict != Verdict::AC;
        TestResult { detail: if show { self.detail.clone() } else { None }, ..self.clone() }
    }
}

/// A test's input as the API and reports show it.
pub fn input_json(input: &TestInput) -> Value {
    match input {
        TestInput::Call { args, kwargs } => json!({"args": args, "kwargs": kwargs}),
        TestInput::Calls { calls } => json!({"calls": calls}),
        TestInput::Stdin { stdin } => json!({"stdin": stdin}),
        TestInput::Query { dataset, tables } => json!({"dataset": dataset, "tables": tables}),
        TestInput::OrmCall { dataset, tables, args, kwargs } => {
            json!({"dataset": dataset, "tables": tables, "args": args, "kwargs": kwargs})
        }
        TestInput::Scenario { name, source } => json!({"scenario": name, "source": source}),
    }
}

/// An expected answer as the API and reports show it (`null` when the reference computes it).
pub fn expected_json(expected: &Expected) -> Value {
    match expected {
        Expected::Value(v) => v.clone(),
        Expected::Raises(name) => json!({"raises": name}),
        Expected::Observations(observations) => json!({"observations": observations}),
        Expected::FromReference => Value::Null,
    }
}
