//! The jail's child: pid 1 of the run's namespaces. It takes the confinement steps in the
//! order [`EXEC_CHILD`] gives, seccomp last, then execs the interpreter; a step that fails is
//! reported on the status socket and nothing runs.

use nix::sys::socket::{sendmsg, ControlMessage, MsgFlags};
use std::ffi::CString;
use std::io::{IoSlice, Write};
use std::os::fd::{AsRawFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::path::PathBuf;
use verdict_boxspec::plan::JailPlan;
use verdict_boxspec::{ConfineError, Layer};
use verdict_confine::landlock::LandlockSpec;
use verdict_confine::root::RootSpec;
use verdict_confine::steps::{self, Confiner, Step, EXEC_CHILD};
use verdict_confine::{cgroup, ids, landlock, privs, rlimits, root, seccomp};

/// Everything the child needs, prepared before the fork.
pub(crate) struct ChildSetup<'a> {
    pub plan: &'a JailPlan,
    pub root_files: Vec<(PathBuf, Vec<u8>)>,
    pub stdin: OwnedFd,
    pub cgroup: OwnedFd,
    pub marker_write: OwnedFd,
    pub status: UnixStream,
    pub interpreter: CString,
    pub argv: Vec<CString>,
    pub env: Vec<CString>,
}

/// The real steps of the jail's child.
struct JailChild<'s, 'p> {
    setup: &'s ChildSetup<'p>,
    /// The seccomp listener, from loading the filters until it is handed over.
    listener: Option<OwnedFd>,
}

impl Confiner for JailChild<'_, '_> {
    fn apply(&mut self, step: Step) -> Result<(), ConfineError> {
        let setup = self.setup;
        let plan = setup.plan;
        match step {
            Step::DieWithParent => ids::die_with_parent(),
            Step::JoinCgroup => cgroup::enter(&setup.cgroup),
            Step::BuildRoot => root::build_root(&RootSpec {
                ro_binds: &plan.ro_binds,
                symlinks: &plan.symlinks,
                files: &setup.root_files,
                scratch_bytes: plan.limits.scratch_bytes,
            }),
            Step::Hostname => ids::set_hostname(),
            Step::Rlimits => rlimits::apply_rlimits(&plan.limits),
            Step::PlaceDescriptors => place_descriptors(&setup.stdin, &setup.marker_write),
            Step::NoNewPrivs => privs::set_no_new_privs(),
            Step::Landlock => landlock::apply_landlock(&LandlockSpec {
                executables: &plan.executables,
                readable: &[PathBuf::from("/")],
                writable: &[PathBuf::from("/tmp")],
            })
            .map(drop),
            Step::DropCapabilities => privs::drop_capabilities(),
            Step::Seccomp => {
                self.listener = Some(seccomp::apply_seccomp(&plan.seccomp)?);
                Ok(())
            }
            Step::HandOverListener => {
                let listener = self
                    .listener
                    .take()
                    .ok_or_else(|| ConfineError::new(Layer::SeccompNotify, "no listener to hand over"))?;
                let fds = [listener.as_raw_fd()];
                sendmsg::<()>(
                    setup.status.as_raw_fd(),
                    &[IoSlice::new(b"L")],
                    &[ControlMessage::ScmRights(&fds)],
                    MsgFlags::empty(),
                    None,
                )
                .map(drop)
                .map_err(|e| ConfineError::new(Layer::SeccompNotify, format!("handing the listener to the jail: {e}")))
            }
            Step::DropToRunUid | Step::CloseInherited | Step::PrivateMounts => {
                Err(ConfineError::new(step.layer(), "not a step of the jail's child"))
            }
        }
    }
}

/// The child's side: pid 1 of the new pid namespace. Only returns on failure.
pub(crate) fn child_main(setup: &ChildSetup<'_>) -> Result<std::convert::Infallible, ConfineError> {
    steps::confine(EXEC_CHILD, &mut JailChild { setup, listener: None })?;
    let plan = setup.plan;
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
pub(crate) fn child_fail(status: &UnixStream, error: &ConfineError) -> ! {
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
