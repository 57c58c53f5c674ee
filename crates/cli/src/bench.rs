//! `verdict bench`: the sandbox's costs, measured side by side in one process so that every
//! figure sees the same machine load. Each section interleaves the things it compares (bare
//! interpreter start, exec path, warm fork server) and prints medians, p95s and ratios.

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Map, Value};
use std::io::{BufRead, BufReader};
use std::process::{Command, ExitCode, Stdio};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use verdict_judge::harness;
use verdict_sandbox::{Backend, BoxedFile, RunOutcome, RunRequest, Runtime, Sandbox, SandboxConfig, Status};

const TRIVIAL_SOLUTION: &str = "def add(a, b):\n    return a + b\n";
const DJANGO_TEST: &str = r#"import verdict_runtime
models = verdict_runtime.schema("django", "library").module
author = models.Author.objects.create(name="a")
models.Book.objects.bulk_create([models.Book(title="t%d" % i, year=1995 + i, author=author) for i in range(10)])
print(list(models.Book.objects.filter(year__gte=2000).order_by("year").values_list("title", flat=True)[:3]))
"#;
const SQLALCHEMY_TEST: &str = r#"import verdict_runtime
from sqlalchemy import select
library = verdict_runtime.schema("sqlalchemy", "library")
models = library.module
with library.session() as session:
    author = models.Author(name="a")
    session.add_all([models.Book(title="t%d" % i, year=1995 + i, author=author) for i in range(10)])
    session.flush()
    query = select(models.Book.title).where(models.Book.year >= 2000).order_by(models.Book.year).limit(3)
    print(session.scalars(query).all())
"#;
const PRIVATE_MEMORY: &str = r#"def add(a, b):
    total = 0
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith(("Private_Clean", "Private_Dirty")):
                total += int(line.split()[1])
    return total
"#;
const PI_SOLUTION: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";

/// The catalogue problems whose reference solutions the whole-submission figures judge.
const ORM_PROBLEM: &str = "django-books-with-authors";
const SQL_PROBLEM: &str = "sql-top-earners";
/// A test-writing problem (its reference suite against the implementation and every bug), and
/// a plain function problem to read it beside.
const TESTS_PROBLEM: &str = "bank-account-tests";
const FUNCTION_PROBLEM: &str = "calculate-pi";
/// A pandas problem and a web problem, whose per-test judging time is read beside the function
/// problem's.
const PANDAS_PROBLEM: &str = "pandas-top-earners";
const WEB_PROBLEM: &str = "flask-notes-crud";

pub fn bench(settings: &crate::SandboxSettings, runs: usize, problems: &std::path::Path) -> Result<ExitCode> {
    ensure!(runs > 0, "--runs must be at least 1");
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let make = |backend| {
        let config = SandboxConfig { backend, ..crate::sandbox_config(settings) };
        Sandbox::new(config).with_context(|| format!("setting up the {} sandbox", backend.as_str()))
    };
    let exec = Arc::new(make(Backend::Exec)?);
    let fork = Arc::new(make(Backend::Fork)?);
    let infos = fork.start_backend()?;
    let interpreter = exec.interpreter().executable.clone();
    println!("verdict bench on {cores} cores");
    for info in &infos {
        println!(
            "fork server with {} ready in {} ms, {:.1} MiB resident",
            info.runtime.map_or("the standard library", |r| r.describe()),
            info.warm_ms,
            info.rss_kib as f64 / 1024.0
        );
    }
    if settings.python_packages.is_none() {
        println!("no Python packages folder: ORM figures skipped");
    }

    section(&format!("Per-test wall time, a trivial function test (add(1, 2) through the harness), {runs} runs each"));
    let trivial = trivial_request(TRIVIAL_SOLUTION);
    let mut bare = Samples::default();
    let mut exec_trivial = Samples::default();
    let mut fork_trivial = Samples::default();
    for _ in 0..runs {
        bare.time(|| bare_start(&interpreter))?;
        exec_trivial.time(|| expect_value(&exec.run(&trivial)?, &json!(3)))?;
        fork_trivial.time(|| expect_value(&fork.run(&trivial)?, &json!(3)))?;
    }
    header();
    bare.row(&format!("bare {} -I -S -c pass", interpreter.display()));
    exec_trivial.row("exec path");
    fork_trivial.row("fork server");
    println!(
        "fork / bare at the median: {:.2}x; exec / fork: {:.1}x",
        fork_trivial.ratio(&bare),
        exec_trivial.ratio(&fork_trivial)
    );
    target("trivial test under a quarter of a bare start", fork_trivial.median() < bare.median() / 4);
    target("trivial test under 2.5 ms", fork_trivial.median() < Duration::from_micros(2500));

    if settings.python_packages.is_some() {
        let orm_runs = (runs / 10).max(5);
        for (name, script) in [("Django ORM", DJANGO_TEST), ("SQLAlchemy", SQLALCHEMY_TEST)] {
            section(&format!("Per-test wall time, a {name} test (10 rows in, 3 out), {orm_runs} runs each"));
            let request = RunRequest::script(script).with_runtime(Runtime::Packages, verdict_judge::preloads());
            let mut exec_samples = Samples::default();
            let mut fork_samples = Samples::default();
            for _ in 0..orm_runs {
                exec_samples.time(|| expect_ok(&exec.run(&request)?))?;
                fork_samples.time(|| expect_ok(&fork.run(&request)?))?;
            }
            header();
            exec_samples.row("exec path (imports and sets up each time)");
            fork_samples.row("fork server (warm)");
            println!("exec / fork at the median: {:.1}x", exec_samples.ratio(&fork_samples));
            if name == "Django ORM" {
                target("Django ORM test under 5 ms", fork_samples.median() < Duration::from_millis(5));
            }
        }
    }

    if settings.python_packages.is_some() {
        let judged = (runs / 10).clamp(5, 20);
        for slug in [FUNCTION_PROBLEM, TESTS_PROBLEM, ORM_PROBLEM, SQL_PROBLEM] {
            judge_submissions(&exec, &fork, &problems.join(slug), judged)?;
        }
        section(&format!(
            "Judging time of one test, warm (fork server, one test at a time): the reference judged on its first test \
             and on all its tests, {judged} times each; a test costs (all - one) / (tests - 1)"
        ));
        println!("{:<46} {:>10} {:>10} {:>10}", "", "one test", "all tests", "per test");
        let mut function_per_test = None;
        for slug in [FUNCTION_PROBLEM, PANDAS_PROBLEM, WEB_PROBLEM] {
            let per_test = judge_per_test(&fork, &problems.join(slug), judged)?;
            let base = *function_per_test.get_or_insert(per_test);
            println!("per-test cost / {FUNCTION_PROBLEM}'s: {:.1}x", per_test.as_secs_f64() / base.as_secs_f64());
        }
    }

    let submissions = (runs / 5).clamp(10, 50);
    section(&format!(
        "A 10-test submission end to end through the HTTP API (calculate-pi; POST, then server-sent events to the final verdict), {submissions} each"
    ));
    let http_exec = http_submissions(Arc::clone(&exec), submissions)?;
    let http_fork = http_submissions(Arc::clone(&fork), submissions)?;
    header();
    http_exec.row("exec path");
    http_fork.row("fork server");
    println!("exec / fork at the median: {:.1}x", http_exec.ratio(&http_fork));
    target("10-test submission under 40 ms at the median", http_fork.median() < Duration::from_millis(40));

    let seconds = 5;
    let threads = cores * 2;
    section(&format!("Sustained throughput: trivial tests from {threads} threads for {seconds} s each"));
    let exec_rate = throughput(&exec, threads, Duration::from_secs(seconds))?;
    let fork_rate = throughput(&fork, threads, Duration::from_secs(seconds))?;
    println!("{:<46} {:>10.0} tests/s", "exec path", exec_rate);
    println!("{:<46} {:>10.0} tests/s", "fork server", fork_rate);
    println!("fork / exec: {:.1}x", fork_rate / exec_rate.max(f64::EPSILON));
    target("at least 400 trivial tests per second", fork_rate >= 400.0);

    section("Memory");
    let memory_request = trivial_request(PRIVATE_MEMORY);
    let mut exec_private = Vec::new();
    let mut fork_private = Vec::new();
    for _ in 0..runs.clamp(5, 20) {
        exec_private.push(value_of(&exec.run(&memory_request)?)?.as_u64().unwrap_or(0));
        fork_private.push(value_of(&fork.run(&memory_request)?)?.as_u64().unwrap_or(0));
    }
    exec_private.sort_unstable();
    fork_private.sort_unstable();
    for info in fork.start_backend()? {
        let label = format!("fork server ({}), resident", info.runtime.map_or("standard library", |r| r.as_str()));
        println!("{label:<46} {:>10.1} MiB", info.rss_kib as f64 / 1024.0);
    }
    println!("{:<46} {:>10} KiB", "fork-server child, private memory (median)", fork_private[fork_private.len() / 2]);
    println!("{:<46} {:>10} KiB", "exec-path run, private memory (median)", exec_private[exec_private.len() / 2]);
    Ok(ExitCode::SUCCESS)
}

/// Judges a problem's reference solution as one submission (the check, then every test,
/// as many at once as there are cores) on both paths, side by side.
fn judge_submissions(exec: &Sandbox, fork: &Sandbox, dir: &std::path::Path, times: usize) -> Result<()> {
    let (problem, reference) = problem_and_reference(dir)?;
    let (exec_judge, fork_judge) = (verdict_judge::Judge::new(exec), verdict_judge::Judge::new(fork));
    let prepared = fork_judge.prepare(&problem)?;
    section(&format!(
        "One {} submission judged whole ({}: the answer's check, then {} tests, {} at a time), {times} each",
        problem.manifest.kind.as_str(),
        problem.slug(),
        prepared.tests.len(),
        verdict_judge::JudgeOptions::default().parallelism
    ));
    let (mut exec_samples, mut fork_samples) = (Samples::default(), Samples::default());
    let judge_once = |judge: &verdict_judge::Judge<'_>| -> Result<()> {
        let report = judge.judge(&prepared, &reference, verdict_judge::JudgeOptions::default())?;
        ensure!(report.verdict == verdict_judge::Verdict::AC, "the reference got {}", report.verdict);
        Ok(())
    };
    for _ in 0..times {
        exec_samples.time(|| judge_once(&exec_judge))?;
        fork_samples.time(|| judge_once(&fork_judge))?;
    }
    header();
    exec_samples.row("exec path");
    fork_samples.row("fork server");
    println!("exec / fork at the median: {:.1}x", exec_samples.ratio(&fork_samples));
    Ok(())
}

/// The median judging time of the reference on its first test and on all its tests, one test
/// at a time, and what one more test costs.
fn judge_per_test(fork: &Sandbox, dir: &std::path::Path, times: usize) -> Result<Duration> {
    let (problem, reference) = problem_and_reference(dir)?;
    let judge = verdict_judge::Judge::new(fork);
    let all = judge.prepare(&problem)?;
    ensure!(all.tests.len() > 1, "{} has fewer than two tests", problem.slug());
    let one = verdict_judge::PreparedProblem { tests: all.tests[..1].to_vec(), ..all.clone() };
    let options = verdict_judge::JudgeOptions { parallelism: 1, ..verdict_judge::JudgeOptions::default() };
    let (mut one_samples, mut all_samples) = (Samples::default(), Samples::default());
    for _ in 0..times {
        for (prepared, samples) in [(&one, &mut one_samples), (&all, &mut all_samples)] {
            samples.time(|| {
                let report = judge.judge(prepared, &reference, options)?;
                ensure!(report.verdict == verdict_judge::Verdict::AC, "the reference got {}", report.verdict);
                Ok(())
            })?;
        }
    }
    let per_test = all_samples.median().saturating_sub(one_samples.median()) / (all.tests.len() as u32 - 1);
    println!(
        "{:<46} {:>10} {:>10} {:>10}",
        format!("{} ({}, {} tests)", problem.slug(), problem.manifest.kind.as_str(), all.tests.len()),
        format!("{:.1} ms", one_samples.median().as_secs_f64() * 1e3),
        format!("{:.1} ms", all_samples.median().as_secs_f64() * 1e3),
        format!("{:.1} ms", per_test.as_secs_f64() * 1e3)
    );
    Ok(per_test)
}

/// A catalogue problem and its reference solution's source.
fn problem_and_reference(dir: &std::path::Path) -> Result<(verdict_catalog::Problem, String)> {
    let problem = verdict_catalog::load_problem(dir).map_err(|errors| {
        let list: Vec<String> = errors.iter().map(ToString::to_string).collect();
        anyhow::anyhow!("{} does not load: {}", dir.display(), list.join("; "))
    })?;
    let reference = problem.reference().context("the problem has no reference solution")?.source.clone();
    Ok((problem, reference))
}

fn section(title: &str) {
    println!("\n{title}");
}

fn header() {
    println!("{:<46} {:>10} {:>10}", "", "median", "p95");
}

fn target(what: &str, met: bool) {
    println!("target: {what}: {}", if met { "met" } else { "NOT met" });
}

#[derive(Debug, Default)]
struct Samples(Vec<Duration>);

impl Samples {
    fn time(&mut self, f: impl FnOnce() -> Result<()>) -> Result<()> {
        let start = Instant::now();
        f()?;
        self.0.push(start.elapsed());
        Ok(())
    }

    fn quantile(&self, q: f64) -> Duration {
        let mut sorted = self.0.clone();
        sorted.sort_unstable();
        sorted.get(((sorted.len().saturating_sub(1)) as f64 * q).round() as usize).copied().unwrap_or_default()
    }

    fn median(&self) -> Duration {
        self.quantile(0.5)
    }

    fn row(&self, label: &str) {
        println!("{label:<46} {:>10} {:>10}", ms(self.median()), ms(self.quantile(0.95)));
    }

    fn ratio(&self, other: &Samples) -> f64 {
        self.median().as_secs_f64() / other.median().as_secs_f64().max(f64::EPSILON)
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn bare_start(interpreter: &std::path::Path) -> Result<()> {
    let status = Command::new(interpreter)
        .args(["-I", "-S", "-c", "pass"])
        .env_clear()
        .stdout(Stdio::null())
        .status()
        .context("starting the bare interpreter")?;
    ensure!(status.success(), "the bare interpreter failed: {status}");
    Ok(())
}

/// One function test as the judge runs it: the harness calls `add(1, 2)` from solution.py.
fn trivial_request(solution: &str) -> RunRequest {
    let files = vec![BoxedFile { name: "solution.py".into(), contents: solution.as_bytes().to_vec() }];
    let request = harness::Request::Function { entry: "add", args: &[json!(1), json!(2)], kwargs: &Map::new() };
    request.to_run(files, verdict_sandbox::Limits::default())
}

fn expect_ok(outcome: &RunOutcome) -> Result<()> {
    if outcome.status != Status::Ok {
        bail!(
            "a run ended {}: {:?} {}",
            outcome.status,
            outcome.error,
            String::from_utf8_lossy(&outcome.stderr).trim()
        );
    }
    Ok(())
}

fn value_of(outcome: &RunOutcome) -> Result<Value> {
    expect_ok(outcome)?;
    let reply = harness::Stream::read(&outcome.stdout).reply.context("the harness's result")?;
    match reply.outcome {
        harness::Outcome::Returned { value, .. } => Ok(value),
        other => bail!("the harness said {}: {}", other.status(), other.explanation()),
    }
}

fn expect_value(outcome: &RunOutcome, want: &Value) -> Result<()> {
    let got = value_of(outcome)?;
    ensure!(&got == want, "the test returned {got}, not {want}");
    Ok(())
}

/// Trivial tests per second with `threads` threads running them back to back for `length`.
fn throughput(sandbox: &Arc<Sandbox>, threads: usize, length: Duration) -> Result<f64> {
    let done = Arc::new(AtomicUsize::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let started = Instant::now();
    let handles: Vec<_> = (0..threads)
        .map(|_| {
            let (sandbox, done, stop) = (Arc::clone(sandbox), Arc::clone(&done), Arc::clone(&stop));
            std::thread::spawn(move || -> Result<()> {
                let request = trivial_request(TRIVIAL_SOLUTION);
                while !stop.load(Ordering::Relaxed) {
                    expect_value(&sandbox.run(&request)?, &json!(3))?;
                    done.fetch_add(1, Ordering::Relaxed);
                }
                Ok(())
            })
        })
        .collect();
    std::thread::sleep(length);
    stop.store(true, Ordering::Relaxed);
    for handle in handles {
        handle.join().map_err(|_| anyhow::anyhow!("a benchmark thread panicked"))??;
    }
    Ok(done.load(Ordering::Relaxed) as f64 / started.elapsed().as_secs_f64())
}

/// Submits calculate-pi `count` times, one after another, to a real server on 127.0.0.1 and
/// times each from POST to the `done` event.
fn http_submissions(sandbox: Arc<Sandbox>, count: usize) -> Result<Samples> {
    let data =
        std::env::temp_dir().join(format!("verdict-bench-{}-{}", std::process::id(), sandbox.backend().as_str()));
    let _ = std::fs::remove_dir_all(&data);
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting tokio")?;
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let base = runtime.block_on(async {
        let store = Arc::new(verdict_store::SqliteStore::open_dir(&data)?);
        let queue = verdict_server::queue::QueueConfig::for_this_machine();
        let service =
            verdict_server::Service::start(std::path::Path::new("problems"), store, sandbox, queue, data.join("web"))
                .await?;
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let base = format!("http://{}", listener.local_addr()?);
        let stop = async {
            let _ = stop_rx.await;
        };
        tokio::spawn(verdict_server::serve(service, listener, stop, verdict_server::queue::SHUTDOWN_GRACE));
        anyhow::Ok(base)
    })?;
    let client = reqwest::blocking::Client::builder().timeout(Duration::from_secs(60)).build()?;
    let cookie = format!("verdict_candidate={}", "be".repeat(16));
    let submit = || -> Result<()> {
        let response = client
            .post(format!("{base}/api/submissions"))
            .header("cookie", &cookie)
            .json(&json!({"problem": "calculate-pi", "code": PI_SOLUTION}))
            .send()?;
        ensure!(response.status().as_u16() == 202, "submitting answered {}", response.status());
        let id = response.json::<Value>()?["id"].as_str().unwrap_or_default().to_owned();
        let events = client.get(format!("{base}/api/submissions/{id}/events")).header("cookie", &cookie).send()?;
        let mut done = false;
        for line in BufReader::new(events).lines() {
            let line = line?;
            if line == "event: done" {
                done = true;
            } else if done && line.starts_with("data:") {
                ensure!(line.contains("\"AC\""), "the submission was not accepted: {line}");
                return Ok(());
            }
        }
        bail!("the event stream ended before the verdict")
    };
    // The first submission prepares the problem's tests; it is not timed.
    submit().context("the untimed first submission")?;
    let mut samples = Samples::default();
    for _ in 0..count {
        samples.time(submit)?;
    }
    let _ = stop_tx.send(());
    drop(runtime);
    let _ = std::fs::remove_dir_all(&data);
    Ok(samples)
}
