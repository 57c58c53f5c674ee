//! The orchestrator side: start a jail (or hand the run to the warm fork server) for one run,
//! feed it, collect the program's output within its limits, and turn the report into a
//! [`RunOutcome`].
//!
//! Nothing here forks: the jail is started with `std::process::Command` (argv, never a shell),
//! so the caller may be a multi-threaded server.

use crate::cgroup::{MemoryCgroups, RunCgroup};
use crate::collect::{collect, pipe};
use crate::forkserver::{Dispatched, ForkServer, ForkServerInfo, FORKSERVER_BINARY};
use crate::interpreter::Interpreter;
use crate::outcome::outcome_from;
use crate::uid::UidPool;
use std::io::Write;
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use verdict_boxspec::fork::ZygoteInit;
use verdict_boxspec::plan::{BoxFile, JailPlan};
use verdict_boxspec::{ConfineError, RunOutcome, RunRequest, Runtime};
use verdict_confine::policy::{self, CompiledPolicy};

pub use crate::config::{
    default_fork_slots, default_fork_spares, Backend, SandboxConfig, SandboxError, DEFAULT_INTERPRETER,
    DEFAULT_PYTHON_PACKAGES, JAIL_BINARY, PYTHON_PACKAGES_VAR,
};

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
    /// The fork servers with a set of the Python packages loaded, one a set, when there are
    /// packages.
    runtime_fork_servers: Vec<(Runtime, ForkServer)>,
    /// Where each run's memory cgroup is made; without one every run is refused.
    memory: Result<MemoryCgroups, ConfineError>,
}

/// The environment of every run: nothing of the host's. numpy's BLAS (OpenBLAS) and any OpenMP
/// pool start one thread a core unless told otherwise: a run gets one, like its CPU limit.
const RUN_ENV: [(&str, &str); 7] = [
    ("PATH", "/usr/bin"),
    ("HOME", "/tmp"),
    ("TMPDIR", "/tmp"),
    ("LANG", "C.UTF-8"),
    ("OPENBLAS_NUM_THREADS", "1"),
    ("OMP_NUM_THREADS", "1"),
    ("MKL_NUM_THREADS", "1"),
];

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
            if packages.starts_with(verdict_confine::root::STAGING) {
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
                    runtime: None,
                    preloads: Vec::new(),
                    scripts: std::iter::once(("run_script.py".to_owned(), verdict_pyassets::RUN_SCRIPT.to_owned()))
                        .chain(config.runner_scripts.iter().cloned())
                        .map(|(name, source)| (format!("/box/{name}"), source))
                        .collect(),
                    spares: config.fork_spares,
                };
                let with_runtimes = if config.python_packages.is_some() { &Runtime::ALL[..] } else { &[] };
                let runtimes = with_runtimes
                    .iter()
                    .map(|&runtime| {
                        // Only the packages set loads the ORM schemas.
                        let preloads = if runtime == Runtime::Packages { config.preloads.clone() } else { Vec::new() };
                        let template = ZygoteInit { runtime: Some(runtime), preloads, ..template.clone() };
                        (
                            runtime,
                            ForkServer::new(binary.clone(), template, config.uid_lock_dir.clone(), memory.clone()),
                        )
                    })
                    .collect();
                Some((ForkServer::new(binary, template, config.uid_lock_dir, memory.clone()), runtimes))
            }
        };
        let (fork_server, runtime_fork_servers) = match fork_server {
            Some((plain, runtimes)) => (Some(plain), runtimes),
            None => (None, Vec::new()),
        };
        Ok(Self { jail, interpreter, policy, uids, env, fork_server, runtime_fork_servers, memory })
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
        for server in self.fork_server.iter().chain(self.runtime_fork_servers.iter().map(|(_, server)| server)) {
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

    /// The fork server with `runtime`'s packages loaded, on the fork backend with packages.
    pub fn runtime_fork_server(&self, runtime: Runtime) -> Option<&ForkServer> {
        self.runtime_fork_servers.iter().find(|(r, _)| *r == runtime).map(|(_, server)| server)
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
            let server = request.runtime.and_then(|runtime| self.runtime_fork_server(runtime)).unwrap_or(server);
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
