//! `tests` problems: the grade of one run of a candidate's test suite (what it found is
//! [`SuiteRun`]): on the implementation every test
//! must pass; on a planted bug at least one must fail.

use crate::graded::Graded;
use crate::harness::{Reply, Stream};
pub use crate::suite_run::{Coverage, FailedTest, SuiteRun};
use crate::verdict::Verdict;
use verdict_catalog::{Expected, Problem, SuiteTarget};
use verdict_sandbox::RunOutcome;

/// The module a suite runs against, as source.
pub(crate) fn target_source<'p>(problem: &'p Problem, target: &'p SuiteTarget) -> Option<&'p str> {
    match target {
        SuiteTarget::Implementation => problem.implementation.as_deref(),
        SuiteTarget::Bug { file, .. } => problem.bugs.iter().find(|b| b.file == *file).map(|b| b.source.as_str()),
        SuiteTarget::Mutant { source, .. } => Some(source),
    }
}

/// Grades a suite's run from the harness's reply.
pub(crate) fn grade_suite(expected: Option<&Expected>, reply: Reply) -> Graded {
    let crate::harness::Outcome::SuiteRan(run) = reply.outcome else {
        let message = format!("your tests ended the run: {}", reply.outcome.explanation());
        return caught_or(expected, Graded::fail(Verdict::RE, message, reply.stdout));
    };
    let stdout = reply.stdout;
    let (verdict, message) = match expected {
        Some(Expected::BugCaught) => on_bug(&run),
        _ => on_implementation(&run),
    };
    Graded { suite: Some(run), ..Graded::new(verdict, None, stdout, Some(message), None) }
}

fn on_implementation(run: &SuiteRun) -> (Verdict, String) {
    if let Some(error) = &run.collection_error {
        return (Verdict::RE, format!("your test file raised while pytest imported it:\n{error}"));
    }
    if run.collected == 0 {
        return (
            Verdict::NT,
            "no test was collected: name test functions `test_...`, or TestCase classes with `test_...` methods".into(),
        );
    }
    if run.failed_count > 0 {
        let names: Vec<&str> = run.failed.iter().map(|f| f.name.as_str()).collect();
        let first = run.failed.first().map(|f| format!("\n\n{}:\n{}", f.name, f.message)).unwrap_or_default();
        return (
            Verdict::WA,
            format!(
                "{} of {} tests failed on the correct implementation ({}): a test must pass on correct code{first}",
                run.failed_count,
                run.collected,
                names.join(", ")
            ),
        );
    }
    (Verdict::AC, format!("{} tests passed", run.passed))
}

fn on_bug(run: &SuiteRun) -> (Verdict, String) {
    if let Some(error) = &run.collection_error {
        let first_line = error.lines().last().unwrap_or_default();
        return (Verdict::AC, format!("caught: your test file failed to import against this bug ({first_line})"));
    }
    match run.failed.first() {
        Some(test) => (Verdict::AC, format!("caught by {}", test.name)),
        None if run.failed_count > 0 => (Verdict::AC, "caught".into()),
        None => (Verdict::WA, format!("missed: all {} tests passed against this bug", run.passed)),
    }
}

/// The coverage a run made for it measured, if it ended normally with a reply. The run is not
/// graded, so a suite that behaves otherwise there changes the figures only.
pub(crate) fn measured_coverage(outcome: &RunOutcome, stream: Option<Stream>) -> Option<Coverage> {
    if outcome.status != verdict_sandbox::Status::Ok {
        return None;
    }
    match stream?.into_reply()?.outcome {
        crate::harness::Outcome::SuiteRan(run) => run.coverage,
        _ => None,
    }
}

/// A run against a bug that ended abnormally (a hang, a crash, memory) caught the bug: the
/// suite did not pass. On the implementation the failure stands.
pub(crate) fn caught_or(expected: Option<&Expected>, graded: Graded) -> Graded {
    let abnormal = matches!(graded.verdict, Verdict::TLE | Verdict::MLE | Verdict::OLE | Verdict::RE);
    if expected == Some(&Expected::BugCaught) && abnormal {
        let why = graded.message.clone().unwrap_or_default();
        return Graded {
            verdict: Verdict::AC,
            message: Some(format!("caught: the run did not finish normally against this bug ({why})")),
            ..graded
        };
    }
    graded
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(collected: u32, failed: &[&str]) -> SuiteRun {
        SuiteRun {
            exit_code: i64::from(!failed.is_empty()),
            collected,
            passed: collected - failed.len() as u32,
            skipped: 0,
            failed: failed.iter().map(|n| FailedTest { name: (*n).into(), message: "assert 1 == 2".into() }).collect(),
            failed_count: failed.len() as u32,
            collection_error: None,
            coverage: None,
        }
    }

    #[test]
    fn on_the_implementation_every_test_must_pass_and_one_must_exist() {
        assert_eq!(on_implementation(&run(3, &[])).0, Verdict::AC);
        let (verdict, message) = on_implementation(&run(3, &["test_b"]));
        assert_eq!(verdict, Verdict::WA);
        assert!(message.contains("1 of 3 tests failed") && message.contains("test_b"), "{message}");
        assert_eq!(on_implementation(&run(0, &[])).0, Verdict::NT);
        let broken = SuiteRun { collection_error: Some("E   ModuleNotFoundError".into()), ..run(0, &[]) };
        assert_eq!(on_implementation(&broken).0, Verdict::RE);
    }

    #[test]
    fn a_bug_is_caught_when_a_test_fails_and_missed_when_all_pass() {
        assert_eq!(on_bug(&run(3, &["test_a"])), (Verdict::AC, "caught by test_a".into()));
        assert_eq!(on_bug(&run(3, &[])).0, Verdict::WA);
        let hang = Graded::fail(Verdict::TLE, "time limit".into(), String::new());
        assert_eq!(caught_or(Some(&Expected::BugCaught), hang).verdict, Verdict::AC);
        let hang = Graded::fail(Verdict::TLE, "time limit".into(), String::new());
        assert_eq!(caught_or(Some(&Expected::SuitePasses), hang).verdict, Verdict::TLE);
        let sandbox_failed = Graded::fail(Verdict::IE, "jail".into(), String::new());
        assert_eq!(caught_or(Some(&Expected::BugCaught), sandbox_failed).verdict, Verdict::IE);
    }

    #[test]
    fn coverage_reads_as_counts_and_shares() {
        let c = Coverage { lines: 25, lines_covered: 23, branches: 0, branches_covered: 0, missing_lines: vec![4, 9] };
        assert_eq!(c.summary(), "lines 23/25 (92%), branches 0/0 (100%)");
    }
}
