//! What a supervisor does for a confined child, shared by the jail (one child) and the fork
//! server (many at once): taking over the child's seccomp listener, watching its limits,
//! naming a denied syscall, and reaping it into a [`JailReport`].

use crate::error::SetupError;
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::socket::{recvmsg, ControlMessageOwned, MsgFlags};
use nix::unistd::Pid;
use procfs_core::process::{Stat, Status};
use procfs_core::FromRead;
use std::io::{IoSliceMut, Read};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};
use verdict_boxspec::plan::{EndedBy, JailReport};
use verdict_boxspec::{ConfineError, Limits};

/// How often CPU time is sampled while a child runs.
pub const CPU_SAMPLE: Duration = Duration::from_millis(10);
/// How long a new child may take to confine itself and hand over its listener.
const HANDOVER_TIMEOUT: Duration = Duration::from_secs(30);

/// Fails unless the calling process has exactly one thread: only then may it fork.
pub fn assert_single_threaded() -> Result<(), SetupError> {
    single_threaded().map_err(SetupError::Failed)
}

fn single_threaded() -> Result<(), String> {
    let status = Status::from_file("/proc/self/status").map_err(|e| format!("reading /proc/self/status: {e}"))?;
    if status.threads != 1 {
        return Err(format!("a process that forks must be single-threaded; this one has {} threads", status.threads));
    }
    Ok(())
}

pub fn pidfd_open(pid: Pid) -> std::io::Result<OwnedFd> {
    // SAFETY: pidfd_open with integer arguments; a successful call returns a new descriptor.
    let fd = unsafe { libc::syscall(libc::SYS_pidfd_open, pid.as_raw(), 0) };
    if fd < 0 {
        return Err(std::io::Error::last_os_error());
    }
    let fd = RawFd::try_from(fd).map_err(|_| std::io::Error::other("pidfd out of range"))?;
    // SAFETY: the descriptor was just returned to us and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

/// What a confined child hands its supervisor.
#[derive(Debug)]
pub struct Handover {
    /// The seccomp listener.
    pub listener: OwnedFd,
    /// The child's own `/proc/self/stat`, opened before it dropped to its uid, when its
    /// supervisor cannot look it up in its own /proc (the fork server's children).
    pub stat: Option<OwnedFd>,
}

/// Waits for the child to hand over its seccomp listener and then close its status socket
/// (by exec'ing, or explicitly), or for the confinement error it writes instead.
pub fn receive_listener(status: &UnixStream) -> Result<Handover, SetupError> {
    let failed = |what: &str, e: &dyn std::fmt::Display| SetupError::Failed(format!("{what}: {e}"));
    let ready = {
        let mut fds = [PollFd::new(status.as_fd(), PollFlags::POLLIN)];
        let millis = u16::try_from(HANDOVER_TIMEOUT.as_millis()).unwrap_or(u16::MAX);
        poll(&mut fds, PollTimeout::from(millis)).map_err(|e| failed("waiting for the child", &e))?
    };
    if ready == 0 {
        return Err(SetupError::Failed(format!(
            "the child did not confine itself within {} s",
            HANDOVER_TIMEOUT.as_secs()
        )));
    }
    let mut byte = [0u8; 1];
    let mut space = nix::cmsg_space!([RawFd; 2]);
    let mut listener = None;
    let mut stat = None;
    let received = {
        let mut iov = [IoSliceMut::new(&mut byte)];
        let msg = recvmsg::<()>(status.as_raw_fd(), &mut iov, Some(&mut space), MsgFlags::MSG_CMSG_CLOEXEC)
            .map_err(|e| failed("receiving from the child", &e))?;
        for cmsg in msg.cmsgs().map_err(|e| failed("reading the child's message", &e))? {
            if let ControlMessageOwned::ScmRights(fds) = cmsg {
                for fd in fds {
                    // SAFETY: SCM_RIGHTS gave us a new descriptor that nothing else owns.
                    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
                    if listener.is_none() {
                        listener = Some(fd);
                    } else {
                        stat.get_or_insert(fd);
                    }
                }
            }
        }
        msg.bytes
    };
    let mut rest = Vec::new();
    (&mut &*status).take(64 * 1024).read_to_end(&mut rest).map_err(|e| failed("reading the child's status", &e))?;
    // With the listener, the one byte was the hand-over marker; anything after it is an error
    // the child met later (a failed exec).
    let error_text = if listener.is_some() { rest } else { [&byte[..received], &rest[..]].concat() };
    if !error_text.is_empty() {
        return Err(match serde_json::from_slice::<ConfineError>(&error_text) {
            Ok(error) => SetupError::Refused(error),
            Err(e) => {
                SetupError::Failed(format!("the child's status: {e}: {:?}", String::from_utf8_lossy(&error_text)))
            }
        });
    }
    let listener = listener.ok_or_else(|| SetupError::Failed("the child exited before confining itself".into()))?;
    Ok(Handover { listener, stat })
}

/// CPU time of `pid` and of the children it reaped, from /proc.
pub fn cpu_time(pid: Pid) -> Option<Duration> {
    cpu_time_in(&Stat::from_file(format!("/proc/{pid}/stat")).ok()?)
}

/// CPU time from an open `/proc/PID/stat`.
pub fn cpu_time_of(stat: &OwnedFd) -> Option<Duration> {
    let mut buf = [0u8; 4096];
    let n = nix::sys::uio::pread(stat, &mut buf, 0).ok()?;
    cpu_time_in(&Stat::from_read(&buf[..n]).ok()?)
}

fn cpu_time_in(stat: &Stat) -> Option<Duration> {
    let reaped = u64::try_from(stat.cutime.saturating_add(stat.cstime)).unwrap_or(0);
    let ticks = stat.utime.saturating_add(stat.stime).saturating_add(reaped);
    // SAFETY: sysconf has no memory-safety preconditions.
    let per_second = u64::try_from(unsafe { libc::sysconf(libc::_SC_CLK_TCK) }).ok().filter(|&t| t > 0)?;
    Some(Duration::from_millis(ticks * 1000 / per_second))
}

/// The limit a running child has passed, if any: wall time since `start`, or its sampled CPU
/// time `cpu`.
pub fn limit_passed(cpu: Option<Duration>, start: Instant, limits: &Limits) -> Option<EndedBy> {
    if start.elapsed() >= limits.wall() {
        Some(EndedBy::WallLimit)
    } else if cpu.is_some_and(|cpu| cpu > limits.cpu()) {
        Some(EndedBy::CpuLimit)
    } else {
        None
    }
}

/// Takes every seccomp notification waiting on `listener`, without blocking, and returns the
/// first denied syscall among them. The policy leaves `exit_group` off the allow list so that a
/// process's exit comes here too: it is let go on only when no denied call was waiting with
/// it, so a thread's denied call cannot be lost to the process exiting under it. With a denied
/// call, nothing is answered: the caller kills the run.
pub fn take_notifications(listener: &OwnedFd) -> Option<i64> {
    let mut exits = Vec::new();
    let mut denied = None;
    while ready_now(listener) {
        let Some(notif) = receive_notification(listener) else { break };
        if i64::from(notif.data.nr) == libc::SYS_exit_group {
            exits.push(notif.id);
        } else {
            denied.get_or_insert(i64::from(notif.data.nr));
        }
    }
    if denied.is_none() {
        for id in exits {
            let_it_continue(listener, id);
        }
    }
    denied
}

/// Whether a notification is waiting (a RECV with none would block).
fn ready_now(listener: &OwnedFd) -> bool {
    let mut fds = [PollFd::new(listener.as_fd(), PollFlags::POLLIN)];
    matches!(poll(&mut fds, PollTimeout::ZERO), Ok(n) if n > 0)
        && fds[0].revents().is_some_and(|r| r.contains(PollFlags::POLLIN))
}

fn receive_notification(listener: &OwnedFd) -> Option<libc::seccomp_notif> {
    // SAFETY: seccomp_notif is plain data; the kernel requires it zeroed before RECV.
    let mut notif: libc::seccomp_notif = unsafe { std::mem::zeroed() };
    // SAFETY: the ioctl writes one seccomp_notif into `notif`, which is valid for writes.
    let rc = unsafe { libc::ioctl(listener.as_raw_fd(), libc::SECCOMP_IOCTL_NOTIF_RECV, &mut notif) };
    (rc == 0).then_some(notif)
}

/// Lets the notified call go on as if the filter had allowed it.
fn let_it_continue(listener: &OwnedFd, id: u64) {
    // SAFETY: seccomp_notif_resp is plain data; all-zero is a valid value.
    let mut response: libc::seccomp_notif_resp = unsafe { std::mem::zeroed() };
    response.id = id;
    response.flags = u32::try_from(libc::SECCOMP_USER_NOTIF_FLAG_CONTINUE).unwrap_or(1);
    // SAFETY: the ioctl reads one seccomp_notif_resp from `response`, valid for reads. A target
    // that died in the meantime makes it fail with ENOENT, which changes nothing.
    unsafe { libc::ioctl(listener.as_raw_fd(), libc::SECCOMP_IOCTL_NOTIF_SEND, &mut response) };
}

/// A child to reap, and what is known of its run.
#[derive(Debug)]
pub struct Reaped<'a> {
    pub pid: Pid,
    /// Taken before the child was forked, so that the reported wall time covers what its CPU
    /// time covers (the wall limit runs from the end of its confinement).
    pub forked: Instant,
    pub limits: &'a Limits,
    /// Why the supervisor ended it, if it did.
    pub ended_by: Option<EndedBy>,
    /// The read end of the out-of-memory marker pipe.
    pub marker: &'a OwnedFd,
    /// Resident memory the child had from its parent, not its own (the fork server's).
    pub inherited_rss_kib: u64,
}

impl Reaped<'_> {
    /// Waits for the child and reports on its run.
    pub fn report(self) -> Result<JailReport, String> {
        let mut status: libc::c_int = 0;
        // SAFETY: an all-zero rusage is a valid value for the kernel to overwrite.
        let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
        // SAFETY: wait4 writes only into the two out-parameters, both valid for writes.
        let rc = unsafe { libc::wait4(self.pid.as_raw(), &mut status, 0, &mut usage) };
        let wall = self.forked.elapsed();
        if rc < 0 {
            return Err(format!("wait4: {}", std::io::Error::last_os_error()));
        }
        let cpu = timeval_ms(usage.ru_utime) + timeval_ms(usage.ru_stime);
        let (exit_code, signal) = if libc::WIFEXITED(status) {
            (Some(libc::WEXITSTATUS(status)), None)
        } else if libc::WIFSIGNALED(status) {
            (None, Some(libc::WTERMSIG(status)))
        } else {
            (None, None)
        };
        let mut ended_by = self.ended_by.unwrap_or(EndedBy::Exit);
        if ended_by == EndedBy::Exit && Duration::from_millis(cpu) > self.limits.cpu() {
            ended_by = EndedBy::CpuLimit;
        }
        Ok(JailReport::Finished {
            exit_code,
            signal,
            cpu_ms: cpu,
            wall_ms: u64::try_from(wall.as_millis()).unwrap_or(u64::MAX),
            memory_kib: u64::try_from(usage.ru_maxrss).unwrap_or(0).saturating_sub(self.inherited_rss_kib),
            ended_by,
            out_of_memory: marker_says_out_of_memory(self.marker),
        })
    }
}

fn timeval_ms(tv: libc::timeval) -> u64 {
    let ms = tv.tv_sec.saturating_mul(1000).saturating_add(tv.tv_usec / 1000);
    u64::try_from(ms).unwrap_or(0)
}

fn marker_says_out_of_memory(marker: &OwnedFd) -> bool {
    let _ = nix::fcntl::fcntl(marker, nix::fcntl::FcntlArg::F_SETFL(nix::fcntl::OFlag::O_NONBLOCK));
    let mut buf = [0u8; 64];
    matches!(nix::unistd::read(marker, &mut buf), Ok(n) if buf[..n].contains(&b'M'))
}
