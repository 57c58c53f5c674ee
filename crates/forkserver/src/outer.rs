//! The outer process: reads the init message, drops to the server's host uid, enters the
//! namespaces (the orchestrator writes the user namespace's maps in between) and forks the
//! zygote, then only waits for it.

use crate::channel::{event, receive_message, send_event};
use crate::zygote;
use nix::unistd::ForkResult;
use std::fs;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd, RawFd};
use verdict_boxspec::fork::{ZygoteEvent, ZygoteInit, GO};
use verdict_confine::{ids, supervise, SetupError};

/// Where the control channel lives in the zygote (fd 0 is /dev/null there).
const CONTROL_FD: RawFd = 3;

/// The binary's entry point: `control` is the orchestrator's end of the control channel.
/// Returns the process's exit status.
pub(crate) fn main(control: OwnedFd) -> i32 {
    let init = match prepare(&control) {
        Ok(init) => init,
        Err(e) => {
            let _ = send_event(&control, &event(e));
            return 2;
        }
    };
    // SAFETY: the process is single-threaded (checked by `prepare`) and Python has not
    // started, so the child gets a consistent copy.
    match unsafe { nix::unistd::fork() } {
        Err(e) => {
            let _ = send_event(&control, &event(SetupError::failed("fork", e)));
            2
        }
        Ok(ForkResult::Child) => {
            let control = match move_descriptors(&control) {
                Ok(moved) => moved,
                Err(e) => {
                    let _ = send_event(&control, &event(e));
                    // SAFETY: _exit ends the process at once; nothing needs unwinding.
                    unsafe { libc::_exit(2) }
                }
            };
            let error = match zygote::zygote(&control, &init) {
                Err(e) => e,
                Ok(never) => match never {},
            };
            let _ = send_event(&control, &event(error));
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

/// Reads the init message and enters the namespaces; the caller forks the zygote next.
fn prepare(control: &OwnedFd) -> Result<ZygoteInit, SetupError> {
    let init: ZygoteInit = serde_json::from_slice(&receive_message(control, "reading the init message")?)
        .map_err(|e| SetupError::failed("parsing the init message", e))?;
    supervise::assert_single_threaded()?;
    ids::drop_credentials(Some(init.server_ids))?;
    ids::enter_user_namespace()?;
    send_event(control, &ZygoteEvent::MapIds { pid: std::process::id() })?;
    if receive_message(control, "waiting for the uid maps")? != GO {
        return Err(SetupError::Failed("the orchestrator did not write the uid maps".into()));
    }
    ids::enter_other_namespaces()?;
    Ok(init)
}

/// Moves the control channel to [`CONTROL_FD`] and puts /dev/null at 0 and 1 (stderr stays,
/// for Python's own fatal errors); every other descriptor is closed. Returns the channel.
fn move_descriptors(control: &OwnedFd) -> Result<OwnedFd, SetupError> {
    let error = |what: &str| SetupError::failed(what, std::io::Error::last_os_error());
    // SAFETY: F_DUPFD_CLOEXEC returns a new descriptor numbered 10 or more, owned by nobody.
    let high = unsafe { libc::fcntl(control.as_raw_fd(), libc::F_DUPFD_CLOEXEC, 10) };
    if high < 0 {
        return Err(error("F_DUPFD"));
    }
    {
        let null = fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open("/dev/null")
            .map_err(|e| SetupError::failed("/dev/null", e))?;
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
