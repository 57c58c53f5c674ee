//! SQL and ORM problems judged for real: the fixtures `tests/fixtures/sql-leaderboard`,
//! `orm-django-authors` and `orm-sqlalchemy-authors` graded in the warm fork server with real
//! Django, SQLAlchemy and SQLite, and `verdict check` rejecting packages whose wrong answers do
//! not show what the issue asks of them.
//! Modules: `sql` (result sets, order, updates, foreign keys), `orm` (the query budget on
//! Django and SQLAlchemy, both paths), `check` (what `verdict check` demands of a package) and
//! `postgres` (problems in PostgreSQL's dialect, judged on the test command's cluster).

mod check;
mod orm;
mod postgres;
mod sql;

use std::path::{Path, PathBuf};
use verdict_catalog::Problem;
use verdict_judge::{Judge, JudgeOptions, PreparedProblem, Report, TestResult, Verdict};
use verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES;
use verdict_sandbox::{Backend, Sandbox, SandboxConfig};
use verdict_tests::{binary, copy_dir, judge_sandbox, workspace_root};

fn sandbox() -> &'static Sandbox {
    judge_sandbox(Backend::Fork)
}

/// The exec path, for the tests that compare it with the fork server.
fn exec_sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig {
        jail: Some(binary("verdict-jail")),
        backend: Backend::Exec,
        python_packages: Some(PathBuf::from(DEFAULT_PYTHON_PACKAGES)),
        ..SandboxConfig::default()
    })
    .unwrap_or_else(|e| panic!("setting up the exec sandbox: {e}"))
}

fn fixture(slug: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(slug)
}

fn prepared(slug: &str) -> PreparedProblem {
    let problem: Problem = verdict_catalog::load_problem(&fixture(slug))
        .unwrap_or_else(|errors| panic!("{slug} does not load: {errors:?}"));
    Judge::new(sandbox()).prepare(&problem).unwrap_or_else(|e| panic!("preparing {slug}: {e}"))
}

fn judge(prepared: &PreparedProblem, source: &str) -> Report {
    Judge::new(sandbox()).judge(prepared, source, JudgeOptions::default()).unwrap_or_else(|e| panic!("judging: {e}"))
}

fn summary(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

fn first_failure(report: &Report) -> &TestResult {
    report.tests.iter().find(|t| t.verdict != Verdict::AC).unwrap_or_else(|| panic!("no failure: {}", summary(report)))
}

fn message(test: &TestResult) -> String {
    test.detail.as_ref().and_then(|d| d.message.clone()).unwrap_or_default()
}

/// A throwaway catalogue holding a copy of one fixture, with `edit` applied.
fn fixture_copy(slug: &str, edit: impl Fn(&Path)) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join(slug);
    copy_dir(&fixture(slug), &copy);
    edit(&copy);
    dir
}

/// A throwaway copy of a fixture with `edit` applied, loaded and prepared on `sandbox`.
fn edited(slug: &str, sandbox: &Sandbox, edit: impl Fn(&Path)) -> PreparedProblem {
    let dir = fixture_copy(slug, edit);
    let problem = verdict_catalog::load_problem(&dir.path().join(slug)).unwrap_or_else(|errors| panic!("{errors:?}"));
    Judge::new(sandbox).prepare(&problem).unwrap_or_else(|e| panic!("preparing the copy of {slug}: {e}"))
}

/// A copy of a fixture with a 10 s time limit, prepared on `sandbox`: a loaded machine must not
/// turn the exec path's imports (Django's, for every test) into TLE.
fn patient(slug: &str, sandbox: &Sandbox) -> PreparedProblem {
    edited(slug, sandbox, |dir| {
        let manifest = std::fs::read_to_string(dir.join("problem.toml")).unwrap_or_default();
        write(&dir.join("problem.toml"), &format!("{manifest}\n[limits]\ntime = 10.0\n"));
    })
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

fn sample_expected(problem: &PreparedProblem) -> serde_json::Value {
    match &problem.tests[0].case.expected {
        verdict_catalog::Expected::Value(v) => v.clone(),
        other => panic!("the sample's expected answer: {other:?}"),
    }
}
