//! One run as a caller sees it: what to run ([`RunRequest`]) and how it ended ([`RunOutcome`]).

use crate::layer::{ConfineError, Layer};
use crate::limits::Limits;
use serde::{Deserialize, Serialize};

/// How a run ended, as reported to callers. Its name (serde's and `as_str`'s) is written once,
/// as the variant's name in snake case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, strum::IntoStaticStr, strum::Display)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Status {
    Ok,
    RuntimeError,
    TimeLimit,
    MemoryLimit,
    OutputLimit,
    SecurityViolation,
    InternalError,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        self.into()
    }
}

/// Everything known about a finished run.
#[derive(Debug, Clone, Serialize)]
pub struct RunOutcome {
    pub status: Status,
    pub exit_code: Option<i32>,
    pub signal: Option<i32>,
    pub cpu_ms: u64,
    pub wall_ms: u64,
    pub memory_kib: u64,
    /// The denied syscall, for `security_violation`.
    pub violation: Option<String>,
    /// What failed, for `internal_error`; names the confinement layer when one was refused.
    pub error: Option<String>,
    /// The layer that could not be applied, when the run was refused.
    pub refused_layer: Option<Layer>,
    /// The host uid the run had (when running as root, each run gets its own).
    pub host_uid: Option<u32>,
    #[serde(skip)]
    pub stdout: Vec<u8>,
    #[serde(skip)]
    pub stderr: Vec<u8>,
    pub stdout_truncated: bool,
    pub stderr_truncated: bool,
}

impl RunOutcome {
    /// A run refused because a confinement layer could not be applied.
    pub fn refused(error: ConfineError) -> Self {
        Self::internal(
            format!("sandbox layer `{}` could not be applied: {}", error.layer, error.detail),
            Some(error.layer),
        )
    }

    /// A run the sandbox itself failed; `refused_layer` when a layer was the cause.
    pub fn internal(error: String, refused_layer: Option<Layer>) -> Self {
        Self {
            status: Status::InternalError,
            exit_code: None,
            signal: None,
            cpu_ms: 0,
            wall_ms: 0,
            memory_kib: 0,
            violation: None,
            error: Some(error),
            refused_layer,
            host_uid: None,
            stdout: Vec::new(),
            stderr: Vec::new(),
            stdout_truncated: false,
            stderr_truncated: false,
        }
    }
}

/// One file placed read-only in `/box`.
#[derive(Debug, Clone)]
pub struct BoxedFile {
    pub name: String,
    pub contents: Vec<u8>,
}

/// A trusted Python module the runtime preloads (in the fork server) or loads from `/box` (on
/// the exec path): the caller says which, the sandbox knows none by name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PythonModule {
    /// The module's import name; its file in `/box` is `<name>.py`.
    pub name: String,
    pub source: String,
}

impl PythonModule {
    pub fn new(name: impl Into<String>, source: impl Into<String>) -> Self {
        Self { name: name.into(), source: source.into() }
    }

    /// The module as a file in `/box`.
    pub fn boxed(&self) -> BoxedFile {
        BoxedFile { name: format!("{}.py", self.name), contents: self.source.as_bytes().to_vec() }
    }
}

/// What to run.
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub files: Vec<BoxedFile>,
    /// Arguments after the interpreter's own flags, e.g. `["/box/run_script.py", "/box/main.py"]`.
    pub args: Vec<String>,
    pub stdin: Vec<u8>,
    pub limits: Limits,
    /// The sandbox packages the run uses, if any: on the fork backend it then runs in the fork
    /// server that has that set loaded.
    pub runtime: Option<Runtime>,
}

/// A set of the sandbox's Python packages a run uses, each warmed in a fork server of its own:
/// a fork copies page tables in proportion to the process, so runs that need neither set go
/// to a server with the standard library only, and data runs do not pay for Django's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Runtime {
    /// Django, SQLAlchemy and the shared schemas; pytest, coverage.py and django.test; Flask
    /// and FastAPI with its test client.
    Packages,
    /// numpy and pandas.
    Data,
}

impl Runtime {
    pub const ALL: [Runtime; 2] = [Runtime::Packages, Runtime::Data];

    pub fn as_str(self) -> &'static str {
        match self {
            Runtime::Packages => "packages",
            Runtime::Data => "data",
        }
    }

    /// What the fork server with this set has loaded, for people reading a report.
    pub fn describe(self) -> &'static str {
        match self {
            Runtime::Packages => "Django, SQLAlchemy, pytest, Flask and FastAPI",
            Runtime::Data => "numpy and pandas",
        }
    }
}

impl RunRequest {
    /// Runs `source` as a script, the way `python3 main.py` would.
    pub fn script(source: impl Into<Vec<u8>>) -> Self {
        Self {
            files: vec![
                BoxedFile { name: "run_script.py".into(), contents: verdict_pyassets::RUN_SCRIPT.as_bytes().to_vec() },
                BoxedFile { name: "main.py".into(), contents: source.into() },
            ],
            args: vec!["/box/run_script.py".into(), "/box/main.py".into()],
            stdin: Vec::new(),
            limits: Limits::default(),
            runtime: None,
        }
    }

    /// Adds `verdict_runtime.py` and the modules it should be able to load (`preloads`, such as
    /// ORM schemas, chosen by the caller) to /box, for runs that use the sandbox's packages.
    pub fn with_runtime(mut self, runtime: Runtime, preloads: impl IntoIterator<Item = PythonModule>) -> Self {
        self.runtime = Some(runtime);
        self.files.push(PythonModule::new(verdict_pyassets::RUNTIME_MODULE, verdict_pyassets::RUNTIME_PY).boxed());
        self.files.extend(preloads.into_iter().map(|module| module.boxed()));
        self
    }

    /// Adds a file to /box.
    pub fn with_file(mut self, name: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        self.files.push(BoxedFile { name: name.into(), contents: contents.into() });
        self
    }

    pub fn with_stdin(mut self, stdin: impl Into<Vec<u8>>) -> Self {
        self.stdin = stdin.into();
        self
    }

    pub fn with_limits(mut self, limits: Limits) -> Self {
        self.limits = limits;
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_runtime_brings_only_the_modules_the_caller_names() {
        let request =
            RunRequest::script("pass").with_runtime(Runtime::Packages, [PythonModule::new("models_a", "x = 1")]);
        let names: Vec<&str> = request.files.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["run_script.py", "main.py", "verdict_runtime.py", "models_a.py"]);
        assert_eq!(request.runtime, Some(Runtime::Packages));
        assert_eq!(RunRequest::script("pass").runtime, None);
    }

    #[test]
    fn a_status_has_one_name_in_json_and_in_text() {
        assert_eq!(Status::SecurityViolation.as_str(), "security_violation");
        assert_eq!(Status::Ok.to_string(), "ok");
        for status in [Status::Ok, Status::RuntimeError, Status::TimeLimit, Status::InternalError] {
            let json = serde_json::to_string(&status).expect("serialize");
            assert_eq!(json, format!("\"{}\"", status.as_str()));
        }
    }

    #[test]
    fn a_refused_layer_is_an_internal_error_naming_the_layer() {
        let outcome = RunOutcome::refused(ConfineError::new(Layer::Landlock, "not enforced"));
        assert_eq!(outcome.status, Status::InternalError);
        assert_eq!(outcome.refused_layer, Some(Layer::Landlock));
        assert!(outcome.error.as_deref().is_some_and(|e| e.contains("landlock")), "{:?}", outcome.error);
    }
}
