//! A folder of verified packages, one per hash, each fetched once.

use crate::unpack::{is_temporary, Staged};
use crate::{check_hash, io_error, is_root_name, Error, Result};
use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

/// Written last into a package's folder, holding the problem folder's name: a folder with it was
/// verified whole; one without it is not trusted.
const MARKER: &str = ".verified";

/// A temporary folder this old was left by a process that died while unpacking.
const STALE_AFTER: Duration = Duration::from_secs(3600);

/// Verified packages under one folder: `<dir>/<hash>/<name>/` is the problem folder and
/// `<dir>/<hash>/.verified` the marker.
///
/// A package is fetched, verified and unpacked into a temporary folder of `dir`, the marker is
/// written, and the folder is renamed to `<dir>/<hash>` in one step, so a reader (in this
/// process or another sharing the folder) finds either nothing or a whole verified package.
/// Threads of one process asking for the same hash wait for one fetch; two processes may both
/// fetch, and the second rename loses and is thrown away. A package found with its marker is
/// not verified again. Nothing is evicted.
#[derive(Debug)]
pub struct Cache {
    dir: PathBuf,
    fetching: Mutex<HashMap<String, Arc<Mutex<()>>>>,
}

impl Cache {
    /// A cache in `dir`, created if missing. Temporary folders an hour old (left by a process
    /// that died while unpacking; a live one takes seconds) are removed.
    pub fn new(dir: impl Into<PathBuf>) -> Result<Cache> {
        let dir = dir.into();
        fs::create_dir_all(&dir).map_err(io_error(&dir))?;
        remove_stale_temporaries(&dir)?;
        Ok(Cache { dir, fetching: Mutex::new(HashMap::new()) })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The problem folder of package `hash` when it is in the cache.
    pub fn get(&self, hash: &str) -> Result<Option<PathBuf>> {
        check_hash(hash)?;
        self.installed(hash)
    }

    /// The problem folder of package `hash`, calling `fetch` for its bytes only when it is not in
    /// the cache yet (and once, however many threads ask at the same time). Bytes that are not
    /// the package `hash` names are refused and nothing is kept; a later call fetches again.
    pub fn get_or_fetch<F, E>(&self, hash: &str, fetch: F) -> Result<PathBuf>
    where
        F: FnOnce() -> Result<Vec<u8>, E>,
        E: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        check_hash(hash)?;
        if let Some(found) = self.installed(hash)? {
            return Ok(found);
        }
        let lock = {
            let mut fetching = self.fetching.lock().unwrap_or_else(PoisonError::into_inner);
            Arc::clone(fetching.entry(hash.to_owned()).or_default())
        };
        let _one_fetch = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(found) = self.installed(hash)? {
            return Ok(found);
        }
        let bytes = fetch().map_err(|e| Error::Fetch { hash: hash.to_owned(), source: e.into() })?;
        let staged = Staged::new(&bytes, hash, &self.dir, hash)?;
        let marker = staged.path().join(MARKER);
        let mut file = fs::File::create_new(&marker).map_err(io_error(&marker))?;
        file.write_all(staged.name.as_bytes()).and_then(|()| file.sync_all()).map_err(io_error(&marker))?;

        let target = self.dir.join(hash);
        if fs::symlink_metadata(&target).is_ok() && self.installed(hash)?.is_none() {
            // Not made by a cache (which only renames whole folders in): left by hand or by a
            // crash of something else. It is not trusted; the verified copy replaces it.
            fs::remove_dir_all(&target).map_err(io_error(&target))?;
        }
        // False when another process won the race: its copy is as good, and this one is removed.
        staged.install(&target)?;
        self.installed(hash)?.ok_or(Error::Exists(target))
    }

    /// The problem folder when `<dir>/<hash>` has its marker.
    fn installed(&self, hash: &str) -> Result<Option<PathBuf>> {
        let folder = self.dir.join(hash);
        let marker = folder.join(MARKER);
        match fs::read_to_string(&marker) {
            Ok(name) if is_root_name(&name) => Ok(Some(folder.join(name))),
            Ok(_) => Err(Error::Name(marker)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(source) => Err(Error::Io { path: marker, source }),
        }
    }
}

/// Removes the temporary folders of `dir` last changed [`STALE_AFTER`] ago or more.
fn remove_stale_temporaries(dir: &Path) -> Result<()> {
    for entry in fs::read_dir(dir).map_err(io_error(dir))? {
        let entry = entry.map_err(io_error(dir))?;
        let path = entry.path();
        if !is_temporary(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let age = entry.metadata().and_then(|m| m.modified()).map(|t| t.elapsed().unwrap_or_default());
        match age {
            Ok(age) if age >= STALE_AFTER => match fs::remove_dir_all(&path) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(Error::Io { path, source: e }),
                _ => {}
            },
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(source) => return Err(Error::Io { path, source }),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
