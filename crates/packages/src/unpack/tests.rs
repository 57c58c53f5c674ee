use super::*;
use crate::Package;
use std::collections::BTreeMap;

fn temp() -> tempfile::TempDir {
    tempfile::tempdir().expect("tempdir")
}

/// A small problem folder `two-sum` with a nested folder and an empty one.
fn sample(parent: &Path) -> PathBuf {
    let dir = parent.join("two-sum");
    fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
    fs::create_dir_all(dir.join("empty")).expect("mkdir empty");
    fs::write(dir.join("problem.toml"), "slug = \"two-sum\"\n").expect("write");
    fs::write(dir.join("tests/hidden.json"), "[1, 2]\n").expect("write");
    fs::write(dir.join("tests/blob.bin"), (0..=255u8).collect::<Vec<_>>()).expect("write");
    dir
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

/// The names left in `dir` (to see that nothing, not even a temporary folder, was left).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).expect("read_dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    names.sort();
    names
}

/// One hand-made entry: raw path, type, data.
type Raw<'a> = (&'a [u8], tar::EntryType, &'a [u8]);

/// A hand-made archive, headers written as given.
fn craft(entries: &[Raw]) -> Vec<u8> {
    let mut builder = tar::Builder::new(Vec::new());
    for (path, kind, data) in entries {
        let mut header = tar::Header::new_gnu();
        header.as_old_mut().name[..path.len()].copy_from_slice(path);
        header.set_entry_type(*kind);
        header.set_mode(if kind.is_dir() { 0o755 } else { 0o644 });
        header.set_size(data.len() as u64);
        header.set_cksum();
        builder.append(&header, *data).expect("append");
    }
    builder.into_inner().expect("finish")
}

#[test]
fn unpacks_to_the_same_files() {
    let t = temp();
    let dir = sample(t.path());
    let package = Package::from_dir(&dir).expect("pack");
    let into = t.path().join("out");
    let folder = unpack_verified(package.bytes(), package.hash(), &into).expect("unpack");
    assert_eq!(folder, into.join("two-sum"));
    assert_eq!(tree(&folder), tree(&dir));
    assert_eq!(names(&into), ["two-sum"]);
    assert_eq!(Package::from_dir(&folder).expect("repack"), package, "the copy packs to other bytes");
}

#[test]
fn tampered_bytes_are_refused_and_nothing_is_written() {
    let t = temp();
    let package = Package::from_dir(&sample(t.path())).expect("pack");
    let out = t.path().join("out");
    fs::create_dir(&out).expect("mkdir");
    let mut bytes = package.bytes().to_vec();
    let middle = bytes.len() / 3;
    bytes[middle] ^= 1;
    let err = unpack_verified(&bytes, package.hash(), &out.join("copy")).expect_err("tampered bytes taken");
    assert!(matches!(&err, Error::HashMismatch { expected, .. } if expected == package.hash()), "{err}");
    let other = sha256_hex(b"another package");
    assert!(matches!(unpack_verified(package.bytes(), &other, &out.join("copy")), Err(Error::HashMismatch { .. })));
    assert!(names(&out).is_empty(), "left behind: {:?}", names(&out));
}

#[test]
fn a_malformed_hash_or_an_existing_folder_is_refused() {
    let t = temp();
    let package = Package::from_dir(&sample(t.path())).expect("pack");
    let upper = package.hash().to_uppercase();
    assert!(matches!(unpack_verified(package.bytes(), &upper, &t.path().join("x")), Err(Error::HashFormat(_))));
    let err = unpack_verified(package.bytes(), package.hash(), &t.path().join("two-sum")).expect_err("over a folder");
    assert!(matches!(&err, Error::Exists(p) if p.ends_with("two-sum")), "{err}");
}

#[test]
fn crafted_entries_are_refused_with_nothing_left() {
    use tar::EntryType::{Block, Char, Directory as D, Fifo, Link, Regular as F, Symlink};
    let cases: &[(&str, &[Raw], &str)] = &[
        ("dot-dot", &[(b"p/", D, b""), (b"p/../evil", F, b"x")], "`..`"),
        ("dot-dot first", &[(b"../evil", F, b"x")], "`..`"),
        ("absolute", &[(b"p/", D, b""), (b"/tmp/evil", F, b"x")], "absolute"),
        ("symlink", &[(b"p/", D, b""), (b"p/link", Symlink, b"")], "a link"),
        ("hard link", &[(b"p/", D, b""), (b"p/link", Link, b"")], "a link"),
        ("char device", &[(b"p/", D, b""), (b"p/null", Char, b"")], "a device"),
        ("block device", &[(b"p/", D, b""), (b"p/sda", Block, b"")], "a device"),
        ("fifo", &[(b"p/", D, b""), (b"p/pipe", Fifo, b"")], "a fifo"),
        ("twice", &[(b"p/", D, b""), (b"p/a", F, b"1"), (b"p/a", F, b"2")], "twice"),
        ("no folder", &[(b"p/", D, b""), (b"p/x/a", F, b"1")], "before its folder"),
        ("two roots", &[(b"p/", D, b""), (b"q/", D, b"")], "outside"),
        ("root again", &[(b"p/", D, b""), (b"p/", D, b"")], "outside"),
        ("file first", &[(b"p/a", F, b"1")], "first entry"),
        ("hidden root", &[(b".p/", D, b"")], "first entry"),
        ("empty component", &[(b"p/", D, b""), (b"p//a", F, b"1")], "empty"),
        ("dot component", &[(b"p/", D, b""), (b"p/./a", F, b"1")], "`.`"),
        ("not UTF-8", &[(b"p/", D, b""), (b"p/\xff", F, b"1")], "UTF-8"),
        ("empty", &[], "empty"),
    ];
    let t = temp();
    for (label, entries, reason) in cases {
        let bytes = craft(entries);
        let hash = sha256_hex(&bytes);
        let err = unpack_verified(&bytes, &hash, &t.path().join("out")).expect_err(label);
        assert!(matches!(&err, Error::Entry { reason: r, .. } if r.contains(reason)), "{label}: {err}");
        assert!(names(t.path()).is_empty(), "{label}: left behind {:?}", names(t.path()));
    }
}

#[test]
fn bytes_that_are_not_an_archive_are_refused() {
    let t = temp();
    let bytes = vec![b'A'; 1024];
    let err = unpack_verified(&bytes, &sha256_hex(&bytes), &t.path().join("out")).expect_err("not an archive");
    assert!(matches!(err, Error::Archive { .. }), "{err}");
    assert!(names(t.path()).is_empty());
}

#[test]
fn the_refusal_names_the_entry() {
    let t = temp();
    let bytes =
        craft(&[(b"p/", tar::EntryType::Directory, b""), (b"p/../../etc/cron.d/x", tar::EntryType::Regular, b"")]);
    let hash = sha256_hex(&bytes);
    let text = unpack_verified(&bytes, &hash, &t.path().join("out")).expect_err("traversal").to_string();
    assert!(text.contains("p/../../etc/cron.d/x") && text.contains(&hash), "{text}");
}
