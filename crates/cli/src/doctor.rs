//! `verdict doctor`: proves each confinement layer on this host by applying it.

use anyhow::Result;
use std::process::ExitCode;
use verdict_sandbox::{Layer, RunRequest, Status};

pub fn doctor(settings: &crate::SandboxSettings) -> Result<ExitCode> {
    let sandbox = match super::sandbox(settings) {
        Ok(s) => s,
        Err(e) => {
            println!("sandbox set-up               unavailable  {e:#}");
            return Ok(ExitCode::FAILURE);
        }
    };
    let interpreter = sandbox.interpreter();
    println!("jail binary                 {}", sandbox.jail_path().display());
    println!("interpreter                 {} (Python {})", interpreter.executable.display(), interpreter.version);
    println!("seccomp policy              {} syscalls allowed", sandbox.policy().allowed_syscalls);
    println!(
        "per-run host uids           {}",
        if sandbox.has_per_run_uids() { "available" } else { "unavailable (not root: every run shares your uid)" }
    );
    match sandbox.memory_cgroups() {
        Ok(cgroups) => println!(
            "memory cgroups              {} under {} (one per run)",
            cgroups.version().as_str(),
            cgroups.base().display()
        ),
        Err(e) => println!("memory cgroups              unavailable  {e} (every run is refused)"),
    }
    if let Ok(cgroups) = sandbox.memory_cgroups() {
        println!("joining a run's cgroup      {}", cgroups.migration().describe());
    }
    let mut healthy = true;
    match sandbox.start_backend() {
        Ok(infos) if infos.is_empty() => println!("warm fork server            not used (--sandbox exec)"),
        Ok(infos) => {
            for info in infos {
                println!(
                    "{:<27} ready in {} ms, {} MiB resident (Python {}){}",
                    match info.runtime {
                        Some(runtime) => format!("warm fork server ({})", runtime.as_str()),
                        None => "warm fork server".to_owned(),
                    },
                    info.warm_ms,
                    info.rss_kib / 1024,
                    info.python.split_whitespace().next().unwrap_or_default(),
                    info.runtime.map(|r| format!(": {}", r.describe())).unwrap_or_default()
                );
            }
        }
        Err(e) => {
            healthy = false;
            println!("warm fork server            unavailable  {e}");
        }
    }
    println!("runs start by               {}", sandbox.backend().as_str());
    println!();

    // Every layer is applied for real: a trial run that succeeds has passed through all of them,
    // and a refused one names the first layer that failed.
    let trial = sandbox.run(&RunRequest::script("print('ok')"))?;
    let refused = trial.refused_layer;
    healthy &= trial.status == Status::Ok && trial.stdout == b"ok\n";
    let mut before_failure = true;
    for layer in Layer::ALL {
        let state = match refused {
            Some(failed) if failed == layer => {
                before_failure = false;
                format!("unavailable  {}", trial.error.as_deref().unwrap_or(""))
            }
            Some(_) if !before_failure => "not checked (an earlier layer failed)".to_owned(),
            Some(_) => "available".to_owned(),
            None if healthy => "available".to_owned(),
            None => format!("unknown  trial run ended {}: {}", trial.status, trial.error.as_deref().unwrap_or("")),
        };
        println!("{:<27} {state}", layer.name());
    }

    let probe = sandbox.run(&RunRequest::script("import socket\nsocket.socket()\n"))?;
    let named = probe.status == Status::SecurityViolation && probe.violation.as_deref() == Some("socket");
    println!(
        "{:<27} {}",
        "denied syscall named",
        if named { "available".to_owned() } else { format!("unavailable  a socket() call ended {}", probe.status) }
    );
    healthy &= named;
    if healthy {
        println!("\nall layers available");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("\nsome layers are missing: runs on this host are refused");
        Ok(ExitCode::FAILURE)
    }
}
