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
