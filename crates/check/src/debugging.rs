//! A debugging problem (`[debug]`): its starter, judged as any answer, must fail (or there is
//! nothing to fix), and its reference must be within the budget of changed lines (or the
//! problem cannot be solved as it asks).

use crate::findings::Findings;
use verdict_catalog::{reference_path, Problem};
use verdict_judge::{DebugChanges, Judge, JudgeOptions, PreparedProblem, Verdict};

/// Judges the starter and measures the reference against it; nothing for other problems.
pub(crate) fn check_debugging(judge: &Judge<'_>, prepared: &PreparedProblem, findings: &mut Findings<'_>) {
    let problem = &prepared.problem;
    if problem.manifest.debug.is_none() {
        return;
    }
    let starter = format!("starter.{}", problem.manifest.kind.extension());
    let options = JudgeOptions { stop_at_first_failure: true, ..JudgeOptions::default() };
    match judge.judge(prepared, &problem.starter, options) {
        Ok(graded) => match graded.verdict {
            Verdict::AC => findings.add(
                &starter,
                None,
                "the starter of a debugging problem must fail its tests, but it is accepted (AC): there is no bug to fix",
            ),
            Verdict::CE => {
                let line = graded.compile_error.as_ref().and_then(|c| c.line).map(|l| l as usize);
                let message = graded.compile_error.map(|c| c.message).unwrap_or_default();
                findings.add(&starter, line, format!("the starter must be working-looking code, but it does not compile: {message}"));
            }
            Verdict::IE => findings.add(&starter, None, "could not be judged (internal error)"),
            _ => {}
        },
        Err(e) => findings.add(&starter, None, format!("could not be judged: {e}")),
    }
    check_reference_budget(problem, findings);
}

/// The reference must change no more lines of the starter than an answer may.
fn check_reference_budget(problem: &Problem, findings: &mut Findings<'_>) {
    let Some(reference) = problem.reference() else { return };
    let Some(changes) = DebugChanges::of(problem, &reference.source) else { return };
    if let Some(budget) = changes.max_changed_lines.filter(|&budget| changes.changed_lines > budget) {
        findings.add(
            reference_path(problem.manifest.kind),
            None,
            format!(
                "the reference changes {} lines of the starter, over the problem's budget of {budget} \
                 ([debug] max_changed_lines): no answer like it would be accepted",
                changes.changed_lines
            ),
        );
    }
}
