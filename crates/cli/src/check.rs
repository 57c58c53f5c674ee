//! `verdict check`: the CI check of a problem set, with progress, a summary table and JUnit.

use anyhow::{bail, Context, Result};
use indicatif::{ProgressBar, ProgressStyle};
use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use verdict_check::{check_problem, ProblemReport};
use verdict_judge::Judge;

/// What `verdict check` was asked for beyond the folder.
pub struct CheckOptions<'a> {
    pub junit: Option<&'a Path>,
    pub only: &'a [String],
    pub jobs: Option<usize>,
    /// Print the time each step took, summed over the problems.
    pub timings: bool,
}

pub fn check(
    settings: &crate::SandboxSettings,
    dir: &Path,
    options: &CheckOptions<'_>,
    sql: &crate::sql::SqlArgs,
) -> Result<ExitCode> {
    let CheckOptions { junit, only, jobs, timings } = *options;
    let catalog = verdict_catalog::load_catalog(dir).with_context(|| format!("reading {}", dir.display()))?;
    for slug in only {
        if catalog.get(slug).is_none() && !catalog.errors.iter().any(|e| &e.problem == slug) {
            bail!("no problem `{slug}` in {}", dir.display());
        }
    }
    let selected: Vec<_> =
        catalog.problems.iter().filter(|p| only.is_empty() || only.iter().any(|s| s == p.slug())).collect();
    let load_errors: Vec<_> =
        // The catalogue's own file (tracks.toml) is checked whichever problems are selected.
        catalog.errors.iter().filter(|e| only.is_empty() || only.iter().any(|s| s == &e.problem) || e.problem == verdict_catalog::CATALOGUE).collect();
    let sandbox = super::sandbox(settings)?;
    // Without a PostgreSQL, a problem in its dialect fails its check naming the setting.
    let postgres = sql.runner(true)?;
    let judge = Judge::new(&sandbox).with_postgres(postgres.as_ref());

    let bar = ProgressBar::new(selected.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} {elapsed_precise} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    // Problems are checked side by side, one per core: much of a problem's check is one box at
    // a time (preparing, listing, examples), which leaves the other cores idle.
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let at_once = jobs.unwrap_or(cores).min(selected.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: std::sync::Mutex<Vec<(usize, ProblemReport)>> = std::sync::Mutex::new(Vec::new());
    let spent = std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|scope| {
        for _ in 0..at_once {
            scope.spawn(|| loop {
                let index = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(problem) = selected.get(index) else { break };
                let slug = problem.slug().to_owned();
                let clock = StepClock::default();
                let report = check_problem(&judge, problem, &|step| {
                    clock.begin(step);
                    bar.set_message(format!("{slug}: {step}"));
                });
                clock.end_into(&spent);
                let line = format!(
                    "{} {} ({:.1} s)",
                    if report.passed() { "ok  " } else { "FAIL" },
                    report.slug,
                    report.duration.as_secs_f64()
                );
                bar.suspend(|| eprintln!("{line}"));
                bar.inc(1);
                done.lock().unwrap_or_else(std::sync::PoisonError::into_inner).push((index, report));
            });
        }
    });
    bar.finish_and_clear();
    let mut done = done.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
    done.sort_by_key(|(index, _)| *index);
    let reports: Vec<ProblemReport> = done.into_iter().map(|(_, report)| report).collect();

    let mut out = std::io::stdout().lock();
    print_table(&mut out, &reports)?;
    print_mutation_notes(&mut out, &reports)?;
    if timings {
        print_timings(&mut out, &spent.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner))?;
    }
    let mut failures = 0;
    if !load_errors.is_empty() || reports.iter().any(|r| !r.passed()) {
        writeln!(out, "\nerrors:")?;
    }
    for error in &load_errors {
        writeln!(out, "  {error}")?;
        failures += 1;
    }
    for report in &reports {
        for error in &report.errors {
            writeln!(out, "  {error}")?;
            failures += 1;
        }
    }
    if let Some(path) = junit {
        write_junit(path, &reports, &load_errors)?;
    }
    let broken = load_errors.iter().map(|e| e.problem.as_str()).collect::<std::collections::BTreeSet<_>>().len();
    let failed = reports.iter().filter(|r| !r.passed()).count() + broken;
    writeln!(
        out,
        "\n{} problems checked, {} passed, {failed} failed, {failures} errors",
        reports.len() + broken,
        reports.len() + broken - failed
    )?;
    out.flush()?;
    Ok(if failures == 0 { ExitCode::SUCCESS } else { ExitCode::FAILURE })
}

fn print_table(out: &mut impl Write, reports: &[ProblemReport]) -> std::io::Result<()> {
    let width = reports.iter().map(|r| r.slug.len()).max().unwrap_or(0).max(28);
    writeln!(
        out,
        "{:<width$} {:<8} {:<6} {:>7} {:>6} {:>11} {:>14} {:>9}  result",
        "problem", "kind", "level", "samples", "hidden", "submissions", "slowest/limit", "mutants"
    )?;
    for r in reports {
        let mutants = match &r.mutation {
            None => "-".to_owned(),
            // Nothing to mutate: this problem's test strength is not measured.
            Some(m) if m.total == 0 => "none".to_owned(),
            Some(m) => format!("{}/{} {:.0}%", m.killed, m.total, m.share() * 100.0),
        };
        writeln!(
            out,
            "{:<width$} {:<8} {:<6} {:>7} {:>6} {:>11} {:>14} {:>9}  {}",
            r.slug,
            r.kind.as_str(),
            r.difficulty,
            r.samples,
            r.hidden,
            format!("{}/{}", r.submissions_passed, r.submissions),
            format!("{}/{} ms", r.slowest_accepted_ms, r.time_limit_ms),
            mutants,
            if r.passed() { "ok" } else { "FAIL" }
        )?;
    }
    Ok(())
}

/// What the table's mutant column leaves out: which problems judged only a sample, and the
/// mutants authors marked equivalent, with their reasons.
fn print_mutation_notes(out: &mut impl Write, reports: &[ProblemReport]) -> std::io::Result<()> {
    let mut lines = Vec::new();
    for r in reports {
        let Some(m) = &r.mutation else { continue };
        if m.sampled() {
            lines.push(format!(
                "  {}: {} mutants, a sample of {} judged (seed `{}`)",
                r.slug,
                m.generated,
                verdict_judge::mutants::MAX_MUTANTS,
                verdict_judge::mutants::SAMPLE_SEED
            ));
        }
        for e in &m.equivalent {
            lines.push(format!("  {}: equivalent {} (line {}: {}): {}", r.slug, e.id, e.line, e.description, e.reason));
        }
    }
    if !lines.is_empty() {
        writeln!(out, "\nmutants:")?;
        for line in lines {
            writeln!(out, "{line}")?;
        }
    }
    Ok(())
}

fn write_junit(path: &Path, reports: &[ProblemReport], load_errors: &[&verdict_catalog::PackageError]) -> Result<()> {
    let mut suite = TestSuite::new("verdict check");
    for r in reports {
        let status = if r.passed() {
            TestCaseStatus::success()
        } else {
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            let text: Vec<String> = r.errors.iter().map(ToString::to_string).collect();
            status.set_message(text.join("\n"));
            status
        };
        let mut case = TestCase::new(r.slug.clone(), status);
        case.set_time(r.duration);
        suite.add_test_case(case);
    }
    for error in load_errors {
        let mut status = TestCaseStatus::non_success(NonSuccessKind::Error);
        status.set_message(error.to_string());
        suite.add_test_case(TestCase::new(error.problem.clone(), status));
    }
    let mut report = Report::new("verdict");
    report.add_test_suite(suite);
    let file = std::fs::File::create(path).with_context(|| format!("creating {}", path.display()))?;
    report.serialize(file).with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// The time one problem's check spends in each step, as its step messages mark them. A step
/// that names a file (judging each submission) counts under its first word and the kind of file
/// alone, so the sums say which part of the check is slow.
#[derive(Default)]
struct StepClock {
    current: std::cell::RefCell<Option<(String, Instant)>>,
    spent: std::cell::RefCell<BTreeMap<String, Duration>>,
}

impl StepClock {
    fn begin(&self, step: &str) {
        let name = match step.split_once(' ') {
            Some(("judging", file)) if !file.starts_with("the ") => "judging submissions".to_owned(),
            _ => step.to_owned(),
        };
        self.stop();
        *self.current.borrow_mut() = Some((name, Instant::now()));
    }

    fn stop(&self) {
        if let Some((name, since)) = self.current.borrow_mut().take() {
            *self.spent.borrow_mut().entry(name).or_default() += since.elapsed();
        }
    }

    fn end_into(&self, total: &std::sync::Mutex<BTreeMap<String, Duration>>) {
        self.stop();
        let mut total = total.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        for (name, time) in self.spent.borrow().iter() {
            *total.entry(name.clone()).or_default() += *time;
        }
    }
}

fn print_timings(out: &mut impl Write, spent: &BTreeMap<String, Duration>) -> std::io::Result<()> {
    let total: Duration = spent.values().sum();
    let mut rows: Vec<_> = spent.iter().collect();
    rows.sort_by(|a, b| b.1.cmp(a.1));
    writeln!(out, "\ntime per step, summed over the problems (wall time of each problem's thread):")?;
    for (name, time) in rows {
        let share = if total.is_zero() { 0.0 } else { time.as_secs_f64() / total.as_secs_f64() * 100.0 };
        writeln!(out, "  {:>8.1} s {share:>5.1}%  {name}", time.as_secs_f64())?;
    }
    Ok(())
}
