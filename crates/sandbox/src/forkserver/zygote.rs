//! The fork server itself (the `verdict-forkserver` binary): a single-threaded process that
//! embeds CPython, imports the runtime once, confines itself with the outer layers and then
//! forks one child per run.
//!
//! Three processes are involved. The *outer* process starts as host root, drops to the
//! server's host uid, enters a new user namespace (whose maps the orchestrator writes), then
//! new pid, network, ipc and uts namespaces, and forks the *zygote*, pid 1 of the new pid
//! namespace; the outer process only waits for it. The zygote builds a read-only root (as the
//! jail does, plus a scratch tmpfs per slot under /tmp and a box directory per slot under
//! /box), restricts itself with landlock, starts Python, warms it and serves requests. For each
//! request it forks a *child*, which applies the per-run layers and runs the script. Every
//! child dies with the zygote, and the zygote with the outer process and with the control
//! channel.

use super::protocol::{ForkRequest, ZygoteEvent, ZygoteInit, GO, MAX_MESSAGE, REQUEST_FDS};
use crate::confine::{self, ConfineError, LandlockSpec, Layer, RootSpec, SANDBOX_ID};
use crate::plan::{EndedBy, JailReport};
use crate::policy::syscall_name;
use crate::supervise::{self, pidfd_open, receive_listener, take_notifications, Reaped, CPU_SAMPLE};
use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use nix::sys::signal::{kill, Signal};
use nix::sys::socket::{recvmsg, sendmsg, ControlMessage, ControlMessageOwned, MsgFlags};
use nix::unistd::{ForkResult, Pid};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use std::collections::VecDeque;
use std::ffi::CString;
use std::fs;
use std::io::{IoSlice, IoSliceMut, Read, Write};
use std::mem::MaybeUninit;
use std::os::fd::{AsFd, AsRawFd, FromRawFd, OwnedFd, RawFd};
use std::os::unix::fs::PermissionsExt;
use std::os::unix::net::UnixStream;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const RUNTIME_PY: &str = include_str!("../../../../sandbox/python/verdict_runtime.py");
const ZYGOTE_PY: &str = include_str!("../../../../sandbox/python/zygote.py");

/// Where the control channel lives in the zygote (fd 0 is /dev/null there).
const CONTROL_FD: RawFd = 3;

/// Why the fork server stopped before serving.
#[derive(Debug)]
enum ZygoteError {
    Refused(ConfineError),
    Failed(String),
}

impl From<ConfineError> for ZygoteError {
    fn from(e: ConfineError) -> Self {
        ZygoteError::Refused(e)
    }
}

fn failed(what: &str, e: impl std::fmt::Display) -> ZygoteError {
    ZygoteError::Failed(format!("{what}: {e}"))
}

impl ZygoteError {
    fn event(self) -> ZygoteEvent {
        match self {
            ZygoteError::Refused(e) => ZygoteEvent::Refused { layer: e.layer, detail: e.detail },
            ZygoteError::Failed(detail) => ZygoteEvent::Failed { detail },
        }
    }
}

/// The binary's entry point: `control` is the orchestrator's end of the control channel.
/// Returns the process's exit status.
pub fn main(control: OwnedFd) -> i32 {
    let init = match prepare(&control) {
        Ok(init) => init,
        Err(e) => {
            let _ = send_event(&control, &e.event());
            return 2;
        }
    };
    // SAFETY: the process is single-threaded (checked by `prepare`) and Python has not
    // started, so the child gets a consistent copy.
    match unsafe { nix::unistd::fork() } {
        Err(e) => {
            let _ = send_event(&control, &failed("fork", e).event());
            2
        }
        Ok(ForkResult::Child) => {
            let control = match move_descriptors(&control) {
                Ok(moved) => moved,
                Err(e) => {
                    let _ = send_event(&control, &e.event());
                    // SAFETY: _exit ends the process at once; nothing needs unwinding.
                    unsafe { libc::_exit(2) }
                }
            };
            let error = match zygote(&control, &init) {
                Err(e) => e,
                Ok(never) => match never {},
            };
            let _ = send_event(&control, &error.event());
            // SAFETY: _exit ends the process at once; nothing needs unwinding.
            unsafe { libc::_exit(2) }
        }
        Ok(ForkResult::Parent { child }) => {
            // The zygote keeps its own copy: the orchestrator must see the channel close when
            // the zygote dies, not when this process does.
            drop(control);
            loop {
                match nix::sys::wait::waitpid(child, None) {
                    Ok(nix::sys::wait::WaitStatus::Exited(_, code)) => return code,
                    Ok(nix::sys::wait::WaitStatus::Signaled(_, signal, _)) => return 128 + signal as i32,
                    Ok(_) | Err(nix::errno::Errno::EINTR) => continue,
                    Err(_) => return 2,
                }
            }
        }
    }
}

fn send_event(control: &impl AsFd, event: &ZygoteEvent) -> Result<(), ZygoteError> {
    let bytes = serde_json::to_vec(event).map_err(|e| failed("encoding an event", e))?;
    nix::sys::socket::send(control.as_fd().as_raw_fd(), &bytes, MsgFlags::empty())
        .map_err(|e| failed("sending an event", e))?;
    Ok(())
}

fn receive_message(control: &impl AsFd, what: &str) -> Result<Vec<u8>, ZygoteError> {
    let mut buf = vec![0u8; MAX_MESSAGE];
    let n = nix::sys::socket::recv(control.as_fd().as_raw_fd(), &mut buf, MsgFlags::empty())
        .map_err(|e| failed(what, e))?;
    if n == 0 {
        return Err(ZygoteError::Failed(format!("{what}: the orchestrator closed the channel")));
    }
    buf.truncate(n);
    Ok(buf)
}

/// Reads the init message and enters the namespaces; the caller forks the zygote next.
fn prepare(control: &OwnedFd) -> Result<ZygoteInit, ZygoteError> {
    let init: ZygoteInit = serde_json::from_slice(&receive_message(control, "reading the init message")?)
        .map_err(|e| failed("parsing the init message", e))?;
    supervise::assert_single_threaded().map_err(ZygoteError::Failed)?;
    confine::drop_credentials(Some(init.server_ids))?;
    nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWUSER)
        .map_err(|e| ConfineError::new(Layer::UserNamespace, format!("unshare(CLONE_NEWUSER): {e}")))?;
    send_event(control, &ZygoteEvent::MapIds { pid: std::process::id() })?;
    if receive_message(control, "waiting for the uid maps")? != GO {
        return Err(ZygoteError::Failed("the orchestrator did not write the uid maps".into()));
    }
    for (flag, layer) in [
        (nix::sched::CloneFlags::CLONE_NEWPID, Layer::PidNamespace),
        (nix::sched::CloneFlags::CLONE_NEWNET, Layer::NetworkNamespace),
        (nix::sched::CloneFlags::CLONE_NEWIPC, Layer::IpcNamespace),
        (nix::sched::CloneFlags::CLONE_NEWUTS, Layer::UtsNamespace),
    ] {
        nix::sched::unshare(flag).map_err(|e| ConfineError::new(layer, format!("unshare({flag:?}): {e}")))?;
    }
    Ok(init)
}

/// The uid child `slot` runs as inside the box.
fn slot_uid(slot: usize) -> u32 {
    SANDBOX_ID + u32::try_from(slot).unwrap_or(0)
}

/// pid 1 of the new pid namespace: builds the box, warms Python and serves. Never returns
/// on success.
fn zygote(control: &OwnedFd, init: &ZygoteInit) -> Result<std::convert::Infallible, ZygoteError> {
    let started = Instant::now();
    nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)
        .map_err(|e| ConfineError::new(Layer::PidNamespace, format!("PR_SET_PDEATHSIG: {e}")))?;
    let slots = usize::try_from(init.slots).map_err(|e| failed("slots", e))?;
    let mut passwd = String::new();
    let mut group = String::new();
    for slot in 0..slots {
        let id = slot_uid(slot);
        passwd.push_str(&format!("sandbox:x:{id}:{id}:sandbox:/tmp:/nonexistent\n"));
        group.push_str(&format!("sandbox:x:{id}:\n"));
    }
    let files = vec![
        (PathBuf::from("/etc/passwd"), passwd.into_bytes()),
        (PathBuf::from("/etc/group"), group.into_bytes()),
        (PathBuf::from("/etc/hosts"), b"127.0.0.1 localhost\n".to_vec()),
        // Makes /box exist in the read-only root; a tmpfs of the slots' box directories
        // covers it.
        (PathBuf::from("/box/.mountpoint"), Vec::new()),
    ];
    confine::build_root(&RootSpec {
        ro_binds: &init.ro_binds,
        symlinks: &init.symlinks,
        files: &files,
        // The zygote writes nothing; each child mounts a scratch directory of its own.
        scratch_bytes: 1 << 20,
    })?;
    nix::unistd::sethostname(confine::HOSTNAME)
        .map_err(|e| ConfineError::new(Layer::UtsNamespace, format!("sethostname: {e}")))?;
    // Each child gets a pid namespace of its own: this handle puts the zygote's children back
    // in its own namespace before a new one is made for the next child.
    let pid_namespace: OwnedFd = fs::File::open("/proc/self/ns/pid")
        .map_err(|e| ConfineError::new(Layer::PidNamespace, format!("opening /proc/self/ns/pid: {e}")))?
        .into();
    // No landlock here: a landlocked process can no longer mount, and each child mounts its
    // own /tmp, /box and /proc. Every child applies landlock itself before any candidate code.
    confine::set_no_new_privs()?;

    start_python(init)?;
    Python::attach(|py| -> Result<std::convert::Infallible, ZygoteError> {
        let zygote = load_modules(py)?;
        zygote
            .getattr("warm")
            .and_then(|warm| warm.call1((init.warm_packages, init.scripts.clone())))
            .map_err(|e| python_failed(py, "warming up", e))?;
        let python: String = py
            .import("sys")
            .and_then(|sys| sys.getattr("version"))
            .and_then(|v| v.extract())
            .map_err(|e| python_failed(py, "reading sys.version", e))?;
        let base = memory_now();
        send_event(
            &control,
            &ZygoteEvent::Ready {
                python,
                rss_kib: base.rss_kib,
                warm_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
            },
        )?;
        let control = control.try_clone().map_err(|e| failed("cloning the control channel", e))?;
        let mut server = Server {
            control,
            init,
            pid_namespace,
            zygote,
            slots: (0..slots).map(|_| None).collect(),
            pending: VecDeque::new(),
        };
        server.serve(py)
    })
}

fn python_failed(py: Python<'_>, what: &str, e: PyErr) -> ZygoteError {
    let traceback = e.traceback(py).and_then(|tb| tb.format().ok()).unwrap_or_default();
    ZygoteError::Failed(format!("{what}: {e}\n{traceback}"))
}

/// Moves the control channel to [`CONTROL_FD`] and puts /dev/null at 0 and 1 (stderr stays,
/// for Python's own fatal errors); every other descriptor is closed. Returns the channel.
fn move_descriptors(control: &OwnedFd) -> Result<OwnedFd, ZygoteError> {
    let error = |what: &str| failed(what, std::io::Error::last_os_error());
    // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor numbered 10 or more, owned by nobody.
    let high = unsafe { libc::fcntl(control.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
    if high < 0 {
        return Err(error("F_DUPFD"));
    }
    {
        let null =
            fs::OpenOptions::new().read(true).write(true).open("/dev/null").map_err(|e| failed("/dev/null", e))?;
        for target in [0, 1] {
            // SAFETY: dup2 onto stdin and stdout, which hold only the channel's original
            // number (copied above) and the orchestrator's /dev/null.
            if unsafe { libc::dup2(null.as_raw_fd(), target) } < 0 {
                return Err(error("dup2"));
            }
        }
    }
    // SAFETY: dup2 onto CONTROL_FD, free now that the /dev/null file above is closed.
    if unsafe { libc::dup2(high, CONTROL_FD) } < 0 {
        return Err(error("dup2"));
    }
    // SAFETY: close_range with integer arguments; everything above CONTROL_FD (the copy made
    // above included) is ours to close.
    unsafe { libc::syscall(libc::SYS_close_range, CONTROL_FD + 1, u32::MAX, 0) };
    // SAFETY: CONTROL_FD now holds the channel and nothing else owns it.
    Ok(unsafe { OwnedFd::from_raw_fd(CONTROL_FD) })
}

/// Starts CPython as `python3 -I -S -B` would: isolated, no site, no bytecode files.
fn start_python(init: &ZygoteInit) -> Result<(), ZygoteError> {
    for (key, value) in &init.env {
        // SAFETY: single-threaded, and Python (which reads the environment) has not started.
        unsafe { std::env::set_var(key, value) };
    }
    let program = CString::new(init.program_name.as_os_str().as_encoded_bytes())
        .map_err(|_| ZygoteError::Failed("the interpreter path contains a NUL byte".into()))?;
    // The pre-configuration of `python3 -I`: isolated, but the locale set from the environment
    // (LANG=C.UTF-8), so stdio and files are UTF-8 as on the exec path. An isolated
    // pre-configuration would leave the C locale, and with it ASCII.
    let mut pre = MaybeUninit::<pyo3::ffi::PyPreConfig>::uninit();
    // SAFETY: PyPreConfig_InitPythonConfig fills in the whole struct before it is read, and
    // Py_PreInitialize runs once, on this (the only) thread, before Python is initialised.
    unsafe {
        pyo3::ffi::PyPreConfig_InitPythonConfig(pre.as_mut_ptr());
        let mut pre = pre.assume_init();
        pre.isolated = 1;
        pre.use_environment = 0;
        pre.parse_argv = 0;
        pre.configure_locale = 1;
        let status = pyo3::ffi::Py_PreInitialize(&pre);
        if pyo3::ffi::PyStatus_Exception(status) != 0 {
            return Err(ZygoteError::Failed(format!("pre-configuring Python: {}", status_message(&status))));
        }
    }
    let mut config = MaybeUninit::<pyo3::ffi::PyConfig>::uninit();
    // SAFETY: PyConfig_InitIsolatedConfig fills in the whole struct before it is read; the
    // status functions only read the struct they are given; Py_InitializeFromConfig runs once,
    // on this (the only) thread, and PyConfig_Clear frees what the config allocated.
    unsafe {
        pyo3::ffi::PyConfig_InitIsolatedConfig(config.as_mut_ptr());
        let mut config = config.assume_init();
        config.site_import = 0;
        config.write_bytecode = 0;
        config.user_site_directory = 0;
        config.install_signal_handlers = 1;
        let name = std::ptr::addr_of_mut!(config.program_name);
        let status = pyo3::ffi::PyConfig_SetBytesString(&mut config, name, program.as_ptr());
        if pyo3::ffi::PyStatus_Exception(status) != 0 {
            pyo3::ffi::PyConfig_Clear(&mut config);
            return Err(ZygoteError::Failed(format!("configuring Python: {}", status_message(&status))));
        }
        let status = pyo3::ffi::Py_InitializeFromConfig(&config);
        pyo3::ffi::PyConfig_Clear(&mut config);
        if pyo3::ffi::PyStatus_Exception(status) != 0 {
            return Err(ZygoteError::Failed(format!("starting Python: {}", status_message(&status))));
        }
    }
    Ok(())
}

fn status_message(status: &pyo3::ffi::PyStatus) -> String {
    if status.err_msg.is_null() {
        return "unknown error".into();
    }
    // SAFETY: a non-null err_msg of a PyStatus is a static NUL-terminated C string.
    unsafe { std::ffi::CStr::from_ptr(status.err_msg) }.to_string_lossy().into_owned()
}

/// Registers `verdict_runtime` and loads the zygote module.
fn load_modules(py: Python<'_>) -> Result<Bound<'_, PyModule>, ZygoteError> {
    let code = |s: &str| CString::new(s).map_err(|_| ZygoteError::Failed("embedded Python has a NUL byte".into()));
    let runtime = PyModule::from_code(py, &code(RUNTIME_PY)?, c"verdict_runtime.py", c"verdict_runtime")
        .map_err(|e| python_failed(py, "loading verdict_runtime", e))?;
    let sources = PyDict::new(py);
    for (schema, framework, source) in crate::runner::ORM_SCHEMAS {
        sources
            .set_item(crate::runner::schema_module_name(schema, framework), *source)
            .map_err(|e| python_failed(py, "listing the ORM schemas", e))?;
    }
    runtime.setattr("SOURCES", sources).map_err(|e| python_failed(py, "handing over the ORM schemas", e))?;
    py.import("sys")
        .and_then(|sys| sys.getattr("modules"))
        .and_then(|modules| modules.set_item("verdict_runtime", runtime))
        .map_err(|e| python_failed(py, "registering verdict_runtime", e))?;
    PyModule::from_code(py, &code(ZYGOTE_PY)?, c"zygote.py", c"verdict_zygote")
        .map_err(|e| python_failed(py, "loading the zygote module", e))
}

#[derive(Debug, Clone, Copy, Default)]
struct Memory {
    rss_kib: u64,
    vm_bytes: u64,
}

/// The calling process's resident and virtual size.
fn memory_now() -> Memory {
    let statm = fs::read_to_string("/proc/self/statm").unwrap_or_default();
    let mut fields = statm.split_whitespace().filter_map(|f| f.parse::<u64>().ok());
    // SAFETY: sysconf has no memory-safety preconditions.
    let page = u64::try_from(unsafe { libc::sysconf(libc::_SC_PAGESIZE) }).unwrap_or(4096);
    let vm_pages = fields.next().unwrap_or(0);
    let rss_pages = fields.next().unwrap_or(0);
    Memory { rss_kib: rss_pages * page / 1024, vm_bytes: vm_pages * page }
}

/// A request and its descriptors, received but not started.
struct Pending {
    request: ForkRequest,
    fds: Vec<OwnedFd>,
}

/// A child that is running.
struct Running {
    pid: Pid,
    pidfd: OwnedFd,
    listener: Option<OwnedFd>,
    /// The child's `/proc/PID/stat`, for CPU samples: the zygote's /proc does not show a child
    /// that runs under its slot's uid, non-dumpable.
    stat: Option<OwnedFd>,
    reply: Option<UnixStream>,
    marker: OwnedFd,
    forked: Instant,
    start: Instant,
    limits: crate::Limits,
    ended_by: Option<EndedBy>,
    base_rss_kib: u64,
}

struct Server<'py, 'a> {
    control: OwnedFd,
    init: &'a ZygoteInit,
    pid_namespace: OwnedFd,
    zygote: Bound<'py, PyModule>,
    slots: Vec<Option<Running>>,
    pending: VecDeque<Pending>,
}

impl std::fmt::Debug for Running {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Running").field("pid", &self.pid).finish_non_exhaustive()
    }
}

enum Watched {
    Control,
    Pid(usize),
    Listener(usize),
    Reply(usize),
}

impl<'py> Server<'py, '_> {
    fn serve(&mut self, py: Python<'py>) -> Result<std::convert::Infallible, ZygoteError> {
        let mut control_open = true;
        loop {
            self.start_pending(py);
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
                Err(e) => return Err(failed("poll", e)),
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
                    Watched::Control => {
                        if !self.receive_request() {
                            control_open = false;
                            self.pending.clear();
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
                let cpu = run.stat.as_ref().and_then(supervise::cpu_time_of);
                run.ended_by = supervise::limit_passed(cpu, run.start, &run.limits);
                if run.ended_by.is_some() {
                    let _ = kill(run.pid, Signal::SIGKILL);
                }
            }
        }
    }

    /// Receives one request; false when the orchestrator has closed the channel.
    fn receive_request(&mut self) -> bool {
        let mut buf = vec![0u8; MAX_MESSAGE];
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
            Ok(request) if fds.len() == REQUEST_FDS => self.pending.push_back(Pending { request, fds }),
            Ok(_) => reply_now(fds.into_iter().next(), &failed_report("a request came without its descriptors")),
            Err(e) => reply_now(fds.into_iter().next(), &failed_report(&format!("a request is not valid: {e}"))),
        }
        true
    }

    fn start_pending(&mut self, py: Python<'py>) {
        while let Some(slot) = self.slots.iter().position(Option::is_none) {
            let Some(pending) = self.pending.pop_front() else { return };
            match self.start(py, slot, pending) {
                Ok(running) => self.slots[slot] = Some(running),
                Err((reply, report)) => reply_now(reply, &report),
            }
        }
    }

    /// Forks the child for one request in `slot`.
    fn start(
        &mut self,
        py: Python<'py>,
        slot: usize,
        pending: Pending,
    ) -> Result<Running, (Option<OwnedFd>, JailReport)> {
        let Pending { request, fds } = pending;
        let mut fds = fds.into_iter();
        let reply = fds.next();
        let failure = |reply: Option<OwnedFd>, what: &str, e: &dyn std::fmt::Display| {
            (reply, failed_report(&format!("{what}: {e}")))
        };
        let (Some(stdout), Some(stderr), Some(stdin), Some(files), Some(cgroup)) =
            (fds.next(), fds.next(), fds.next(), fds.next(), fds.next())
        else {
            return Err((reply, failed_report("a request came without its descriptors")));
        };
        if let Err(e) = request.limits.validate() {
            return Err((reply, failed_report(&e.to_string())));
        }
        let (marker_read, marker_write) = match nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC) {
            Ok(pair) => pair,
            Err(e) => return Err(failure(reply, "pipe2", &e)),
        };
        let (status_parent, status_child) = match UnixStream::pair() {
            Ok(pair) => pair,
            Err(e) => return Err(failure(reply, "socketpair", &e)),
        };
        let child_fds =
            ChildFds { stdin, stdout, stderr, marker: marker_write, status: status_child.into(), files, cgroup };
        // The next child is pid 1 of a pid namespace of its own: back to the zygote's own
        // namespace for children, then a new one.
        if let Err(e) = nix::sched::setns(&self.pid_namespace, nix::sched::CloneFlags::CLONE_NEWPID)
            .and_then(|()| nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWPID))
        {
            let error = ConfineError::new(Layer::PidNamespace, format!("a pid namespace for the run: {e}"));
            return Err((reply, JailReport::Refused { layer: error.layer, detail: error.detail }));
        }
        // The reported wall time runs from before the fork, as the child's CPU time does.
        let fork_time = Instant::now();
        // SAFETY: PyOS_BeforeFork is called with the GIL held, on the only thread, right before
        // fork, as the C API requires; AfterFork_Parent follows in the parent.
        unsafe { pyo3::ffi::PyOS_BeforeFork() };
        // SAFETY: the zygote is single-threaded (Python starts no threads in it), so the child
        // gets a consistent copy of the process.
        let forked = unsafe { nix::unistd::fork() };
        match forked {
            Ok(ForkResult::Child) => {
                // SAFETY: first thing in the child, with the GIL the parent held, as the C API
                // requires before any other Python call.
                unsafe { pyo3::ffi::PyOS_AfterFork_Child() };
                drop(status_parent);
                drop(marker_read);
                let status = child_main(py, &self.zygote, self.init, slot, &request, &child_fds);
                // SAFETY: _exit ends the child at once: the zygote's state is not the child's
                // to tear down.
                unsafe { libc::_exit(status) }
            }
            Ok(ForkResult::Parent { child }) => {
                // SAFETY: in the parent right after fork, with the GIL held.
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                drop(child_fds);
                let pidfd = match pidfd_open(child) {
                    Ok(fd) => fd,
                    Err(e) => {
                        let _ = kill(child, Signal::SIGKILL);
                        let _ = nix::sys::wait::waitpid(child, None);
                        return Err(failure(reply, "pidfd_open", &e));
                    }
                };
                match receive_listener(&status_parent) {
                    Ok(handover) => Ok(Running {
                        pid: child,
                        pidfd,
                        listener: Some(handover.listener),
                        stat: handover.stat,
                        reply: reply.map(UnixStream::from),
                        marker: marker_read,
                        forked: fork_time,
                        // The wall limit runs from the end of confinement.
                        start: Instant::now(),
                        limits: request.limits,
                        ended_by: None,
                        base_rss_kib: memory_now().rss_kib,
                    }),
                    Err(error) => {
                        let _ = kill(child, Signal::SIGKILL);
                        let _ = nix::sys::wait::waitpid(child, None);
                        Err((reply, error.into_report()))
                    }
                }
            }
            Err(e) => {
                // SAFETY: the fork failed; the parent resumes as after a fork.
                unsafe { pyo3::ffi::PyOS_AfterFork_Parent() };
                Err(failure(reply, "fork", &e))
            }
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
            slot: u32::try_from(slot).ok(),
        }
        .report()
        .unwrap_or_else(|detail| failed_report(&detail));
        if let Some(reply) = run.reply {
            reply_now(Some(reply.into()), &report);
        }
    }
}

/// The descriptors a child takes over, placed at 0 to 4 in the child.
struct ChildFds {
    stdin: OwnedFd,
    stdout: OwnedFd,
    stderr: OwnedFd,
    marker: OwnedFd,
    status: OwnedFd,
    files: OwnedFd,
    /// `cgroup.procs` of the run's memory cgroup.
    cgroup: OwnedFd,
}

fn failed_report(detail: &str) -> JailReport {
    JailReport::Failed { detail: detail.to_owned() }
}

fn reply_now(reply: Option<OwnedFd>, report: &JailReport) {
    let Some(reply) = reply else { return };
    let mut line = serde_json::to_vec(report).unwrap_or_default();
    line.push(b'\n');
    let mut stream = UnixStream::from(reply);
    let _ = stream.write_all(&line);
}

/// The child: applies the per-run layers, hands its seccomp listener to the zygote and runs
/// the script. Returns the exit status.
fn child_main(
    py: Python<'_>,
    zygote: &Bound<'_, PyModule>,
    init: &ZygoteInit,
    slot: usize,
    request: &ForkRequest,
    fds: &ChildFds,
) -> i32 {
    // Into the run's memory cgroup before anything else: everything the child allocates from
    // here on (its copies of the zygote's pages included) is charged to the run.
    if let Err(error) = crate::cgroup::enter(&fds.cgroup) {
        return child_refused(fds.status.as_raw_fd(), &error);
    }
    let status_fd = match place_child_descriptors(fds) {
        Ok(()) => STATUS_FD,
        Err(error) => return child_refused(fds.status.as_raw_fd(), &error),
    };
    if let Err(error) = confine_child(init, slot, request) {
        return child_refused(status_fd, &error);
    }
    match zygote
        .getattr("run_main")
        .and_then(|run| run.call1((request.argv.clone(), "/tmp")))
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

/// Where a child keeps its status socket and the box files' contents until it has confined
/// itself.
const STATUS_FD: RawFd = 4;
const FILES_FD: RawFd = 5;

fn confine_child(init: &ZygoteInit, slot: usize, request: &ForkRequest) -> Result<(), ConfineError> {
    nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)
        .map_err(|e| ConfineError::new(Layer::PidNamespace, format!("PR_SET_PDEATHSIG: {e}")))?;
    // Opened while the child is still the zygote's uid and dumpable: the zygote reads its CPU
    // time through it (see `Running::stat`).
    let stat: OwnedFd = fs::File::open("/proc/self/stat")
        .map_err(|e| ConfineError::new(Layer::Proc, format!("opening /proc/self/stat: {e}")))?
        .into();
    mount_child_filesystems(slot, request)?;
    let scratch = PathBuf::from("/tmp");
    nix::unistd::chdir(&scratch).map_err(|e| ConfineError::new(Layer::Scratch, format!("chdir: {e}")))?;
    let memory = memory_now();
    confine::apply_rlimits_with(
        &request.limits,
        memory.vm_bytes.saturating_add(request.limits.memory_bytes),
        request.limits.max_processes,
    )?;
    drop_to_slot(slot)?;
    // Changing uid cleared the parent-death signal set above: set it again. (The zygote's
    // death also ends every child through the pid namespaces they nest in.)
    nix::sys::prctl::set_pdeathsig(Signal::SIGKILL)
        .map_err(|e| ConfineError::new(Layer::PidNamespace, format!("PR_SET_PDEATHSIG: {e}")))?;
    confine::set_no_new_privs()?;
    confine::apply_landlock(&LandlockSpec { executables: &[], readable: &[PathBuf::from("/")], writable: &[scratch] })?;
    let listener = confine::apply_seccomp(&init.seccomp)?;
    let fds = [listener.as_raw_fd(), stat.as_raw_fd()];
    sendmsg::<()>(STATUS_FD, &[IoSlice::new(b"L")], &[ControlMessage::ScmRights(&fds)], MsgFlags::empty(), None)
        .map_err(|e| ConfineError::new(Layer::SeccompNotify, format!("handing the listener to the zygote: {e}")))?;
    drop((listener, stat));
    // SAFETY: STATUS_FD is the status socket, placed there by this child and owned by nothing
    // else; closing it tells the zygote confinement is complete.
    unsafe { libc::close(STATUS_FD) };
    Ok(())
}

/// A mount namespace of the child's own, with a fresh scratch tmpfs at /tmp owned by the
/// slot's uid, the request's files read-only at /box, and /proc for the child's own pid
/// namespace; all of it goes when the child does.
fn mount_child_filesystems(slot: usize, request: &ForkRequest) -> Result<(), ConfineError> {
    use nix::mount::{mount, MsFlags};
    nix::sched::unshare(nix::sched::CloneFlags::CLONE_NEWNS)
        .map_err(|e| ConfineError::new(Layer::MountNamespace, format!("unshare(CLONE_NEWNS): {e}")))?;
    let flags = MsFlags::MS_NOSUID | MsFlags::MS_NODEV | MsFlags::MS_NOEXEC;
    confine::mount_scratch(Path::new("/tmp"), request.limits.scratch_bytes, slot_uid(slot))?;
    let box_bytes: u64 = request.box_files.iter().map(|f| f.len + 4096).sum::<u64>() + 65536;
    mount(Some("tmpfs"), "/box", Some("tmpfs"), flags, Some(format!("size={box_bytes},mode=0755").as_str()))
        .map_err(|e| ConfineError::new(Layer::ReadOnlyRoot, format!("mounting /box: {e}")))?;
    write_box_files(Path::new("/box"), request)?;
    mount(None::<&str>, "/box", None::<&str>, flags | MsFlags::MS_REMOUNT | MsFlags::MS_RDONLY, None::<&str>)
        .map_err(|e| ConfineError::new(Layer::ReadOnlyRoot, format!("remounting /box read-only: {e}")))?;
    confine::mount_proc(Path::new("/proc"))
}

/// Writes the request's files, read-only, into the child's box directory.
fn write_box_files(boxed: &Path, request: &ForkRequest) -> Result<(), ConfineError> {
    let e = |what: String| ConfineError::new(Layer::ReadOnlyRoot, what);
    // SAFETY: FILES_FD was placed by place_child_descriptors and nothing else owns it; the
    // File closes it when done.
    let mut source = unsafe { fs::File::from_raw_fd(FILES_FD) };
    for file in &request.box_files {
        if file.name.is_empty() || file.name.contains('/') || file.name.starts_with('.') {
            return Err(e(format!("box file name {:?} is not a plain file name", file.name)));
        }
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
fn drop_to_slot(slot: usize) -> Result<(), ConfineError> {
    confine::drop_bounding_set()?;
    let id = slot_uid(slot);
    confine::set_ids(id, id)?;
    confine::clear_capabilities()?;
    nix::sys::prctl::set_dumpable(false)
        .map_err(|e| ConfineError::new(Layer::Capabilities, format!("PR_SET_DUMPABLE: {e}")))
}
