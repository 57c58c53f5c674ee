//! The orchestrator side: start a jail for one run, feed it, collect the program's output
//! within its limits, and turn the jail's report into a [`RunOutcome`].
//!
//! Nothing here forks: the jail is started with `std::process::Command` (argv, never a shell),
//! so the caller may be a multi-threaded server.

use crate::cgroup::{MemoryCgroups, MemoryUsage, RunCgroup};
use crate::confine::{ConfineError, Layer};
use crate::forkserver::protocol::ZygoteInit;
use crate::forkserver::{Dispatched, ForkServer, ForkServerInfo, FORKSERVER_BINARY};
use crate::interpreter::{Interpreter, InterpreterError};
use crate::limits::{InvalidLimit, Limits};
use crate::plan::{BoxFile, EndedBy, JailPlan, JailReport};
use crate::policy::{self, CompiledPolicy, PolicyError};
use crate::uid::{UidError, UidPool};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use serde::{Deserialize, Serialize};
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The in-box runner that executes a candidate's script as `__main__`.
pub const RUN_SCRIPT: &str = include_str!("../../../sandbox/python/run_script.py");
/// What in-box code may import beyond the standard library (`verdict_runtime`): Django and
/// SQLAlchemy set up on in-memory SQLite. The fork server has it loaded and warm; on the exec
/// path a run that needs it carries it in /box ([`RunRequest::with_runtime`]).
pub const RUNTIME_PY: &str = include_str!("../../../sandbox/python/verdict_runtime.py");
/// The shared ORM schemas (models modules) `verdict_runtime` sets up: (schema, framework,
/// source). In-box code imports them as `models`; the fork server has them all loaded.
pub const ORM_SCHEMAS: &[(&str, &str, &str)] = &[
    ("company", "django", include_str!("../../../sandbox/python/schemas/company_django.py")),
    ("company", "sqlalchemy", include_str!("../../../sandbox/python/schemas/company_sqlalchemy.py")),
    ("library", "django", include_str!("../../../sandbox/python/schemas/library_django.py")),
    ("library", "sqlalchemy", include_str!("../../../sandbox/python/schemas/library_sqlalchemy.py")),
    ("shop", "django", include_str!("../../../sandbox/python/schemas/shop_django.py")),
    ("shop", "sqlalchemy", include_str!("../../../sandbox/python/schemas/shop_sqlalchemy.py")),
];

/// The module name `verdict_runtime` loads a schema's models under.
pub fn schema_module_name(schema: &str, framework: &str) -> String {
    format!("verdict_schema_{schema}_{framework}")
}

/// The source of a shared schema's models for one framework, if there is such a schema.
pub fn orm_schema_source(schema: &str, framework: &str) -> Option<&'static str> {
    ORM_SCHEMAS.iter().find(|(s, f, _)| *s == schema && *f == framework).map(|(_, _, source)| *source)
}
/// The name of the jail binary, looked up beside the current executable.
pub const JAIL_BINARY: &str = "verdict-jail";
/// The interpreter used when none is configured.
pub const DEFAULT_INTERPRETER: &str = "/usr/bin/python3.11";

/// How a run ended, as reported to callers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
        match self {
            Status::Ok => "ok",
            Status::RuntimeError => "runtime_error",
            Status::TimeLimit => "time_limit",
            Status::MemoryLimit => "memory_limit",
            Status::OutputLimit => "output_limit",
            Status::SecurityViolation => "security_violation",
            Status::InternalError => "internal_error",
        }
    }
}

impl std::fmt::Display for Status {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
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
    pub(crate) fn refused(error: ConfineError) -> Self {
        Self::internal(
            format!("sandbox layer `{}` could not be applied: {}", error.layer, error.detail),
            Some(error.layer),
        )
    }

    fn internal(error: String, refused_layer: Option<Layer>) -> Self {
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

/// What to run.
#[derive(Debug, Clone)]
pub struct RunRequest {
    pub files: Vec<BoxedFile>,
    /// Arguments after the interpreter's own flags, e.g. `["/box/run_script.py", "/box/main.py"]`.
    pub args: Vec<String>,
    pub stdin: Vec<u8>,
    pub limits: Limits,
    /// Whether the run imports `verdict_runtime` (Django, SQLAlchemy): on the fork backend it
    /// then runs in the fork server that has them loaded.
    pub runtime: bool,
}

impl RunRequest {
    /// Runs `source` as a script, the way `python3 main.py` would.
    pub fn script(source: impl Into<Vec<u8>>) -> Self {
        Self {
            files: vec![
                BoxedFile { name: "run_script.py".into(), contents: RUN_SCRIPT.as_bytes().to_vec() },
                BoxedFile { name: "main.py".into(), contents: source.into() },
            ],
            args: vec!["/box/run_script.py".into(), "/box/main.py".into()],
            stdin: Vec::new(),
            limits: Limits::default(),
            runtime: false,
        }
    }

    /// Adds `verdict_runtime.py` and the shared ORM schemas to /box, for runs that use the
    /// sandbox's packages.
    pub fn with_runtime(mut self) -> Self {
        self.runtime = true;
        self.files.push(BoxedFile { name: "verdict_runtime.py".into(), contents: RUNTIME_PY.as_bytes().to_vec() });
        for (schema, framework, source) in ORM_SCHEMAS {
            self.files.push(BoxedFile {
                name: format!("{}.py", schema_module_name(schema, framework)),
                contents: source.as_bytes().to_vec(),
            });
        }
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

#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    #[error("the sandbox binary `{name}` was not found (looked in {searched}); build it with `cargo build -p verdict-sandbox`")]
    BinaryNotFound { name: &'static str, searched: String },
    #[error("the warm fork server gives each concurrent run its own uid, which needs root; run as root, or choose the exec path (`--sandbox exec`)")]
    ForkServerNeedsRoot,
    #[error("{0}")]
    ForkServer(String),
    #[error(transparent)]
    Interpreter(#[from] InterpreterError),
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error(transparent)]
    Uid(#[from] UidError),
    #[error(transparent)]
    Limit(#[from] InvalidLimit),
    #[error("the sandbox's Python packages folder {path} is missing; run scripts/setup-sandbox-python.sh")]
    PythonPackages { path: PathBuf },
    #[error("the sandbox's Python packages folder {path} is under /tmp, which the jail hides while it builds the box; install them elsewhere")]
    PythonPackagesUnderStaging { path: PathBuf },
}

/// Where to find the jail and the interpreter.
#[derive(Debug, Clone)]
pub struct SandboxConfig {
    pub interpreter: PathBuf,
    /// The jail binary; by default `verdict-jail` beside the current executable.
    pub jail: Option<PathBuf>,
    /// Extra host paths made visible read-only (a virtualenv's site-packages, say).
    pub extra_ro_paths: Vec<PathBuf>,
    /// Where uid leases are kept when running as root.
    pub uid_lock_dir: PathBuf,
    /// A folder of Python packages (sandbox/requirements.txt, installed by
    /// scripts/setup-sandbox-python.sh), bound read-only and named to the in-box Python code by
    /// `VERDICT_PYTHON_PACKAGES`, which the harness puts on `sys.path` (`-I` ignores PYTHONPATH).
    pub python_packages: Option<PathBuf>,
    /// How runs start: forked from the warm fork server (the default) or as a fresh
    /// interpreter exec'd in a jail of its own (the reference).
    pub backend: Backend,
    /// The fork server's binary; by default `verdict-forkserver` beside the current executable.
    pub forkserver: Option<PathBuf>,
    /// How many fork-server runs may go at once (each has its own uid).
    pub fork_slots: u32,
    /// Trusted runner scripts (file name in /box, source) the fork server compiles once, such
    /// as the judge's harness; `run_script.py` is always among them. Never candidate code.
    pub runner_scripts: Vec<(String, String)>,
}

/// How each run's process comes to be.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Backend {
    /// A child of the warm fork server: Python already started and its packages imported.
    #[default]
    Fork,
    /// A fresh `python3 -I -S -B` in a jail of its own.
    Exec,
}

impl Backend {
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Fork => "fork",
            Backend::Exec => "exec",
        }
    }
}

impl std::str::FromStr for Backend {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "fork" => Ok(Backend::Fork),
            "exec" => Ok(Backend::Exec),
            other => Err(format!("unknown sandbox backend `{other}` (expected `fork` or `exec`)")),
        }
    }
}

/// Fork-server slots when none are configured: enough for every core to judge a submission
/// with one test per core at once, with room for runs from the web app.
pub fn default_fork_slots() -> u32 {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    u32::try_from((cores * cores + 4).clamp(8, 64)).unwrap_or(8)
}

/// Where scripts/setup-sandbox-python.sh installs the sandbox's Python packages.
pub const DEFAULT_PYTHON_PACKAGES: &str = "/usr/local/lib/verdict/sandbox-python";

/// The variable naming the Python packages folder inside the box.
pub const PYTHON_PACKAGES_VAR: &str = "VERDICT_PYTHON_PACKAGES";

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            interpreter: PathBuf::from(DEFAULT_INTERPRETER),
            jail: None,
            extra_ro_paths: Vec::new(),
            uid_lock_dir: PathBuf::from("/run/verdict/uids"),
            python_packages: None,
            backend: Backend::default(),
            forkserver: None,
            fork_slots: default_fork_slots(),
            runner_scripts: Vec::new(),
        }
    }
}

/// A ready sandbox: the interpreter probed and the seccomp policy compiled, once.
#[derive(Debug)]
pub struct Sandbox {
    jail: PathBuf,
    interpreter: Interpreter,
    policy: CompiledPolicy,
    uids: Option<UidPool>,
    env: Vec<(String, String)>,
    /// The fork server for runs that need only the standard library.
    fork_server: Option<ForkServer>,
    /// The fork server with the Python packages loaded, when there are packages.
    packages_fork_server: Option<ForkServer>,
    /// Where each run's memory cgroup is made; without one every run is refused.
    memory: Result<MemoryCgroups, ConfineError>,
}

/// The environment of every run: nothing of the host's.
const RUN_ENV: [(&str, &str); 4] = [("PATH", "/usr/bin"), ("HOME", "/tmp"), ("TMPDIR", "/tmp"), ("LANG", "C.UTF-8")];
/// Extra wall time the orchestrator grants the jail before it kills the jail itself.
const JAIL_GRACE: Duration = Duration::from_secs(10);

impl Sandbox {
    pub fn new(config: SandboxConfig) -> Result<Self, SandboxError> {
        let jail = match config.jail {
            Some(path) => path,
            None => find_jail()?,
        };
        let mut read_only = config.extra_ro_paths.clone();
        let mut env: Vec<(String, String)> = RUN_ENV.iter().map(|(k, v)| ((*k).to_owned(), (*v).to_owned())).collect();
        if let Some(packages) = &config.python_packages {
            let packages = std::fs::canonicalize(packages)
                .ok()
                .filter(|p| p.is_dir())
                .ok_or_else(|| SandboxError::PythonPackages { path: packages.clone() })?;
            if packages.starts_with(crate::confine::STAGING) {
                return Err(SandboxError::PythonPackagesUnderStaging { path: packages });
            }
            env.push((PYTHON_PACKAGES_VAR.to_owned(), packages.display().to_string()));
            read_only.push(packages);
        }
        let interpreter = Interpreter::probe(&config.interpreter, &read_only)?;
        let policy = policy::compile(policy::POLICY_JSON)?;
        let is_root = nix::unistd::geteuid().is_root();
        let uids = if is_root { Some(UidPool::new(config.uid_lock_dir.clone())?) } else { None };
        let memory = MemoryCgroups::detect();
        let fork_server = match config.backend {
            Backend::Exec => None,
            Backend::Fork => {
                if !is_root {
                    return Err(SandboxError::ForkServerNeedsRoot);
                }
                let binary = match config.forkserver {
                    Some(path) => path,
                    None => find_binary(FORKSERVER_BINARY)?,
                };
                let template = ZygoteInit {
                    program_name: interpreter.executable.clone(),
                    env: env.clone(),
                    ro_binds: interpreter.ro_binds.clone(),
                    symlinks: interpreter.symlinks.clone(),
                    server_ids: (0, 0),
                    slots: config.fork_slots.max(1),
                    seccomp: policy.fork_child_programs.clone(),
                    warm_packages: false,
                    scripts: std::iter::once(("run_script.py".to_owned(), RUN_SCRIPT.to_owned()))
                        .chain(config.runner_scripts.iter().cloned())
                        .map(|(name, source)| (format!("/box/{name}"), source))
                        .collect(),
                };
                let packages = config.python_packages.is_some().then(|| {
                    let template = ZygoteInit { warm_packages: true, ..template.clone() };
                    ForkServer::new(binary.clone(), template, config.uid_lock_dir.clone(), memory.clone())
                });
                Some((ForkServer::new(binary, template, config.uid_lock_dir, memory.clone()), packages))
            }
        };
        let (fork_server, packages_fork_server) = match fork_server {
            Some((plain, packages)) => (Some(plain), packages),
            None => (None, None),
        };
        Ok(Self { jail, interpreter, policy, uids, env, fork_server, packages_fork_server, memory })
    }

    /// How runs start.
    pub fn backend(&self) -> Backend {
        if self.fork_server.is_some() {
            Backend::Fork
        } else {
            Backend::Exec
        }
    }

    /// Starts the fork servers now rather than at their first runs (nothing on the exec path),
    /// and checks they embed the same Python as the configured interpreter. Returns what each
    /// reported, the standard-library one first.
    pub fn start_backend(&self) -> Result<Vec<ForkServerInfo>, SandboxError> {
        let mut infos = Vec::new();
        for server in self.fork_server.iter().chain(&self.packages_fork_server) {
            let info = server.ensure_started().map_err(SandboxError::ForkServer)?;
            let embedded = info.python.split_whitespace().next().unwrap_or_default();
            if embedded != self.interpreter.version {
                return Err(SandboxError::ForkServer(format!(
                    "the fork server embeds Python {embedded}, but the sandbox's interpreter is {} {}; use that interpreter or the exec path",
                    self.interpreter.executable.display(),
                    self.interpreter.version
                )));
            }
            infos.push(info);
        }
        Ok(infos)
    }

    /// The fork server for runs that use only the standard library, on the fork backend.
    pub fn fork_server(&self) -> Option<&ForkServer> {
        self.fork_server.as_ref()
    }

    /// The fork server with the Python packages loaded, on the fork backend with packages.
    pub fn packages_fork_server(&self) -> Option<&ForkServer> {
        self.packages_fork_server.as_ref()
    }

    pub fn interpreter(&self) -> &Interpreter {
        &self.interpreter
    }

    pub fn jail_path(&self) -> &Path {
        &self.jail
    }

    pub fn policy(&self) -> &CompiledPolicy {
        &self.policy
    }

    /// Where runs' memory cgroups are made, or why they cannot be (then every run is refused).
    pub fn memory_cgroups(&self) -> Result<&MemoryCgroups, &ConfineError> {
        self.memory.as_ref()
    }

    /// Whether each run gets its own host uid (only when running as root).
    pub fn has_per_run_uids(&self) -> bool {
        self.uids.is_some()
    }

    /// Runs one program to completion. Problems of the sandbox itself come back as
    /// `internal_error` outcomes naming what failed; only bad limits are an `Err`.
    pub fn run(&self, request: &RunRequest) -> Result<RunOutcome, SandboxError> {
        request.limits.validate()?;
        if let Some(server) = &self.fork_server {
            let server = match &self.packages_fork_server {
                Some(packages) if request.runtime => packages,
                _ => server,
            };
            return Ok(match server.dispatch(request) {
                Ok(Dispatched { report, stdout, stderr, host_uid, memory }) => {
                    RunOutcome { host_uid, ..outcome_from(report, stdout, stderr, &request.limits, memory) }
                }
                Err(detail) => RunOutcome::internal(detail, None),
            });
        }
        let lease = match &self.uids {
            Some(pool) => Some(pool.lease()?),
            None => None,
        };
        let host_ids = lease.as_ref().map(|l| (l.uid, l.uid));
        let cgroup =
            match self.memory.as_ref().map_err(Clone::clone).and_then(|m| m.create(request.limits.memory_bytes)) {
                Ok(cgroup) => cgroup,
                Err(e) => return Ok(RunOutcome::refused(e)),
            };
        let mut plan = self.plan(request, host_ids);
        plan.memory_cgroup = Some(cgroup.path().to_path_buf());
        let mut outcome = match self.supervise_jail(&plan, request, &cgroup) {
            Ok(outcome) => outcome,
            Err(detail) => RunOutcome::internal(detail, None),
        };
        outcome.host_uid = host_ids.map(|(uid, _)| uid);
        Ok(outcome)
    }

    /// The plan the jail gets for `request`; `host_ids` is the leased host uid and gid, or
    /// `None` when not running as root.
    pub fn plan(&self, request: &RunRequest, host_ids: Option<(u32, u32)>) -> JailPlan {
        JailPlan {
            interpreter: self.interpreter.executable.clone(),
            argv: std::iter::once("python3".to_owned())
                .chain(["-I", "-S", "-B"].map(String::from))
                .chain(request.args.iter().cloned())
                .collect(),
            env: self.env.clone(),
            ro_binds: self.interpreter.ro_binds.clone(),
            symlinks: self.interpreter.symlinks.clone(),
            executables: self.interpreter.executables.clone(),
            box_files: request
                .files
                .iter()
                .map(|f| BoxFile { name: f.name.clone(), len: f.contents.len() as u64 })
                .collect(),
            stdin_len: request.stdin.len() as u64,
            limits: request.limits.clone(),
            host_ids,
            seccomp: self.policy.programs.clone(),
            memory_cgroup: None,
        }
    }

    fn supervise_jail(&self, plan: &JailPlan, request: &RunRequest, cgroup: &RunCgroup) -> Result<RunOutcome, String> {
        let (stdout_read, stdout_write) = pipe().map_err(|e| format!("creating the stdout pipe: {e}"))?;
        let (stderr_read, stderr_write) = pipe().map_err(|e| format!("creating the stderr pipe: {e}"))?;
        let (mut control, jail_end) = UnixStream::pair().map_err(|e| format!("creating the control socket: {e}"))?;
        let mut jail = Command::new(&self.jail)
            .env_clear()
            .stdin(Stdio::from(OwnedFd::from(jail_end)))
            .stdout(Stdio::from(stdout_write))
            .stderr(Stdio::from(stderr_write))
            .spawn()
            .map_err(|e| format!("starting {}: {e}", self.jail.display()))?;

        let sent = send_plan(&mut control, plan, request);
        let collected = sent.and_then(|()| collect(&mut control, stdout_read, stderr_read, &request.limits));
        let collected = match collected {
            Ok(c) => c,
            Err(e) => {
                let _ = jail.kill();
                let _ = jail.wait();
                return Err(e);
            }
        };
        let jail_status = jail.wait().map_err(|e| format!("waiting for the jail: {e}"))?;
        let Some(report) = collected.report else {
            let said = String::from_utf8_lossy(&collected.stderr.bytes);
            return Err(format!("the jail ended ({jail_status}) without a report: {}", said.trim()));
        };
        // The jail has exited, and with it every process of the run: the figures are final.
        let memory = cgroup.usage()?;
        Ok(outcome_from(report, collected.stdout, collected.stderr, &request.limits, Some(memory)))
    }
}

fn find_jail() -> Result<PathBuf, SandboxError> {
    find_binary(JAIL_BINARY)
}

fn find_binary(name: &'static str) -> Result<PathBuf, SandboxError> {
    let mut searched = Vec::new();
    if let Ok(exe) = std::env::current_exe() {
        // Test binaries live one level down, in target/<profile>/deps.
        for dir in exe.ancestors().skip(1).take(2) {
            let candidate = dir.join(name);
            if candidate.is_file() {
                return Ok(candidate);
            }
            searched.push(dir.display().to_string());
        }
    }
    Err(SandboxError::BinaryNotFound { name, searched: searched.join(", ") })
}

fn pipe() -> nix::Result<(OwnedFd, OwnedFd)> {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
}

fn send_plan(control: &mut UnixStream, plan: &JailPlan, request: &RunRequest) -> Result<(), String> {
    let mut line = serde_json::to_vec(plan).map_err(|e| format!("encoding the plan: {e}"))?;
    line.push(b'\n');
    let write =
        |control: &mut UnixStream, bytes: &[u8]| control.write_all(bytes).map_err(|e| format!("sending the plan: {e}"));
    write(control, &line)?;
    for file in &request.files {
        write(control, &file.contents)?;
    }
    write(control, &request.stdin)
}

#[derive(Debug)]
pub(crate) struct Collected {
    pub report: Option<JailReport>,
    pub stdout: Captured,
    pub stderr: Captured,
}

#[derive(Debug, Default)]
pub(crate) struct Captured {
    bytes: Vec<u8>,
    exceeded: bool,
}

impl Captured {
    /// Keeps bytes up to `limit`; returns true the first time the limit is passed.
    fn take(&mut self, chunk: &[u8], limit: u64) -> bool {
        let room = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(self.bytes.len());
        self.bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room && !self.exceeded {
            self.exceeded = true;
            return true;
        }
        false
    }
}

/// Reads stdout, stderr and the jail's report together (reading one to its end first could
/// deadlock on a full pipe), until all three are closed or the jail overstays its wall time.
pub(crate) fn collect(
    control: &mut UnixStream,
    stdout: OwnedFd,
    stderr: OwnedFd,
    limits: &Limits,
) -> Result<Collected, String> {
    let deadline = Instant::now() + limits.wall() + JAIL_GRACE;
    let mut out = Collected { report: None, stdout: Captured::default(), stderr: Captured::default() };
    let mut report_bytes = Vec::new();
    let mut open = [true, true, true];
    let mut kill_sent = false;
    let mut buf = vec![0u8; 64 * 1024];
    let control_fd = control.try_clone().map_err(|e| format!("cloning the control socket: {e}"))?;
    while open.iter().any(|&o| o) {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(format!("the jail did not finish within {} ms of its wall limit", JAIL_GRACE.as_millis()));
        }
        let fds: [&dyn AsFd; 3] = [&control_fd, &stdout, &stderr];
        let mut polled: Vec<PollFd<'_>> = fds
            .iter()
            .zip(open)
            .filter(|(_, o)| *o)
            .map(|(fd, _)| PollFd::new(fd.as_fd(), PollFlags::POLLIN))
            .collect();
        let index: Vec<usize> = (0..3).filter(|&i| open[i]).collect();
        let millis = u16::try_from(remaining.as_millis()).unwrap_or(u16::MAX);
        match poll(&mut polled, PollTimeout::from(millis)) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(format!("poll: {e}")),
        }
        let ready: Vec<usize> = polled
            .iter()
            .zip(&index)
            .filter(|(p, _)| p.revents().is_some_and(|r| !r.is_empty()))
            .map(|(_, &i)| i)
            .collect();
        for i in ready {
            let n = match i {
                0 => (&control_fd).read(&mut buf),
                1 => nix::unistd::read(&stdout, &mut buf).map_err(std::io::Error::from),
                _ => nix::unistd::read(&stderr, &mut buf).map_err(std::io::Error::from),
            };
            let n = match n {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(format!("reading from the jail: {e}")),
            };
            if n == 0 {
                open[i] = false;
                continue;
            }
            let chunk = &buf[..n];
            let passed = match i {
                0 => {
                    report_bytes.extend_from_slice(chunk);
                    false
                }
                1 => out.stdout.take(chunk, limits.stdout_bytes),
                _ => out.stderr.take(chunk, limits.stderr_bytes),
            };
            if passed && !kill_sent {
                kill_sent = true;
                control.write_all(b"kill\n").map_err(|e| format!("asking the jail to stop the run: {e}"))?;
            }
        }
    }
    if !report_bytes.is_empty() {
        let report = serde_json::from_slice(report_bytes.trim_ascii_end())
            .map_err(|e| format!("the jail's report is not valid: {e}: {}", String::from_utf8_lossy(&report_bytes)))?;
        out.report = Some(report);
    }
    Ok(out)
}

/// The outcome of a run from the supervisor's report and the run's memory cgroup (`memory`,
/// read after every process of the run was gone).
fn outcome_from(
    report: JailReport,
    stdout: Captured,
    stderr: Captured,
    limits: &Limits,
    memory: Option<MemoryUsage>,
) -> RunOutcome {
    let (exit_code, signal, cpu_ms, wall_ms, ended_by, out_of_memory) = match report {
        JailReport::Finished { exit_code, signal, cpu_ms, wall_ms, ended_by, out_of_memory, .. } => {
            (exit_code, signal, cpu_ms, wall_ms, ended_by, out_of_memory)
        }
        JailReport::Refused { layer, detail } => return RunOutcome::refused(ConfineError { layer, detail }),
        JailReport::Failed { detail } => return RunOutcome::internal(format!("the jail failed: {detail}"), None),
    };
    let Some(memory) = memory else {
        return RunOutcome::internal(
            "the run finished without figures from its memory cgroup".into(),
            Some(Layer::MemoryCgroup),
        );
    };
    let memory_kib = memory.peak_bytes / 1024;
    let output_exceeded = stdout.exceeded || stderr.exceeded;
    let status = classify(
        &ended_by,
        output_exceeded,
        exit_code,
        signal,
        Memory { peak_kib: memory_kib, oom_kills: memory.oom_kills, out_of_memory },
        limits,
    );
    let violation = match ended_by {
        EndedBy::Violation { syscall, .. } => Some(syscall),
        _ => None,
    };
    RunOutcome {
        status,
        exit_code,
        signal,
        cpu_ms,
        wall_ms,
        memory_kib,
        violation,
        error: None,
        refused_layer: None,
        host_uid: None,
        stdout_truncated: stdout.exceeded,
        stderr_truncated: stderr.exceeded,
        stdout: stdout.bytes,
        stderr: stderr.bytes,
    }
}

/// What is known of a finished run's memory.
#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    /// The run's peak, from its memory cgroup.
    peak_kib: u64,
    /// Processes of the run the kernel killed at the run's memory limit.
    oom_kills: u64,
    /// The in-box runner saw a MemoryError or ENOMEM escape the program.
    out_of_memory: bool,
}

/// The status of a finished run. The cause that ended the run wins over its symptoms: a
/// denied syscall, then too much output, then time, then memory, then the exit itself.
fn classify(
    ended_by: &EndedBy,
    output_exceeded: bool,
    exit_code: Option<i32>,
    signal: Option<i32>,
    memory: Memory,
    limits: &Limits,
) -> Status {
    if matches!(ended_by, EndedBy::Violation { .. }) {
        return Status::SecurityViolation;
    }
    if output_exceeded {
        return Status::OutputLimit;
    }
    if matches!(ended_by, EndedBy::CpuLimit | EndedBy::WallLimit) || signal == Some(libc::SIGXCPU) {
        return Status::TimeLimit;
    }
    let near_memory_limit = memory.peak_kib.saturating_mul(1024) >= limits.memory_bytes / 10 * 9;
    if memory.oom_kills > 0 || memory.out_of_memory || (signal.is_some() && near_memory_limit) {
        return Status::MemoryLimit;
    }
    if exit_code == Some(0) {
        Status::Ok
    } else {
        Status::RuntimeError
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(ended_by: EndedBy, output: bool, exit: Option<i32>, signal: Option<i32>, kib: u64, oom: bool) -> Status {
        let memory = Memory { peak_kib: kib, oom_kills: 0, out_of_memory: oom };
        classify(&ended_by, output, exit, signal, memory, &Limits::default())
    }

    #[test]
    fn the_cause_wins_over_its_symptoms() {
        let violation = EndedBy::Violation { syscall: "socket".into(), number: 41 };
        assert_eq!(status(violation, true, None, Some(9), 0, true), Status::SecurityViolation);
        assert_eq!(status(EndedBy::Request, true, None, Some(9), 0, false), Status::OutputLimit);
        assert_eq!(status(EndedBy::CpuLimit, false, None, Some(9), 0, true), Status::TimeLimit);
        assert_eq!(status(EndedBy::WallLimit, false, None, Some(9), 0, false), Status::TimeLimit);
        assert_eq!(status(EndedBy::Exit, false, Some(1), None, 0, true), Status::MemoryLimit);
        assert_eq!(status(EndedBy::Exit, false, None, Some(11), 250 * 1024, false), Status::MemoryLimit);
        assert_eq!(status(EndedBy::Exit, false, None, Some(11), 10 * 1024, false), Status::RuntimeError);
        assert_eq!(status(EndedBy::Exit, false, Some(1), None, 0, false), Status::RuntimeError);
        assert_eq!(status(EndedBy::Exit, false, Some(0), None, 0, false), Status::Ok);
        assert_eq!(status(EndedBy::Exit, false, None, Some(libc::SIGXCPU), 0, false), Status::TimeLimit);
    }

    #[test]
    fn a_process_killed_at_the_runs_memory_limit_is_memory_limit_even_if_the_run_exits_zero() {
        let oom = Memory { peak_kib: 1024, oom_kills: 1, out_of_memory: false };
        let limits = Limits::default();
        assert_eq!(classify(&EndedBy::Exit, false, Some(0), None, oom, &limits), Status::MemoryLimit);
        assert_eq!(classify(&EndedBy::Exit, false, None, Some(9), oom, &limits), Status::MemoryLimit);
        let violation = EndedBy::Violation { syscall: "socket".into(), number: 41 };
        assert_eq!(classify(&violation, false, None, Some(9), oom, &limits), Status::SecurityViolation);
    }

    #[test]
    fn captured_output_stops_at_the_limit_and_says_so_once() {
        let mut captured = Captured::default();
        assert!(!captured.take(b"hello", 8));
        assert!(captured.take(b" world", 8));
        assert!(!captured.take(b"more", 8));
        assert_eq!(captured.bytes, b"hello wo");
        assert!(captured.exceeded);
    }

    #[test]
    fn a_refused_layer_is_an_internal_error_naming_the_layer() {
        let report = JailReport::Refused { layer: Layer::Landlock, detail: "not enforced".into() };
        let outcome = outcome_from(report, Captured::default(), Captured::default(), &Limits::default(), None);
        assert_eq!(outcome.status, Status::InternalError);
        assert_eq!(outcome.refused_layer, Some(Layer::Landlock));
        assert!(outcome.error.as_deref().is_some_and(|e| e.contains("landlock")), "{:?}", outcome.error);
    }
}
