//! Reading a run's stdout, stderr and report together, within its output limits and its wall
//! time, whether it runs in a jail or in the fork server.

use nix::poll::{poll, PollFd, PollFlags, PollTimeout};
use std::io::{Read, Write};
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::net::UnixStream;
use std::time::{Duration, Instant};
use verdict_boxspec::plan::JailReport;
use verdict_boxspec::Limits;

/// Extra wall time the orchestrator grants the jail before it kills the jail itself.
const JAIL_GRACE: Duration = Duration::from_secs(10);

pub(crate) fn pipe() -> nix::Result<(OwnedFd, OwnedFd)> {
    nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC)
}

#[derive(Debug)]
pub(crate) struct Collected {
    pub report: Option<JailReport>,
    pub stdout: Captured,
    pub stderr: Captured,
}

#[derive(Debug, Default)]
pub(crate) struct Captured {
    pub bytes: Vec<u8>,
    pub exceeded: bool,
}

impl Captured {
    /// Keeps bytes up to `limit`; returns true the first time the limit is passed.
    fn take(&mut self, chunk: &[u8], limit: u64) -> bool {
        let room = usize::try_from(limit).unwrap_or(usize::MAX).saturating_sub(self.bytes.len());
        self.bytes.extend_from_slice(&chunk[..chunk.len().min(room)]);
        if chunk.len() > room && !self.exceeded {
            self.exceeded = true;
            return true;
        }
        false
    }
}

/// Reads stdout, stderr and the jail's report together (reading one to its end first could
/// deadlock on a full pipe), until all three are closed or the jail overstays its wall time.
pub(crate) fn collect(
    control: &mut UnixStream,
    stdout: OwnedFd,
    stderr: OwnedFd,
    limits: &Limits,
) -> Result<Collected, String> {
    let deadline = Instant::now() + limits.wall() + JAIL_GRACE;
    let mut out = Collected { report: None, stdout: Captured::default(), stderr: Captured::default() };
    let mut report_bytes = Vec::new();
    let mut open = [true, true, true];
    let mut kill_sent = false;
    let mut buf = vec![0u8; 64 * 1024];
    let control_fd = control.try_clone().map_err(|e| format!("cloning the control socket: {e}"))?;
    while open.iter().any(|&o| o) {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(format!("the jail did not finish within {} ms of its wall limit", JAIL_GRACE.as_millis()));
        }
        let fds: [&dyn AsFd; 3] = [&control_fd, &stdout, &stderr];
        let mut polled: Vec<PollFd<'_>> = fds
            .iter()
            .zip(open)
            .filter(|(_, o)| *o)
            .map(|(fd, _)| PollFd::new(fd.as_fd(), PollFlags::POLLIN))
            .collect();
        let index: Vec<usize> = (0..3).filter(|&i| open[i]).collect();
        let millis = u16::try_from(remaining.as_millis()).unwrap_or(u16::MAX);
        match poll(&mut polled, PollTimeout::from(millis)) {
            Ok(_) | Err(nix::errno::Errno::EINTR) => {}
            Err(e) => return Err(format!("poll: {e}")),
        }
        let ready: Vec<usize> = polled
            .iter()
            .zip(&index)
            .filter(|(p, _)| p.revents().is_some_and(|r| !r.is_empty()))
            .map(|(_, &i)| i)
            .collect();
        for i in ready {
            let n = match i {
                0 => (&control_fd).read(&mut buf),
                1 => nix::unistd::read(&stdout, &mut buf).map_err(std::io::Error::from),
                _ => nix::unistd::read(&stderr, &mut buf).map_err(std::io::Error::from),
            };
            let n = match n {
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(format!("reading from the jail: {e}")),
            };
            if n == 0 {
                open[i] = false;
                continue;
            }
            let chunk = &buf[..n];
            let passed = match i {
                0 => {
                    report_bytes.extend_from_slice(chunk);
                    false
                }
                1 => out.stdout.take(chunk, limits.stdout_bytes),
                _ => out.stderr.take(chunk, limits.stderr_bytes),
            };
            if passed && !kill_sent {
                kill_sent = true;
                control.write_all(b"kill\n").map_err(|e| format!("asking the jail to stop the run: {e}"))?;
            }
        }
    }
    if !report_bytes.is_empty() {
        let report = serde_json::from_slice(report_bytes.trim_ascii_end())
            .map_err(|e| format!("the jail's report is not valid: {e}: {}", String::from_utf8_lossy(&report_bytes)))?;
        out.report = Some(report);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captured_output_stops_at_the_limit_and_says_so_once() {
        let mut captured = Captured::default();
        assert!(!captured.take(b"hello", 8));
        assert!(captured.take(b" world", 8));
        assert!(!captured.take(b"more", 8));
        assert_eq!(captured.bytes, b"hello wo");
        assert!(captured.exceeded);
    }
}
