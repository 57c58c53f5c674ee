//! The warm fork server's own guarantees, with real processes: a dead server is restarted and
//! the runs it had in flight run again; nothing one run does reaches another (memory, scratch,
//! identity); more runs than slots queue and all finish; the runtime is preloaded.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};
use verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES;
use verdict_sandbox::{Backend, Limits, RunOutcome, RunRequest, Sandbox, SandboxConfig, Status};
use verdict_tests::binary;

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

/// Runs `sources` at once, each on its own thread, after `before` starts them.
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
    let sources: Vec<String> =
        (0..4).map(|i| format!("import time\ntime.sleep(1.0)\nprint('run {i} finished')\n")).collect();
    let started = Instant::now();
    let handles = run_all(&sandbox, sources);
    std::thread::sleep(Duration::from_millis(400));
    server.kill_for_test();
    for (i, handle) in handles.into_iter().enumerate() {
        let outcome = handle.join().expect("run thread");
        assert_eq!(outcome.status, Status::Ok, "run {i}: {}", describe(&outcome));
        assert_eq!(stdout(&outcome), format!("run {i} finished\n"), "run {i}: {}", describe(&outcome));
        // A re-run starts from scratch: the whole second of sleep, not what was left of it.
        assert!(outcome.wall_ms >= 1000, "run {i} was not run again in full: {}", describe(&outcome));
    }
    assert!(started.elapsed() >= Duration::from_millis(1400), "the runs cannot have been re-run");
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
    let nonce = format!("secret-{}", std::process::id());
    let holder =
        format!("import os, time\nopen('/tmp/{nonce}', 'w').write('{nonce}')\nprint(os.getuid())\ntime.sleep(1.5)\n");
    let seeker = format!(
        r#"
import os, time
time.sleep(0.4)
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
    let handles = run_all(&sandbox, vec![holder, seeker]);
    let outcomes: Vec<RunOutcome> = handles.into_iter().map(|h| h.join().expect("run thread")).collect();
    let (holder, seeker) = (&outcomes[0], &outcomes[1]);
    assert_eq!(holder.status, Status::Ok, "{}", describe(holder));
    assert_eq!(seeker.status, Status::Ok, "{}", describe(seeker));
    let seeker_lines: Vec<String> = stdout(seeker).lines().map(str::to_owned).collect();
    assert_eq!(seeker_lines.get(1).map(String::as_str), Some("nothing"), "{}", describe(seeker));
    assert_ne!(stdout(holder).trim(), seeker_lines[0], "two runs at once shared an in-box uid");
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
    let outcome = fork.run(&RunRequest::script(script).with_runtime()).unwrap_or_else(|e| panic!("{e}"));
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
    let outcome = exec.run(&RunRequest::script(script).with_runtime()).unwrap_or_else(|e| panic!("{e}"));
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
