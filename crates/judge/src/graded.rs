//! A test's grade as the grading steps build it: one record, shared by the grading of calls,
//! queries and scenarios.

use crate::report::{FailureReason, QueryLog};
use crate::suite_run::SuiteRun;
use crate::verdict::Verdict;
use serde_json::Value;
use verdict_catalog::Expected;

/// A test's grade, before the custom checker and the shown detail.
#[derive(Debug)]
pub(crate) struct Graded {
    pub verdict: Verdict,
    pub actual: Option<Value>,
    /// Python's repr of `actual` as the box wrote it (builtin types only).
    pub actual_repr: Option<String>,
    pub stdout: String,
    pub message: Option<String>,
    /// What the program produced, as an expected answer for others (the reference's).
    pub answer: Option<Expected>,
    pub queries: Option<QueryLog>,
    pub reason: Option<FailureReason>,
    /// A partial score (a custom checker's); otherwise the verdict's: 1 for AC, 0 for others.
    pub score: Option<f64>,
    /// What a run of a candidate's test suite found (`tests` problems).
    pub suite: Option<SuiteRun>,
}

impl Graded {
    pub(crate) fn new(
        verdict: Verdict,
        actual: Option<Value>,
        stdout: String,
        message: Option<String>,
        answer: Option<Expected>,
    ) -> Self {
        Graded {
            verdict,
            actual,
            actual_repr: None,
            stdout,
            message,
            answer,
            queries: None,
            reason: None,
            score: None,
            suite: None,
        }
    }

    /// The test's score: 1 only for AC.
    pub(crate) fn score(&self) -> f64 {
        match (self.verdict, self.score) {
            (Verdict::AC, _) => 1.0,
            (_, Some(partial)) => partial.clamp(0.0, 1.0),
            _ => 0.0,
        }
    }

    pub(crate) fn fail(verdict: Verdict, message: String, stdout: String) -> Self {
        Graded::new(verdict, None, stdout, Some(message), None)
    }
}
