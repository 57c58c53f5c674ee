//! End-to-end tests of the `verdict` binary: each test writes its program into a fresh temporary
//! directory and runs `verdict` on it with `std::process::Command` (argv, never a shell).
//!
//! Build the binaries first: `cargo build --workspace --bins`.

use serde_json::Value;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use verdict_tests::gate::{Gate, PYTHON};
use verdict_tests::{binary, TempDir};

fn verdict() -> Command {
    let mut command = Command::new(binary("verdict"));
    command.stdin(Stdio::null());
    command
}

/// Runs `verdict` with `args` to completion.
fn verdict_with(args: &[&str]) -> Output {
    verdict().args(args).output().unwrap_or_else(|e| panic!("starting verdict {args:?}: {e}"))
}

fn path_arg(path: &Path) -> &str {
    path.to_str().unwrap_or_else(|| panic!("{} is not UTF-8", path.display()))
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A readable account of a finished `verdict`, for failure messages.
fn describe(output: &Output) -> String {
    format!("{}\n--- stdout ---\n{}\n--- stderr ---\n{}", output.status, text(&output.stdout), text(&output.stderr))
}

fn assert_success(output: &Output) {
    assert_eq!(output.status.code(), Some(0), "verdict should exit 0: {}", describe(output));
}

/// Splits `verdict --json` output into the program's own output and the JSON line that ends it.
/// The JSON must be the last line, on a line of its own, ending with a newline.
fn split_json(output: &Output) -> (String, Value) {
    let stdout = text(&output.stdout);
    let body = stdout
        .strip_suffix('\n')
        .unwrap_or_else(|| panic!("--json output does not end with a newline: {}", describe(output)));
    let (program, line) = match body.rsplit_once('\n') {
        Some((program, line)) => (program.to_owned(), line),
        None => (String::new(), body),
    };
    let json: Value = serde_json::from_str(line)
        .unwrap_or_else(|e| panic!("the last line {line:?} is not JSON ({e}): {}", describe(output)));
    assert!(json.is_object(), "the last line is not a JSON object: {line}");
    (program, json)
}

fn status_of(json: &Value) -> &str {
    json["status"].as_str().unwrap_or_else(|| panic!("no string `status` in {json}"))
}

fn u64_of(json: &Value, key: &str) -> u64 {
    json[key].as_u64().unwrap_or_else(|| panic!("no unsigned integer `{key}` in {json}"))
}

/// `verdict run --json` on `source`, with `extra` flags before the file.
fn run_json(dir: &TempDir, source: &str, extra: &[&str]) -> (Output, String, Value) {
    let program = dir.file("main.py", source);
    let mut args = vec!["run", "--json"];
    args.extend_from_slice(extra);
    args.push(path_arg(&program));
    let output = verdict_with(&args);
    assert_success(&output);
    let (before, json) = split_json(&output);
    (output, before, json)
}

#[test]
fn run_prints_exactly_the_programs_stdout() {
    let dir = TempDir::new("hello");
    let program = dir.file("hello.py", "print('hello, world')\n");
    let output = verdict_with(&["run", path_arg(&program)]);
    assert_success(&output);
    assert_eq!(text(&output.stdout), "hello, world\n", "{}", describe(&output));
    assert_eq!(text(&output.stderr), "", "{}", describe(&output));
}

#[test]
fn json_ends_the_output_with_one_object_describing_the_run() {
    let dir = TempDir::new("json");
    let (output, before, json) = run_json(&dir, "print('hello, world')\n", &[]);
    assert_eq!(before, "hello, world", "the program's output must come before the JSON: {}", describe(&output));
    for key in ["status", "exit_code", "signal", "cpu_ms", "wall_ms", "memory_kib"] {
        assert!(json.get(key).is_some(), "key `{key}` missing from {json}");
    }
    assert_eq!(status_of(&json), "ok", "{json}");
    assert_eq!(json["exit_code"], Value::from(0), "{json}");
    assert!(json["signal"].is_null(), "{json}");
}

#[test]
fn json_starts_on_its_own_line_after_output_without_a_trailing_newline() {
    let dir = TempDir::new("no-newline");
    let (output, before, json) = run_json(&dir, "import sys\nsys.stdout.write('no newline')\n", &[]);
    assert_eq!(before, "no newline", "{}", describe(&output));
    assert!(text(&output.stdout).starts_with("no newline\n{"), "{}", describe(&output));
    assert_eq!(status_of(&json), "ok", "{json}");
}

#[test]
fn a_raising_program_is_a_runtime_error_with_only_its_own_frames() {
    let dir = TempDir::new("raise");
    let (output, _, json) = run_json(&dir, "x = 1\nprint(x / 0)\n", &[]);
    assert_eq!(status_of(&json), "runtime_error", "{json}");
    assert_eq!(json["exit_code"], Value::from(1), "{json}");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("Traceback"), "no traceback on stderr: {stderr}");
    assert!(stderr.contains("ZeroDivisionError"), "{stderr}");
    assert!(stderr.contains(r#"File "/box/main.py", line 2"#), "the traceback should name /box/main.py: {stderr}");
    assert!(!stderr.contains("run_script.py"), "the runner's frames should be hidden: {stderr}");
}

#[test]
fn stdin_file_feeds_the_program() {
    let dir = TempDir::new("stdin");
    let program = dir.file("upper.py", "print(input().upper())\n");
    let input = dir.file("input.txt", "shout this\n");
    let output = verdict_with(&["run", "--stdin", path_arg(&input), path_arg(&program)]);
    assert_success(&output);
    assert_eq!(text(&output.stdout), "SHOUT THIS\n", "{}", describe(&output));
}

#[test]
fn piped_stdin_feeds_the_program_when_no_stdin_file_is_given() {
    let dir = TempDir::new("piped-stdin");
    let program = dir.file("upper.py", "import sys\nprint(sys.stdin.read().upper(), end='')\n");
    let mut child = verdict()
        .args(["run", path_arg(&program)])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting verdict run: {e}"));
    let mut stdin = child.stdin.take().unwrap_or_else(|| panic!("no stdin pipe"));
    std::io::Write::write_all(&mut stdin, b"first line\nsecond line\n").unwrap_or_else(|e| panic!("writing: {e}"));
    drop(stdin);
    let output = child.wait_with_output().unwrap_or_else(|e| panic!("waiting for verdict run: {e}"));
    assert_success(&output);
    assert_eq!(text(&output.stdout), "FIRST LINE\nSECOND LINE\n", "{}", describe(&output));
}

/// Runs `verdict args...` with its stdout a pipe whose reader has gone before it writes.
fn with_stdout_closed_early(args: &[&str]) -> Output {
    let mut child = verdict()
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("starting verdict {args:?}: {e}"));
    drop(child.stdout.take());
    child.wait_with_output().unwrap_or_else(|e| panic!("waiting for verdict {args:?}: {e}"))
}

#[test]
fn a_reader_that_leaves_early_is_no_panic_and_no_error() {
    let dir = TempDir::new("epipe");
    let program = dir.file("loud.py", "for i in range(10000):\n    print('line', i)\n");
    let solution = dir.file("pi.py", "def calculate_pi(n):\n    return 3.0\n");
    let problems = verdict_tests::workspace_root().join("problems");
    for args in [
        vec!["run", path_arg(&program)],
        vec!["run", "--json", path_arg(&program)],
        vec!["judge", "--problem", "calculate-pi", "--problems", path_arg(&problems), path_arg(&solution)],
        vec!["judge", "--json", "--problem", "calculate-pi", "--problems", path_arg(&problems), path_arg(&solution)],
    ] {
        let output = with_stdout_closed_early(&args);
        let stderr = text(&output.stderr);
        assert!(!stderr.contains("panicked") && !stderr.contains("Broken pipe"), "{args:?}: {}", describe(&output));
        assert_eq!(output.status.code(), Some(0), "{args:?}: {}", describe(&output));
    }
}

#[test]
fn time_limit_stops_an_endless_loop() {
    let dir = TempDir::new("time");
    let (_, _, json) = run_json(&dir, "while True:\n    pass\n", &["--time-limit", "0.5"]);
    assert_eq!(status_of(&json), "time_limit", "{json}");
    assert!(u64_of(&json, "cpu_ms") >= 500, "the loop should have used its 500 ms of CPU: {json}");
}

#[test]
fn memory_limit_stops_a_large_allocation() {
    let dir = TempDir::new("memory-64");
    let source = "buffer = bytearray(100 * 1024 * 1024)\nprint('allocated')\n";
    let (output, before, json) = run_json(&dir, source, &["--memory-limit", "64"]);
    assert_eq!(status_of(&json), "memory_limit", "{json}");
    assert_eq!(before, "", "the allocation should not have succeeded: {}", describe(&output));
}

#[test]
fn the_default_memory_limit_allows_the_same_allocation() {
    let dir = TempDir::new("memory-default");
    let source = "buffer = bytearray(100 * 1024 * 1024)\nprint('allocated')\n";
    let (output, before, json) = run_json(&dir, source, &[]);
    assert_eq!(status_of(&json), "ok", "{json}");
    assert_eq!(before, "allocated", "{}", describe(&output));
}

#[test]
fn a_syntax_error_is_a_runtime_error_naming_the_line() {
    let dir = TempDir::new("syntax");
    let (output, _, json) = run_json(&dir, "x = 1\ndef broken(:\n    pass\n", &[]);
    assert_eq!(status_of(&json), "runtime_error", "{json}");
    let stderr = text(&output.stderr);
    assert!(stderr.contains("SyntaxError"), "{stderr}");
    assert!(stderr.contains("def broken(:"), "the offending line should be shown: {stderr}");
    assert!(stderr.contains(r#"File "/box/main.py", line 2"#), "{stderr}");
    assert!(!stderr.contains("run_script.py"), "the runner's frames should be hidden: {stderr}");
}

/// Asserts `verdict` refused its arguments: a non-zero exit (not a crash), nothing run, and a
/// message on stderr containing each of `needles`.
fn assert_usage_error(output: &Output, needles: &[&str]) {
    assert!(
        output.status.code().is_some_and(|code| code != 0),
        "verdict should exit non-zero by itself: {}",
        describe(output)
    );
    assert!(!text(&output.stdout).contains("hello"), "the program should not have run: {}", describe(output));
    let stderr = text(&output.stderr);
    for needle in needles {
        assert!(stderr.contains(needle), "stderr should mention {needle:?}: {}", describe(output));
    }
}

#[test]
fn a_missing_program_file_is_a_usage_error_naming_the_path() {
    let dir = TempDir::new("missing");
    let missing = dir.path().join("does-not-exist.py");
    let output = verdict_with(&["run", path_arg(&missing)]);
    assert_usage_error(&output, &[path_arg(&missing)]);
}

#[test]
fn a_missing_stdin_file_is_a_usage_error_naming_the_path() {
    let dir = TempDir::new("missing-stdin");
    let program = dir.file("hello.py", "print('hello, world')\n");
    let missing = dir.path().join("no-input.txt");
    let output = verdict_with(&["run", "--stdin", path_arg(&missing), path_arg(&program)]);
    assert_usage_error(&output, &[path_arg(&missing)]);
}

#[test]
fn a_zero_time_limit_is_a_usage_error() {
    let dir = TempDir::new("time-zero");
    let program = dir.file("hello.py", "print('hello, world')\n");
    let output = verdict_with(&["run", "--time-limit", "0", path_arg(&program)]);
    assert_usage_error(&output, &["--time-limit must be a positive number"]);
}

#[test]
fn a_negative_time_limit_is_a_usage_error() {
    let dir = TempDir::new("time-negative");
    let program = dir.file("hello.py", "print('hello, world')\n");
    let output = verdict_with(&["run", "--time-limit", "-1", path_arg(&program)]);
    assert_usage_error(&output, &["--time-limit must be a positive number", "-1"]);
    // Attached to its flag, the value reaches verdict's own check.
    let output = verdict_with(&["run", "--time-limit=-1", path_arg(&program)]);
    assert_usage_error(&output, &["--time-limit must be a positive number", "-1"]);
}

#[test]
fn an_unknown_flag_is_a_usage_error_naming_it() {
    let dir = TempDir::new("unknown-flag");
    let program = dir.file("hello.py", "print('hello, world')\n");
    let output = verdict_with(&["run", "--no-such-flag", path_arg(&program)]);
    assert_usage_error(&output, &["--no-such-flag"]);
}

#[test]
fn a_script_is_refused_as_the_interpreter() {
    let dir = TempDir::new("shim");
    let shim = dir.file("python3", "#!/bin/sh\nexec /usr/bin/python3.11 \"$@\"\n");
    std::fs::set_permissions(&shim, std::fs::Permissions::from_mode(0o755))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", shim.display()));
    let program = dir.file("hello.py", "print('hello, world')\n");
    let output = verdict_with(&["--python", path_arg(&shim), "run", path_arg(&program)]);
    assert_usage_error(&output, &["shim"]);
}

#[test]
fn doctor_reports_every_layer_available() {
    const LAYERS: [&str; 18] = [
        "memory cgroup",
        "credentials",
        "user namespace",
        "pid namespace",
        "network namespace",
        "ipc namespace",
        "uts namespace",
        "mount namespace",
        "read-only root",
        "scratch directory",
        "proc",
        "rlimits",
        "no_new_privs",
        "landlock",
        "capabilities",
        "seccomp",
        "seccomp user notification",
        "exec",
    ];
    let output = verdict_with(&["doctor"]);
    assert_success(&output);
    let stdout = text(&output.stdout);
    for layer in LAYERS {
        // The layer name, then padding, then exactly "available" ("seccomp" must not match the
        // "seccomp user notification" line).
        let found = stdout.lines().any(|line| {
            line.strip_prefix(layer)
                .is_some_and(|rest| rest.starts_with(char::is_whitespace) && rest.trim() == "available")
        });
        assert!(found, "doctor should list `{layer}` as available:\n{stdout}");
    }
    assert!(stdout.trim_end().ends_with("all layers available"), "{stdout}");
    // Hosts of this kind mount a cgroup v2 hierarchy (empty beside the v1 memory one): the
    // orchestrator gives it favordynmods, so a run joins its cgroup without an RCU wait.
    let migration = stdout.lines().find(|line| line.starts_with("joining a run's cgroup")).unwrap_or_default();
    assert!(migration.contains("fast:") && migration.contains("favordynmods"), "{stdout}");
}

#[test]
fn concurrent_runs_each_have_their_own_pid_namespace() {
    let dir = TempDir::new("concurrent");
    // Each run lists /proc between two gates: both have arrived before either lists, and
    // neither leaves before both have listed, so each looks while the other is running.
    let (arrived, listed) = (Gate::new("arrived"), Gate::new("listed"));
    let program = dir.file(
        "pids.py",
        &format!(
            "{PYTHON}import os\n{}\nprint(os.getpid())\nprint(sorted(os.listdir('/proc')))\n{}\n",
            arrived.call(),
            listed.call()
        ),
    );
    let start = || {
        verdict()
            .args(["run", "--json", "--time-limit", "20", path_arg(&program)])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("starting verdict: {e}"))
    };
    let runs = [start(), start()];
    for gate in [&arrived, &listed] {
        for marker in gate.wait_parked(2) {
            Gate::open(&marker);
        }
    }
    for child in runs {
        let output = child.wait_with_output().unwrap_or_else(|e| panic!("waiting for verdict: {e}"));
        assert_success(&output);
        let (before, json) = split_json(&output);
        assert_eq!(status_of(&json), "ok", "{json}");
        let lines: Vec<&str> = before.lines().collect();
        assert_eq!(lines.first().copied(), Some("1"), "the program should be pid 1: {}", describe(&output));
        let listing = lines.get(1).copied().unwrap_or_default();
        assert!(listing.starts_with('[') && listing.contains("'self'"), "not a /proc listing: {listing}");
        let pids: Vec<&str> = listing
            .trim_matches(['[', ']'])
            .split(", ")
            .map(|entry| entry.trim_matches('\''))
            .filter(|entry| entry.chars().all(|c| c.is_ascii_digit()))
            .collect();
        assert_eq!(pids, ["1"], "only pid 1 should be visible in /proc: {listing}");
    }
}

/// The lines of `stdout` after the one starting with `title`, up to the next blank line.
fn block_after<'a>(stdout: &'a str, title: &str) -> Vec<&'a str> {
    let mut lines = stdout.lines().skip_while(|line| !line.starts_with(title));
    assert!(lines.next().is_some(), "no block {title:?} in:\n{stdout}");
    lines.take_while(|line| !line.is_empty()).collect()
}

#[test]
fn bench_reads_each_figure_against_bubblewrap_and_lists_every_target() {
    let output = verdict()
        .current_dir(verdict_tests::workspace_root())
        .args(["bench", "--runs", "1", "--only", "trivial", "--only", "memory"])
        .output()
        .unwrap_or_else(|e| panic!("starting verdict bench: {e}"));
    assert_success(&output);
    let stdout = text(&output.stdout);
    assert!(
        !stdout.contains("bubblewrap (bwrap) is not installed"),
        "bwrap is missing: scripts/setup-host.sh installs it\n{stdout}"
    );
    let trivial = block_after(&stdout, "Per-test wall time, a trivial function test");
    let header: Vec<&str> = trivial[0].split_whitespace().collect();
    assert_eq!(header, ["median", "p95", "x", "bare", "x", "bwrap"], "{stdout}");
    let peer = trivial
        .iter()
        .find(|line| line.starts_with("bubblewrap (fresh interpreter per run)"))
        .unwrap_or_else(|| panic!("no bubblewrap row in the trivial test's table:\n{stdout}"));
    assert!(peer.trim_end().ends_with("1.00x"), "bubblewrap is its own peer: {peer}");
    let memory = block_after(&stdout, "Memory:");
    for row in ["fork-server child", "bubblewrap run", "bare interpreter, just started"] {
        assert!(memory.iter().any(|line| line.starts_with(row)), "no {row:?} row in the memory table:\n{stdout}");
    }
    let targets = block_after(&stdout, "Targets (issue 19)");
    let verdict_of = |what: &str| -> &str {
        let line = targets
            .iter()
            .find(|line| line.starts_with(what))
            .unwrap_or_else(|| panic!("no target {what:?} in the summary:\n{stdout}"));
        ["NOT met", "met", "not measured in this run"]
            .into_iter()
            .find(|verdict| line.ends_with(verdict))
            .unwrap_or_else(|| panic!("the target line says neither met nor NOT met: {line}"))
    };
    for measured in ["trivial function test", "fork-server child, private memory"] {
        assert!(["met", "NOT met"].contains(&verdict_of(measured)), "{measured} was measured:\n{stdout}");
    }
    for skipped in
        ["Django ORM test", "SQLAlchemy test", "10-test submission", "sustained trivial tests, 4 client threads"]
    {
        assert_eq!(verdict_of(skipped), "not measured in this run", "{stdout}");
    }
    assert_eq!(targets.len(), 7, "a header and the six targets of issue 19:\n{stdout}");
}
