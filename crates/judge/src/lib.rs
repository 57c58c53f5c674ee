//! Grade a submission against a problem's tests.
//!
//! A syntax check comes first (CE with line and column, and no test runs). Then each test runs
//! in a fresh confined process; the in-box harness reports the candidate's value and the
//! comparison happens here, outside the box. Expected answers never enter the sandbox, and the
//! report a candidate sees ([`Report::for_candidate`]) shows a hidden test's number, verdict,
//! time and memory only.
//!
//! This crate knows nothing of HTTP or of how confinement works.

pub mod checker;
pub mod clip;
pub mod order_by;
pub mod resultset;

use base64::{engine::general_purpose::STANDARD as BASE64, Engine};
use checker::Checker;
use resultset::ResultSet;
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Mutex;
use verdict_catalog::{Expected, Kind, Problem, TestCase, TestInput};
use verdict_sandbox::{BoxedFile, Limits, PythonModule, RunOutcome, RunRequest, Sandbox, Status};

/// The in-box harness.
pub const HARNESS: &str = verdict_pyassets::HARNESS;
pub use verdict_pyassets::orm_schema_source;

/// The judge's trusted runner scripts, for `SandboxConfig::runner_scripts`, so that the warm
/// fork server compiles the harness once instead of in every test.
pub fn runner_scripts() -> Vec<(String, String)> {
    vec![("harness.py".to_owned(), HARNESS.to_owned())]
}

/// The modules the fork server with packages preloads, for `SandboxConfig::preloads`: every
/// shared ORM schema, so an ORM test starts with its schema's tables made and its ORM warm.
pub fn preloads() -> Vec<PythonModule> {
    verdict_pyassets::ORM_SCHEMAS.iter().map(|s| PythonModule::new(s.module_name(), s.source)).collect()
}

/// The modules an ORM problem's runs load: its own shared schema, for its framework.
fn orm_preloads(problem: &Problem) -> Vec<PythonModule> {
    let orm = problem.manifest.orm.as_ref();
    orm.and_then(|o| verdict_pyassets::orm_schema(&o.schema, o.framework.as_str()))
        .map(|s| PythonModule::new(s.module_name(), s.source))
        .into_iter()
        .collect()
}

/// Largest harness result (a returned value, generated tests) read back from the box.
const RESULT_BYTES: u64 = 32 * 1024 * 1024;

/// A test's or a submission's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Verdict {
    AC,
    WA,
    TLE,
    MLE,
    OLE,
    /// An ORM answer with the right value that sent more SQL queries than the problem allows.
    QLE,
    RE,
    CE,
    IE,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::AC => "AC",
            Verdict::WA => "WA",
            Verdict::TLE => "TLE",
            Verdict::MLE => "MLE",
            Verdict::OLE => "OLE",
            Verdict::QLE => "QLE",
            Verdict::RE => "RE",
            Verdict::CE => "CE",
            Verdict::IE => "IE",
        }
    }

    /// The verdict as a person reads it.
    pub fn name(self) -> &'static str {
        match self {
            Verdict::AC => "Accepted",
            Verdict::WA => "Wrong answer",
            Verdict::TLE => "Time limit exceeded",
            Verdict::MLE => "Memory limit exceeded",
            Verdict::OLE => "Output limit exceeded",
            Verdict::QLE => "Too many queries",
            Verdict::RE => "Runtime error",
            Verdict::CE => "Compile error",
            Verdict::IE => "Internal error",
        }
    }
}

impl std::fmt::Display for Verdict {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum JudgeError {
    #[error("{problem}: the reference solution failed test {test} ({verdict}): {detail}")]
    Reference { problem: String, test: usize, verdict: Verdict, detail: String },
    #[error("{problem}: the generator failed: {detail}")]
    Generator { problem: String, detail: String },
    #[error("{problem}: no reference solution")]
    NoReference { problem: String },
    #[error(transparent)]
    Sandbox(#[from] verdict_sandbox::SandboxError),
}

/// Whether the candidate may see a test's data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Visibility {
    Sample,
    Hidden,
}

/// A test ready to judge: numbered, and with its expected answer known.
#[derive(Debug, Clone)]
pub struct PreparedTest {
    pub number: usize,
    pub visibility: Visibility,
    pub case: TestCase,
}

/// A problem with its generated tests added and every expected answer filled in.
#[derive(Debug, Clone)]
pub struct PreparedProblem {
    pub problem: Problem,
    pub tests: Vec<PreparedTest>,
}

/// Where a syntax error is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CompileError {
    pub message: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub text: String,
}

/// What is known of one test's run. `detail` is only ever shown for sample tests.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestResult {
    pub number: usize,
    pub visibility: Visibility,
    pub verdict: Verdict,
    pub cpu_ms: u64,
    pub wall_ms: u64,
    pub memory_kib: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<TestDetail>,
}

/// The data of a test and what the candidate's code did with it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TestDetail {
    pub name: Option<String>,
    pub input: Value,
    pub expected: Value,
    pub actual: Option<Value>,
    pub stdout: String,
    pub message: Option<String>,
    /// The SQL an ORM answer sent (orm problems).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queries: Option<QueryLog>,
    /// Why a wrong answer is wrong, when it is for a reason worth telling apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<FailureReason>,
    /// The fields cut to [`clip::SHOWN_BYTES`] for showing (the grade saw them whole).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub truncated: Vec<String>,
}

/// The SQL statements an ORM answer sent during one test.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QueryLog {
    /// Statements counted against the budget (transaction control is not).
    pub count: u32,
    /// The problem's budget, if it has one.
    pub budget: Option<u32>,
    /// The statements as sent, parameters written in; the first 200 only.
    pub statements: Vec<String>,
}

/// A wrong answer's cause, where the grade can tell it apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FailureReason {
    /// The right rows in the wrong order, or in the right order only by chance (or with no
    /// top-level `ORDER BY` where the problem asks for an order).
    RowOrder,
}

/// The grade of one submission.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub problem: String,
    pub verdict: Verdict,
    /// The weighted share of tests passed, from 0 to 1.
    pub score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub compile_error: Option<CompileError>,
    pub tests: Vec<TestResult>,
    /// Set when judging ended before every test ran; `not_run` tests were never started.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stopped: Option<Stopped>,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub not_run: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Report {
    /// The report of code that does not compile: CE, and no test run.
    fn compile_error(problem: &Problem, error: CompileError) -> Report {
        Report {
            problem: problem.slug().to_owned(),
            verdict: Verdict::CE,
            score: 0.0,
            compile_error: Some(error),
            tests: Vec::new(),
            stopped: None,
            not_run: 0,
        }
    }

    /// The report as a candidate may see it: hidden tests reduced to number, verdict, time and
    /// memory; sample tests keep their data only when they failed.
    pub fn for_candidate(&self) -> Report {
        Report { tests: self.tests.iter().map(TestResult::for_candidate).collect(), ..self.clone() }
    }
}

impl TestResult {
    /// The result as a candidate may see it after a submission: a hidden test's number,
    /// verdict, time and memory only; a sample test's data only when it failed.
    pub fn for_candidate(&self) -> TestResult {
        let show = self.visibility == Visibility::Sample && self.verdict != Verdict::AC;
        TestResult { detail: if show { self.detail.clone() } else { None }, ..self.clone() }
    }
}

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

/// Why judging ended before every test ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stopped {
    /// A test failed and the options said to stop there.
    FirstFailure,
    /// Someone cancelled the judging.
    Cancelled,
}

/// The judge: a sandbox and the logic around it.
#[derive(Debug)]
pub struct Judge<'a> {
    sandbox: &'a Sandbox,
}

/// What the harness says a run did.
#[derive(Debug, Default, Deserialize)]
struct HarnessResult {
    status: String,
    value: Option<Value>,
    results: Option<Vec<Value>>,
    exception: Option<String>,
    /// The exception's class and its bases, as `module.QualName` (`builtins.ValueError`).
    #[serde(default)]
    mro: Vec<String>,
    /// Names of builtins that a class in `mro` has without being that builtin.
    #[serde(default)]
    shadows: Vec<String>,
    message: Option<String>,
    traceback: Option<String>,
    #[serde(default)]
    out_of_memory: bool,
    /// The candidate's prints filled the capture file (function and orm problems).
    #[serde(default)]
    output_limit: bool,
    line: Option<u32>,
    column: Option<u32>,
    text: Option<String>,
    #[serde(default)]
    stdout: String,
    /// The marshalled code object from `compile`.
    code: Option<String>,
    /// The statements an ORM answer sent (orm), and how many count against the budget.
    queries: Option<Vec<String>>,
    query_count: Option<u32>,
    /// Set when the harness found its query recorder disabled or replaced after the call.
    recorder_tampered: Option<String>,
    /// An ordered SQL query's rows when unordered rows come back the other way round.
    reversed_rows: Option<Vec<Vec<Value>>>,
    /// The harness said the candidate's code was about to run: this result is the candidate's.
    #[serde(skip)]
    candidate_ran: bool,
}

/// The line the harness writes just before the candidate's code first runs.
const STARTED: &[u8] = br#"{"status": "started"}"#;

/// Statuses the harness reports once the candidate's code has run; any other after [`STARTED`]
/// was written by the candidate's code.
const CANDIDATE_STATUSES: [&str; 4] = ["returned", "raised", "not_json", "missing_entry"];

impl HarnessResult {
    /// Reads the harness's result from a run's stdout. Before [`STARTED`] only the harness has
    /// run, so no readable result is the harness's failure (`None`); after it, whatever the
    /// stream holds is the candidate's doing, and no readable result is graded as theirs.
    fn read(stdout: &[u8]) -> Option<HarnessResult> {
        let mut lines = stdout.split(|&b| b == b'\n').filter(|l| !l.is_empty());
        let first = lines.next();
        let candidate_ran = first == Some(STARTED);
        let last = lines.next_back().or(first.filter(|_| !candidate_ran));
        let parsed = last.map(serde_json::from_slice::<HarnessResult>);
        let mut result = match (parsed, candidate_ran) {
            (Some(Ok(result)), _) => result,
            (_, false) => return None,
            (None, true) => HarnessResult {
                status: "no_result".into(),
                message: Some(
                    "the program ended without a result: it exited (os._exit?) before the call returned".into(),
                ),
                ..HarnessResult::default()
            },
            (Some(Err(e)), true) => HarnessResult {
                status: "unreadable".into(),
                message: Some(format!("the program's result could not be read: {e}")),
                ..HarnessResult::default()
            },
        };
        result.candidate_ran = candidate_ran;
        Some(result)
    }
}

impl<'a> Judge<'a> {
    pub fn new(sandbox: &'a Sandbox) -> Self {
        Self { sandbox }
    }

    pub fn sandbox(&self) -> &'a Sandbox {
        self.sandbox
    }

    fn limits(problem: &Problem) -> Limits {
        Limits {
            cpu_ms: problem.manifest.limits.cpu_ms(),
            wall_ms: problem.manifest.limits.wall_ms(),
            memory_bytes: problem.manifest.limits.memory * 1024 * 1024,
            // The harness's result line carries the returned value; the candidate's own prints go
            // to a scratch file the harness reads back, bounded there.
            stdout_bytes: RESULT_BYTES,
            ..Limits::default()
        }
    }

    fn harness_request(&self, mode: &str, files: Vec<BoxedFile>, stdin: &Value, limits: Limits) -> RunRequest {
        let mut all = vec![BoxedFile { name: "harness.py".into(), contents: HARNESS.as_bytes().to_vec() }];
        all.extend(files);
        RunRequest {
            files: all,
            args: vec!["/box/harness.py".into(), mode.into()],
            stdin: stdin.to_string().into_bytes(),
            limits,
            runtime: false,
        }
    }

    fn run_harness(
        &self,
        mode: &str,
        files: Vec<BoxedFile>,
        stdin: &Value,
        limits: Limits,
    ) -> Result<(RunOutcome, Option<HarnessResult>), JudgeError> {
        self.run_request(&self.harness_request(mode, files, stdin, limits))
    }

    /// Runs the harness on an ORM test: with Django and SQLAlchemy (the fork server that has
    /// them loaded), and the problem's schema preloaded there or, on the exec path, in /box.
    fn run_orm_harness(
        &self,
        problem: &Problem,
        files: Vec<BoxedFile>,
        stdin: &Value,
        limits: Limits,
    ) -> Result<(RunOutcome, Option<HarnessResult>), JudgeError> {
        self.run_request(&self.harness_request("orm", files, stdin, limits).with_runtime(orm_preloads(problem)))
    }

    fn run_request(&self, request: &RunRequest) -> Result<(RunOutcome, Option<HarnessResult>), JudgeError> {
        let outcome = self.sandbox.run(request)?;
        let parsed = (outcome.status == Status::Ok).then(|| HarnessResult::read(&outcome.stdout)).flatten();
        Ok((outcome, parsed))
    }

    /// Adds generated tests and fills every missing expected answer from the reference.
    pub fn prepare(&self, problem: &Problem) -> Result<PreparedProblem, JudgeError> {
        let slug = problem.slug().to_owned();
        let mut hidden = problem.hidden.clone();
        hidden.extend(self.generate(problem)?);
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
            let answers = self.answers(problem, &reference.source, &tests)?;
            for (test, answer) in tests.iter_mut().zip(answers) {
                if test.case.expected == Expected::FromReference {
                    test.case.expected = answer;
                }
            }
        }
        Ok(PreparedProblem { problem: problem.clone(), tests })
    }

    /// What the given solution returns on each test, as expected answers.
    pub fn answers(
        &self,
        problem: &Problem,
        source: &str,
        tests: &[PreparedTest],
    ) -> Result<Vec<Expected>, JudgeError> {
        tests
            .iter()
            .map(|test| {
                let run = self.run_test(problem, Submission::source(source), test, None)?;
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

    /// The generated hidden tests, if the problem has a generator.
    pub fn generate(&self, problem: &Problem) -> Result<Vec<TestCase>, JudgeError> {
        let (Some(spec), Some(source)) = (&problem.manifest.generator, &problem.generator) else {
            return Ok(Vec::new());
        };
        let error = |detail: String| JudgeError::Generator { problem: problem.slug().to_owned(), detail };
        let files = vec![BoxedFile { name: "generator.py".into(), contents: source.as_bytes().to_vec() }];
        let limits = Limits { cpu_ms: 10_000, wall_ms: 20_000, stdout_bytes: RESULT_BYTES, ..Limits::default() };
        let (outcome, result) =
            self.run_harness("generate", files, &json!({"seed": spec.seed, "count": spec.count}), limits)?;
        let result = result.ok_or_else(|| error(format!("it ended {}: {}", outcome.status, tail(&outcome.stderr))))?;
        match (result.status.as_str(), result.value) {
            ("returned", Some(value)) => {
                verdict_catalog::tests::parse_generated(&value, problem.manifest.kind).map_err(error)
            }
            _ => Err(error(result.traceback.or(result.message).unwrap_or(result.status))),
        }
    }

    /// Checks the syntax of a Python submission.
    pub fn compile(&self, source: &str) -> Result<Option<CompileError>, JudgeError> {
        Ok(self.compile_python(source, "/box/solution.py")?.err())
    }

    /// Compiles a submission once for a problem: its syntax error, or (Python) its marshalled
    /// code object for every test to load (`None` if there is none). An SQL answer is checked
    /// against the problem's schema: one statement, of a kind the problem allows.
    fn compile_for_runs(
        &self,
        problem: &Problem,
        source: &str,
    ) -> Result<Result<Option<Vec<u8>>, CompileError>, JudgeError> {
        if problem.manifest.kind != Kind::Sql {
            return self.compile_python(source, Self::solution_path(problem));
        }
        let files = vec![BoxedFile { name: "solution.sql".into(), contents: source.as_bytes().to_vec() }];
        let spec = json!({"schema": problem.schema, "modifies": problem.manifest.sql_spec().modifies});
        let (outcome, result) = self.run_harness("sql_compile", files, &spec, Limits::default())?;
        Ok(match result {
            Some(r) if r.status == "ok" => Ok(None),
            Some(r) if r.status == "syntax_error" => Err(CompileError {
                message: r.message.unwrap_or_default(),
                line: r.line,
                column: r.column,
                text: r.text.unwrap_or_default(),
            }),
            _ => Err(CompileError {
                message: format!("the SQL check ended {}: {}", outcome.status, tail(&outcome.stderr)),
                line: None,
                column: None,
                text: String::new(),
            }),
        })
    }

    /// Compiles Python once, as `filename`: its syntax error, or its marshalled code object.
    fn compile_python(
        &self,
        source: &str,
        filename: &str,
    ) -> Result<Result<Option<Vec<u8>>, CompileError>, JudgeError> {
        let files = vec![BoxedFile { name: "solution.py".into(), contents: source.as_bytes().to_vec() }];
        // Trusted (compiling runs none of the code), and the code object it returns is bounded
        // by the harness, so its output may be as large as a test's result.
        let limits = Limits { stdout_bytes: RESULT_BYTES, ..Limits::default() };
        let (_, result) = self.run_harness("compile", files, &json!({"filename": filename}), limits)?;
        match result {
            Some(r) if r.status == "syntax_error" => Ok(Err(CompileError {
                message: r.message.unwrap_or_default(),
                line: r.line,
                column: r.column,
                text: r.text.unwrap_or_default(),
            })),
            // Base64. Without a code object (too large, or the check itself failed) each test
            // compiles the source: valid code is never CE for a reason of the judge's own.
            Some(r) => Ok(Ok(r.code.and_then(|text| BASE64.decode(text).ok()))),
            None => Ok(Ok(None)),
        }
    }

    /// The file a problem's submissions run as, inside the box.
    fn solution_path(problem: &Problem) -> &'static str {
        match problem.manifest.kind {
            Kind::Stdio => "/box/main.py",
            _ => "/box/solution.py",
        }
    }

    /// Grades `source` on every test of a prepared problem.
    pub fn judge(&self, prepared: &PreparedProblem, source: &str, options: JudgeOptions) -> Result<Report, JudgeError> {
        self.judge_with_progress(prepared, source, options, &|_| {}, &AtomicBool::new(false))
    }

    /// Grades `source` like [`Judge::judge`], calling `on_test` as each test finishes (in the
    /// order they finish, from the judging threads) so a caller can show progress. Once `cancel`
    /// is set no further test starts (those running finish) and the report says it was cancelled.
    pub fn judge_with_progress(
        &self,
        prepared: &PreparedProblem,
        source: &str,
        options: JudgeOptions,
        on_test: &(dyn Fn(&TestResult) + Sync),
        cancel: &AtomicBool,
    ) -> Result<Report, JudgeError> {
        let problem = &prepared.problem;
        let code = match self.compile_for_runs(problem, source)? {
            Ok(code) => code,
            Err(error) => return Ok(Report::compile_error(problem, error)),
        };
        let submission = Submission { source, code: code.as_deref() };
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
                    match self.run_test(problem, submission, test, Some(&test.case.expected)) {
                        Ok(run) => {
                            if options.stops_after(&run.result) {
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
        let mut tests = std::mem::take(&mut *lock(&results));
        tests.sort_by_key(|t| t.number);
        // Folded from 0.0: `sum()` of no floats is -0.0, which prints as "-0%".
        let total: f64 = prepared.tests.iter().fold(0.0, |sum, t| sum + t.case.weight);
        let passed: f64 = prepared
            .tests
            .iter()
            .filter(|p| tests.iter().any(|t| t.number == p.number && t.verdict == Verdict::AC))
            .fold(0.0, |sum, p| sum + p.case.weight);
        let verdict = tests.iter().find(|t| t.verdict != Verdict::AC).map_or(Verdict::AC, |t| t.verdict);
        let not_run = prepared.tests.len() - tests.len();
        // A set cancel flag is never cleared, so it tells the two reasons apart.
        let stopped =
            (not_run > 0).then(
                || {
                    if cancel.load(Ordering::Relaxed) {
                        Stopped::Cancelled
                    } else {
                        Stopped::FirstFailure
                    }
                },
            );
        Ok(Report {
            problem: problem.slug().to_owned(),
            verdict,
            score: if total > 0.0 { passed / total } else { 0.0 },
            compile_error: None,
            tests,
            stopped,
            not_run,
        })
    }

    /// Runs `source` on one input of the candidate's choosing. When the problem has a reference
    /// solution, its answer on the same input is the expected one and the run is graded;
    /// otherwise the report shows what the code did, with no expected answer.
    pub fn try_input(&self, problem: &Problem, source: &str, input: TestInput) -> Result<Report, JudgeError> {
        let code = match self.compile_for_runs(problem, source)? {
            Ok(code) => code,
            Err(error) => return Ok(Report::compile_error(problem, error)),
        };
        let test = PreparedTest {
            number: 1,
            visibility: Visibility::Sample,
            case: TestCase {
                name: Some("custom input".into()),
                weight: 1.0,
                input,
                expected: Expected::FromReference,
                line: 0,
            },
        };
        let expected = match problem.reference() {
            Some(reference) => self.run_test(problem, Submission::source(&reference.source), &test, None)?.answer,
            None => None,
        };
        let run = self.run_test(problem, Submission { source, code: code.as_deref() }, &test, expected.as_ref())?;
        let verdict = run.result.verdict;
        Ok(Report {
            problem: problem.slug().to_owned(),
            verdict,
            score: if verdict == Verdict::AC { 1.0 } else { 0.0 },
            compile_error: None,
            tests: vec![run.result],
            stopped: None,
            not_run: 0,
        })
    }

    /// Runs the problem's own checker (trusted author code, in a box of its own: no candidate
    /// code runs beside it) on one answer.
    fn custom_check(
        &self,
        checker: &str,
        input: &TestInput,
        expected: &Value,
        actual: &Value,
    ) -> Result<(Verdict, Option<String>), JudgeError> {
        let files = vec![BoxedFile { name: "checker.py".into(), contents: checker.as_bytes().to_vec() }];
        let spec = json!({"input": input_json(input), "expected": expected, "actual": actual});
        let (outcome, result) = self.run_harness("check", files, &spec, Limits::default())?;
        let accepted =
            result.as_ref().and_then(|r| r.value.as_ref()).and_then(|v| v.get("accepted")).and_then(Value::as_bool);
        Ok(match accepted {
            Some(true) => (Verdict::AC, None),
            Some(false) => {
                let message = result
                    .and_then(|r| r.value)
                    .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_owned));
                (Verdict::WA, message.filter(|m| !m.is_empty()))
            }
            None => (
                Verdict::IE,
                Some(format!("the problem's checker failed ({}): {}", outcome.status, tail(&outcome.stderr))),
            ),
        })
    }

    /// Runs one test. With `expected`, grades it; without, only records the answer.
    fn run_test(
        &self,
        problem: &Problem,
        submission: Submission<'_>,
        test: &PreparedTest,
        expected: Option<&Expected>,
    ) -> Result<TestRun, JudgeError> {
        let limits = Self::limits(problem);
        let entry = problem.manifest.entry.clone().unwrap_or_default();
        let (outcome, harness) = match &test.case.input {
            TestInput::Stdin { stdin } => {
                let mut request =
                    RunRequest::script(submission.source.as_bytes()).with_stdin(stdin.as_bytes()).with_limits(limits);
                if let Some(code) = submission.code {
                    request = request.with_file("main.code", code);
                }
                (self.sandbox.run(&request)?, None)
            }
            TestInput::Call { args, kwargs } => {
                let files = submission.files();
                self.run_harness("function", files, &json!({"entry": entry, "args": args, "kwargs": kwargs}), limits)?
            }
            TestInput::Calls { calls } => {
                let files = submission.files();
                let calls: Vec<Value> = calls.iter().map(|(name, args)| json!([name, args])).collect();
                self.run_harness("function", files, &json!({"entry": entry, "calls": calls}), limits)?
            }
            TestInput::Query { tables, .. } => {
                let files =
                    vec![BoxedFile { name: "solution.sql".into(), contents: submission.source.as_bytes().to_vec() }];
                let sql = problem.manifest.sql_spec();
                let spec = json!({
                    "schema": problem.schema, "tables": tables, "modifies": sql.modifies,
                    "ordered": sql.ordered, "seed": test.number,
                });
                self.run_harness("sql", files, &spec, limits)?
            }
            TestInput::OrmCall { tables, args, kwargs, .. } => {
                let orm = problem.manifest.orm.as_ref();
                let spec = json!({
                    "framework": orm.map(|o| o.framework.as_str()), "schema": orm.map(|o| &o.schema),
                    "entry": entry, "args": args, "kwargs": kwargs, "tables": tables,
                    "tables_after": orm.map(|o| &o.tables_after), "seed": test.number,
                });
                self.run_orm_harness(problem, submission.files(), &spec, limits)?
            }
        };
        let mut graded = grade(problem, test, expected, &outcome, harness);
        if let (Some(checker), Some(Expected::Value(want)), Some(actual)) =
            (&problem.checker, expected, graded.actual.as_ref())
        {
            if matches!(graded.verdict, Verdict::AC | Verdict::WA) {
                let (verdict, message) = self.custom_check(checker, &test.case.input, want, actual)?;
                graded.verdict = verdict;
                graded.message = graded.message.or(message);
            }
        }
        if let TestInput::Query { .. } = test.case.input {
            require_order_by(problem, submission.source, expected, &mut graded);
        }
        let detail = TestDetail {
            name: test.case.name.clone(),
            input: input_json(&test.case.input),
            expected: expected.map(expected_json).unwrap_or(Value::Null),
            actual: graded.actual,
            stdout: graded.stdout,
            message: graded.message,
            queries: graded.queries,
            reason: graded.reason,
            truncated: Vec::new(),
        }
        .clipped();
        Ok(TestRun {
            result: TestResult {
                number: test.number,
                visibility: test.visibility,
                verdict: graded.verdict,
                cpu_ms: outcome.cpu_ms,
                wall_ms: outcome.wall_ms,
                memory_kib: outcome.memory_kib,
                detail: Some(detail),
            },
            answer: graded.answer,
        })
    }
}

/// Code to run: its source, and its code object when the judge compiled it already.
#[derive(Debug, Clone, Copy)]
struct Submission<'a> {
    source: &'a str,
    code: Option<&'a [u8]>,
}

impl<'a> Submission<'a> {
    fn source(source: &'a str) -> Self {
        Self { source, code: None }
    }

    fn files(self) -> Vec<BoxedFile> {
        let mut files = vec![BoxedFile { name: "solution.py".into(), contents: self.source.as_bytes().to_vec() }];
        if let Some(code) = self.code {
            files.push(BoxedFile { name: "solution.code".into(), contents: code.to_vec() });
        }
        files
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

struct TestRun {
    result: TestResult,
    /// What the program produced, as an expected answer for others (the reference's).
    answer: Option<Expected>,
}

struct Graded {
    verdict: Verdict,
    actual: Option<Value>,
    stdout: String,
    message: Option<String>,
    answer: Option<Expected>,
    queries: Option<QueryLog>,
    reason: Option<FailureReason>,
}

impl Graded {
    fn new(
        verdict: Verdict,
        actual: Option<Value>,
        stdout: String,
        message: Option<String>,
        answer: Option<Expected>,
    ) -> Self {
        Graded { verdict, actual, stdout, message, answer, queries: None, reason: None }
    }
}

fn tail(bytes: &[u8]) -> String {
    let text = String::from_utf8_lossy(bytes);
    let start = text.char_indices().rev().nth(2000).map_or(0, |(i, _)| i);
    text[start..].trim().to_owned()
}

/// A test's input as the API and reports show it.
pub fn input_json(input: &TestInput) -> Value {
    match input {
        TestInput::Call { args, kwargs } => json!({"args": args, "kwargs": kwargs}),
        TestInput::Calls { calls } => json!({"calls": calls}),
        TestInput::Stdin { stdin } => json!({"stdin": stdin}),
        TestInput::Query { dataset, tables } => json!({"dataset": dataset, "tables": tables}),
        TestInput::OrmCall { dataset, tables, args, kwargs } => {
            json!({"dataset": dataset, "tables": tables, "args": args, "kwargs": kwargs})
        }
    }
}

/// An expected answer as the API and reports show it (`null` when the reference computes it).
pub fn expected_json(expected: &Expected) -> Value {
    match expected {
        Expected::Value(v) => v.clone(),
        Expected::Raises(name) => json!({"raises": name}),
        Expected::FromReference => Value::Null,
    }
}

/// The message of an OLE, whichever stream the output filled.
const TOO_MUCH_OUTPUT: &str = "too much output";

/// The verdict a sandbox status gives when the program did not finish normally.
fn verdict_of_status(outcome: &RunOutcome) -> Option<(Verdict, String)> {
    Some(match outcome.status {
        Status::Ok => return None,
        Status::TimeLimit => (Verdict::TLE, format!("time limit exceeded after {} ms of CPU", outcome.cpu_ms)),
        Status::MemoryLimit => (Verdict::MLE, "memory limit exceeded".into()),
        Status::OutputLimit => (Verdict::OLE, TOO_MUCH_OUTPUT.into()),
        Status::SecurityViolation => (
            Verdict::RE,
            format!("forbidden operation: the {} system call", outcome.violation.as_deref().unwrap_or("unknown")),
        ),
        Status::RuntimeError => (Verdict::RE, tail(&outcome.stderr)),
        Status::InternalError => (Verdict::IE, outcome.error.clone().unwrap_or_default()),
    })
}

fn grade(
    problem: &Problem,
    test: &PreparedTest,
    expected: Option<&Expected>,
    outcome: &RunOutcome,
    harness: Option<HarnessResult>,
) -> Graded {
    let stdout_of_run = String::from_utf8_lossy(&outcome.stdout).into_owned();
    let fail = |verdict, message: String, stdout: String| Graded::new(verdict, None, stdout, Some(message), None);
    if let Some((verdict, message)) = verdict_of_status(outcome) {
        let stdout = if problem.manifest.kind == Kind::Stdio { stdout_of_run } else { String::new() };
        return fail(verdict, message, stdout);
    }
    let checker = Checker::from_spec(&problem.manifest.checker).unwrap_or(Checker::Exact);
    if let TestInput::Stdin { .. } = test.case.input {
        let answer = Expected::Value(Value::String(stdout_of_run.clone()));
        let verdict = match expected {
            Some(Expected::Value(Value::String(e))) => {
                if checker.output_matches(e, &stdout_of_run) {
                    Verdict::AC
                } else {
                    Verdict::WA
                }
            }
            Some(_) => Verdict::IE,
            None => Verdict::AC,
        };
        return Graded::new(verdict, Some(Value::String(stdout_of_run.clone())), stdout_of_run, None, Some(answer));
    }
    let Some(h) = harness else {
        return fail(Verdict::IE, format!("the harness gave no result: {}", tail(&outcome.stderr)), String::new());
    };
    if h.candidate_ran && !CANDIDATE_STATUSES.contains(&h.status.as_str()) {
        // Written by the candidate's code (or its missing or garbled result): theirs, not ours.
        let message = match h.status.as_str() {
            "no_result" | "unreadable" => h.message.unwrap_or_default(),
            other => format!("the program wrote a result of its own (status `{other}`) on the harness's stream"),
        };
        return fail(Verdict::RE, message, h.stdout);
    }
    if h.output_limit {
        return fail(Verdict::OLE, TOO_MUCH_OUTPUT.into(), h.stdout);
    }
    if h.status == "fixture_error" {
        // A dataset that does not load is the author's fault, or the candidate's when it is
        // their own tables.
        let message = h.message.unwrap_or_default();
        return if test.case.input.dataset() == Some(verdict_catalog::tests::CUSTOM_DATASET) {
            fail(Verdict::RE, format!("your tables did not load: {message}"), String::new())
        } else {
            fail(Verdict::IE, format!("the problem's dataset did not load: {message}"), String::new())
        };
    }
    if let TestInput::Query { .. } = test.case.input {
        return grade_sql(problem, expected, h);
    }
    let queries = h.query_count.map(|count| QueryLog {
        count,
        budget: problem.manifest.orm.as_ref().and_then(|o| o.max_queries),
        statements: h.queries.clone().unwrap_or_default(),
    });
    let tampered = h.recorder_tampered.clone();
    let mut graded = grade_value(checker, expected, h);
    if let Some(log) = &queries {
        if let (Some(budget), Some(_)) = (log.budget, expected) {
            if let Some(how) = tampered {
                // The count cannot be believed, so the budget cannot be checked: the run is not
                // graded on its value alone.
                graded.verdict = Verdict::RE;
                graded.message = Some(format!(
                    "The SQL query recorder was tampered with ({how}), so the queries this answer sent cannot be \
                     counted against the budget of {budget}."
                ));
            } else if graded.verdict == Verdict::AC && log.count > budget {
                graded.verdict = Verdict::QLE;
                graded.message = Some(format!(
                    "Too many queries: {} of {budget}. The answer is right, but it sent {} SQL queries where this \
                     problem allows {budget}. A query per row (the N+1 pattern) is the usual cause: load related \
                     rows up front (select_related, prefetch_related, joinedload, selectinload) or let the database \
                     aggregate. The queries are listed below.",
                    log.count, log.count
                ));
            }
        }
    }
    graded.queries = queries;
    graded
}

/// Grades what the harness reported for a function call (function and orm problems).
fn grade_value(checker: Checker, expected: Option<&Expected>, h: HarnessResult) -> Graded {
    let stdout = h.stdout.clone();
    let fail = |verdict, message: String, stdout: String| Graded::new(verdict, None, stdout, Some(message), None);
    match h.status.as_str() {
        "returned" => {
            let actual = h.value.clone().or_else(|| h.results.clone().map(|r| Value::Array(sequence_values(&r))));
            let actual = actual.unwrap_or(Value::Null);
            let answer = Expected::Value(actual.clone());
            let (verdict, message) = match expected {
                None => (Verdict::AC, None),
                // With `tables_after` a raised exception comes back as a value; where the
                // expected answer returned, it is an unexpected exception as anywhere else.
                Some(Expected::Value(e)) if actual.get("raised").is_some() && e.get("returned").is_some() => {
                    return fail(Verdict::RE, h.message.clone().unwrap_or_default(), stdout);
                }
                Some(Expected::Value(e)) => {
                    let ok = match &h.results {
                        Some(results) => sequence_matches(checker, e, results),
                        None => checker.values_match(e, &actual),
                    };
                    // A failed call graded with the tables it left carries its traceback.
                    (if ok { Verdict::AC } else { Verdict::WA }, h.message.clone().filter(|_| !ok))
                }
                Some(Expected::Raises(name)) => {
                    (Verdict::WA, Some(format!("expected {name} to be raised, but the call returned")))
                }
                Some(Expected::FromReference) => (Verdict::IE, Some("expected answer unknown".into())),
            };
            Graded::new(verdict, Some(actual), stdout, message, Some(answer))
        }
        "raised" => {
            let name = raised_name(h.exception.as_deref().unwrap_or_default(), &h.mro, &h.shadows);
            let message = h.traceback.clone().or(h.message.clone());
            if h.out_of_memory {
                return fail(Verdict::MLE, "memory limit exceeded".into(), stdout);
            }
            let raised = || Some(json!({"raises": name}));
            match expected {
                Some(Expected::Raises(wanted)) if raises_matches(wanted, &h.mro, &h.shadows) => {
                    Graded::new(Verdict::AC, raised(), stdout, None, Some(Expected::Raises(name.clone())))
                }
                None => Graded::new(Verdict::AC, raised(), stdout, None, Some(Expected::Raises(name.clone()))),
                _ => fail(Verdict::RE, message.unwrap_or(name), stdout),
            }
        }
        "not_json" => fail(Verdict::WA, h.message.unwrap_or_default(), stdout),
        "missing_entry" => fail(Verdict::RE, h.message.unwrap_or_default(), stdout),
        other => {
            fail(Verdict::IE, format!("the harness reported `{other}`: {}", h.message.unwrap_or_default()), stdout)
        }
    }
}

/// Grades an SQL answer's result set (or the tables after a data change).
fn grade_sql(problem: &Problem, expected: Option<&Expected>, h: HarnessResult) -> Graded {
    let spec = problem.manifest.sql_spec();
    let fail = |verdict, message: String| Graded::new(verdict, None, String::new(), Some(message), None);
    let value = match h.status.as_str() {
        "returned" => h.value.unwrap_or(Value::Null),
        "refused" | "sql_error" => return fail(Verdict::RE, h.message.unwrap_or_default()),
        "not_json" => return fail(Verdict::WA, h.message.unwrap_or_default()),
        other => {
            return fail(Verdict::IE, format!("the harness reported `{other}`: {}", h.message.unwrap_or_default()))
        }
    };
    let actual_set = ResultSet::from_json(&value);
    let reversed = h.reversed_rows.as_deref();
    let answer = Some(Expected::Value(value.clone()));
    let Some(Expected::Value(want)) = expected else {
        // Recording the reference's answer: an ordered problem's reference must fix its order.
        if let (Some(set), Some(reversed)) = (&actual_set, reversed) {
            let fixed = resultset::compare(&spec, set, set, Some(reversed));
            if let Err(mismatch) = fixed {
                return fail(Verdict::IE, format!("the row order is not fixed by the query: {}", mismatch.describe()));
            }
        }
        let verdict = if expected.is_none() { Verdict::AC } else { Verdict::IE };
        return Graded::new(verdict, Some(value), String::new(), None, answer);
    };
    let compared = if spec.modifies {
        resultset::compare_tables(&spec, want, &value)
    } else {
        match (ResultSet::from_json(want), &actual_set) {
            (Some(want), Some(got)) => resultset::compare(&spec, &want, got, reversed),
            _ => Err(resultset::Mismatch::Malformed("the result could not be read as a result set".into())),
        }
    };
    match compared {
        Ok(()) => Graded::new(Verdict::AC, Some(value), String::new(), None, answer),
        Err(mismatch) => {
            let mut graded = Graded::new(Verdict::WA, Some(value), String::new(), Some(mismatch.describe()), answer);
            graded.reason = mismatch.is_order().then_some(FailureReason::RowOrder);
            graded
        }
    }
}

/// Whether an exception the harness described (`mro` as `module.QualName`, `shadows` the
/// builtins' names its classes have without being them) is the one a test expects. A dotted
/// name must be in the MRO as written. A bare name means the builtin of that name (a subclass
/// counts, a class of the candidate's own that is only named so does not), or, when it names no
/// builtin, a class of that name from anywhere: the problem's own, Django's
/// `MultipleObjectsReturned`.
fn raises_matches(wanted: &str, mro: &[String], shadows: &[String]) -> bool {
    if wanted.contains('.') {
        return mro.iter().any(|m| m == wanted);
    }
    if mro.iter().any(|m| m.strip_prefix("builtins.") == Some(wanted)) {
        return true;
    }
    !shadows.iter().any(|s| s == wanted)
        && mro.iter().any(|m| !m.starts_with("builtins.") && m.rsplit('.').next() == Some(wanted))
}

/// The name an answer records for a raised exception: the bare name, or the qualified one when
/// the bare name would mean a builtin that the exception is not.
fn raised_name(name: &str, mro: &[String], shadows: &[String]) -> String {
    match mro.first() {
        Some(qualified) if shadows.iter().any(|s| s == name) => qualified.clone(),
        _ => name.to_owned(),
    }
}

/// A list of strings in a call's result (`mro`, `shadows`).
fn strings(result: &Value, key: &str) -> Vec<String> {
    result
        .get(key)
        .and_then(Value::as_array)
        .map_or_else(Vec::new, |list| list.iter().filter_map(Value::as_str).map(str::to_owned).collect())
}

/// An ordered problem's answer must fix its order with a top-level `ORDER BY`: rows that come
/// out sorted without one (GROUP BY, a recursive CTE) are sorted by chance, and the reversed run
/// cannot show it when SQLite sorts them anyway.
fn require_order_by(problem: &Problem, source: &str, expected: Option<&Expected>, graded: &mut Graded) {
    let spec = problem.manifest.sql_spec();
    // `None`: the parser cannot read a statement SQLite ran. The candidate is not punished for
    // the parser's gap; the two runs' row orders decide alone, as they did before the parser.
    if !spec.ordered || spec.modifies || graded.verdict != Verdict::AC {
        return;
    }
    if order_by::has_top_level_order_by(source) != Some(false) {
        return;
    }
    match expected {
        Some(Expected::Value(_)) => {
            graded.verdict = Verdict::WA;
            graded.reason = Some(FailureReason::RowOrder);
            graded.message = Some(
                "The rows are right, but the problem asks for an order and the query has no ORDER BY: without one \
                 the order is SQLite's choice, right here only by chance."
                    .into(),
            );
        }
        // Recording the reference's answer.
        None => {
            graded.verdict = Verdict::IE;
            graded.answer = None;
            graded.message = Some("the row order is not fixed by the query: it has no top-level ORDER BY".into());
        }
        Some(_) => {}
    }
}

/// The values of a call sequence, with a raised exception as `{"$raises": name}`.
fn sequence_values(results: &[Value]) -> Vec<Value> {
    results
        .iter()
        .map(|r| match r.get("value") {
            Some(v) => v.clone(),
            None => {
                let name = r.get("exception").and_then(Value::as_str).unwrap_or_default();
                let name = raised_name(name, &strings(r, "mro"), &strings(r, "shadows"));
                json!({ verdict_catalog::tests::RAISES_KEY: name })
            }
        })
        .collect()
}

fn sequence_matches(checker: Checker, expected: &Value, results: &[Value]) -> bool {
    let Some(expected) = expected.as_array() else { return false };
    expected.len() == results.len()
        && expected.iter().zip(results).all(|(e, r)| {
            match (e.get(verdict_catalog::tests::RAISES_KEY).and_then(Value::as_str), r.get("value")) {
                (Some(wanted), None) => raises_matches(wanted, &strings(r, "mro"), &strings(r, "shadows")),
                (Some(_), Some(_)) => false,
                (None, Some(value)) => checker.values_match(e, value),
                (None, None) => false,
            }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn a_bare_builtin_name_means_the_builtin_or_a_subclass_never_a_namesake() {
        let builtin =
            names(&["builtins.ValueError", "builtins.Exception", "builtins.BaseException", "builtins.object"]);
        let subclass = names(&["solution.Bad", "builtins.ValueError", "builtins.Exception"]);
        let namesake = names(&["solution.ValueError", "builtins.Exception", "builtins.BaseException"]);
        assert!(raises_matches("ValueError", &builtin, &[]));
        assert!(raises_matches("builtins.ValueError", &builtin, &[]));
        assert!(raises_matches("ValueError", &subclass, &[]));
        assert!(!raises_matches("ValueError", &namesake, &names(&["ValueError"])));
        assert!(raises_matches("solution.ValueError", &namesake, &names(&["ValueError"])));
        assert!(!raises_matches("KeyError", &builtin, &[]));
    }

    #[test]
    fn a_bare_name_of_no_builtin_means_a_class_of_that_name_from_anywhere() {
        let own = names(&["solution.Refused", "builtins.Exception"]);
        let django = names(&[
            "models.Author.MultipleObjectsReturned",
            "django.core.exceptions.MultipleObjectsReturned",
            "builtins.Exception",
        ]);
        assert!(raises_matches("Refused", &own, &[]));
        assert!(raises_matches("MultipleObjectsReturned", &django, &[]));
        assert!(!raises_matches("Exception2", &own, &[]));
        assert_eq!(raised_name("Refused", &own, &[]), "Refused");
        assert_eq!(
            raised_name("ValueError", &names(&["solution.ValueError"]), &names(&["ValueError"])),
            "solution.ValueError"
        );
    }
}
