//! Mutation testing of the reference: the share of its mutants the hidden tests reject.

use crate::findings::Findings;
use crate::sql_mutants;
use verdict_catalog::{reference_path, Kind, Problem};
use verdict_judge::mutants;
use verdict_judge::{Judge, JudgeOptions, PreparedProblem, PreparedTest, TestResult, Verdict, Visibility};

/// A mutant of the reference that the hidden tests did not kill.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Survivor {
    pub id: String,
    pub line: u32,
    pub description: String,
}

/// A mutant the manifest marks equivalent, with the author's reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Equivalent {
    pub id: String,
    pub line: u32,
    pub description: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MutationScore {
    pub killed: usize,
    /// Mutants judged, equivalent ones and those that do not compile left out.
    pub total: usize,
    pub survivors: Vec<Survivor>,
    /// Left out of the score.
    pub equivalent: Vec<Equivalent>,
    /// Mutants there were to judge before [`mutants::MAX_MUTANTS`] capped them.
    pub generated: usize,
    /// Entries of `[[check.equivalent_mutants]]` that name no mutant of the reference.
    pub unknown_equivalents: Vec<verdict_catalog::EquivalentMutant>,
}

impl MutationScore {
    pub fn share(&self) -> f64 {
        if self.total == 0 {
            1.0
        } else {
            self.killed as f64 / self.total as f64
        }
    }

    /// Whether only a sample of the mutants was judged.
    pub fn sampled(&self) -> bool {
        self.generated > mutants::MAX_MUTANTS
    }
}

/// Every mutant of the reference: `mutate.py` in the sandbox for Python, the parsed statement
/// for SQL.
fn all_mutants(judge: &Judge<'_>, problem: &Problem, reference: &str) -> Result<Vec<mutants::RawMutant>, String> {
    if problem.manifest.kind == Kind::Sql {
        let statement = sql_mutants::parse_in(reference, problem.manifest.sql_spec().dialect)?;
        return Ok(sql_mutants::mutants(&statement, problem.manifest.sql_spec().ordered));
    }
    // A function problem without an entry is tested by scenarios only, which may use any name
    // of the module, and a web app's views are reached through its routes: all of it is mutated.
    let whole_module = (problem.manifest.kind == Kind::Function && problem.manifest.entry.is_none())
        || problem.manifest.kind == Kind::Web;
    mutants::python_mutants(judge.sandbox(), reference, problem.manifest.entry.as_deref(), whole_module)
}

/// The share of mutants of the reference that the hidden tests reject. Mutants the manifest
/// marks equivalent are left out and listed; over [`mutants::MAX_MUTANTS`], a seeded sample is
/// judged.
pub fn mutation_score(judge: &Judge<'_>, prepared: &PreparedProblem, reference: &str) -> Result<MutationScore, String> {
    let problem = &prepared.problem;
    let all = mutants::identify(all_mutants(judge, problem, reference)?);
    let listed = &problem.manifest.check.equivalent_mutants;
    let unknown_equivalents = listed.iter().filter(|e| !all.iter().any(|m| &m.id == e.id.get_ref())).cloned().collect();
    let (equivalent, to_judge): (Vec<_>, Vec<_>) =
        all.into_iter().partition(|m| listed.iter().any(|e| e.id.get_ref() == &m.id));
    let equivalent = equivalent
        .into_iter()
        .map(|m| Equivalent {
            reason: listed.iter().find(|e| e.id.get_ref() == &m.id).map(|e| e.reason.clone()).unwrap_or_default(),
            id: m.id,
            line: m.line,
            description: m.description,
        })
        .collect();
    // A mutant is judged by the tests alone: a debugging problem's budget of changed lines
    // would refuse it for how far it is from the starter, which says nothing of the tests.
    let mut tests_only = prepared.problem.clone();
    tests_only.manifest.debug = None;
    let mut hidden_only = PreparedProblem {
        problem: tests_only,
        tests: prepared.tests.iter().filter(|t| t.visibility == Visibility::Hidden).cloned().collect(),
    };
    // One test at a time: with the killer first, most mutants die in one run, where two at once
    // would always spend two. `verdict check` already keeps the cores busy with a problem each.
    let options = JudgeOptions { stop_at_first_failure: true, parallelism: 1, ..JudgeOptions::default() };
    if problem.manifest.kind == Kind::Sql {
        // Mutants are printed by the parser: the reference printed the same way must still pass,
        // or a killed mutant might only show that the printing broke it.
        let printed = format!("{};", sql_mutants::parse_in(reference, problem.manifest.sql_spec().dialect)?);
        let graded = judge.judge(&hidden_only, &printed, options).map_err(|e| e.to_string())?;
        if graded.verdict != Verdict::AC {
            return Err(format!("the reference as the SQL parser prints it gets {}: {printed}", graded.verdict));
        }
    }
    let generated = to_judge.len();
    let mut score =
        MutationScore { killed: 0, total: 0, survivors: Vec::new(), equivalent, generated, unknown_equivalents };
    for mutant in mutants::sample(to_judge, mutants::MAX_MUTANTS) {
        let graded = judge.judge(&hidden_only, &mutant.source, options).map_err(|e| e.to_string())?;
        let survivor = |note: &str| Survivor {
            id: mutant.id.clone(),
            line: mutant.line,
            description: format!("{}{note}", mutant.description),
        };
        match graded.verdict {
            // A mutant that no longer parses says nothing about the tests.
            Verdict::CE => continue,
            Verdict::AC => score.survivors.push(survivor("")),
            // The judge failed, not the mutant: it is not counted as killed.
            Verdict::IE => score.survivors.push(survivor(" (internal error while judging it)")),
            _ => {
                score.killed += 1;
                killer_first(&mut hidden_only.tests, &graded.tests);
            }
        }
        score.total += 1;
    }
    Ok(score)
}

/// Moves the test that killed a mutant to the front, so the next mutant meets it first.
/// Mutants of one reference tend to die by the same few tests, and judging stops at the first
/// failure, so a mutant killed by the tenth test would otherwise cost ten runs. Tests are
/// independent runs: their order changes how long judging takes, never whether a mutant dies.
fn killer_first(tests: &mut [PreparedTest], results: &[TestResult]) {
    if let Some(killer) = results.iter().filter(|r| r.verdict != Verdict::AC).map(|r| r.number).min() {
        move_to_front(tests, |t| t.number == killer);
    }
}

fn move_to_front<T>(items: &mut [T], wanted: impl Fn(&T) -> bool) {
    if let Some(at) = items.iter().position(wanted) {
        items[..=at].rotate_right(1);
    }
}

/// Mutation testing of a problem's reference, held to the problem's threshold: the score, when
/// it could be measured.
pub(crate) fn check_mutation(
    judge: &Judge<'_>,
    prepared: &PreparedProblem,
    findings: &mut Findings<'_>,
) -> Option<MutationScore> {
    let problem = &prepared.problem;
    let reference_file = reference_path(problem.manifest.kind);
    let reference = problem.reference()?;
    match mutation_score(judge, prepared, &reference.source) {
        Ok(score) => {
            for unknown in &score.unknown_equivalents {
                findings.add(
                    "problem.toml",
                    Some(unknown.line),
                    format!("equivalent mutant `{}` is no mutant of the reference", unknown.id.get_ref()),
                );
            }
            let threshold = problem.manifest.check.mutation_threshold;
            if score.total == 0 {
                findings.add(
                    &reference_file,
                    None,
                    "the reference has no mutants to judge, so the hidden tests' strength is not measured",
                );
            } else if score.share() < threshold {
                let survivors: Vec<String> =
                    score.survivors.iter().map(|s| format!("line {}: {} [{}]", s.line, s.description, s.id)).collect();
                findings.add(
                    crate::findings::hidden_tests_file(problem),
                    None,
                    format!(
                        "the hidden tests kill {} of {} mutants of the reference ({:.0}%, below {:.0}%); survivors: {}",
                        score.killed,
                        score.total,
                        score.share() * 100.0,
                        threshold * 100.0,
                        survivors.join("; ")
                    ),
                );
            }
            Some(score)
        }
        Err(e) => {
            findings.add(&reference_file, None, format!("mutation testing failed: {e}"));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::move_to_front;

    #[test]
    fn the_killer_moves_to_the_front_and_the_rest_keep_their_order() {
        let mut order = vec![1, 2, 3, 4, 5];
        move_to_front(&mut order, |&n| n == 4);
        assert_eq!(order, [4, 1, 2, 3, 5]);
        move_to_front(&mut order, |&n| n == 4);
        assert_eq!(order, [4, 1, 2, 3, 5]);
        move_to_front(&mut order, |&n| n == 9);
        assert_eq!(order, [4, 1, 2, 3, 5]);
    }
}
