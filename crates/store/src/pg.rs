//! The store on PostgreSQL, for several `verdict serve` nodes sharing one database. Every write
//! is one SERIALIZABLE transaction: what it reads (a quota, a deadline, a cap, whether an
//! attempt finished) cannot change under it unnoticed, as SQLite's single IMMEDIATE writer
//! guarantees on one machine; PostgreSQL refuses one of two conflicting transactions
//! (SQLSTATE 40001, or 40P01 for a deadlock) and the store runs it again, a bounded number of
//! times. Reads are READ ONLY REPEATABLE READ: one snapshot, never waiting for a writer.
//! Connections come from a small pool; never TLS (sslmode in the URL is not honoured: reach a
//! remote server through a tunnel or a local proxy).

use crate::clock::{Clock, Millis, SystemClock};
use crate::engine::Engine;
use crate::error::{Result, StoreError};
use crate::listener::Listener;
use crate::quota::DEFAULT_CANDIDATE_QUOTA;
use crate::sql::Db;
use db::PgDb;
use pool::Pool;
use postgres::error::SqlState;
use postgres::IsolationLevel;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

mod db;
mod pool;
mod schema;
mod url;

pub use url::without_password;

/// Connections one store keeps open at most: reads and writes share them.
pub const DEFAULT_CONNECTIONS: usize = 8;

/// How many times a write that lost a serialization conflict runs again before its error is
/// returned: two nodes racing for one row settle in one retry; this bounds a pathological storm.
const WRITE_ATTEMPTS: u32 = 10;

/// The store on a PostgreSQL database.
#[derive(Debug)]
pub struct PgStore {
    pool: Pool,
    clock: Arc<dyn Clock>,
    candidate_quota: u64,
    /// Write transactions committed, for tests.
    commits: AtomicU64,
    /// Write transactions run again after a serialization conflict, for tests.
    retries: AtomicU64,
    isolation: IsolationLevel,
}

impl PgStore {
    /// Connects to the database at `url` (a `postgresql://` URL or a key=value string) and
    /// brings its schema up to date.
    pub fn open(url: &str) -> Result<Self> {
        Self::open_with_clock(url, Arc::new(SystemClock))
    }

    /// Connects, stamping times from `clock` (the server's one clock).
    pub fn open_with_clock(url: &str, clock: Arc<dyn Clock>) -> Result<Self> {
        let pool = Pool::new(url, DEFAULT_CONNECTIONS)?;
        {
            let mut client = pool.get()?;
            schema::migrate(&mut client, pool.display_url())?;
        }
        Ok(Self {
            pool,
            clock,
            candidate_quota: DEFAULT_CANDIDATE_QUOTA,
            commits: AtomicU64::new(0),
            retries: AtomicU64::new(0),
            isolation: IsolationLevel::Serializable,
        })
    }

    /// Sets the most bytes of code and results one candidate may keep.
    pub fn with_candidate_quota(mut self, bytes: u64) -> Self {
        self.candidate_quota = bytes;
        self
    }

    /// Runs writes at `isolation` instead of SERIALIZABLE: only for the test that shows what
    /// SERIALIZABLE protects against.
    #[doc(hidden)]
    pub fn with_write_isolation_for_tests(mut self, isolation: IsolationLevel) -> Self {
        self.isolation = isolation;
        self
    }

    /// The clock this store stamps times with.
    pub fn clock(&self) -> Arc<dyn Clock> {
        Arc::clone(&self.clock)
    }

    /// Write transactions this store has committed since it was opened (every write is one).
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    /// Writes this store ran again after losing a serialization conflict.
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }

    /// Runs `change` in one write transaction at `isolation`, committed when it returns Ok
    /// (dropping the transaction rolls it back).
    fn write_once<T>(
        &self,
        isolation: IsolationLevel,
        change: &mut impl FnMut(&dyn Db, Millis) -> Result<T>,
    ) -> Result<T> {
        self.in_transaction(isolation, false, |db| change(db, self.clock.now()))
    }

    /// Runs `change` at `isolation`, again (a bounded number of times) when PostgreSQL refuses
    /// it for a conflict.
    fn write_at<T>(
        &self,
        isolation: IsolationLevel,
        mut change: impl FnMut(&dyn Db, Millis) -> Result<T>,
    ) -> Result<T> {
        let mut attempt = 1;
        loop {
            match self.write_once(isolation, &mut change) {
                Err(error) if attempt < WRITE_ATTEMPTS && is_conflict(&error) => {
                    self.retries.fetch_add(1, Ordering::Relaxed);
                    // A short, growing pause lets the transaction that won finish; nothing
                    // depends on its length.
                    std::thread::sleep(Duration::from_millis(u64::from(attempt) * 2));
                    attempt += 1;
                }
                Ok(value) => {
                    self.commits.fetch_add(1, Ordering::Relaxed);
                    return Ok(value);
                }
                Err(error) => return Err(error),
            }
        }
    }

    /// Runs `work` in a transaction that commits when it returns Ok. A pooled connection the
    /// server has closed since (a restart, a terminated backend) fails at BEGIN, before
    /// anything ran: it is closed and the next one tried, so only a database that is down
    /// fails the call. The server's own "terminating connection" answer can reach BEGIN before
    /// the socket is seen closed, so any failure there counts, not only a closed socket.
    fn in_transaction<T>(
        &self,
        isolation: IsolationLevel,
        read_only: bool,
        mut work: impl FnMut(&dyn Db) -> Result<T>,
    ) -> Result<T> {
        let mut tries = 0;
        loop {
            let mut client = self.pool.get()?;
            let begun = match client.build_transaction().isolation_level(isolation).read_only(read_only).start() {
                Ok(transaction) => {
                    let db = PgDb::new(transaction);
                    Ok(work(&db).and_then(|value| Ok(db.into_inner().commit().map(|()| value)?)))
                }
                Err(error) => Err(error),
            };
            match begun {
                Ok(outcome) => return outcome,
                Err(error) => {
                    client.discard();
                    if tries >= self.pool.most() {
                        return Err(error.into());
                    }
                    tries += 1;
                }
            }
        }
    }

    /// The URL this store connects to, without its password.
    pub fn url(&self) -> &str {
        self.pool.display_url()
    }
}

/// Whether a write lost to a concurrent one and may simply run again.
fn is_conflict(error: &StoreError) -> bool {
    let StoreError::Postgres(error) = error else { return false };
    matches!(error.code(), Some(code) if *code == SqlState::T_R_SERIALIZATION_FAILURE || *code == SqlState::T_R_DEADLOCK_DETECTED)
}

impl Engine for PgStore {
    fn write<T>(&self, change: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T> {
        self.write_at(self.isolation, change)
    }

    /// READ COMMITTED: the claim's `FOR UPDATE SKIP LOCKED` is its concurrency control, each
    /// claimer passing over the rows others hold; SERIALIZABLE would instead refuse claimers
    /// whose snapshots saw a row another took, and make them run again for nothing.
    fn claim_write<T>(&self, change: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T> {
        self.write_at(IsolationLevel::ReadCommitted, change)
    }

    fn listen(&self, channels: &[&str]) -> Result<Option<Listener>> {
        Listener::connect(self.pool.config(), self.pool.display_url(), channels).map(Some)
    }

    fn read<T>(&self, mut query: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T> {
        self.in_transaction(IsolationLevel::RepeatableRead, true, |db| query(db, self.clock.now()))
    }

    fn candidate_quota(&self) -> u64 {
        self.candidate_quota
    }
}
