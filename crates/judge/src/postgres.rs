//! SQL problems in PostgreSQL's dialect: their statements go to `verdict_pgsql` (a real
//! PostgreSQL, outside the sandbox, as the dataset's own role) instead of the box, and come
//! back as the same harness outcome an SQLite run gives, so grading is one path for both.

use crate::error::JudgeError;
use crate::harness::{Outcome, Reply, Stream};
use crate::report::CompileError;
use serde_json::Value;
use std::time::Duration;
use verdict_catalog::{Problem, SqlDialect};
use verdict_pgsql::{Dataset, Runner};
use verdict_sandbox::{RunOutcome, Status};

/// Whether the problem's statements run on PostgreSQL.
pub(crate) fn is_postgres(problem: &Problem) -> bool {
    problem.manifest.kind == verdict_catalog::Kind::Sql && problem.manifest.sql_spec().dialect == SqlDialect::Postgres
}

fn runner<'a>(runner: Option<&'a Runner>, problem: &Problem) -> Result<&'a Runner, JudgeError> {
    runner.ok_or_else(|| JudgeError::NoPostgres { problem: problem.slug().to_owned() })
}

fn failed(problem: &Problem, error: verdict_pgsql::PgError) -> JudgeError {
    JudgeError::Postgres { problem: problem.slug().to_owned(), detail: error.to_string() }
}

/// Checks a statement against the problem's schema: one statement of an allowed kind, then
/// the server's parse (a syntax error is CE, with its line and column).
pub(crate) fn compile(
    pg: Option<&Runner>,
    problem: &Problem,
    source: &str,
) -> Result<Result<(), CompileError>, JudgeError> {
    let schema = problem.schema.as_deref().unwrap_or_default();
    let checked = runner(pg, problem)?.check(schema, source, problem.manifest.sql_spec().modifies);
    Ok(checked.map_err(|e| failed(problem, e))?.map_err(|e| CompileError {
        message: e.message,
        line: e.line,
        column: e.column,
        text: e.text,
    }))
}

/// Runs one test's statement on its dataset; the run and its reply, as the box would give them.
pub(crate) fn run(
    pg: Option<&Runner>,
    problem: &Problem,
    source: &str,
    dataset: &str,
    tables: &Value,
) -> Result<(RunOutcome, Option<Stream>), JudgeError> {
    let runner = runner(pg, problem)?;
    let limit = Duration::from_millis(problem.manifest.limits.cpu_ms());
    let reply = |outcome| Reply { outcome, stdout: String::new(), output_limit: false, queries: None };
    let stream = |outcome| Some(Stream { candidate_ran: false, records: Vec::new(), reply: Ok(reply(outcome)) });
    // A database is made per dataset and kept: tables of the candidate's own would make one per
    // try.
    if dataset == verdict_catalog::tests::CUSTOM_DATASET {
        let message = "tables of your own are not available for PostgreSQL problems: run the samples".to_owned();
        return Ok((outcome(Status::Ok, 0), stream(Outcome::FixtureError { message })));
    }
    let schema = problem.schema.as_deref().unwrap_or_default();
    let spec = problem.manifest.sql_spec();
    let ran = match runner.run(&Dataset { schema, tables, writable: spec.modifies }, source, limit) {
        Ok(ran) => ran,
        Err(verdict_pgsql::PgError::Dataset(message)) => {
            return Ok((outcome(Status::Ok, 0), stream(Outcome::FixtureError { message })))
        }
        Err(error) => return Err(failed(problem, error)),
    };
    let (status, answer) = match ran.outcome {
        verdict_pgsql::Outcome::Returned(value) => {
            (Status::Ok, Outcome::Returned { value, reversed_rows: None, traceback: None, repr: None })
        }
        verdict_pgsql::Outcome::Refused(message) => (Status::Ok, Outcome::Refused { message }),
        verdict_pgsql::Outcome::SqlError(message) => {
            (Status::Ok, Outcome::SqlError { exception: "PostgreSQL".into(), message })
        }
        verdict_pgsql::Outcome::TimeLimit => return Ok((outcome(Status::TimeLimit, ran.wall_ms), None)),
    };
    Ok((outcome(status, ran.wall_ms), stream(answer)))
}

/// A run's record for a statement the server ran: its wall time stands for CPU (the server's
/// work is not measured apart), and no memory of the judge's is charged.
fn outcome(status: Status, wall_ms: u64) -> RunOutcome {
    RunOutcome {
        status,
        exit_code: Some(0),
        signal: None,
        cpu_ms: wall_ms,
        wall_ms,
        memory_kib: 0,
        violation: None,
        error: None,
        refused_layer: None,
        host_uid: None,
        stdout: Vec::new(),
        stderr: Vec::new(),
        stdout_truncated: false,
        stderr_truncated: false,
    }
}
