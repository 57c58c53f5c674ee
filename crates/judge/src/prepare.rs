//! Prepare a problem once: add its generated tests, number every test, and fill each missing
//! expected answer by running the reference in the box.

use crate::compile::Submission;
use crate::error::JudgeError;
use crate::harness::{self, Outcome, Request, Stream, RESULT_BYTES};
use crate::mutants;
use crate::prepared::{PreparedProblem, PreparedTest, Visibility};
use crate::run::run_test;
use verdict_catalog::{Expected, Problem, SuiteTarget, TestCase, TestInput};
use verdict_pgsql::Runner;
use verdict_sandbox::{BoxedFile, Limits, Sandbox};

/// Adds generated tests and fills every missing expected answer from the reference.
pub(crate) fn prepare(
    sandbox: &Sandbox,
    pg: Option<&Runner>,
    problem: &Problem,
) -> Result<PreparedProblem, JudgeError> {
    let slug = problem.slug().to_owned();
    let mut hidden = problem.hidden.clone();
    hidden.extend(generate(sandbox, problem)?);
    hidden.extend(mutant_bugs(sandbox, problem)?);
    let mut tests: Vec<PreparedTest> = problem
        .samples
        .iter()
        .map(|c| (Visibility::Sample, c.clone()))
        .chain(hidden.into_iter().map(|c| (Visibility::Hidden, c)))
        .enumerate()
        .map(|(i, (visibility, case))| PreparedTest { number: i + 1, visibility, case })
        .collect();
    if tests.iter().any(|t| t.case.expected == Expected::FromReference) {
        let reference = problem.reference().ok_or_else(|| JudgeError::NoReference { problem: slug.clone() })?;
        let answers = answers(sandbox, pg, problem, &reference.source, &tests)?;
        for (test, answer) in tests.iter_mut().zip(answers) {
            if test.case.expected == Expected::FromReference {
                test.case.expected = answer;
            }
        }
    }
    Ok(PreparedProblem { problem: problem.clone(), tests })
}

/// What the given solution returns on each test, as expected answers.
pub(crate) fn answers(
    sandbox: &Sandbox,
    pg: Option<&Runner>,
    problem: &Problem,
    source: &str,
    tests: &[PreparedTest],
) -> Result<Vec<Expected>, JudgeError> {
    tests
        .iter()
        .map(|test| {
            let run = run_test(sandbox, pg, problem, Submission::source(source), test, None)?;
            match run.answer {
                Some(answer) => Ok(answer),
                None => Err(JudgeError::Reference {
                    problem: problem.slug().to_owned(),
                    test: test.number,
                    verdict: run.result.verdict,
                    detail: run.result.detail.and_then(|d| d.message).unwrap_or_default(),
                }),
            }
        })
        .collect()
}

/// A `tests` problem's mutants taken as hidden bugs: `mutants` of them, from every mutant of
/// `implementation.py` (the whole module mutated) but those the manifest marks equivalent,
/// in the order of their ids (stable for an unchanged implementation).
pub(crate) fn mutant_bugs(sandbox: &Sandbox, problem: &Problem) -> Result<Vec<TestCase>, JudgeError> {
    let (Some(spec), Some(implementation)) = (&problem.manifest.tests, &problem.implementation) else {
        return Ok(Vec::new());
    };
    if spec.mutants == 0 {
        return Ok(Vec::new());
    }
    let error = |detail: String| JudgeError::Mutants { problem: problem.slug().to_owned(), detail };
    let raw = mutants::python_mutants(sandbox, implementation, None, true).map_err(error)?;
    let equivalent = &problem.manifest.check.equivalent_mutants;
    let mut all: Vec<mutants::Mutant> =
        mutants::identify(raw).into_iter().filter(|m| !equivalent.iter().any(|e| *e.id.get_ref() == m.id)).collect();
    all.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(all
        .into_iter()
        .take(spec.mutants as usize)
        .map(|m| TestCase {
            name: Some(format!("mutant {}: line {}: {}", m.id, m.line, m.description)),
            weight: 1.0,
            group: None,
            input: TestInput::Suite {
                target: SuiteTarget::Mutant { id: m.id, description: m.description, source: m.source },
            },
            expected: Expected::BugCaught,
            line: 0,
        })
        .collect())
}

/// The generated hidden tests, if the problem has a generator.
pub(crate) fn generate(sandbox: &Sandbox, problem: &Problem) -> Result<Vec<TestCase>, JudgeError> {
    let (Some(spec), Some(source)) = (&problem.manifest.generator, &problem.generator) else {
        return Ok(Vec::new());
    };
    let error = |detail: String| JudgeError::Generator { problem: problem.slug().to_owned(), detail };
    let files = vec![BoxedFile { name: "generator.py".into(), contents: source.as_bytes().to_vec() }];
    let limits = Limits { cpu_ms: 10_000, wall_ms: 20_000, stdout_bytes: RESULT_BYTES, ..Limits::default() };
    let request = Request::Generate { seed: spec.seed, count: spec.count };
    let (outcome, stream) = harness::run(sandbox, &request, files, limits)?;
    let reply = stream
        .and_then(Stream::into_reply)
        .ok_or_else(|| error(format!("it ended {}: {}", outcome.status, harness::tail(&outcome.stderr))))?;
    match reply.outcome {
        Outcome::Returned { value, .. } => {
            verdict_catalog::tests::parse_generated(&value, problem.manifest.kind).map_err(error)
        }
        other => Err(error(other.explanation())),
    }
}
