//! Watching the jail's child until it ends: its wall and CPU time, denied syscalls (through the
//! seccomp listener it handed over) and the orchestrator's requests; then reaping it.

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{kill, Signal};
use nix::unistd::Pid;
use std::io::{BufRead, BufReader};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};
use verdict_boxspec::plan::{EndedBy, JailPlan, JailReport};
use verdict_confine::policy::syscall_name;
use verdict_confine::supervise::{self, take_notifications, Reaped, CPU_SAMPLE};
use verdict_confine::SetupError;

/// When the child was forked (reported wall time) and when its confinement was complete (the
/// wall limit).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Clocks {
    pub forked: Instant,
    pub start: Instant,
}

pub(crate) fn watch(
    plan: &JailPlan,
    child: Pid,
    pidfd: &OwnedFd,
    listener: &OwnedFd,
    control: &mut BufReader<UnixStream>,
    clocks: Clocks,
    marker_read: &OwnedFd,
) -> Result<JailReport, SetupError> {
    let start = clocks.start;
    let wall_limit = plan.limits.wall();
    let mut ended_by: Option<EndedBy> = None;
    let mut listening = true;
    let mut controlled = true;
    loop {
        let timeout = if ended_by.is_some() {
            Duration::from_millis(100)
        } else {
            CPU_SAMPLE.min(wall_limit.saturating_sub(start.elapsed()))
        };
        let watched =
            [Some(pidfd.as_fd()), listening.then(|| listener.as_fd()), controlled.then(|| control.get_ref().as_fd())];
        let mut fds: Vec<PollFd<'_>> = watched.iter().flatten().map(|fd| PollFd::new(*fd, PollFlags::POLLIN)).collect();
        let millis = u16::try_from(timeout.as_millis()).unwrap_or(u16::MAX);
        match poll(&mut fds, PollTimeout::from(millis)) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(SetupError::failed("poll", e)),
        }
        let mut revents = [PollFlags::empty(); 3];
        let mut polled = fds.iter();
        for (slot, fd) in revents.iter_mut().zip(&watched) {
            if fd.is_some() {
                *slot = polled.next().and_then(PollFd::revents).unwrap_or(PollFlags::empty());
            }
        }
        let ready = |i: usize| revents[i];
        // Notifications first: a denied call made as the run exits must not be lost to the
        // exit (F11); exit_group itself waits here until every earlier notification is taken.
        if listening && ready(1).contains(PollFlags::POLLIN) {
            if let Some(number) = take_notifications(listener) {
                if ended_by.is_none() {
                    ended_by = Some(EndedBy::Violation { syscall: syscall_name(number), number });
                }
                let _ = kill(child, Signal::SIGKILL);
            }
        } else if listening && ready(1).intersects(PollFlags::POLLHUP | PollFlags::POLLERR) {
            listening = false;
        }
        if ready(0).intersects(PollFlags::POLLIN | PollFlags::POLLHUP) {
            break;
        }
        if controlled && ready(2).intersects(PollFlags::POLLIN | PollFlags::POLLHUP) {
            let mut line = String::new();
            let read = control.read_line(&mut line).unwrap_or(0);
            // A closed control socket means the orchestrator is gone: end the run.
            if read == 0 || line.trim() == "kill" {
                ended_by.get_or_insert(EndedBy::Request);
                let _ = kill(child, Signal::SIGKILL);
            }
            if read == 0 {
                controlled = false;
            }
        }
        if ended_by.is_none() {
            ended_by = supervise::limit_passed(supervise::cpu_time(child), start, &plan.limits);
            if ended_by.is_some() {
                let _ = kill(child, Signal::SIGKILL);
            }
        }
    }
    Reaped {
        pid: child,
        forked: clocks.forked,
        limits: &plan.limits,
        ended_by,
        marker: marker_read,
        inherited_rss_kib: 0,
    }
    .report()
    .map_err(SetupError::Failed)
}
