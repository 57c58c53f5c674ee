//! The jail: a small single-threaded process that confines one run and supervises it.
//!
//! It drops to the run's host uid, enters fresh namespaces, forks the child that becomes pid 1
//! of the run's pid namespace, and then watches that child: wall time, CPU time, denied
//! syscalls (through the seccomp listener the child hands over) and requests from the
//! orchestrator. When pid 1 dies the kernel kills every other process of the namespace, so
//! nothing the run started outlives it.

use crate::cgroup;
use crate::confine::{self, ConfineError, LandlockSpec, Layer, RootSpec, SANDBOX_ID};
use crate::plan::{EndedBy, JailPlan, JailReport};
use crate::policy::syscall_name;
use crate::supervise::{self, take_notifications, HandoverError, Reaped, CPU_SAMPLE};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{kill, Signal};
use nix::sys::socket::{sendmsg, ControlMessage, MsgFlags};
use nix::unistd::{ForkResult, Pid};
use std::ffi::CString;
use std::io::{BufRead, BufReader, IoSlice, Read, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// Largest plan line the jail accepts; plans are a few kilobytes.
const MAX_PLAN_BYTES: u64 = 1 << 20;

/// Why a run could not be supervised.
#[derive(Debug)]
enum JailError {
    Refused(ConfineError),
    Failed(String),
}

impl From<ConfineError> for JailError {
    fn from(e: ConfineError) -> Self {
        JailError::Refused(e)
    }
}

fn failed(what: &str, e: impl std::fmt::Display) -> JailError {
    JailError::Failed(format!("{what}: {e}"))
}

/// Reads a plan from `control`, runs it and returns the report to send back.
pub fn serve(control: UnixStream) -> JailReport {
    match serve_inner(control) {
        Ok(report) => report,
        Err(JailError::Refused(e)) => JailReport::Refused { layer: e.layer, detail: e.detail },
        Err(JailError::Failed(detail)) => JailReport::Failed { detail },
    }
}

fn serve_inner(control: UnixStream) -> Result<JailReport, JailError> {
    let mut reader = BufReader::new(control.try_clone().map_err(|e| failed("cloning the control socket", e))?);
    let mut line = String::new();
    (&mut reader).take(MAX_PLAN_BYTES).read_line(&mut line).map_err(|e| failed("reading the plan", e))?;
    let plan: JailPlan = serde_json::from_str(&line).map_err(|e| failed("parsing the plan", e))?;
    let mut box_files = Vec::new();
    for file in &plan.box_files {
        if file.name.is_empty() || file.name.contains('/') || file.name.starts_with('.') {
            return Err(JailError::Failed(format!("box file name {:?} is not a plain file name", file.name)));
        }
        box_files.push((PathBuf::from("/box").join(&file.name), read_blob(&mut reader, file.len)?));
    }
    let stdin = read_blob(&mut reader, plan.stdin_len)?;
    supervise(&plan, box_files, &stdin, reader)
}

fn read_blob(reader: &mut impl Read, len: u64) -> Result<Vec<u8>, JailError> {
    let len = usize::try_from(len).map_err(|e| failed("blob length", e))?;
    let mut buf = vec![0; len];
    reader.read_exact(&mut buf).map_err(|e| failed("reading the plan's files", e))?;
    Ok(buf)
}

/// Everything the child needs, prepared before the fork.
struct ChildSetup<'a> {
    plan: &'a JailPlan,
    root_files: Vec<(PathBuf, Vec<u8>)>,
    stdin: OwnedFd,
    cgroup: OwnedFd,
    marker_write: OwnedFd,
    status: UnixStream,
    interpreter: CString,
    argv: Vec<CString>,
    env: Vec<CString>,
}

fn cstring(s: &str, what: &str) -> Result<CString, JailError> {
    CString::new(s).map_err(|_| JailError::Failed(format!("{what} contains a NUL byte")))
}

fn supervise(
    plan: &JailPlan,
    box_files: Vec<(PathBuf, Vec<u8>)>,
    stdin: &[u8],
    mut control: BufReader<UnixStream>,
) -> Result<JailReport, JailError> {
    supervise::assert_single_threaded().map_err(JailError::Failed)?;
    // Opened before the credentials drop: the kernel checks the opener's rights when the
    // child later writes to it.
    let cgroup = match &plan.memory_cgroup {
        Some(path) => cgroup::open_procs(path)?,
        None => {
            return Err(JailError::Refused(ConfineError::new(Layer::MemoryCgroup, "the plan names no memory cgroup")))
        }
    };
    // The reported wall time runs from here, before the fork, as the child's CPU time does.
    let forked = Instant::now();
    let (uid, gid) = confine::drop_credentials(plan.host_ids)?;
    confine::enter_namespaces(uid, gid)?;

    let stdin_fd = nix::sys::memfd::memfd_create(c"stdin", nix::sys::memfd::MFdFlags::MFD_CLOEXEC)
        .map_err(|e| failed("memfd_create", e))?;
    let mut stdin_file = std::fs::File::from(stdin_fd);
    stdin_file.write_all(stdin).map_err(|e| failed("writing stdin", e))?;
    std::io::Seek::rewind(&mut stdin_file).map_err(|e| failed("rewinding stdin", e))?;
    let (marker_read, marker_write) =
        nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| failed("pipe2", e))?;
    let (status_parent, status_child) = UnixStream::pair().map_err(|e| failed("socketpair", e))?;

    let mut root_files = vec![
        (
            PathBuf::from("/etc/passwd"),
            format!("sandbox:x:{SANDBOX_ID}:{SANDBOX_ID}:sandbox:/tmp:/nonexistent\n").into_bytes(),
        ),
        (PathBuf::from("/etc/group"), format!("sandbox:x:{SANDBOX_ID}:\n").into_bytes()),
        (PathBuf::from("/etc/hosts"), b"127.0.0.1 localhost\n".to_vec()),
    ];
    root_files.extend(box_files);
    let setup = ChildSetup {
        plan,
        root_files,
        stdin: stdin_file.into(),
        cgroup,
        marker_write,
        status: status_child,
        interpreter: cstring(&plan.interpreter.to_string_lossy(), "the interpreter path")?,
        argv: plan.argv.iter().map(|a| cstring(a, "an argument")).collect::<Result<_, _>>()?,
        env: plan.env.iter().map(|(k, v)| cstring(&format!("{k}={v}"), "the environment")).collect::<Result<_, _>>()?,
    };

    // SAFETY: the jail checked above that it has a single thread, so the child gets a
    // consistent copy of the whole process, allocator included.
    let child = match unsafe { nix::unistd::fork() }.map_err(|e| failed("fork", e))? {
        ForkResult::Child => {
            drop(status_parent);
            drop(marker_read);
            let error = match child_main(&setup) {
                Err(e) => e,
                Ok(never) => match never {},
            };
            child_fail(&setup.status, &error)
        }
        ForkResult::Parent { child } => child,
    };
    drop(setup);
    let pidfd = supervise::pidfd_open(child).map_err(|e| failed("pidfd_open", e))?;
    let listener = match supervise::receive_listener(&status_parent) {
        Ok(handover) => handover.listener,
        Err(e) => {
            let _ = kill(child, Signal::SIGKILL);
            let _ = nix::sys::wait::waitpid(child, None);
            return Err(match e {
                HandoverError::Refused(e) => JailError::Refused(e),
                HandoverError::Failed(detail) => JailError::Failed(detail),
            });
        }
    };
    // The wall limit runs from the end of confinement: setting up the box is not the run's time.
    let start = Instant::now();
    watch(plan, child, &pidfd, &listener, &mut control, Clocks { forked, start }, &marker_read)
}

/// The child's side: pid 1 of the new pid namespace. Only returns on failure.
fn child_main(setup: &ChildSetup<'_>) -> Result<std::convert::Infallible, ConfineError> {
    nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)
        .map_err(|e| ConfineError::new(Layer::PidNamespace, format!("PR_SET_PDEATHSIG: {e}")))?;
    cgroup::enter(&setup.cgroup)?;
    let plan = setup.plan;
    confine::build_root(&RootSpec {
        ro_binds: &plan.ro_binds,
        symlinks: &plan.symlinks,
        files: &setup.root_files,
        scratch_bytes: plan.limits.scratch_bytes,
    })?;
    nix::unistd::sethostname(confine::HOSTNAME)
        .map_err(|e| ConfineError::new(Layer::UtsNamespace, format!("sethostname: {e}")))?;
    confine::apply_rlimits(&plan.limits)?;
    place_descriptors(&setup.stdin, &setup.marker_write)?;
    confine::set_no_new_privs()?;
    confine::apply_landlock(&LandlockSpec {
        executables: &plan.executables,
        readable: &[PathBuf::from("/")],
        writable: &[PathBuf::from("/tmp")],
    })?;
    confine::drop_capabilities()?;
    let listener = confine::apply_seccomp(&plan.seccomp)?;
    let fds = [listener.as_raw_fd()];
    sendmsg::<()>(
        setup.status.as_raw_fd(),
        &[IoSlice::new(b"L")],
        &[ControlMessage::ScmRights(&fds)],
        MsgFlags::empty(),
        None,
    )
    .map_err(|e| ConfineError::new(Layer::SeccompNotify, format!("handing the listener to the jail: {e}")))?;
    drop(listener);
    let err = nix::unistd::execve(&setup.interpreter, &setup.argv, &setup.env).unwrap_err();
    Err(ConfineError::new(Layer::Exec, format!("execve {}: {err}", plan.interpreter.display())))
}

/// stdin at 0, the out-of-memory marker at 3, stdout and stderr inherited at 1 and 2; every
/// other descriptor closes on exec.
fn place_descriptors(stdin: &OwnedFd, marker: &OwnedFd) -> Result<(), ConfineError> {
    let e = |what: &str, err: nix::Error| ConfineError::new(Layer::Exec, format!("{what}: {err}"));
    for (fd, target, what) in [(stdin, 0, "dup2 stdin"), (marker, 3, "dup2 marker")] {
        // SAFETY: dup2 onto a fixed number; the descriptor it replaces (if any) is the jail's
        // inherited stdin or nothing, which this process no longer needs.
        if unsafe { libc::dup2(fd.as_raw_fd(), target) } < 0 {
            return Err(e(what, nix::Error::last()));
        }
    }
    // SAFETY: close_range with integer arguments; CLOSE_RANGE_CLOEXEC only sets flags.
    let rc = unsafe { libc::syscall(libc::SYS_close_range, 4u32, u32::MAX, libc::CLOSE_RANGE_CLOEXEC) };
    if rc != 0 {
        return Err(ConfineError::new(Layer::Exec, format!("close_range: {}", std::io::Error::last_os_error())));
    }
    Ok(())
}

/// Reports a confinement failure over the status socket and exits without running any
/// destructor (the parent's state is not the child's to clean up).
fn child_fail(status: &UnixStream, error: &ConfineError) -> ! {
    if let Ok(line) = serde_json::to_vec(error) {
        let mut out = status;
        let _ = out.write_all(&line);
    }
    // The jail reads the status to its end before it watches the listener, and once seccomp is
    // on, the exit below waits for the jail: end the status first.
    let _ = status.shutdown(std::net::Shutdown::Both);
    // SAFETY: _exit ends the process at once; nothing in the child needs unwinding.
    unsafe { libc::_exit(127) }
}

/// When the child was forked (reported wall time) and when its confinement was complete (the
/// wall limit).
#[derive(Debug, Clone, Copy)]
struct Clocks {
    forked: Instant,
    start: Instant,
}

fn watch(
    plan: &JailPlan,
    child: Pid,
    pidfd: &OwnedFd,
    listener: &OwnedFd,
    control: &mut BufReader<UnixStream>,
    clocks: Clocks,
    marker_read: &OwnedFd,
) -> Result<JailReport, JailError> {
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
            Err(e) => return Err(failed("poll", e)),
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
        slot: None,
    }
    .report()
    .map_err(JailError::Failed)
}
