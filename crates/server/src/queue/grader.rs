//! The judge seam: what the queue asks of a judge. The service uses [`SandboxGrader`] (the real
//! judge on the real sandbox); a test can put a scripted judge in its place and drive the whole
//! API without root and without the sandbox.

use crate::problems::{samples_only, ProblemEntry};
use std::sync::atomic::AtomicBool;
use std::sync::Arc;
use verdict_catalog::TestInput;
use verdict_judge::{Judge, JudgeError, JudgeOptions, Report, TestResult};
use verdict_sandbox::Sandbox;

/// A submission to grade.
#[derive(Clone, Copy)]
pub struct Grading<'a> {
    pub entry: &'a ProblemEntry,
    /// The seed of the candidate's variant, for a problem with per-candidate variants (its
    /// attempt's, as the claim read it); None: the package's own seed.
    pub variant: Option<u64>,
    pub code: &'a str,
    pub options: JudgeOptions,
    /// Called once per finished test, in the order they finish.
    pub on_test: &'a (dyn Fn(&TestResult) + Sync),
    /// Once set, no further test starts, and the report says it was cancelled.
    pub cancel: &'a AtomicBool,
}

/// Code to run on the problem's samples, or on one input of the candidate's (graded against
/// the reference when the problem has one).
#[derive(Debug)]
pub struct CodeRun<'a> {
    pub entry: &'a ProblemEntry,
    pub code: &'a str,
    pub input: Option<TestInput>,
    pub options: JudgeOptions,
}

impl std::fmt::Debug for Grading<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Grading")
            .field("problem", &self.entry.slug())
            .field("variant", &self.variant)
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// Grades code on a problem. Called on blocking threads: it may wait as long as judging takes.
pub trait Grader: Send + Sync + std::fmt::Debug + 'static {
    fn grade(&self, grading: Grading<'_>) -> Result<Report, JudgeError>;

    fn run(&self, run: CodeRun<'_>) -> Result<Report, JudgeError>;

    /// Why this grader cannot judge `problem` at all, if it cannot (before anything is queued).
    fn unavailable(&self, _problem: &verdict_catalog::Problem) -> Option<String> {
        None
    }

    /// Runs `verdict check`'s checks on a problem a team uploaded: every finding, by file and
    /// line. A grader that cannot check says why (the upload is then not accepted: fail closed).
    fn check(&self, _problem: &verdict_catalog::Problem) -> Result<Vec<verdict_catalog::PackageError>, String> {
        Err("this judge cannot check problems".to_owned())
    }
}

/// The real judge, confining every run in the sandbox (and running SQL in PostgreSQL's
/// dialect on PostgreSQL, when the service has one).
#[derive(Debug, Clone)]
pub struct SandboxGrader {
    sandbox: Arc<Sandbox>,
    postgres: Option<Arc<verdict_pgsql::Runner>>,
}

impl SandboxGrader {
    pub fn new(sandbox: Arc<Sandbox>) -> Self {
        Self { sandbox, postgres: None }
    }

    /// The grader with a PostgreSQL for SQL problems in its dialect.
    pub fn with_postgres(self, postgres: Option<Arc<verdict_pgsql::Runner>>) -> Self {
        Self { postgres, ..self }
    }

    fn judge(&self) -> Judge<'_> {
        Judge::new(&self.sandbox).with_postgres(self.postgres.as_deref())
    }
}

impl Grader for SandboxGrader {
    fn grade(&self, grading: Grading<'_>) -> Result<Report, JudgeError> {
        let judge = self.judge();
        let prepared = grading.entry.prepared_variant(&judge, grading.variant)?;
        judge.judge_with_progress(&prepared, grading.code, grading.options, grading.on_test, grading.cancel)
    }

    fn run(&self, run: CodeRun<'_>) -> Result<Report, JudgeError> {
        let judge = self.judge();
        match run.input {
            Some(input) => judge.try_input(&run.entry.problem, run.code, input),
            None => judge.judge(&samples_only(&*run.entry.prepared(&judge)?), run.code, run.options),
        }
    }

    fn unavailable(&self, problem: &verdict_catalog::Problem) -> Option<String> {
        let postgres =
            problem.manifest.sql.as_ref().is_some_and(|s| s.dialect == verdict_catalog::SqlDialect::Postgres);
        (postgres && self.postgres.is_none()).then(|| {
            "this server has no PostgreSQL for SQL problems in PostgreSQL's dialect (it was started without \
             --sql-database-url)"
                .to_owned()
        })
    }

    fn check(&self, problem: &verdict_catalog::Problem) -> Result<Vec<verdict_catalog::PackageError>, String> {
        if let Some(reason) = self.unavailable(problem) {
            return Err(reason);
        }
        let judge = self.judge();
        let report = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            verdict_check::check_problem(&judge, problem, &|_| {})
        }))
        .map_err(|_| "the check panicked".to_owned())?;
        Ok(report.errors)
    }
}

/// The judge's report, with a panic turned into an error like any other.
pub(super) fn guarded(grade: impl FnOnce() -> Result<Report, JudgeError>) -> Result<Report, String> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(grade)) {
        Ok(result) => result.map_err(|error| error.to_string()),
        Err(_) => Err("the judge panicked".to_owned()),
    }
}
