//! Why judging could not give a report at all (a wrong submission is a report, not an error).

use crate::verdict::Verdict;

#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    #[error("{problem}: the reference solution failed test {test} ({verdict}): {detail}")]
    Reference { problem: String, test: usize, verdict: Verdict, detail: String },
    #[error("{problem}: the generator failed: {detail}")]
    Generator { problem: String, detail: String },
    #[error("{problem}: no reference solution")]
    NoReference { problem: String },
    #[error("{problem}: an orm test in a problem without an `[orm]` section")]
    NoOrmSpec { problem: String },
    #[error("{problem}: a web test in a problem without a `[web]` section")]
    NoWebSpec { problem: String },
    #[error("{problem}: test {test} runs a suite against a module the problem does not have")]
    NoSuiteTarget { problem: String, test: usize },
    #[error("{problem}: the mutants of implementation.py could not be made: {detail}")]
    Mutants { problem: String, detail: String },
    #[error(
        "{problem} is an SQL problem in PostgreSQL's dialect, and this judge has no PostgreSQL: set \
         --sql-database-url (or VERDICT_SQL_DATABASE_URL) to a cluster's admin URL"
    )]
    NoPostgres { problem: String },
    #[error("{problem}: {detail}")]
    Postgres { problem: String, detail: String },
    #[error(transparent)]
    Sandbox(#[from] verdict_sandbox::SandboxError),
}
