//! The judge seam: what the queue asks of a judge. The service uses [`SandboxGrader`] (the real
//! judge on the real sandbox); a test can put a scripted judge in its place and drive the whole
//! API without root and without the sandbox.

use crate::problems::{samples_only, ProblemEntry};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use verdict_catalog::TestInput;
use verdict_judge::{Judge, JudgeError, JudgeOptions, Report, TestResult};
use verdict_sandbox::Sandbox;

/// Grades code on a problem. Called on blocking threads: it may wait as long as judging takes.
pub trait Grader: Send + Sync + std::fmt::Debug + 'static {
    /// Grades `code` on every test, calling `on_test` once per finished test (in the order
    /// they finish). Once `cancel` is set no further test starts, and the report says it was
    /// cancelled.
    fn grade(
        &self,
        entry: &ProblemEntry,
        code: &str,
        options: JudgeOptions,
        on_test: &(dyn Fn(&TestResult) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Report, JudgeError>;

    /// Runs `code` on the problem's samples, or on one input of the candidate's (graded
    /// against the reference when the problem has one).
    fn run(
        &self,
        entry: &ProblemEntry,
        code: &str,
        input: Option<TestInput>,
        options: JudgeOptions,
    ) -> Result<Report, JudgeError>;
}

/// The real judge, confining every run in the sandbox.
#[derive(Debug, Clone)]
pub struct SandboxGrader {
    sandbox: Arc<Sandbox>,
}

impl SandboxGrader {
    pub fn new(sandbox: Arc<Sandbox>) -> Self {
        Self { sandbox }
    }
}

impl Grader for SandboxGrader {
    fn grade(
        &self,
        entry: &ProblemEntry,
        code: &str,
        options: JudgeOptions,
        on_test: &(dyn Fn(&TestResult) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Report, JudgeError> {
        let judge = Judge::new(&self.sandbox);
        let prepared = entry.prepared(&judge)?;
        judge.judge_with_progress(&prepared, code, options, on_test, cancel)
    }

    fn run(
        &self,
        entry: &ProblemEntry,
        code: &str,
        input: Option<TestInput>,
        options: JudgeOptions,
    ) -> Result<Report, JudgeError> {
        let judge = Judge::new(&self.sandbox);
        match input {
            Some(input) => judge.try_input(&entry.problem, code, input),
            None => judge.judge(&samples_only(&*entry.prepared(&judge)?), code, options),
        }
    }
}
