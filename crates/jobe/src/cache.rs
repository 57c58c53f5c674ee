//! The files clients PUT by id, kept in memory for runs that name them: capped per file, in
//! total bytes and in count, the least recently used dropped first to make room. A client
//! whose file was dropped gets 404 on its run and PUTs it again (CodeRunner does so by itself).
//! Each node keeps its own: nothing here is shared or written to disk.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

/// The caps, each the one place its number lives.
pub mod caps {
    /// One file's bytes (after base64 decoding).
    pub const FILE_BYTES: usize = 8 * 1024 * 1024;
    /// Every file's bytes together.
    pub const CACHE_BYTES: usize = 64 * 1024 * 1024;
    /// Files kept at once.
    pub const FILES: usize = 1024;
    /// The bytes of all the files one run names together (they are copied into its box).
    pub const RUN_BYTES: usize = 32 * 1024 * 1024;
}

/// A file larger than [`caps::FILE_BYTES`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the file is {0} bytes; this server keeps files of at most {max} bytes", max = caps::FILE_BYTES)]
pub struct TooLarge(pub usize);

#[derive(Debug, Default)]
struct Entries {
    files: HashMap<String, (Arc<Vec<u8>>, u64)>,
    /// Last use → id; the first entry is the least recently used.
    by_use: BTreeMap<u64, String>,
    bytes: usize,
    clock: u64,
}

impl Entries {
    fn touch(&mut self, id: &str) -> Option<Arc<Vec<u8>>> {
        self.clock += 1;
        let clock = self.clock;
        let (contents, used) = self.files.get_mut(id)?;
        self.by_use.remove(used);
        *used = clock;
        self.by_use.insert(clock, id.to_owned());
        Some(Arc::clone(contents))
    }

    fn remove(&mut self, id: &str) {
        if let Some((contents, used)) = self.files.remove(id) {
            self.by_use.remove(&used);
            self.bytes -= contents.len();
        }
    }
}

/// The cache: one lock around a map and its order of use.
#[derive(Debug, Default)]
pub struct FileCache {
    entries: Mutex<Entries>,
}

impl FileCache {
    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        // A panic while holding the lock leaves whole entries (every change is made in full
        // before it is visible), so a poisoned lock is still sound.
        self.entries.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Keeps `contents` under `id` (replacing what it held), dropping the least recently used
    /// files until the caps hold.
    pub fn put(&self, id: &str, contents: Vec<u8>) -> Result<(), TooLarge> {
        if contents.len() > caps::FILE_BYTES {
            return Err(TooLarge(contents.len()));
        }
        let mut entries = self.lock();
        entries.remove(id);
        while entries.files.len() >= caps::FILES || entries.bytes + contents.len() > caps::CACHE_BYTES {
            let Some((_, oldest)) = entries.by_use.pop_first() else { break };
            entries.remove(&oldest);
        }
        entries.clock += 1;
        let clock = entries.clock;
        entries.bytes += contents.len();
        entries.by_use.insert(clock, id.to_owned());
        entries.files.insert(id.to_owned(), (Arc::new(contents), clock));
        Ok(())
    }

    /// Whether `id` is kept (a HEAD, which counts as a use).
    pub fn contains(&self, id: &str) -> bool {
        self.lock().touch(id).is_some()
    }

    /// The contents of `id`, if kept.
    pub fn get(&self, id: &str) -> Option<Arc<Vec<u8>>> {
        self.lock().touch(id)
    }

    /// Files and bytes kept.
    pub fn size(&self) -> (usize, usize) {
        let entries = self.lock();
        (entries.files.len(), entries.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_least_recently_used_file_goes_first() {
        let cache = FileCache::default();
        let big = caps::FILE_BYTES;
        let fill = caps::CACHE_BYTES / big;
        for i in 0..fill {
            cache.put(&format!("f{i}"), vec![0; big]).expect("fits");
        }
        assert!(cache.contains("f0"), "f0 is used again, so f1 is now the oldest");
        cache.put("new", vec![1; big]).expect("fits");
        assert!(!cache.contains("f1"));
        assert!(cache.get("f0").is_some() && cache.get("new").is_some());
        assert_eq!(cache.size(), (fill, fill * big));
    }

    #[test]
    fn the_caps_hold() {
        let cache = FileCache::default();
        assert_eq!(cache.put("x", vec![0; caps::FILE_BYTES + 1]), Err(TooLarge(caps::FILE_BYTES + 1)));
        for i in 0..caps::FILES + 10 {
            cache.put(&format!("f{i}"), vec![0; 1]).expect("fits");
        }
        assert_eq!(cache.size(), (caps::FILES, caps::FILES));
        cache.put("f20", vec![0; 10]).expect("replaces");
        assert_eq!(cache.size(), (caps::FILES, caps::FILES + 9));
        assert_eq!(cache.get("f20").map(|c| c.len()), Some(10));
    }
}
