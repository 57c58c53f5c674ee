//! Run tests: each in its own confined run, several at once, graded as each finishes.

use crate::compile::Submission;
use crate::error::JudgeError;
use crate::grade::{grade, require_order_by};
use crate::harness::{self, Outcome, Request, Stream, SuiteSchema};
use crate::prepared::{PreparedProblem, PreparedTest, Visibility};
use crate::report::{expected_json, input_json, TestDetail, TestResult};
use crate::verdict::Verdict;
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use verdict_catalog::scenarios::file_for_run;
use verdict_catalog::{Expected, Kind, Observation, Problem, SuiteTarget, TestInput};
use verdict_pgsql::Runner;
use verdict_pyassets::{FRAMES, SCENARIO_API, SUITE_RUNNER, WEB_CLIENT};
use verdict_sandbox::{BoxedFile, Limits, RunRequest, Runtime, Sandbox};

#[derive(Debug, Clone, Copy)]
pub struct JudgeOptions {
    /// Stop at the first failing test (mutation testing wants only whether a mutant dies).
    pub stop_at_first_failure: bool,
    /// Run every sample, then stop at the first failing hidden test (practice: the candidate
    /// learns sooner, and the machine is not kept busy by a wrong answer).
    pub stop_at_first_hidden_failure: bool,
    /// Tests run at once.
    pub parallelism: usize,
}

impl Default for JudgeOptions {
    fn default() -> Self {
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        Self { stop_at_first_failure: false, stop_at_first_hidden_failure: false, parallelism: cores }
    }
}

impl JudgeOptions {
    fn stops_after(&self, result: &TestResult) -> bool {
        result.verdict != Verdict::AC
            && (self.stop_at_first_failure
                || (self.stop_at_first_hidden_failure && result.visibility == Visibility::Hidden))
    }
}

/// Whether judging stops after this result. A missed bug of a `tests` problem is partial
/// credit, not a failure to stop at (unless only the first failure is wanted): there a suite
/// that fails on the implementation (the gate, after which nothing scores) stops the rest.
fn stops_after(options: JudgeOptions, test: &PreparedTest, result: &TestResult) -> bool {
    match test.case.expected {
        Expected::SuitePasses => result.verdict != Verdict::AC,
        Expected::BugCaught => options.stop_at_first_failure && result.verdict != Verdict::AC,
        _ => options.stops_after(result),
    }
}

/// One test's run: its result, and what the program produced as an expected answer for others
/// (the reference's).
pub(crate) struct TestRun {
    pub result: TestResult,
    pub answer: Option<Expected>,
}

/// Runs the tests of a prepared problem, `options.parallelism` at once, calling `on_test` as
/// each finishes. Once `cancel` is set, or a failure the options stop at is seen, no further
/// test starts. The results come in the order the tests finished.
pub(crate) fn run_tests(
    sandbox: &Sandbox,
    pg: Option<&Runner>,
    prepared: &PreparedProblem,
    submission: Submission<'_>,
    options: JudgeOptions,
    on_test: &(dyn Fn(&TestResult) + Sync),
    cancel: &AtomicBool,
) -> Result<Vec<TestResult>, JudgeError> {
    let problem = &prepared.problem;
    let results: Mutex<Vec<TestResult>> = Mutex::new(Vec::new());
    let first_error: Mutex<Option<JudgeError>> = Mutex::new(None);
    let next = AtomicUsize::new(0);
    let stop = AtomicBool::new(false);
    std::thread::scope(|scope| {
        for _ in 0..options.parallelism.max(1).min(prepared.tests.len().max(1)) {
            scope.spawn(|| loop {
                if stop.load(Ordering::Relaxed) || cancel.load(Ordering::Relaxed) {
                    break;
                }
                let index = next.fetch_add(1, Ordering::Relaxed);
                let Some(test) = prepared.tests.get(index) else { break };
                match run_test(sandbox, pg, problem, submission, test, Some(&test.case.expected)) {
                    Ok(run) => {
                        if stops_after(options, test, &run.result) {
                            stop.store(true, Ordering::Relaxed);
                        }
                        on_test(&run.result);
                        lock(&results).push(run.result);
                    }
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        lock(&first_error).get_or_insert(e);
                    }
                }
            });
        }
    });
    if let Some(e) = lock(&first_error).take() {
        return Err(e);
    }
    let tests = std::mem::take(&mut *lock(&results));
    Ok(tests)
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A problem's limits for one test.
pub(crate) fn limits(problem: &Problem) -> Limits {
    Limits {
        cpu_ms: problem.manifest.limits.cpu_ms(),
        wall_ms: problem.manifest.limits.wall_ms(),
        memory_bytes: problem.manifest.limits.memory * 1024 * 1024,
        // The harness's reply carries the returned value; the candidate's own prints go to a
        // scratch file the harness reads back, bounded there.
        stdout_bytes: harness::RESULT_BYTES,
        ..Limits::default()
    }
}

/// Runs one test. With `expected`, grades it; without, only records the answer.
pub(crate) fn run_test(
    sandbox: &Sandbox,
    pg: Option<&Runner>,
    problem: &Problem,
    submission: Submission<'_>,
    test: &PreparedTest,
    expected: Option<&Expected>,
) -> Result<TestRun, JudgeError> {
    let limits = limits(problem);
    let entry = problem.manifest.entry.as_deref().unwrap_or_default();
    // Only a scenario's run stamps its lines with a token.
    let token = match test.case.input {
        TestInput::Scenario { .. } => crate::scenario::new_token(),
        _ => String::new(),
    };
    let (outcome, stream) = match &test.case.input {
        TestInput::Stdin { stdin } => {
            let mut request =
                RunRequest::script(submission.source.as_bytes()).with_stdin(stdin.as_bytes()).with_limits(limits);
            if let Some(code) = submission.code {
                request = request.with_file("main.code", code);
            }
            (sandbox.run(&request)?, None)
        }
        TestInput::Call { args, kwargs } => {
            harness::run(sandbox, &Request::Function { entry, args, kwargs }, submission.files(), limits)?
        }
        TestInput::Calls { calls } => {
            harness::run(sandbox, &Request::Calls { entry, calls }, submission.files(), limits)?
        }
        TestInput::Query { dataset, tables } if crate::postgres::is_postgres(problem) => {
            crate::postgres::run(pg, problem, submission.source, dataset, tables)?
        }
        TestInput::Query { tables, .. } => {
            let files =
                vec![BoxedFile { name: "solution.sql".into(), contents: submission.source.as_bytes().to_vec() }];
            let sql = problem.manifest.sql_spec();
            let request = Request::Sql {
                schema: problem.schema.as_deref(),
                tables,
                modifies: sql.modifies,
                ordered: sql.ordered,
                seed: test.number,
            };
            harness::run(sandbox, &request, files, limits)?
        }
        TestInput::OrmCall { tables, args, kwargs, .. } => {
            let orm = problem
                .manifest
                .orm
                .as_ref()
                .ok_or_else(|| JudgeError::NoOrmSpec { problem: problem.slug().to_owned() })?;
            let request = Request::Orm {
                framework: orm.framework,
                schema: &orm.schema,
                entry,
                args,
                kwargs,
                tables,
                tables_after: &orm.tables_after,
                seed: test.number,
            };
            harness::run(sandbox, &request, submission.files(), limits)?
        }
        TestInput::Frames { tables, args, kwargs, .. } => {
            let spec = problem.manifest.pandas_spec();
            let request = Request::Pandas {
                entry,
                frames: &spec.frames,
                dates: &spec.dates,
                types: &spec.types,
                tables,
                args,
                kwargs,
            };
            let mut files = submission.files();
            files.push(BoxedFile { name: "frames.py".into(), contents: FRAMES.as_bytes().to_vec() });
            harness::run(sandbox, &request, files, limits)?
        }
        TestInput::Scenario { name, .. } => {
            let mut files = submission.files();
            files.push(BoxedFile { name: "scenario.py".into(), contents: SCENARIO_API.as_bytes().to_vec() });
            // Only this scenario's source goes in the box: a hidden one's stays hidden.
            let text = problem.scenarios.as_deref().unwrap_or_default();
            let scenarios = file_for_run(text, problem.samples.iter().chain(&problem.hidden), name);
            files.push(BoxedFile { name: "scenarios.py".into(), contents: scenarios.into_bytes() });
            let run = Request::Scenario { scenario: name, token: &token }.to_run(files, limits);
            // A web problem's scenarios make their own test client: Flask and FastAPI are the
            // packages runtime's.
            let run = match problem.manifest.kind {
                Kind::Web => run.with_runtime(Runtime::Packages, Vec::new()),
                _ => run,
            };
            harness::run_request(sandbox, &run)?
        }
        TestInput::Suite { target } => run_suite(sandbox, problem, submission, test, target, false, limits.clone())?,
        TestInput::Exchanges { tables, exchanges, .. } => {
            let web = problem
                .manifest
                .web
                .as_ref()
                .ok_or_else(|| JudgeError::NoWebSpec { problem: problem.slug().to_owned() })?;
            let mut files = submission.files();
            files.push(BoxedFile { name: "web.py".into(), contents: WEB_CLIENT.as_bytes().to_vec() });
            let orm = problem.manifest.orm.as_ref().map(|o| SuiteSchema { framework: o.framework, schema: &o.schema });
            let request =
                Request::Web { framework: web.framework, app: &web.app, exchanges, orm, tables, seed: test.number };
            harness::run(sandbox, &request, files, limits)?
        }
    };
    // A scenario's custom-checked observations go to checker.py as they are compared; a
    // sandbox failure there is the judge's error, kept until the grade is done.
    let mut sandbox_error = None;
    let mut observation_check = |scenario: &str, want: &Observation, got: &Observation| {
        let checker = problem
            .checker
            .as_deref()
            .ok_or_else(|| format!("line {} uses checker=\"custom\", but the problem has no checker.py", want.line))?;
        let input = json!({"scenario": scenario, "line": want.line, "label": want.label});
        let (want, got) = (json!(want), json!(got));
        match custom_check(sandbox, checker, input, &want, &got) {
            Ok(Checked::Score(score, message)) => Ok((score, message)),
            Ok(Checked::Failed(why)) => Err(why),
            Err(error) => {
                sandbox_error = Some(error);
                Err("the sandbox failed".into())
            }
        }
    };
    let mut graded = grade(problem, test, expected, &outcome, stream, &token, &mut observation_check);
    if let Some(error) = sandbox_error {
        return Err(error);
    }
    if let (TestInput::Suite { target: target @ SuiteTarget::Implementation }, Some(run)) =
        (&test.case.input, graded.suite.as_mut())
    {
        if graded.verdict == Verdict::AC {
            let (outcome, stream) = run_suite(sandbox, problem, submission, test, target, true, self::limits(problem))?;
            run.coverage = crate::suite::measured_coverage(&outcome, stream);
            if let (Some(coverage), Some(message)) = (&run.coverage, graded.message.as_mut()) {
                message.push_str(&format!("; coverage: {}", coverage.summary()));
            }
        }
    }
    if let (Some(checker), Some(Expected::Value(want)), Some(actual)) =
        (&problem.checker, expected, graded.actual.as_ref())
    {
        if matches!(graded.verdict, Verdict::AC | Verdict::WA) {
            match custom_check(sandbox, checker, input_json(&test.case.input), want, actual)? {
                Checked::Score(score, message) => {
                    graded.verdict = if score >= 1.0 { Verdict::AC } else { Verdict::WA };
                    graded.score = Some(score);
                    graded.message = graded.message.or(message);
                }
                Checked::Failed(why) => {
                    graded.verdict = Verdict::IE;
                    graded.message = Some(why);
                }
            }
        }
    }
    if let TestInput::Query { .. } = test.case.input {
        require_order_by(problem, submission.source, expected, &mut graded);
    }
    let score = graded.score();
    let detail = TestDetail {
        name: test.case.name.clone(),
        input: input_json(&test.case.input),
        expected: expected.map(expected_json).unwrap_or(Value::Null),
        actual: graded.actual,
        actual_repr: graded.actual_repr,
        stdout: graded.stdout,
        message: graded.message,
        queries: graded.queries,
        reason: graded.reason,
        suite: graded.suite,
        truncated: Vec::new(),
    }
    .clipped();
    Ok(TestRun {
        result: TestResult {
            number: test.number,
            visibility: test.visibility,
            verdict: graded.verdict,
            score,
            cpu_ms: outcome.cpu_ms,
            wall_ms: outcome.wall_ms,
            memory_kib: outcome.memory_kib,
            detail: Some(detail),
        },
        answer: graded.answer,
    })
}

/// One run of a `tests` problem's suite against `target`; with `coverage`, the run made for
/// the coverage figures only.
fn run_suite(
    sandbox: &Sandbox,
    problem: &Problem,
    submission: Submission<'_>,
    test: &PreparedTest,
    target: &SuiteTarget,
    coverage: bool,
    limits: Limits,
) -> Result<(verdict_sandbox::RunOutcome, Option<Stream>), JudgeError> {
    let tests = problem.manifest.tests.as_ref();
    let (Some(spec), Some(source)) = (tests, crate::suite::target_source(problem, target)) else {
        return Err(JudgeError::NoSuiteTarget { problem: problem.slug().to_owned(), test: test.number });
    };
    // pytest imports the file itself (rewriting its asserts), so no code object goes in.
    let files = vec![
        BoxedFile { name: "solution.py".into(), contents: submission.source.as_bytes().to_vec() },
        BoxedFile { name: "suite.py".into(), contents: SUITE_RUNNER.as_bytes().to_vec() },
    ];
    let orm = problem.manifest.orm.as_ref().map(|o| SuiteSchema { framework: o.framework, schema: &o.schema });
    let request = Request::Suite { module: &spec.module, source, orm, coverage };
    Ok(harness::run(sandbox, &request, files, limits)?)
}

/// What the problem's checker said of one answer.
enum Checked {
    /// A score from 0 to 1 (1: accepted), and its message if it gave one.
    Score(f64, Option<String>),
    /// The checker itself failed: never the candidate's fault.
    Failed(String),
}

/// Runs the problem's own checker (trusted author code, in a box of its own: no candidate
/// code runs beside it) on one answer.
fn custom_check(
    sandbox: &Sandbox,
    checker: &str,
    input: Value,
    expected: &Value,
    actual: &Value,
) -> Result<Checked, JudgeError> {
    let files = vec![BoxedFile { name: "checker.py".into(), contents: checker.as_bytes().to_vec() }];
    let request = Request::Check { input, expected, actual };
    let (outcome, stream) = harness::run(sandbox, &request, files, Limits::default())?;
    Ok(match stream.and_then(Stream::into_reply).map(|r| r.outcome) {
        Some(Outcome::Checked { score, message }) if (0.0..=1.0).contains(&score) => {
            Checked::Score(score, Some(message).filter(|m| !m.is_empty()))
        }
        Some(Outcome::Checked { score, .. }) => {
            Checked::Failed(format!("the problem's checker gave the score {score}"))
        }
        Some(Outcome::Raised(raised)) => {
            Checked::Failed(format!("the problem's checker raised:\n{}", raised.traceback))
        }
        _ => Checked::Failed(format!(
            "the problem's checker failed ({}): {}",
            outcome.status,
            harness::tail(&outcome.stderr)
        )),
    })
}
