//! What judging found: one record per test ([`TestResult`]) and the submission's [`Report`],
//! and the form of both a candidate may see.

use crate::prepared::{PreparedProblem, Visibility};
use crate::verdict::Verdict;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use verdict_catalog::{Expected, Problem, SuiteTarget, TestInput};

/// Where a syntax error is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileError {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub text: String,
}

/// What is known of one test's run. `detail` is only ever shown for sample tests.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(from = "StoredTestResult")]
pub struct TestResult {
    pub number: usize,
    pub visibility: Visibility,
    pub verdict: Verdict,
    /// From 0 to 1: 1 for AC (only AC scores 1), a custom checker's partial credit for WA.
    pub score: f64,
    pub cpu_ms: u64,
    pub wall_ms: u64,
    pub memory_kib: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<TestDetail>,
}

/// A test result as stored before tests had scores: AC scored 1, anything else 0.
#[derive(Deserialize)]
struct StoredTestResult {
    number: usize,
    visibility: Visibility,
    verdict: Verdict,
    score: Option<f64>,
    cpu_ms: u64,
    wall_ms: u64,
    memory_kib: u64,
    detail: Option<TestDetail>,
}

impl From<StoredTestResult> for TestResult {
    fn from(t: StoredTestResult) -> Self {
        let score = t.score.unwrap_or(if t.verdict == Verdict::AC { 1.0 } else { 0.0 });
        TestResult {
            number: t.number,
            visibility: t.visibility,
            verdict: t.verdict,
            score,
            cpu_ms: t.cpu_ms,
            wall_ms: t.wall_ms,
            memory_kib: t.memory_kib,
            detail: t.detail,
        }
    }
}

/// The data of a test and what the candidate's code did with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestDetail {
    pub name: Option<String>,
    pub input: Value,
    pub expected: Value,
    pub actual: Option<Value>,
    /// Python's repr of what the code returned, as the box wrote it, when it is made of builtin
    /// types only (so a tuple shows as a tuple); otherwise the views render `actual`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual_repr: Option<String>,
    pub stdout: String,
    pub message: Option<String>,
    /// The SQL an ORM answer sent (orm problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queries: Option<QueryLog>,
    /// Why a wrong answer is wrong, when it is for a reason worth telling apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FailureReason>,
    /// What a run of the candidate's test suite found (`tests` problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suite: Option<crate::suite_run::SuiteRun>,
    /// The fields cut for showing by `clip` (the grade saw them whole).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub truncated: Vec<String>,
}

/// The SQL statements an ORM answer sent during one test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryLog {
    /// Statements counted against the budget (transaction control is not).
    pub count: u32,
    /// The problem's budget, if it has one.
    pub budget: Option<u32>,
    /// The statements as sent, parameters written in; the first 200 only.
    pub statements: Vec<String>,
}

/// A wrong answer's cause, where the grade can tell it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureReason {
    /// The right rows in the wrong order, or in the right order only by chance (or with no
    /// top-level `ORDER BY` where the problem asks for an order).
    RowOrder,
}

/// Why judging ended before every test ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stopped {
    /// A test failed and the options said to stop there.
    FirstFailure,
    /// Someone cancelled the judging.
    Cancelled,
}

/// The grade of one submission.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub problem: String,
    pub verdict: Verdict,
    /// The weighted share of tests passed, from 0 to 1: each test's weight times its score,
    /// where every test of a group that did not pass whole counts 0.
    pub score: f64,
    /// The groups of tests that score only together.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<GroupResult>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_error: Option<CompileError>,
    /// Why the answer was refused before any test ran (CLE: a debugging fix that changes more
    /// lines of the starter than allowed), with the count and the budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refusal: Option<String>,
    /// A custom input's literal that is not one (its field and Python's message): nothing ran,
    /// the verdict is RE, and the API answers 422 with the field instead of this report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bad_input: Option<verdict_catalog::FieldError>,
    pub tests: Vec<TestResult>,
    /// Set when judging ended before every test ran; `not_run` tests were never started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_run: usize,
}

/// A group of tests (`@group` scenarios, JSON tests with `"group"`): it scores only when every
/// one of its tests is AC.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupResult {
    pub name: String,
    /// Its tests' numbers.
    pub tests: Vec<usize>,
    /// The sum of its tests' weights.
    pub weight: f64,
    pub passed: bool,
}

/// One test's part in a submission's score, in the tests' own weights: what it could earn
/// (`weight`) and what it earned (`earned`: its weight times its score, or 0 when its group did
/// not pass whole). The score is the earned sum over the weight sum, or 0 when a gate is closed.
#[derive(Debug, Clone, PartialEq)]
pub struct TestCredit {
    pub number: usize,
    pub weight: f64,
    pub earned: f64,
    /// It is in a group that did not pass whole (so it earns nothing, even if it passed).
    pub group_failed: bool,
}

/// How a submission's score is made up, test by test: the one reckoning of weights, groups and
/// gates that both the score and the team's report of points lost per test read.
#[derive(Debug, Clone, PartialEq)]
pub struct Credits {
    pub tests: Vec<TestCredit>,
    pub groups: Vec<GroupResult>,
    /// A gate (a `tests` problem's run on the implementation) did not pass: the score is 0.
    pub gate_closed: bool,
    /// The sum of every test's weight.
    pub total: f64,
}

impl Credits {
    /// The score: the weighted share earned, from 0 to 1.
    pub fn score(&self) -> f64 {
        let earned: f64 = self.tests.iter().fold(0.0, |sum, t| sum + t.earned);
        if self.total > 0.0 && !self.gate_closed {
            earned / self.total
        } else {
            0.0
        }
    }

    /// The share of the whole score (0 to 1) test `number` lost: its weight less what it
    /// earned, over the total; with a gate closed, its whole weight (the score is 0).
    pub fn lost_share(&self, number: usize) -> f64 {
        let Some(test) = self.tests.iter().find(|t| t.number == number) else { return 0.0 };
        if self.total <= 0.0 {
            return 0.0;
        }
        let lost = if self.gate_closed { test.weight } else { test.weight - test.earned };
        lost / self.total
    }
}

/// The credits of the tests that ran (`results`) out of all the tests, each given as number,
/// weight and group. A gate that did not pass makes the score 0.
pub fn credits(tests: &[(usize, f64, Option<&str>)], gates: &[usize], results: &[TestResult]) -> Credits {
    let result = |number: usize| results.iter().find(|r| r.number == number);
    let gate_closed = gates.iter().any(|&number| result(number).is_none_or(|r| r.verdict != Verdict::AC));
    let mut groups: Vec<GroupResult> = Vec::new();
    for &(number, weight, group) in tests {
        let Some(name) = group else { continue };
        let passed = result(number).is_some_and(|r| r.verdict == Verdict::AC);
        match groups.iter_mut().find(|g| g.name == name) {
            Some(g) => {
                g.tests.push(number);
                g.weight += weight;
                g.passed &= passed;
            }
            None => groups.push(GroupResult { name: name.to_owned(), tests: vec![number], weight, passed }),
        }
    }
    // Folded from 0.0: `sum()` of no floats is -0.0, which prints as "-0%".
    let total: f64 = tests.iter().fold(0.0, |sum, t| sum + t.1);
    let tests = tests
        .iter()
        .map(|&(number, weight, group)| {
            let group_failed = group.is_some_and(|name| groups.iter().any(|g| g.name == name && !g.passed));
            let score = if group_failed { 0.0 } else { result(number).map_or(0.0, |r| r.score) };
            TestCredit { number, weight, earned: weight * score, group_failed }
        })
        .collect();
    Credits { tests, groups, gate_closed, total }
}

/// The credits of a prepared problem's tests for the results recorded.
pub fn credits_of(prepared: &PreparedProblem, results: &[TestResult]) -> Credits {
    let weights: Vec<(usize, f64, Option<&str>)> =
        prepared.tests.iter().map(|t| (t.number, t.case.weight, t.case.group.as_deref())).collect();
    let gates: Vec<usize> =
        prepared.tests.iter().filter(|t| t.case.expected == Expected::SuitePasses).map(|t| t.number).collect();
    credits(&weights, &gates, results)
}

/// The score of the tests that ran (`results`) out of all the tests, each given as number,
/// weight and group; and the groups. A gate (a `tests` problem's run on the implementation) that
/// did not pass makes the score 0. (The tests' reckoning: the judge's own is [`credits_of`].)
#[cfg(test)]
fn weighted_score(
    tests: &[(usize, f64, Option<&str>)],
    gates: &[usize],
    results: &[TestResult],
) -> (f64, Vec<GroupResult>) {
    let credits = credits(tests, gates, results);
    (credits.score(), credits.groups)
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Report {
    /// The report of code that does not compile: CE, and no test run.
    pub(crate) fn compile_error(problem: &Problem, error: CompileError) -> Report {
        Report {
            problem: problem.slug().to_owned(),
            verdict: Verdict::CE,
            score: 0.0,
            groups: Vec::new(),
            compile_error: Some(error),
            refusal: None,
            bad_input: None,
            tests: Vec::new(),
            stopped: None,
            not_run: 0,
        }
    }

    /// The report of an answer refused before any test runs (over a debugging problem's budget
    /// of changed lines): CLE, with the reason, and no test run.
    pub(crate) fn refused(problem: &Problem, message: String) -> Report {
        Report {
            problem: problem.slug().to_owned(),
            verdict: Verdict::CLE,
            score: 0.0,
            groups: Vec::new(),
            compile_error: None,
            refusal: Some(message),
            bad_input: None,
            tests: Vec::new(),
            stopped: None,
            not_run: 0,
        }
    }

    /// The report of a custom input whose literal is not one: RE, and nothing run.
    pub(crate) fn bad_input(problem: &Problem, error: verdict_catalog::FieldError) -> Report {
        Report {
            verdict: Verdict::RE,
            refusal: None,
            bad_input: Some(error),
            ..Report::refused(problem, String::new())
        }
    }

    /// The report of the tests that ran (in any order): the first failure's verdict, the
    /// weighted share passed, and why the rest did not run when some did not.
    pub(crate) fn of_tests(prepared: &PreparedProblem, mut tests: Vec<TestResult>, cancelled: bool) -> Report {
        tests.sort_by_key(|t| t.number);
        let credits = credits_of(prepared, &tests);
        let (score, groups) = (credits.score(), credits.groups);
        let verdict = tests.iter().find(|t| t.verdict != Verdict::AC).map_or(Verdict::AC, |t| t.verdict);
        let not_run = prepared.tests.len() - tests.len();
        let stopped = (not_run > 0).then_some(if cancelled { Stopped::Cancelled } else { Stopped::FirstFailure });
        Report {
            problem: prepared.problem.slug().to_owned(),
            verdict,
            score,
            groups,
            compile_error: None,
            refusal: None,
            bad_input: None,
            tests,
            stopped,
            not_run,
        }
    }

    /// The report as a candidate may see it: hidden tests reduced to number, verdict, time and
    /// memory; sample tests keep their data only when they failed.
    pub fn for_candidate(&self) -> Report {
        Report { tests: self.tests.iter().map(TestResult::for_candidate).collect(), ..self.clone() }
    }
}

impl TestResult {
    /// The result as a candidate may see it after a submission: a hidden test's number,
    /// verdict, time and memory only; a sample test's data only when it failed, or when it is a
    /// run of their own test suite (what their tests did, and the coverage they reached).
    pub fn for_candidate(&self) -> TestResult {
        let own_suite = self.detail.as_ref().is_some_and(|d| d.suite.is_some());
        let show = self.visibility == Visibility::Sample && (self.verdict != Verdict::AC || own_suite);
        TestResult { detail: if show { self.detail.clone() } else { None }, ..self.clone() }
    }
}

/// A test's input as the API and reports show it.
pub fn input_json(input: &TestInput) -> Value {
    match input {
        TestInput::Call { args, kwargs } => json!({"args": args, "kwargs": kwargs}),
        TestInput::Calls { calls } => json!({"calls": calls}),
        TestInput::Stdin { stdin } => json!({"stdin": stdin}),
        TestInput::Query { dataset, tables } => json!({"dataset": dataset, "tables": tables}),
        TestInput::OrmCall { dataset, tables, args, kwargs } => {
            json!({"dataset": dataset, "tables": tables, "args": args, "kwargs": kwargs})
        }
        TestInput::Frames { dataset, tables, args, kwargs } => {
            json!({"dataset": dataset, "tables": tables, "args": args, "kwargs": kwargs})
        }
        TestInput::Scenario { name, source } => json!({"scenario": name, "source": source}),
        TestInput::Exchanges { dataset: None, exchanges, .. } => json!({"exchanges": exchanges}),
        TestInput::Exchanges { dataset: Some(dataset), tables, exchanges } => {
            json!({"dataset": dataset, "tables": tables, "exchanges": exchanges})
        }
        TestInput::Suite { target } => match target {
            SuiteTarget::Implementation => json!({"target": "implementation"}),
            SuiteTarget::Bug { description, .. } => json!({"target": "bug", "bug": description}),
            // A mutant's source is the implementation's: never shown.
            SuiteTarget::Mutant { id, description, .. } => {
                json!({"target": "mutant", "mutant": id, "change": description})
            }
        },
    }
}

/// An expected answer as the API and reports show it (`null` when the reference computes it).
pub fn expected_json(expected: &Expected) -> Value {
    match expected {
        Expected::Value(v) => v.clone(),
        Expected::Raises(name) => json!({"raises": name}),
        Expected::Observations(observations) => json!({"observations": observations}),
        Expected::SuitePasses => json!({"suite": "every test passes"}),
        Expected::BugCaught => json!({"suite": "at least one test fails"}),
        Expected::FromReference => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(number: usize, verdict: Verdict, score: f64) -> TestResult {
        TestResult {
            number,
            visibility: Visibility::Hidden,
            verdict,
            score,
            cpu_ms: 0,
            wall_ms: 0,
            memory_kib: 0,
            detail: None,
        }
    }

    #[test]
    fn the_score_weighs_each_tests_score_and_keeps_a_partial_one() {
        let tests = [(1, 1.0, None), (2, 3.0, None), (3, 1.0, None)];
        let results = [result(1, Verdict::AC, 1.0), result(2, Verdict::WA, 0.5), result(3, Verdict::WA, 0.0)];
        let (score, groups) = weighted_score(&tests, &[], &results);
        assert_eq!(score, (1.0 + 1.5) / 5.0);
        assert!(groups.is_empty());
    }

    #[test]
    fn a_group_scores_only_when_all_its_tests_pass_and_a_test_not_run_scores_nothing() {
        let tests = [(1, 1.0, Some("a")), (2, 2.0, Some("a")), (3, 1.0, Some("b")), (4, 4.0, None)];
        let results = [
            result(1, Verdict::AC, 1.0),
            result(2, Verdict::WA, 0.9),
            result(3, Verdict::AC, 1.0),
            result(4, Verdict::AC, 1.0),
        ];
        let (score, groups) = weighted_score(&tests, &[], &results);
        assert_eq!(score, (1.0 + 4.0) / 8.0);
        assert_eq!(
            groups,
            [
                GroupResult { name: "a".into(), tests: vec![1, 2], weight: 3.0, passed: false },
                GroupResult { name: "b".into(), tests: vec![3], weight: 1.0, passed: true },
            ]
        );
        let (score, groups) = weighted_score(&tests, &[], &results[..3]);
        assert_eq!(score, 1.0 / 8.0);
        assert!(groups[1].passed);
        assert_eq!(weighted_score(&[], &[], &[]).0, 0.0);
    }

    #[test]
    fn a_gate_that_did_not_pass_makes_the_score_zero() {
        // A tests problem: test 1 is the suite on the implementation (weight 0), then two bugs.
        let tests = [(1, 0.0, None), (2, 1.0, None), (3, 3.0, None)];
        let caught = [result(2, Verdict::AC, 1.0), result(3, Verdict::WA, 0.0)];
        let passed = [vec![result(1, Verdict::AC, 1.0)], caught.to_vec()].concat();
        assert_eq!(weighted_score(&tests, &[1], &passed).0, 0.25);
        let failed = [vec![result(1, Verdict::WA, 0.0)], caught.to_vec()].concat();
        assert_eq!(weighted_score(&tests, &[1], &failed).0, 0.0);
        assert_eq!(weighted_score(&tests, &[1], &caught).0, 0.0, "a gate that never ran is closed");
    }

    #[test]
    fn each_test_loses_its_share_and_the_losses_add_up_to_what_the_score_misses() {
        let tests = [(1, 1.0, Some("a")), (2, 2.0, Some("a")), (3, 1.0, None), (4, 4.0, None)];
        let results = [
            result(1, Verdict::AC, 1.0),
            result(2, Verdict::WA, 0.9),
            result(3, Verdict::WA, 0.5),
            result(4, Verdict::AC, 1.0),
        ];
        let credits = credits(&tests, &[], &results);
        // Test 1 passed but its group did not: it loses its whole weight, as the score counts it.
        assert_eq!(credits.lost_share(1), 1.0 / 8.0);
        assert_eq!(credits.lost_share(2), 2.0 / 8.0);
        assert_eq!(credits.lost_share(3), 0.5 / 8.0);
        assert_eq!(credits.lost_share(4), 0.0);
        let lost: f64 = tests.iter().map(|t| credits.lost_share(t.0)).sum();
        assert!((lost - (1.0 - credits.score())).abs() < 1e-12, "{lost} against {}", credits.score());
        // A closed gate: the score is 0 and every test loses its whole weight.
        let gated = super::credits(&[(1, 0.0, None), (2, 1.0, None), (3, 3.0, None)], &[1], &results[2..]);
        assert_eq!((gated.score(), gated.lost_share(2), gated.lost_share(3)), (0.0, 0.25, 0.75));
    }

    #[test]
    fn a_stored_result_without_a_score_scores_by_its_verdict() {
        let stored = |verdict: &str| {
            serde_json::json!({"number": 1, "visibility": "hidden", "verdict": verdict, "cpu_ms": 0, "wall_ms": 0,
                               "memory_kib": 0})
        };
        let read = |value| serde_json::from_value::<TestResult>(value).map(|t| t.score).ok();
        assert_eq!(read(stored("AC")), Some(1.0));
        assert_eq!(read(stored("WA")), Some(0.0));
        let mut partial = stored("WA");
        partial["score"] = serde_json::json!(0.25);
        assert_eq!(read(partial), Some(0.25));
    }
}
