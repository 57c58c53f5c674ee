//! Every problem of the catalogue packs, unpacks to the same bytes, and loads from the copy.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use verdict_packages::{unpack_verified, Package};

fn problems_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../problems")
}

/// Every problem folder, sorted.
fn problem_folders() -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(problems_dir())
        .expect("problems/")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_dir() && !p.file_name().is_some_and(|n| n.to_string_lossy().starts_with('.')))
        .collect();
    dirs.sort();
    dirs
}

/// Every file and folder under `dir`, by relative path, with the file's bytes (None: a folder).
fn tree(dir: &Path) -> BTreeMap<PathBuf, Option<Vec<u8>>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).expect("read_dir") {
            let path = entry.expect("entry").path();
            let rel = path.strip_prefix(dir).expect("under dir").to_owned();
            if path.is_dir() {
                stack.push(path);
                out.insert(rel, None);
            } else {
                out.insert(rel, Some(fs::read(&path).expect("read")));
            }
        }
    }
    out
}

#[test]
fn every_problem_round_trips_and_loads_from_its_copy() {
    let folders = problem_folders();
    assert!(folders.len() > 100, "only {} problem folders found", folders.len());
    let out = tempfile::tempdir().expect("tempdir");
    for dir in &folders {
        let package = Package::from_dir(dir).unwrap_or_else(|e| panic!("packing {}: {e}", dir.display()));
        let again = Package::from_dir(dir).expect("pack again");
        assert_eq!(again.hash(), package.hash(), "{}: two packings differ", dir.display());

        let into = out.path().join(package.hash());
        let copy = unpack_verified(package.bytes(), package.hash(), &into)
            .unwrap_or_else(|e| panic!("unpacking {}: {e}", dir.display()));
        assert_eq!(copy.file_name(), dir.file_name());
        assert!(tree(&copy) == tree(dir), "{}: the unpacked copy differs", dir.display());

        let original = verdict_catalog::load_problem(dir);
        let loaded = verdict_catalog::load_problem(&copy);
        match (original, loaded) {
            (Ok(original), Ok(loaded)) => {
                let from = dir.display().to_string();
                let to = copy.display().to_string();
                let original = format!("{original:?}").replace(&from, &to);
                assert!(original == format!("{loaded:?}"), "{}: the copy loads as another problem", dir.display());
            }
            (Err(_), Err(_)) => {}
            (Ok(_), Err(errors)) => panic!("{}: the copy does not load: {errors:?}", dir.display()),
            (Err(errors), Ok(_)) => {
                panic!("{}: the original does not load but the copy does: {errors:?}", dir.display())
            }
        }
    }
}
