//! Fast task migration between cgroups.
//!
//! Every run's first process joins the run's memory cgroup: a migration. The kernel guards
//! migrations with one global lock, `cgroup_threadgroup_rwsem`, a per-CPU rwsem whose writer
//! waits for an RCU grace period unless another writer came within the last one. On this kind of
//! machine the first run after a pause waited 13 to 19 ms in its `write` to `cgroup.procs`; the
//! runs right after it, 0.03 ms. The kernel's remedy is the `favordynmods` option of a cgroup
//! hierarchy (Linux 6.0), which keeps that lock in the mode where a writer does not wait, at a
//! small cost to every fork and exit on the host. A cgroup v1 hierarchy refuses the option on
//! remount; the cgroup v2 hierarchy takes it, and the lock is one for all hierarchies, so the
//! orchestrator (root) remounts the host's cgroup v2 hierarchy with it, every other option kept.
//! This is speed only: a host where it cannot be done runs as before, and `verdict doctor` says
//! so.

use crate::mountinfo::Mount;
use nix::mount::{mount, MsFlags};
use std::path::PathBuf;

/// The option, as mountinfo shows it among a cgroup2 superblock's options.
const FAVOR: &str = "favordynmods";

/// How fast a run joins its cgroup on this host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Migration {
    /// The cgroup v2 hierarchy at this mount point already had `favordynmods`.
    Fast(PathBuf),
    /// This orchestrator remounted the cgroup v2 hierarchy at this mount point with it.
    MadeFast(PathBuf),
    /// Left as it was, for this reason: the first run after a pause waits a grace period.
    Slow(String),
}

impl Migration {
    /// A line for `verdict doctor`.
    pub fn describe(&self) -> String {
        match self {
            Migration::Fast(at) => format!("fast: the cgroup v2 hierarchy at {} has {FAVOR}", at.display()),
            Migration::MadeFast(at) => {
                format!("fast: remounted the cgroup v2 hierarchy at {} with {FAVOR}", at.display())
            }
            Migration::Slow(why) => {
                format!("slow: the first run after a pause waits an RCU grace period to join its cgroup ({why})")
            }
        }
    }
}

/// Gives the host's cgroup v2 hierarchy `favordynmods` if `mountinfo` shows it without it.
pub fn favor_dynamic_modifications(mountinfo: &str) -> Migration {
    let Some(hierarchy) = cgroup2_mount(mountinfo) else {
        return Migration::Slow("no cgroup v2 hierarchy is mounted".into());
    };
    if hierarchy.super_options.iter().any(|option| option == FAVOR) {
        return Migration::Fast(hierarchy.mount_point);
    }
    let (flags, data) = hierarchy.remount_with_favor();
    match mount(None::<&str>, &hierarchy.mount_point, None::<&str>, flags, Some(data.as_str())) {
        Ok(()) => Migration::MadeFast(hierarchy.mount_point),
        Err(e) => Migration::Slow(format!("remounting {} with {FAVOR}: {e}", hierarchy.mount_point.display())),
    }
}

impl Mount {
    /// The flags and data of a remount that adds the option and changes nothing else: a remount
    /// sets every per-mount flag and every hierarchy option anew from what it is given.
    fn remount_with_favor(&self) -> (MsFlags, String) {
        let mut flags = MsFlags::MS_REMOUNT;
        for option in &self.mount_options {
            flags |= match option.as_str() {
                "ro" => MsFlags::MS_RDONLY,
                "nosuid" => MsFlags::MS_NOSUID,
                "nodev" => MsFlags::MS_NODEV,
                "noexec" => MsFlags::MS_NOEXEC,
                "noatime" => MsFlags::MS_NOATIME,
                "nodiratime" => MsFlags::MS_NODIRATIME,
                "relatime" => MsFlags::MS_RELATIME,
                "strictatime" => MsFlags::MS_STRICTATIME,
                _ => MsFlags::empty(),
            };
        }
        let mut data: Vec<&str> =
            self.super_options.iter().map(String::as_str).filter(|o| *o != "rw" && *o != "ro").collect();
        data.push(FAVOR);
        (flags, data.join(","))
    }
}

/// The first cgroup2 mount in mountinfo.
fn cgroup2_mount(mountinfo: &str) -> Option<Mount> {
    crate::mountinfo::mounts(mountinfo).find(|mount| mount.fstype == "cgroup2")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SYSTEMD_HOST: &str = "\
24 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
30 24 0:26 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:4 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot
";

    #[test]
    fn the_cgroup2_mount_is_found_with_both_sets_of_options() {
        let found = cgroup2_mount(SYSTEMD_HOST).expect("a cgroup2 mount");
        assert_eq!(found.mount_point, PathBuf::from("/sys/fs/cgroup"));
        assert_eq!(found.mount_options, ["rw", "nosuid", "nodev", "noexec", "relatime"]);
        assert_eq!(found.super_options, ["rw", "nsdelegate", "memory_recursiveprot"]);
        assert_eq!(cgroup2_mount("24 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw\n"), None);
    }

    #[test]
    fn the_remount_keeps_every_option_it_found_and_adds_favordynmods() {
        let (flags, data) = cgroup2_mount(SYSTEMD_HOST).expect("a cgroup2 mount").remount_with_favor();
        assert_eq!(
            flags,
            MsFlags::MS_REMOUNT | MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC | MsFlags::MS_RELATIME
        );
        assert_eq!(data, "nsdelegate,memory_recursiveprot,favordynmods");
    }
}
