//! The jail fails closed: `verdict-jail` is driven directly over its protocol (see
//! `verdict_sandbox::plan`), first with a plan built the way the orchestrator builds one, then
//! with one thing broken at a time. Every broken layer must refuse the run, name itself, and
//! leave the program unrun.
//!
//! These tests need root (each run drops to a leased per-run uid) and the binaries built with
//! `cargo build --workspace --bins`.

use std::io::{BufRead, BufReader, Read, Write};
use std::os::fd::OwnedFd;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, ExitStatus, Stdio};
use std::sync::{mpsc, OnceLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};
use verdict_sandbox::cgroup::RunCgroup;
use verdict_sandbox::plan::{pack_instruction, BoxFile, EndedBy, JailPlan, JailReport};
use verdict_sandbox::uid::{UidLease, UidPool};
use verdict_sandbox::{Layer, RunRequest, Sandbox, SandboxConfig};
use verdict_tests::{binary, processes_of_uid, TempDir};

/// How long any single step (a report, an exit, a line of output) may take before the test
/// gives up; far above what a run needs, only there so a broken jail fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(30);
/// What every test program prints, if it ever runs.
const RAN: &str = "print('the program ran')\n";

struct Shared {
    /// Builds the same plans `verdict run` sends; its jail binary is not used here.
    sandbox: Sandbox,
    uids: UidPool,
}

/// The interpreter, the compiled policy and the uid pool, prepared once for every test.
fn shared() -> &'static Shared {
    static SHARED: OnceLock<Shared> = OnceLock::new();
    SHARED.get_or_init(|| {
        assert!(running_as_root(), "the jail tests must run as root: each run drops to a leased per-run uid");
        let config = SandboxConfig { jail: Some(binary("verdict-jail")), ..SandboxConfig::default() };
        let sandbox = Sandbox::new(config).unwrap_or_else(|e| panic!("setting up the sandbox: {e}"));
        // The orchestrator's own lock directory, so that leases exclude every other Verdict
        // process on this host (a pool in a private directory could hand out a uid that a
        // concurrent `verdict run` or adversarial suite is using).
        let dir = SandboxConfig::default().uid_lock_dir;
        let uids = UidPool::new(dir).unwrap_or_else(|e| panic!("uid pool: {e}"));
        Shared { sandbox, uids }
    })
}

fn running_as_root() -> bool {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    // Uid: real effective saved filesystem
    status.lines().find_map(|l| l.strip_prefix("Uid:")).and_then(|ids| ids.split_whitespace().nth(1)) == Some("0")
}

/// What is sent to one jail: the plan, the bytes that follow it, and the uid the run holds.
struct Request {
    plan: JailPlan,
    /// The box files' contents and then stdin, in the plan's order.
    blobs: Vec<u8>,
    lease: Option<UidLease>,
    /// The run's memory cgroup, made as the orchestrator makes it; removed when dropped.
    _cgroup: RunCgroup,
}

impl Request {
    /// The baseline: the plan `runner.rs` builds for `python3 main.py` with `source`.
    fn script(source: &str) -> Self {
        let shared = shared();
        let lease = shared.uids.lease().unwrap_or_else(|e| panic!("leasing a run uid: {e}"));
        let request = RunRequest::script(source);
        let mut plan = shared.sandbox.plan(&request, Some((lease.uid, lease.uid)));
        let cgroups = shared.sandbox.memory_cgroups().unwrap_or_else(|e| panic!("no memory cgroup on this host: {e}"));
        let cgroup = cgroups.create(plan.limits.memory_bytes).unwrap_or_else(|e| panic!("creating a run cgroup: {e}"));
        plan.memory_cgroup = Some(cgroup.path().to_path_buf());
        let blobs = request.files.iter().flat_map(|f| f.contents.iter().copied()).collect();
        Self { plan, blobs, lease: Some(lease), _cgroup: cgroup }
    }

    fn uid(&self) -> Option<u32> {
        self.lease.as_ref().map(|l| l.uid)
    }

    fn plan_line(&self) -> Vec<u8> {
        let mut line = serde_json::to_vec(&self.plan).unwrap_or_else(|e| panic!("encoding the plan: {e}"));
        line.push(b'\n');
        line
    }
}

/// A running jail.
struct Jail {
    child: Child,
    /// Our end of the control socket; `None` once closed.
    control: Option<UnixStream>,
    stdout: mpsc::Receiver<Vec<u8>>,
    stdout_seen: Vec<u8>,
    stderr: JoinHandle<Vec<u8>>,
}

/// How a jail ended.
struct Ended {
    /// The report line, as read.
    line: String,
    report: Option<JailReport>,
    stdout: Vec<u8>,
    stderr: String,
    status: ExitStatus,
}

impl Ended {
    fn describe(&self) -> String {
        format!(
            "report {:?}, jail {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.line.trim_end(),
            self.status,
            String::from_utf8_lossy(&self.stdout),
            self.stderr
        )
    }
}

impl Jail {
    /// Starts `verdict-jail` in `cwd` with its control socket on stdin, and sends it `head`
    /// (the plan line) and then `blobs`.
    fn start(cwd: &Path, head: &[u8], blobs: &[u8]) -> Self {
        let (mut control, jail_end) = UnixStream::pair().unwrap_or_else(|e| panic!("socketpair: {e}"));
        control.set_read_timeout(Some(PATIENCE)).unwrap_or_else(|e| panic!("read timeout: {e}"));
        control.set_write_timeout(Some(PATIENCE)).unwrap_or_else(|e| panic!("write timeout: {e}"));
        // The Command holds the jail's end until it is dropped: keep it in this block so that
        // the jail's end is only open in the jail and a jail that dies unreported reads as EOF.
        let mut child = {
            let mut command = Command::new(binary("verdict-jail"));
            command
                .env_clear()
                .current_dir(cwd)
                .stdin(Stdio::from(OwnedFd::from(jail_end)))
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            command.spawn().unwrap_or_else(|e| panic!("starting verdict-jail: {e}"))
        };
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("the jail's stdout is not piped"));
        let mut stderr = child.stderr.take().unwrap_or_else(|| panic!("the jail's stderr is not piped"));
        let stdout = forward(stdout);
        let stderr = std::thread::spawn(move || {
            let mut all = Vec::new();
            let _ = stderr.read_to_end(&mut all);
            all
        });
        control.write_all(head).unwrap_or_else(|e| panic!("sending the plan line: {e}"));
        // A jail that rejects the plan may close the socket before reading what follows, so a
        // failed write here is not an error in itself; the report says what happened.
        let _ = control.write_all(blobs);
        Self { child, control: Some(control), stdout, stdout_seen: Vec::new(), stderr }
    }

    fn run(cwd: &Path, request: &Request) -> Self {
        Self::start(cwd, &request.plan_line(), &request.blobs)
    }

    /// Waits (bounded) until the program's stdout contains `needle`.
    fn wait_for_stdout(&mut self, needle: &str) {
        let deadline = Instant::now() + PATIENCE;
        while !String::from_utf8_lossy(&self.stdout_seen).contains(needle) {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(chunk) => self.stdout_seen.extend(chunk),
                Err(e) => {
                    let _ = self.child.kill();
                    panic!(
                        "waiting for {needle:?} on the program's stdout: {e}; saw {:?}",
                        String::from_utf8_lossy(&self.stdout_seen)
                    );
                }
            }
        }
    }

    /// Reads the report line, then waits for the jail to exit and collects its output.
    fn finish(mut self) -> Ended {
        let mut line = String::new();
        if let Some(control) = &self.control {
            let read = BufReader::new(control).read_line(&mut line);
            if let Err(e) = read {
                let _ = self.child.kill();
                panic!("reading the jail's report: {e}");
            }
        }
        let status = wait_exit(&mut self.child, PATIENCE)
            .unwrap_or_else(|waited| panic!("the jail did not exit within {waited:?} of its report"));
        let report = serde_json::from_str(line.trim_end()).ok();
        let stdout = drain(&self.stdout, self.stdout_seen);
        let stderr = self.stderr.join().map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
        Ended { line, report, stdout, stderr, status }
    }
}

/// Forwards everything read from `stdout` over a channel, chunk by chunk, until EOF.
fn forward(mut stdout: ChildStdout) -> mpsc::Receiver<Vec<u8>> {
    let (send, receive) = mpsc::channel();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 || send.send(buf[..n].to_vec()).is_err() {
                break;
            }
        }
    });
    receive
}

/// Everything left on `chunks` until its writer ends (bounded), after `seen`.
fn drain(chunks: &mpsc::Receiver<Vec<u8>>, mut seen: Vec<u8>) -> Vec<u8> {
    let deadline = Instant::now() + PATIENCE;
    loop {
        match chunks.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(chunk) => seen.extend(chunk),
            Err(mpsc::RecvTimeoutError::Disconnected) => return seen,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("the jail's stdout stayed open after the jail exited"),
        }
    }
}

/// Polls `child` until it exits; on timeout kills it and returns how long it waited.
fn wait_exit(child: &mut Child, limit: Duration) -> Result<ExitStatus, Duration> {
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Ok(status),
            Ok(None) if start.elapsed() < limit => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(start.elapsed());
            }
        }
    }
}

/// Runs `request` in a fresh directory to the end. Afterwards no process of the run's uid may
/// remain on the host, and nothing may have appeared in the jail's working directory.
fn run(request: &Request) -> Ended {
    let cwd = TempDir::new("run");
    let ended = Jail::run(cwd.path(), request).finish();
    assert_no_processes_left(request.uid());
    assert_empty_dir(cwd.path());
    ended
}

fn assert_no_processes_left(uid: Option<u32>) {
    if let Some(uid) = uid {
        let left = processes_of_uid(uid);
        assert!(left.is_empty(), "processes of run uid {uid} outlived the jail: {left:?}");
    }
}

fn assert_empty_dir(dir: &Path) {
    let entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("listing {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(entries.is_empty(), "files appeared in the jail's working directory: {entries:?}");
}

/// Asserts the run was refused by one of `layers`, and that the program never ran. Returns the
/// refusal's detail.
fn assert_refused(ended: &Ended, layers: &[Layer]) -> String {
    let detail = match &ended.report {
        Some(JailReport::Refused { layer, detail }) if layers.contains(layer) => detail.clone(),
        _ => panic!("expected a refusal by one of {layers:?}: {}", ended.describe()),
    };
    assert!(ended.stdout.is_empty(), "the program ran although a layer was refused: {}", ended.describe());
    detail
}

/// Asserts the jail failed (not a refusal, not a run) and returns the detail.
fn assert_failed(ended: &Ended) -> String {
    let Some(JailReport::Failed { detail }) = &ended.report else {
        panic!("expected the jail to fail: {}", ended.describe());
    };
    assert!(ended.stdout.is_empty(), "the program ran although the jail failed: {}", ended.describe());
    detail.clone()
}

#[test]
fn the_baseline_plan_runs_the_program() {
    let request = Request::script("print('ok')\n");
    let ended = run(&request);
    match &ended.report {
        Some(JailReport::Finished { exit_code: Some(0), signal: None, ended_by: EndedBy::Exit, .. }) => {}
        _ => panic!("expected a clean finish: {}", ended.describe()),
    }
    assert_eq!(ended.stdout, b"ok\n", "{}", ended.describe());
    assert_eq!(ended.stderr, "", "{}", ended.describe());
}

#[test]
fn stdin_after_the_box_files_reaches_the_program() {
    let mut request = Request::script("print(input()[::-1])\n");
    request.plan.stdin_len = 6;
    request.blobs.extend_from_slice(b"jailed");
    let ended = run(&request);
    assert!(matches!(ended.report, Some(JailReport::Finished { exit_code: Some(0), .. })), "{}", ended.describe());
    assert_eq!(ended.stdout, b"deliaj\n", "{}", ended.describe());
}

#[test]
fn no_run_uid_as_root_is_refused_by_credentials() {
    let mut request = Request::script(RAN);
    request.plan.host_ids = None;
    let detail = assert_refused(&run(&request), &[Layer::Credentials]);
    assert!(detail.contains("root"), "{detail}");
}

#[test]
fn a_plan_without_a_memory_cgroup_is_refused_by_memory_cgroup() {
    let mut request = Request::script(RAN);
    request.plan.memory_cgroup = None;
    assert_refused(&run(&request), &[Layer::MemoryCgroup]);
}

#[test]
fn a_memory_cgroup_that_is_not_a_cgroup_is_refused_by_memory_cgroup() {
    let mut request = Request::script(RAN);
    let dir = TempDir::new("not-a-cgroup");
    std::fs::write(dir.path().join("cgroup.procs"), b"").unwrap_or_else(|e| panic!("{e}"));
    request.plan.memory_cgroup = Some(dir.path().to_path_buf());
    let detail = assert_refused(&run(&request), &[Layer::MemoryCgroup]);
    assert!(detail.contains("not on a cgroup filesystem"), "{detail}");
}

#[test]
fn a_missing_read_only_bind_is_refused_by_read_only_root() {
    let mut request = Request::script(RAN);
    let missing = "/nonexistent/verdict-jail-test/lib";
    request.plan.ro_binds.push(PathBuf::from(missing));
    let detail = assert_refused(&run(&request), &[Layer::ReadOnlyRoot]);
    assert!(detail.contains(missing), "the detail should name {missing}: {detail}");
}

#[test]
fn an_empty_main_seccomp_program_is_refused() {
    let mut request = Request::script(RAN);
    request.plan.seccomp = vec![vec![]];
    assert_refused(&run(&request), &[Layer::Seccomp, Layer::SeccompNotify]);
}

#[test]
fn a_garbage_main_seccomp_program_is_refused() {
    let mut request = Request::script(RAN);
    request.plan.seccomp[0] = vec![pack_instruction(0xffff, 0, 0, 0)];
    assert_refused(&run(&request), &[Layer::Seccomp, Layer::SeccompNotify]);
}

#[test]
fn a_garbage_stacked_seccomp_program_is_refused_by_seccomp() {
    let mut request = Request::script(RAN);
    // The shipped policy compiles to one program (its `enosys` filter folded in); a plan may
    // still stack more, and each is loaded before the main one.
    request.plan.seccomp.push(vec![pack_instruction(0xffff, 0, 0, 0)]);
    assert_refused(&run(&request), &[Layer::Seccomp]);
}

#[test]
fn no_seccomp_program_at_all_is_refused_by_seccomp() {
    let mut request = Request::script(RAN);
    request.plan.seccomp.clear();
    assert_refused(&run(&request), &[Layer::Seccomp]);
}

#[test]
fn a_missing_executable_is_refused_by_landlock() {
    let mut request = Request::script(RAN);
    let missing = "/nonexistent/verdict-jail-test/python";
    request.plan.executables.push(PathBuf::from(missing));
    let detail = assert_refused(&run(&request), &[Layer::Landlock]);
    assert!(detail.contains(missing), "the detail should name {missing}: {detail}");
}

#[test]
fn an_interpreter_outside_the_box_is_refused_by_exec() {
    let mut request = Request::script(RAN);
    // A binary the host has but the box does not: nothing outside the interpreter's binds exists
    // inside.
    let binds = &request.plan.ro_binds;
    let outside = ["/usr/bin/env", "/bin/sh", "/usr/bin/true"]
        .map(PathBuf::from)
        .into_iter()
        .find(|p| p.is_file() && !binds.iter().any(|b| p.starts_with(b)))
        .unwrap_or_else(|| panic!("no host binary outside the binds {binds:?}"));
    request.plan.interpreter = outside.clone();
    let detail = assert_refused(&run(&request), &[Layer::Exec]);
    assert!(detail.contains(&*outside.to_string_lossy()), "the detail should name {}: {detail}", outside.display());
}

#[test]
fn a_plan_line_that_is_not_json_fails() {
    let cwd = TempDir::new("not-json");
    let ended = Jail::start(cwd.path(), b"run print('the program ran') please\n", RAN.as_bytes()).finish();
    let detail = assert_failed(&ended);
    assert!(detail.contains("plan"), "the detail should mention the plan: {detail}");
    assert_empty_dir(cwd.path());
}

#[test]
fn a_plan_with_an_unknown_field_fails() {
    let request = Request::script(RAN);
    let mut plan = serde_json::to_value(&request.plan).unwrap_or_else(|e| panic!("encoding the plan: {e}"));
    plan["privileged"] = serde_json::Value::Bool(true);
    let mut line = plan.to_string().into_bytes();
    line.push(b'\n');
    let cwd = TempDir::new("unknown-field");
    let ended = Jail::start(cwd.path(), &line, &request.blobs).finish();
    let detail = assert_failed(&ended);
    assert!(detail.contains("plan") && detail.contains("privileged"), "{detail}");
    assert_no_processes_left(request.uid());
}

/// Host places a box file called `escape` could land if its name were trusted.
fn escape_targets(cwd: &Path) -> Vec<PathBuf> {
    let mut targets: Vec<PathBuf> =
        ["/escape", "/box/escape", "/tmp/escape", "/tmp/box/escape"].iter().map(PathBuf::from).collect();
    targets.push(std::env::temp_dir().join("escape"));
    targets.push(cwd.join("escape"));
    if let Some(parent) = cwd.parent() {
        targets.push(parent.join("escape"));
    }
    targets
}

#[test]
fn a_box_file_named_dot_dot_escape_fails_and_writes_nothing() {
    let cwd = TempDir::new("escape");
    let targets = escape_targets(cwd.path());
    for target in &targets {
        assert!(!target.exists(), "{} exists before the run; remove it first", target.display());
    }
    let mut request = Request::script(RAN);
    request.plan.box_files.insert(0, BoxFile { name: "../escape".into(), len: 7 });
    request.blobs = [&b"escaped"[..], &request.blobs].concat();
    let ended = Jail::run(cwd.path(), &request).finish();
    let detail = assert_failed(&ended);
    assert!(detail.contains("../escape"), "the detail should name the file: {detail}");
    assert_no_processes_left(request.uid());
    for target in &targets {
        assert!(!target.exists(), "{} appeared on the host", target.display());
    }
    assert_empty_dir(cwd.path());
}

#[test]
fn every_box_file_name_that_is_not_plain_fails() {
    for name in ["", ".", "..", ".hidden", "sub/main.py", "/etc/passwd", "main.py/"] {
        let mut request = Request::script(RAN);
        request.plan.box_files.push(BoxFile { name: name.into(), len: 1 });
        request.blobs.push(b'x');
        let detail = assert_failed(&run(&request));
        assert!(detail.contains(&format!("{name:?}")), "the detail should name {name:?}: {detail}");
    }
}

#[test]
fn a_kill_line_ends_the_run_as_requested() {
    let mut request = Request::script("import time\nprint('started', flush=True)\ntime.sleep(30)\nprint('woke')\n");
    request.plan.limits.wall_ms = 60_000;
    let cwd = TempDir::new("kill-line");
    let mut jail = Jail::run(cwd.path(), &request);
    jail.wait_for_stdout("started\n");
    if let Some(control) = &mut jail.control {
        control.write_all(b"kill\n").unwrap_or_else(|e| panic!("sending kill: {e}"));
    }
    // Had the run not been killed, it would have slept on and ended by itself, saying so.
    let ended = jail.finish();
    match &ended.report {
        Some(JailReport::Finished { ended_by: EndedBy::Request, signal: Some(9), .. }) => {}
        _ => panic!("expected the run to end by request with SIGKILL: {}", ended.describe()),
    }
    assert_eq!(ended.stdout, b"started\n", "{}", ended.describe());
    assert_no_processes_left(request.uid());
}

#[test]
fn closing_the_control_socket_ends_the_run() {
    // Without the close, this run would outlast the test's patience: its wall limit is two minutes.
    let mut request = Request::script("import time\nprint('started', flush=True)\ntime.sleep(100)\nprint('woke')\n");
    request.plan.limits.wall_ms = 120_000;
    let uid = request.uid();
    let cwd = TempDir::new("close");
    let mut jail = Jail::run(cwd.path(), &request);
    jail.wait_for_stdout("started\n");
    drop(jail.control.take());
    let status = wait_exit(&mut jail.child, PATIENCE)
        .unwrap_or_else(|waited| panic!("the jail still ran {waited:?} after its control socket closed"));
    assert_no_processes_left(uid);
    let stdout = drain(&jail.stdout, jail.stdout_seen);
    assert_eq!(stdout, b"started\n", "the program outlived the close (jail {status})");
    assert_empty_dir(cwd.path());
}
