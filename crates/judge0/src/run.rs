//! Running one submission: its source as `python3 main.py` with its stdin and limits, in the
//! sandbox (fork server or exec path, whichever the server uses), and the run's ending mapped
//! onto Judge0's statuses. This is the piece the Jobe API needs too ("run this source with this
//! stdin and these limits; give stdout, stderr, exit, time, memory and which limit"): it lives
//! here until the two are unified.

use crate::compare;
use crate::config;
use crate::request::Stored;
use crate::response::Outcome;
use crate::status::Status;
use std::sync::Arc;
use verdict_sandbox::{Limits, RunOutcome, RunRequest, Sandbox, Status as RunStatus};

/// Runs a submission to its outcome. Called on a blocking thread: it waits as long as the run.
pub trait Executor: Send + Sync + std::fmt::Debug + 'static {
    fn execute(&self, request: &Stored) -> Outcome;
}

/// The real one: every run confined by the sandbox.
#[derive(Debug, Clone)]
pub struct SandboxExecutor {
    sandbox: Arc<Sandbox>,
}

impl SandboxExecutor {
    pub fn new(sandbox: Arc<Sandbox>) -> Self {
        Self { sandbox }
    }
}

/// Command-line arguments kept at most (split on whitespace; never a shell).
const MAX_ARGUMENTS: usize = 64;

/// What the sandbox is asked to run for `request`.
pub fn run_request(request: &Stored) -> RunRequest {
    let millis = |seconds: f64| ((seconds * 1000.0).round() as u64).max(1);
    let limits = Limits {
        cpu_ms: millis(request.cpu_time_limit),
        wall_ms: millis(request.wall_time_limit),
        memory_bytes: request.memory_limit.saturating_mul(1024),
        max_processes: request.max_processes_and_or_threads,
        stdout_bytes: config::MAX_OUTPUT_BYTES,
        stderr_bytes: config::MAX_OUTPUT_BYTES,
        file_size_bytes: request.max_file_size.saturating_mul(1024),
        ..Limits::default()
    };
    let mut run = RunRequest::script(request.source_code.clone()).with_stdin(request.stdin.clone()).with_limits(limits);
    if let Some(arguments) = &request.command_line_arguments {
        run.args.extend(arguments.split_whitespace().take(MAX_ARGUMENTS).map(str::to_owned));
    }
    run
}

impl Executor for SandboxExecutor {
    fn execute(&self, request: &Stored) -> Outcome {
        let run = run_request(request);
        match self.sandbox.run(&run) {
            Ok(outcome) => outcome_of(request, &outcome),
            Err(error) => internal(format!("the sandbox could not run this submission: {error}")),
        }
    }
}

/// An Internal Error with its reason (never the program's fault).
pub fn internal(message: String) -> Outcome {
    Outcome {
        status_id: Status::InternalError.id(),
        stdout: Vec::new(),
        stderr: Vec::new(),
        message: Some(message),
        exit_code: None,
        exit_signal: None,
        time: 0.0,
        wall_time: 0.0,
        memory: 0,
    }
}

/// A finished run as Judge0 reports it.
pub fn outcome_of(request: &Stored, run: &RunOutcome) -> Outcome {
    let (status, message) = match run.status {
        RunStatus::Ok => match &request.expected_output {
            Some(expected) if !compare::matches(expected, &run.stdout) => (Status::WrongAnswer, None),
            _ => (Status::Accepted, None),
        },
        RunStatus::RuntimeError => match (run.signal, run.exit_code) {
            (Some(signal), _) => (Status::for_signal(signal), Some(format!("Caught fatal signal {signal}"))),
            (None, code) => (Status::Nzec, Some(format!("Exited with error status {}", code.unwrap_or(1)))),
        },
        RunStatus::TimeLimit => (Status::TimeLimitExceeded, Some("Time limit exceeded".to_owned())),
        RunStatus::MemoryLimit => {
            (Status::Other, Some(format!("Memory limit exceeded: the run used more than {} KB", request.memory_limit)))
        }
        RunStatus::OutputLimit => (
            Status::Sigxfsz,
            Some(format!(
                "Output limit exceeded: stdout and stderr are kept up to {} bytes each",
                config::MAX_OUTPUT_BYTES
            )),
        ),
        RunStatus::SecurityViolation => {
            (Status::Other, Some(format!("Denied system call: {}", run.violation.as_deref().unwrap_or("unknown"))))
        }
        RunStatus::InternalError => {
            (Status::InternalError, Some(run.error.clone().unwrap_or_else(|| "the sandbox failed".to_owned())))
        }
    };
    Outcome {
        status_id: status.id(),
        stdout: run.stdout.clone(),
        stderr: run.stderr.clone(),
        message,
        exit_code: run.exit_code,
        exit_signal: run.signal,
        time: run.cpu_ms as f64 / 1000.0,
        wall_time: run.wall_ms as f64 / 1000.0,
        memory: run.memory_kib,
    }
}
