//! Resource limits for one run.

use serde::{Deserialize, Serialize};
use std::time::Duration;

/// Every limit a run is held to. The defaults suit an interview exercise.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Limits {
    /// CPU time of the whole run, in milliseconds.
    pub cpu_ms: u64,
    /// Wall-clock time of the whole run, in milliseconds.
    pub wall_ms: u64,
    /// Memory of the whole run, in bytes: its memory cgroup's limit (every process, tmpfs and
    /// memfd pages, socket buffers), and each process's address space (RLIMIT_AS).
    pub memory_bytes: u64,
    /// Processes and threads the run may have at once, the first process included.
    pub max_processes: u64,
    /// Bytes of stdout kept; writing more ends the run with `output_limit`.
    pub stdout_bytes: u64,
    /// Bytes of stderr kept; writing more ends the run with `output_limit`.
    pub stderr_bytes: u64,
    /// Largest file the run may write (RLIMIT_FSIZE), in bytes.
    pub file_size_bytes: u64,
    /// Open file descriptors per process (RLIMIT_NOFILE).
    pub open_files: u64,
    /// Size of the scratch directory (cwd and /tmp), in bytes.
    pub scratch_bytes: u64,
}

const MIB: u64 = 1024 * 1024;

impl Default for Limits {
    fn default() -> Self {
        Self {
            cpu_ms: 2_000,
            wall_ms: 5_000,
            memory_bytes: 256 * MIB,
            max_processes: 16,
            stdout_bytes: MIB,
            stderr_bytes: 64 * 1024,
            file_size_bytes: 8 * MIB,
            open_files: 64,
            scratch_bytes: 16 * MIB,
        }
    }
}

/// A limit that makes no sense, named by its field.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("limit `{field}` {problem}")]
pub struct InvalidLimit {
    pub field: &'static str,
    pub problem: &'static str,
}

impl Limits {
    /// Limits that a run may not exceed whatever a caller asks for.
    pub const CEILING: Limits = Limits {
        cpu_ms: 60_000,
        wall_ms: 120_000,
        memory_bytes: 4096 * MIB,
        max_processes: 256,
        stdout_bytes: 64 * MIB,
        stderr_bytes: 16 * MIB,
        file_size_bytes: 1024 * MIB,
        open_files: 4096,
        scratch_bytes: 1024 * MIB,
    };

    /// Checks every field is positive and under [`Limits::CEILING`].
    pub fn validate(&self) -> Result<(), InvalidLimit> {
        let c = &Self::CEILING;
        let fields = [
            ("cpu_ms", self.cpu_ms, c.cpu_ms),
            ("wall_ms", self.wall_ms, c.wall_ms),
            ("memory_bytes", self.memory_bytes, c.memory_bytes),
            ("max_processes", self.max_processes, c.max_processes),
            ("stdout_bytes", self.stdout_bytes, c.stdout_bytes),
            ("stderr_bytes", self.stderr_bytes, c.stderr_bytes),
            ("file_size_bytes", self.file_size_bytes, c.file_size_bytes),
            ("open_files", self.open_files, c.open_files),
            ("scratch_bytes", self.scratch_bytes, c.scratch_bytes),
        ];
        for (field, value, ceiling) in fields {
            if value == 0 {
                return Err(InvalidLimit { field, problem: "must be greater than zero" });
            }
            if value > ceiling {
                return Err(InvalidLimit { field, problem: "is above the sandbox's ceiling" });
            }
        }
        if self.memory_bytes < 32 * MIB {
            return Err(InvalidLimit {
                field: "memory_bytes",
                problem: "must be at least 32 MiB: the interpreter alone needs about 20 MiB of address space",
            });
        }
        if self.max_processes < 2 {
            return Err(InvalidLimit { field: "max_processes", problem: "must be at least 2" });
        }
        if self.open_files < 16 {
            return Err(InvalidLimit { field: "open_files", problem: "must be at least 16" });
        }
        Ok(())
    }

    pub fn cpu(&self) -> Duration {
        Duration::from_millis(self.cpu_ms)
    }

    pub fn wall(&self) -> Duration {
        Duration::from_millis(self.wall_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_valid_and_match_the_documented_values() {
        let limits = Limits::default();
        assert_eq!(limits.validate(), Ok(()));
        assert_eq!(limits.cpu(), Duration::from_secs(2));
        assert_eq!(limits.wall(), Duration::from_secs(5));
        assert_eq!(limits.memory_bytes, 256 * MIB);
        assert_eq!(limits.stdout_bytes, MIB);
        assert_eq!(limits.stderr_bytes, 64 * 1024);
    }

    #[test]
    fn zero_and_oversized_limits_name_their_field() {
        let zero = Limits { cpu_ms: 0, ..Limits::default() };
        assert_eq!(zero.validate().map_err(|e| e.field), Err("cpu_ms"));
        let huge = Limits { scratch_bytes: u64::MAX, ..Limits::default() };
        assert_eq!(huge.validate().map_err(|e| e.field), Err("scratch_bytes"));
        let tiny = Limits { memory_bytes: MIB, ..Limits::default() };
        assert_eq!(tiny.validate().map_err(|e| e.field), Err("memory_bytes"));
    }
}
