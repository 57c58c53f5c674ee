//! The scenario fixtures of `tests/fixtures/scenarios/`: one small problem per thing a real
//! unittest or pytest suite says that JSON tests could not (see its README.md), and the forgery
//! attempts. Every submission of every fixture is judged on both sandbox paths and must get its
//! folder's verdict: the reference AC, each wrong answer WA (the typed observations tell it
//! apart), each forgery the verdict its folder names, never AC.

use std::path::{Path, PathBuf};
use verdict_catalog::{ExpectedVerdict, Problem};
use verdict_judge::{Judge, JudgeOptions, Verdict};
use verdict_sandbox::Backend;
use verdict_tests::{judge_sandbox, workspace_root};

fn fixtures() -> Vec<PathBuf> {
    let root = workspace_root().join("tests/fixtures/scenarios");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("reading {}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.join("problem.toml").is_file())
        .collect();
    dirs.sort();
    dirs
}

fn load(dir: &Path) -> Problem {
    verdict_catalog::load_problem(dir).unwrap_or_else(|errors| panic!("{} does not load: {errors:?}", dir.display()))
}

/// Judges every submission of every fixture on `backend`; returns the mismatches.
fn judge_all(backend: Backend) -> Vec<String> {
    let judge = Judge::new(judge_sandbox(backend));
    let mut wrong = Vec::new();
    for dir in fixtures() {
        let problem = load(&dir);
        let prepared = judge.prepare(&problem).unwrap_or_else(|e| panic!("{}: preparing: {e}", problem.slug()));
        for submission in &problem.submissions {
            let report = judge
                .judge(&prepared, &submission.source, JudgeOptions::default())
                .unwrap_or_else(|e| panic!("{}: judging {}: {e}", problem.slug(), submission.path.display()));
            let want = Verdict::from(submission.expected);
            if report.verdict != want || (submission.expected != ExpectedVerdict::Accepted && report.score >= 1.0) {
                let detail = serde_json::to_string(&report).unwrap_or_default();
                wrong.push(format!(
                    "{} {}: {:?} where {want:?} was expected\n{detail}",
                    problem.slug(),
                    submission.path.display(),
                    report.verdict
                ));
            }
        }
    }
    wrong
}

#[test]
fn there_is_a_fixture_for_every_gap_and_each_has_a_right_and_a_wrong_answer() {
    let dirs = fixtures();
    assert!(dirs.len() >= 12, "expected a fixture per gap and the forgery fixture, found {dirs:?}");
    for dir in dirs {
        let problem = load(&dir);
        assert!(problem.reference().is_some(), "{}: no reference", problem.slug());
        assert!(
            problem.submissions.iter().any(|s| s.expected != ExpectedVerdict::Accepted),
            "{}: no submission that must fail",
            problem.slug()
        );
        assert!(
            problem
                .samples
                .iter()
                .chain(&problem.hidden)
                .any(|t| matches!(t.input, verdict_catalog::TestInput::Scenario { .. })),
            "{}: no scenario",
            problem.slug()
        );
    }
}

#[test]
fn every_fixture_submission_gets_its_folders_verdict_on_the_fork_server() {
    let wrong = judge_all(Backend::Fork);
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

#[test]
fn every_fixture_submission_gets_its_folders_verdict_on_the_exec_path() {
    let wrong = judge_all(Backend::Exec);
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
