//! What explains a candidate's score on a problem, for the hiring team only (never reachable
//! through a candidate's link): each test's name, what it checks and the points it lost, as the
//! judge's own reckoning weighs them ([`verdict_judge::credits_of`]); the work behind it (time
//! spent, runs, submissions); and which submission counts and why. The rule that picks the
//! submission is the store's `best_submissions`; this module only says what it picked.

use crate::problems::ProblemEntry;
use crate::views::{timestamp, OriginView, VerdictView, VisibilityView};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use utoipa::ToSchema;
use verdict_catalog::{Expected, SuiteTarget, TestCase, TestInput};
use verdict_judge::{credits_of, expected_json, PreparedProblem, PreparedTest, TestResult, Visibility};
use verdict_store::{ProblemActivity, SubmissionState, SubmissionSummary};

/// The longest description of what a test checks, in characters (the rest is cut with `…`).
pub const MAX_CHECKS_CHARS: usize = 200;

/// How the submission that counts is chosen (the store's `best_submissions` applies it).
pub const COUNTING_RULE: &str = "the best graded submission counts (the latest of equal scores); while none is \
     graded, the latest one stands in. A submission the system makes of the last draft at Finish or the deadline can \
     raise a score, never lower it.";

/// One test of the submission that counts, as the team sees it.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct TestRow {
    pub number: u32,
    pub visibility: VisibilityView,
    /// The test's name in the package (`name` of a JSON test, a scenario's function, a planted
    /// bug's description), else `test N`.
    pub name: String,
    /// What it checks, derived from the test itself (the call or input and the expected answer,
    /// cut at [`MAX_CHECKS_CHARS`]).
    pub checks: String,
    /// Where the test is defined: a file and line of the package, or how it was made.
    pub source: String,
    /// Its group: it scores only when every test of the group passes.
    pub group: Option<String>,
    /// Null when the test did not run.
    pub verdict: Option<VerdictView>,
    pub passed: bool,
    /// The points this test is worth, and those it lost (its group failing, or a closed gate,
    /// loses them too). The points lost of all tests add up to the points the problem missed.
    pub points_possible: f64,
    pub points_lost: f64,
}

/// The work behind a problem. Time spent runs from the first saved draft (autosave, run or
/// submit) to the last save or own submission: opening a problem is not recorded, and the spans
/// of two problems can overlap when the candidate moved between them.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct WorkView {
    pub time_spent_seconds: Option<i64>,
    pub first_saved_at: Option<String>,
    pub last_active_at: Option<String>,
    /// Times Run was pressed.
    pub runs: i64,
    /// Submissions the candidate made.
    pub submissions: i64,
    /// Submissions the system made of the last draft (at Finish or the deadline).
    pub system_submissions: i64,
}

/// Which submission counts for the score, and why.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct CountedView {
    pub submission: String,
    pub origin: OriginView,
    /// `best` (the highest score), `latest_of_equal` (the latest of several with that score) or
    /// `pending` (none graded yet: the latest stands in).
    pub rule: String,
    /// The same in a sentence.
    pub reason: String,
}

/// A problem's explanation, beside its score in the candidate's report.
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct Explanation {
    /// False when the candidate made no submission (and none was made of a draft): "not
    /// attempted", apart from a submission that scored 0.
    pub attempted: bool,
    pub counted: Option<CountedView>,
    /// The counted submission's tests, with what each checks and the points it lost.
    pub tests: Vec<TestRow>,
    pub work: WorkView,
}

/// A problem's tests numbered as the judge numbers them: the prepared ones (generated tests
/// and filled-in answers included; the candidate's variant's, by their `seed`, for a problem
/// with variants) when ready, else the package's samples then hidden tests.
pub fn tests_of(entry: &ProblemEntry, seed: Option<u64>) -> Arc<PreparedProblem> {
    let ready = match seed.filter(|_| entry.problem.has_variants()) {
        Some(seed) => entry.variant_if_ready(seed),
        None => entry.prepared_if_ready(),
    };
    ready.unwrap_or_else(|| {
        let problem = &entry.problem;
        let tests = problem
            .samples
            .iter()
            .map(|c| (Visibility::Sample, c))
            .chain(problem.hidden.iter().map(|c| (Visibility::Hidden, c)))
            .enumerate()
            .map(|(i, (visibility, case))| PreparedTest { number: i + 1, visibility, case: case.clone() })
            .collect();
        Arc::new(PreparedProblem { problem: problem.clone(), tests })
    })
}

/// Each test of `prepared` with its result among `results` and the points it lost of `points`.
pub fn test_rows(prepared: &PreparedProblem, results: &[TestResult], points: u32) -> Vec<TestRow> {
    let credits = credits_of(prepared, results);
    let points = f64::from(points);
    let entry = prepared.problem.manifest.entry.as_deref().unwrap_or("solution");
    prepared
        .tests
        .iter()
        .map(|test| {
            let result = results.iter().find(|r| r.number == test.number);
            let weight = credits.tests.iter().find(|c| c.number == test.number).map_or(0.0, |c| c.weight);
            let possible = if credits.total > 0.0 { points * weight / credits.total } else { 0.0 };
            TestRow {
                number: test.number as u32,
                visibility: match test.visibility {
                    Visibility::Sample => VisibilityView::Sample,
                    Visibility::Hidden => VisibilityView::Hidden,
                },
                name: test.case.name.clone().unwrap_or_else(|| format!("test {}", test.number)),
                checks: cut(&checks(entry, &test.case)),
                source: source(test),
                group: test.case.group.clone(),
                verdict: result.map(|r| r.verdict.into()),
                passed: result.is_some_and(|r| r.verdict == verdict_judge::Verdict::AC),
                points_possible: round(possible),
                points_lost: round(points * credits.lost_share(test.number)),
            }
        })
        .collect()
}

/// Points to three decimals, so a row reads 3.333 rather than 3.3333333333333335.
fn round(points: f64) -> f64 {
    (points * 1000.0).round() / 1000.0
}

fn cut(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() <= MAX_CHECKS_CHARS {
        return text;
    }
    let mut kept: String = text.chars().take(MAX_CHECKS_CHARS - 1).collect();
    kept.push('…');
    kept
}

/// A value as Python writes it (the catalogue's one rendering).
fn compact(value: &serde_json::Value) -> String {
    verdict_catalog::python_repr(value)
}

fn call(entry: &str, args: &[serde_json::Value], kwargs: &serde_json::Map<String, serde_json::Value>) -> String {
    let mut parts: Vec<String> = args.iter().map(compact).collect();
    parts.extend(kwargs.iter().map(|(k, v)| format!("{k}={}", compact(v))));
    format!("{entry}({})", parts.join(", "))
}

fn answer(expected: &Expected) -> String {
    match expected {
        Expected::Raises(name) => format!("raises {name}"),
        Expected::FromReference => "the reference solution's answer".into(),
        other => format!("returns {}", compact(&expected_json(other))),
    }
}

/// What a test checks, in a line derived from the test itself.
fn checks(entry: &str, case: &TestCase) -> String {
    match &case.input {
        TestInput::Call { args, kwargs } => format!("{} {}", call(entry, args, kwargs), answer(&case.expected)),
        TestInput::Calls { calls } => {
            let calls: Vec<String> =
                calls.iter().map(|(name, args)| call(name, args, &serde_json::Map::new())).collect();
            let expected = match &case.expected {
                Expected::Value(results) => format!("expecting the results {}", compact(results)),
                other => answer(other),
            };
            format!("calls {} in turn, {expected}", calls.join(", "))
        }
        TestInput::Stdin { stdin } => match &case.expected {
            Expected::Value(serde_json::Value::String(out)) => format!("stdin {stdin:?} prints {out:?}"),
            other => format!("stdin {stdin:?}: {}", answer(other)),
        },
        TestInput::Query { dataset, .. } => {
            format!(
                "the query on dataset `{dataset}` {}",
                answer(&case.expected).replacen("returns", "returns rows", 1)
            )
        }
        TestInput::OrmCall { dataset, args, kwargs, .. } => {
            format!("{} on dataset `{dataset}` {}", call(entry, args, kwargs), answer(&case.expected))
        }
        TestInput::Frames { dataset, args, kwargs, .. } => {
            let on = dataset.as_deref().map(|d| format!(" on the frames of dataset `{d}`")).unwrap_or_default();
            format!("{}{on} {}", call(entry, args, kwargs), answer(&case.expected))
        }
        TestInput::Scenario { name, .. } => {
            format!("scenario `{name}`: what it observes of the candidate's code must match the reference's")
        }
        TestInput::Suite { target: SuiteTarget::Implementation } => {
            "the candidate's test suite passes on the correct implementation (a gate: until it does, the problem \
             scores 0)"
                .into()
        }
        TestInput::Suite { target: SuiteTarget::Bug { description, .. } } => {
            format!("the candidate's tests catch a planted bug: {description}")
        }
        TestInput::Suite { target: SuiteTarget::Mutant { description, .. } } => {
            format!("the candidate's tests catch a change to the implementation: {description}")
        }
        TestInput::Exchanges { exchanges, .. } => {
            let sent: Vec<String> = exchanges.iter().map(|e| format!("{} {}", e.method, e.path)).collect();
            format!("requests {} get the reference app's answers", sent.join(", "))
        }
    }
}

/// Where a test is defined.
fn source(test: &PreparedTest) -> String {
    match &test.case.input {
        TestInput::Scenario { .. } => format!("tests/scenarios.py line {}", test.case.line),
        TestInput::Suite { target: SuiteTarget::Implementation } => "the suite's gate (every tests problem)".into(),
        TestInput::Suite { target: SuiteTarget::Bug { file, .. } } => format!("problem.toml [[tests.bugs]] {file}"),
        TestInput::Suite { target: SuiteTarget::Mutant { id, .. } } => format!("mutant {id} of implementation.py"),
        _ if test.case.line == 0 => "generated (generator.py)".into(),
        _ => {
            let file = match test.visibility {
                Visibility::Sample => "tests/sample.json",
                Visibility::Hidden => "tests/hidden.json",
            };
            format!("{file} line {}", test.case.line)
        }
    }
}

/// The work figures of a problem from what the store counted.
pub fn work(activity: Option<&ProblemActivity>) -> WorkView {
    let Some(a) = activity else { return WorkView::default() };
    let last = a.last_saved_at.into_iter().chain(a.last_submitted_at).max();
    WorkView {
        time_spent_seconds: a.first_saved_at.zip(last).map(|(first, last)| (last - first).max(0) / 1000),
        first_saved_at: a.first_saved_at.map(timestamp),
        last_active_at: last.map(timestamp),
        runs: a.runs,
        submissions: a.submissions,
        system_submissions: a.system_submissions,
    }
}

fn percent(score: Option<f64>) -> String {
    format!("{:.0}%", score.unwrap_or(0.0) * 100.0)
}

/// Why `counted` is the submission that counts, among `submissions` (the problem's, newest
/// first).
pub fn counted(counted: &SubmissionSummary, submissions: &[SubmissionSummary]) -> CountedView {
    let graded: Vec<&SubmissionSummary> = submissions.iter().filter(|s| s.state.is_final()).collect();
    let by_system = match counted.origin {
        verdict_store::Origin::Candidate => "",
        verdict_store::Origin::Finish => {
            " It was made by the system from the last draft when the candidate pressed Finish."
        }
        verdict_store::Origin::Deadline => " It was made by the system from the last draft at the deadline.",
    };
    let newer: Vec<&SubmissionSummary> = submissions.iter().take_while(|s| s.id != counted.id).collect();
    let (rule, mut reason) = if counted.state != SubmissionState::Finished {
        let why = if counted.state.is_final() {
            "No submission was graded (the judge failed or the candidate stopped it): the latest one counts, for 0."
        } else {
            "No submission is graded yet: the latest one, being graded, stands in until one is."
        };
        ("pending", why.to_owned())
    } else {
        let equal = graded
            .iter()
            .filter(|s| s.state == SubmissionState::Finished && s.score == counted.score && s.id != counted.id)
            .count();
        let mut reason = if equal > 0 {
            format!("The latest of {} submissions with the best score, {}.", equal + 1, percent(counted.score))
        } else {
            format!("The best graded submission, at {}, of {} graded.", percent(counted.score), graded.len())
        };
        let lower = newer.iter().filter(|s| s.state.is_final()).count();
        if lower > 0 {
            reason.push_str(&format!(" {lower} later submission(s) scored lower and do not lower it."));
        }
        let waiting = newer.len() - lower;
        if waiting > 0 {
            reason.push_str(&format!(" {waiting} later submission(s) are still being graded."));
        }
        (if equal > 0 { "latest_of_equal" } else { "best" }, reason)
    };
    reason.push_str(by_system);
    CountedView { submission: counted.id.clone(), origin: counted.origin.into(), rule: rule.into(), reason }
}

#[cfg(test)]
mod unit {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_long_description_is_cut_and_a_call_reads_as_one() {
        let args = vec![json!("a b"), json!(3)];
        let mut kwargs = serde_json::Map::new();
        kwargs.insert("strict".into(), json!(true));
        let case = TestCase {
            name: None,
            weight: 1.0,
            group: None,
            input: TestInput::Call { args, kwargs },
            expected: Expected::Value(json!([1, 2])),
            line: 4,
        };
        assert_eq!(checks("f", &case), "f('a b', 3, strict=True) returns [1, 2]");
        let calls = TestCase {
            input: TestInput::Calls { calls: vec![("Stack".into(), vec![]), ("push".into(), vec![json!(1)])] },
            expected: Expected::Value(json!([null, null])),
            ..case.clone()
        };
        assert_eq!(checks("f", &calls), "calls Stack(), push(1) in turn, expecting the results [None, None]");
        let raises = TestCase { expected: Expected::Raises("ValueError".into()), ..case };
        assert_eq!(checks("f", &raises), "f('a b', 3, strict=True) raises ValueError");
        let long = cut(&"x".repeat(500));
        assert_eq!(long.chars().count(), MAX_CHECKS_CHARS);
        assert!(long.ends_with('…'));
    }
}
