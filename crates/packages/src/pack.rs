//! A problem folder as a deterministic archive.

use crate::{io_error, is_root_name, sha256_hex, Error, Result, MAX_PACKAGE_BYTES};
use std::fs;
use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};

/// Mode of every file in a package: whatever the folder had, the archive says 0644.
pub(crate) const FILE_MODE: u32 = 0o644;
/// Mode of every folder in a package.
pub(crate) const DIR_MODE: u32 = 0o755;

/// A problem folder packed: its name, the archive's bytes and their hash.
///
/// The archive is a tar (GNU headers, long names as GNU long-name entries) whose first entry is
/// the folder itself, named as on disk (`two-sum/`), followed by everything under it but Python's
/// caches (`__pycache__` folders and `*.pyc` files), sorted by path (bytewise), every time, owner and group 0, files 0644 and folders 0755. Two folders with
/// the same name and the same files give the same bytes, wherever they are and however old.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Package {
    name: String,
    bytes: Vec<u8>,
    hash: String,
}

#[derive(Debug)]
enum Item {
    Dir,
    File,
}

impl Package {
    /// Packs `dir`, refusing symbolic links (the folder itself too), devices, fifos and sockets,
    /// and a folder whose archive would pass [`MAX_PACKAGE_BYTES`], each naming the path.
    pub fn from_dir(dir: &Path) -> Result<Package> {
        Package::from_dir_with_limit(dir, MAX_PACKAGE_BYTES)
    }

    /// As [`Package::from_dir`], with another size limit (bytes of archive).
    pub fn from_dir_with_limit(dir: &Path, limit: u64) -> Result<Package> {
        let name = dir.file_name().and_then(|n| n.to_str()).filter(|n| is_root_name(n));
        let Some(name) = name else { return Err(Error::Name(dir.to_owned())) };
        let meta = fs::symlink_metadata(dir).map_err(io_error(dir))?;
        if meta.file_type().is_symlink() {
            return Err(Error::Symlink(dir.to_owned()));
        }
        if !meta.is_dir() {
            return Err(Error::Special(dir.to_owned()));
        }
        let mut items = vec![(name.to_owned(), dir.to_owned(), Item::Dir)];
        collect(dir, name, &mut items)?;
        items.sort_by(|a, b| a.0.cmp(&b.0));

        let mut builder = tar::Builder::new(Vec::new());
        for (entry, path, item) in &items {
            let written = builder.get_ref().len() as u64;
            let mut header = tar::Header::new_gnu();
            header.set_mtime(0);
            header.set_uid(0);
            header.set_gid(0);
            let data = match item {
                Item::Dir => {
                    header.set_entry_type(tar::EntryType::Directory);
                    header.set_mode(DIR_MODE);
                    Vec::new()
                }
                Item::File => {
                    header.set_entry_type(tar::EntryType::Regular);
                    header.set_mode(FILE_MODE);
                    read_bounded(path, limit.saturating_sub(written), limit)?
                }
            };
            header.set_size(data.len() as u64);
            builder.append_data(&mut header, entry, data.as_slice()).map_err(io_error(path))?;
            if builder.get_ref().len() as u64 > limit {
                return Err(Error::TooLarge { path: path.clone(), limit });
            }
        }
        let bytes = builder.into_inner().map_err(io_error(dir))?;
        if bytes.len() as u64 > limit {
            return Err(Error::TooLarge { path: dir.to_owned(), limit });
        }
        let hash = sha256_hex(&bytes);
        Ok(Package { name: name.to_owned(), bytes, hash })
    }

    /// The problem folder's name, the archive's one top-level folder.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The sha256 of [`Package::bytes`], 64 lowercase hex digits.
    pub fn hash(&self) -> &str {
        &self.hash
    }

    /// The archive.
    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }

    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }
}

/// Left out of a package: what Python writes beside a problem's code when it runs (the judge or
/// an author running the reference), so a problem keeps its hash after it was run locally.
fn is_left_out(name: &str, is_dir: bool) -> bool {
    if is_dir {
        name == "__pycache__"
    } else {
        name.ends_with(".pyc")
    }
}

/// Everything under `dir`, as (archive path, disk path, kind), never following a link, without
/// what [`is_left_out`] names.
fn collect(dir: &Path, prefix: &str, items: &mut Vec<(String, PathBuf, Item)>) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let path = entry.path();
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else { return Err(Error::Name(path)) };
        let kind = entry.file_type().map_err(io_error(&path))?;
        if is_left_out(&name, kind.is_dir()) {
            continue;
        }
        let archived = format!("{prefix}/{name}");
        if kind.is_symlink() {
            return Err(Error::Symlink(path));
        } else if kind.is_dir() {
            items.push((archived.clone(), path.clone(), Item::Dir));
            collect(&path, &archived, items)?;
        } else if kind.is_file() {
            items.push((archived, path, Item::File));
        } else {
            return Err(Error::Special(path));
        }
    }
    Ok(())
}

/// The file's bytes, refused once they pass `room` (what is left of `limit`). It is opened without
/// following a link or blocking on a fifo, and the open handle is checked to be a file, so a file
/// swapped for something else after the listing is refused too.
fn read_bounded(path: &Path, room: u64, limit: u64) -> Result<Vec<u8>> {
    let file = fs::File::options().read(true).custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK).open(path).map_err(
        |e| match e.raw_os_error() {
            Some(libc::ELOOP) => Error::Symlink(path.to_owned()),
            _ => Error::Io { path: path.to_owned(), source: e },
        },
    )?;
    if !file.metadata().map_err(io_error(path))?.is_file() {
        return Err(Error::Special(path.to_owned()));
    }
    let mut data = Vec::new();
    file.take(room.saturating_add(1)).read_to_end(&mut data).map_err(io_error(path))?;
    if data.len() as u64 > room {
        return Err(Error::TooLarge { path: path.to_owned(), limit });
    }
    Ok(data)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs::File;
    use std::os::unix::fs::PermissionsExt;
    use std::time::{Duration, SystemTime};

    /// A small problem folder `two-sum` with a nested folder and an empty one.
    fn sample(parent: &Path) -> PathBuf {
        let dir = parent.join("two-sum");
        fs::create_dir_all(dir.join("tests")).expect("mkdir tests");
        fs::create_dir_all(dir.join("submissions/accepted")).expect("mkdir submissions");
        fs::create_dir_all(dir.join("empty")).expect("mkdir empty");
        fs::write(dir.join("problem.toml"), "slug = \"two-sum\"\n").expect("write");
        fs::write(dir.join("statement.md"), "# Two sum\n").expect("write");
        fs::write(dir.join("tests/hidden.json"), "[]\n").expect("write");
        fs::write(dir.join("submissions/accepted/reference.py"), "def f():\n    pass\n").expect("write");
        dir
    }

    fn temp() -> tempfile::TempDir {
        tempfile::tempdir().expect("tempdir")
    }

    #[test]
    fn the_same_folder_twice_gives_the_same_bytes() {
        let t = temp();
        let dir = sample(t.path());
        let a = Package::from_dir(&dir).expect("pack");
        let b = Package::from_dir(&dir).expect("pack again");
        assert_eq!(a, b);
        assert_eq!(a.name(), "two-sum");
        assert_eq!(a.hash(), sha256_hex(a.bytes()));
    }

    #[test]
    fn times_modes_and_place_do_not_change_the_hash() {
        let t = temp();
        let dir = sample(t.path());
        let before = Package::from_dir(&dir).expect("pack");
        let old = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000);
        File::options().write(true).open(dir.join("statement.md")).expect("open").set_modified(old).expect("touch");
        fs::set_permissions(dir.join("problem.toml"), fs::Permissions::from_mode(0o600)).expect("chmod");
        fs::set_permissions(dir.join("tests"), fs::Permissions::from_mode(0o700)).expect("chmod");
        assert_eq!(Package::from_dir(&dir).expect("pack").hash(), before.hash(), "mtime or mode leaked into the hash");

        let elsewhere = temp();
        let copy = sample(&elsewhere.path().join("deeper"));
        assert_eq!(
            Package::from_dir(&copy).expect("pack copy").hash(),
            before.hash(),
            "the parent leaked into the hash"
        );
    }

    #[test]
    fn one_byte_a_name_or_a_folder_changes_the_hash() {
        let t = temp();
        let dir = sample(t.path());
        let base = Package::from_dir(&dir).expect("pack").hash().to_owned();
        fs::write(dir.join("tests/hidden.json"), "[ ]\n").expect("write");
        let byte = Package::from_dir(&dir).expect("pack").hash().to_owned();
        assert_ne!(byte, base, "one byte changed, same hash");
        fs::rename(dir.join("statement.md"), dir.join("statement.txt")).expect("rename");
        let renamed = Package::from_dir(&dir).expect("pack").hash().to_owned();
        assert_ne!(renamed, byte, "a file renamed, same hash");
        fs::remove_dir(dir.join("empty")).expect("rmdir");
        assert_ne!(Package::from_dir(&dir).expect("pack").hash(), renamed, "an empty folder removed, same hash");
    }

    #[test]
    fn python_caches_are_left_out() {
        let t = temp();
        let dir = sample(t.path());
        let before = Package::from_dir(&dir).expect("pack");
        fs::create_dir_all(dir.join("submissions/accepted/__pycache__")).expect("mkdir");
        fs::write(dir.join("submissions/accepted/__pycache__/reference.cpython-312.pyc"), "\0bytecode").expect("write");
        fs::create_dir(dir.join("__pycache__")).expect("mkdir");
        fs::write(dir.join("stray.pyc"), "\0bytecode").expect("write");
        let after = Package::from_dir(&dir).expect("pack");
        assert_eq!(after.hash(), before.hash(), "a Python cache changed the hash");
        // A file merely named like the folder is kept: only the folder is a cache.
        fs::write(dir.join("tests/__pycache__"), "x").expect("write");
        assert_ne!(
            Package::from_dir(&dir).expect("pack").hash(),
            before.hash(),
            "a file named __pycache__ was left out"
        );
    }

    #[test]
    fn headers_are_normalised_and_sorted() {
        let t = temp();
        let dir = sample(t.path());
        fs::set_permissions(dir.join("problem.toml"), fs::Permissions::from_mode(0o755)).expect("chmod");
        let package = Package::from_dir(&dir).expect("pack");
        let mut archive = tar::Archive::new(package.bytes());
        let mut paths = Vec::new();
        for entry in archive.entries().expect("entries") {
            let entry = entry.expect("entry");
            let h = entry.header();
            let path = String::from_utf8(entry.path_bytes().into_owned()).expect("utf-8");
            assert_eq!((h.mtime().expect("mtime"), h.uid().expect("uid"), h.gid().expect("gid")), (0, 0, 0), "{path}");
            let want = if h.entry_type().is_dir() { DIR_MODE } else { FILE_MODE };
            assert_eq!(h.mode().expect("mode"), want, "{path}");
            paths.push(path);
        }
        let mut sorted = paths.clone();
        sorted.sort();
        assert_eq!(paths, sorted);
        assert_eq!(paths[0], "two-sum");
        assert!(paths.contains(&"two-sum/empty".to_owned()), "{paths:?}");
        assert!(paths.contains(&"two-sum/submissions/accepted/reference.py".to_owned()), "{paths:?}");
    }

    #[test]
    fn long_paths_are_kept_whole() {
        let t = temp();
        let dir = sample(t.path());
        let long = "a".repeat(120);
        fs::create_dir_all(dir.join(&long)).expect("mkdir");
        fs::write(dir.join(&long).join(&long), "x").expect("write");
        let package = Package::from_dir(&dir).expect("pack");
        let mut archive = tar::Archive::new(package.bytes());
        let want = format!("two-sum/{long}/{long}");
        let found = archive.entries().expect("entries").any(|e| *e.expect("entry").path_bytes() == *want.as_bytes());
        assert!(found, "the long path was not kept whole");
    }

    #[test]
    fn a_symlink_is_refused_naming_it() {
        let t = temp();
        let dir = sample(t.path());
        std::os::unix::fs::symlink("/etc/passwd", dir.join("tests/sneaky.json")).expect("symlink");
        let err = Package::from_dir(&dir).expect_err("a symlink was packed");
        assert!(matches!(&err, Error::Symlink(p) if p.ends_with("tests/sneaky.json")), "{err}");
        assert!(err.to_string().contains("tests/sneaky.json"), "{err}");
    }

    #[test]
    fn a_symlinked_folder_is_refused() {
        let t = temp();
        let dir = sample(t.path());
        let link = t.path().join("linked");
        std::os::unix::fs::symlink(&dir, &link).expect("symlink");
        assert!(matches!(Package::from_dir(&link), Err(Error::Symlink(_))));
        std::os::unix::fs::symlink(t.path(), dir.join("up")).expect("symlink");
        assert!(matches!(Package::from_dir(&dir), Err(Error::Symlink(p)) if p.ends_with("up")));
    }

    #[test]
    fn a_socket_is_refused_naming_it() {
        let t = temp();
        let dir = sample(t.path());
        let _listener = std::os::unix::net::UnixListener::bind(dir.join("tests/sock")).expect("bind");
        let err = Package::from_dir(&dir).expect_err("a socket was packed");
        assert!(matches!(&err, Error::Special(p) if p.ends_with("tests/sock")), "{err}");
    }

    #[test]
    fn a_folder_over_the_limit_is_refused_naming_the_file() {
        let t = temp();
        let dir = sample(t.path());
        fs::write(dir.join("tests/big.json"), vec![b'x'; 20_000]).expect("write");
        let err = Package::from_dir_with_limit(&dir, 16_384).expect_err("over the limit");
        assert!(matches!(&err, Error::TooLarge { path, .. } if path.ends_with("tests/big.json")), "{err}");
        assert!(Package::from_dir_with_limit(&dir, 64 * 1024).is_ok());
    }

    #[test]
    fn headers_count_toward_the_limit() {
        let t = temp();
        let dir = sample(t.path());
        // Empty files last in the archive: no file's bytes pass the limit, only the headers do.
        for i in 0..40 {
            fs::write(dir.join(format!("zz-empty-{i:02}")), "").expect("write");
        }
        let err = Package::from_dir_with_limit(&dir, 16_384).expect_err("headers over the limit");
        assert!(matches!(&err, Error::TooLarge { path, .. } if path.starts_with(&dir) && path != &dir), "{err}");
    }

    #[test]
    fn the_limit_is_the_whole_archive_size() {
        let t = temp();
        let dir = sample(t.path());
        let len = Package::from_dir(&dir).expect("pack").bytes().len() as u64;
        assert!(Package::from_dir_with_limit(&dir, len).is_ok(), "an archive of exactly the limit was refused");
        let err = Package::from_dir_with_limit(&dir, len - 1).expect_err("one byte over the limit");
        assert!(matches!(&err, Error::TooLarge { path, limit } if path == &dir && *limit == len - 1), "{err}");
    }

    #[test]
    fn a_file_is_read_only_up_to_its_room() {
        let t = temp();
        let path = t.path().join("big");
        fs::write(&path, vec![b'x'; 100]).expect("write");
        assert_eq!(read_bounded(&path, 100, 100).expect("fits").len(), 100);
        assert!(matches!(read_bounded(&path, 99, 1000), Err(Error::TooLarge { limit: 1000, .. })));
    }

    #[test]
    fn a_file_swapped_for_a_link_or_a_fifo_after_the_listing_is_refused() {
        let t = temp();
        let link = t.path().join("link");
        std::os::unix::fs::symlink("/etc/hostname", &link).expect("symlink");
        assert!(matches!(read_bounded(&link, 1000, 1000), Err(Error::Symlink(p)) if p == link));
        let fifo = t.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status().expect("mkfifo");
        assert!(made.success());
        // Without O_NONBLOCK the open would wait for a writer for ever: give it ten seconds.
        let (send, receive) = std::sync::mpsc::channel();
        let path = fifo.clone();
        std::thread::spawn(move || send.send(read_bounded(&path, 1000, 1000)));
        let read = receive.recv_timeout(Duration::from_secs(10)).expect("opening a fifo blocked");
        assert!(matches!(read, Err(Error::Special(p)) if p == fifo));
    }

    #[test]
    fn a_hidden_or_missing_folder_is_refused() {
        let t = temp();
        fs::create_dir(t.path().join(".hidden")).expect("mkdir");
        assert!(matches!(Package::from_dir(&t.path().join(".hidden")), Err(Error::Name(_))));
        let err = Package::from_dir(&t.path().join("missing")).expect_err("missing folder");
        assert!(matches!(&err, Error::Io { path, .. } if path.ends_with("missing")), "{err}");
    }
}
