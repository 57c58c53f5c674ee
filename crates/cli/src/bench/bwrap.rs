//! The peer: the same test confined by Debian's bubblewrap as a minimal judge would do it, a
//! fresh interpreter per run in new namespaces with the system read-only and the test's files
//! at /box. It is measured beside Verdict's runs, never used to judge anything.

use anyhow::{ensure, Context, Result};
use std::ffi::OsString;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use verdict_sandbox::RunRequest;

/// The top-level folders Debian makes symlinks into /usr (merged /usr); a host that has them
/// as real folders gets them bound read-only instead.
const ROOT_LINKS: [&str; 3] = ["/bin", "/lib", "/lib64"];

#[derive(Debug)]
pub struct Bubblewrap {
    program: PathBuf,
    interpreter: PathBuf,
    /// `--symlink` or `--ro-bind` arguments recreating `ROOT_LINKS` as the host has them.
    root_layout: Vec<OsString>,
}

impl Bubblewrap {
    /// bwrap from PATH, or None when it is not installed.
    pub fn find(interpreter: &Path) -> Result<Option<Self>> {
        let path = std::env::var_os("PATH").unwrap_or_default();
        let Some(program) = std::env::split_paths(&path).map(|dir| dir.join("bwrap")).find(|p| p.is_file()) else {
            return Ok(None);
        };
        ensure!(
            interpreter.starts_with("/usr"),
            "{} is outside /usr, which is all the bubblewrap peer binds",
            interpreter.display()
        );
        let mut root_layout = Vec::new();
        for top in ROOT_LINKS {
            let Ok(meta) = std::fs::symlink_metadata(top) else { continue };
            if meta.file_type().is_symlink() {
                let target = std::fs::read_link(top).with_context(|| format!("reading the link {top}"))?;
                root_layout.extend(["--symlink".into(), target.into_os_string(), top.into()]);
            } else if meta.is_dir() {
                root_layout.extend(["--ro-bind".into(), top.into(), top.into()]);
            }
        }
        Ok(Some(Self { program, interpreter: interpreter.to_owned(), root_layout }))
    }

    pub fn program(&self) -> &Path {
        &self.program
    }

    /// Runs `request` (its files at /box, its argv and stdin) and returns what it printed; a run
    /// that bwrap or the interpreter fails is an error.
    pub fn run(&self, request: &RunRequest) -> Result<Vec<u8>> {
        let files = tempfile::Builder::new().prefix("verdict-bench-bwrap-").tempdir().context("a folder for /box")?;
        for file in &request.files {
            std::fs::write(files.path().join(&file.name), &file.contents)
                .with_context(|| format!("writing {} for bubblewrap", file.name))?;
        }
        let mut child = Command::new(&self.program)
            .args(["--unshare-all", "--die-with-parent", "--new-session", "--ro-bind", "/usr", "/usr"])
            .args(&self.root_layout)
            .args(["--tmpfs", "/tmp", "--proc", "/proc", "--dev", "/dev", "--ro-bind"])
            .arg(files.path())
            .args(["/box", "--chdir", "/box", "--"])
            .arg(&self.interpreter)
            .args(["-I", "-S"])
            .args(&request.args)
            .env_clear()
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", self.program.display()))?;
        // The harness's request is small: it fits the pipe, so writing it all before reading
        // cannot block; dropping the handle closes the interpreter's stdin.
        child.stdin.take().context("bwrap's stdin")?.write_all(&request.stdin).context("writing bwrap's stdin")?;
        let output = child.wait_with_output().context("waiting for bwrap")?;
        ensure!(
            output.status.success(),
            "the bubblewrap run failed ({}): {}",
            output.status,
            String::from_utf8_lossy(&output.stderr).trim()
        );
        Ok(output.stdout)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::requests::{expect_three, trivial_request, value_in, TRIVIAL_SOLUTION};
    use serde_json::json;

    fn peer() -> Bubblewrap {
        Bubblewrap::find(Path::new(verdict_sandbox::runner::DEFAULT_INTERPRETER))
            .expect("looking for bwrap")
            .expect("bwrap is not installed: scripts/setup-host.sh installs it")
    }

    #[test]
    fn the_trivial_test_returns_three_through_the_harness() {
        let stdout = peer().run(&trivial_request(TRIVIAL_SOLUTION)).expect("the bubblewrap run");
        expect_three(value_in(&stdout).expect("the harness's result")).expect("add(1, 2)");
    }

    #[test]
    fn a_wrong_result_is_an_error() {
        let stdout = peer().run(&trivial_request("def add(a, b):\n    return a - b\n")).expect("the bubblewrap run");
        let got = value_in(&stdout).expect("the harness's result");
        assert_eq!(got, json!(-1));
        assert!(expect_three(got).is_err(), "a result other than 3 must fail the bench");
    }

    #[test]
    fn the_box_holds_only_the_system_read_only_and_the_tests_files() {
        let probe = r#"def add(a, b):
    import os
    try:
        open("/box/written", "w")
        box_writable = True
    except OSError:
        box_writable = False
    return [sorted(os.listdir("/")), sorted(os.listdir("/box")), box_writable, os.path.exists("/work")]
"#;
        let stdout = peer().run(&trivial_request(probe)).expect("the bubblewrap run");
        let mut root: Vec<&str> = vec!["box", "dev", "proc", "tmp", "usr"];
        root.extend(ROOT_LINKS.iter().filter(|top| Path::new(top).exists()).map(|top| &top[1..]));
        root.sort_unstable();
        assert_eq!(
            value_in(&stdout).expect("the harness's result"),
            json!([root, ["harness.py", "solution.py"], false, false])
        );
    }
}
