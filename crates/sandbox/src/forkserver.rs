//! The warm fork server, seen from the orchestrator.
//!
//! [`ForkServer`] starts `verdict-forkserver` (the `verdict-forkserver` crate) on first use, writes the uid
//! maps of its user namespace, and then hands it one request per run, each with its own pipes
//! and reply socket, from any number of threads at once. Nothing here forks: the server is a
//! separate process, so the caller may be a multi-threaded tokio server.
//!
//! If the fork server dies, every run it had in flight sees its reply socket close without a
//! report; the first to notice starts a new server and each of them runs again, so no run is
//! lost and none gets an invented result.

use crate::cgroup::{MemoryCgroups, MemoryUsage};
use crate::collect::{collect, pipe, Captured};
use crate::uid::{UidLease, UidPool};
use std::io::{Seek, Write};
use std::os::fd::{AsFd, AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use verdict_boxspec::fork::{ForkRequest, ZygoteEvent, ZygoteInit, GO, MAX_MESSAGE};
use verdict_boxspec::plan::{BoxFile, JailReport};
use verdict_boxspec::{ConfineError, RunRequest};

/// The fork server's binary, looked up beside the current executable.
pub const FORKSERVER_BINARY: &str = "verdict-forkserver";

/// How long the fork server may take to start and warm up.
const START_TIMEOUT: Duration = Duration::from_secs(120);
/// How many times one run is tried when the fork server dies under it.
const ATTEMPTS: usize = 3;

/// A finished run: the fork server's report, what the run wrote, and the host uid its slot
/// maps to.
#[derive(Debug)]
pub(crate) struct Dispatched {
    pub report: JailReport,
    pub stdout: Captured,
    pub stderr: Captured,
    pub host_uid: Option<u32>,
    /// What the run's memory cgroup recorded, read once the child was reaped.
    pub memory: Option<MemoryUsage>,
}

/// Facts about a running fork server.
#[derive(Debug, Clone)]
pub struct ForkServerInfo {
    pub python: String,
    pub rss_kib: u64,
    pub warm_ms: u64,
    /// How many times the server was started (1 until it dies once).
    pub generation: u64,
    /// The set of the sandbox's Python packages it has loaded, if any.
    pub runtime: Option<verdict_boxspec::Runtime>,
    /// The host pid of the fork server's outer process; the zygote is its one child, and the
    /// zygote's children are the runs and the spares.
    pub pid: u32,
}

#[derive(Debug)]
pub struct ForkServer {
    binary: PathBuf,
    template: ZygoteInit,
    uid_dir: PathBuf,
    /// Where each run's memory cgroup is made.
    memory: Result<MemoryCgroups, ConfineError>,
    state: Mutex<State>,
    /// The slots no run holds. The orchestrator owns them: each request names its slot, and
    /// the fork server runs it there.
    free_slots: Mutex<Vec<u32>>,
    slot_freed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    connection: Option<Arc<Connection>>,
    generation: u64,
}

#[derive(Debug)]
struct Connection {
    generation: u64,
    control: OwnedFd,
    process: Mutex<Child>,
    info: ForkServerInfo,
    /// Host uids of the slots, in slot order.
    slot_uids: Vec<u32>,
    _leases: Vec<UidLease>,
}

impl Drop for Connection {
    fn drop(&mut self) {
        let mut process = lock(&self.process);
        let _ = process.kill();
        let _ = process.wait();
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A slot held for one run; given back when dropped.
struct SlotPermit<'a> {
    server: &'a ForkServer,
    slot: u32,
}

impl Drop for SlotPermit<'_> {
    fn drop(&mut self) {
        lock(&self.server.free_slots).push(self.slot);
        self.server.slot_freed.notify_one();
    }
}

impl ForkServer {
    /// A fork server that will start on first use. `template` holds everything but the uids,
    /// which are leased from `uid_dir` at each start.
    pub(crate) fn new(
        binary: PathBuf,
        template: ZygoteInit,
        uid_dir: PathBuf,
        memory: Result<MemoryCgroups, ConfineError>,
    ) -> Self {
        // Taken from the end: the lowest slots first.
        let free_slots = (0..template.slots).rev().collect();
        Self {
            binary,
            template,
            uid_dir,
            memory,
            state: Mutex::new(State::default()),
            free_slots: Mutex::new(free_slots),
            slot_freed: Condvar::new(),
        }
    }

    /// Starts the server if it is not running and returns what it reported.
    pub fn ensure_started(&self) -> Result<ForkServerInfo, String> {
        Ok(self.connection()?.info.clone())
    }

    fn connection(&self) -> Result<Arc<Connection>, String> {
        let mut state = lock(&self.state);
        if let Some(connection) = &state.connection {
            return Ok(Arc::clone(connection));
        }
        let generation = state.generation + 1;
        let connection = Arc::new(self.start(generation)?);
        state.generation = generation;
        state.connection = Some(Arc::clone(&connection));
        Ok(connection)
    }

    /// Forgets the server of `generation` (it died) so the next run starts a new one.
    fn discard(&self, generation: u64) {
        let mut state = lock(&self.state);
        if state.connection.as_ref().is_some_and(|c| c.generation == generation) {
            state.connection = None;
        }
    }

    /// How many times the server was started; 0 before the first run.
    pub fn generation(&self) -> u64 {
        lock(&self.state).generation
    }

    /// Kills the running server, as a crash would; the next run starts a new one. For tests
    /// of the restart path.
    pub fn kill_for_test(&self) {
        if let Some(connection) = &lock(&self.state).connection {
            let _ = lock(&connection.process).kill();
        }
    }

    fn acquire_slot(&self) -> SlotPermit<'_> {
        let mut free = lock(&self.free_slots);
        loop {
            if let Some(slot) = free.pop() {
                return SlotPermit { server: self, slot };
            }
            free = self.slot_freed.wait(free).unwrap_or_else(PoisonError::into_inner);
        }
    }

    fn start(&self, generation: u64) -> Result<Connection, String> {
        let pool = UidPool::new(self.uid_dir.clone()).map_err(|e| e.to_string())?;
        let count = usize::try_from(self.template.slots).unwrap_or(0) + 1;
        let leases: Vec<UidLease> =
            (0..count).map(|_| pool.lease()).collect::<Result<_, _>>().map_err(|e| e.to_string())?;
        let server_uid = leases[0].uid;
        let slot_uids: Vec<u32> = leases[1..].iter().map(|l| l.uid).collect();
        let mut init = self.template.clone();
        init.server_ids = (server_uid, server_uid);

        let (ours, theirs) = nix::sys::socket::socketpair(
            nix::sys::socket::AddressFamily::Unix,
            nix::sys::socket::SockType::SeqPacket,
            None,
            nix::sys::socket::SockFlag::SOCK_CLOEXEC,
        )
        .map_err(|e| format!("creating the fork server's channel: {e}"))?;
        let process = Command::new(&self.binary)
            .env_clear()
            .stdin(Stdio::from(theirs))
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("starting {}: {e}", self.binary.display()))?;
        let pid = process.id();
        let process = Mutex::new(process);
        let fail = |message: String| {
            let mut process = lock(&process);
            let _ = process.kill();
            let _ = process.wait();
            message
        };
        let deadline = Instant::now() + START_TIMEOUT;
        let send = |bytes: &[u8]| {
            nix::sys::socket::send(ours.as_raw_fd(), bytes, nix::sys::socket::MsgFlags::empty())
                .map(drop)
                .map_err(|e| format!("talking to the fork server: {e}"))
        };
        let init_json = serde_json::to_vec(&init).map_err(|e| format!("encoding the fork server's init: {e}"))?;
        send(&init_json).map_err(fail)?;
        match receive_event(&ours, deadline).map_err(fail)? {
            ZygoteEvent::MapIds { .. } => {}
            other => return Err(fail(describe_failure(other))),
        }
        write_id_maps(pid, server_uid, &slot_uids).map_err(fail)?;
        send(GO).map_err(fail)?;
        let info = match receive_event(&ours, deadline).map_err(fail)? {
            ZygoteEvent::Ready { python, rss_kib, warm_ms } => {
                ForkServerInfo { python, rss_kib, warm_ms, generation, runtime: init.runtime, pid }
            }
            other => return Err(fail(describe_failure(other))),
        };
        Ok(Connection { generation, control: ours, process, info, slot_uids, _leases: leases })
    }

    /// Runs one request on the fork server, starting it (again) when needed.
    pub(crate) fn dispatch(&self, request: &RunRequest) -> Result<Dispatched, String> {
        let permit = self.acquire_slot();
        let mut last_error = String::new();
        for _ in 0..ATTEMPTS {
            let connection = self.connection()?;
            match self.dispatch_once(&connection, permit.slot, request) {
                Ok(Some(dispatched)) => return Ok(dispatched),
                Ok(None) => {
                    // No report: the fork server died under the run (or was killed), or it
                    // dropped the run, which it only does when its channel closes.
                    if connection_died(&connection) {
                        last_error = "the fork server died during the run".into();
                        self.discard(connection.generation);
                        continue;
                    }
                    return Err("the fork server ended the run without a report".into());
                }
                Err(e) => {
                    if connection_died(&connection) {
                        last_error = e;
                        self.discard(connection.generation);
                        continue;
                    }
                    return Err(e);
                }
            }
        }
        Err(format!("the fork server failed {ATTEMPTS} times in a row; last: {last_error}"))
    }

    fn dispatch_once(
        &self,
        connection: &Connection,
        slot: u32,
        request: &RunRequest,
    ) -> Result<Option<Dispatched>, String> {
        // A cgroup per attempt: a run that is tried again starts from nothing, peak included.
        let created = self.memory.as_ref().map_err(Clone::clone).and_then(|m| m.create(request.limits.memory_bytes));
        let cgroup_procs = created.as_ref().map_err(Clone::clone).and_then(|cgroup| cgroup.open_procs());
        let (cgroup, cgroup_procs) = match (created, cgroup_procs) {
            (Ok(cgroup), Ok(procs)) => (cgroup, procs),
            (Err(e), _) | (_, Err(e)) => {
                return Ok(Some(Dispatched {
                    report: JailReport::Refused { layer: e.layer, detail: e.detail },
                    stdout: Captured::default(),
                    stderr: Captured::default(),
                    host_uid: None,
                    memory: None,
                }))
            }
        };
        let (stdout_read, stdout_write) = pipe().map_err(|e| format!("creating the stdout pipe: {e}"))?;
        let (stderr_read, stderr_write) = pipe().map_err(|e| format!("creating the stderr pipe: {e}"))?;
        let (mut reply, server_end) = UnixStream::pair().map_err(|e| format!("creating the reply socket: {e}"))?;
        let stdin = memfd("stdin", &[&request.stdin]).map_err(|e| format!("writing stdin: {e}"))?;
        let contents: Vec<&[u8]> = request.files.iter().map(|f| f.contents.as_slice()).collect();
        let files = memfd("box", &contents).map_err(|e| format!("writing the box files: {e}"))?;
        let message = ForkRequest {
            slot,
            argv: request.args.clone(),
            box_files: request
                .files
                .iter()
                .map(|f| BoxFile { name: f.name.clone(), len: f.contents.len() as u64 })
                .collect(),
            limits: request.limits.clone(),
        };
        let bytes = serde_json::to_vec(&message).map_err(|e| format!("encoding the request: {e}"))?;
        if bytes.len() > MAX_MESSAGE {
            return Err(format!("the request is {} bytes, over the fork server's {MAX_MESSAGE}", bytes.len()));
        }
        let server_end = OwnedFd::from(server_end);
        let fds = [
            server_end.as_raw_fd(),
            stdout_write.as_raw_fd(),
            stderr_write.as_raw_fd(),
            stdin.as_raw_fd(),
            files.as_raw_fd(),
            cgroup_procs.as_raw_fd(),
        ];
        nix::sys::socket::sendmsg::<()>(
            connection.control.as_raw_fd(),
            &[std::io::IoSlice::new(&bytes)],
            &[nix::sys::socket::ControlMessage::ScmRights(&fds)],
            nix::sys::socket::MsgFlags::MSG_NOSIGNAL,
            None,
        )
        .map_err(|e| format!("sending the request to the fork server: {e}"))?;
        drop((server_end, stdout_write, stderr_write, stdin, files, cgroup_procs));
        let collected = collect(&mut reply, stdout_read, stderr_read, &request.limits)?;
        let Some(mut report) = collected.report else { return Ok(None) };
        // The fork server reports after reaping the child, the one process of its run.
        let memory = match cgroup.usage() {
            Ok(memory) => Some(memory),
            Err(detail) => {
                report = JailReport::Failed { detail };
                None
            }
        };
        let host_uid = match &report {
            JailReport::Finished { .. } => {
                usize::try_from(slot).ok().and_then(|s| connection.slot_uids.get(s)).copied()
            }
            _ => None,
        };
        Ok(Some(Dispatched { report, stdout: collected.stdout, stderr: collected.stderr, host_uid, memory }))
    }
}

/// Whether the server process has exited, waiting a little: its channels close a moment
/// before the process is gone.
fn connection_died(connection: &Connection) -> bool {
    let deadline = Instant::now() + Duration::from_secs(2);
    loop {
        if lock(&connection.process).try_wait().map_or(true, |status| status.is_some()) {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn describe_failure(event: ZygoteEvent) -> String {
    match event {
        ZygoteEvent::Refused { layer, detail } => {
            format!("the fork server could not apply sandbox layer `{layer}`: {detail}")
        }
        ZygoteEvent::Failed { detail } => format!("the fork server failed: {detail}"),
        other => format!("the fork server said {other:?} out of turn"),
    }
}

fn receive_event(control: &OwnedFd, deadline: Instant) -> Result<ZygoteEvent, String> {
    let remaining = deadline.saturating_duration_since(Instant::now());
    let mut fds = [nix::poll::PollFd::new(control.as_fd(), nix::poll::PollFlags::POLLIN)];
    let millis = u16::try_from(remaining.as_millis()).unwrap_or(u16::MAX);
    let ready = nix::poll::poll(&mut fds, nix::poll::PollTimeout::from(millis))
        .map_err(|e| format!("waiting for the fork server: {e}"))?;
    if ready == 0 {
        return Err(format!("the fork server did not answer within {} s", START_TIMEOUT.as_secs()));
    }
    let mut buf = vec![0u8; MAX_MESSAGE];
    let n = nix::sys::socket::recv(control.as_raw_fd(), &mut buf, nix::sys::socket::MsgFlags::empty())
        .map_err(|e| format!("reading from the fork server: {e}"))?;
    if n == 0 {
        return Err("the fork server exited while starting (its stderr says why)".into());
    }
    serde_json::from_slice(&buf[..n]).map_err(|e| format!("the fork server's message is not valid: {e}"))
}

/// Maps uid and gid 0 of the server's namespace to `server_uid` and slot `k`'s uid in the box
/// to its host uid. Only host root may write a map of more than its own uid.
fn write_id_maps(pid: u32, server_uid: u32, slot_uids: &[u32]) -> Result<(), String> {
    let mut map = format!("0 {server_uid} 1\n");
    for (slot, uid) in slot_uids.iter().enumerate() {
        let inside = verdict_confine::slot_uid(u32::try_from(slot).map_err(|e| e.to_string())?);
        map.push_str(&format!("{inside} {uid} 1\n"));
    }
    for file in ["uid_map", "gid_map"] {
        let path = format!("/proc/{pid}/{file}");
        std::fs::write(&path, &map).map_err(|e| format!("writing {path}: {e}"))?;
    }
    Ok(())
}

/// A sealed-off in-memory file holding `parts` one after another, read from its start.
fn memfd(name: &str, parts: &[&[u8]]) -> std::io::Result<OwnedFd> {
    let name = std::ffi::CString::new(name).map_err(std::io::Error::other)?;
    let fd = nix::sys::memfd::memfd_create(name.as_c_str(), nix::sys::memfd::MFdFlags::MFD_CLOEXEC)?;
    let mut file = std::fs::File::from(fd);
    for part in parts {
        file.write_all(part)?;
    }
    file.rewind()?;
    Ok(file.into())
}
