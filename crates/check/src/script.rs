//! Trusted helper scripts (`sandbox/python/mutate.py`, `examples.py`) run in the judge's
//! sandbox: JSON on stdin, JSON on stdout.

use verdict_judge::Judge;
use verdict_sandbox::{Limits, RunRequest, Status};

/// Runs `script` with `files` beside it in /box (name, contents).
pub(crate) fn run_script(
    judge: &Judge<'_>,
    script: &str,
    files: &[(&str, &str)],
    stdin: Vec<u8>,
) -> Result<Vec<u8>, String> {
    let request = files
        .iter()
        .fold(RunRequest::script(script.as_bytes()), |request, (name, contents)| {
            request.with_file(*name, contents.as_bytes())
        })
        .with_stdin(stdin)
        .with_limits(Limits { cpu_ms: 20_000, wall_ms: 40_000, stdout_bytes: 32 << 20, ..Limits::default() });
    let outcome = judge.sandbox().run(&request).map_err(|e| e.to_string())?;
    if outcome.status != Status::Ok {
        return Err(format!("{}: {}", outcome.status, String::from_utf8_lossy(&outcome.stderr).trim()));
    }
    Ok(outcome.stdout)
}
