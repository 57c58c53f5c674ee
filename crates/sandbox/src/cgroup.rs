//! The memory cgroup of one run.
//!
//! RLIMIT_AS bounds one process's address space; it says nothing of the run's other processes,
//! of memfd and tmpfs pages, of socket buffers or of descriptors parked in flight. A memory
//! cgroup charges all of those to the run, wherever they are referenced from, so the orchestrator
//! makes one per run (`Limits::memory_bytes`, the whole run's bound), the run's first process
//! joins it before anything untrusted runs, and the orchestrator reads its peak and its OOM
//! kills when the run is over and removes it. cgroup v2 is used where its memory controller is
//! available, else the v1 memory hierarchy; with neither, every run is refused (fail closed).

use std::fs;
use std::os::fd::OwnedFd;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use verdict_boxspec::{ConfineError, Layer};

/// The folder under the hierarchy's root that holds every run's cgroup.
const BASE_NAME: &str = "verdict";
/// How long removing a run's cgroup may wait for the kernel to let go of its exited processes.
const REMOVE_PATIENCE: Duration = Duration::from_secs(2);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CgroupVersion {
    V1,
    V2,
}

impl CgroupVersion {
    pub fn as_str(self) -> &'static str {
        match self {
            CgroupVersion::V1 => "cgroup v1",
            CgroupVersion::V2 => "cgroup v2",
        }
    }
}

fn refuse(detail: impl std::fmt::Display) -> ConfineError {
    ConfineError::new(Layer::MemoryCgroup, detail)
}

/// Where run cgroups are made: `verdict/` under the memory hierarchy's root.
#[derive(Debug, Clone)]
pub struct MemoryCgroups {
    base: PathBuf,
    version: CgroupVersion,
    /// How fast a run joins its cgroup here (see [`crate::migration`]).
    migration: crate::migration::Migration,
}

impl MemoryCgroups {
    /// Finds the memory controller (v2 first, then v1) and makes the `verdict` folder in it.
    pub fn detect() -> Result<Self, ConfineError> {
        let mountinfo = fs::read_to_string("/proc/self/mountinfo")
            .map_err(|e| refuse(format!("reading /proc/self/mountinfo: {e}")))?;
        let (v2, v1) = memory_mounts(&mountinfo);
        if let Some(root) = v2.filter(|root| {
            fs::read_to_string(root.join("cgroup.controllers"))
                .is_ok_and(|c| c.split_whitespace().any(|c| c == "memory"))
        }) {
            return Self::prepare(root, CgroupVersion::V2, &mountinfo);
        }
        match v1 {
            Some(root) => Self::prepare(root, CgroupVersion::V1, &mountinfo),
            None => Err(refuse(
                "neither a cgroup v2 hierarchy with the memory controller nor a cgroup v1 memory hierarchy is mounted",
            )),
        }
    }

    fn prepare(root: PathBuf, version: CgroupVersion, mountinfo: &str) -> Result<Self, ConfineError> {
        let base = root.join(BASE_NAME);
        if version == CgroupVersion::V2 {
            enable_memory_controller(&root)?;
        }
        match fs::create_dir(&base) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(refuse(format!("creating {}: {e}", base.display()))),
        }
        if version == CgroupVersion::V2 {
            enable_memory_controller(&base)?;
        }
        remove_stale(&base);
        Ok(Self { base, version, migration: crate::migration::favor_dynamic_modifications(mountinfo) })
    }

    pub fn migration(&self) -> &crate::migration::Migration {
        &self.migration
    }

    pub fn base(&self) -> &Path {
        &self.base
    }

    pub fn version(&self) -> CgroupVersion {
        self.version
    }

    /// A new, empty cgroup for one run, holding the run to `limit_bytes` of memory in all
    /// (swap included where the kernel accounts it).
    pub fn create(&self, limit_bytes: u64) -> Result<RunCgroup, ConfineError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!("run-{}-{}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed));
        let path = self.base.join(name);
        fs::create_dir(&path).map_err(|e| refuse(format!("creating {}: {e}", path.display())))?;
        // From here on the folder is removed if a later step fails.
        let cgroup = RunCgroup { path, version: self.version };
        let limit = limit_bytes.to_string();
        match self.version {
            CgroupVersion::V1 => {
                cgroup.write("memory.limit_in_bytes", &limit)?;
                // Without swap accounting the file is missing; with it, swap is bounded too
                // (memory and swap together may not pass the limit: no swapping out of it).
                if cgroup.path.join("memory.memsw.limit_in_bytes").exists() {
                    cgroup.write("memory.memsw.limit_in_bytes", &limit)?;
                }
            }
            CgroupVersion::V2 => {
                cgroup.write("memory.max", &limit)?;
                if cgroup.path.join("memory.swap.max").exists() {
                    cgroup.write("memory.swap.max", "0")?;
                }
                // An OOM kill ends the whole run, not its largest process only.
                if cgroup.path.join("memory.oom.group").exists() {
                    cgroup.write("memory.oom.group", "1")?;
                }
            }
        }
        Ok(cgroup)
    }
}

/// Mount points of the cgroup v2 hierarchy and of the v1 memory hierarchy, from mountinfo.
fn memory_mounts(mountinfo: &str) -> (Option<PathBuf>, Option<PathBuf>) {
    let mut v2 = None;
    let mut v1 = None;
    for mount in crate::mountinfo::mounts(mountinfo) {
        match mount.fstype.as_str() {
            "cgroup2" => {
                v2.get_or_insert(mount.mount_point);
            }
            "cgroup" if mount.super_options.iter().any(|o| o == "memory") => {
                v1.get_or_insert(mount.mount_point);
            }
            _ => {}
        }
    }
    (v2, v1)
}

/// Makes the memory controller available to the children of a v2 cgroup.
fn enable_memory_controller(dir: &Path) -> Result<(), ConfineError> {
    let control = dir.join("cgroup.subtree_control");
    if fs::read_to_string(&control).is_ok_and(|c| c.split_whitespace().any(|c| c == "memory")) {
        return Ok(());
    }
    fs::write(&control, "+memory")
        .map_err(|e| refuse(format!("enabling the memory controller in {}: {e}", control.display())))
}

/// Removes run cgroups left by orchestrators that are no longer running (a crash, a kill);
/// a cgroup that still has processes is not removable and stays.
fn remove_stale(base: &Path) {
    let Ok(entries) = fs::read_dir(base) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(|n| n.strip_prefix("run-")).and_then(|n| n.split('-').next()) else {
            continue;
        };
        if !Path::new("/proc").join(pid).exists() {
            let _ = fs::remove_dir(entry.path());
        }
    }
}

/// What a run's cgroup recorded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemoryUsage {
    /// The most memory the run held at once: its processes' own pages, the tmpfs, memfd and
    /// shared memory pages it wrote, and the kernel memory it caused (socket buffers, page
    /// tables), in bytes.
    pub peak_bytes: u64,
    /// Processes the kernel killed because the run was at its limit.
    pub oom_kills: u64,
    /// Times the run's charges reached the limit (v1's failcnt, v2's `max` events).
    pub limit_hits: u64,
}

/// One run's cgroup; removed when dropped (after every process of the run is gone).
#[derive(Debug)]
pub struct RunCgroup {
    path: PathBuf,
    version: CgroupVersion,
}

impl RunCgroup {
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn write(&self, file: &str, value: &str) -> Result<(), ConfineError> {
        let path = self.path.join(file);
        fs::write(&path, value).map_err(|e| refuse(format!("writing {value} to {}: {e}", path.display())))
    }

    fn read(&self, file: &str) -> Result<String, String> {
        let path = self.path.join(file);
        fs::read_to_string(&path).map_err(|e| format!("reading {}: {e}", path.display()))
    }

    /// Opens the file a process writes `0` to in order to join this cgroup. The kernel checks
    /// the opener's credentials, so a descriptor opened here (as root) lets the run's first
    /// process join after it has dropped every privilege.
    pub fn open_procs(&self) -> Result<OwnedFd, ConfineError> {
        verdict_confine::cgroup::open_procs(&self.path)
    }

    /// What the run used; read once every process of the run has exited.
    pub fn usage(&self) -> Result<MemoryUsage, String> {
        let number = |text: &str, what: &str| {
            text.trim().parse::<u64>().map_err(|e| format!("{what} of {}: {e}", self.path.display()))
        };
        let field = |text: &str, key: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(key).and_then(|v| v.strip_prefix(' ')))
                .and_then(|v| v.trim().parse::<u64>().ok())
                .unwrap_or(0)
        };
        match self.version {
            CgroupVersion::V1 => Ok(MemoryUsage {
                peak_bytes: number(&self.read("memory.max_usage_in_bytes")?, "memory.max_usage_in_bytes")?,
                oom_kills: field(&self.read("memory.oom_control")?, "oom_kill"),
                limit_hits: number(&self.read("memory.failcnt")?, "memory.failcnt")?,
            }),
            CgroupVersion::V2 => {
                // memory.peak is there from Linux 5.19; before it, the end is the best figure.
                let peak = self.read("memory.peak").or_else(|_| self.read("memory.current"))?;
                let events = self.read("memory.events")?;
                Ok(MemoryUsage {
                    peak_bytes: number(&peak, "memory.peak")?,
                    oom_kills: field(&events, "oom_kill"),
                    limit_hits: field(&events, "max"),
                })
            }
        }
    }
}

impl Drop for RunCgroup {
    fn drop(&mut self) {
        // A process's exit and its leaving the cgroup are not one step: give the kernel a moment.
        let deadline = std::time::Instant::now() + REMOVE_PATIENCE;
        while let Err(e) = fs::remove_dir(&self.path) {
            if e.raw_os_error() != Some(libc::EBUSY) || std::time::Instant::now() >= deadline {
                // Left for `remove_stale` once this orchestrator is gone.
                return;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mountinfo_names_the_v2_and_the_v1_memory_hierarchies() {
        let mountinfo = "\
30 24 0:26 / /sys/fs/cgroup rw,nosuid - tmpfs tmpfs rw,mode=755
33 30 0:29 / /sys/fs/cgroup/cpu rw,relatime - cgroup cgroup rw,cpu
34 30 0:30 / /sys/fs/cgroup/memory rw,relatime - cgroup cgroup rw,memory
40 30 0:36 / /sys/fs/cgroup/un\\040ified rw,relatime - cgroup2 cgroup2 rw
";
        let (v2, v1) = memory_mounts(mountinfo);
        assert_eq!(v2, Some(PathBuf::from("/sys/fs/cgroup/un ified")));
        assert_eq!(v1, Some(PathBuf::from("/sys/fs/cgroup/memory")));
        assert_eq!(memory_mounts("33 30 0:29 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n"), (None, None));
    }
}
