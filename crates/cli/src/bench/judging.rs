//! Whole submissions of catalogue problems judged on both paths, and what one more test of a
//! problem costs: figures Verdict has and the peers do not.

use super::figures::{plain_header, section, Samples};
use anyhow::{ensure, Context, Result};
use std::path::Path;
use std::time::Duration;
use verdict_sandbox::Sandbox;

/// Judges a problem's reference solution as one submission (the check, then every test,
/// as many at once as there are cores) on both paths, side by side.
pub fn judge_submissions(exec: &Sandbox, fork: &Sandbox, dir: &Path, times: usize) -> Result<()> {
    let (problem, reference) = problem_and_reference(dir)?;
    let (exec_judge, fork_judge) = (verdict_judge::Judge::new(exec), verdict_judge::Judge::new(fork));
    let prepared = fork_judge.prepare(&problem)?;
    section(&format!(
        "One {} submission judged whole ({}: the answer's check, then {} tests, {} at a time), {times} each",
        problem.manifest.kind.as_str(),
        problem.slug(),
        prepared.tests.len(),
        verdict_judge::JudgeOptions::default().parallelism
    ));
    let (mut exec_samples, mut fork_samples) = (Samples::default(), Samples::default());
    let judge_once = |judge: &verdict_judge::Judge<'_>| -> Result<()> {
        let report = judge.judge(&prepared, &reference, verdict_judge::JudgeOptions::default())?;
        ensure!(report.verdict == verdict_judge::Verdict::AC, "the reference got {}", report.verdict);
        Ok(())
    };
    for _ in 0..times {
        exec_samples.time(|| judge_once(&exec_judge))?;
        fork_samples.time(|| judge_once(&fork_judge))?;
    }
    plain_header();
    exec_samples.row("exec path");
    fork_samples.row("fork server");
    println!("exec / fork at the median: {:.1}x", exec_samples.ratio(&fork_samples));
    Ok(())
}

/// The median judging time of the reference on its first test and on all its tests, one test
/// at a time, and what one more test costs.
pub fn judge_per_test(fork: &Sandbox, dir: &Path, times: usize) -> Result<Duration> {
    let (problem, reference) = problem_and_reference(dir)?;
    let judge = verdict_judge::Judge::new(fork);
    let all = judge.prepare(&problem)?;
    ensure!(all.tests.len() > 1, "{} has fewer than two tests", problem.slug());
    let one = verdict_judge::PreparedProblem { tests: all.tests[..1].to_vec(), ..all.clone() };
    let options = verdict_judge::JudgeOptions { parallelism: 1, ..verdict_judge::JudgeOptions::default() };
    let (mut one_samples, mut all_samples) = (Samples::default(), Samples::default());
    for _ in 0..times {
        for (prepared, samples) in [(&one, &mut one_samples), (&all, &mut all_samples)] {
            samples.time(|| {
                let report = judge.judge(prepared, &reference, options)?;
                ensure!(report.verdict == verdict_judge::Verdict::AC, "the reference got {}", report.verdict);
                Ok(())
            })?;
        }
    }
    let per_test = all_samples.median().saturating_sub(one_samples.median()) / (all.tests.len() as u32 - 1);
    println!(
        "{:<50} {:>10} {:>10} {:>10}",
        format!("{} ({}, {} tests)", problem.slug(), problem.manifest.kind.as_str(), all.tests.len()),
        format!("{:.1} ms", one_samples.median().as_secs_f64() * 1e3),
        format!("{:.1} ms", all_samples.median().as_secs_f64() * 1e3),
        format!("{:.1} ms", per_test.as_secs_f64() * 1e3)
    );
    Ok(per_test)
}

/// A catalogue problem and its reference solution's source.
fn problem_and_reference(dir: &Path) -> Result<(verdict_catalog::Problem, String)> {
    let problem = verdict_catalog::load_problem(dir).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{} does not load: {}", dir.display(), list.join("; "))
    })?;
    let reference = problem.reference().context("the problem has no reference solution")?.source.clone();
    Ok((problem, reference))
}
