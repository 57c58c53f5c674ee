//! A real SMTP server on loopback for the mail tests: `smtp_capture.py` (aiosmtpd, installed
//! by scripts/setup-host.sh) writing each message it accepts to a folder the test reads.

use crate::Deadline;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

/// The Python that has aiosmtpd: Debian's (its python3-aiosmtpd package).
const PYTHON: &str = "/usr/bin/python3";

/// A running capture server; it stops when this drops.
#[derive(Debug)]
pub struct SmtpCapture {
    child: Child,
    pub port: u16,
    dir: tempfile::TempDir,
}

impl SmtpCapture {
    /// Starts a server that refuses the first `refuse` messages (451), then accepts.
    pub fn start(refuse: u32) -> SmtpCapture {
        let dir = tempfile::tempdir().expect("temp dir");
        let script = crate::workspace_root().join("tests/support/smtp_capture.py");
        let mut child = Command::new(PYTHON)
            .arg(&script)
            .arg(dir.path())
            .args(["--refuse", &refuse.to_string()])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("starting {PYTHON} {} (scripts/setup-host.sh installs aiosmtpd): {e}", script.display())
            });
        let mut line = String::new();
        let stdout = child.stdout.take().expect("stdout");
        BufReader::new(stdout).read_line(&mut line).expect("reading the port");
        let port = line.trim().parse().unwrap_or_else(|_| panic!("no port from the SMTP server: `{line}`"));
        SmtpCapture { child, port, dir }
    }

    /// `smtp://127.0.0.1:PORT`: plain SMTP, as a relay on this machine is reached.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message received so far, oldest first, as text.
    pub fn messages(&self) -> Vec<String> {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(self.dir.path())
            .expect("reading the mail folder")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|e| e == "eml"))
            .collect();
        paths.sort();
        paths.iter().map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))).collect()
    }

    /// Waits until `count` messages have arrived; all of them.
    pub async fn wait_for(&self, count: usize) -> Vec<String> {
        let deadline = Deadline::start();
        loop {
            let messages = self.messages();
            if messages.len() >= count {
                return messages;
            }
            deadline.tick_async(format!("{count} messages (have {})", messages.len())).await;
        }
    }
}

impl Drop for SmtpCapture {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
