//! `verdict`: the command-line face of Verdict.
//!
//! Subcommands: `serve` (the judge service and web app), `worker` (judging beside it from a
//! shared PostgreSQL), `run` (one confined run of a Python file), `judge` (grade a solution), `check`
//! (the CI check of a problem set),
//! `doctor` (which confinement layers this host supports) and `bench` (sandbox overhead against
//! a bare interpreter and bubblewrap). This binary
//! only parses arguments and prints; it must never confine or judge anything itself (bench's
//! bubblewrap runs are a peer it measures, never a judge's run).

mod admin;
mod bench;
mod check;
mod doctor;
mod jobe;
mod judge;
mod serve;
mod sql;
mod store;
mod worker;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::io::{IsTerminal, Read, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use verdict_sandbox::{Limits, RunRequest, Sandbox, SandboxConfig, Status};

#[derive(Parser)]
#[command(name = "verdict", version, about = "An interview-practice coding sandbox for Python")]
struct Cli {
    /// The Python interpreter to confine: a real binary, never a shim.
    #[arg(long, global = true, default_value = verdict_sandbox::runner::DEFAULT_INTERPRETER)]
    python: PathBuf,
    /// The sandbox's Python packages (Django, SQLAlchemy), made importable in the box read-only
    /// [default: /usr/local/lib/verdict/sandbox-python, when it exists].
    #[arg(long, global = true, value_name = "DIR")]
    python_packages: Option<PathBuf>,
    /// How each run starts: `fork` forks a confined child from the warm fork server (Python
    /// and its packages already loaded; needs root, for a uid per concurrent run); `exec`
    /// starts a fresh interpreter in a jail of its own, the slower reference.
    #[arg(long, global = true, value_name = "fork|exec", default_value = "fork")]
    sandbox: verdict_sandbox::Backend,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the judge's HTTP API and the candidate's web app.
    Serve(Box<serve::ServeArgs>),
    /// Judge submissions from a shared PostgreSQL, without HTTP: a node beside `verdict serve`.
    Worker(worker::WorkerArgs),
    /// Administer the service's accounts (on the machine that holds its data).
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Run a Python file in the sandbox and print its output.
    Run {
        /// The program to run.
        file: PathBuf,
        /// A file whose contents become the program's stdin (default: this command's own stdin
        /// when it is piped or redirected, else empty).
        #[arg(long)]
        stdin: Option<PathBuf>,
        /// CPU time limit in seconds.
        #[arg(long, value_name = "SECONDS", default_value_t = 2.0, allow_negative_numbers = true)]
        time_limit: f64,
        /// Memory limit in MiB: the whole run's (its memory cgroup) and each process's address space.
        #[arg(long, value_name = "MIB", default_value_t = 256)]
        memory_limit: u64,
        /// End the output with one line of JSON describing the run.
        #[arg(long)]
        json: bool,
    },
    /// Grade a solution file against a problem's tests.
    Judge {
        /// The problem's slug (its folder name).
        #[arg(long)]
        problem: String,
        /// The solution to grade.
        file: PathBuf,
        /// The catalogue folder.
        #[arg(long, default_value = "problems")]
        problems: PathBuf,
        /// Print the report as JSON (hidden tests redacted, as a candidate sees it).
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        sql: sql::SqlArgs,
    },
    /// Check a problem set: packages, examples, submissions, limits, determinism, test strength.
    Check {
        /// The catalogue folder.
        #[arg(default_value = "problems")]
        dir: PathBuf,
        /// Also write the results as JUnit XML to this file.
        #[arg(long, value_name = "FILE")]
        junit: Option<PathBuf>,
        /// Check only these problems (slugs).
        #[arg(long = "only", value_name = "SLUG")]
        only: Vec<String>,
        /// Problems checked at once (default: one per core).
        #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
        jobs: Option<u16>,
        /// Also print how long each step of the check took, summed over the problems.
        #[arg(long)]
        timings: bool,
        #[command(flatten)]
        sql: sql::SqlArgs,
    },
    /// Report which confinement layers this host supports; fails if a required one is missing.
    Doctor,
    /// Measure a sandboxed run against a bare interpreter start and bubblewrap, side by side.
    Bench {
        /// Runs of each kind.
        #[arg(long, default_value_t = 100)]
        runs: usize,
        /// Run only these sections (repeatable); all of them without it.
        #[arg(long = "only", value_name = "SECTION", value_enum)]
        only: Vec<bench::Section>,
        /// The catalogue folder, for the whole-submission figures (a function, a tests, an ORM and an SQL problem).
        #[arg(long, default_value = "problems")]
        problems: PathBuf,
    },
}

/// How to build the sandbox.
#[derive(Debug)]
pub struct SandboxSettings {
    pub python: PathBuf,
    pub python_packages: Option<PathBuf>,
    pub backend: verdict_sandbox::Backend,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let default_packages = PathBuf::from(verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES);
    let settings = SandboxSettings {
        python: cli.python.clone(),
        python_packages: cli.python_packages.clone().or_else(|| default_packages.is_dir().then_some(default_packages)),
        backend: cli.sandbox,
    };
    let result = match cli.command {
        Command::Serve(args) => serve::serve(&settings, *args),
        Command::Worker(args) => worker::work(&settings, args),
        Command::Admin(command) => admin::admin(command),
        Command::Run { file, stdin, time_limit, memory_limit, json } => {
            run(&settings, &file, stdin.as_deref(), time_limit, memory_limit, json)
        }
        Command::Judge { problem, file, problems, json, sql } => {
            judge::judge(&settings, &problems, &problem, &file, json, &sql)
        }
        Command::Check { dir, junit, only, jobs, timings, sql } => {
            let options =
                check::CheckOptions { junit: junit.as_deref(), only: &only, jobs: jobs.map(usize::from), timings };
            check::check(&settings, &dir, &options, &sql)
        }
        Command::Doctor => doctor::doctor(&settings),
        Command::Bench { runs, problems, only } => bench::bench(&settings, runs, &problems, &only),
    };
    match result {
        Ok(code) => code,
        // The reader went away (`verdict judge ... | head`): what it did not read is not ours to
        // report, and a pipe closed early is no failure of ours.
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("verdict: error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error
        .chain()
        .any(|cause| cause.downcast_ref::<std::io::Error>().is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe))
}

/// Largest stdin `verdict run` passes to a program, from `--stdin` or its own stdin.
const STDIN_BYTES: u64 = 16 * 1024 * 1024;

/// Reads a program's stdin, refusing more than [`STDIN_BYTES`]; `what` names the source.
fn read_stdin(source: impl Read, what: &str) -> Result<Vec<u8>> {
    let mut bytes = Vec::new();
    source.take(STDIN_BYTES + 1).read_to_end(&mut bytes).with_context(|| format!("reading {what}"))?;
    if bytes.len() as u64 > STDIN_BYTES {
        bail!("{what} is larger than {} MiB, the most a program's stdin may be", STDIN_BYTES / (1024 * 1024));
    }
    Ok(bytes)
}

fn sandbox(settings: &SandboxSettings) -> Result<Sandbox> {
    Sandbox::new(sandbox_config(settings)).context("setting up the sandbox")
}

/// The sandbox the global options describe.
fn sandbox_config(settings: &SandboxSettings) -> SandboxConfig {
    SandboxConfig {
        interpreter: settings.python.clone(),
        python_packages: settings.python_packages.clone(),
        backend: settings.backend,
        runner_scripts: verdict_judge::runner_scripts(),
        preloads: verdict_judge::preloads(),
        ..SandboxConfig::default()
    }
}

fn run(
    settings: &SandboxSettings,
    file: &std::path::Path,
    stdin: Option<&std::path::Path>,
    time_limit: f64,
    memory_limit: u64,
    json: bool,
) -> Result<ExitCode> {
    if !(time_limit.is_finite() && time_limit > 0.0) {
        bail!("--time-limit must be a positive number of seconds, got {time_limit}");
    }
    let source = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let stdin = match stdin {
        Some(path) => {
            let file = std::fs::File::open(path).with_context(|| format!("reading {}", path.display()))?;
            read_stdin(file, &path.display().to_string())?
        }
        // Piped or redirected, as `python3 FILE.py < input` would read it; a terminal is not
        // waited on.
        None if !std::io::stdin().is_terminal() => read_stdin(std::io::stdin().lock(), "stdin")?,
        None => Vec::new(),
    };
    let defaults = Limits::default();
    let cpu_ms = (time_limit * 1000.0).ceil() as u64;
    let limits = Limits {
        cpu_ms,
        wall_ms: defaults.wall_ms.max(cpu_ms.saturating_mul(2)),
        memory_bytes: memory_limit.saturating_mul(1024 * 1024),
        ..defaults
    };
    let request = RunRequest::script(source).with_stdin(stdin).with_limits(limits);
    let outcome = sandbox(settings)?.run(&request).context("invalid run request")?;

    let mut out = std::io::stdout().lock();
    out.write_all(&outcome.stdout)?;
    std::io::stderr().lock().write_all(&outcome.stderr)?;
    if json {
        if !outcome.stdout.is_empty() && !outcome.stdout.ends_with(b"\n") {
            out.write_all(b"\n")?;
        }
        writeln!(out, "{}", serde_json::to_string(&outcome)?)?;
    }
    out.flush()?;
    if outcome.status == Status::InternalError {
        eprintln!("verdict: internal error: {}", outcome.error.as_deref().unwrap_or("unknown"));
        return Ok(ExitCode::from(3));
    }
    Ok(ExitCode::SUCCESS)
}
