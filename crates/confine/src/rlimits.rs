//! The run's rlimits: CPU backstop, address space, processes, file size, open files, no core
//! dumps, no locked memory or message queues.

use crate::error::Context;
use nix::sys::resource::{setrlimit, Resource};
use verdict_boxspec::{ConfineError, Layer, Limits};

/// Sets the run's rlimits. RLIMIT_CPU is a backstop a second above the limit; the jail measures
/// CPU time itself and ends the run at the limit.
pub fn apply_rlimits(limits: &Limits) -> Result<(), ConfineError> {
    // The jail's own process shares the namespace's process count.
    apply_rlimits_with(limits, limits.memory_bytes, limits.max_processes + 1)
}

/// Sets the run's rlimits with the address space and process count given: a fork-server child
/// starts with the warm interpreter already mapped, so its address space limit is that plus the
/// run's own allowance, and it is alone with its uid.
pub fn apply_rlimits_with(limits: &Limits, address_space: u64, processes: u64) -> Result<(), ConfineError> {
    let cpu_seconds = limits.cpu_ms.div_ceil(1000) + 1;
    let settings = [
        (Resource::RLIMIT_CPU, cpu_seconds, cpu_seconds + 1),
        (Resource::RLIMIT_AS, address_space, address_space),
        (Resource::RLIMIT_NPROC, processes, processes),
        (Resource::RLIMIT_FSIZE, limits.file_size_bytes, limits.file_size_bytes),
        (Resource::RLIMIT_NOFILE, limits.open_files, limits.open_files),
        (Resource::RLIMIT_CORE, 0, 0),
        (Resource::RLIMIT_MEMLOCK, 0, 0),
        (Resource::RLIMIT_MSGQUEUE, 0, 0),
        (Resource::RLIMIT_STACK, 8 * 1024 * 1024, 8 * 1024 * 1024),
    ];
    for (resource, soft, hard) in settings {
        setrlimit(resource, soft, hard).layer(Layer::Rlimits, || format!("setrlimit({resource:?})"))?;
    }
    Ok(())
}
