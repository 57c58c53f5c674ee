//! What the orchestrator tells the jail, and what the jail reports back.
//!
//! The jail reads one JSON line (a [`JailPlan`]), then the raw bytes of each `/box` file and of
//! stdin, in that order and with the lengths the plan gives. While the run goes on it accepts the
//! line `kill`; at the end it writes one JSON line, a [`JailReport`].

use crate::layer::Layer;
use crate::limits::Limits;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// Everything the jail needs to confine and start one run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JailPlan {
    /// The interpreter, as an absolute path that exists inside the box.
    pub interpreter: PathBuf,
    /// argv, starting with argv\[0\].
    pub argv: Vec<String>,
    /// The whole environment of the run.
    pub env: Vec<(String, String)>,
    /// Host paths bound read-only at the same place inside the box.
    pub ro_binds: Vec<PathBuf>,
    /// Symbolic links recreated inside the box: (link, target as written).
    pub symlinks: Vec<(PathBuf, PathBuf)>,
    /// Files that may be executed (landlock's execute right), real paths.
    pub executables: Vec<PathBuf>,
    /// Files written into `/box`, read-only to the program; contents follow the plan line.
    pub box_files: Vec<BoxFile>,
    /// Length of the stdin bytes that follow the box files.
    pub stdin_len: u64,
    pub limits: Limits,
    /// When the jail starts as root it drops to this host uid and gid before anything else.
    pub host_ids: Option<(u32, u32)>,
    /// Compiled seccomp programs, applied in order; the first one reports denials.
    pub seccomp: Vec<Vec<u64>>,
    /// The run's memory cgroup, made by the orchestrator; the run's first process joins it
    /// before anything else. A plan without one is refused.
    #[serde(default)]
    pub memory_cgroup: Option<PathBuf>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BoxFile {
    /// File name inside `/box` (no slashes).
    pub name: String,
    pub len: u64,
}

impl BoxFile {
    /// Refuses a name that is not a plain file name: it would reach outside `/box`, or hide.
    pub fn check_name(&self) -> Result<(), String> {
        let name = &self.name;
        if name.is_empty() || name.contains('/') || name.starts_with('.') {
            return Err(format!("box file name {name:?} is not a plain file name"));
        }
        Ok(())
    }
}

/// Why the run stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum EndedBy {
    /// The first process exited or was killed by a signal of its own doing.
    Exit,
    CpuLimit,
    WallLimit,
    /// A syscall outside the allow-list.
    Violation {
        syscall: String,
        number: i64,
    },
    /// The orchestrator asked (output limit, shutdown).
    Request,
}

/// The jail's last word on a run.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "outcome")]
pub enum JailReport {
    Finished {
        exit_code: Option<i32>,
        signal: Option<i32>,
        cpu_ms: u64,
        wall_ms: u64,
        memory_kib: u64,
        ended_by: EndedBy,
        /// The in-box runner saw a MemoryError or ENOMEM escape the program.
        out_of_memory: bool,
    },
    /// A confinement layer could not be applied; nothing untrusted ran.
    Refused { layer: Layer, detail: String },
    /// The jail itself failed.
    Failed { detail: String },
}

/// Packs a BPF instruction for the wire: code, jt, jf, k.
pub fn pack_instruction(code: u16, jt: u8, jf: u8, k: u32) -> u64 {
    (u64::from(code) << 48) | (u64::from(jt) << 40) | (u64::from(jf) << 32) | u64::from(k)
}

/// The inverse of [`pack_instruction`].
pub fn unpack_instruction(packed: u64) -> (u16, u8, u8, u32) {
    let code = (packed >> 48) as u16;
    let jt = (packed >> 40) as u8;
    let jf = (packed >> 32) as u8;
    let k = packed as u32;
    (code, jt, jf, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instructions_survive_packing() {
        for (code, jt, jf, k) in [(0x15u16, 1u8, 0u8, 0x7fc0_0000u32), (0x6, 255, 255, u32::MAX), (0, 0, 0, 0)] {
            assert_eq!(unpack_instruction(pack_instruction(code, jt, jf, k)), (code, jt, jf, k));
        }
    }

    #[test]
    fn box_file_names_stay_in_the_box() {
        for bad in ["", "../etc/passwd", "a/b", ".hidden"] {
            assert!(BoxFile { name: bad.into(), len: 0 }.check_name().is_err(), "{bad:?}");
        }
        assert_eq!(BoxFile { name: "main.py".into(), len: 0 }.check_name(), Ok(()));
    }

    #[test]
    fn reports_round_trip_as_json() {
        let report = JailReport::Finished {
            exit_code: None,
            signal: Some(9),
            cpu_ms: 3,
            wall_ms: 4,
            memory_kib: 5,
            ended_by: EndedBy::Violation { syscall: "socket".into(), number: 41 },
            out_of_memory: false,
        };
        let line = serde_json::to_string(&report).expect("serialize");
        assert!(line.contains(r#""syscall":"socket""#), "{line}");
        let back: JailReport = serde_json::from_str(&line).expect("deserialize");
        assert!(matches!(back, JailReport::Finished { signal: Some(9), .. }));
    }
}
