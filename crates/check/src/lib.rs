//! The CI check for a problem set (`verdict check`): for each problem, its package loads, its
//! statement's examples equal its sample tests, every submission gets its folder's verdict, the
//! time limit is at least three times the slowest accepted run, the generator and the reference
//! are deterministic (for a problem with per-candidate variants, with several seeds, each
//! passed by the accepted submissions), and the hidden tests kill enough mutants of the
//! reference. A problem with scenarios also has them listed in the box as the catalogue reads
//! them, and its examples
//! pass as doctests that show what the sample scenarios observe, and no hidden scenario observes
//! only what a forger could guess. A debugging problem's starter fails and its reference is
//! within the budget of changed lines.
//!
//! Every finding names the problem, the file and, where it applies, the line. This crate only
//! decides; it prints nothing and runs code only through the judge's sandbox. One module a
//! check; this file runs them in order.

mod datasets;
mod debugging;
mod determinism;
mod doctests;
mod examples;
mod findings;
mod guessable;
mod listing;
mod mutation;
mod script;
mod signature;
pub mod sql_mutants;
mod submissions;
mod suites;
mod variants;

pub use mutation::{mutation_score, Equivalent, MutationScore, Survivor};
pub use submissions::TIME_LIMIT_FACTOR;
pub use variants::VARIANT_SEEDS;

use findings::Findings;
use std::time::{Duration, Instant};
use verdict_catalog::{reference_path, Kind, PackageError, Problem};
use verdict_judge::{Judge, JudgeError, Visibility};

/// The least number of hidden tests (listed and generated) a problem must have.
pub const MIN_HIDDEN_TESTS: usize = 8;
/// The least number of hidden datasets an sql problem must have (each test is one dataset).
pub const MIN_HIDDEN_SQL_DATASETS: usize = 5;

/// What `verdict check` found for one problem.
#[derive(Debug, Clone)]
pub struct ProblemReport {
    pub slug: String,
    pub kind: Kind,
    pub difficulty: &'static str,
    pub samples: usize,
    pub hidden: usize,
    pub submissions_passed: usize,
    pub submissions: usize,
    pub slowest_accepted_ms: u64,
    pub time_limit_ms: u64,
    pub mutation: Option<MutationScore>,
    pub errors: Vec<PackageError>,
    pub duration: Duration,
}

impl ProblemReport {
    pub fn passed(&self) -> bool {
        self.errors.is_empty()
    }
}

/// Runs every check on one problem. `step` is told what is being done, for progress display.
pub fn check_problem(judge: &Judge<'_>, problem: &Problem, step: &dyn Fn(&str)) -> ProblemReport {
    let started = Instant::now();
    let slug = problem.slug();
    let reference_file = reference_path(problem.manifest.kind);
    let mut findings = Findings { slug, errors: Vec::new() };
    let mut report = ProblemReport {
        slug: slug.to_owned(),
        kind: problem.manifest.kind,
        difficulty: problem.manifest.difficulty.as_str(),
        samples: problem.samples.len(),
        hidden: 0,
        submissions_passed: 0,
        submissions: problem.submissions.len(),
        slowest_accepted_ms: 0,
        time_limit_ms: problem.manifest.limits.cpu_ms(),
        mutation: None,
        errors: Vec::new(),
        duration: Duration::ZERO,
    };

    // First: when Python reads the scenarios file otherwise than the catalogue, what follows
    // (preparing, judging) is built on the catalogue's reading and may fail for that reason.
    signature::check_signature(problem, &mut findings);
    step("listing the scenarios in the box");
    listing::check_listing(judge, problem, &mut findings);

    step("preparing tests");
    let prepared = match judge.prepare(problem) {
        Ok(p) => p,
        Err(e) => {
            let file = if matches!(e, JudgeError::Generator { .. }) { "generator.py" } else { &reference_file };
            findings.add(file, None, e.to_string());
            report.errors = findings.errors;
            report.duration = started.elapsed();
            return report;
        }
    };
    report.hidden = prepared.tests.iter().filter(|t| t.visibility == Visibility::Hidden).count();
    if problem.manifest.kind == Kind::Tests {
        // Its tests are its bugs: what is checked is that the reference suite catches each,
        // then the submissions; a suite has no examples or answers of its own to compare.
        let judged =
            submissions::check_submissions(judge, problem, &prepared, report.time_limit_ms, &mut findings, step);
        let reference =
            judged.graded.iter().find(|(s, _)| Some(s.path.as_path()) == problem.reference().map(|r| r.path.as_path()));
        suites::check_suites(&prepared, reference.map(|(_, r)| r), &mut findings);
        report.submissions_passed = judged.passed;
        report.slowest_accepted_ms = judged.slowest_accepted_ms;
        report.errors = findings.errors;
        report.duration = started.elapsed();
        return report;
    }
    let least = if problem.manifest.kind == Kind::Sql { MIN_HIDDEN_SQL_DATASETS } else { MIN_HIDDEN_TESTS };
    if report.hidden < least {
        let file = findings::hidden_tests_file(problem);
        findings.add(file, None, format!("{} hidden tests; at least {least} are needed", report.hidden));
    }
    datasets::check_repeated_tests(&prepared, &mut findings);

    step("comparing examples with samples");
    examples::check_examples(judge, &prepared, &mut findings);

    step("checking determinism");
    determinism::check_determinism(judge, &prepared, &mut findings);
    if problem.has_variants() {
        step("checking per-candidate variants");
        variants::check_variants(judge, problem, &mut findings);
    }
    guessable::check_guessable(&prepared, &mut findings);

    let judged = submissions::check_submissions(judge, problem, &prepared, report.time_limit_ms, &mut findings, step);
    report.submissions_passed = judged.passed;
    report.slowest_accepted_ms = judged.slowest_accepted_ms;

    datasets::check_wrong_answers_cover(problem, &judged.graded, &mut findings);

    step("judging the starter of a debugging problem");
    debugging::check_debugging(judge, &prepared, &mut findings);

    step("mutation testing");
    report.mutation = mutation::check_mutation(judge, &prepared, &mut findings);
    report.errors = findings.errors;
    report.duration = started.elapsed();
    report
}
