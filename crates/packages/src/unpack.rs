//! Unpacking a package's bytes, once they are proved to be the package asked for.

use crate::pack::{DIR_MODE, FILE_MODE};
use crate::{check_hash, io_error, is_root_name, sha256_hex, Error, Result, MAX_PACKAGE_BYTES};
use std::collections::HashSet;
use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Unpacks `bytes` into the new folder `into_dir`, which then holds the problem folder, and returns
/// that folder's path (`into_dir/<name>`).
///
/// Refused, with nothing left behind: a hash that is not 64 lowercase hex digits, bytes over
/// [`MAX_PACKAGE_BYTES`], bytes whose sha256 is not `expected_hash` (checked before any entry is
/// read), an `into_dir` that exists, and any entry that is not a plain file or folder (links,
/// devices, fifos), has an absolute path, `.` or `..` or an empty component, is not under the one
/// top-level folder, comes before its folder, or appears twice. The entries are written into a
/// temporary folder beside `into_dir` (every file synced), which is then renamed to `into_dir`: a
/// reader sees either no folder or the whole of it.
pub fn unpack_verified(bytes: &[u8], expected_hash: &str, into_dir: &Path) -> Result<PathBuf> {
    check_hash(expected_hash)?;
    let exists = || Error::Exists(into_dir.to_owned());
    if fs::symlink_metadata(into_dir).is_ok() {
        return Err(exists());
    }
    let (parent, label) = match (into_dir.parent(), into_dir.file_name()) {
        (Some(parent), Some(label)) => (parent, label.to_string_lossy()),
        _ => return Err(Error::Name(into_dir.to_owned())),
    };
    let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
    fs::create_dir_all(parent).map_err(io_error(parent))?;
    let staged = Staged::new(bytes, expected_hash, parent, &label)?;
    let name = staged.name.clone();
    if !staged.install(into_dir)? {
        return Err(exists());
    }
    Ok(into_dir.join(name))
}

/// What the name of a temporary folder holds: `.<label>.tmp-<pid>-<n>`.
const TEMPORARY: &str = ".tmp-";

/// Whether `name` is that of a temporary folder [`Staged`] made.
pub(crate) fn is_temporary(name: &str) -> bool {
    name.starts_with('.') && name.contains(TEMPORARY)
}

/// A verified package unpacked into a temporary folder, removed on drop unless installed.
#[derive(Debug)]
pub(crate) struct Staged {
    dir: PathBuf,
    /// The problem folder's name, the archive's top-level folder.
    pub(crate) name: String,
    installed: bool,
}

impl Staged {
    /// Verifies `bytes` against `expected` and unpacks them into a new hidden folder of `parent`.
    pub(crate) fn new(bytes: &[u8], expected: &str, parent: &Path, label: &str) -> Result<Staged> {
        check_hash(expected)?;
        let len = bytes.len() as u64;
        if len > MAX_PACKAGE_BYTES {
            return Err(Error::BytesTooLarge { hash: expected.to_owned(), len, limit: MAX_PACKAGE_BYTES });
        }
        let actual = sha256_hex(bytes);
        if actual != expected {
            return Err(Error::HashMismatch { expected: expected.to_owned(), actual });
        }
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let dir = parent.join(format!(".{label}{TEMPORARY}{}-{n}", std::process::id()));
        fs::DirBuilder::new().mode(DIR_MODE).create(&dir).map_err(io_error(&dir))?;
        let mut staged = Staged { dir, name: String::new(), installed: false };
        staged.name = unpack_entries(bytes, expected, &staged.dir)?;
        Ok(staged)
    }

    /// The temporary folder, which holds the problem folder.
    pub(crate) fn path(&self) -> &Path {
        &self.dir
    }

    /// Renames the temporary folder to `target` and syncs the parent so the rename lasts; false
    /// when `target` was there already (the temporary folder is then removed).
    pub(crate) fn install(mut self, target: &Path) -> Result<bool> {
        match fs::rename(&self.dir, target) {
            Ok(()) => {
                self.installed = true;
                if let Some(parent) = target.parent() {
                    fs::File::open(parent).and_then(|f| f.sync_all()).map_err(io_error(parent))?;
                }
                Ok(true)
            }
            Err(e) if matches!(e.raw_os_error(), Some(libc::EEXIST | libc::ENOTEMPTY | libc::ENOTDIR)) => Ok(false),
            Err(source) => Err(Error::Io { path: target.to_owned(), source }),
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.installed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes the archive's entries under `into` (a new, empty folder), refusing anything but plain
/// files and folders under one top-level folder; returns that folder's name.
fn unpack_entries(bytes: &[u8], hash: &str, into: &Path) -> Result<String> {
    let archive_error = |source| Error::Archive { hash: hash.to_owned(), source };
    let mut archive = tar::Archive::new(bytes);
    let mut root: Option<String> = None;
    let mut folders: HashSet<String> = HashSet::new();
    let mut seen: HashSet<String> = HashSet::new();
    for entry in archive.entries().map_err(archive_error)? {
        let mut entry = entry.map_err(archive_error)?;
        let raw = entry.path_bytes().into_owned();
        let refuse =
            |reason| Error::Entry { hash: hash.to_owned(), entry: String::from_utf8_lossy(&raw).into(), reason };
        let Ok(text) = std::str::from_utf8(&raw) else { return Err(refuse("the path is not UTF-8")) };
        let kind = entry.header().entry_type();
        let is_dir = match kind {
            tar::EntryType::Directory => true,
            tar::EntryType::Regular => false,
            tar::EntryType::Symlink | tar::EntryType::Link => return Err(refuse("a link")),
            tar::EntryType::Char | tar::EntryType::Block => return Err(refuse("a device")),
            tar::EntryType::Fifo => return Err(refuse("a fifo")),
            _ => return Err(refuse("not a plain file or folder")),
        };
        let path = if is_dir { text.strip_suffix('/').unwrap_or(text) } else { text };
        let parts = check_path(path).map_err(refuse)?;
        match (&root, parts.as_slice()) {
            (None, [name]) if is_dir && is_root_name(name) => root = Some((*name).to_owned()),
            (None, _) => return Err(refuse("the first entry must be the problem folder")),
            (Some(name), [top, ..]) if *top != name.as_str() || parts.len() == 1 => {
                return Err(refuse("outside the problem folder"));
            }
            _ => {}
        }
        if !seen.insert(path.to_owned()) {
            return Err(refuse("appears twice"));
        }
        if let Some((parent, _)) = path.rsplit_once('/') {
            if !folders.contains(parent) {
                return Err(refuse("comes before its folder"));
            }
        }
        let target = parts.iter().fold(into.to_owned(), |p, part| p.join(part));
        if is_dir {
            folders.insert(path.to_owned());
            fs::DirBuilder::new().mode(DIR_MODE).create(&target).map_err(io_error(&target))?;
        } else {
            let mut file = fs::File::options()
                .write(true)
                .create_new(true)
                .mode(FILE_MODE)
                .custom_flags(libc::O_NOFOLLOW)
                .open(&target)
                .map_err(io_error(&target))?;
            let mut data = Vec::new();
            entry.read_to_end(&mut data).map_err(archive_error)?;
            file.write_all(&data).and_then(|()| file.sync_all()).map_err(io_error(&target))?;
        }
    }
    root.ok_or_else(|| Error::Entry { hash: hash.to_owned(), entry: String::new(), reason: "the archive is empty" })
}

/// The components of an entry's path, refusing absolute paths, `.`, `..` and empty components.
pub(crate) fn check_path(path: &str) -> Result<Vec<&str>, &'static str> {
    if path.starts_with('/') {
        return Err("an absolute path");
    }
    if path.contains('\0') {
        return Err("a NUL byte in the path");
    }
    let parts: Vec<&str> = path.split('/').collect();
    if parts.contains(&"..") {
        return Err("`..` in the path");
    }
    if parts.iter().any(|p| p.is_empty() || *p == ".") {
        return Err("an empty or `.` component in the path");
    }
    Ok(parts)
}

#[cfg(test)]
mod tests;
