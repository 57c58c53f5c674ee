//! `verdict bench`: a sandboxed hello-world run against a bare `python -I -S -c pass`, measured
//! interleaved in one process so that both see the same machine load.

use anyhow::{bail, Context, Result};
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};
use verdict_sandbox::{RunRequest, Status};

pub fn bench(settings: &crate::SandboxSettings, runs: usize) -> Result<ExitCode> {
    if runs == 0 {
        bail!("--runs must be at least 1");
    }
    let sandbox = super::sandbox(settings)?;
    let request = RunRequest::script("print('hello, world')");
    let interpreter = sandbox.interpreter().executable.clone();
    let mut bare = Vec::with_capacity(runs);
    let mut boxed = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        let status = Command::new(&interpreter)
            .args(["-I", "-S", "-c", "pass"])
            .env_clear()
            .stdout(Stdio::null())
            .status()
            .context("starting the bare interpreter")?;
        bare.push(start.elapsed());
        if !status.success() {
            bail!("the bare interpreter failed: {status}");
        }
        let start = Instant::now();
        let outcome = sandbox.run(&request)?;
        boxed.push(start.elapsed());
        if outcome.status != Status::Ok {
            bail!("the sandboxed run ended {}: {:?}", outcome.status, outcome.error);
        }
    }
    let (bare_median, bare_p95) = summary(&mut bare);
    let (boxed_median, boxed_p95) = summary(&mut boxed);
    println!("{runs} runs each, interleaved, on {} cores", std::thread::available_parallelism().map_or(1, |n| n.get()));
    println!("{:<44} {:>10} {:>10}", "", "median", "p95");
    println!(
        "{:<44} {:>10} {:>10}",
        format!("bare {} -I -S -c pass", interpreter.display()),
        ms(bare_median),
        ms(bare_p95)
    );
    println!("{:<44} {:>10} {:>10}", "sandboxed hello world (exec path)", ms(boxed_median), ms(boxed_p95));
    println!(
        "{:<44} {:>10} {:>10}",
        "ratio sandboxed / bare",
        format!("{:.2}x", ratio(boxed_median, bare_median)),
        format!("{:.2}x", ratio(boxed_p95, bare_p95))
    );
    Ok(ExitCode::SUCCESS)
}

fn summary(samples: &mut [Duration]) -> (Duration, Duration) {
    samples.sort_unstable();
    let at = |q: f64| samples[((samples.len() - 1) as f64 * q).round() as usize];
    (at(0.5), at(0.95))
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn ratio(a: Duration, b: Duration) -> f64 {
    a.as_secs_f64() / b.as_secs_f64().max(f64::EPSILON)
}
