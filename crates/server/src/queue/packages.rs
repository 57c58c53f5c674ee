//! The problem a claimed submission is judged against: the package whose content hash it was
//! stored with. This node's catalogue entry when it has that hash; otherwise the package's bytes
//! are fetched from the store into a [`Cache`] (once per hash, checked against the hash before
//! anything is unpacked), loaded with the catalogue's loader, and kept with their prepared tests
//! for the next submission to it, a few packages at a time. So a worker needs no copy of the
//! catalogue, and a problem edited since a submission does not change that submission's tests.

use crate::problems::ProblemEntry;
use std::collections::VecDeque;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use verdict_packages::Cache;
use verdict_store::Store;

/// Packages kept loaded (with their prepared tests) beyond this node's catalogue.
const KEEP: usize = 16;

/// Packages fetched from the store, as problems ready to judge.
#[derive(Debug)]
pub struct Packages {
    cache: Cache,
    /// The cache's folder when it is a temporary one, removed with it.
    _temporary: Option<tempfile::TempDir>,
    /// The packages loaded lately, the most recently used last.
    loaded: Mutex<VecDeque<Arc<ProblemEntry>>>,
    fetches: AtomicU64,
}

impl Packages {
    /// Packages cached in `dir` (created if missing), kept between runs.
    pub fn open(dir: &Path) -> Result<Self, verdict_packages::Error> {
        Ok(Self::with_cache(Cache::new(dir)?, None))
    }

    /// Packages cached in a temporary folder, removed when this is dropped: for a node that
    /// was given no cache folder (its own catalogue is what it judges, almost always).
    pub fn temporary() -> Result<Self, verdict_packages::Error> {
        let dir = tempfile::Builder::new()
            .prefix("verdict-packages-")
            .tempdir()
            .map_err(|source| verdict_packages::Error::Io { path: std::env::temp_dir(), source })?;
        Ok(Self::with_cache(Cache::new(dir.path())?, Some(dir)))
    }

    fn with_cache(cache: Cache, temporary: Option<tempfile::TempDir>) -> Self {
        Self { cache, _temporary: temporary, loaded: Mutex::new(VecDeque::new()), fetches: AtomicU64::new(0) }
    }

    pub fn dir(&self) -> &Path {
        self.cache.dir()
    }

    /// Packages fetched from the store since start (each hash at most once while it is cached).
    pub fn fetches(&self) -> u64 {
        self.fetches.load(Ordering::Relaxed)
    }

    /// The problem `slug` as package `hash` holds it: loaded already, in the cache, or fetched
    /// from `store`. The error names the hash and the cause (never the candidate's doing).
    pub fn entry(&self, store: &dyn Store, slug: &str, hash: &str) -> Result<Arc<ProblemEntry>, String> {
        if let Some(entry) = self.loaded_entry(hash) {
            return Ok(entry);
        }
        let fail = |cause: &dyn std::fmt::Display| format!("package {hash} of the problem `{slug}`: {cause}");
        let folder = self
            .cache
            .get_or_fetch(hash, || {
                let bytes = store.package(hash).map_err(|e| e.to_string())?;
                let bytes = bytes.ok_or_else(|| "the store has no package with this hash".to_owned())?;
                let fetches = self.fetches.fetch_add(1, Ordering::Relaxed) + 1;
                tracing::info!(
                    package = hash,
                    problem = slug,
                    bytes = bytes.len(),
                    fetches,
                    "fetched a package from the store"
                );
                Ok::<_, String>(bytes)
            })
            .map_err(|error| fail(&error))?;
        let problem = verdict_catalog::load_problem(&folder).map_err(|errors| {
            let errors: Vec<String> = errors.iter().map(ToString::to_string).collect();
            fail(&format_args!("it does not load: {}", errors.join("; ")))
        })?;
        if problem.slug() != slug {
            return Err(fail(&format_args!("it holds the problem `{}`", problem.slug())));
        }
        Ok(self.keep(Arc::new(ProblemEntry::with_package(problem, Some(hash.to_owned())))))
    }

    fn loaded(&self) -> std::sync::MutexGuard<'_, VecDeque<Arc<ProblemEntry>>> {
        // A list of shared values, each change one step: a panic cannot leave it torn.
        self.loaded.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// The loaded entry of `hash`, now the most recently used.
    fn loaded_entry(&self, hash: &str) -> Option<Arc<ProblemEntry>> {
        let mut loaded = self.loaded();
        let at = loaded.iter().position(|e| e.package.as_deref() == Some(hash))?;
        let entry = loaded.remove(at)?;
        loaded.push_back(Arc::clone(&entry));
        Some(entry)
    }

    /// Keeps `entry`, or the entry another thread loaded for the same hash meanwhile (so the
    /// tests are prepared once), dropping the least recently used beyond [`KEEP`].
    fn keep(&self, entry: Arc<ProblemEntry>) -> Arc<ProblemEntry> {
        let mut loaded = self.loaded();
        if let Some(found) = loaded.iter().find(|e| e.package == entry.package) {
            return Arc::clone(found);
        }
        loaded.push_back(Arc::clone(&entry));
        while loaded.len() > KEEP {
            loaded.pop_front();
        }
        entry
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use verdict_packages::Package;
    use verdict_store::{JobStore, SqliteStore};

    fn problem_dir() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../problems/calculate-pi")
    }

    fn setup() -> (tempfile::TempDir, SqliteStore, Packages, String) {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = SqliteStore::open_dir(&dir.path().join("data")).expect("store");
        let package = Package::from_dir(&problem_dir()).expect("pack");
        store.put_package(package.hash(), "calculate-pi", package.bytes()).expect("publish");
        let packages = Packages::open(&dir.path().join("cache")).expect("cache");
        (dir, store, packages, package.hash().to_owned())
    }

    #[test]
    fn a_package_is_fetched_once_and_loaded_once() {
        let (_dir, store, packages, hash) = setup();
        let first = packages.entry(&store, "calculate-pi", &hash).expect("fetched");
        assert_eq!((first.slug(), first.package.as_deref()), ("calculate-pi", Some(hash.as_str())));
        let again = packages.entry(&store, "calculate-pi", &hash).expect("kept");
        assert!(Arc::ptr_eq(&first, &again), "loaded twice: its tests would be prepared twice");
        assert_eq!(packages.fetches(), 1);
    }

    #[test]
    fn a_missing_a_tampered_or_a_mislabelled_package_is_refused_naming_the_hash() {
        let (_dir, store, packages, hash) = setup();
        let unknown = verdict_packages::sha256_hex(b"nothing");
        let error = packages.entry(&store, "calculate-pi", &unknown).expect_err("no such package");
        assert!(error.contains(&unknown) && error.contains("has no package"), "{error}");

        let error = packages.entry(&store, "reverse-words", &hash).expect_err("another problem's package");
        assert!(error.contains(&hash) && error.contains("holds the problem `calculate-pi`"), "{error}");

        let mut bytes = store.package(&hash).expect("read").expect("published");
        bytes[1200] ^= 1;
        let forged = verdict_packages::sha256_hex(b"forged");
        store.put_package(&forged, "calculate-pi", &bytes).expect("publish");
        let error = packages.entry(&store, "calculate-pi", &forged).expect_err("tampered bytes");
        assert!(error.contains(&forged) && error.contains("refused"), "{error}");
    }
}
