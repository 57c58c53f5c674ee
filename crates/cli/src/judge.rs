//! `verdict judge`: grade one file against one problem.

use anyhow::{anyhow, Context, Result};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use verdict_judge::{DebugChanges, Judge, JudgeOptions, Report, Verdict, Visibility};

pub fn judge(
    settings: &crate::SandboxSettings,
    problems: &Path,
    slug: &str,
    file: &Path,
    json: bool,
    sql: &crate::sql::SqlArgs,
) -> Result<ExitCode> {
    let source = std::fs::read_to_string(file).with_context(|| format!("reading {}", file.display()))?;
    let dir = problems.join(slug);
    if !dir.join("problem.toml").is_file() {
        return Err(anyhow!("no problem `{slug}` in {} (no {}/problem.toml)", problems.display(), dir.display()));
    }
    let problem = verdict_catalog::load_problem(&dir).map_err(|errors| {
        let lines: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow!("problem `{slug}` is broken:\n  {}", lines.join("\n  "))
    })?;
    let sandbox = super::sandbox(settings)?;
    let postgres = sql.runner(true)?;
    let judge = Judge::new(&sandbox).with_postgres(postgres.as_ref());
    let prepared = judge.prepare(&problem)?;
    let report = judge.judge(&prepared, &source, JudgeOptions::default())?.for_candidate();
    let mut out = std::io::stdout().lock();
    if json {
        writeln!(out, "{}", serde_json::to_string(&report)?)?;
    } else {
        print_report(&mut out, &report, DebugChanges::of(&problem, &source).as_ref())?;
    }
    out.flush()?;
    Ok(if report.verdict == Verdict::IE { ExitCode::from(3) } else { ExitCode::SUCCESS })
}

/// The report as text; for a debugging problem, `changes` are the answer's against the starter.
fn print_report(out: &mut impl Write, report: &Report, changes: Option<&DebugChanges>) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} {} (score {:.0}%)",
        report.problem,
        report.verdict,
        report.verdict.name(),
        report.score * 100.0
    )?;
    if let Some(ce) = &report.compile_error {
        let at = match (ce.line, ce.column) {
            (Some(l), Some(c)) => format!("line {l}, column {c}"),
            (Some(l), None) => format!("line {l}"),
            _ => "unknown position".to_owned(),
        };
        writeln!(out, "  compile error at {at}: {}", ce.message)?;
        if !ce.text.is_empty() {
            writeln!(out, "    {}", ce.text)?;
        }
    }
    if let Some(refusal) = &report.refusal {
        writeln!(out, "  refused, no test ran: {refusal}")?;
    }
    for group in &report.groups {
        let numbers: Vec<String> = group.tests.iter().map(usize::to_string).collect();
        let state = if group.passed { "passed" } else { "failed: scores 0 until all its tests pass" };
        writeln!(out, "  group {} (tests {}, weight {}): {state}", group.name, numbers.join(", "), group.weight)?;
    }
    for test in &report.tests {
        let kind = match test.visibility {
            Visibility::Sample => "sample",
            Visibility::Hidden => "hidden",
        };
        // A custom checker's partial credit: the share of the test's weight it earned.
        let partial = if test.score > 0.0 && test.score < 1.0 {
            format!("  score {:.0}%", test.score * 100.0)
        } else {
            String::new()
        };
        writeln!(
            out,
            "  test {:>3} {kind:<6} {:<3} {:>6} ms {:>8} KiB{partial}",
            test.number, test.verdict, test.cpu_ms, test.memory_kib
        )?;
        if let Some(detail) = &test.detail {
            // A scenario's message names its line, expected and actual as Python shows them.
            let scenario = detail.input.get("scenario").and_then(|d| d.as_str());
            match (scenario, detail.input.get("dataset").and_then(|d| d.as_str())) {
                (Some(name), _) => writeln!(out, "      scenario: {name}")?,
                // A dataset is long: its name says which one, the package holds its rows.
                (None, Some(dataset)) => {
                    let args = detail.input.get("args").map(|a| format!(" args {a}")).unwrap_or_default();
                    writeln!(out, "      input:    dataset {dataset}{args}")?;
                }
                (None, None) => writeln!(out, "      input:    {}", detail.input)?,
            }
            if scenario.is_none() {
                writeln!(out, "      expected: {}", detail.expected)?;
                if let Some(actual) = &detail.actual {
                    writeln!(out, "      actual:   {actual}")?;
                }
            }
            if let Some(message) = &detail.message {
                for line in message.lines() {
                    writeln!(out, "      | {line}")?;
                }
            }
            if !detail.stdout.is_empty() {
                writeln!(out, "      stdout:   {:?}", detail.stdout)?;
            }
            if let Some(queries) = &detail.queries {
                let budget = queries.budget.map(|b| format!(", budget {b}")).unwrap_or_default();
                writeln!(out, "      SQL sent: {} counted{budget}", queries.count)?;
                for (i, sql) in queries.statements.iter().enumerate() {
                    writeln!(out, "      {:>3}. {sql}", i + 1)?;
                }
            }
        }
    }
    if let Some(changes) = changes {
        print_changes(out, changes)?;
    }
    Ok(())
}

/// A debugging answer's changed lines (with the budget) and its diff against the starter.
fn print_changes(out: &mut impl Write, changes: &DebugChanges) -> std::io::Result<()> {
    let budget = changes.max_changed_lines.map(|b| format!(" (at most {b} allowed)")).unwrap_or_default();
    writeln!(out, "  changed lines against the starter: {}{budget}", changes.changed_lines)?;
    for line in changes.diff.lines() {
        writeln!(out, "    {line}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_text_report_shows_a_partial_score_and_each_group() {
        let test = |number: usize, verdict: &str, score: f64| {
            json!({"number": number, "visibility": "hidden", "verdict": verdict, "score": score,
                   "cpu_ms": 1, "wall_ms": 1, "memory_kib": 1})
        };
        let report: Report = serde_json::from_value(json!({
            "problem": "p", "verdict": "WA", "score": 0.25,
            "groups": [{"name": "big", "tests": [2, 3], "weight": 2.0, "passed": false}],
            "tests": [test(1, "WA", 0.5), test(2, "AC", 1.0), test(3, "WA", 0.0)]
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let mut out = Vec::new();
        print_report(&mut out, &report, None).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out);
        assert!(text.contains("group big (tests 2, 3, weight 2): failed"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.iter().any(|l| l.contains("test   1") && l.ends_with("score 50%")), "{text}");
        assert!(lines.iter().filter(|l| l.contains("score 50%") || l.contains("score 0%")).count() == 1, "{text}");
    }

    #[test]
    fn the_text_report_shows_a_refusal_and_the_changes_against_the_starter() {
        let report: Report = serde_json::from_value(json!({
            "problem": "p", "verdict": "CLE", "score": 0.0, "tests": [],
            "refusal": "Your answer changes 4 lines of the starter; this problem allows 2."
        }))
        .unwrap_or_else(|e| panic!("{e}"));
        let starter = "def f(x):\n    return x + 1\n";
        let answer = "def f(x):\n    return x + 2\n";
        let changes = DebugChanges {
            changed_lines: verdict_judge::changes::changed_lines(starter, answer),
            max_changed_lines: Some(2),
            diff: verdict_judge::changes::unified_diff(starter, answer),
        };
        let mut out = Vec::new();
        print_report(&mut out, &report, Some(&changes)).unwrap_or_else(|e| panic!("{e}"));
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with("p: CLE Too many changed lines"), "{text}");
        assert!(
            text.contains("  refused, no test ran: Your answer changes 4 lines of the starter; this problem allows 2."),
            "{text}"
        );
        assert!(text.contains("  changed lines against the starter: 1 (at most 2 allowed)\n"), "{text}");
        assert!(text.contains("    -    return x + 1\n    +    return x + 2\n"), "{text}");
    }
}
