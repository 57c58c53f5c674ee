//! Credentials and namespaces: the run's host uid, then user, pid, network, ipc and uts
//! namespaces of its own.

use crate::error::Context;
use crate::identity::SANDBOX_ID;
use nix::sched::{unshare, CloneFlags};
use std::fs;
use verdict_boxspec::{ConfineError, Layer};

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
    enter_user_namespace()?;
    fs::write("/proc/self/setgroups", "deny").layer(Layer::UserNamespace, || "writing /proc/self/setgroups".into())?;
    fs::write("/proc/self/uid_map", format!("{SANDBOX_ID} {host_uid} 1\n"))
        .layer(Layer::UserNamespace, || "writing /proc/self/uid_map".into())?;
    fs::write("/proc/self/gid_map", format!("{SANDBOX_ID} {host_gid} 1\n"))
        .layer(Layer::UserNamespace, || "writing /proc/self/gid_map".into())?;
    enter_other_namespaces()
}

/// Unshares the user namespace alone; its uid and gid maps are written next, by the caller or
/// (for a map of more than one uid) by host root.
pub fn enter_user_namespace() -> Result<(), ConfineError> {
    unshare(CloneFlags::CLONE_NEWUSER).layer(Layer::UserNamespace, || "unshare(CLONE_NEWUSER)".into())
}

/// Unshares the pid, network, ipc and uts namespaces, from inside a mapped user namespace.
pub fn enter_other_namespaces() -> Result<(), ConfineError> {
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

/// Sets the box's hostname, inside the run's uts namespace.
pub fn set_hostname() -> Result<(), ConfineError> {
    nix::unistd::sethostname(crate::identity::HOSTNAME).layer(Layer::UtsNamespace, || "sethostname".into())
}

/// Asks the kernel to kill the caller when its parent dies, so no part of a run outlives its
/// supervisor. Changing uid clears it: set it again after.
pub fn die_with_parent() -> Result<(), ConfineError> {
    nix::sys::prctl::set_pdeathsig(nix::sys::signal::Signal::SIGKILL)
        .layer(Layer::PidNamespace, || "PR_SET_PDEATHSIG".into())
}
