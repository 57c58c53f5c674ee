//! `verdict check` on a problem tested by scenarios only (`tests/fixtures/checked-stack`): the
//! fixture passes every check, and each rule for scenarios catches the package broken for it,
//! naming the problem, the file and the line.

use verdict_tests::catalogue::FixtureCopy;

const SLUG: &str = "checked-stack";

#[test]
fn the_scenario_fixture_passes() {
    let fixture = FixtureCopy::new(SLUG, "passes");
    let (passed, stdout) = fixture.check();
    assert!(passed, "{stdout}");
    assert!(stdout.contains("1 problems checked, 1 passed, 0 failed, 0 errors"), "{stdout}");
    // Two samples, eight hidden scenarios, the wrong answer rejected, mutants judged.
    let row = stdout.lines().find(|l| l.starts_with(SLUG)).unwrap_or_default();
    let columns: Vec<&str> = row.split_whitespace().collect();
    assert_eq!(columns.get(3..6), Some(&["2", "8", "2/2"][..]), "{stdout}");
    // Without an entry the whole module is mutated: the class's methods and `drain`, not only
    // the module's one constant.
    let judged = columns.get(8).and_then(|c| c.split('/').nth(1)).and_then(|n| n.parse::<usize>().ok());
    assert!(judged.is_some_and(|n| n >= 20), "too few mutants judged: {stdout}");
}

#[test]
fn a_reference_that_observes_differently_on_two_runs_is_refused() {
    let fixture = FixtureCopy::new(SLUG, "nondeterministic");
    fixture.edit(
        "submissions/accepted/reference.py",
        "    return tuple(out)",
        "    import os\n    return tuple(out) if out else (os.urandom(8),)",
    );
    fixture.expect_failure(&[
        "checked-stack: tests/scenarios.py:47: scenario `test_drain_of_an_empty_stack`: the reference made different observations on two runs: `check(solution.drain(solution.Stack()))` observed (b'",
    ]);
}

#[test]
fn an_example_that_shows_another_value_than_its_scenario_is_named_with_its_line() {
    let fixture = FixtureCopy::new(SLUG, "example-value");
    // Still a passing doctest, but no longer what the scenario observes.
    fixture.edit("statement.md", ">>> len(stack)\n1\n", ">>> len(stack) + 1\n2\n");
    fixture.expect_failure(&[
        "checked-stack: statement.md:17: the example shows 2 where scenario `test_pop_returns_the_last_push` observes 1 (tests/scenarios.py line 16: check(len(stack)))",
    ]);
}

#[test]
fn an_example_that_fails_as_a_doctest_is_named_with_its_line() {
    let fixture = FixtureCopy::new(SLUG, "example-doctest");
    fixture.edit("statement.md", "\n(2, 3)\n", "\n[2, 3]\n");
    fixture.expect_failure(&[
        "checked-stack: statement.md:13: the example of scenario `test_pop_returns_the_last_push` fails as a doctest against the reference: `>>> stack.pop()` expected \"[2, 3]\", got \"(2, 3)\"",
    ]);
}

#[test]
fn an_example_that_leaves_out_an_observation_is_named() {
    let fixture = FixtureCopy::new(SLUG, "example-missing");
    fixture.edit(
        "statement.md",
        ">>> stack.pop()\nTraceback (most recent call last):\n  ...\nIndexError: pop from an empty stack\n",
        "",
    );
    fixture.expect_failure(&[
        "checked-stack: statement.md:",
        "the example shows 0 values where scenario `test_pop_from_an_empty_stack` observes 1 that are not None; it does not show IndexError: pop from an empty stack",
    ]);
}

#[test]
fn too_few_hidden_scenarios_are_refused() {
    let fixture = FixtureCopy::new(SLUG, "few");
    // No longer a test: a helper.
    fixture.edit("tests/scenarios.py", "def test_none_is_an_item(", "def none_is_an_item(");
    fixture.expect_failure(&["checked-stack: tests/scenarios.py: 7 hidden tests; at least 8 are needed"]);
}

#[test]
fn a_mutant_the_scenarios_do_not_kill_is_named() {
    let fixture = FixtureCopy::new(SLUG, "weak");
    // The sixth push no longer happens: the stack's limit is never reached.
    fixture.edit("tests/scenarios.py", "filled(solution, 1, 2, 3, 4, 5)", "filled(solution, 1, 2, 3, 4)");
    fixture.edit("tests/scenarios.py", "        stack.push(6)", "        stack.push(5)");
    fixture.write("problem.toml", &format!("{}\n[check]\nmutation_threshold = 1.0\n", manifest()));
    fixture.expect_failure(&[
        "checked-stack: tests/scenarios.py: the hidden tests kill",
        "below 100%",
        "line 9: `>=` -> `>`",
    ]);
}

#[test]
fn a_scenario_the_catalogue_does_not_read_is_named_with_its_line() {
    let fixture = FixtureCopy::new(SLUG, "listing");
    let scenarios = std::fs::read_to_string(fixture.path("tests/scenarios.py")).unwrap_or_default();
    // Python runs a test_ function defined under an `if`; the catalogue reads column 0 only.
    fixture.write(
        "tests/scenarios.py",
        &format!("{scenarios}\n\nif True:\n    def test_indented(solution, check):\n        check(1)\n"),
    );
    let line = scenarios.lines().count() + 4;
    fixture.expect_failure(&[&format!(
        "checked-stack: tests/scenarios.py:{line}: Python finds scenario `test_indented` here, which the catalogue does not read"
    )]);
}

#[test]
fn a_decorator_the_catalogue_does_not_see_is_named() {
    let fixture = FixtureCopy::new(SLUG, "listing-sample");
    // A comment between decorator and def: Python still applies it; the catalogue sees none.
    fixture.edit("tests/scenarios.py", "@weight(2)\n", "@weight(2)\n# drains\n");
    fixture.expect_failure(&[
        "checked-stack: tests/scenarios.py:41: scenario `test_drain_empties_in_pop_order`: the catalogue reads weight 1, Python finds weight 2",
    ]);
}

fn manifest() -> String {
    std::fs::read_to_string(verdict_tests::workspace_root().join("tests/fixtures").join(SLUG).join("problem.toml"))
        .unwrap_or_else(|e| panic!("reading the fixture's manifest: {e}"))
}

/// The fixture with a JSON sample test before its scenarios (so with an entry point): the JSON
/// sample's example keeps the literal rules, the scenarios' examples stay doctests.
fn with_a_json_sample(test: &str) -> FixtureCopy {
    let fixture = FixtureCopy::new(SLUG, test);
    fixture.write("problem.toml", &format!("{}entry = \"Stack\"\n", manifest()));
    fixture.write("tests/sample.json", "[{\"calls\": [[\"Stack\", []], [\"push\", [4]], [\"pop\", []]]}]\n");
    fixture.edit(
        "statement.md",
        "```example\n",
        "```example\n>>> s = Stack()\n>>> s.push(4)\n>>> s.pop()\n4\n```\n\n```example\n",
    );
    fixture
}

#[test]
fn json_samples_and_sample_scenarios_each_keep_their_example_rules() {
    let fixture = with_a_json_sample("mixed");
    let (passed, stdout) = fixture.check();
    assert!(passed, "{stdout}");
    let broken = with_a_json_sample("mixed-broken");
    broken.edit("statement.md", ">>> s.pop()\n4\n", ">>> s.pop()\n5\n");
    // The scenario's block moved down seven lines; it is still checked as a doctest.
    broken.edit("statement.md", ">>> len(stack)\n1\n", ">>> len(stack) + 1\n2\n");
    broken.expect_failure(&[
        "checked-stack: statement.md:9: example differs from sample test 1",
        "checked-stack: statement.md:24: the example shows 2 where scenario `test_pop_returns_the_last_push` observes 1",
    ]);
}
