//! A debugging problem (`[debug]`) end to end, on the fixture `tests/fixtures/debug-running-max`:
//! a starter with two bugs (the running maximum starts at 0 and skips the first item) and a
//! budget of 3 changed lines. Through `verdict judge`, the reference is accepted, a fix of only
//! one bug is a wrong answer, and a rewrite over the budget is refused (CLE) with the count
//! before any test runs, its diff shown in the text report. Through the judge as a library, a
//! custom input and a judging with progress refuse it the same, before any run. Through
//! `verdict check`, a starter that passes and a reference over the budget are each reported.

use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use verdict_judge::{Judge, JudgeOptions, Verdict};
use verdict_sandbox::Backend;
use verdict_tests::catalogue::FixtureCopy;
use verdict_tests::{binary, judge_cli, judge_sandbox, workspace_root};

const SLUG: &str = "debug-running-max";

fn fixtures() -> PathBuf {
    workspace_root().join("tests/fixtures")
}

fn starter() -> String {
    let path = fixtures().join(SLUG).join("starter.py");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// The starter with `from` replaced by `to` (which must be there).
fn starter_with(edits: &[(&str, &str)]) -> String {
    let mut code = starter();
    for (from, to) in edits {
        assert!(code.contains(from), "the starter has no {from:?}");
        code = code.replacen(from, to, 1);
    }
    code
}

const FIX_START: (&str, &str) = ("best = 0", "best = float(\"-inf\")");
const FIX_SLICE: (&str, &str) = ("xs[1:]", "xs");
const REWRITE: &str =
    "from itertools import accumulate\n\ndef running_max(xs):\n    return list(accumulate(xs, max))\n";

fn judge(source: &str) -> Value {
    judge_cli(&fixtures(), SLUG, source)
}

fn verdict(report: &Value) -> &str {
    report["verdict"].as_str().unwrap_or_default()
}

#[test]
fn fixing_both_bugs_within_the_budget_is_accepted() {
    let report = judge(&starter_with(&[FIX_START, FIX_SLICE]));
    assert_eq!(verdict(&report), "AC", "{report}");
    assert_eq!(report["score"], 1.0, "{report}");
    assert!(report.get("refusal").is_none(), "{report}");
}

#[test]
fn fixing_only_one_of_the_two_bugs_is_a_wrong_answer() {
    for (fix, name) in [(FIX_START, "the start"), (FIX_SLICE, "the slice")] {
        let report = judge(&starter_with(&[fix]));
        assert_eq!(verdict(&report), "WA", "fixing only {name}: {report}");
        assert!(report["score"].as_f64().is_some_and(|s| s < 1.0), "{report}");
    }
    assert_eq!(verdict(&judge(&starter())), "WA", "the starter itself");
}

#[test]
fn an_answer_over_the_budget_is_refused_with_the_count_before_any_test_runs() {
    // The rewrite is right: only the budget refuses it (1 line added on top, 6 lines for 1 below).
    let report = judge(REWRITE);
    assert_eq!(verdict(&report), "CLE", "{report}");
    assert_eq!(report["tests"].as_array().map(Vec::len), Some(0), "{report}");
    assert_eq!(report["score"], 0.0, "{report}");
    assert_eq!(report["refusal"], "Your answer changes 7 lines of the starter; this problem allows 3.", "{report}");
}

#[test]
fn the_text_report_shows_the_refusal_and_the_diff_against_the_starter() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let file = dir.path().join("answer.py");
    let text = |source: &str| {
        std::fs::write(&file, source).unwrap_or_else(|e| panic!("writing {}: {e}", file.display()));
        let output = Command::new(binary("verdict"))
            .args(["judge", "--problem", SLUG, "--problems"])
            .arg(fixtures())
            .arg(&file)
            .output()
            .unwrap_or_else(|e| panic!("running verdict judge: {e}"));
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let refused = text(REWRITE);
    assert!(refused.starts_with(&format!("{SLUG}: CLE Too many changed lines")), "{refused}");
    assert!(refused.contains("refused, no test ran: Your answer changes 7 lines"), "{refused}");
    assert!(refused.contains("changed lines against the starter: 7 (at most 3 allowed)"), "{refused}");
    assert!(
        refused.contains("    -    for x in xs[1:]:\n")
            && refused.contains("    +    return list(accumulate(xs, max))\n"),
        "{refused}"
    );
    let one_fix = text(&starter_with(&[FIX_SLICE]));
    assert!(one_fix.contains("changed lines against the starter: 1 (at most 3 allowed)"), "{one_fix}");
    assert!(one_fix.contains("    -    for x in xs[1:]:\n    +    for x in xs:\n"), "{one_fix}");
}

#[test]
fn custom_input_and_judging_with_progress_refuse_an_answer_over_the_budget_before_any_run() {
    let problem = verdict_catalog::load_problem(&fixtures().join(SLUG)).unwrap_or_else(|e| panic!("{e:?}"));
    let judge = Judge::new(judge_sandbox(Backend::Fork));
    let input = problem.parse_input(&serde_json::json!({"args": [[2, 1]]})).unwrap_or_else(|e| panic!("{e}"));
    let custom = judge.try_input(&problem, REWRITE, input.clone()).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((custom.verdict, custom.tests.len()), (Verdict::CLE, 0), "{custom:?}");
    assert!(custom.refusal.as_deref().is_some_and(|r| r.contains("changes 7 lines")), "{custom:?}");
    let within =
        judge.try_input(&problem, &starter_with(&[FIX_START, FIX_SLICE]), input).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((within.verdict, within.refusal), (Verdict::AC, None));

    let prepared = judge.prepare(&problem).unwrap_or_else(|e| panic!("{e}"));
    let started = AtomicUsize::new(0);
    let on_test = |_: &verdict_judge::TestResult| {
        started.fetch_add(1, Ordering::Relaxed);
    };
    let report = judge
        .judge_with_progress(&prepared, REWRITE, JudgeOptions::default(), &on_test, &AtomicBool::new(false))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report.verdict, report.tests.len(), report.not_run), (Verdict::CLE, 0, 0), "{report:?}");
    assert_eq!(started.load(Ordering::Relaxed), 0, "no test ran");
}

#[test]
fn the_fixture_passes_verdict_check() {
    let fixture = FixtureCopy::new(SLUG, "passes");
    let (passed, stdout) = fixture.check();
    assert!(passed, "{stdout}");
}

#[test]
fn verdict_check_reports_a_starter_that_passes() {
    let fixture = FixtureCopy::new(SLUG, "starter-passes");
    fixture.write("starter.py", &starter_with(&[FIX_START, FIX_SLICE]));
    fixture.expect_failure(&[&format!("{SLUG}: starter.py: "), "must fail its tests, but it is accepted (AC)"]);
}

#[test]
fn verdict_check_reports_a_reference_over_the_budget() {
    let fixture = FixtureCopy::new(SLUG, "over-budget");
    fixture.edit("problem.toml", "max_changed_lines = 3", "max_changed_lines = 1");
    fixture.expect_failure(&[
        &format!("{SLUG}: submissions/accepted/reference.py: "),
        "the reference changes 2 lines of the starter, over the problem's budget of 1",
    ]);
}
