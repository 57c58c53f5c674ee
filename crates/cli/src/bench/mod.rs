//! `verdict bench`: the sandbox's costs, measured side by side in one process so that every
//! figure sees the same machine load. Each section interleaves the things it compares (a bare
//! interpreter start, the exec path, the warm fork server and, when installed, the same test
//! confined by bubblewrap as a minimal judge would) and prints medians, p95s and each figure's
//! ratio to bare Python and to bubblewrap; a summary says which of issue 19's targets are met.
//! The bench fails only when a run gives a wrong result or cannot run, never on a figure.

mod apis;
mod bwrap;
mod figures;
mod http;
mod judging;
mod requests;
mod targets;
mod throughput;

use anyhow::{ensure, Context, Result};
use bwrap::Bubblewrap;
use figures::{section, Samples, Table};
use requests::{expect_kib, expect_ok, expect_three, trivial_request, value_in, value_of};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use verdict_sandbox::{Backend, RunRequest, Runtime, Sandbox, SandboxConfig};

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
/// The client threads of the sustained-throughput figure, as issue 19's table states it.
const CLIENT_THREADS: usize = 4;
/// A row's label and what it times.
type Labelled<'a> = (&'a str, &'a dyn Fn() -> Result<()>);

/// A part of the bench, for `--only`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Section {
    /// Per-test wall time of a trivial function test: bare Python, exec path, fork server, bubblewrap.
    Trivial,
    /// Per-test wall time of a Django ORM and an SQLAlchemy test.
    Orm,
    /// Whole submissions of four catalogue problems, judged on both paths.
    Judging,
    /// One more test's judging time for a function, a pandas and a web problem.
    PerTest,
    /// A 10-test submission through the HTTP API, POST to the final event.
    Http,
    /// Sustained trivial tests per second from 4 client threads.
    Throughput,
    /// The native run endpoint, Jobe's `runs` and Judge0's `submissions?wait=true` side by side
    /// on one server: each request timed alone, then sustained runs per second from 4 client
    /// threads.
    Apis,
    /// Fork-server resident memory and each kind of run's private memory.
    Memory,
    /// Loading the fork-child seccomp filter and a checked syscall under it, laid out as a
    /// binary search against seccompiler's chain.
    Seccomp,
}

struct Bench {
    exec: Arc<Sandbox>,
    fork: Arc<Sandbox>,
    /// The fork server with no spares: each child forked when its run comes, to read the
    /// spares' worth against.
    unspared: Arc<Sandbox>,
    bwrap: Option<Arc<Bubblewrap>>,
    interpreter: PathBuf,
    runs: usize,
    measured: targets::Measured,
}

pub fn bench(settings: &crate::SandboxSettings, runs: usize, problems: &Path, only: &[Section]) -> Result<ExitCode> {
    ensure!(runs > 0, "--runs must be at least 1");
    let wanted = |s: Section| only.is_empty() || only.contains(&s);
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let make = |backend| {
        let config = SandboxConfig { backend, ..crate::sandbox_config(settings) };
        Sandbox::new(config).with_context(|| format!("setting up the {} sandbox", backend.as_str()))
    };
    let exec = Arc::new(make(Backend::Exec)?);
    let fork = Arc::new(make(Backend::Fork)?);
    let unspared = Arc::new(
        Sandbox::new(SandboxConfig { backend: Backend::Fork, fork_spares: 0, ..crate::sandbox_config(settings) })
            .context("setting up the fork sandbox without spares")?,
    );
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
    let bwrap = Bubblewrap::find(&interpreter)?;
    match &bwrap {
        Some(bwrap) => {
            // A peer that cannot run the test gives no figure worth reading: fail before timing.
            let stdout = bwrap.run(&trivial_request(requests::TRIVIAL_SOLUTION)).context("the bubblewrap peer")?;
            expect_three(value_in(&stdout)?).context("the bubblewrap peer")?;
            println!(
                "peer: {} --unshare-all, /usr read-only, the test's files at /box, {} -I -S per run",
                bwrap.program().display(),
                interpreter.display()
            );
        }
        None => println!("bubblewrap (bwrap) is not installed: no bwrap figures (scripts/setup-host.sh installs it)"),
    }
    if settings.python_packages.is_none() {
        println!("no Python packages folder: ORM and judging figures skipped");
    }
    let mut bench = Bench {
        exec,
        fork,
        unspared,
        bwrap: bwrap.map(Arc::new),
        interpreter,
        runs,
        measured: targets::Measured::default(),
    };
    let packages = settings.python_packages.is_some();
    if wanted(Section::Trivial) {
        bench.trivial()?;
    }
    if wanted(Section::Orm) && packages {
        bench.orm()?;
    }
    let judged = (runs / 10).clamp(5, 20);
    if wanted(Section::Judging) && packages {
        for slug in [FUNCTION_PROBLEM, TESTS_PROBLEM, ORM_PROBLEM, SQL_PROBLEM] {
            judging::judge_submissions(&bench.exec, &bench.fork, &problems.join(slug), judged)?;
        }
    }
    if wanted(Section::PerTest) && packages {
        section(&format!(
            "Judging time of one test, warm (fork server, one test at a time): the reference judged on its first test \
             and on all its tests, {judged} times each; a test costs (all - one) / (tests - 1)"
        ));
        println!("{:<50} {:>10} {:>10} {:>10}", "", "one test", "all tests", "per test");
        let mut function_per_test = None;
        for slug in [FUNCTION_PROBLEM, PANDAS_PROBLEM, WEB_PROBLEM] {
            let per_test = judging::judge_per_test(&bench.fork, &problems.join(slug), judged)?;
            let base = *function_per_test.get_or_insert(per_test);
            println!("per-test cost / {FUNCTION_PROBLEM}'s: {:.1}x", per_test.as_secs_f64() / base.as_secs_f64());
        }
    }
    if wanted(Section::Http) {
        bench.http(problems)?;
    }
    if wanted(Section::Throughput) {
        bench.throughput()?;
    }
    if wanted(Section::Apis) {
        bench.apis(problems)?;
    }
    if wanted(Section::Memory) {
        bench.memory()?;
    }
    if wanted(Section::Seccomp) {
        seccomp_layouts(runs)?;
    }
    targets::summary(&bench.measured, CLIENT_THREADS);
    Ok(ExitCode::SUCCESS)
}

/// The seccomp filter a fork-server child loads, as the sandbox lays it out (a binary search
/// over syscall numbers) and as seccompiler's chain, each loaded in a forked child of its own.
fn seccomp_layouts(runs: usize) -> Result<()> {
    let rounds = runs.clamp(20, 200);
    let calls = 20_000;
    section(&format!(
        "Seccomp: loading a fork-server child's filter, and a syscall the filter must run (prctl), {rounds} children each"
    ));
    let c = verdict_confine::loadtime::compare_layouts(rounds, calls).context("timing the seccomp filters")?;
    println!("{:<50} {:>10} {:>12} {:>14}", "", "load", "instructions", "checked call");
    let row = |label: &str, times: &verdict_confine::loadtime::FilterTimes, instructions: usize| {
        println!(
            "{label:<50} {:>10} {:>12} {:>14}",
            format!("{:.1} us", times.load.as_secs_f64() * 1e6),
            instructions,
            format!("{:.0} ns", times.checked_call.as_secs_f64() * 1e9)
        );
    };
    row("binary search (the sandbox's)", &c.laid_out, c.laid_out_instructions);
    row("seccompiler's chain (before issue 19)", &c.chain, c.chain_instructions);
    println!(
        "{:<50} {:>10} {:>12} {:>14}",
        "no filter",
        "-",
        "-",
        format!("{:.0} ns", c.unfiltered_call.as_secs_f64() * 1e9)
    );
    println!("chain / binary search, load: {:.1}x", c.chain.load.as_secs_f64() / c.laid_out.load.as_secs_f64());
    Ok(())
}

impl Bench {
    fn bare_label(&self) -> String {
        format!("bare {} -I -S -c pass", self.interpreter.display())
    }

    /// Times a bare start, `exec` and `fork` in rotation, prints their rows and returns the fork
    /// server's samples.
    fn beside_bare(&self, runs: usize, exec: Labelled<'_>, fork: Labelled<'_>) -> Result<Samples> {
        let kinds: [&dyn Fn() -> Result<()>; 3] = [&|| requests::bare_start(&self.interpreter), exec.1, fork.1];
        let [bare, exec_samples, fork_samples] = <[Samples; 3]>::try_from(figures::rotated(runs, &kinds)?)
            .map_err(|_| anyhow::anyhow!("the rotation returned the wrong number of sample sets"))?;
        let table = Table::of_times(Some(&bare), None, self.bwrap.is_some());
        table.times(&self.bare_label(), &bare);
        table.times(exec.0, &exec_samples);
        table.times(fork.0, &fork_samples);
        Ok(fork_samples)
    }

    fn bwrap_trivial(bwrap: &Bubblewrap, request: &RunRequest) -> Result<()> {
        expect_three(value_in(&bwrap.run(request)?)?)
    }

    fn trivial(&mut self) -> Result<()> {
        let runs = self.runs;
        section(&format!(
            "Per-test wall time, a trivial function test (add(1, 2) through the harness), {runs} runs each"
        ));
        let trivial = trivial_request(requests::TRIVIAL_SOLUTION);
        let bare_kind = || requests::bare_start(&self.interpreter);
        let exec_kind = || expect_three(value_of(&self.exec.run(&trivial)?)?);
        let fork_kind = || expect_three(value_of(&self.fork.run(&trivial)?)?);
        let unspared_kind = || expect_three(value_of(&self.unspared.run(&trivial)?)?);
        let peer_kind = self.bwrap.as_deref().map(|bwrap| || Self::bwrap_trivial(bwrap, &trivial));
        let mut kinds: Vec<&dyn Fn() -> Result<()>> = vec![&bare_kind, &exec_kind, &fork_kind, &unspared_kind];
        if let Some(kind) = &peer_kind {
            kinds.push(kind);
        }
        let mut samples = figures::rotated(runs, &kinds)?.into_iter();
        let (bare, exec, fork, unspared) = (
            samples.next().unwrap_or_default(),
            samples.next().unwrap_or_default(),
            samples.next().unwrap_or_default(),
            samples.next().unwrap_or_default(),
        );
        let peer = samples.next();
        let table = Table::of_times(Some(&bare), peer.as_ref(), self.bwrap.is_some());
        table.times(&self.bare_label(), &bare);
        table.times("exec path", &exec);
        table.times("fork server", &fork);
        table.times("fork server without spares (a fork per run)", &unspared);
        if let Some(samples) = &peer {
            table.times("bubblewrap (fresh interpreter per run)", samples);
        }
        self.measured.trivial = Some((fork.median(), fork.ratio(&bare)));
        Ok(())
    }

    fn orm(&mut self) -> Result<()> {
        let orm_runs = (self.runs / 10).max(5);
        for (name, script) in [("Django ORM", requests::DJANGO_TEST), ("SQLAlchemy", requests::SQLALCHEMY_TEST)] {
            section(&format!("Per-test wall time, a {name} test (10 rows in, 3 out), {orm_runs} runs each"));
            let request = RunRequest::script(script).with_runtime(Runtime::Packages, verdict_judge::preloads());
            let fork = self.beside_bare(
                orm_runs,
                ("exec path (imports and sets up each time)", &|| expect_ok(&self.exec.run(&request)?)),
                ("fork server (warm)", &|| expect_ok(&self.fork.run(&request)?)),
            )?;
            let slot = if name == "Django ORM" { &mut self.measured.django } else { &mut self.measured.sqlalchemy };
            *slot = Some(fork.median());
        }
        Ok(())
    }

    fn http(&mut self, problems: &Path) -> Result<()> {
        let submissions = (self.runs / 5).clamp(10, 50);
        section(&format!(
            "A 10-test submission end to end through the HTTP API (calculate-pi; POST, then server-sent events to the \
             final verdict), {submissions} each"
        ));
        let exec_server =
            http::Server::start(Arc::clone(&self.exec), problems).context("serving with the exec path")?;
        let fork_server =
            http::Server::start(Arc::clone(&self.fork), problems).context("serving with the fork server")?;
        let fork = self.beside_bare(
            submissions,
            ("exec path", &|| exec_server.submit()),
            ("fork server", &|| fork_server.submit()),
        )?;
        self.measured.submission = Some(fork.median());
        Ok(())
    }

    fn throughput(&mut self) -> Result<()> {
        let (rounds, slice) = (5, Duration::from_secs(1));
        section(&format!(
            "Sustained throughput: trivial tests from {CLIENT_THREADS} client threads, {rounds} s each in turns of {} s",
            slice.as_secs()
        ));
        let trivial = Arc::new(trivial_request(requests::TRIVIAL_SOLUTION));
        let interpreter = self.interpreter.clone();
        let on = |sandbox: &Arc<Sandbox>| -> throughput::Run {
            let (sandbox, trivial) = (Arc::clone(sandbox), Arc::clone(&trivial));
            Arc::new(move || expect_three(value_of(&sandbox.run(&trivial)?)?))
        };
        let mut kinds: Vec<throughput::Run> =
            vec![Arc::new(move || requests::bare_start(&interpreter)), on(&self.exec), on(&self.fork)];
        if let Some(bwrap) = &self.bwrap {
            let (bwrap, trivial) = (Arc::clone(bwrap), Arc::clone(&trivial));
            kinds.push(Arc::new(move || Self::bwrap_trivial(&bwrap, &trivial)));
        }
        let rates = throughput::interleaved(&kinds, CLIENT_THREADS, rounds, slice)?;
        let table = Table::of_figures("tests/s", Some(rates[0]), rates.get(3).copied(), self.bwrap.is_some());
        let shown = |rate: f64| format!("{rate:.0}");
        table.figure(&format!("{} (starts/s)", self.bare_label()), shown(rates[0]), rates[0]);
        table.figure("exec path", shown(rates[1]), rates[1]);
        table.figure("fork server", shown(rates[2]), rates[2]);
        if let Some(&rate) = rates.get(3) {
            table.figure("bubblewrap (fresh interpreter per run)", shown(rate), rate);
        }
        self.measured.rate = Some(rates[2]);
        Ok(())
    }

    fn apis(&mut self, problems: &Path) -> Result<()> {
        let requests = (self.runs / 5).clamp(10, 50);
        section(&format!(
            "The HTTP APIs side by side on one server: {requests} requests of each alone (in rotation), then \
             sustained runs per second from {CLIENT_THREADS} client threads, 5 s each in turns of 1 s"
        ));
        let figures = apis::measure(&self.exec, &self.fork, problems, requests, CLIENT_THREADS)?;
        println!("{:<82} {:>10} {:>10} {:>10} {:>9}", "", "median", "p95", "runs/s", "x native");
        for (label, (alone, rate)) in apis::LABELS.iter().zip(figures.alone.iter().zip(&figures.rates)) {
            println!(
                "{label:<82} {:>10} {:>10} {rate:>10.1} {:>8.2}x",
                figures::ms(alone.median()),
                figures::ms(alone.quantile(0.95)),
                figures::ratio(*rate, figures.rates[0])
            );
        }
        Ok(())
    }

    fn memory(&mut self) -> Result<()> {
        let probes = self.runs.clamp(5, 20);
        section(&format!(
            "Memory: private memory (Private_Clean + Private_Dirty of smaps_rollup) read by the test itself, median of {probes}"
        ));
        let request = trivial_request(requests::PRIVATE_MEMORY);
        let (mut bare, mut exec, mut fork, mut peer) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for _ in 0..probes {
            bare.push(requests::bare_private_kib(&self.interpreter)?);
            exec.push(expect_kib(value_of(&self.exec.run(&request)?)?)?);
            fork.push(expect_kib(value_of(&self.fork.run(&request)?)?)?);
            if let Some(bwrap) = &self.bwrap {
                peer.push(expect_kib(value_in(&bwrap.run(&request)?)?)?);
            }
        }
        for info in self.fork.start_backend()? {
            let label = format!("fork server ({}), resident", info.runtime.map_or("standard library", |r| r.as_str()));
            println!("{label:<50} {:>10.1} MiB", info.rss_kib as f64 / 1024.0);
        }
        let median = |mut kib: Vec<u64>| {
            kib.sort_unstable();
            kib.get(kib.len() / 2).copied()
        };
        let (bare, exec, fork, peer) = (median(bare), median(exec), median(fork), median(peer));
        let table = Table::of_figures("KiB", bare.map(|k| k as f64), peer.map(|k| k as f64), self.bwrap.is_some());
        let row = |label: &str, kib: Option<u64>| {
            if let Some(kib) = kib {
                table.figure(label, kib.to_string(), kib as f64);
            }
        };
        row("bare interpreter, just started", bare);
        row("exec-path run", exec);
        row("fork-server child", fork);
        row("bubblewrap run", peer);
        self.measured.child_private_kib = fork;
        Ok(())
    }
}
