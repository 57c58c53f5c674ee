//! One Jobe run on the sandbox's exec path: the request the box gets (`jobe_run.py`, the source
//! and the client's files in `/box`, interpreterargs and runargs as argv items) and Jobe's
//! result object made from the outcome.
//!
//! This is the piece the Judge0 API needs too ("run this source with this stdin and these
//! limits on the exec path, give back stdout, stderr, exit, time, memory and the limit that
//! ended it"): [`RunOutcome`] is that answer; only [`request`] and [`result`] are Jobe's.

use serde::Serialize;
use verdict_sandbox::{BoxedFile, RunOutcome, RunRequest, Status};

use crate::spec::RunSpec;

/// Jobe's outcome numbers (its `LanguageTask` constants, after ideone's).
pub mod outcome {
    pub const COMPILATION_ERROR: u8 = 11;
    pub const RUNTIME_ERROR: u8 = 12;
    pub const TIME_LIMIT: u8 = 13;
    pub const SUCCESS: u8 = 15;
    pub const MEMORY_LIMIT: u8 = 17;
    pub const ILLEGAL_SYSCALL: u8 = 19;
    pub const INTERNAL_ERROR: u8 = 20;
    pub const SERVER_OVERLOAD: u8 = 21;
}

/// What `POST runs` answers with 200.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct RunResult {
    pub run_id: Option<String>,
    pub outcome: u8,
    pub cmpinfo: String,
    pub stdout: String,
    pub stderr: String,
}

impl RunResult {
    /// Every run slot is busy: Jobe's answer, HTTP 200 with outcome 21.
    pub fn overload() -> Self {
        Self {
            run_id: None,
            outcome: outcome::SERVER_OVERLOAD,
            cmpinfo: String::new(),
            stdout: String::new(),
            stderr: String::new(),
        }
    }
}

/// The sandbox request for `spec` with the client's `files` (name, contents). `marker` starts
/// the stderr of a compile error; `tools` is the folder of extra packages bound in the box.
pub fn request(spec: &RunSpec, files: Vec<BoxedFile>, marker: &str, tools: Option<&str>) -> RunRequest {
    let mut boxed = Vec::with_capacity(files.len() + 2);
    boxed.push(BoxedFile {
        name: verdict_pyassets::JOBE_RUN_NAME.to_owned(),
        contents: verdict_pyassets::JOBE_RUN.as_bytes().to_vec(),
    });
    boxed.push(BoxedFile { name: spec.sourcefilename.clone(), contents: spec.sourcecode.as_bytes().to_vec() });
    let files_bytes: u64 = files.iter().map(|f| f.contents.len() as u64).sum::<u64>() + spec.sourcecode.len() as u64;
    boxed.extend(files);
    let mut limits = spec.limits.clone();
    // The files are copied into the working directory, which must hold them and the disk limit.
    limits.scratch_bytes = limits.scratch_bytes.saturating_add(files_bytes);
    let args = spec
        .interpreterargs
        .iter()
        .cloned()
        .chain([
            format!("/box/{}", verdict_pyassets::JOBE_RUN_NAME),
            marker.to_owned(),
            tools.unwrap_or("-").to_owned(),
        ])
        .chain(std::iter::once(spec.sourcefilename.clone()))
        .chain(spec.runargs.iter().cloned())
        .collect();
    RunRequest { files: boxed, args, stdin: spec.input.as_bytes().to_vec(), limits, runtime: None }
}

/// Jobe's result for a finished run. As Jobe decides for python3: a compile error is 11; the
/// sandbox's limits and refusals are 13, 17, 19 and 20 (with stderr emptied, as Jobe empties it
/// for a time limit: CodeRunner reads any stderr as a runtime error); otherwise any stderr is
/// 12 and none is 15, whatever the exit status (Jobe's runguard says nothing of an exit code).
/// Output cut at `streamsize` is cut silently, as Jobe's is.
pub fn result(run_id: String, outcome: &RunOutcome, marker: &str) -> RunResult {
    let stdout = String::from_utf8_lossy(&outcome.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&outcome.stderr).into_owned();
    let quiet = |code| RunResult {
        run_id: Some(run_id.clone()),
        outcome: code,
        cmpinfo: String::new(),
        stdout: stdout.clone(),
        stderr: String::new(),
    };
    match outcome.status {
        Status::TimeLimit => return quiet(outcome::TIME_LIMIT),
        Status::MemoryLimit => return quiet(outcome::MEMORY_LIMIT),
        Status::SecurityViolation => return quiet(outcome::ILLEGAL_SYSCALL),
        Status::InternalError => {
            let mut result = quiet(outcome::INTERNAL_ERROR);
            result.stderr = "Verdict could not run the program: an internal error, logged by the server".into();
            return result;
        }
        Status::Ok | Status::RuntimeError | Status::OutputLimit => {}
    }
    if outcome.exit_code == Some(1) {
        if let Some(cmpinfo) = stderr.strip_prefix(marker).and_then(|rest| rest.strip_prefix('\n')) {
            return RunResult {
                run_id: Some(run_id),
                outcome: outcome::COMPILATION_ERROR,
                cmpinfo: cmpinfo.to_owned(),
                stdout: String::new(),
                stderr: String::new(),
            };
        }
    }
    let code = if stderr.is_empty() { outcome::SUCCESS } else { outcome::RUNTIME_ERROR };
    RunResult { run_id: Some(run_id), outcome: code, cmpinfo: String::new(), stdout, stderr }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finished(status: Status, exit: Option<i32>, stdout: &str, stderr: &str) -> RunOutcome {
        RunOutcome {
            status,
            exit_code: exit,
            stdout: stdout.into(),
            stderr: stderr.into(),
            ..RunOutcome::internal(String::new(), None)
        }
    }

    #[test]
    fn outcomes_are_jobes_numbers() {
        let id = || "r".to_owned();
        let m = "MARK";
        assert_eq!(result(id(), &finished(Status::Ok, Some(0), "hi\n", ""), m).outcome, 15);
        assert_eq!(result(id(), &finished(Status::RuntimeError, Some(3), "", ""), m).outcome, 15);
        let raised = result(id(), &finished(Status::RuntimeError, Some(1), "", "Traceback\n"), m);
        assert_eq!((raised.outcome, raised.stderr.as_str()), (12, "Traceback\n"));
        let compile = result(id(), &finished(Status::RuntimeError, Some(1), "", "MARK\n  File x\nSyntaxError: y\n"), m);
        assert_eq!((compile.outcome, compile.cmpinfo.as_str()), (11, "  File x\nSyntaxError: y\n"));
        let forged = result(id(), &finished(Status::RuntimeError, Some(1), "", "OTHER\nSyntaxError"), m);
        assert_eq!(forged.outcome, 12);
        let slow = result(id(), &finished(Status::TimeLimit, None, "partial", "killed"), m);
        assert_eq!((slow.outcome, slow.stdout.as_str(), slow.stderr.as_str()), (13, "partial", ""));
        assert_eq!(result(id(), &finished(Status::MemoryLimit, None, "", "MemoryError"), m).outcome, 17);
        assert_eq!(result(id(), &finished(Status::SecurityViolation, None, "", ""), m).outcome, 19);
        let internal = result(id(), &finished(Status::InternalError, None, "", ""), m);
        assert_eq!(internal.outcome, 20);
        assert!(!internal.stderr.contains('/'), "no host path reaches the client: {}", internal.stderr);
        assert_eq!(RunResult::overload().outcome, 21);
    }
}
