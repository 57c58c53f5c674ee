//! A problem whose generator makes per-candidate variants (`[generator] variants = true`): an
//! assessment runs its generator with each candidate's own seed, so the package must hold for
//! seeds other than its own. For each of [`VARIANT_SEEDS`], the generator gives the same tests
//! twice, and every accepted submission passes the variant; and the seeds must not all give the
//! same tests (then every candidate would get the same variant).

use crate::findings::Findings;
use verdict_catalog::{ExpectedVerdict, Problem};
use verdict_judge::{Judge, JudgeOptions, Verdict};

/// The seeds a variant problem is checked with besides its own: a few, so a generator that only
/// works for its fixed seed, or a reference that fails on some variants, is found.
pub const VARIANT_SEEDS: [u64; 3] = [11, 2024, 987_654_321];

pub(crate) fn check_variants(judge: &Judge<'_>, problem: &Problem, findings: &mut Findings<'_>) {
    let mut generated = Vec::new();
    for seed in VARIANT_SEEDS {
        let Some(variant) = problem.variant(seed) else { return };
        let tests = match (judge.generate(&variant), judge.generate(&variant)) {
            (Ok(a), Ok(b)) => {
                let (a, b) = (serde_json::to_value(&a).ok(), serde_json::to_value(&b).ok());
                if a != b {
                    findings.add(
                        "generator.py",
                        None,
                        format!("variant seed {seed}: the same seed gave different tests on two runs"),
                    );
                }
                a
            }
            (Err(e), _) | (_, Err(e)) => {
                findings.add("generator.py", None, format!("variant seed {seed}: {e}"));
                continue;
            }
        };
        generated.push(tests);
        let prepared = match judge.prepare(&variant) {
            Ok(prepared) => prepared,
            Err(e) => {
                findings.add("generator.py", None, format!("variant seed {seed}: {e}"));
                continue;
            }
        };
        for submission in problem.submissions.iter().filter(|s| s.expected == ExpectedVerdict::Accepted) {
            match judge.judge(&prepared, &submission.source, JudgeOptions::default()) {
                Ok(report) if report.verdict == Verdict::AC => {}
                Ok(report) => {
                    let failed = report.tests.iter().find(|t| t.verdict != Verdict::AC);
                    let at = failed.map(|t| format!(" (test {} got {})", t.number, t.verdict)).unwrap_or_default();
                    findings.add(
                        &submission.path,
                        None,
                        format!("variant seed {seed}: expected AC, got {}{at}", report.verdict),
                    );
                }
                Err(e) => findings.add(&submission.path, None, format!("variant seed {seed}: {e}")),
            }
        }
    }
    if generated.len() == VARIANT_SEEDS.len() && generated.windows(2).all(|w| w[0] == w[1]) {
        findings.add(
            "problem.toml",
            None,
            "[generator] variants = true, but every seed gives the same tests: candidates would all get one variant",
        );
    }
}
