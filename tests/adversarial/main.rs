//! The adversarial suite: every hostile or benign program in `cases/` runs in the real sandbox
//! and must end with the status its header names. After each run the host is checked: no
//! process of the run's uid is left, no file appeared outside the scratch directory, and no
//! listener opened by this test received anything.
//!
//! Case headers (comment lines at the top of each file):
//! `# expect: STATUS`, `# syscall: NAME` (for security_violation), `# stdout: TEXT` (exact, with
//! `\n` for newlines), `# stdin: listeners`, `# time-limit: SECONDS`, `# about: TEXT`.
//! `# fork-expect:`, `# fork-syscall:` and `# fork-stdout:` replace the first three for
//! children of the warm fork server, which may not start processes; with `fork-expect` and no
//! `fork-stdout`, stdout is not checked there.
//!
//! Every case runs twice, on the exec path (`exec::NAME`) and in the warm fork server
//! (`fork::NAME`); a fork-server case also fails if the fork server died (and was restarted)
//! while it ran.

use libtest_mimic::{Arguments, Failed, Trial};
use std::collections::BTreeMap;
use std::io::{ErrorKind, Read};
use std::net::{TcpListener, UdpSocket};
use std::os::linux::net::SocketAddrExt;
use std::os::unix::net::{SocketAddr, UnixListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use verdict_sandbox::{Backend, Limits, RunRequest, Sandbox, SandboxConfig};
use verdict_tests::{binary, descends_from, parents, processes_of_uid, workspace_root};

/// Paths the payloads aim their writes at; none may exist on the host afterwards.
const ESCAPE_TARGETS: &[&str] = &[
    "/pwned_verdict",
    "/etc/pwned_verdict",
    "/usr/pwned_verdict",
    "/box/pwned_verdict",
    "/dev/pwned_verdict",
    "/var/tmp/pwned_verdict",
    "/tmp/pwned_verdict",
    "/dev/shm/pwned_verdict",
    "/root/pwned_verdict",
];

#[derive(Debug)]
struct Case {
    name: String,
    source: String,
    expect: String,
    syscall: Option<String>,
    stdout: Option<String>,
    listeners: bool,
    cpu_seconds: Option<f64>,
    fork_expect: Option<String>,
    fork_syscall: Option<String>,
    fork_stdout: Option<String>,
}

impl Case {
    /// What this backend must see: status, denied syscall, stdout.
    fn expectations(&self, backend: Backend) -> (&str, Option<&str>, Option<&str>) {
        match (backend, &self.fork_expect) {
            (Backend::Fork, Some(expect)) => {
                (expect.as_str(), self.fork_syscall.as_deref(), self.fork_stdout.as_deref())
            }
            _ => (self.expect.as_str(), self.syscall.as_deref(), self.stdout.as_deref()),
        }
    }
}

fn parse_case(path: &Path) -> Result<Case, String> {
    let source = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut headers = BTreeMap::new();
    for (number, line) in source.lines().enumerate() {
        let Some(comment) = line.strip_prefix('#') else { break };
        if let Some((key, value)) = comment.split_once(':') {
            let key = key.trim();
            const KEYS: [&str; 9] = [
                "expect",
                "syscall",
                "stdout",
                "stdin",
                "time-limit",
                "about",
                "fork-expect",
                "fork-syscall",
                "fork-stdout",
            ];
            if KEYS.contains(&key) {
                headers.insert(key.to_owned(), value.trim().to_owned());
            } else if !key.contains(' ') {
                return Err(format!("{}:{}: unknown header `{key}`", path.display(), number + 1));
            }
        }
    }
    let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
    let expect = headers.remove("expect").ok_or_else(|| format!("{}: no `# expect:` header", path.display()))?;
    if !headers.contains_key("about") {
        return Err(format!("{}: no `# about:` header", path.display()));
    }
    let syscall = headers.remove("syscall");
    if expect == "security_violation" && syscall.is_none() {
        return Err(format!("{}: security_violation needs a `# syscall:` header", path.display()));
    }
    let fork_expect = headers.remove("fork-expect");
    let fork_syscall = headers.remove("fork-syscall");
    if fork_expect.as_deref() == Some("security_violation") && fork_syscall.is_none() {
        return Err(format!("{}: fork-expect security_violation needs a `# fork-syscall:` header", path.display()));
    }
    Ok(Case {
        name,
        source,
        expect,
        syscall,
        stdout: headers.remove("stdout").map(|s| s.replace("\\n", "\n")),
        listeners: headers.get("stdin").is_some_and(|s| s == "listeners"),
        cpu_seconds: headers
            .get("time-limit")
            .map(|s| s.parse().map_err(|e| format!("{}: bad time-limit: {e}", path.display())))
            .transpose()?,
        fork_expect,
        fork_syscall,
        fork_stdout: headers.remove("fork-stdout").map(|s| s.replace("\\n", "\n")),
    })
}

/// Sockets on the host that no run may reach.
struct Listeners {
    tcp: TcpListener,
    udp: UdpSocket,
    unix: UnixListener,
    unix_path: PathBuf,
    abstract_socket: UnixListener,
    abstract_name: String,
}

impl Listeners {
    fn open() -> std::io::Result<Self> {
        let tcp = TcpListener::bind("127.0.0.1:0")?;
        tcp.set_nonblocking(true)?;
        let udp = UdpSocket::bind("127.0.0.1:0")?;
        udp.set_nonblocking(true)?;
        let unix_path = std::env::temp_dir().join(format!("verdict-adversarial-{}.sock", std::process::id()));
        let _ = std::fs::remove_file(&unix_path);
        let unix = UnixListener::bind(&unix_path)?;
        unix.set_nonblocking(true)?;
        let abstract_name = format!("verdict-adversarial-{}", std::process::id());
        let abstract_socket = UnixListener::bind_addr(&SocketAddr::from_abstract_name(abstract_name.as_bytes())?)?;
        abstract_socket.set_nonblocking(true)?;
        Ok(Self { tcp, udp, unix, unix_path, abstract_socket, abstract_name })
    }

    fn stdin_line(&self) -> std::io::Result<String> {
        Ok(format!(
            "{} {} {} {}\n",
            self.tcp.local_addr()?.port(),
            self.udp.local_addr()?.port(),
            self.unix_path.display(),
            self.abstract_name
        ))
    }

    /// Everything any listener received so far.
    fn received(&self) -> Vec<String> {
        let mut got = Vec::new();
        if let Ok((_, from)) = self.tcp.accept() {
            got.push(format!("tcp connection from {from}"));
        }
        let mut buf = [0u8; 64];
        if let Ok((n, from)) = self.udp.recv_from(&mut buf) {
            got.push(format!("udp datagram of {n} bytes from {from}"));
        }
        if let Ok((mut stream, _)) = self.unix.accept() {
            let _ = stream.read(&mut buf);
            got.push("unix socket connection".to_owned());
        }
        if self.abstract_socket.accept().is_ok() {
            got.push("abstract socket connection".to_owned());
        }
        got
    }
}

impl Drop for Listeners {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.unix_path);
    }
}

fn would_block(e: &std::io::Error) -> bool {
    e.kind() == ErrorKind::WouldBlock
}

fn run_case(sandbox: &Sandbox, listeners: &Listeners, case: &Case) -> Result<(), Failed> {
    let mut limits = Limits::default();
    if let Some(seconds) = case.cpu_seconds {
        limits.cpu_ms = (seconds * 1000.0) as u64;
    }
    let stdin = if case.listeners { listeners.stdin_line().map_err(|e| e.to_string())? } else { String::new() };
    let request = RunRequest::script(case.source.as_bytes()).with_stdin(stdin).with_limits(limits);
    let generation = sandbox.fork_server().map(|server| server.generation());
    let outcome = sandbox.run(&request).map_err(|e| e.to_string())?;

    let mut problems = Vec::new();
    let (expect, syscall, expected_stdout) = case.expectations(sandbox.backend());
    if outcome.status.as_str() != expect {
        problems.push(format!("status {} (expected {expect})", outcome.status));
    }
    if let Some(syscall) = syscall {
        if outcome.violation.as_deref() != Some(syscall) {
            problems.push(format!("denied syscall {:?} (expected {syscall})", outcome.violation));
        }
    }
    let stdout = String::from_utf8_lossy(&outcome.stdout);
    if let Some(expected) = expected_stdout {
        if stdout != expected {
            problems.push(format!("stdout {stdout:?} (expected {expected:?})"));
        }
    }
    if let (Some(before), Some(server)) = (generation, sandbox.fork_server()) {
        // The first run starts the server (generation 0 to 1); any later change is a restart.
        let after = server.generation();
        if before > 0 && after != before {
            problems.push(format!("the fork server was restarted during the run (generation {before} to {after})"));
        }
    }
    if let Some(uid) = outcome.host_uid {
        // On the fork path a slot's uid passes to the next run in that slot at once, and the
        // cases run in parallel: a process of the uid inside the fork server's tree is a later
        // run's (this run's pid namespace, and all in it, died with its pid 1). A process of the
        // uid anywhere else escaped.
        // The two reads of /proc race with runs starting and ending, so an escape is one seen in
        // every one of a few looks.
        let server = sandbox.fork_server().and_then(|server| server.ensure_started().ok()).map(|info| info.pid);
        let mut left = Vec::new();
        for _ in 0..5 {
            let tree = parents();
            left = processes_of_uid(uid)
                .into_iter()
                .filter(|&pid| !server.is_some_and(|server| descends_from(&tree, pid, server)))
                .collect();
            if left.is_empty() {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        if !left.is_empty() {
            problems.push(format!("processes of run uid {uid} outlived the run: {left:?}"));
        }
    }
    for target in ESCAPE_TARGETS {
        if Path::new(target).exists() {
            let _ = std::fs::remove_file(target);
            problems.push(format!("{target} appeared on the host"));
        }
    }
    problems.extend(listeners.received().into_iter().map(|r| format!("a host listener received a {r}")));
    if problems.is_empty() {
        return Ok(());
    }
    let stderr = String::from_utf8_lossy(&outcome.stderr);
    let tail: String = stderr.chars().rev().take(1500).collect::<Vec<_>>().into_iter().rev().collect();
    Err(format!(
        "{}\n  outcome: {}\n  stdout: {:?}\n  stderr (tail): {tail}",
        problems.join("\n  "),
        serde_json::to_string(&outcome).unwrap_or_default(),
        stdout.chars().take(500).collect::<String>(),
    )
    .into())
}

fn main() {
    let args = Arguments::from_args();
    let dir = workspace_root().join("tests/adversarial/cases");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "py"))
        .collect();
    paths.sort();
    let sandbox_for = |backend: Backend| {
        let config = SandboxConfig {
            jail: Some(binary("verdict-jail")),
            forkserver: Some(binary("verdict-forkserver")),
            backend,
            ..SandboxConfig::default()
        };
        let sandbox =
            Sandbox::new(config).unwrap_or_else(|e| panic!("setting up the {} sandbox: {e}", backend.as_str()));
        sandbox.start_backend().unwrap_or_else(|e| panic!("starting the fork server: {e}"));
        Arc::new(sandbox)
    };
    let sandboxes = [sandbox_for(Backend::Exec), sandbox_for(Backend::Fork)];
    let listeners = Arc::new(Listeners::open().unwrap_or_else(|e| panic!("opening host listeners: {e}")));
    assert!(listeners.tcp.accept().is_err_and(|e| would_block(&e)), "the TCP listener must start idle");

    let mut trials = Vec::new();
    let mut malformed = Vec::new();
    for path in &paths {
        match parse_case(path) {
            Ok(case) => {
                let case = Arc::new(case);
                for sandbox in &sandboxes {
                    let sandbox = Arc::clone(sandbox);
                    let listeners = Arc::clone(&listeners);
                    let case = Arc::clone(&case);
                    let backend = sandbox.backend();
                    let kind = case.expectations(backend).0.to_owned();
                    let name = format!("{}::{}", backend.as_str(), case.name);
                    trials.push(Trial::test(name, move || run_case(&sandbox, &listeners, &case)).with_kind(kind));
                }
            }
            Err(e) => malformed.push(e),
        }
    }
    let malformed = Arc::new(malformed);
    trials.push(Trial::test("every_case_file_is_well_formed", move || {
        if malformed.is_empty() {
            Ok(())
        } else {
            Err(malformed.join("\n").into())
        }
    }));
    let count = paths.len();
    trials.push(Trial::test("the_suite_has_at_least_40_cases", move || {
        if count >= 40 {
            Ok(())
        } else {
            Err(format!("only {count} cases").into())
        }
    }));
    let conclusion = libtest_mimic::run(&args, trials);
    // exit() skips destructors: remove the unix socket file first.
    drop(listeners);
    conclusion.exit();
}
