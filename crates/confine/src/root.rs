//! The filesystem a run sees: a read-only root holding only what the interpreter needs, a few
//! device nodes, /proc for the run's own pid namespace and a size-limited scratch directory.

use crate::error::Context;
use crate::identity::SANDBOX_ID;
use nix::mount::{mount, umount2, MntFlags, MsFlags};
use nix::sched::{unshare, CloneFlags};
use nix::sys::statvfs::{statvfs, FsFlags};
use std::fs;
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Component, Path, PathBuf};
use verdict_boxspec::{ConfineError, Layer};

/// The filesystem the program sees.
#[derive(Debug, Clone)]
pub struct RootSpec<'a> {
    pub ro_binds: &'a [PathBuf],
    pub symlinks: &'a [(PathBuf, PathBuf)],
    /// Files written into the root before it turns read-only: (absolute path, contents).
    pub files: &'a [(PathBuf, Vec<u8>)],
    pub scratch_bytes: u64,
}

/// Where the new root is assembled, inside the run's private mount namespace only.
pub const STAGING: &str = "/tmp";
const DEVICES: [&str; 5] = ["null", "zero", "full", "random", "urandom"];

/// Builds the program's root in a new mount namespace and moves into it: read-only binds of
/// the interpreter's files, a few device nodes, /proc for the run's pid namespace, a size-limited
/// scratch tmpfs at /tmp (the working directory), and nothing else of the host.
pub fn build_root(spec: &RootSpec<'_>) -> Result<(), ConfineError> {
    let ns = Layer::MountNamespace;
    let ro = Layer::ReadOnlyRoot;
    unshare(CloneFlags::CLONE_NEWNS).layer(ns, || "unshare(CLONE_NEWNS)".into())?;
    mount(None::<&str>, "/", None::<&str>, MsFlags::MS_REC | MsFlags::MS_PRIVATE, None::<&str>)
        .layer(ns, || "making / private".into())?;

    let root = Path::new(STAGING);
    mount(
        Some("tmpfs"),
        root,
        Some("tmpfs"),
        MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
        Some("size=4m,nr_inodes=4096,mode=0755"),
    )
    .layer(ro, || "mounting the root tmpfs".into())?;

    for source in spec.ro_binds {
        bind_read_only(root, source)?;
    }
    for (link, target) in spec.symlinks {
        let at = inside(root, link);
        if let Some(parent) = at.parent() {
            fs::create_dir_all(parent).layer(ro, || format!("creating {}", parent.display()))?;
        }
        if fs::symlink_metadata(&at).is_err() {
            symlink(target, &at).layer(ro, || format!("linking {} to {}", link.display(), target.display()))?;
        }
    }

    let dev = root.join("dev");
    fs::create_dir_all(&dev).layer(ro, || "creating /dev".into())?;
    for name in DEVICES {
        let node = dev.join(name);
        fs::write(&node, b"").layer(ro, || format!("creating /dev/{name}"))?;
        let host = Path::new("/dev").join(name);
        mount(Some(&host), &node, None::<&str>, MsFlags::MS_BIND, None::<&str>)
            .layer(ro, || format!("binding /dev/{name}"))?;
        let mut flags = MsFlags::MS_BIND | MsFlags::MS_REMOUNT | MsFlags::MS_NOSUID | MsFlags::MS_NOEXEC;
        if name.ends_with("random") {
            flags |= MsFlags::MS_RDONLY;
        }
        remount_keeping_locked(&node, flags).layer(ro, || format!("remounting /dev/{name}"))?;
    }
    for (name, target) in [
        ("fd", "/proc/self/fd"),
        ("stdin", "/proc/self/fd/0"),
        ("stdout", "/proc/self/fd/1"),
        ("stderr", "/proc/self/fd/2"),
    ] {
        symlink(target, dev.join(name)).layer(ro, || format!("linking /dev/{name}"))?;
    }

    for (path, contents) in spec.files {
        let at = inside(root, path);
        if let Some(parent) = at.parent() {
            fs::create_dir_all(parent).layer(ro, || format!("creating {}", parent.display()))?;
        }
        fs::write(&at, contents).layer(ro, || format!("writing {}", path.display()))?;
        fs::set_permissions(&at, fs::Permissions::from_mode(0o444))
            .layer(ro, || format!("chmod {}", path.display()))?;
    }

    // proc must be mounted while the host's /proc is still visible in this namespace: the kernel
    // refuses a new proc mount in a user namespace that has no fully visible one.
    let proc_dir = root.join("proc");
    fs::create_dir_all(&proc_dir).layer(Layer::Proc, || "creating /proc".into())?;
    mount_proc(&proc_dir)?;

    let scratch = root.join("tmp");
    fs::create_dir_all(&scratch).layer(Layer::Scratch, || "creating /tmp".into())?;
    mount_scratch(&scratch, spec.scratch_bytes, SANDBOX_ID)?;

    let old_root = root.join(".old-root");
    fs::create_dir_all(&old_root).layer(ro, || "creating the old-root mount point".into())?;
    nix::unistd::pivot_root(root, &old_root).layer(ro, || "pivot_root".into())?;
    nix::unistd::chdir("/").layer(ro, || "chdir /".into())?;
    umount2("/.old-root", MntFlags::MNT_DETACH).layer(ro, || "detaching the host's root".into())?;
    fs::remove_dir("/.old-root").layer(ro, || "removing the old-root mount point".into())?;
    remount_keeping_locked(
        Path::new("/"),
        MsFlags::MS_REMOUNT
            | MsFlags::MS_BIND
            | MsFlags::MS_RDONLY
            | MsFlags::MS_NOSUID
            | MsFlags::MS_NODEV
            | MsFlags::MS_NOEXEC,
    )
    .layer(ro, || "remounting / read-only".into())?;
    nix::unistd::chdir("/tmp").layer(Layer::Scratch, || "chdir /tmp".into())?;
    Ok(())
}

/// Mounts /proc for the caller's pid namespace at `target`: pids only, and only those the
/// caller may trace.
pub fn mount_proc(target: &Path) -> Result<(), ConfineError> {
    let flags = MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC;
    mount(Some("proc"), target, Some("proc"), flags, Some("subset=pid,hidepid=invisible"))
        .layer(Layer::Proc, || "mounting proc".into())
}

/// Mounts a fresh scratch tmpfs of `bytes` at `target`, owned by `owner` and private to it.
pub fn mount_scratch(target: &Path, bytes: u64, owner: u32) -> Result<(), ConfineError> {
    let options = format!("size={bytes},nr_inodes=16384,mode=0700,uid={owner},gid={owner}");
    let flags = MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC;
    mount(Some("tmpfs"), target, Some("tmpfs"), flags, Some(options.as_str()))
        .layer(Layer::Scratch, || "mounting the scratch tmpfs".into())
}

/// `path` re-rooted under `root`.
fn inside(root: &Path, path: &Path) -> PathBuf {
    let mut out = root.to_path_buf();
    for component in path.components() {
        if let Component::Normal(part) = component {
            out.push(part);
        }
    }
    out
}

fn bind_read_only(root: &Path, source: &Path) -> Result<(), ConfineError> {
    let ro = Layer::ReadOnlyRoot;
    let target = inside(root, source);
    let meta = fs::metadata(source).layer(ro, || format!("{} on the host", source.display()))?;
    if meta.is_dir() {
        fs::create_dir_all(&target).layer(ro, || format!("creating {}", target.display()))?;
    } else {
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent).layer(ro, || format!("creating {}", parent.display()))?;
        }
        fs::write(&target, b"").layer(ro, || format!("creating {}", target.display()))?;
    }
    mount(Some(source), &target, None::<&str>, MsFlags::MS_BIND, None::<&str>)
        .layer(ro, || format!("binding {}", source.display()))?;
    remount_keeping_locked(
        &target,
        MsFlags::MS_BIND | MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY | MsFlags::MS_NOSUID | MsFlags::MS_NODEV,
    )
    .layer(ro, || format!("remounting {} read-only", source.display()))
}

/// Remounts with `flags` plus the flags the host already set: inside a user namespace the
/// kernel refuses a remount that would clear a flag the outer namespace locked.
fn remount_keeping_locked(target: &Path, flags: MsFlags) -> nix::Result<()> {
    let current = statvfs(target)?.flags();
    let mut all = flags;
    for (st, ms) in [
        (FsFlags::ST_NOSUID, MsFlags::MS_NOSUID),
        (FsFlags::ST_NODEV, MsFlags::MS_NODEV),
        (FsFlags::ST_NOEXEC, MsFlags::MS_NOEXEC),
        (FsFlags::ST_NOATIME, MsFlags::MS_NOATIME),
        (FsFlags::ST_NODIRATIME, MsFlags::MS_NODIRATIME),
        (FsFlags::ST_RELATIME, MsFlags::MS_RELATIME),
    ] {
        if current.contains(st) {
            all |= ms;
        }
    }
    mount(None::<&str>, target, None::<&str>, all, None::<&str>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inside_reroots_absolute_paths_and_ignores_dots() {
        assert_eq!(
            inside(Path::new("/tmp"), Path::new("/usr/lib/python3.11")),
            PathBuf::from("/tmp/usr/lib/python3.11")
        );
        assert_eq!(inside(Path::new("/r"), Path::new("/../etc/./passwd")), PathBuf::from("/r/etc/passwd"));
    }
}
