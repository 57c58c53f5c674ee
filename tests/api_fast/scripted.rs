//! A judge that runs nothing: it returns scripted results through the queue's judge seam, so
//! the HTTP API can be driven in-process without root and without the sandbox.
//!
//! Every problem has ten tests: two samples, then eight hidden ones. Each test's detail holds
//! its own marker text (`sample-data-N`, `hidden-data-N`), the way the real judge's results
//! hold the test's data, so a test can look for hidden data in every answer. Markers in the
//! submitted code choose the script:
//! - nothing: every test AC;
//! - `# wrong`: hidden test 4 is WA (practice stops there);
//! - `# wrong sample`: sample test 2 is WA;
//! - `# syntax`: a compile error, no test run;
//! - `# broken`: the judge fails (IE, never the candidate's fault);
//! - `# wait`: after test 1, waits for the test to open the gate (see [`Gate`]).

use serde_json::json;
use std::sync::atomic::Ordering;
use std::sync::{mpsc, Mutex, PoisonError};
use verdict_judge::{CompileError, JudgeError, Report, Stopped, TestDetail, TestResult, Verdict, Visibility};
use verdict_server::problems::ProblemEntry;
use verdict_server::queue::{CodeRun, Grader, Grading};

pub const TESTS: usize = 10;
const SAMPLES: usize = 2;

#[derive(Debug)]
pub struct ScriptedJudge {
    /// Told the code of each `# wait` job once it has run its first test.
    started: tokio::sync::mpsc::UnboundedSender<String>,
    /// One message lets one waiting job go on.
    release: Mutex<mpsc::Receiver<()>>,
}

/// The test's side of the `# wait` script.
#[derive(Debug)]
pub struct Gate {
    started: tokio::sync::mpsc::UnboundedReceiver<String>,
    release: mpsc::Sender<()>,
}

impl Gate {
    /// Waits until a `# wait` job is being judged (its first test done).
    pub async fn started(&mut self) -> String {
        match tokio::time::timeout(verdict_tests::PATIENCE, self.started.recv()).await {
            Ok(Some(id)) => id,
            Ok(None) => panic!("the scripted judge is gone"),
            Err(_) => panic!("no `# wait` job reached the judge within {:?}", verdict_tests::PATIENCE),
        }
    }

    /// Lets one waiting job go on.
    pub fn open(&self) {
        self.release.send(()).unwrap_or_else(|e| panic!("the scripted judge is gone: {e}"));
    }
}

impl ScriptedJudge {
    pub fn new() -> (Self, Gate) {
        let (started_tx, started_rx) = tokio::sync::mpsc::unbounded_channel();
        let (release_tx, release_rx) = mpsc::channel();
        (
            Self { started: started_tx, release: Mutex::new(release_rx) },
            Gate { started: started_rx, release: release_tx },
        )
    }

    fn wait_for_the_gate(&self, code: &str) {
        let _ = self.started.send(code.to_owned());
        let release = self.release.lock().unwrap_or_else(PoisonError::into_inner);
        // A gone gate (the test ended) lets the job go on.
        let _ = release.recv();
    }
}

/// What the script makes of test `number` (1-based) of `code`.
pub fn scripted_test(code: &str, number: usize) -> TestResult {
    let sample = number <= SAMPLES;
    let wrong =
        if sample { code.contains("# wrong sample") && number == 2 } else { code.contains("# wrong\n") && number == 4 };
    let data = if sample { format!("sample-data-{number}") } else { format!("hidden-data-{number}") };
    TestResult {
        number,
        visibility: if sample { Visibility::Sample } else { Visibility::Hidden },
        verdict: if wrong { Verdict::WA } else { Verdict::AC },
        score: if wrong { 0.0 } else { 1.0 },
        cpu_ms: 10 + number as u64,
        wall_ms: 20 + number as u64,
        memory_kib: 1000 + number as u64,
        detail: Some(TestDetail {
            name: None,
            input: json!({"args": [data], "kwargs": {}}),
            expected: json!(format!("expected {data}")),
            actual: Some(json!(if wrong { format!("wrong {data}") } else { format!("expected {data}") })),
            actual_repr: None,
            stdout: format!("printed {data}\n"),
            message: wrong.then(|| format!("wrong answer on {data}")),
            queries: None,
            reason: None,
            suite: None,
            truncated: Vec::new(),
        }),
    }
}

fn report(entry: &ProblemEntry, tests: Vec<TestResult>, stopped: Option<Stopped>) -> Report {
    let passed = tests.iter().filter(|t| t.verdict == Verdict::AC).count();
    Report {
        problem: entry.slug().to_owned(),
        verdict: tests.iter().find(|t| t.verdict != Verdict::AC).map_or(Verdict::AC, |t| t.verdict),
        score: passed as f64 / TESTS as f64,
        groups: Vec::new(),
        compile_error: None,
        refusal: None,
        bad_input: None,
        not_run: TESTS - tests.len(),
        tests,
        stopped,
    }
}

/// As the real judge: an answer over a debugging problem's budget is refused (the judge's own
/// count) before any test.
fn refused(entry: &ProblemEntry, code: &str) -> Option<Report> {
    let message = verdict_judge::changes::refusal(&entry.problem, code)?;
    Some(Report { verdict: Verdict::CLE, refusal: Some(message), not_run: 0, ..report(entry, Vec::new(), None) })
}

impl Grader for ScriptedJudge {
    fn grade(&self, grading: Grading<'_>) -> Result<Report, JudgeError> {
        let Grading { entry, code, options, on_test, cancel, .. } = grading;
        if code.contains("# broken") {
            return Err(JudgeError::NoReference { problem: entry.slug().to_owned() });
        }
        if let Some(refusal) = refused(entry, code) {
            return Ok(refusal);
        }
        if code.contains("# syntax") {
            let error =
                CompileError { message: "invalid syntax".into(), line: Some(1), column: Some(7), text: code.into() };
            return Ok(Report { verdict: Verdict::CE, compile_error: Some(error), ..report(entry, Vec::new(), None) });
        }
        let mut tests = Vec::new();
        for number in 1..=TESTS {
            // As the real judge: no test starts once cancelled.
            if cancel.load(Ordering::Relaxed) {
                break;
            }
            let result = scripted_test(code, number);
            on_test(&result);
            let stop = result.verdict != Verdict::AC
                && (options.stop_at_first_failure
                    || (options.stop_at_first_hidden_failure && result.visibility == Visibility::Hidden));
            tests.push(result);
            if number == 1 && code.contains("# wait") {
                self.wait_for_the_gate(code);
            }
            if stop {
                break;
            }
        }
        let stopped = (tests.len() < TESTS).then(|| {
            if cancel.load(Ordering::Relaxed) {
                Stopped::Cancelled
            } else {
                Stopped::FirstFailure
            }
        });
        Ok(report(entry, tests, stopped))
    }

    fn run(&self, run: CodeRun<'_>) -> Result<Report, JudgeError> {
        let CodeRun { entry, code, .. } = run;
        if let Some(refusal) = refused(entry, code) {
            return Ok(refusal);
        }
        if code.contains("# wait") {
            self.wait_for_the_gate(code);
        }
        let samples = (1..=SAMPLES).map(|number| scripted_test(code, number)).collect();
        Ok(Report { not_run: 0, ..report(entry, samples, None) })
    }
}
