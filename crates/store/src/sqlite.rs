//! The embedded store: one SQLite file in WAL mode, written with full fsync so an accepted
//! submission survives a crash. One writer connection takes every write, one transaction each;
//! a small pool of read-only connections serves the reads, so a read never waits behind a
//! write's fsync (WAL lets readers see the last commit while a writer works).

use crate::clock::{Clock, Millis, SystemClock};
use crate::engine::Engine;
use crate::error::{Result, StoreError};
use crate::listener::Listener;
use crate::quota::DEFAULT_CANDIDATE_QUOTA;
use crate::schema;
use crate::sql::Db;
use rusqlite::{Connection, OpenFlags, TransactionBehavior};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

mod db;

/// The database file's name inside the data directory.
pub const DATABASE_FILE: &str = "verdict.sqlite3";

/// Read-only connections opened beside the writer: enough for the HTTP handlers of a small
/// machine to read at once; one more reader waits for a free one, never for the writer.
pub const DEFAULT_READERS: usize = 4;

/// The embedded store: one SQLite database file.
#[derive(Debug)]
pub struct SqliteStore {
    path: PathBuf,
    // Fields drop in order: the readers close before the writer, so the writer is the last
    // connection and checkpoints the log into the file as it closes.
    readers: Vec<Mutex<Connection>>,
    writer: Mutex<Connection>,
    /// Where the next read starts looking for a free reader.
    next_reader: AtomicUsize,
    clock: Arc<dyn Clock>,
    candidate_quota: u64,
    /// Transactions committed (each an fsync with `synchronous = FULL`), for tests and benches.
    commits: Arc<AtomicU64>,
}

impl SqliteStore {
    /// Opens (creating if needed) the database in `data_dir`.
    pub fn open_dir(data_dir: &Path) -> Result<Self> {
        Self::open_dir_with_clock(data_dir, Arc::new(SystemClock))
    }

    /// Opens the database in `data_dir`, stamping times from `clock` (the server's one clock).
    pub fn open_dir_with_clock(data_dir: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        std::fs::create_dir_all(data_dir)
            .map_err(|source| StoreError::DataDir { path: data_dir.to_owned(), source })?;
        Self::open_with_clock(&data_dir.join(DATABASE_FILE), clock)
    }

    /// Opens (creating if needed) the database file at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with_clock(path, Arc::new(SystemClock))
    }

    fn open_with_clock(path: &Path, clock: Arc<dyn Clock>) -> Result<Self> {
        let open_error = |source| StoreError::Open { path: path.to_owned(), source };
        let mut writer = Connection::open(path).map_err(open_error)?;
        // The WAL is truncated back to 4 MiB after each checkpoint, so one large write does not
        // leave the file at its high-water mark.
        writer
            .execute_batch(
                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;
                 PRAGMA journal_size_limit = 4194304;",
            )
            .map_err(open_error)?;
        schema::migrate(&mut writer, path)?;
        let commits = Arc::new(AtomicU64::new(0));
        let counter = Arc::clone(&commits);
        writer
            .commit_hook(Some(move || {
                counter.fetch_add(1, Ordering::Relaxed);
                // false: let the commit go on.
                false
            }))
            .map_err(open_error)?;
        let store = Self {
            path: path.to_owned(),
            readers: Vec::new(),
            writer: Mutex::new(writer),
            next_reader: AtomicUsize::new(0),
            clock,
            candidate_quota: DEFAULT_CANDIDATE_QUOTA,
            commits,
        };
        store.with_readers(DEFAULT_READERS)
    }

    /// Serves reads from `count` read-only connections; with none, reads share the writer's
    /// connection and wait behind its writes (the design before the pool, kept for benches).
    pub fn with_readers(mut self, count: usize) -> Result<Self> {
        let open_error = |source| StoreError::Open { path: self.path.clone(), source };
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI;
        let mut readers = Vec::with_capacity(count);
        for _ in 0..count {
            let reader = Connection::open_with_flags(&self.path, flags).map_err(open_error)?;
            reader.execute_batch("PRAGMA busy_timeout = 5000;").map_err(open_error)?;
            readers.push(Mutex::new(reader));
        }
        self.readers = readers;
        Ok(self)
    }

    /// Transactions this store has committed since it was opened (every write is one).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Sets the most bytes of code and results one candidate may keep.
    pub fn with_candidate_quota(mut self, bytes: u64) -> Self {
        self.candidate_quota = bytes;
        self
    }

    /// The clock this store stamps times with.
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// A free reader (the first free one from a rotating start), else the next one to free up;
    /// the writer when there are no readers.
    fn reader(&self) -> MutexGuard<'_, Connection> {
        if self.readers.is_empty() {
            return lock(&self.writer);
        }
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        let count = self.readers.len();
        (0..count)
            .find_map(|offset| self.readers[(start + offset) % count].try_lock().ok())
            .unwrap_or_else(|| lock(&self.readers[start % count]))
    }
}

impl Engine for SqliteStore {
    /// IMMEDIATE takes the write lock at the start, so what the change reads (a quota, a
    /// deadline, a cap) cannot be changed by another writer before it writes: the change runs
    /// once.
    fn write<T>(&self, mut change: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T> {
        let mut writer = lock(&self.writer);
        let transaction = writer.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let value = change(&*transaction, self.clock.now())?;
        transaction.commit()?;
        Ok(value)
    }

    /// The one writer keeps every other claimer out: a claim is any write.
    fn claim_write<T>(&self, change: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T> {
        self.write(change)
    }

    fn listen(&self, _channels: &[&str]) -> Result<Option<Listener>> {
        Ok(None)
    }

    fn read<T>(&self, mut query: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T> {
        let mut reader = self.reader();
        let transaction = reader.transaction()?;
        query(&*transaction, self.clock.now())
    }

    fn candidate_quota(&self) -> u64 {
        self.candidate_quota
    }
}

fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    // A panic while holding the lock cannot leave a transaction half-applied (SQLite rolls an
    // unfinished transaction back when its handle drops), so the poison is moot.
    connection.lock().unwrap_or_else(PoisonError::into_inner)
}
