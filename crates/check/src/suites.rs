//! `tests` problems: the author's reference suite must pass on `implementation.py` and catch
//! every planted bug and every mutant taken as one. A bug it catches behaves differently from
//! the implementation, which proves the bug is not equivalent to it; one it misses is named
//! with what to do about it.

use crate::findings::Findings;
use verdict_catalog::{reference_path, Kind, SuiteTarget, TestInput, IMPLEMENTATION_FILE};
use verdict_judge::{PreparedProblem, Report, Verdict};

/// At least this many bugs (planted and mutants): fewer cannot tell a strong suite from a weak
/// one.
pub const MIN_BUGS: usize = 3;

/// `reference` is the reference suite's report, as the submissions check judged it.
pub(crate) fn check_suites(prepared: &PreparedProblem, reference: Option<&Report>, findings: &mut Findings<'_>) {
    let problem = &prepared.problem;
    if problem.manifest.kind != Kind::Tests {
        return;
    }
    let bugs = prepared.tests.iter().filter(|t| !matches!(target(t), Some(SuiteTarget::Implementation))).count();
    if bugs < MIN_BUGS {
        findings.add(
            "problem.toml",
            None,
            format!("{bugs} bugs (planted and mutants); at least {MIN_BUGS} are needed"),
        );
    }
    let Some(report) = reference else { return };
    let reference_file = reference_path(problem.manifest.kind);
    if let Some(error) = &report.compile_error {
        findings.add(&reference_file, error.line.map(|l| l as usize), format!("does not compile: {}", error.message));
        return;
    }
    for result in &report.tests {
        if result.verdict == Verdict::AC {
            continue;
        }
        let Some(test) = prepared.tests.iter().find(|t| t.number == result.number) else { continue };
        let why = result.detail.as_ref().and_then(|d| d.message.clone()).unwrap_or_default();
        match target(test) {
            Some(SuiteTarget::Implementation) => findings.add(
                &reference_file,
                None,
                format!("the reference suite must pass on {IMPLEMENTATION_FILE} ({}): {why}", result.verdict),
            ),
            Some(SuiteTarget::Bug { file, .. }) => findings.add(
                file.as_str(),
                None,
                format!(
                    "the reference suite does not catch this bug ({}: {why}): strengthen the suite, or make the bug \
                     one a test can see",
                    result.verdict
                ),
            ),
            Some(SuiteTarget::Mutant { id, description, .. }) => findings.add(
                "problem.toml",
                None,
                format!(
                    "mutant {id} of {IMPLEMENTATION_FILE} ({description}) survives the reference suite ({}): add a \
                     test that catches it, or list it in [[check.equivalent_mutants]] with the reason no test can",
                    result.verdict
                ),
            ),
            None => {}
        }
    }
}

fn target(test: &verdict_judge::PreparedTest) -> Option<&SuiteTarget> {
    match &test.case.input {
        TestInput::Suite { target } => Some(target),
        _ => None,
    }
}
