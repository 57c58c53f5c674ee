//! The store through its public interface, against real SQLite files: one module per part of
//! the store, as in `src/`.

mod hiring;
mod migrations;
mod readers;
mod submissions;

use std::sync::Arc;
use verdict_store::{AssessmentStore, ManualClock, SqliteStore};

/// A store in a fresh directory (kept alive by the returned guard).
fn store() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_dir(dir.path()).expect("open");
    (dir, store)
}

/// A store on a set clock, with users (and so teams) `ua`, `ub` and `u`.
fn hiring_store() -> (tempfile::TempDir, Arc<ManualClock>, SqliteStore) {
    let dir = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(ManualClock::new(1_000_000));
    let store = SqliteStore::open_dir_with_clock(dir.path(), clock.clone()).expect("open");
    for team in ["a", "b", ""] {
        let user = format!("u{team}");
        store.create_user(&user, &format!("{user}@x.test"), team, &user, i64::MAX).expect("user");
    }
    (dir, clock, store)
}
