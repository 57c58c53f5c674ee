//! The run's side of its memory cgroup: the orchestrator makes the cgroup and opens its
//! `cgroup.procs` while privileged; the run's first process joins through that descriptor
//! before anything untrusted runs.

use std::fs;
use std::io::Write;
use std::os::fd::{AsRawFd, OwnedFd};
use std::path::Path;
use verdict_boxspec::{ConfineError, Layer};

fn refuse(detail: impl std::fmt::Display) -> ConfineError {
    ConfineError::new(Layer::MemoryCgroup, detail)
}

/// Opens `<cgroup>/cgroup.procs` for writing, checking it is a cgroup file.
pub fn open_procs(cgroup: &Path) -> Result<OwnedFd, ConfineError> {
    let path = cgroup.join("cgroup.procs");
    let file = fs::OpenOptions::new()
        .write(true)
        .open(&path)
        .map_err(|e| refuse(format!("opening {}: {e}", path.display())))?;
    let fs_type = nix::sys::statfs::fstatfs(&file)
        .map_err(|e| refuse(format!("statfs {}: {e}", path.display())))?
        .filesystem_type();
    if fs_type != nix::sys::statfs::CGROUP_SUPER_MAGIC && fs_type != nix::sys::statfs::CGROUP2_SUPER_MAGIC {
        return Err(refuse(format!("{} is not on a cgroup filesystem", path.display())));
    }
    Ok(file.into())
}

/// Moves the calling process into the cgroup whose `cgroup.procs` is `procs`, then gives it a
/// cgroup namespace rooted there, so that /proc/self/cgroup shows `/` and no host cgroup name.
/// The caller must hold CAP_SYS_ADMIN in its user namespace for the second step.
pub fn enter(procs: &OwnedFd) -> Result<(), ConfineError> {
    let mut file = fs::File::from(procs.try_clone().map_err(|e| refuse(format!("dup of cgroup.procs: {e}")))?);
    file.write_all(b"0").map_err(|e| refuse(format!("joining the run's cgroup (fd {}): {e}", procs.as_raw_fd())))?;
    nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWCGROUP)
        .map_err(|e| refuse(format!("unshare(CLONE_NEWCGROUP) for a cgroup namespace: {e}")))
}
