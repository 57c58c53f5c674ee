//! What a seccomp filter costs, for `verdict bench`: the load (`seccomp(2)`, where the kernel
//! checks the program, JIT-compiles it and emulates it once per syscall number to build its
//! action cache) and a syscall the cache cannot answer (one with argument checks), under the
//! policy laid out by [`crate::layout`] and under seccompiler's chain ([`crate::reference`]).
//! Each measurement runs in a forked child, since a filter can never be taken off again.

use crate::policy::{self, PolicyError};
use crate::reference;
use crate::seccomp::{load_filter, prepare};
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum LoadTimeError {
    #[error(transparent)]
    Policy(#[from] PolicyError),
    #[error("timing a seccomp load: {0}")]
    Io(#[from] std::io::Error),
    #[error("the child timing a seccomp load failed to load it or did not report")]
    ChildFailed,
}

/// One child's figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FilterTimes {
    /// Loading every program, as `apply_seccomp` does (the main one with a listener).
    pub load: Duration,
    /// One `prctl(PR_GET_NAME)`, a syscall the policy allows after an argument check, so the
    /// kernel runs the filter every time.
    pub checked_call: Duration,
}

/// Forks a child that loads `programs` (none: no filter, for a baseline call) and then makes
/// `calls` checked calls; returns its figures. The programs must allow what the child calls after
/// the load (`prctl`, `clock_gettime`, `write`, `read`, `pause`), as the shipped policy does.
pub fn time_in_child(programs: &[Vec<u64>], calls: u32) -> Result<FilterTimes, LoadTimeError> {
    // Everything the child touches is made here: between fork and the end, the child only makes
    // syscalls, as a child of a threaded process must.
    let mut prepared: Vec<Vec<libc::sock_filter>> = programs.iter().map(|p| prepare(p)).collect();
    let (read_end, write_end) = nix::unistd::pipe().map_err(std::io::Error::from)?;
    let (hold_read, hold_write) = nix::unistd::pipe().map_err(std::io::Error::from)?;
    use std::os::fd::AsRawFd;
    let (result_fd, hold_fd) = (write_end.as_raw_fd(), hold_read.as_raw_fd());
    // SAFETY: the child only makes raw syscalls on memory prepared before the fork, then blocks
    // until the parent kills it; it never returns into Rust code that might allocate.
    let pid = unsafe { libc::fork() };
    if pid < 0 {
        return Err(std::io::Error::last_os_error().into());
    }
    if pid == 0 {
        // SAFETY: see above; `prepared` and the descriptors stay valid in the child.
        unsafe { child(&mut prepared, calls, result_fd, hold_fd) }
    }
    drop(write_end);
    drop(hold_read);
    let mut figures = [0u8; 16];
    let mut ready = libc::pollfd { fd: read_end.as_raw_fd(), events: libc::POLLIN, revents: 0 };
    // SAFETY: one valid pollfd. A child whose programs deny what it calls after the load blocks
    // on a notification nobody reads: it is given up on rather than waited for.
    let polled = unsafe { libc::poll(&mut ready, 1, CHILD_TIMEOUT_MS) };
    let read = if polled == 1 { nix::unistd::read(&read_end, &mut figures) } else { Ok(0) };
    // SAFETY: `pid` is our own child, not yet reaped.
    unsafe {
        libc::kill(pid, libc::SIGKILL);
        libc::waitpid(pid, std::ptr::null_mut(), 0);
    }
    drop(hold_write);
    let nanos = |bytes: &[u8]| u64::from_ne_bytes(bytes.try_into().unwrap_or([0; 8]));
    if read.map_err(std::io::Error::from)? != figures.len() || nanos(&figures[..8]) == FAILED {
        return Err(LoadTimeError::ChildFailed);
    }
    Ok(FilterTimes {
        load: Duration::from_nanos(nanos(&figures[..8])),
        checked_call: Duration::from_nanos(nanos(&figures[8..]) / u64::from(calls.max(1))),
    })
}

/// How long a child may take to report.
const CHILD_TIMEOUT_MS: i32 = 20_000;

/// What a child reports as its load time when a load failed.
const FAILED: u64 = u64::MAX;

/// The child's side: never returns.
///
/// # Safety
/// Called only in a freshly forked child, with descriptors open in it.
unsafe fn child(prepared: &mut [Vec<libc::sock_filter>], calls: u32, result_fd: i32, hold_fd: i32) -> ! {
    let now = || {
        let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `ts` is a valid timespec to write.
        unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut ts) };
        (ts.tv_sec as u64).wrapping_mul(1_000_000_000).wrapping_add(ts.tv_nsec as u64)
    };
    // SAFETY: prctl with plain integer arguments.
    unsafe { libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) };
    let start = now();
    let mut loaded = true;
    if let Some((main, rest)) = prepared.split_first_mut() {
        for program in rest {
            loaded &= load_filter(program, 0).is_ok();
        }
        loaded &= load_filter(main, libc::SECCOMP_FILTER_FLAG_NEW_LISTENER).is_ok();
    }
    let load = now().wrapping_sub(start);
    let mut name = [0u8; 16];
    let start = now();
    for _ in 0..calls {
        // SAFETY: PR_GET_NAME writes at most 16 bytes into `name`.
        unsafe { libc::prctl(libc::PR_GET_NAME, name.as_mut_ptr(), 0, 0, 0) };
    }
    let call = now().wrapping_sub(start);
    let mut figures = [0u8; 16];
    figures[..8].copy_from_slice(&if loaded { load } else { FAILED }.to_ne_bytes());
    figures[8..].copy_from_slice(&call.to_ne_bytes());
    // SAFETY: writing our own stack buffer to a pipe.
    unsafe { libc::write(result_fd, figures.as_ptr().cast(), figures.len()) };
    // Wait to be killed: exit_group would be a denied call, reported to a listener nobody reads.
    let mut byte = 0u8;
    loop {
        // SAFETY: reading one byte into our own stack; `read` is on the allow list.
        unsafe { libc::read(hold_fd, (&mut byte as *mut u8).cast(), 1) };
        // SAFETY: pause is harmless if the read ever returns.
        unsafe { libc::pause() };
    }
}

/// Medians of the fork-child filters, laid out and as seccompiler's chain, measured in
/// alternation `rounds` times each (plus a no-filter baseline for the call).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LayoutComparison {
    pub rounds: usize,
    /// Instructions in the programs a fork-server child loads.
    pub laid_out_instructions: usize,
    pub chain_instructions: usize,
    pub laid_out: FilterTimes,
    pub chain: FilterTimes,
    /// The checked call with no filter at all.
    pub unfiltered_call: Duration,
}

/// Times the shipped policy's fork-child programs both ways, interleaved, `rounds` children of
/// each, `calls` checked calls in each child; returns medians.
pub fn compare_layouts(rounds: usize, calls: u32) -> Result<LayoutComparison, LoadTimeError> {
    let laid_out = policy::compile(policy::POLICY_JSON)?.fork_child_programs;
    let chain = reference::compile_linear(policy::POLICY_JSON)?.fork_child_programs;
    let mut samples: [Vec<FilterTimes>; 3] = Default::default();
    for _ in 0..rounds.max(1) {
        samples[0].push(time_in_child(&laid_out, calls)?);
        samples[1].push(time_in_child(&chain, calls)?);
        samples[2].push(time_in_child(&[], calls)?);
    }
    let median = |samples: &mut Vec<FilterTimes>| {
        let mid = samples.len() / 2;
        let mut loads: Vec<Duration> = samples.iter().map(|s| s.load).collect();
        let mut calls: Vec<Duration> = samples.iter().map(|s| s.checked_call).collect();
        loads.sort();
        calls.sort();
        FilterTimes { load: loads[mid], checked_call: calls[mid] }
    };
    let [mut laid_out_samples, mut chain_samples, mut bare] = samples;
    Ok(LayoutComparison {
        rounds: rounds.max(1),
        laid_out_instructions: laid_out.iter().map(Vec::len).sum(),
        chain_instructions: chain.iter().map(Vec::len).sum(),
        laid_out: median(&mut laid_out_samples),
        chain: median(&mut chain_samples),
        unfiltered_call: median(&mut bare).checked_call,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use verdict_boxspec::plan::pack_instruction;

    #[test]
    fn a_child_loads_the_shipped_filters_and_reports() {
        let programs = policy::compile(policy::POLICY_JSON).expect("compiles").fork_child_programs;
        time_in_child(&programs, 10).expect("the child loads the filters and makes its calls");
        let chain = reference::compile_linear(policy::POLICY_JSON).expect("compiles").fork_child_programs;
        time_in_child(&chain, 10).expect("and seccompiler's chain");
    }

    #[test]
    fn a_child_that_cannot_load_a_filter_says_so() {
        let garbage = vec![vec![pack_instruction(0xffff, 0, 0, 0)]];
        assert!(matches!(time_in_child(&garbage, 1), Err(LoadTimeError::ChildFailed)));
    }
}
