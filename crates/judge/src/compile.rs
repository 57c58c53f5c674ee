//! Compile once per submission: a syntax error is CE before any test runs; otherwise Python's
//! code object goes to every test, and an SQL answer has been checked against the schema.

use crate::error::JudgeError;
use crate::harness::{self, Outcome, Request, Stream, RESULT_BYTES};
use crate::report::CompileError;
use verdict_catalog::{Kind, Problem};
use verdict_pgsql::Runner;
use verdict_sandbox::{BoxedFile, Limits, Sandbox};

/// Code to run: its source, and its code object when the judge compiled it already.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Submission<'a> {
    pub source: &'a str,
    pub code: Option<&'a [u8]>,
}

impl<'a> Submission<'a> {
    pub fn source(source: &'a str) -> Self {
        Self { source, code: None }
    }

    /// `/box/solution.py`, and its code object beside it when there is one.
    pub fn files(self) -> Vec<BoxedFile> {
        let mut files = vec![BoxedFile { name: "solution.py".into(), contents: self.source.as_bytes().to_vec() }];
        if let Some(code) = self.code {
            files.push(BoxedFile { name: "solution.code".into(), contents: code.to_vec() });
        }
        files
    }
}

/// A submission that compiles (with Python's code object when the harness returned one), or
/// its syntax error.
pub(crate) type Compiled = Result<Option<Vec<u8>>, CompileError>;

/// Compiles a submission once for a problem. An SQL answer is checked against the problem's
/// schema: one statement, of a kind the problem allows.
pub(crate) fn for_runs(
    sandbox: &Sandbox,
    pg: Option<&Runner>,
    problem: &Problem,
    source: &str,
) -> Result<Compiled, JudgeError> {
    if problem.manifest.kind != Kind::Sql {
        return python(sandbox, source, solution_path(problem));
    }
    if crate::postgres::is_postgres(problem) {
        return Ok(crate::postgres::compile(pg, problem, source)?.map(|()| None));
    }
    let files = vec![BoxedFile { name: "solution.sql".into(), contents: source.as_bytes().to_vec() }];
    let request =
        Request::SqlCompile { schema: problem.schema.as_deref(), modifies: problem.manifest.sql_spec().modifies };
    let (outcome, stream) = harness::run(sandbox, &request, files, Limits::default())?;
    Ok(match stream.and_then(Stream::into_reply).map(|r| r.outcome) {
        Some(Outcome::Compiled { .. }) => Ok(None),
        Some(Outcome::SyntaxError { message, line, column, text }) => Err(CompileError { message, line, column, text }),
        _ => Err(CompileError {
            message: format!("the SQL check ended {}: {}", outcome.status, harness::tail(&outcome.stderr)),
            line: None,
            column: None,
            text: String::new(),
        }),
    })
}

/// Compiles Python once, as `filename`: its syntax error, or its marshalled code object.
pub(crate) fn python(sandbox: &Sandbox, source: &str, filename: &str) -> Result<Compiled, JudgeError> {
    let files = vec![BoxedFile { name: "solution.py".into(), contents: source.as_bytes().to_vec() }];
    // Trusted (compiling runs none of the code), and the code object it returns is bounded
    // by the harness, so its output may be as large as a test's result.
    let limits = Limits { stdout_bytes: RESULT_BYTES, ..Limits::default() };
    let (_, stream) = harness::run(sandbox, &Request::Compile { filename }, files, limits)?;
    Ok(match stream.and_then(Stream::into_reply).map(|r| r.outcome) {
        Some(Outcome::SyntaxError { message, line, column, text }) => Err(CompileError { message, line, column, text }),
        Some(Outcome::Compiled { code }) => Ok(code),
        // Without a code object (the check itself failed) each test compiles the source: valid
        // code is never CE for a reason of the judge's own.
        _ => Ok(None),
    })
}

/// The file a problem's submissions run as, inside the box.
fn solution_path(problem: &Problem) -> &'static str {
    match problem.manifest.kind {
        Kind::Stdio => "/box/main.py",
        _ => "/box/solution.py",
    }
}
