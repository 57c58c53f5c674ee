//! A test's grade as the grading steps build it: one record, shared by the grading of calls,
//! queries and scenarios.

use crate::report::{FailureReason, QueryLog};
use crate::verdict::Verdict;
use serde_json::Value;
use verdict_catalog::Expected;

/// A test's grade, before the custom checker and the shown detail.
#[derive(Debug)]
pub(crate) struct Graded {
    pub verdict: Verdict,
    pub actual: Option<Value>,
    pub stdout: String,
    pub message: Option<String>,
    /// What the program produced, as an expected answer for others (the reference's).
    pub answer: Option<Expected>,
    pub queries: Option<QueryLog>,
    pub reason: Option<FailureReason>,
}

impl Graded {
    pub(crate) fn new(
        verdict: Verdict,
        actual: Option<Value>,
        stdout: String,
        message: Option<String>,
        answer: Option<Expected>,
    ) -> Self {
        Graded { verdict, actual, stdout, message, answer, queries: None, reason: None }
    }

    pub(crate) fn fail(verdict: Verdict, message: String, stdout: String) -> Self {
        Graded::new(verdict, None, stdout, Some(message), None)
    }
}
