//! Grade a submission against a problem's tests.
//!
//! The steps, one module each: [`prepare`] a problem once (generated tests, expected answers
//! from the reference); `compile` a submission once (CE with line and column, and no test
//! runs); `run` each test in a fresh confined process through the in-box [`harness`], whose
//! protocol is typed both ways; `grade` what it reports here, outside the box; and [`report`]
//! the result. An answer to a debugging problem over its budget of changed lines is refused
//! before any of this ([`changes`]). Expected answers never enter the sandbox, and the report a candidate sees
//! ([`Report::for_candidate`]) shows a hidden test's number, verdict, time and memory only.
//!
//! This crate knows nothing of HTTP or of how confinement works, and never trusts what the
//! harness says after the candidate's code ran as anything but the candidate's.

pub mod changes;
pub mod checker;
pub mod clip;
mod compile;
mod error;
pub mod exchange;
pub mod frames;
mod grade;
mod graded;
pub mod harness;
mod literals;
pub mod mutants;
mod observe;
pub mod order_by;
mod postgres;
mod prepare;
mod prepared;
mod raises;
pub mod report;
pub mod resultset;
mod run;
mod scenario;
pub mod suite;
mod suite_run;
mod verdict;

pub use changes::DebugChanges;
pub use error::JudgeError;
pub use harness::{preloads, runner_scripts, HARNESS};
pub use observe::{observed_equal, render_observed};
pub use prepared::{PreparedProblem, PreparedTest, Visibility};
pub use report::{
    credits_of, expected_json, input_json, CompileError, Credits, FailureReason, QueryLog, Report, Stopped, TestCredit,
    TestDetail, TestResult,
};
pub use run::JudgeOptions;
pub use verdict::Verdict;
pub use verdict_pyassets::orm_schema_source;

use compile::Submission;
use std::sync::atomic::{AtomicBool, Ordering};
use verdict_catalog::{Expected, Problem, TestCase, TestInput};
use verdict_sandbox::Sandbox;

/// The judge: a sandbox and the steps around it.
#[derive(Debug)]
pub struct Judge<'a> {
    sandbox: &'a Sandbox,
    /// Where SQL problems in PostgreSQL's dialect run; without it they cannot be judged.
    postgres: Option<&'a verdict_pgsql::Runner>,
}

impl<'a> Judge<'a> {
    pub fn new(sandbox: &'a Sandbox) -> Self {
        Self { sandbox, postgres: None }
    }

    /// The judge with a PostgreSQL for SQL problems in its dialect (`None`: such problems are
    /// refused with [`JudgeError::NoPostgres`]).
    pub fn with_postgres(self, postgres: Option<&'a verdict_pgsql::Runner>) -> Self {
        Self { postgres, ..self }
    }

    pub fn postgres(&self) -> Option<&'a verdict_pgsql::Runner> {
        self.postgres
    }

    pub fn sandbox(&self) -> &'a Sandbox {
        self.sandbox
    }

    /// Adds generated tests and fills every missing expected answer from the reference.
    pub fn prepare(&self, problem: &Problem) -> Result<PreparedProblem, JudgeError> {
        prepare::prepare(self.sandbox, self.postgres, problem)
    }

    /// What the given solution returns on each test, as expected answers.
    pub fn answers(
        &self,
        problem: &Problem,
        source: &str,
        tests: &[PreparedTest],
    ) -> Result<Vec<Expected>, JudgeError> {
        prepare::answers(self.sandbox, self.postgres, problem, source, tests)
    }

    /// The generated hidden tests, if the problem has a generator.
    pub fn generate(&self, problem: &Problem) -> Result<Vec<TestCase>, JudgeError> {
        prepare::generate(self.sandbox, problem)
    }

    /// Checks the syntax of a Python submission.
    pub fn compile(&self, source: &str) -> Result<Option<CompileError>, JudgeError> {
        Ok(compile::python(self.sandbox, source, "/box/solution.py")?.err())
    }

    /// Grades `source` on every test of a prepared problem.
    pub fn judge(&self, prepared: &PreparedProblem, source: &str, options: JudgeOptions) -> Result<Report, JudgeError> {
        self.judge_with_progress(prepared, source, options, &|_| {}, &AtomicBool::new(false))
    }

    /// Grades `source` like [`Judge::judge`], calling `on_test` as each test finishes (in the
    /// order they finish, from the judging threads) so a caller can show progress. Once `cancel`
    /// is set no further test starts (those running finish) and the report says it was cancelled.
    pub fn judge_with_progress(
        &self,
        prepared: &PreparedProblem,
        source: &str,
        options: JudgeOptions,
        on_test: &(dyn Fn(&TestResult) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Report, JudgeError> {
        if let Some(message) = changes::refusal(&prepared.problem, source) {
            return Ok(Report::refused(&prepared.problem, message));
        }
        let code = match compile::for_runs(self.sandbox, self.postgres, &prepared.problem, source)? {
            Ok(code) => code,
            Err(error) => return Ok(Report::compile_error(&prepared.problem, error)),
        };
        let submission = Submission { source, code: code.as_deref() };
        let tests = run::run_tests(self.sandbox, self.postgres, prepared, submission, options, on_test, cancel)?;
        // A set cancel flag is never cleared, so it tells the two reasons for stopping apart.
        Ok(Report::of_tests(prepared, tests, cancel.load(Ordering::Relaxed)))
    }

    /// Runs `source` on one input of the candidate's choosing. When the problem has a reference
    /// solution, its answer on the same input is the expected one and the run is graded;
    /// otherwise the report shows what the code did, with no expected answer.
    pub fn try_input(&self, problem: &Problem, source: &str, input: TestInput) -> Result<Report, JudgeError> {
        if let Some(message) = changes::refusal(problem, source) {
            return Ok(Report::refused(problem, message));
        }
        if let Some(error) = literals::bad_literal(self.sandbox, problem, &input)? {
            return Ok(Report::bad_input(problem, error));
        }
        let code = match compile::for_runs(self.sandbox, self.postgres, problem, source)? {
            Ok(code) => code,
            Err(error) => return Ok(Report::compile_error(problem, error)),
        };
        let test = PreparedTest {
            number: 1,
            visibility: Visibility::Sample,
            case: TestCase {
                name: Some("custom input".into()),
                weight: 1.0,
                group: None,
                input,
                expected: Expected::FromReference,
                line: 0,
            },
        };
        let expected = match problem.reference() {
            Some(reference) => {
                run::run_test(self.sandbox, self.postgres, problem, Submission::source(&reference.source), &test, None)?
                    .answer
            }
            None => None,
        };
        let submission = Submission { source, code: code.as_deref() };
        let run = run::run_test(self.sandbox, self.postgres, problem, submission, &test, expected.as_ref())?;
        Ok(Report {
            problem: problem.slug().to_owned(),
            verdict: run.result.verdict,
            score: run.result.score,
            groups: Vec::new(),
            compile_error: None,
            refusal: None,
            bad_input: None,
            tests: vec![run.result],
            stopped: None,
            not_run: 0,
        })
    }
}
