//! What sql and orm problems must show: tests that differ in their data, and wrong answers that
//! prove the order and the query budget are checked.

use crate::findings::Findings;
use serde_json::{json, Value};
use verdict_catalog::{ExpectedVerdict, Kind, Problem, Submission, TestInput};
use verdict_judge::order_by::has_top_level_order_by_in;
use verdict_judge::{FailureReason, PreparedProblem, PreparedTest, Report, Verdict, Visibility};

/// A test that repeats another's input (the same dataset and arguments) adds nothing.
pub(crate) fn check_repeated_tests(prepared: &PreparedProblem, findings: &mut Findings<'_>) {
    let mut seen: Vec<(Value, &PreparedTest)> = Vec::new();
    for test in &prepared.tests {
        let key = match &test.case.input {
            TestInput::Query { dataset, .. } => json!([dataset]),
            TestInput::OrmCall { dataset, args, kwargs, .. } => json!([dataset, args, kwargs]),
            TestInput::Frames { dataset, args, kwargs, .. } => json!([dataset, args, kwargs]),
            _ => continue,
        };
        let file = match test.visibility {
            Visibility::Sample => "tests/sample.json",
            Visibility::Hidden => "tests/hidden.json",
        };
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => findings.add(
                file,
                Some(test.case.line),
                format!("test {} repeats test {}: the same dataset and arguments", test.number, first.number),
            ),
            None => seen.push((key, test)),
        }
    }
}

/// What the wrong answers of sql and orm problems must show: an ordered problem has one
/// without ORDER BY that fails on row order; a problem with a query budget has a submission in
/// `submissions/query_budget/` that fails on the budget alone (the N+1 pattern, with the right
/// value on every test).
pub(crate) fn check_wrong_answers_cover(
    problem: &Problem,
    graded: &[(&Submission, Report)],
    findings: &mut Findings<'_>,
) {
    let wrong_answers = || graded.iter().filter(|(s, _)| s.expected == ExpectedVerdict::WrongAnswer);
    let fails_only_for = |report: &Report, reason: FailureReason| {
        let failed: Vec<_> = report.tests.iter().filter(|t| t.verdict != Verdict::AC).collect();
        !failed.is_empty()
            && report.verdict == Verdict::WA
            && failed.iter().all(|t| t.detail.as_ref().and_then(|d| d.reason) == Some(reason))
    };
    if problem.manifest.kind == Kind::Sql && problem.manifest.sql_spec().ordered {
        // The judge's own parse: a wrong answer the parser cannot read does not count.
        let covered = wrong_answers().any(|(s, r)| {
            has_top_level_order_by_in(&s.source, problem.manifest.sql_spec().dialect) == Some(false)
                && fails_only_for(r, FailureReason::RowOrder)
        });
        if !covered {
            findings.add(
                "submissions/wrong_answer",
                None,
                "an ordered problem needs a wrong answer without ORDER BY that fails on row order alone",
            );
        }
    }
    if let Some(budget) = problem.manifest.orm.as_ref().and_then(|o| o.max_queries) {
        let over_budget_only = |report: &Report| {
            report.verdict == Verdict::QLE
                && report.tests.iter().all(|t| matches!(t.verdict, Verdict::AC | Verdict::QLE))
        };
        let covered = graded.iter().any(|(s, r)| s.expected == ExpectedVerdict::QueryBudget && over_budget_only(r));
        if !covered {
            findings.add(
                format!("submissions/{}", ExpectedVerdict::QueryBudget.folder()),
                None,
                format!(
                    "a problem with a query budget ({budget}) needs a submission with the N+1 pattern here: right \
                     values on every test, failing on the budget alone ({})",
                    Verdict::QLE.name()
                ),
            );
        }
    }
}
