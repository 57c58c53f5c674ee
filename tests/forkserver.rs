//! The warm fork server's own guarantees, with real processes: a dead server is restarted and
//! the runs it had in flight run again; nothing one run does reaches another (memory, scratch,
//! identity); more runs than slots queue and all finish; the runtime is preloaded; the whole
//! run's memory (memfds and socket buffers included) is bounded and reported, on both paths; a
//! denied call never goes unreported; the box shows no host cgroup names.

use std::path::PathBuf;
use std::sync::Arc;
use verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES;
use verdict_sandbox::{Backend, Limits, RunOutcome, RunRequest, Sandbox, SandboxConfig, Status};
use verdict_tests::gate::{Gate, PYTHON};
use verdict_tests::{binary, eventually, parents};

fn fork_sandbox(slots: u32, packages: bool) -> Sandbox {
    let sandbox = Sandbox::new(SandboxConfig {
        jail: Some(binary("verdict-jail")),
        forkserver: Some(binary("verdict-forkserver")),
        backend: Backend::Fork,
        fork_slots: slots,
        python_packages: packages.then(|| PathBuf::from(DEFAULT_PYTHON_PACKAGES)),
        ..SandboxConfig::default()
    })
    .unwrap_or_else(|e| panic!("setting up the fork server: {e}"));
    sandbox.start_backend().unwrap_or_else(|e| panic!("starting the fork server: {e}"));
    sandbox
}

fn run(sandbox: &Sandbox, source: &str) -> RunOutcome {
    sandbox.run(&RunRequest::script(source)).unwrap_or_else(|e| panic!("{e}"))
}

fn stdout(outcome: &RunOutcome) -> String {
    String::from_utf8_lossy(&outcome.stdout).into_owned()
}

fn describe(outcome: &RunOutcome) -> String {
    format!(
        "{}\n  stdout: {:?}\n  stderr: {}",
        serde_json::to_string(outcome).unwrap_or_default(),
        stdout(outcome),
        String::from_utf8_lossy(&outcome.stderr)
    )
}

/// Starts `sources` at once, each on its own thread.
fn run_all(sandbox: &Arc<Sandbox>, sources: Vec<String>) -> Vec<std::thread::JoinHandle<RunOutcome>> {
    sources
        .into_iter()
        .map(|source| {
            let sandbox = Arc::clone(sandbox);
            std::thread::spawn(move || run(&sandbox, &source))
        })
        .collect()
}

#[test]
fn a_dead_fork_server_is_restarted_and_its_runs_in_flight_run_again() {
    let sandbox = Arc::new(fork_sandbox(4, false));
    assert_eq!(run(&sandbox, "print('warm')").status, Status::Ok);
    let server = sandbox.fork_server().expect("fork backend");
    assert_eq!(server.generation(), 1);
    let gate = Gate::new("restart");
    let sources: Vec<String> =
        (0..4).map(|i| format!("{PYTHON}{}\nprint('run {i} finished')\n", gate.call())).collect();
    let handles = run_all(&sandbox, sources);
    // Every run is in flight, held at the gate, when the server dies.
    let first = gate.wait_parked(4);
    server.kill_for_test();
    eventually("the first server's runs to end with it", || first.iter().all(|m| !m.exists()).then_some(()));
    // Past the gate only in the new server's boxes: each run starts again from the top.
    let opener = gate.keep_open();
    for (i, handle) in handles.into_iter().enumerate() {
        let outcome = handle.join().expect("run thread");
        assert_eq!(outcome.status, Status::Ok, "run {i}: {}", describe(&outcome));
        assert_eq!(stdout(&outcome), format!("run {i} finished\n"), "run {i}: {}", describe(&outcome));
    }
    assert_eq!(opener.stop(), 4, "each run in flight ran again exactly once");
    assert_eq!(server.generation(), 2, "exactly one restart");
    assert_eq!(run(&sandbox, "print('after')").status, Status::Ok);
}

#[test]
fn nothing_a_run_changes_in_memory_or_in_scratch_reaches_the_next_run() {
    let sandbox = fork_sandbox(2, false);
    let tamper = r#"
import builtins, json, sys
json.dumps = lambda *a, **k: "TAMPERED"
json.verdict_tampered = True
builtins.verdict_tampered = True
sys.modules["verdict_planted"] = json
zygote = sys.modules.get("verdict_zygote")
if zygote is not None:
    zygote.run_main = lambda *a, **k: 0
open("/tmp/left-behind", "w").write("x")
print("tampered")
"#;
    let check = r#"
import builtins, json, os, sys
found = []
if json.dumps({"a": 1}) != '{"a": 1}': found.append("json.dumps")
if hasattr(json, "verdict_tampered"): found.append("json attribute")
if hasattr(builtins, "verdict_tampered"): found.append("builtins attribute")
if "verdict_planted" in sys.modules: found.append("sys.modules entry")
if os.listdir("/tmp"): found.append("scratch files %r" % os.listdir("/tmp"))
print("clean" if not found else "LEAK: %s" % found)
"#;
    for round in 0..3 {
        let outcome = run(&sandbox, tamper);
        assert_eq!(stdout(&outcome), "tampered\n", "round {round}: {}", describe(&outcome));
        let outcome = run(&sandbox, check);
        assert_eq!(stdout(&outcome), "clean\n", "round {round}: {}", describe(&outcome));
    }
}

#[test]
fn a_run_cannot_see_another_runs_scratch_or_share_its_uid() {
    let sandbox = Arc::new(fork_sandbox(4, false));
    // The holder waits at the gate with its files in scratch while the seeker looks for them,
    // so the two runs are in flight together. The marker's name is the secret sought.
    let gate = Gate::new("holder");
    let nonce = gate.marker().to_owned();
    let holder = format!(
        "{PYTHON}import os\nopen('/tmp/{nonce}-kept', 'w').write('{nonce}')\nprint(os.getuid())\n{}\n\
         print(os.path.exists('/tmp/{nonce}-kept'))\n",
        gate.call()
    );
    let seeker = format!(
        r#"
import os
found = []
for top, dirs, files in os.walk("/", onerror=lambda e: None):
    if top.startswith("/proc/") and top.count("/") > 3:
        dirs[:] = []
    for name in files + dirs:
        if "{nonce}" in name:
            found.append(os.path.join(top, name))
for pid in os.listdir("/proc"):
    for sub in ("root/tmp", "cwd"):
        try:
            if any("{nonce}" in n for n in os.listdir("/proc/%s/%s" % (pid, sub))) and pid != "1":
                found.append("/proc/%s/%s" % (pid, sub))
        except OSError:
            pass
print(os.getuid())
print("nothing" if not found else "LEAK: %s" % found)
"#
    );
    let holder_run = run_all(&sandbox, vec![holder]).remove(0);
    let parked = gate.wait_parked(1);
    let seeker = run(&sandbox, &seeker);
    assert!(parked.iter().all(|m| Gate::open(m)), "the holder ended before the seeker was done");
    let holder = holder_run.join().expect("run thread");
    assert_eq!(holder.status, Status::Ok, "{}", describe(&holder));
    assert_eq!(seeker.status, Status::Ok, "{}", describe(&seeker));
    let holder_lines: Vec<String> = stdout(&holder).lines().map(str::to_owned).collect();
    assert_eq!(
        holder_lines.get(1).map(String::as_str),
        Some("True"),
        "the holder's file was gone: {}",
        describe(&holder)
    );
    let seeker_lines: Vec<String> = stdout(&seeker).lines().map(str::to_owned).collect();
    assert_eq!(seeker_lines.get(1).map(String::as_str), Some("nothing"), "{}", describe(&seeker));
    assert_ne!(holder_lines[0], seeker_lines[0], "two runs at once shared an in-box uid");
    assert!(holder.host_uid.is_some() && holder.host_uid != seeker.host_uid, "host uids: {holder:?} {seeker:?}");
}

#[test]
fn more_runs_than_slots_queue_and_every_one_finishes_or_times_out() {
    let sandbox = Arc::new(fork_sandbox(2, false));
    let mut sources: Vec<String> = (0..6).map(|i| format!("import time\ntime.sleep(0.2)\nprint({i})\n")).collect();
    sources.push("while True:\n    pass\n".into());
    let limits = Limits { cpu_ms: 500, wall_ms: 1500, ..Limits::default() };
    let handles: Vec<_> = sources
        .into_iter()
        .map(|source| {
            let sandbox = Arc::clone(&sandbox);
            let limits = limits.clone();
            std::thread::spawn(move || {
                sandbox.run(&RunRequest::script(source).with_limits(limits)).unwrap_or_else(|e| panic!("{e}"))
            })
        })
        .collect();
    let outcomes: Vec<RunOutcome> = handles.into_iter().map(|h| h.join().expect("run thread")).collect();
    for (i, outcome) in outcomes.iter().take(6).enumerate() {
        assert_eq!(outcome.status, Status::Ok, "{}", describe(outcome));
        assert_eq!(stdout(outcome), format!("{i}\n"));
    }
    assert_eq!(outcomes[6].status, Status::TimeLimit, "{}", describe(&outcomes[6]));
    assert_eq!(sandbox.fork_server().map(|s| s.generation()), Some(1), "the server must not have died");
}

#[test]
fn the_runtime_is_warm_in_the_fork_server_and_loaded_from_the_box_on_the_exec_path() {
    let packages = PathBuf::from(DEFAULT_PYTHON_PACKAGES);
    assert!(packages.is_dir(), "{} is missing: run scripts/setup-sandbox-python.sh", packages.display());
    let script = r#"
import sys
preloaded = "django" in sys.modules and "sqlalchemy" in sys.modules
import verdict_runtime
from sqlalchemy import select
Book = verdict_runtime.schema("django", "library").module.Book
author = Book.author.field.related_model.objects.create(name="a")
Book.objects.bulk_create([Book(title="t%d" % i, year=1990 + i, author=author) for i in range(10)])
print(preloaded, Book.objects.filter(year__gte=1995).count())
library = verdict_runtime.schema("sqlalchemy", "library")
with library.session() as session:
    author = library.module.Author(name="b")
    session.add_all([library.module.Book(title="s%d" % i, year=2000 + i, author=author) for i in range(4)])
    session.flush()
    print(len(session.scalars(select(library.module.Book).where(library.module.Book.year > 2001)).all()))
"#;
    let fork = fork_sandbox(2, true);
    let outcome = fork
        .run(&RunRequest::script(script).with_runtime(verdict_sandbox::Runtime::Packages, verdict_judge::preloads()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stdout(&outcome), "True 5\n2\n", "{}", describe(&outcome));
    // Runs that do not ask for the runtime go to the smaller server, without the packages.
    let outcome =
        fork.run(&RunRequest::script("import sys\nprint('django' in sys.modules)\n")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stdout(&outcome), "False\n", "{}", describe(&outcome));
    let exec = Sandbox::new(SandboxConfig {
        jail: Some(binary("verdict-jail")),
        backend: Backend::Exec,
        python_packages: Some(packages),
        ..SandboxConfig::default()
    })
    .unwrap_or_else(|e| panic!("{e}"));
    let outcome = exec
        .run(&RunRequest::script(script).with_runtime(verdict_sandbox::Runtime::Packages, verdict_judge::preloads()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(stdout(&outcome), "False 5\n2\n", "{}", describe(&outcome));
}

#[test]
fn a_busy_loop_is_stopped_by_its_cpu_limit_not_by_the_wall_clock() {
    let sandbox = fork_sandbox(2, false);
    let limits = Limits { cpu_ms: 1000, wall_ms: 10_000, ..Limits::default() };
    let outcome = sandbox
        .run(&RunRequest::script("while True:\n    pass\n").with_limits(limits))
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(outcome.status, Status::TimeLimit, "{}", describe(&outcome));
    // The supervisor samples CPU time every 10 ms; twice the limit leaves room for a loaded
    // machine, and is far below where the wall limit (or RLIMIT_CPU a second late) would end it.
    assert!(outcome.cpu_ms < 2000, "ended after {} ms of CPU: the CPU limit was not applied", outcome.cpu_ms);
}

fn exec_sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig {
        jail: Some(binary("verdict-jail")),
        backend: Backend::Exec,
        ..SandboxConfig::default()
    })
    .unwrap_or_else(|e| panic!("setting up the exec sandbox: {e}"))
}

/// Programs that pin memory outside any one process's address space (SECURITY-FINDINGS F1).
const MEMFDS_PARKED_IN_FLIGHT: &str = r#"
import os, socket
a, b = socket.socketpair()
chunk = b"x" * (1 << 20)
for i in range(40):
    fd = os.memfd_create("parked")
    for _ in range(7):
        os.write(fd, chunk)
    socket.send_fds(a, [b"m"], [fd])
    os.close(fd)
print("LEAK: 280 MiB of memfds parked in flight")
"#;
const MEMFDS_MAPPED: &str = r#"
import mmap, os
maps = []
for i in range(40):
    fd = os.memfd_create("mapped")
    os.ftruncate(fd, 7 << 20)
    m = mmap.mmap(fd, 7 << 20, mmap.MAP_SHARED)
    os.close(fd)
    for off in range(0, len(m), 4096):
        m[off] = 1
    maps.append(m)
print("LEAK: 280 MiB of memfds mapped")
"#;
const SOCKET_BUFFERS_PARKED: &str = r#"
import socket
park, _ = socket.socketpair()
kept = []
total = 0
while True:
    a, b = socket.socketpair()
    a.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 1 << 20)
    a.setblocking(False)
    try:
        while True:
            total += a.send(b"x" * 65536)
    except BlockingIOError:
        pass
    try:
        socket.send_fds(park, [b"s"], [a.fileno(), b.fileno()])
        a.close()
        b.close()
    except OSError:
        kept.append((a, b))
    print(total >> 20, flush=True)
"#;

#[test]
fn memfds_and_socket_buffers_count_against_the_whole_runs_memory_limit_on_both_paths() {
    let limits = Limits { memory_bytes: 64 << 20, ..Limits::default() };
    let sandboxes = [("exec", exec_sandbox()), ("fork", fork_sandbox(2, false))];
    for (path, sandbox) in &sandboxes {
        for (name, source) in [
            ("memfds parked in flight", MEMFDS_PARKED_IN_FLIGHT),
            ("memfds mapped", MEMFDS_MAPPED),
            ("socket buffers parked", SOCKET_BUFFERS_PARKED),
        ] {
            let outcome =
                sandbox.run(&RunRequest::script(source).with_limits(limits.clone())).unwrap_or_else(|e| panic!("{e}"));
            assert_eq!(outcome.status, Status::MemoryLimit, "{path}: {name}: {}", describe(&outcome));
            assert!(outcome.memory_kib <= 64 * 1024, "{path}: {name} went past its limit: {}", describe(&outcome));
            assert!(!stdout(&outcome).contains("LEAK"), "{path}: {name}: {}", describe(&outcome));
        }
    }
}

#[test]
fn the_run_reports_its_own_peak_memory_and_wall_time_covers_cpu_time() {
    let sandbox = fork_sandbox(2, false);
    let ordinary = run(&sandbox, "print(sum(range(1000)))\n");
    assert_eq!(ordinary.status, Status::Ok, "{}", describe(&ordinary));
    assert!(ordinary.memory_kib > 0, "an ordinary run reports no memory: {}", describe(&ordinary));
    let allocating =
        "data = bytearray(50 << 20)\nfor i in range(0, len(data), 4096):\n    data[i] = 1\nprint(len(data))\n";
    for (path, sandbox) in [("fork", &sandbox), ("exec", &exec_sandbox())] {
        let outcome = run(sandbox, allocating);
        assert_eq!(outcome.status, Status::Ok, "{path}: {}", describe(&outcome));
        assert!(
            outcome.memory_kib >= 50 * 1024,
            "{path}: 50 MiB held, {} KiB reported: {}",
            outcome.memory_kib,
            describe(&outcome)
        );
        let busy = run(sandbox, "n = 0\nfor i in range(3_000_000):\n    n += i\nprint(n)\n");
        assert_eq!(busy.status, Status::Ok, "{path}: {}", describe(&busy));
        assert!(
            busy.wall_ms >= busy.cpu_ms,
            "{path}: a single-threaded run's wall time is below its CPU time: {}",
            describe(&busy)
        );
    }
}

/// A thread makes a denied call and the main thread exits while the call waits on the
/// supervisor (SECURITY-FINDINGS F11): the main thread first sees the thread blocked in the
/// call, so the violation is always pending when the process exits.
const DENIED_CALL_AS_THE_PROCESS_EXITS: &str = r#"
import os, socket, threading
tid = []
def deny():
    tid.append(threading.get_native_id())
    socket.socket()
threading.Thread(target=deny, daemon=True).start()
while not tid:
    pass
path = "/proc/self/task/%d/syscall" % tid[0]
while True:
    try:
        if open(path).read().split()[0] == "41":
            break
    except (OSError, IndexError):
        pass
os._exit(0)
"#;

#[test]
fn a_denied_call_pending_as_the_process_exits_is_always_a_violation() {
    let sandbox = fork_sandbox(2, false);
    let exec = exec_sandbox();
    for round in 0..30 {
        for (path, sandbox) in [("fork", &sandbox), ("exec", &exec)] {
            let outcome = run(sandbox, DENIED_CALL_AS_THE_PROCESS_EXITS);
            assert_eq!(outcome.status, Status::SecurityViolation, "{path} round {round}: {}", describe(&outcome));
            assert_eq!(outcome.violation.as_deref(), Some("socket"), "{path} round {round}: {}", describe(&outcome));
        }
    }
}

#[test]
fn the_box_shows_no_host_cgroup_names() {
    for (path, sandbox) in [("fork", fork_sandbox(1, false)), ("exec", exec_sandbox())] {
        let outcome = run(&sandbox, "print(open('/proc/self/cgroup').read())\n");
        assert_eq!(outcome.status, Status::Ok, "{path}: {}", describe(&outcome));
        let text = stdout(&outcome);
        assert!(!text.trim().is_empty(), "{path}: {}", describe(&outcome));
        for line in text.lines().filter(|l| !l.is_empty()) {
            assert!(line.ends_with(":/"), "{path}: /proc/self/cgroup names a host cgroup: {line:?}");
        }
    }
}

#[test]
fn the_supervisor_ends_a_cpu_bound_run_at_its_cpu_limit_on_both_paths() {
    // With the wall limit far away, only the supervisor's CPU samples can end the loop before
    // RLIMIT_CPU's backstop, whose soft limit is a whole second above the limit (2 s here).
    let limits = Limits { cpu_ms: 500, wall_ms: 60_000, ..Limits::default() };
    for (path, sandbox) in [("fork", fork_sandbox(1, false)), ("exec", exec_sandbox())] {
        let outcome = sandbox
            .run(&RunRequest::script("while True:\n    pass\n").with_limits(limits.clone()))
            .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(outcome.status, Status::TimeLimit, "{path}: {}", describe(&outcome));
        assert!(outcome.cpu_ms < 2000, "{path}: ran on to the RLIMIT_CPU backstop: {}", describe(&outcome));
    }
}

/// Host pid to parent pid of every process.
fn children_of(pid: u32) -> Vec<u32> {
    parents().into_iter().filter(|&(_, parent)| parent == pid).map(|(child, _)| child).collect()
}

#[test]
fn spares_are_forked_ahead_hold_only_their_own_channel_and_die_with_the_fork_server() {
    let sandbox = Sandbox::new(SandboxConfig {
        jail: Some(binary("verdict-jail")),
        forkserver: Some(binary("verdict-forkserver")),
        backend: Backend::Fork,
        fork_slots: 2,
        fork_spares: 3,
        ..SandboxConfig::default()
    })
    .unwrap_or_else(|e| panic!("setting up the fork server: {e}"));
    let outcome = run(&sandbox, "print('warm')");
    assert_eq!(outcome.status, Status::Ok, "{}", describe(&outcome));
    let server = sandbox.fork_server().expect("fork backend");
    let info = server.ensure_started().unwrap_or_else(|e| panic!("{e}"));
    let zygote = match children_of(info.pid)[..] {
        [zygote] => zygote,
        ref others => panic!("the fork server's outer process has children {others:?}, not one zygote"),
    };
    // No run is in flight: every child of the zygote is a spare, waiting.
    let spares = eventually("three spares", || Some(children_of(zygote)).filter(|c| c.len() == 3));
    for spare in &spares {
        let descriptors = || {
            let mut fds: Vec<u32> = std::fs::read_dir(format!("/proc/{spare}/fd"))
                .unwrap_or_else(|e| panic!("listing the descriptors of spare {spare}: {e}"))
                .flatten()
                .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse().ok()))
                .collect();
            fds.sort_unstable();
            fds
        };
        // A spare forked a moment ago still holds what the zygote held until its first step
        // closes it; one that never closes it fails here when the wait runs out.
        let fds = eventually(&format!("spare {spare} to close what it inherited from the zygote"), || {
            Some(descriptors()).filter(|fds| fds.len() <= 5)
        });
        // 0 to 2 as the zygote had them, then its channel and its marker: nothing of another
        // run, nor the zygote's control channel beyond its stdin.
        assert_eq!(fds.len(), 5, "spare {spare} holds descriptors {fds:?}");
        assert_eq!(fds[..3], [0, 1, 2], "spare {spare} holds descriptors {fds:?}");
    }
    // A run takes a spare, and a new spare takes its place: never the same process twice.
    assert_eq!(run(&sandbox, "print('again')").status, Status::Ok);
    let after = eventually("the pool topped up again", || Some(children_of(zygote)).filter(|c| c.len() == 3));
    assert_eq!(after.iter().filter(|pid| spares.contains(pid)).count(), 2, "before {spares:?}, after {after:?}");
    server.kill_for_test();
    eventually("every spare to die with the fork server", || {
        let alive = parents();
        after.iter().all(|pid| !alive.contains_key(pid)).then_some(())
    });
}
