//! Every submission must get its folder's verdict, and the time limit must leave room for the
//! slowest accepted run.

use crate::findings::Findings;
use verdict_catalog::{ExpectedVerdict, Problem, Submission};
use verdict_judge::{Judge, JudgeOptions, PreparedProblem, Report, Verdict};

/// The time limit must be at least this many times the slowest accepted run.
pub const TIME_LIMIT_FACTOR: u64 = 3;

/// What judging a problem's submissions gave.
pub(crate) struct Judged<'p> {
    pub passed: usize,
    pub slowest_accepted_ms: u64,
    /// Each submission that could be judged, with its report.
    pub graded: Vec<(&'p Submission, Report)>,
}

/// Judges every submission against its folder's verdict, then holds the time limit
/// (`time_limit_ms`) to [`TIME_LIMIT_FACTOR`] times the slowest accepted run.
pub(crate) fn check_submissions<'p>(
    judge: &Judge<'_>,
    problem: &'p Problem,
    prepared: &PreparedProblem,
    time_limit_ms: u64,
    findings: &mut Findings<'_>,
    step: &dyn Fn(&str),
) -> Judged<'p> {
    let mut judged = Judged { passed: 0, slowest_accepted_ms: 0, graded: Vec::new() };
    for submission in &problem.submissions {
        step(&format!("judging {}", submission.path.display()));
        // A test-writing problem's other suites need only their first failure (a missed bug
        // does not stop judging otherwise, being partial credit).
        let options = JudgeOptions {
            stop_at_first_failure: problem.manifest.kind == verdict_catalog::Kind::Tests
                && submission.expected != ExpectedVerdict::Accepted,
            ..JudgeOptions::default()
        };
        match judge.judge(prepared, &submission.source, options) {
            Ok(graded) => {
                let wanted = Verdict::from(submission.expected);
                if graded.verdict == wanted {
                    judged.passed += 1;
                } else {
                    let first_failure = graded
                        .tests
                        .iter()
                        .find(|t| t.verdict != Verdict::AC)
                        .map(|t| format!(" (test {} got {})", t.number, t.verdict))
                        .unwrap_or_default();
                    let ce = graded
                        .compile_error
                        .as_ref()
                        .map(|c| format!(": {} at line {}", c.message, c.line.unwrap_or(0)))
                        .unwrap_or_default();
                    let refusal = graded.refusal.as_ref().map(|r| format!(": {r}")).unwrap_or_default();
                    let line = graded.compile_error.as_ref().and_then(|c| c.line).map(|l| l as usize);
                    findings.add(
                        &submission.path,
                        line,
                        format!(
                            "must get {wanted}, got {} ({}){first_failure}{ce}{refusal}",
                            graded.verdict,
                            graded.verdict.name()
                        ),
                    );
                }
                if submission.expected == ExpectedVerdict::Accepted {
                    // A test-writing problem's accepted suite is timed on the implementation:
                    // against a bug it may print every failure, or hang on a loop the bug made
                    // (caught at the limit); that time is the bug's.
                    let timed = |t: &&verdict_judge::TestResult| {
                        prepared
                            .tests
                            .iter()
                            .all(|p| p.number != t.number || p.case.expected != verdict_catalog::Expected::BugCaught)
                    };
                    let slowest = graded.tests.iter().filter(timed).map(|t| t.cpu_ms).max().unwrap_or(0);
                    judged.slowest_accepted_ms = judged.slowest_accepted_ms.max(slowest);
                }
                judged.graded.push((submission, graded));
            }
            Err(e) => findings.add(&submission.path, None, format!("could not be judged: {e}")),
        }
    }
    if judged.slowest_accepted_ms * TIME_LIMIT_FACTOR > time_limit_ms {
        findings.add(
            "problem.toml",
            None,
            format!(
                "time limit {time_limit_ms} ms is under {TIME_LIMIT_FACTOR} times the slowest accepted run ({} ms)",
                judged.slowest_accepted_ms
            ),
        );
    }
    judged
}
