//! Loading the compiled seccomp filters, the last layer of all.

use std::os::fd::{FromRawFd, OwnedFd};
use verdict_boxspec::plan::unpack_instruction;
use verdict_boxspec::{ConfineError, Layer};

/// Loads the compiled seccomp programs, last of all layers. The first program is loaded with a
/// user-notification listener, returned here so the caller can hand it to the supervisor, which
/// learns the name of any denied syscall through it; any others are loaded before it.
pub fn apply_seccomp(programs: &[Vec<u64>]) -> Result<OwnedFd, ConfineError> {
    let mut prepared: Vec<Vec<libc::sock_filter>> = programs.iter().map(|p| prepare(p)).collect();
    load_prepared(&mut prepared)
}

/// A program as the kernel takes it.
pub(crate) fn prepare(program: &[u64]) -> Vec<libc::sock_filter> {
    program
        .iter()
        .map(|&packed| {
            let (code, jt, jf, k) = unpack_instruction(packed);
            libc::sock_filter { code, jt, jf, k }
        })
        .collect()
}

/// [`apply_seccomp`] for programs already prepared: nothing here allocates, so a forked child
/// of a threaded process may call it.
pub(crate) fn load_prepared(prepared: &mut [Vec<libc::sock_filter>]) -> Result<OwnedFd, ConfineError> {
    let (first, rest) =
        prepared.split_first_mut().ok_or_else(|| ConfineError::new(Layer::Seccomp, "no seccomp program was given"))?;
    // Stacked filters: the ones without a listener go first so the listener's filter, loaded
    // last, does not need to allow seccomp(2) itself.
    for program in rest {
        load_filter(program, 0).map_err(|e| ConfineError::new(Layer::Seccomp, format!("loading a filter: {e}")))?;
    }
    let fd = load_filter(first, libc::SECCOMP_FILTER_FLAG_NEW_LISTENER).map_err(|e| {
        ConfineError::new(Layer::SeccompNotify, format!("loading the main filter with a listener: {e}"))
    })?;
    let fd = i32::try_from(fd).map_err(|_| ConfineError::new(Layer::SeccompNotify, "listener fd out of range"))?;
    // SAFETY: seccomp(2) returned a new descriptor that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd) })
}

pub(crate) fn load_filter(
    instructions: &mut [libc::sock_filter],
    flags: libc::c_ulong,
) -> std::io::Result<libc::c_long> {
    let len = u16::try_from(instructions.len())
        .map_err(|_| std::io::Error::new(std::io::ErrorKind::InvalidInput, "filter too long"))?;
    let fprog = libc::sock_fprog { len, filter: instructions.as_mut_ptr() };
    // SAFETY: fprog points at `instructions`, which outlives the call; the kernel copies the
    // program before returning.
    let rc = unsafe {
        libc::syscall(libc::SYS_seccomp, libc::SECCOMP_SET_MODE_FILTER, flags, &fprog as *const libc::sock_fprog)
    };
    if rc < 0 {
        return Err(std::io::Error::last_os_error());
    }
    Ok(rc)
}
