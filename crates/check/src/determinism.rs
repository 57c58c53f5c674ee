//! The generator and the reference must give the same tests and answers on every run (for a
//! scenario, the same observations).

use crate::findings::Findings;
use verdict_catalog::{reference_path, Expected, Observation, TestInput, SCENARIOS_FILE};
use verdict_judge::render_observed;
use verdict_judge::{Judge, PreparedProblem};

pub(crate) fn check_determinism(judge: &Judge<'_>, prepared: &PreparedProblem, findings: &mut Findings<'_>) {
    let problem = &prepared.problem;
    let reference_file = reference_path(problem.manifest.kind);
    if problem.generator.is_some() {
        match (judge.generate(problem), judge.generate(problem)) {
            (Ok(a), Ok(b)) => {
                if serde_json::to_value(&a).ok() != serde_json::to_value(&b).ok() {
                    findings.add("generator.py", None, "the same seed gave different tests on two runs");
                }
            }
            (Err(e), _) | (_, Err(e)) => findings.add("generator.py", None, e.to_string()),
        }
    }
    let Some(reference) = problem.reference() else { return };
    match (
        judge.answers(problem, &reference.source, &prepared.tests),
        judge.answers(problem, &reference.source, &prepared.tests),
    ) {
        (Ok(a), Ok(b)) => {
            for (test, (x, y)) in prepared.tests.iter().zip(a.iter().zip(&b)) {
                if x == y {
                    continue;
                }
                if let (TestInput::Scenario { name, .. }, Expected::Observations(x), Expected::Observations(y)) =
                    (&test.case.input, x, y)
                {
                    let (line, what) = first_difference(x, y);
                    findings.add(
                        SCENARIOS_FILE,
                        Some(line.unwrap_or(test.case.line)),
                        format!("scenario `{name}`: the reference made different observations on two runs: {what}"),
                    );
                    continue;
                }
                findings.add(
                    &reference_file,
                    None,
                    format!("test {}: the reference gave different answers on two runs", test.number),
                );
            }
        }
        (Err(e), _) | (_, Err(e)) => findings.add(&reference_file, None, e.to_string()),
    }
}

/// Where two runs' observations of one scenario first differ: the scenario's line, and what
/// each run observed there.
fn first_difference(first: &[Observation], second: &[Observation]) -> (Option<usize>, String) {
    match first.iter().zip(second).find(|(a, b)| a != b) {
        Some((a, b)) => (
            Some(a.line),
            format!("`{}` observed {} then {}", a.code, render_observed(&a.observed), render_observed(&b.observed)),
        ),
        None => (None, format!("{} observations then {}", first.len(), second.len())),
    }
}
