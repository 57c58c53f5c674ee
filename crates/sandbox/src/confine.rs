//! The confinement steps, one function per layer.
//!
//! A freshly forked child calls these, in the order the jail's child applies them, before it runs
//! anything untrusted. They are separate functions so that a warm fork server can apply the
//! outer layers once and the per-run layers in each child. Every failure names its [`Layer`]:
//! a layer that cannot be applied refuses the run (fail closed), it is never skipped.

use crate::limits::Limits;
use crate::plan::unpack_instruction;
use landlock::{
    Access, AccessFs, AccessNet, CompatLevel, Compatible, PathBeneath, PathFd, Ruleset, RulesetAttr,
    RulesetCreatedAttr, RulesetStatus, Scope, ABI,
};
use nix::mount::{mount, umount2, MntFlags, MsFlags};
use nix::sched::{unshare, CloneFlags};
use nix::sys::resource::{setrlimit, Resource};
use nix::sys::statvfs::{statvfs, FsFlags};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::fs;
use std::os::fd::{FromRawFd, OwnedFd};
use std::os::unix::fs::{symlink, PermissionsExt};
use std::path::{Component, Path, PathBuf};

/// The uid and gid the program has inside its user namespace.
pub const SANDBOX_ID: u32 = 1000;
/// The hostname inside the box.
pub const HOSTNAME: &str = "verdict";

/// One confinement layer, as named in errors and by `verdict doctor`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Layer {
    /// The run's memory cgroup: the whole run's memory bound, made by the orchestrator and
    /// joined by the run's first process.
    MemoryCgroup,
    /// Dropping to the run's unprivileged host uid and gid.
    Credentials,
    UserNamespace,
    PidNamespace,
    NetworkNamespace,
    IpcNamespace,
    UtsNamespace,
    MountNamespace,
    /// The read-only root with only what the interpreter needs.
    ReadOnlyRoot,
    /// The size-limited scratch directory.
    Scratch,
    /// /proc for the run's own pid namespace.
    Proc,
    Rlimits,
    NoNewPrivs,
    Landlock,
    Capabilities,
    Seccomp,
    /// Reporting denied syscalls through a seccomp user notification.
    SeccompNotify,
    /// Descriptor set-up and the start of the interpreter.
    Exec,
}

impl Layer {
    pub const ALL: [Layer; 18] = [
        Layer::MemoryCgroup,
        Layer::Credentials,
        Layer::UserNamespace,
        Layer::PidNamespace,
        Layer::NetworkNamespace,
        Layer::IpcNamespace,
        Layer::UtsNamespace,
        Layer::MountNamespace,
        Layer::ReadOnlyRoot,
        Layer::Scratch,
        Layer::Proc,
        Layer::Rlimits,
        Layer::NoNewPrivs,
        Layer::Landlock,
        Layer::Capabilities,
        Layer::Seccomp,
        Layer::SeccompNotify,
        Layer::Exec,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Layer::MemoryCgroup => "memory cgroup",
            Layer::Credentials => "credentials",
            Layer::UserNamespace => "user namespace",
            Layer::PidNamespace => "pid namespace",
            Layer::NetworkNamespace => "network namespace",
            Layer::IpcNamespace => "ipc namespace",
            Layer::UtsNamespace => "uts namespace",
            Layer::MountNamespace => "mount namespace",
            Layer::ReadOnlyRoot => "read-only root",
            Layer::Scratch => "scratch directory",
            Layer::Proc => "proc",
            Layer::Rlimits => "rlimits",
            Layer::NoNewPrivs => "no_new_privs",
            Layer::Landlock => "landlock",
            Layer::Capabilities => "capabilities",
            Layer::Seccomp => "seccomp",
            Layer::SeccompNotify => "seccomp user notification",
            Layer::Exec => "exec",
        }
    }
}

impl fmt::Display for Layer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A layer that could not be applied.
#[derive(Debug, Clone, thiserror::Error, Serialize, Deserialize)]
#[error("{layer}: {detail}")]
pub struct ConfineError {
    pub layer: Layer,
    pub detail: String,
}

impl ConfineError {
    pub fn new(layer: Layer, detail: impl fmt::Display) -> Self {
        Self { layer, detail: detail.to_string() }
    }
}

trait Context<T> {
    fn layer(self, layer: Layer, what: impl FnOnce() -> String) -> Result<T, ConfineError>;
}

impl<T, E: fmt::Display> Context<T> for Result<T, E> {
    fn layer(self, layer: Layer, what: impl FnOnce() -> String) -> Result<T, ConfineError> {
        self.map_err(|e| ConfineError::new(layer, format!("{}: {e}", what())))
    }
}

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

/// Takes `uid` and `gid` as real, effective and saved ids, with no supplementary groups.
pub fn set_ids(uid: u32, gid: u32) -> Result<(), ConfineError> {
    use nix::unistd::{setgroups, setresgid, setresuid, Gid, Uid};
    let c = Layer::Credentials;
    setgroups(&[]).layer(c, || "setgroups([])".into())?;
    let g = Gid::from_raw(gid);
    setresgid(g, g, g).layer(c, || format!("setresgid({gid})"))?;
    let u = Uid::from_raw(uid);
    setresuid(u, u, u).layer(c, || format!("setresuid({uid})"))
}

/// Drops to `host_ids` (when started as root) and returns the ids a new user namespace will
/// map; refuses to go on as host root.
pub fn drop_credentials(host_ids: Option<(u32, u32)>) -> Result<(u32, u32), ConfineError> {
    let c = Layer::Credentials;
    let (uid, gid) = match host_ids {
        Some((uid, gid)) => {
            set_ids(uid, gid)?;
            (uid, gid)
        }
        None => (nix::unistd::geteuid().as_raw(), nix::unistd::getegid().as_raw()),
    };
    if uid == 0 {
        return Err(ConfineError::new(c, "refusing to run untrusted code as host root: no run uid was given"));
    }
    // Changing uid clears the dumpable flag, which would make /proc/self/uid_map root's.
    nix::sys::prctl::set_dumpable(true).layer(c, || "PR_SET_DUMPABLE".into())?;
    Ok((uid, gid))
}

/// Unshares the user, pid, network, ipc and uts namespaces and maps the caller's uid and gid to
/// [`SANDBOX_ID`]. The caller forks next: its child is pid 1 of the new pid namespace.
pub fn enter_namespaces(host_uid: u32, host_gid: u32) -> Result<(), ConfineError> {
    unshare(CloneFlags::CLONE_NEWUSER).layer(Layer::UserNamespace, || "unshare(CLONE_NEWUSER)".into())?;
    fs::write("/proc/self/setgroups", "deny").layer(Layer::UserNamespace, || "writing /proc/self/setgroups".into())?;
    fs::write("/proc/self/uid_map", format!("{SANDBOX_ID} {host_uid} 1\n"))
        .layer(Layer::UserNamespace, || "writing /proc/self/uid_map".into())?;
    fs::write("/proc/self/gid_map", format!("{SANDBOX_ID} {host_gid} 1\n"))
        .layer(Layer::UserNamespace, || "writing /proc/self/gid_map".into())?;
    for (flag, layer) in [
        (CloneFlags::CLONE_NEWPID, Layer::PidNamespace),
        (CloneFlags::CLONE_NEWNET, Layer::NetworkNamespace),
        (CloneFlags::CLONE_NEWIPC, Layer::IpcNamespace),
        (CloneFlags::CLONE_NEWUTS, Layer::UtsNamespace),
    ] {
        unshare(flag).layer(layer, || format!("unshare({flag:?})"))?;
    }
    Ok(())
}

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

pub fn set_no_new_privs() -> Result<(), ConfineError> {
    nix::sys::prctl::set_no_new_privs().layer(Layer::NoNewPrivs, || "prctl(PR_SET_NO_NEW_PRIVS)".into())
}

/// What landlock allows: read everything in the (already minimal) root, write only in scratch
/// and to the writable devices, execute only `executables`; no TCP, no abstract unix sockets and
/// no signals outside the run where the kernel supports those rules.
#[derive(Debug, Clone)]
pub struct LandlockSpec<'a> {
    pub executables: &'a [PathBuf],
    /// Where reads are allowed (the whole root for the exec path; only its own parts of the
    /// shared root for a fork-server child).
    pub readable: &'a [PathBuf],
    /// Where everything but execution is allowed.
    pub writable: &'a [PathBuf],
}

/// The landlock ABI this crate asks for; older kernels get what they support, and only a
/// kernel with no landlock filesystem rules at all refuses the run.
const LANDLOCK_ABI: ABI = ABI::V6;

pub fn apply_landlock(spec: &LandlockSpec<'_>) -> Result<RulesetStatus, ConfineError> {
    let l = Layer::Landlock;
    let all = AccessFs::from_all(LANDLOCK_ABI);
    let read = AccessFs::ReadFile | AccessFs::ReadDir;
    let scratch = all & !AccessFs::Execute;
    let ruleset = Ruleset::default()
        .set_compatibility(CompatLevel::BestEffort)
        .handle_access(all)
        .layer(l, || "handling filesystem access".into())?
        .handle_access(AccessNet::from_all(LANDLOCK_ABI))
        .layer(l, || "handling network access".into())?
        .scope(Scope::AbstractUnixSocket | Scope::Signal)
        .layer(l, || "scoping signals and abstract sockets".into())?
        .create()
        .layer(l, || "creating the ruleset".into())?;
    let mut ruleset = ruleset;
    for path in spec.readable {
        let fd = PathFd::new(path).layer(l, || format!("opening {}", path.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, read))
            .layer(l, || format!("allowing reads under {}", path.display()))?;
    }
    for path in spec.writable {
        let fd = PathFd::new(path).layer(l, || format!("opening {}", path.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, scratch))
            .layer(l, || format!("allowing writes under {}", path.display()))?;
    }
    for name in ["null", "zero", "full"] {
        let path = Path::new("/dev").join(name);
        let fd = PathFd::new(&path).layer(l, || format!("opening {}", path.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, AccessFs::ReadFile | AccessFs::WriteFile))
            .layer(l, || format!("allowing {}", path.display()))?;
    }
    for exe in spec.executables {
        let fd = PathFd::new(exe).layer(l, || format!("opening {}", exe.display()))?;
        ruleset = ruleset
            .add_rule(PathBeneath::new(fd, AccessFs::Execute | AccessFs::ReadFile))
            .layer(l, || format!("allowing {} to run", exe.display()))?;
    }
    let status = ruleset.restrict_self().layer(l, || "landlock_restrict_self".into())?;
    if status.ruleset == RulesetStatus::NotEnforced {
        return Err(ConfineError::new(l, "the kernel does not enforce landlock (is it in the lsm= list?)"));
    }
    Ok(status.ruleset)
}

/// Empties every capability set the process holds in its user namespace, so nothing it runs
/// can regain one.
pub fn drop_capabilities() -> Result<(), ConfineError> {
    drop_bounding_set()?;
    clear_capabilities()
}

/// Empties the bounding set; needs CAP_SETPCAP, so it comes before any change of uid.
pub fn drop_bounding_set() -> Result<(), ConfineError> {
    let c = Layer::Capabilities;
    for cap in 0..64 {
        // SAFETY: prctl with integer arguments only; an unknown capability number returns
        // EINVAL, which ends the loop.
        let rc = unsafe { libc::prctl(libc::PR_CAPBSET_DROP, cap, 0, 0, 0) };
        if rc != 0 {
            let err = std::io::Error::last_os_error();
            if err.raw_os_error() == Some(libc::EINVAL) {
                break;
            }
            return Err(ConfineError::new(c, format!("dropping capability {cap} from the bounding set: {err}")));
        }
    }
    Ok(())
}

/// Clears the ambient, inheritable, permitted and effective capability sets.
pub fn clear_capabilities() -> Result<(), ConfineError> {
    let c = Layer::Capabilities;
    // SAFETY: prctl with integer arguments only.
    if unsafe { libc::prctl(libc::PR_CAP_AMBIENT, libc::PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) } != 0 {
        return Err(ConfineError::new(
            c,
            format!("clearing ambient capabilities: {}", std::io::Error::last_os_error()),
        ));
    }
    let header = CapHeader { version: LINUX_CAPABILITY_VERSION_3, pid: 0 };
    let data = [CapData::default(); 2];
    // SAFETY: capset reads one header and two data structs laid out as the kernel's
    // __user_cap_header_struct and __user_cap_data_struct (version 3 takes two).
    let rc = unsafe { libc::syscall(libc::SYS_capset, &header as *const CapHeader, data.as_ptr()) };
    if rc != 0 {
        return Err(ConfineError::new(c, format!("capset: {}", std::io::Error::last_os_error())));
    }
    Ok(())
}

const LINUX_CAPABILITY_VERSION_3: u32 = 0x2008_0522;

#[repr(C)]
struct CapHeader {
    version: u32,
    pid: i32,
}

#[repr(C)]
#[derive(Clone, Copy, Default)]
struct CapData {
    effective: u32,
    permitted: u32,
    inheritable: u32,
}

/// Loads the compiled seccomp programs, last of all layers. The first program is loaded with a
/// user-notification listener, returned here so the caller can hand it to the supervisor, which
/// learns the name of any denied syscall through it.
pub fn apply_seccomp(programs: &[Vec<u64>]) -> Result<OwnedFd, ConfineError> {
    let (first, rest) =
        programs.split_first().ok_or_else(|| ConfineError::new(Layer::Seccomp, "no seccomp program was given"))?;
    // Stacked filters: the ones without a listener go first so the listener's filter, loaded
    // last, does not need to allow seccomp(2) itself.
    for program in rest {
        load_filter(program, 0).map_err(|e| ConfineError::new(Layer::Seccomp, format!("loading a filter: {e}")))?;
    }
    let fd = load_filter(first, libc::SECCOMP_FILTER_FLAG_NEW_LISTENER).map_err(|e| {
        ConfineError::new(Layer::SeccompNotify, format!("loading the main filter with a listener: {e}"))
    })?;
    let fd = i32::try_from(fd).map_err(|_| ConfineError::new(Layer::SeccompNotify, "listener fd out of range"))?;
    // SAFETY: seccomp(2) returned a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

fn load_filter(program: &[u64], flags: libc::c_ulong) -> std::io::Result<libc::c_long> {
    let mut instructions: Vec<libc::sock_filter> = program
        .iter()
        .map(|&packed| {
            let (code, jt, jf, k) = unpack_instruction(packed);
            libc::sock_filter { code, jt, jf, k }
        })
        .collect();
    let len = u16::try_from(instructions.len())
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "filter too long"))?;
    let fprog = libc::sock_fprog { len, filter: instructions.as_mut_ptr() };
    // SAFETY: fprog points at `instructions`, which outlives the call; the kernel copies the
    // program before returning.
    let rc = unsafe {
        libc::syscall(libc::SYS_seccomp, libc::SECCOMP_SET_MODE_FILTER, flags, &fprog as *const libc::sock_fprog)
    };
    if rc < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(rc)
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

    #[test]
    fn every_layer_has_a_distinct_name() {
        let mut names: Vec<_> = Layer::ALL.iter().map(|l| l.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Layer::ALL.len());
    }
}
