//! The CI check for a problem set (`verdict check`): for each problem, its package loads, its
//! statement's examples equal its sample tests, every submission gets its folder's verdict, the
//! time limit is at least three times the slowest accepted run, the generator and the reference
//! are deterministic, and the hidden tests kill enough mutants of the reference.
//!
//! Every finding names the problem, the file and, where it applies, the line. This crate only
//! decides; it prints nothing and runs code only through the judge's sandbox.

pub mod mutants;
pub mod sql_mutants;

use serde::Deserialize;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::{Duration, Instant};
use verdict_catalog::statement::example_blocks;
use verdict_catalog::{reference_path, Expected, ExpectedVerdict, Kind, PackageError, Problem, Submission, TestInput};
use verdict_judge::checker::Checker;
use verdict_judge::order_by::has_top_level_order_by;
use verdict_judge::{
    FailureReason, Judge, JudgeError, JudgeOptions, PreparedProblem, PreparedTest, Report, Verdict, Visibility,
};
use verdict_pyassets::{EXAMPLES, MUTATE};
use verdict_sandbox::{Limits, RunRequest, Status};

/// The least number of hidden tests (listed and generated) a problem must have.
pub const MIN_HIDDEN_TESTS: usize = 8;
/// The least number of hidden datasets an sql problem must have (each test is one dataset).
pub const MIN_HIDDEN_SQL_DATASETS: usize = 5;
/// The time limit must be at least this many times the slowest accepted run.
pub const TIME_LIMIT_FACTOR: u64 = 3;

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

struct Findings<'a> {
    slug: &'a str,
    errors: Vec<PackageError>,
}

impl Findings<'_> {
    fn add(&mut self, file: impl Into<PathBuf>, line: Option<usize>, message: impl Into<String>) {
        self.errors.push(PackageError {
            problem: self.slug.to_owned(),
            file: file.into(),
            line,
            message: message.into(),
        });
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
    let least = if problem.manifest.kind == Kind::Sql { MIN_HIDDEN_SQL_DATASETS } else { MIN_HIDDEN_TESTS };
    if report.hidden < least {
        findings.add("tests/hidden.json", None, format!("{} hidden tests; at least {least} are needed", report.hidden));
    }
    check_repeated_tests(&prepared, &mut findings);

    step("comparing examples with samples");
    check_examples(judge, &prepared, &mut findings);

    step("checking determinism");
    check_determinism(judge, &prepared, &mut findings);

    let mut graded_submissions: Vec<(&Submission, Report)> = Vec::new();
    for submission in &problem.submissions {
        step(&format!("judging {}", submission.path.display()));
        match judge.judge(&prepared, &submission.source, JudgeOptions::default()) {
            Ok(graded) => {
                let wanted = submission.expected.code();
                if graded.verdict.as_str() == wanted {
                    report.submissions_passed += 1;
                } else {
                    let first_failure = graded
                        .tests
                        .iter()
                        .find(|t| t.verdict != Verdict::AC)
                        .map(|t| format!(" (test {} got {})", t.number, t.verdict))
                        .unwrap_or_default();
                    let ce = graded
                        .compile_error
                        .as_ref()
                        .map(|c| format!(": {} at line {}", c.message, c.line.unwrap_or(0)))
                        .unwrap_or_default();
                    let line = graded.compile_error.as_ref().and_then(|c| c.line).map(|l| l as usize);
                    findings.add(
                        &submission.path,
                        line,
                        format!(
                            "must get {wanted}, got {} ({}){first_failure}{ce}",
                            graded.verdict,
                            graded.verdict.name()
                        ),
                    );
                }
                if submission.expected == ExpectedVerdict::Accepted {
                    let slowest = graded.tests.iter().map(|t| t.cpu_ms).max().unwrap_or(0);
                    report.slowest_accepted_ms = report.slowest_accepted_ms.max(slowest);
                }
                graded_submissions.push((submission, graded));
            }
            Err(e) => findings.add(&submission.path, None, format!("could not be judged: {e}")),
        }
    }
    if report.slowest_accepted_ms * TIME_LIMIT_FACTOR > report.time_limit_ms {
        findings.add(
            "problem.toml",
            None,
            format!(
                "time limit {} ms is under {TIME_LIMIT_FACTOR} times the slowest accepted run ({} ms)",
                report.time_limit_ms, report.slowest_accepted_ms
            ),
        );
    }

    check_wrong_answers_cover(problem, &graded_submissions, &mut findings);

    step("mutation testing");
    if let Some(reference) = problem.reference() {
        match mutation_score(judge, &prepared, &reference.source) {
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
                    let survivors: Vec<String> = score
                        .survivors
                        .iter()
                        .map(|s| format!("line {}: {} [{}]", s.line, s.description, s.id))
                        .collect();
                    findings.add(
                        "tests/hidden.json",
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
                report.mutation = Some(score);
            }
            Err(e) => findings.add(&reference_file, None, format!("mutation testing failed: {e}")),
        }
    }
    report.errors = findings.errors;
    report.duration = started.elapsed();
    report
}

fn run_script(judge: &Judge<'_>, script: &str, stdin: Vec<u8>) -> Result<Vec<u8>, String> {
    let request = RunRequest::script(script.as_bytes()).with_stdin(stdin).with_limits(Limits {
        cpu_ms: 20_000,
        wall_ms: 40_000,
        stdout_bytes: 32 << 20,
        ..Limits::default()
    });
    let outcome = judge.sandbox().run(&request).map_err(|e| e.to_string())?;
    if outcome.status != Status::Ok {
        return Err(format!("{}: {}", outcome.status, String::from_utf8_lossy(&outcome.stderr).trim()));
    }
    Ok(outcome.stdout)
}

/// Every mutant of the reference: `mutate.py` in the sandbox for Python, the parsed statement
/// for SQL.
fn all_mutants(judge: &Judge<'_>, problem: &Problem, reference: &str) -> Result<Vec<mutants::RawMutant>, String> {
    if problem.manifest.kind == Kind::Sql {
        let statement = sql_mutants::parse(reference)?;
        return Ok(sql_mutants::mutants(&statement, problem.manifest.sql_spec().ordered));
    }
    let request = json!({ "source": reference, "entry": problem.manifest.entry });
    let stdout = run_script(judge, MUTATE, request.to_string().into_bytes())?;
    serde_json::from_slice(&stdout).map_err(|e| format!("mutant list: {e}"))
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
    let hidden_only = PreparedProblem {
        problem: prepared.problem.clone(),
        tests: prepared.tests.iter().filter(|t| t.visibility == Visibility::Hidden).cloned().collect(),
    };
    let options = JudgeOptions { stop_at_first_failure: true, ..JudgeOptions::default() };
    if problem.manifest.kind == Kind::Sql {
        // Mutants are printed by the parser: the reference printed the same way must still pass,
        // or a killed mutant might only show that the printing broke it.
        let printed = format!("{};", sql_mutants::parse(reference)?);
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
            _ => score.killed += 1,
        }
        score.total += 1;
    }
    Ok(score)
}

/// A test that repeats another's input (the same dataset and arguments) adds nothing.
fn check_repeated_tests(prepared: &PreparedProblem, findings: &mut Findings<'_>) {
    let mut seen: Vec<(Value, &PreparedTest)> = Vec::new();
    for test in &prepared.tests {
        let key = match &test.case.input {
            TestInput::Query { dataset, .. } => json!([dataset]),
            TestInput::OrmCall { dataset, args, kwargs, .. } => json!([dataset, args, kwargs]),
            _ => continue,
        };
        let file = match test.visibility {
            Visibility::Sample => "tests/sample.json",
            Visibility::Hidden => "tests/hidden.json",
        };
        match seen.iter().find(|(k, _)| *k == key) {
            Some((_, first)) => findings.add(
                file,
                Some(test.case.line),
                format!("test {} repeats test {}: the same dataset and arguments", test.number, first.number),
            ),
            None => seen.push((key, test)),
        }
    }
}

/// What the wrong answers of sql and orm problems must show: an ordered problem has one
/// without ORDER BY that fails on row order; a problem with a query budget has a submission in
/// `submissions/query_budget/` that fails on the budget alone (the N+1 pattern, with the right
/// value on every test).
fn check_wrong_answers_cover(problem: &Problem, graded: &[(&Submission, Report)], findings: &mut Findings<'_>) {
    let wrong_answers = || graded.iter().filter(|(s, _)| s.expected == ExpectedVerdict::WrongAnswer);
    let fails_only_for = |report: &Report, reason: FailureReason| {
        let failed: Vec<_> = report.tests.iter().filter(|t| t.verdict != Verdict::AC).collect();
        !failed.is_empty()
            && report.verdict == Verdict::WA
            && failed.iter().all(|t| t.detail.as_ref().and_then(|d| d.reason) == Some(reason))
    };
    if problem.manifest.kind == Kind::Sql && problem.manifest.sql_spec().ordered {
        // The judge's own parse: a wrong answer the parser cannot read does not count.
        let covered = wrong_answers().any(|(s, r)| {
            has_top_level_order_by(&s.source) == Some(false) && fails_only_for(r, FailureReason::RowOrder)
        });
        if !covered {
            findings.add(
                "submissions/wrong_answer",
                None,
                "an ordered problem needs a wrong answer without ORDER BY that fails on row order alone",
            );
        }
    }
    if let Some(budget) = problem.manifest.orm.as_ref().and_then(|o| o.max_queries) {
        let over_budget_only = |report: &Report| {
            report.verdict == Verdict::QLE
                && report.tests.iter().all(|t| matches!(t.verdict, Verdict::AC | Verdict::QLE))
        };
        let covered = graded.iter().any(|(s, r)| s.expected == ExpectedVerdict::QueryBudget && over_budget_only(r));
        if !covered {
            findings.add(
                format!("submissions/{}", ExpectedVerdict::QueryBudget.folder()),
                None,
                format!(
                    "a problem with a query budget ({budget}) needs a submission with the N+1 pattern here: right \
                     values on every test, failing on the budget alone ({})",
                    Verdict::QLE.name()
                ),
            );
        }
    }
}

fn check_determinism(judge: &Judge<'_>, prepared: &PreparedProblem, findings: &mut Findings<'_>) {
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
                if x != y {
                    findings.add(
                        &reference_file,
                        None,
                        format!("test {}: the reference gave different answers on two runs", test.number),
                    );
                }
            }
        }
        (Err(e), _) | (_, Err(e)) => findings.add(&reference_file, None, e.to_string()),
    }
}

#[derive(Debug, Deserialize)]
struct ParsedBlock {
    calls: Vec<ParsedCall>,
    error: Option<String>,
}

#[derive(Debug, Deserialize)]
struct ParsedCall {
    func: String,
    args: Vec<Value>,
    kwargs: serde_json::Map<String, Value>,
    has_result: bool,
    result: Value,
    raises: Option<String>,
}

fn check_examples(judge: &Judge<'_>, prepared: &PreparedProblem, findings: &mut Findings<'_>) {
    let problem = &prepared.problem;
    if problem.manifest.kind.uses_datasets() {
        // The app shows an sql or orm problem's sample data and results from the package
        // itself; a statement need not repeat them.
        return;
    }
    let blocks = example_blocks(&problem.statement);
    let samples: Vec<&PreparedTest> = prepared.tests.iter().filter(|t| t.visibility == Visibility::Sample).collect();
    let checker = Checker::from_spec(&problem.manifest.checker).unwrap_or(Checker::Exact);
    match problem.manifest.kind {
        Kind::Stdio => {
            let inputs: Vec<_> = blocks.iter().filter(|b| b.tag == "input").collect();
            let outputs: Vec<_> = blocks.iter().filter(|b| b.tag == "output").collect();
            if inputs.len() != samples.len() || outputs.len() != samples.len() {
                findings.add(
                    "statement.md",
                    None,
                    format!(
                        "{} input and {} output examples for {} sample tests",
                        inputs.len(),
                        outputs.len(),
                        samples.len()
                    ),
                );
                return;
            }
            for ((input, output), test) in inputs.iter().zip(&outputs).zip(&samples) {
                let (TestInput::Stdin { stdin }, Expected::Value(Value::String(expected))) =
                    (&test.case.input, &test.case.expected)
                else {
                    continue;
                };
                if input.text.trim_end() != stdin.trim_end() {
                    findings.add(
                        "statement.md",
                        Some(input.line),
                        format!("input differs from sample test {}", test.number),
                    );
                }
                if !Checker::Exact.output_matches(expected, &output.text) {
                    findings.add(
                        "statement.md",
                        Some(output.line),
                        format!("output differs from sample test {}", test.number),
                    );
                }
            }
        }
        Kind::Sql | Kind::Orm => {}
        Kind::Function => {
            let examples: Vec<_> = blocks.iter().filter(|b| b.tag == "example").collect();
            if examples.len() != samples.len() {
                findings.add(
                    "statement.md",
                    examples.first().map(|b| b.line),
                    format!("{} example blocks for {} sample tests", examples.len(), samples.len()),
                );
                return;
            }
            let texts: Vec<&str> = examples.iter().map(|b| b.text.as_str()).collect();
            let parsed = run_script(judge, EXAMPLES, json!({ "blocks": texts }).to_string().into_bytes())
                .and_then(|out| serde_json::from_slice::<Vec<ParsedBlock>>(&out).map_err(|e| e.to_string()));
            let parsed = match parsed {
                Ok(p) => p,
                Err(e) => {
                    findings.add("statement.md", None, format!("the examples could not be read: {e}"));
                    return;
                }
            };
            let entry = problem.manifest.entry.as_deref().unwrap_or_default();
            for ((block, parsed), test) in examples.iter().zip(parsed).zip(&samples) {
                let mut differs = |what: String| {
                    findings.add(
                        "statement.md",
                        Some(block.line),
                        format!("example differs from sample test {}: {what}", test.number),
                    )
                };
                if let Some(error) = parsed.error {
                    differs(error);
                    continue;
                }
                match &test.case.input {
                    TestInput::Call { args, kwargs } => {
                        let [call] = parsed.calls.as_slice() else {
                            differs(format!("it shows {} calls, the test makes one", parsed.calls.len()));
                            continue;
                        };
                        if call.func != entry {
                            differs(format!("it calls `{}`, not `{entry}`", call.func));
                        } else if !Checker::Exact
                            .values_match(&Value::Array(args.clone()), &Value::Array(call.args.clone()))
                            || !Checker::Exact
                                .values_match(&Value::Object(kwargs.clone()), &Value::Object(call.kwargs.clone()))
                        {
                            differs(format!("arguments {:?} against {:?}", call.args, args));
                        } else if let Some(problem) = result_differs(checker, &test.case.expected, call) {
                            differs(problem);
                        }
                    }
                    TestInput::Calls { calls } => {
                        if parsed.calls.len() != calls.len() {
                            differs(format!("it shows {} calls, the test makes {}", parsed.calls.len(), calls.len()));
                            continue;
                        }
                        let expected = match &test.case.expected {
                            Expected::Value(Value::Array(list)) => list.clone(),
                            _ => Vec::new(),
                        };
                        for (i, ((name, args), shown)) in calls.iter().zip(&parsed.calls).enumerate() {
                            if &shown.func != name
                                || !Checker::Exact
                                    .values_match(&Value::Array(args.clone()), &Value::Array(shown.args.clone()))
                            {
                                differs(format!(
                                    "call {} is `{}{:?}`, the test has `{name}{args:?}`",
                                    i + 1,
                                    shown.func,
                                    shown.args
                                ));
                                break;
                            }
                            let want = expected.get(i).cloned().unwrap_or(Value::Null);
                            let want = match want.get(verdict_catalog::tests::RAISES_KEY).and_then(Value::as_str) {
                                Some(name) => Expected::Raises(name.to_owned()),
                                None => Expected::Value(want),
                            };
                            if let Some(problem) = result_differs(checker, &want, shown) {
                                differs(format!("call {}: {problem}", i + 1));
                                break;
                            }
                        }
                    }
                    TestInput::Stdin { .. } | TestInput::Query { .. } | TestInput::OrmCall { .. } => {}
                }
            }
        }
    }
}

fn result_differs(checker: Checker, expected: &Expected, shown: &ParsedCall) -> Option<String> {
    match expected {
        Expected::Raises(name) => (shown.raises.as_deref() != Some(name))
            .then(|| format!("the test raises {name}, the example does not show it")),
        Expected::Value(Value::Null) => (shown.has_result && !shown.result.is_null())
            .then(|| format!("the example shows {}, the test expects None", shown.result)),
        Expected::Value(value) => {
            if shown.raises.is_some() || !shown.has_result {
                Some(format!("the test expects {value}, the example shows no result"))
            } else if !checker.values_match(value, &shown.result) {
                Some(format!("the example shows {}, the test expects {value}", shown.result))
            } else {
                None
            }
        }
        Expected::FromReference => None,
    }
}
