//! What an engine gives the store's calls: a write transaction (committed when the change
//! returns Ok, rolled back otherwise), a read transaction (everything it reads is of one
//! moment), a claiming transaction (its own row locks are its concurrency control), a listener
//! for other nodes' notices, the time to stamp, and the candidate's quota. The calls in
//! `calls/` are written once on this, for every engine.

use crate::clock::Millis;
use crate::error::Result;
use crate::listener::Listener;
use crate::sql::Db;

pub(crate) trait Engine: Send + Sync + std::fmt::Debug + 'static {
    /// Runs `change` in one write transaction at `now`. The engine guarantees that what the
    /// change reads (a quota, a deadline, a cap) cannot be changed by another writer before
    /// it commits; an engine that detects a conflict instead of preventing it runs the change
    /// again, so `change` may run more than once.
    fn write<T>(&self, change: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T>;
    /// Runs `change` in one write transaction at `now` whose concurrency control is the rows it
    /// locks itself ([`Db::skip_locked`]): claimers on several nodes must pass over each other's
    /// rows, which PostgreSQL's SERIALIZABLE would refuse instead (it runs READ COMMITTED
    /// there); on SQLite it is any write.
    fn claim_write<T>(&self, change: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T>;
    /// A connection of its own that hears `channels` (PostgreSQL's LISTEN); None on an engine
    /// that serves one process, whose wake-ups are in-process.
    fn listen(&self, channels: &[&str]) -> Result<Option<Listener>>;
    /// Runs `query` in one read transaction at `now`.
    fn read<T>(&self, query: impl FnMut(&dyn Db, Millis) -> Result<T>) -> Result<T>;
    /// The most bytes of code and results one candidate may keep.
    fn candidate_quota(&self) -> u64;
}
