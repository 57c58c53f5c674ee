//! A finished run's [`RunOutcome`]: the supervisor's report, the captured output and the run's
//! memory cgroup, classified so that the cause that ended the run wins over its symptoms.

use crate::cgroup::MemoryUsage;
use crate::collect::Captured;
use verdict_boxspec::plan::{EndedBy, JailReport};
use verdict_boxspec::{ConfineError, Layer, Limits, RunOutcome, Status};

/// The outcome of a run from the supervisor's report and the run's memory cgroup (`memory`,
/// read after every process of the run was gone).
pub(crate) fn outcome_from(
    report: JailReport,
    stdout: Captured,
    stderr: Captured,
    limits: &Limits,
    memory: Option<MemoryUsage>,
) -> RunOutcome {
    let (exit_code, signal, cpu_ms, wall_ms, ended_by, out_of_memory) = match report {
        JailReport::Finished { exit_code, signal, cpu_ms, wall_ms, ended_by, out_of_memory, .. } => {
            (exit_code, signal, cpu_ms, wall_ms, ended_by, out_of_memory)
        }
        JailReport::Refused { layer, detail } => return RunOutcome::refused(ConfineError { layer, detail }),
        JailReport::Failed { detail } => return RunOutcome::internal(format!("the jail failed: {detail}"), None),
    };
    let Some(memory) = memory else {
        return RunOutcome::internal(
            "the run finished without figures from its memory cgroup".into(),
            Some(Layer::MemoryCgroup),
        );
    };
    let memory_kib = memory.peak_bytes / 1024;
    let output_exceeded = stdout.exceeded || stderr.exceeded;
    let status = classify(
        &ended_by,
        output_exceeded,
        exit_code,
        signal,
        Memory { peak_kib: memory_kib, oom_kills: memory.oom_kills, out_of_memory },
        limits,
    );
    let violation = match ended_by {
        EndedBy::Violation { syscall, .. } => Some(syscall),
        _ => None,
    };
    RunOutcome {
        status,
        exit_code,
        signal,
        cpu_ms,
        wall_ms,
        memory_kib,
        violation,
        error: None,
        refused_layer: None,
        host_uid: None,
        stdout_truncated: stdout.exceeded,
        stderr_truncated: stderr.exceeded,
        stdout: stdout.bytes,
        stderr: stderr.bytes,
    }
}

/// What is known of a finished run's memory.
#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    /// The run's peak, from its memory cgroup.
    peak_kib: u64,
    /// Processes of the run the kernel killed at the run's memory limit.
    oom_kills: u64,
    /// The in-box runner saw a MemoryError or ENOMEM escape the program.
    out_of_memory: bool,
}

/// The status of a finished run. The cause that ended the run wins over its symptoms: a
/// denied syscall, then too much output, then time, then memory, then the exit itself.
fn classify(
    ended_by: &EndedBy,
    output_exceeded: bool,
    exit_code: Option<i32>,
    signal: Option<i32>,
    memory: Memory,
    limits: &Limits,
) -> Status {
    if matches!(ended_by, EndedBy::Violation { .. }) {
        return Status::SecurityViolation;
    }
    if output_exceeded {
        return Status::OutputLimit;
    }
    if matches!(ended_by, EndedBy::CpuLimit | EndedBy::WallLimit) || signal == Some(libc::SIGXCPU) {
        return Status::TimeLimit;
    }
    let near_memory_limit = memory.peak_kib.saturating_mul(1024) >= limits.memory_bytes / 10 * 9;
    if memory.oom_kills > 0 || memory.out_of_memory || (signal.is_some() && near_memory_limit) {
        return Status::MemoryLimit;
    }
    if exit_code == Some(0) {
        Status::Ok
    } else {
        Status::RuntimeError
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(ended_by: EndedBy, output: bool, exit: Option<i32>, signal: Option<i32>, kib: u64, oom: bool) -> Status {
        let memory = Memory { peak_kib: kib, oom_kills: 0, out_of_memory: oom };
        classify(&ended_by, output, exit, signal, memory, &Limits::default())
    }

    #[test]
    fn the_cause_wins_over_its_symptoms() {
        let violation = EndedBy::Violation { syscall: "socket".into(), number: 41 };
        assert_eq!(status(violation, true, None, Some(9), 0, true), Status::SecurityViolation);
        assert_eq!(status(EndedBy::Request, true, None, Some(9), 0, false), Status::OutputLimit);
        assert_eq!(status(EndedBy::CpuLimit, false, None, Some(9), 0, true), Status::TimeLimit);
        assert_eq!(status(EndedBy::WallLimit, false, None, Some(9), 0, false), Status::TimeLimit);
        assert_eq!(status(EndedBy::Exit, false, Some(1), None, 0, true), Status::MemoryLimit);
        assert_eq!(status(EndedBy::Exit, false, None, Some(11), 250 * 1024, false), Status::MemoryLimit);
        assert_eq!(status(EndedBy::Exit, false, None, Some(11), 10 * 1024, false), Status::RuntimeError);
        assert_eq!(status(EndedBy::Exit, false, Some(1), None, 0, false), Status::RuntimeError);
        assert_eq!(status(EndedBy::Exit, false, Some(0), None, 0, false), Status::Ok);
        assert_eq!(status(EndedBy::Exit, false, None, Some(libc::SIGXCPU), 0, false), Status::TimeLimit);
    }

    #[test]
    fn a_process_killed_at_the_runs_memory_limit_is_memory_limit_even_if_the_run_exits_zero() {
        let oom = Memory { peak_kib: 1024, oom_kills: 1, out_of_memory: false };
        let limits = Limits::default();
        assert_eq!(classify(&EndedBy::Exit, false, Some(0), None, oom, &limits), Status::MemoryLimit);
        assert_eq!(classify(&EndedBy::Exit, false, None, Some(9), oom, &limits), Status::MemoryLimit);
        let violation = EndedBy::Violation { syscall: "socket".into(), number: 41 };
        assert_eq!(classify(&violation, false, None, Some(9), oom, &limits), Status::SecurityViolation);
    }

    #[test]
    fn a_refused_layer_is_an_internal_error_naming_the_layer() {
        let report = JailReport::Refused { layer: Layer::Landlock, detail: "not enforced".into() };
        let outcome = outcome_from(report, Captured::default(), Captured::default(), &Limits::default(), None);
        assert_eq!(outcome.status, Status::InternalError);
        assert_eq!(outcome.refused_layer, Some(Layer::Landlock));
        assert!(outcome.error.as_deref().is_some_and(|e| e.contains("landlock")), "{:?}", outcome.error);
    }
}
