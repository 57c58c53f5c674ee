//! `tests` problems end to end, on the fixture `tests/fixtures/suite-account` (a bank account
//! module, three planted bugs, two mutants taken as hidden bugs), judged in the real sandbox
//! with real pytest: a strong suite catches every bug and scores 1; one that asserts nothing
//! scores 0; one that fails on the correct implementation is rejected naming the test and
//! scores 0 whatever it catches; a file with no tests is NT, one that fails to import is RE; a
//! suite that hangs against a bug has caught it; unittest classes work as pytest functions do;
//! and the module a suite sees differs run to run, so a fingerprint of its code is worth
//! nothing the next time.

use std::sync::OnceLock;
use verdict_catalog::load_problem;
use verdict_judge::{Judge, JudgeOptions, PreparedProblem, Report, Verdict};
use verdict_sandbox::Backend;
use verdict_tests::{judge_sandbox, workspace_root};

fn fixture(file: &str) -> String {
    let path = workspace_root().join("tests/fixtures/suite-account").join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn prepared() -> &'static PreparedProblem {
    static PREPARED: OnceLock<PreparedProblem> = OnceLock::new();
    PREPARED.get_or_init(|| {
        let problem = load_problem(&workspace_root().join("tests/fixtures/suite-account"))
            .unwrap_or_else(|e| panic!("the fixture loads: {e:?}"));
        Judge::new(judge_sandbox(Backend::Fork)).prepare(&problem).unwrap_or_else(|e| panic!("prepare: {e}"))
    })
}

fn judge(suite: &str) -> Report {
    Judge::new(judge_sandbox(Backend::Fork))
        .judge(prepared(), suite, JudgeOptions::default())
        .unwrap_or_else(|e| panic!("judging: {e}"))
}

fn verdicts(report: &Report) -> Vec<Verdict> {
    report.tests.iter().map(|t| t.verdict).collect()
}

fn message(report: &Report, number: usize) -> String {
    let test = report.tests.iter().find(|t| t.number == number);
    test.and_then(|t| t.detail.as_ref()).and_then(|d| d.message.clone()).unwrap_or_default()
}

#[test]
fn the_problem_tests_the_implementation_then_each_bug_then_the_mutants() {
    let prepared = prepared();
    let names: Vec<String> = prepared.tests.iter().map(|t| t.case.name.clone().unwrap_or_default()).collect();
    assert_eq!(names.len(), 6, "{names:?}");
    assert_eq!(names[0], "your tests on the correct implementation");
    assert_eq!(names[1], "bug: withdraw lets the balance go below zero");
    assert!(names[4].starts_with("mutant ") && names[5].starts_with("mutant "), "{names:?}");
}

#[test]
fn a_strong_suite_catches_every_bug_and_scores_one_with_its_coverage() {
    let report = judge(&fixture("submissions/accepted/reference.py"));
    assert_eq!(report.verdict, Verdict::AC, "{report:?}");
    assert_eq!(verdicts(&report), [Verdict::AC; 6]);
    assert_eq!(report.score, 1.0);
    let gate = report.tests[0].detail.as_ref().and_then(|d| d.suite.clone()).expect("the gate's suite run");
    assert_eq!((gate.collected, gate.passed, gate.failed_count), (9, 9, 0), "{gate:?}");
    let coverage = gate.coverage.expect("coverage of the implementation");
    assert_eq!((coverage.lines_covered, coverage.lines), (15, 15), "{coverage:?}");
    assert_eq!((coverage.branches_covered, coverage.branches), (6, 6), "{coverage:?}");
    assert!(message(&report, 2).starts_with("caught by test_withdraw_refuses_more_than_the_balance"), "{report:?}");
}

#[test]
fn a_suite_that_asserts_nothing_scores_zero_and_names_the_missed_sample_bug() {
    let report = judge(&fixture("submissions/wrong_answer/asserts-nothing.py"));
    assert_eq!(report.verdict, Verdict::WA);
    assert_eq!(report.score, 0.0);
    assert_eq!(verdicts(&report)[0], Verdict::AC, "it passes on the implementation");
    assert!(verdicts(&report)[1..].iter().all(|v| *v == Verdict::WA), "{report:?}");
    assert_eq!(message(&report, 2), "missed: all 2 tests passed against this bug");
    // The unittest class's coverage is measured as a pytest function's would be.
    let gate = report.tests[0].detail.as_ref().and_then(|d| d.suite.clone()).expect("the gate's suite run");
    assert_eq!(gate.coverage.map(|c| c.lines_covered), Some(12));
}

#[test]
fn a_weak_suite_scores_the_weighted_share_of_the_bugs_it_catches() {
    let report = judge(&fixture("submissions/wrong_answer/happy-path.py"));
    // Bugs: overdraft (1), negative deposit (2), wrong message (1), two mutants (1 each).
    let caught: f64 = report
        .tests
        .iter()
        .skip(1)
        .zip([1.0, 2.0, 1.0, 1.0, 1.0])
        .filter(|(t, _)| t.verdict == Verdict::AC)
        .map(|(_, w)| w)
        .sum();
    assert!(caught < 6.0, "the happy path misses some bugs: {report:?}");
    assert_eq!(report.score, caught / 6.0, "{report:?}");
}

#[test]
fn a_suite_failing_on_the_correct_code_is_rejected_naming_the_test_and_scores_nothing() {
    let report = judge(&fixture("submissions/wrong_answer/fails-on-correct-code.py"));
    assert_eq!(report.verdict, Verdict::WA);
    assert_eq!(report.score, 0.0, "whatever it catches: {report:?}");
    assert_eq!(report.tests[0].verdict, Verdict::WA);
    let why = message(&report, 1);
    assert!(why.contains("1 of 1 tests failed on the correct implementation (test_withdraw_everything)"), "{why}");
    assert!(why.contains("assert 0 == 10"), "{why}");
}

#[test]
fn a_file_without_tests_is_nt_and_one_that_fails_to_import_is_re() {
    let empty = judge("from account import Account\n\n\ndef helper():\n    return Account()\n");
    assert_eq!(empty.verdict, Verdict::NT, "{empty:?}");
    assert_eq!(empty.tests[0].verdict, Verdict::NT);
    assert_eq!(empty.score, 0.0);
    let broken = judge("from account import Acount\n\n\ndef test_x():\n    pass\n");
    assert_eq!(broken.tests[0].verdict, Verdict::RE, "{broken:?}");
    let why = message(&broken, 1);
    assert!(why.contains("raised while pytest imported it") && why.contains("Acount"), "{why}");
    // The module's file is named as the same path in every run, not its per-run folder.
    assert!(why.contains("(/box/account.py)") && !why.contains(".verdict-module"), "{why}");
}

#[test]
fn a_suite_that_hangs_against_a_bug_has_caught_it() {
    // Loops forever where the balance went negative: only a bug gets there.
    let suite = fixture("submissions/accepted/reference.py").replace(
        "def test_a_new_account_is_empty():\n    assert Account().balance == 0\n",
        "def test_a_new_account_is_empty():\n    assert Account().balance == 0\n\n\n\
         def test_overdraft_hangs():\n    account = Account(1)\n    try:\n        account.withdraw(2)\n    \
         except ValueError:\n        return\n    while True:\n        pass\n",
    );
    let report = judge(&suite);
    assert_eq!(report.tests[0].verdict, Verdict::AC, "{report:?}");
    assert_eq!(report.tests[1].verdict, Verdict::AC);
    let why = message(&report, 2);
    assert!(why.starts_with("caught"), "{why}");
}

#[test]
fn a_suite_cannot_tell_the_implementations_run_from_a_bugs() {
    // Fails wherever its run looks unlike the implementation's graded run by pytest's options,
    // a tracer or the request the harness read: were any of them different, this would pass
    // on the implementation and catch every bug. (The run made for coverage figures differs,
    // and grades nothing.)
    let suite = "import sys\n\n\ndef test_telltales(pytestconfig):\n    \
                 frames, frame = [], sys._getframe()\n    \
                 while frame is not None:\n        \
                 frames.append(frame.f_locals.get('request'))\n        \
                 frame = frame.f_back\n    \
                 request = next((r for r in frames if isinstance(r, dict) and 'module' in r), {})\n    \
                 assert not pytestconfig.getoption('maxfail')\n    \
                 assert sys.gettrace() is None\n    \
                 assert sorted(request) == ['coverage', 'module', 'orm', 'source'] and not request['coverage']\n";
    let report = judge(suite);
    assert_eq!(report.tests[0].verdict, Verdict::AC, "{report:?}");
    assert!(report.tests[1..].iter().all(|t| t.verdict == Verdict::WA), "{report:?}");
    assert_eq!(report.score, 0.0);
}

#[test]
fn the_module_under_test_differs_in_text_and_code_from_run_to_run() {
    // A suite that shows a fingerprint of the module it runs against: its source's hash, and
    // its functions' bytecode and constants.
    let suite = "import hashlib, inspect\nimport account\n\n\ndef test_fingerprint():\n    \
                 code = account.Account.withdraw.__code__\n    \
                 text = inspect.getsource(account)\n    \
                 assert False, (hashlib.sha256(text.encode()).hexdigest(), hash(code.co_code), code.co_consts)\n";
    let first = message(&judge(suite), 1);
    let second = message(&judge(suite), 1);
    let fingerprint = |m: &str| m.lines().find(|l| l.contains("AssertionError")).map(str::to_owned);
    assert!(fingerprint(&first).is_some(), "{first}");
    assert_ne!(fingerprint(&first), fingerprint(&second), "the same fingerprint twice:\n{first}\n{second}");
}
