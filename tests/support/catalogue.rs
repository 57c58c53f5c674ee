//! Throwaway catalogues: a copy of a real problem, changed for one test.

use std::path::Path;

/// A catalogue holding only the real problem `slug`, with a 30 s time limit (so a run may wait
/// at a [`crate::gate::Gate`] for up to a minute before it is stopped) and only its first
/// `hidden` hidden tests.
pub fn patient(slug: &str, hidden: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let problem = dir.path().join(slug);
    crate::copy_dir(&crate::service::problems_dir().join(slug), &problem);
    edit(&problem.join("problem.toml"), |manifest| {
        let limits = manifest.lines().filter(|l| l.starts_with("time =")).count();
        assert_eq!(limits, 1, "{slug}: expected one `time =` line to change in {manifest}");
        manifest.lines().map(|l| if l.starts_with("time =") { "time = 30.0" } else { l }).collect::<Vec<_>>().join("\n")
    });
    edit(&problem.join("tests/hidden.json"), |tests| {
        let mut tests: Vec<serde_json::Value> =
            serde_json::from_str(tests).unwrap_or_else(|e| panic!("{slug}: hidden tests: {e}"));
        tests.truncate(hidden);
        serde_json::to_string(&tests).unwrap_or_default()
    });
    dir
}

fn edit(path: &Path, change: impl FnOnce(&str) -> String) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    std::fs::write(path, change(&text)).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
}

/// A throwaway catalogue holding one copy of a fixture of `tests/fixtures`, to break one thing
/// in and run `verdict check` on.
#[derive(Debug)]
pub struct FixtureCopy {
    root: std::path::PathBuf,
    slug: &'static str,
}

impl FixtureCopy {
    pub fn new(slug: &'static str, test: &str) -> Self {
        let root = std::env::temp_dir().join(format!("verdict-fixture-{}-{slug}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        crate::copy_dir(&crate::workspace_root().join("tests/fixtures").join(slug), &root.join(slug));
        Self { root, slug }
    }

    pub fn path(&self, file: &str) -> std::path::PathBuf {
        self.root.join(self.slug).join(file)
    }

    pub fn write(&self, file: &str, contents: &str) {
        let path = self.path(file);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("creating {}: {e}", parent.display()));
        }
        std::fs::write(&path, contents).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
    }

    /// Replaces the first `from` in `file` by `to`; `from` must be there.
    pub fn edit(&self, file: &str, from: &str, to: &str) {
        let path = self.path(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
        assert!(text.contains(from), "{file} does not contain {from:?}");
        self.write(file, &text.replacen(from, to, 1));
    }

    /// Runs `verdict check` on the copy: (passed, stdout).
    pub fn check(&self) -> (bool, String) {
        let output = std::process::Command::new(crate::binary("verdict"))
            .arg("check")
            .arg(&self.root)
            .output()
            .unwrap_or_else(|e| panic!("running verdict check: {e}"));
        (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// `verdict check` fails, and its output holds every needle.
    pub fn expect_failure(&self, needles: &[&str]) -> String {
        let (passed, stdout) = self.check();
        assert!(!passed, "verdict check passed a broken package:\n{stdout}");
        for needle in needles {
            assert!(stdout.contains(needle), "the output does not mention {needle:?}:\n{stdout}");
        }
        stdout
    }
}

impl Drop for FixtureCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
