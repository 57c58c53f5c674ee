//! `verdict serve` as a child process of a test: started on a free loopback port, its address
//! read from the first line it prints, and killed when dropped.

use crate::{binary, eventually};
use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, ExitStatus, Stdio};

#[derive(Debug)]
pub struct ServeProcess {
    pub child: Child,
    /// Its base URL, `http://127.0.0.1:PORT`.
    pub url: String,
}

impl ServeProcess {
    /// Starts `verdict serve --addr 127.0.0.1:0 --no-warm` with `args` (the catalogue, data,
    /// workers and whatever the test needs) and waits for the address it prints.
    pub fn start<I, S>(args: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        let mut child = Command::new(binary("verdict"))
            .args(["serve", "--addr", "127.0.0.1:0", "--no-warm"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("starting verdict serve: {e}"));
        let stdout = child.stdout.take().unwrap_or_else(|| panic!("no stdout"));
        // Killed if the address never comes.
        let mut server = ServeProcess { child, url: String::new() };
        let mut line = String::new();
        BufReader::new(stdout).read_line(&mut line).unwrap_or_else(|e| panic!("reading stdout: {e}"));
        server.url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://127.0.0.1:"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .trim_end_matches('/')
            .to_owned();
        server
    }

    /// Sends SIGTERM and waits until the server no longer takes connections: it is stopping.
    pub fn sigterm(&self) {
        let pid = nix::unistd::Pid::from_raw(self.child.id() as i32);
        nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap_or_else(|e| panic!("SIGTERM: {e}"));
        let addr = self.url.trim_start_matches("http://");
        eventually("verdict serve to stop listening after SIGTERM", || {
            std::net::TcpStream::connect(addr).is_err().then_some(())
        });
    }

    /// Waits for the server to exit.
    pub fn exit_status(mut self) -> ExitStatus {
        eventually("verdict serve to exit", || self.child.try_wait().unwrap_or_else(|e| panic!("{e}")))
    }

    /// Sends SIGTERM and waits for the server to exit.
    pub fn terminate(self) -> ExitStatus {
        self.sigterm();
        self.exit_status()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
