//! Problem packages by content hash, so that a worker on another machine judges a submission
//! against the problem exactly as it was when it was submitted, with no shared disk.
//!
//! A problem folder becomes one deterministic archive ([`Package::from_dir`]): a tar whose
//! entries are sorted by path, with times, owners and modes normalised, so the same files give
//! the same bytes, and so the same sha256 ([`Package::hash`]), on any machine and at any time.
//! A worker that has the bytes (from the store) unpacks them with [`unpack_verified`], or through
//! a [`Cache`] that keeps one verified copy per hash and fetches each hash once.
//!
//! This crate must never trust the bytes it unpacks: it checks the hash before it reads a single
//! entry, and refuses absolute paths, `..`, links, devices and anything else that is not a plain
//! file or folder. It never follows a symbolic link, never leaves a half-written copy where a
//! reader could take it for a whole one, and never runs or parses the problem it carries (the
//! catalogue reads it, the sandbox runs it).
//!
//! It also reads a folder a hiring team uploads ([`read_upload`]: zip, tar or tar.gz) under the
//! same rules and caps on size and entries, before the server loads, checks and packs it.

mod cache;
mod pack;
mod unpack;
mod upload;

pub use cache::Cache;
pub use pack::Package;
pub use unpack::unpack_verified;
pub use upload::{
    from_files, read_upload, write_upload, Upload, UploadError, MAX_UPLOAD_BYTES, MAX_UPLOAD_ENTRIES,
    MAX_UPLOAD_FILE_BYTES, MAX_UPLOAD_UNPACKED_BYTES,
};

use sha2::{Digest, Sha256};
use std::path::PathBuf;

/// The most bytes a package's archive may hold (64 MiB): packing a bigger folder and unpacking
/// bigger bytes are both refused.
pub const MAX_PACKAGE_BYTES: u64 = 64 * 1024 * 1024;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// What went wrong, naming the file, the folder or the archive entry concerned.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{}: {source}", .path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{}: a symbolic link; a package holds only files and folders", .0.display())]
    Symlink(PathBuf),
    #[error("{}: not a file or a folder (a device, fifo or socket); a package holds only files and folders", .0.display())]
    Special(PathBuf),
    #[error("{}: a name that is not UTF-8, or starts with a dot at the top; a package names its files in UTF-8", .0.display())]
    Name(PathBuf),
    #[error("{}: the package passes its limit of {limit} bytes here", .path.display())]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("`{0}` is not a package hash (64 lowercase hex digits)")]
    HashFormat(String),
    #[error("package {hash}: {len} bytes, over the limit of {limit}")]
    BytesTooLarge { hash: String, len: u64, limit: u64 },
    #[error("package {expected}: the bytes hash to {actual}; refused")]
    HashMismatch { expected: String, actual: String },
    #[error("package {hash}: not a readable archive: {source}")]
    Archive {
        hash: String,
        #[source]
        source: std::io::Error,
    },
    #[error("package {hash}: entry `{entry}`: {reason}; refused")]
    Entry { hash: String, entry: String, reason: &'static str },
    #[error("{}: already exists; a package is unpacked into a new folder", .0.display())]
    Exists(PathBuf),
    #[error("package {hash}: fetching it failed: {source}")]
    Fetch {
        hash: String,
        #[source]
        source: Box<dyn std::error::Error + Send + Sync>,
    },
}

/// An IO error with the path it concerns.
pub(crate) fn io_error(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Error {
    let path = path.into();
    move |source| Error::Io { path, source }
}

/// The sha256 of `bytes`, in lowercase hex: a package's hash.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Refuses anything but 64 lowercase hex digits, so that a hash is safe as a file name.
pub(crate) fn check_hash(hash: &str) -> Result<()> {
    if hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)) {
        Ok(())
    } else {
        Err(Error::HashFormat(hash.chars().take(80).collect()))
    }
}

/// A problem folder's name as a package holds it: one plain UTF-8 component, not hidden.
pub(crate) fn is_root_name(name: &str) -> bool {
    !name.is_empty() && !name.starts_with('.') && !name.contains(['/', '\0'])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_the_hex_sha256() {
        assert_eq!(sha256_hex(b"abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }

    #[test]
    fn only_lowercase_hex_of_64_digits_is_a_hash() {
        let good = sha256_hex(b"x");
        assert!(check_hash(&good).is_ok());
        for bad in ["", "../etc", &good[..63], &good.to_uppercase(), &format!("{}/", &good[..63]), &format!("{good}0")]
        {
            assert!(matches!(check_hash(bad), Err(Error::HashFormat(_))), "{bad:?} was taken for a hash");
        }
    }
}
