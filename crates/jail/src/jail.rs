//! Serving one run: read the orchestrator's plan, drop to the run's host uid, enter fresh
//! namespaces, fork the child that becomes pid 1 of the run's pid namespace (see [`crate::child`]),
//! take over its seccomp listener and watch it (see [`crate::watch`]).

use crate::{child, watch};
use nix::sys::signal::{kill, Signal};
use nix::unistd::ForkResult;
use std::ffi::CString;
use std::io::{BufRead, BufReader, Read, Write};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use std::time::Instant;
use verdict_boxspec::plan::{JailPlan, JailReport};
use verdict_boxspec::{ConfineError, Layer};
use verdict_confine::{cgroup, ids, supervise, SetupError, SANDBOX_ID};

/// Largest plan line the jail accepts; plans are a few kilobytes.
const MAX_PLAN_BYTES: u64 = 1 << 20;

/// Reads a plan from `control`, runs it and returns the report to send back.
pub fn serve(control: UnixStream) -> JailReport {
    serve_inner(control).unwrap_or_else(SetupError::into_report)
}

fn serve_inner(control: UnixStream) -> Result<JailReport, SetupError> {
    let mut reader =
        BufReader::new(control.try_clone().map_err(|e| SetupError::failed("cloning the control socket", e))?);
    let mut line = String::new();
    (&mut reader).take(MAX_PLAN_BYTES).read_line(&mut line).map_err(|e| SetupError::failed("reading the plan", e))?;
    let plan: JailPlan = serde_json::from_str(&line).map_err(|e| SetupError::failed("parsing the plan", e))?;
    let mut box_files = Vec::new();
    for file in &plan.box_files {
        file.check_name().map_err(SetupError::Failed)?;
        box_files.push((PathBuf::from("/box").join(&file.name), read_blob(&mut reader, file.len)?));
    }
    let stdin = read_blob(&mut reader, plan.stdin_len)?;
    supervise(&plan, box_files, &stdin, reader)
}

fn read_blob(reader: &mut impl Read, len: u64) -> Result<Vec<u8>, SetupError> {
    let len = usize::try_from(len).map_err(|e| SetupError::failed("blob length", e))?;
    let mut buf = vec![0; len];
    reader.read_exact(&mut buf).map_err(|e| SetupError::failed("reading the plan's files", e))?;
    Ok(buf)
}

fn cstring(s: &str, what: &str) -> Result<CString, SetupError> {
    CString::new(s).map_err(|_| SetupError::Failed(format!("{what} contains a NUL byte")))
}

fn supervise(
    plan: &JailPlan,
    box_files: Vec<(PathBuf, Vec<u8>)>,
    stdin: &[u8],
    mut control: BufReader<UnixStream>,
) -> Result<JailReport, SetupError> {
    supervise::assert_single_threaded()?;
    // Opened before the credentials drop: the kernel checks the opener's rights when the
    // child later writes to it.
    let cgroup = match &plan.memory_cgroup {
        Some(path) => cgroup::open_procs(path)?,
        None => {
            return Err(SetupError::Refused(ConfineError::new(Layer::MemoryCgroup, "the plan names no memory cgroup")))
        }
    };
    // The reported wall time runs from here, before the fork, as the child's CPU time does.
    let forked = Instant::now();
    let (uid, gid) = ids::drop_credentials(plan.host_ids)?;
    ids::enter_namespaces(uid, gid)?;

    let stdin_fd = nix::sys::memfd::memfd_create(c"stdin", nix::sys::memfd::MFdFlags::MFD_CLOEXEC)
        .map_err(|e| SetupError::failed("memfd_create", e))?;
    let mut stdin_file = std::fs::File::from(stdin_fd);
    stdin_file.write_all(stdin).map_err(|e| SetupError::failed("writing stdin", e))?;
    std::io::Seek::rewind(&mut stdin_file).map_err(|e| SetupError::failed("rewinding stdin", e))?;
    let (marker_read, marker_write) =
        nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(|e| SetupError::failed("pipe2", e))?;
    let (status_parent, status_child) = UnixStream::pair().map_err(|e| SetupError::failed("socketpair", e))?;

    let mut root_files = verdict_confine::etc_files([SANDBOX_ID]);
    root_files.extend(box_files);
    let setup = child::ChildSetup {
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
    let child = match unsafe { nix::unistd::fork() }.map_err(|e| SetupError::failed("fork", e))? {
        ForkResult::Child => {
            drop(status_parent);
            drop(marker_read);
            let error = match child::child_main(&setup) {
                Err(e) => e,
                Ok(never) => match never {},
            };
            child::child_fail(&setup.status, &error)
        }
        ForkResult::Parent { child } => child,
    };
    drop(setup);
    let pidfd = supervise::pidfd_open(child).map_err(|e| SetupError::failed("pidfd_open", e))?;
    let listener = match supervise::receive_listener(&status_parent) {
        Ok(handover) => handover.listener,
        Err(e) => {
            let _ = kill(child, Signal::SIGKILL);
            let _ = nix::sys::wait::waitpid(child, None);
            return Err(e);
        }
    };
    // The wall limit runs from the end of confinement: setting up the box is not the run's time.
    let start = Instant::now();
    watch::watch(plan, child, &pidfd, &listener, &mut control, watch::Clocks { forked, start }, &marker_read)
}
