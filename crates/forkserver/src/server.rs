//! The zygote's serving loop: it keeps spare children forked ahead of demand, receives requests
//! with their descriptors, hands each to a spare (forking one then if none is left) in the slot
//! the orchestrator chose, watches every running child (its exit, its seccomp listener, its
//! limits, its reply socket) and reports on each when it is reaped.

use crate::{child, python};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{kill, Signal};
use nix::sys::socket::{recvmsg, sendmsg, ControlMessage, ControlMessageOwned, MsgFlags};
use nix::unistd::{ForkResult, Pid};
use pyo3::prelude::*;
use std::collections::VecDeque;
use std::io::{IoSlice, IoSliceMut, Read, Write};
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};
use verdict_boxspec::fork::{ForkRequest, ZygoteInit, MAX_MESSAGE, REQUEST_FDS};
use verdict_boxspec::plan::{EndedBy, JailReport};
use verdict_boxspec::{Layer, Limits};
use verdict_confine::policy::syscall_name;
use verdict_confine::supervise::{self, pidfd_open, receive_listener, take_notifications, Reaped, CPU_SAMPLE};
use verdict_confine::SetupError;

/// A request and its descriptors, received but not started.
struct Pending {
    request: ForkRequest,
    /// The request as it came, which the spare given it reads.
    message: Vec<u8>,
    fds: Vec<OwnedFd>,
}

/// A child that is running.
struct Running {
    pid: Pid,
    pidfd: OwnedFd,
    listener: Option<OwnedFd>,
    /// The child's `/proc/PID/stat`, for CPU samples: the zygote's /proc does not show a child
    /// that runs under its slot's uid, non-dumpable. Required: without it the CPU limit could
    /// not be watched, so a child that does not hand it over is refused.
    stat: OwnedFd,
    reply: Option<UnixStream>,
    marker: OwnedFd,
    forked: Instant,
    start: Instant,
    limits: Limits,
    ended_by: Option<EndedBy>,
    base_rss_kib: u64,
}

/// A child forked ahead of demand, waiting on its channel for the one run it will be given.
struct Spare {
    pid: Pid,
    pidfd: OwnedFd,
    /// The zygote's end of the spare's channel: the run goes out on it, the child's status and
    /// seccomp listener come back on it.
    channel: UnixStream,
    /// The read end of the spare's out-of-memory marker pipe.
    marker: OwnedFd,
}

/// Kills a child of the zygote and reaps it.
fn end_child(pid: Pid) {
    let _ = kill(pid, Signal::SIGKILL);
    let _ = nix::sys::wait::waitpid(pid, None);
}

impl Spare {
    /// Ends a spare that will not be given a run.
    fn discard(self) {
        end_child(self.pid);
    }
}

/// The zygote's serving loop: requests from the orchestrator, one child per request in the slot
/// the request names, and everything each running child needs watched.
pub(crate) struct Server<'py, 'a> {
    control: OwnedFd,
    init: &'a ZygoteInit,
    pid_namespace: OwnedFd,
    zygote: Bound<'py, PyModule>,
    slots: Vec<Option<Running>>,
    pending: VecDeque<Pending>,
    spares: VecDeque<Spare>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running").field("pid", &self.pid).finish_non_exhaustive()
    }
}

enum Watched {
    Control,
    Spare(Pid),
    Pid(usize),
    Listener(usize),
    Reply(usize),
}

impl<'py, 'a> Server<'py, 'a> {
    pub(crate) fn new(
        control: OwnedFd,
        init: &'a ZygoteInit,
        pid_namespace: OwnedFd,
        zygote: Bound<'py, PyModule>,
    ) -> Self {
        let slots = (0..init.slots).map(|_| None).collect();
        Self { control, init, pid_namespace, zygote, slots, pending: VecDeque::new(), spares: VecDeque::new() }
    }

    pub(crate) fn serve(&mut self, py: Python<'py>) -> Result<std::convert::Infallible, SetupError> {
        let mut control_open = true;
        loop {
            self.start_pending(py);
            if control_open && self.pending.is_empty() {
                self.top_up_spares(py);
            }
            if !control_open && self.slots.iter().all(Option::is_none) {
                // SAFETY: _exit ends the process; every child has been reaped.
                unsafe { libc::_exit(0) }
            }
            let any_running = self.slots.iter().any(Option::is_some);
            let mut watched = Vec::new();
            let mut fds = Vec::new();
            if control_open {
                watched.push(Watched::Control);
                fds.push(PollFd::new(self.control.as_fd(), PollFlags::POLLIN));
            }
            for spare in &self.spares {
                watched.push(Watched::Spare(spare.pid));
                fds.push(PollFd::new(spare.pidfd.as_fd(), PollFlags::POLLIN));
            }
            let mut timeout = if any_running { CPU_SAMPLE } else { Duration::from_secs(3600) };
            for (slot, running) in self.slots.iter().enumerate() {
                let Some(run) = running else { continue };
                watched.push(Watched::Pid(slot));
                fds.push(PollFd::new(run.pidfd.as_fd(), PollFlags::POLLIN));
                if let Some(listener) = &run.listener {
                    watched.push(Watched::Listener(slot));
                    fds.push(PollFd::new(listener.as_fd(), PollFlags::POLLIN));
                }
                if let Some(reply) = &run.reply {
                    watched.push(Watched::Reply(slot));
                    fds.push(PollFd::new(reply.as_fd(), PollFlags::POLLIN));
                }
                if run.ended_by.is_none() {
                    timeout = timeout.min(run.limits.wall().saturating_sub(run.start.elapsed()));
                }
            }
            let millis = u16::try_from(timeout.as_millis()).unwrap_or(u16::MAX);
            match poll(&mut fds, PollTimeout::from(millis)) {
                Ok(_) | Err(nix::errno::Errno::EINTR) => {}
                Err(e) => return Err(SetupError::failed("poll", e)),
            }
            let ready: Vec<(usize, PollFlags)> = fds
                .iter()
                .enumerate()
                .filter_map(|(i, fd)| fd.revents().filter(|r| !r.is_empty()).map(|r| (i, r)))
                .collect();
            drop(fds);
            // A run's notifications before its end: a denied call must be taken before the
            // report on the child's exit is built.
            let mut ready = ready;
            ready.sort_by_key(|(index, _)| matches!(watched[*index], Watched::Pid(_)));
            for (index, revents) in ready {
                match watched[index] {
                    // A spare that exits before it is given a run (it never should) is reaped
                    // and replaced.
                    Watched::Spare(pid) => {
                        let at = self.spares.iter().position(|spare| spare.pid == pid);
                        if let Some(spare) = at.and_then(|at| self.spares.remove(at)) {
                            spare.discard();
                        }
                    }
                    Watched::Control => {
                        if !self.receive_request() {
                            control_open = false;
                            self.pending.clear();
                            self.spares.drain(..).for_each(Spare::discard);
                            for run in self.slots.iter_mut().flatten() {
                                run.ended_by.get_or_insert(EndedBy::Request);
                                let _ = kill(run.pid, Signal::SIGKILL);
                            }
                        }
                    }
                    Watched::Pid(slot) => self.finish(slot),
                    Watched::Listener(slot) => self.on_listener(slot, revents),
                    Watched::Reply(slot) => self.on_reply(slot),
                }
            }
            for run in self.slots.iter_mut().flatten().filter(|run| run.ended_by.is_none()) {
                let cpu = supervise::cpu_time_of(&run.stat);
                run.ended_by = supervise::limit_passed(cpu, run.start, &run.limits);
                if run.ended_by.is_some() {
                    let _ = kill(run.pid, Signal::SIGKILL);
                }
            }
        }
    }

    /// Receives one request; false when the orchestrator has closed the channel.
    fn receive_request(&mut self) -> bool {
        let mut buf = match crate::channel::next_packet_len(&self.control) {
            Ok(len) => vec![0u8; len.clamp(1, MAX_MESSAGE)],
            Err(nix::errno::Errno::EAGAIN) => return true,
            Err(_) => return false,
        };
        let mut space = nix::cmsg_space!([RawFd; REQUEST_FDS]);
        let (bytes, fds) = {
            let mut iov = [IoSliceMut::new(&mut buf)];
            let msg =
                match recvmsg::<()>(self.control.as_raw_fd(), &mut iov, Some(&mut space), MsgFlags::MSG_CMSG_CLOEXEC) {
                    Ok(msg) => msg,
                    Err(nix::errno::Errno::EINTR | nix::errno::Errno::EAGAIN) => return true,
                    Err(_) => return false,
                };
            let mut fds = Vec::new();
            if let Ok(cmsgs) = msg.cmsgs() {
                for cmsg in cmsgs {
                    if let ControlMessageOwned::ScmRights(received) = cmsg {
                        for fd in received {
                            // SAFETY: SCM_RIGHTS gave us a new descriptor nothing else owns.
                            fds.push(unsafe { OwnedFd::from_raw_fd(fd) });
                        }
                    }
                }
            }
            (msg.bytes, fds)
        };
        if bytes == 0 && fds.is_empty() {
            return false;
        }
        match serde_json::from_slice::<ForkRequest>(&buf[..bytes]) {
            Ok(request) if fds.len() == REQUEST_FDS => {
                buf.truncate(bytes);
                self.pending.push_back(Pending { request, message: buf, fds });
            }
            Ok(_) => reply_now(fds.into_iter().next(), &failed_report("a request came without its descriptors")),
            Err(e) => reply_now(fds.into_iter().next(), &failed_report(&format!("a request is not valid: {e}"))),
        }
        true
    }

    /// Starts every pending request whose slot is free, in the order they came. The
    /// orchestrator holds a slot for each run it sends, so a request waits here only while the
    /// slot's last child is being reaped.
    fn start_pending(&mut self, py: Python<'py>) {
        let mut waiting = VecDeque::new();
        while let Some(pending) = self.pending.pop_front() {
            let slot = usize::try_from(pending.request.slot).unwrap_or(usize::MAX);
            match self.slots.get(slot) {
                Some(None) => match self.start(py, pending) {
                    Ok(running) => self.slots[slot] = Some(running),
                    Err((reply, report)) => reply_now(reply, &report),
                },
                Some(Some(_)) => waiting.push_back(pending),
                None => {
                    let detail = format!("a request names slot {slot} of {}", self.slots.len());
                    reply_now(pending.fds.into_iter().next(), &failed_report(&detail));
                }
            }
        }
        self.pending = waiting;
    }

    /// Keeps `init.spares` spares forked, one more per turn of the loop and none while a
    /// request waits on the control channel: a request is never held up by a spare's fork.
    fn top_up_spares(&mut self, py: Python<'py>) {
        if self.spares.len() >= usize::try_from(self.init.spares).unwrap_or(0) || self.request_waiting() {
            return;
        }
        // A spare that cannot be forked now is forked when a run needs it, which reports why.
        if let Ok(spare) = self.fork_spare(py) {
            self.spares.push_back(spare);
        }
    }

    fn request_waiting(&self) -> bool {
        let mut fds = [PollFd::new(self.control.as_fd(), PollFlags::POLLIN)];
        matches!(poll(&mut fds, PollTimeout::ZERO), Ok(n) if n > 0)
    }

    /// Forks a spare: pid 1 of a new pid namespace, which takes the steps of
    /// `verdict_confine::steps::FORK_SPARE` and waits for its run.
    fn fork_spare(&mut self, py: Python<'py>) -> Result<Spare, JailReport> {
        let failed = |what: &str, e: &dyn std::fmt::Display| failed_report(&format!("{what}: {e}"));
        let (marker_read, marker_write) =
            nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| failed("pipe2", &e))?;
        let (ours, theirs) = nix::sys::socket::socketpair(
            nix::sys::socket::AddressFamily::Unix,
            nix::sys::socket::SockType::SeqPacket,
            None,
            nix::sys::socket::SockFlag::SOCK_CLOEXEC,
        )
        .map_err(|e| failed("socketpair", &e))?;
        // A request is at most MAX_MESSAGE bytes, in one packet.
        nix::sys::socket::setsockopt(&ours, nix::sys::socket::sockopt::SndBuf, &(2 * MAX_MESSAGE))
            .map_err(|e| failed("sizing a spare's channel", &e))?;
        // The next child is pid 1 of a pid namespace of its own: back to the zygote's own
        // namespace for children, then a new one.
        nix::sched::setns(&self.pid_namespace, nix::sched::CloneFlags::CLONE_NEWPID)
            .and_then(|()| nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWPID))
            .map_err(|e| JailReport::Refused {
                layer: Layer::PidNamespace,
                detail: format!("a pid namespace for the run: {e}"),
            })?;
        // SAFETY: PyOS_BeforeFork is called with the GIL held, on the only thread, right before
        // fork, as the C API requires; AfterFork_Parent follows in the parent.
        unsafe { pyo3::ffi::PyOS_BeforeFork() };
        // SAFETY: the zygote is single-threaded (Python starts no threads in it), so the child
        // gets a consistent copy of the process.
        match unsafe { nix::unistd::fork() } {
            Ok(ForkResult::Child) => {
                // SAFETY: first thing in the child, with the GIL the parent held, as the C API
                // requires before any other Python call.
                unsafe { pyo3::ffi::PyOS_AfterFork_Child() };
                drop((ours, marker_read));
                let spare = child::SpareFds { channel: theirs, marker: marker_write };
                let status = child::spare_main(py, &self.zygote, self.init, spare);
                // SAFETY: _exit ends the child at once: the zygote's state is not the child's
                // to tear down.
                unsafe { libc::_exit(status) }
            }
            Ok(ForkResult::Parent { child }) => {
                // SAFETY: in the parent right after fork, with the GIL held.
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                drop((theirs, marker_write));
                match pidfd_open(child) {
                    Ok(pidfd) => Ok(Spare { pid: child, pidfd, channel: UnixStream::from(ours), marker: marker_read }),
                    Err(e) => {
                        end_child(child);
                        Err(failed("pidfd_open", &e))
                    }
                }
            }
            Err(e) => {
                // SAFETY: the fork failed; the parent resumes as after a fork.
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                Err(failed("fork", &e))
            }
        }
    }

    /// Gives one request to a spare (forking one if none is waiting) in the slot it names, and
    /// waits for the child to confine itself.
    fn start(&mut self, py: Python<'py>, pending: Pending) -> Result<Running, (Option<OwnedFd>, JailReport)> {
        let Pending { request, message, fds } = pending;
        let mut fds = fds.into_iter();
        let reply = fds.next();
        let run_fds: Vec<OwnedFd> = fds.collect();
        if run_fds.len() != child::RUN_FDS {
            return Err((reply, failed_report("a request came without its descriptors")));
        }
        if let Err(e) = request.limits.validate() {
            return Err((reply, failed_report(&e.to_string())));
        }
        let raw: Vec<RawFd> = run_fds.iter().map(AsRawFd::as_raw_fd).collect();
        // A waiting spare first; one that has died since is dropped (and reaped) and the next
        // tried, down to one forked now.
        let (spare, handed) = loop {
            let (spare, fresh) = match self.spares.pop_front() {
                Some(spare) => (spare, false),
                None => match self.fork_spare(py) {
                    Ok(spare) => (spare, true),
                    Err(report) => return Err((reply, report)),
                },
            };
            // The reported wall time runs from the hand-over, as the run's work does.
            let handed = Instant::now();
            let sent = sendmsg::<()>(
                spare.channel.as_raw_fd(),
                &[IoSlice::new(&message)],
                &[ControlMessage::ScmRights(&raw)],
                MsgFlags::MSG_NOSIGNAL,
                None,
            );
            match sent {
                Ok(_) => break (spare, handed),
                Err(e) => {
                    spare.discard();
                    if fresh {
                        return Err((reply, failed_report(&format!("handing the run to a child: {e}"))));
                    }
                }
            }
        };
        drop(run_fds);
        // From here on the child is the run's: it is reaped in `finish`, or below if it fails.
        let Spare { pid, pidfd, channel, marker } = spare;
        let refuse = |reply, report| {
            end_child(pid);
            Err((reply, report))
        };
        match receive_listener(&channel) {
            Ok(supervise::Handover { stat: None, .. }) => {
                let detail = "the child handed over no /proc/self/stat, so its CPU limit cannot be watched";
                refuse(reply, JailReport::Refused { layer: Layer::Proc, detail: detail.into() })
            }
            Ok(supervise::Handover { listener, stat: Some(stat) }) => Ok(Running {
                pid,
                pidfd,
                listener: Some(listener),
                stat,
                reply: reply.map(UnixStream::from),
                marker,
                forked: handed,
                // The wall limit runs from the end of confinement.
                start: Instant::now(),
                limits: request.limits,
                ended_by: None,
                base_rss_kib: python::memory_now().rss_kib,
            }),
            Err(error) => refuse(reply, error.into_report()),
        }
    }

    fn on_listener(&mut self, slot: usize, revents: PollFlags) {
        let Some(run) = self.slots[slot].as_mut() else { return };
        if revents.contains(PollFlags::POLLIN) {
            if let Some(number) = run.listener.as_ref().and_then(take_notifications) {
                run.ended_by.get_or_insert(EndedBy::Violation { syscall: syscall_name(number), number });
                let _ = kill(run.pid, Signal::SIGKILL);
            }
        } else {
            run.listener = None;
        }
    }

    fn on_reply(&mut self, slot: usize) {
        let Some(run) = self.slots[slot].as_mut() else { return };
        let mut buf = [0u8; 64];
        let read = run.reply.as_ref().map_or(Ok(0), |mut reply| reply.read(&mut buf));
        let kill_it = match read {
            Ok(0) => {
                // The orchestrator gave up on this run.
                run.reply = None;
                true
            }
            Ok(n) => buf[..n].windows(4).any(|w| w == b"kill"),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => false,
            Err(_) => {
                run.reply = None;
                true
            }
        };
        if kill_it {
            run.ended_by.get_or_insert(EndedBy::Request);
            let _ = kill(run.pid, Signal::SIGKILL);
        }
    }

    /// Reaps the child of `slot`, reports on it and readies the slot for the next run.
    fn finish(&mut self, slot: usize) {
        // Anything still waiting on the listener belongs to this run's report.
        self.on_listener(slot, PollFlags::POLLIN);
        let Some(run) = self.slots[slot].take() else { return };
        let report = Reaped {
            pid: run.pid,
            forked: run.forked,
            limits: &run.limits,
            ended_by: run.ended_by,
            marker: &run.marker,
            inherited_rss_kib: run.base_rss_kib,
        }
        .report()
        .unwrap_or_else(|detail| failed_report(&detail));
        if let Some(reply) = run.reply {
            reply_now(Some(reply.into()), &report);
        }
    }
}

pub(crate) fn failed_report(detail: &str) -> JailReport {
    JailReport::Failed { detail: detail.to_owned() }
}

fn reply_now(reply: Option<OwnedFd>, report: &JailReport) {
    let Some(reply) = reply else { return };
    let mut line = serde_json::to_vec(report).unwrap_or_default();
    line.push(b'\n');
    let mut stream = UnixStream::from(reply);
    let _ = stream.write_all(&line);
}
