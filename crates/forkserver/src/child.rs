//! A fork-server child. Forked ahead of demand as a *spare*, it takes the steps of
//! [`FORK_SPARE`] and waits on its channel for one run ([`spare_main`]); given it, it takes the
//! steps of [`FORK_CHILD`] (seccomp last), each failure reported on the same channel with the
//! layer it names, then runs the script in the warm interpreter it was forked with.

use crate::python;
use nix::sys::socket::{recvmsg, sendmsg, ControlMessage, ControlMessageOwned, MsgFlags};
use pyo3::prelude::*;
use std::fs;
use std::io::{IoSlice, IoSliceMut, Read};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use verdict_boxspec::fork::{ForkRequest, ZygoteInit, MAX_MESSAGE};
use verdict_boxspec::{ConfineError, Layer};
use verdict_confine::landlock::{self, LandlockSpec};
use verdict_confine::steps::{self, Confiner, Step, FORK_CHILD, FORK_SPARE};
use verdict_confine::{cgroup, ids, privs, rlimits, root, seccomp, slot_uid};

/// What a spare holds of its own from the moment it is forked: its channel to the zygote (its
/// run comes on it, its status goes back on it) and the write end of its out-of-memory marker.
pub(crate) struct SpareFds {
    pub channel: OwnedFd,
    pub marker: OwnedFd,
}

/// How many descriptors come with a run: the write ends of its stdout and stderr, its stdin,
/// its box files and the `cgroup.procs` of its memory cgroup, in that order (the request's
/// descriptors after its reply socket, which the zygote keeps).
pub(crate) const RUN_FDS: usize = 5;

/// The descriptors a child takes over.
pub(crate) struct ChildFds {
    pub stdin: OwnedFd,
    pub stdout: OwnedFd,
    pub stderr: OwnedFd,
    pub marker: OwnedFd,
    pub status: OwnedFd,
    pub files: OwnedFd,
    /// `cgroup.procs` of the run's memory cgroup.
    pub cgroup: OwnedFd,
}

/// Where a child keeps its status socket and the box files' contents until it has confined
/// itself.
const STATUS_FD: RawFd = 4;
const FILES_FD: RawFd = 5;
/// The child's scratch directory, its working directory.
const SCRATCH: &str = "/tmp";

/// A spare: takes the steps that need nothing of a run, waits for its one run and runs it.
/// Returns the exit status; a spare whose channel closes before a run comes (the zygote is
/// gone, or dropped it) exits quietly.
pub(crate) fn spare_main(py: Python<'_>, zygote: &Bound<'_, PyModule>, init: &ZygoteInit, spare: SpareFds) -> i32 {
    let prepared =
        steps::confine(FORK_SPARE, &mut SpareSteps { keep: [spare.channel.as_raw_fd(), spare.marker.as_raw_fd()] });
    let Some((request, [stdout, stderr, stdin, files, cgroup])) = receive_run(&spare.channel) else { return 0 };
    if let Err(error) = prepared {
        return child_refused(spare.channel.as_raw_fd(), &error);
    }
    // Never dropped: placing the descriptors closes the originals, and the child ends with
    // _exit.
    let fds = std::mem::ManuallyDrop::new(ChildFds {
        stdin,
        stdout,
        stderr,
        marker: spare.marker,
        status: spare.channel,
        files,
        cgroup,
    });
    child_main(py, zygote, init, &request, &fds)
}

/// Waits for the one run a spare is given: the request and its descriptors, in order.
fn receive_run(channel: &OwnedFd) -> Option<(ForkRequest, [OwnedFd; RUN_FDS])> {
    let len = crate::channel::next_packet_len(channel).ok().filter(|&len| len > 0)?;
    let mut buf = vec![0u8; len.min(MAX_MESSAGE)];
    let mut space = nix::cmsg_space!([RawFd; RUN_FDS]);
    let (bytes, fds) = loop {
        let mut iov = [IoSliceMut::new(&mut buf)];
        match recvmsg::<()>(channel.as_raw_fd(), &mut iov, Some(&mut space), MsgFlags::MSG_CMSG_CLOEXEC) {
            Ok(msg) => {
                let mut fds = Vec::new();
                for cmsg in msg.cmsgs().ok()? {
                    if let ControlMessageOwned::ScmRights(received) = cmsg {
                        // SAFETY: SCM_RIGHTS gave us new descriptors nothing else owns.
                        fds.extend(received.into_iter().map(|fd| unsafe { OwnedFd::from_raw_fd(fd) }));
                    }
                }
                break (msg.bytes, fds);
            }
            Err(nix::errno::Errno::EINTR) => continue,
            Err(_) => return None,
        }
    };
    let fds = <[OwnedFd; RUN_FDS]>::try_from(fds).ok()?;
    let request = serde_json::from_slice(&buf[..bytes]).ok()?;
    Some((request, fds))
}

/// The steps of a spare.
struct SpareSteps {
    /// The descriptors the spare keeps: its channel and its marker.
    keep: [RawFd; 2],
}

impl Confiner for SpareSteps {
    fn apply(&mut self, step: Step) -> Result<(), ConfineError> {
        match step {
            Step::DieWithParent => ids::die_with_parent(),
            Step::CloseInherited => close_all_but(&self.keep),
            Step::PrivateMounts => {
                nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNS)
                    .map_err(|e| ConfineError::new(Layer::MountNamespace, format!("unshare(CLONE_NEWNS): {e}")))?;
                root::mount_proc(Path::new("/proc"))
            }
            other => Err(ConfineError::new(other.layer(), "not a step of a spare")),
        }
    }
}

/// Closes every descriptor from 3 up but `keep`. 0 to 2 stay open (they are the zygote's, and
/// [`place_child_descriptors`] replaces them) so that nothing the spare opens lands there.
fn close_all_but(keep: &[RawFd]) -> Result<(), ConfineError> {
    let mut keep: Vec<u32> = keep.iter().filter_map(|&fd| u32::try_from(fd).ok()).filter(|&fd| fd >= 3).collect();
    keep.sort_unstable();
    let mut from = 3u32;
    for fd in keep.into_iter().chain(std::iter::once(u32::MAX)) {
        if fd > from {
            // SAFETY: close_range with integer arguments; every descriptor in [from, fd) is the
            // zygote's (its control channel, other runs' descriptors) and must not stay here.
            if unsafe { libc::syscall(libc::SYS_close_range, from, fd - 1, 0u32) } != 0 {
                return Err(ConfineError::new(
                    Layer::Exec,
                    format!("close_range: {}", std::io::Error::last_os_error()),
                ));
            }
        }
        from = fd.saturating_add(1);
    }
    Ok(())
}

/// The child: applies the per-run layers, hands its seccomp listener to the zygote and runs
/// the script. Returns the exit status.
fn child_main(
    py: Python<'_>,
    zygote: &Bound<'_, PyModule>,
    init: &ZygoteInit,
    request: &ForkRequest,
    fds: &ChildFds,
) -> i32 {
    let mut child = ForkChild { init, request, fds, status_fd: fds.status.as_raw_fd(), listener: None, stat: None };
    if let Err(error) = steps::confine(FORK_CHILD, &mut child) {
        return child_refused(child.status_fd, &error);
    }
    match zygote
        .getattr("run_main")
        .and_then(|run| run.call1((request.argv.clone(), SCRATCH)))
        .and_then(|s| s.extract::<i32>())
    {
        Ok(status) => status,
        Err(e) => {
            e.print(py);
            1
        }
    }
}

/// Reports a confinement failure on the status socket; returns the child's exit status.
fn child_refused(status_fd: RawFd, error: &ConfineError) -> i32 {
    if let Ok(line) = serde_json::to_vec(error) {
        // SAFETY: write(2) from a valid buffer; `status_fd` is the child's status socket.
        unsafe { libc::write(status_fd, line.as_ptr().cast(), line.len()) };
    }
    127
}

/// The real steps of a fork-server child.
struct ForkChild<'a> {
    init: &'a ZygoteInit,
    request: &'a ForkRequest,
    fds: &'a ChildFds,
    /// Where the status socket is: its inherited number until the descriptors are placed.
    status_fd: RawFd,
    listener: Option<OwnedFd>,
    /// The child's own `/proc/self/stat`, opened while it is still the zygote's uid and
    /// dumpable: the zygote reads its CPU time through it.
    stat: Option<OwnedFd>,
}

impl Confiner for ForkChild<'_> {
    fn apply(&mut self, step: Step) -> Result<(), ConfineError> {
        let request = self.request;
        match step {
            // Into the run's memory cgroup before anything else: everything the child
            // allocates from here on (its copies of the zygote's pages included) is charged to
            // the run.
            Step::JoinCgroup => cgroup::enter(&self.fds.cgroup),
            Step::PlaceDescriptors => {
                place_child_descriptors(self.fds)?;
                self.status_fd = STATUS_FD;
                Ok(())
            }
            Step::DieWithParent => ids::die_with_parent(),
            Step::BuildRoot => {
                let stat = fs::File::open("/proc/self/stat")
                    .map_err(|e| ConfineError::new(Layer::Proc, format!("opening /proc/self/stat: {e}")))?;
                self.stat = Some(stat.into());
                mount_child_filesystems(request)?;
                nix::unistd::chdir(SCRATCH).map_err(|e| ConfineError::new(Layer::Scratch, format!("chdir: {e}")))
            }
            Step::Rlimits => {
                // The warm interpreter is already mapped: the address space allowed is that
                // plus the run's own; the child is alone with its uid.
                let memory = python::memory_now();
                rlimits::apply_rlimits_with(
                    &request.limits,
                    memory.vm_bytes.saturating_add(request.limits.memory_bytes),
                    request.limits.max_processes,
                )
            }
            Step::DropToRunUid => drop_to_slot(request.slot),
            Step::NoNewPrivs => privs::set_no_new_privs(),
            Step::Landlock => landlock::apply_landlock(&LandlockSpec {
                executables: &[],
                readable: &[PathBuf::from("/")],
                writable: &[PathBuf::from(SCRATCH)],
            })
            .map(drop),
            Step::Seccomp => {
                self.listener = Some(seccomp::apply_seccomp(&self.init.seccomp)?);
                Ok(())
            }
            Step::HandOverListener => self.hand_over(),
            Step::Hostname | Step::DropCapabilities | Step::CloseInherited | Step::PrivateMounts => {
                Err(ConfineError::new(step.layer(), "not a step of a fork-server child given its run"))
            }
        }
    }
}

impl ForkChild<'_> {
    /// Sends the seccomp listener and the stat descriptor to the zygote, then closes the status
    /// socket, which tells the zygote confinement is complete.
    fn hand_over(&mut self) -> Result<(), ConfineError> {
        let notify = |detail: &str| ConfineError::new(Layer::SeccompNotify, detail);
        let listener = self.listener.take().ok_or_else(|| notify("no listener to hand over"))?;
        let stat = self.stat.take().ok_or_else(|| notify("no stat descriptor to hand over"))?;
        let fds = [listener.as_raw_fd(), stat.as_raw_fd()];
        sendmsg::<()>(STATUS_FD, &[IoSlice::new(b"L")], &[ControlMessage::ScmRights(&fds)], MsgFlags::empty(), None)
            .map_err(|e| notify(&format!("handing the listener to the zygote: {e}")))?;
        drop((listener, stat));
        // SAFETY: STATUS_FD is the status socket, placed there by this child and owned by
        // nothing else.
        unsafe { libc::close(STATUS_FD) };
        Ok(())
    }
}

/// In the mount namespace the spare made for itself: a fresh scratch tmpfs at /tmp owned by the
/// slot's uid and the request's files read-only at /box; all of it goes when the child does.
fn mount_child_filesystems(request: &ForkRequest) -> Result<(), ConfineError> {
    use nix::mount::{mount, MsFlags};
    let flags = MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC;
    root::mount_scratch(Path::new("/tmp"), request.limits.scratch_bytes, slot_uid(request.slot))?;
    let box_bytes: u64 = request.box_files.iter().map(|f| f.len + 4096).sum::<u64>() + 65536;
    mount(Some("tmpfs"), "/box", Some("tmpfs"), flags, Some(format!("size={box_bytes},mode=0755").as_str()))
        .map_err(|e| ConfineError::new(Layer::ReadOnlyRoot, format!("mounting /box: {e}")))?;
    write_box_files(Path::new("/box"), request)?;
    mount(None::<&str>, "/box", None::<&str>, flags | MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY, None::<&str>)
        .map_err(|e| ConfineError::new(Layer::ReadOnlyRoot, format!("remounting /box read-only: {e}")))
}

/// Writes the request's files, read-only, into the child's box directory.
fn write_box_files(boxed: &Path, request: &ForkRequest) -> Result<(), ConfineError> {
    let e = |what: String| ConfineError::new(Layer::ReadOnlyRoot, what);
    // SAFETY: FILES_FD was placed by place_child_descriptors and nothing else owns it; the
    // File closes it when done.
    let mut source = unsafe { fs::File::from_raw_fd(FILES_FD) };
    for file in &request.box_files {
        file.check_name().map_err(e)?;
        let path = boxed.join(&file.name);
        let mut out = fs::File::create(&path).map_err(|err| e(format!("creating {}: {err}", path.display())))?;
        let copied = std::io::copy(&mut (&mut source).take(file.len), &mut out)
            .map_err(|err| e(format!("writing {}: {err}", path.display())))?;
        if copied != file.len {
            return Err(e(format!("{} is short: {copied} of {} bytes", path.display(), file.len)));
        }
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444))
            .map_err(|err| e(format!("chmod {}: {err}", path.display())))?;
    }
    Ok(())
}

/// stdin, stdout, stderr at 0 to 2, the out-of-memory marker at 3, the status socket at 4,
/// the box files at 5; every other descriptor of the zygote is closed.
fn place_child_descriptors(fds: &ChildFds) -> Result<(), ConfineError> {
    let e = |what: &str| ConfineError::new(Layer::Exec, format!("{what}: {}", std::io::Error::last_os_error()));
    // First move every source above the targets, so no dup2 overwrites a source still needed.
    let sources = [&fds.stdin, &fds.stdout, &fds.stderr, &fds.marker, &fds.status, &fds.files];
    let mut high = Vec::new();
    for fd in sources {
        // SAFETY: F_DUPFD_CLOEXEC with an integer argument returns a new descriptor >= 64.
        let copy = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 64) };
        if copy < 0 {
            return Err(e("F_DUPFD"));
        }
        high.push(copy);
    }
    for (target, copy) in high.iter().enumerate() {
        let target = i32::try_from(target).unwrap_or(0);
        // SAFETY: dup2 onto 0 to 5, which belong to the child and hold nothing it still needs.
        if unsafe { libc::dup2(*copy, target) } < 0 {
            return Err(e("dup2"));
        }
    }
    // SAFETY: close_range with integer arguments: everything from 6 up belongs to the zygote
    // (its control channel, other runs' descriptors) and must not reach the child.
    if unsafe { libc::syscall(libc::SYS_close_range, 6u32, u32::MAX, 0u32) } != 0 {
        return Err(e("close_range"));
    }
    Ok(())
}

/// Takes the slot's uid and gid, which no other running child has, and with it loses every
/// capability; the bounding set goes first, while the capability to drop it is still held.
fn drop_to_slot(slot: u32) -> Result<(), ConfineError> {
    privs::drop_bounding_set()?;
    let id = slot_uid(slot);
    ids::set_ids(id, id)?;
    privs::clear_capabilities()?;
    nix::sys::prctl::set_dumpable(false)
        .map_err(|e| ConfineError::new(Layer::Capabilities, format!("PR_SET_DUMPABLE: {e}")))
}
