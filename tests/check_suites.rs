//! `verdict check` on `tests` problems, each test breaking one thing in a copy of the fixture
//! `tests/fixtures/suite-account`: a bug the reference suite does not catch is named with its
//! file, a mutant it does not catch with its id and what to do, a reference suite failing on
//! the implementation is named, and the package errors (an unlisted bug file, a bug that is the
//! implementation itself, a listed file that is missing) come with file and line.

use verdict_tests::catalogue::FixtureCopy;

#[test]
fn the_fixture_passes() {
    let (passed, stdout) = FixtureCopy::new("suite-account", "passes").check();
    assert!(passed, "{stdout}");
}

#[test]
fn a_bug_the_reference_suite_misses_is_named_with_its_file() {
    let copy = FixtureCopy::new("suite-account", "missed-bug");
    // The only test of a negative deposit goes.
    copy.edit(
        "submissions/accepted/reference.py",
        "@pytest.mark.parametrize(\"amount\", [0, -1])\ndef test_deposit_refuses_non_positive_amounts(amount):",
        "@pytest.mark.skip\ndef test_deposit_refuses_non_positive_amounts(amount=0):",
    );
    copy.expect_failure(&["bugs/negative-deposit.py", "the reference suite does not catch this bug"]);
}

#[test]
fn a_mutant_the_reference_suite_misses_is_named_with_its_id() {
    let copy = FixtureCopy::new("suite-account", "missed-mutant");
    copy.edit("problem.toml", "mutants = 2", "mutants = 20");
    // Without the boundary test (withdrawing the whole balance) `>` may become `>=` unseen.
    copy.edit("submissions/accepted/reference.py", "    assert account.withdraw(6) == 0\n", "");
    copy.expect_failure(&["survives the reference suite", "[[check.equivalent_mutants]]"]);
}

#[test]
fn a_reference_suite_failing_on_the_implementation_is_named() {
    let copy = FixtureCopy::new("suite-account", "failing-reference");
    copy.edit("submissions/accepted/reference.py", "assert account.deposit(3) == 8", "assert account.deposit(3) == 9");
    copy.expect_failure(&[
        "the reference suite must pass on implementation.py",
        "test_deposit_adds_and_returns_the_balance",
    ]);
}

#[test]
fn package_errors_name_the_file_and_line() {
    let copy = FixtureCopy::new("suite-account", "package");
    copy.write("bugs/unlisted.py", "class Account:\n    pass\n");
    copy.write("bugs/wrong-message.py", &std::fs::read_to_string(copy.path("implementation.py")).unwrap_or_default());
    copy.edit("problem.toml", "file = \"bugs/overdraft.py\"", "file = \"bugs/gone.py\"");
    copy.expect_failure(&[
        "bugs/unlisted.py: not listed in problem.toml's `[[tests.bugs]]`",
        "bugs/wrong-message.py: is the same as implementation.py",
        "problem.toml:15: bug file `bugs/gone.py` cannot be read",
    ]);
}
