//! The store through its public interface, against real SQLite files and a real PostgreSQL:
//! one module per part of the store, as in `src/`. A test written once as `fn name(engine)`
//! runs on both engines through `on_both_engines!` (as `name::sqlite` and `name::postgres`,
//! each PostgreSQL case on a scratch database of its own).

mod activity;
mod aids;
mod candidates;
mod connections;
mod hiring;
mod judge0;
mod migrations;
mod outbox;
mod pools;
mod questions;
mod queue;
mod races;
mod readers;
mod review;
mod runs;
mod submissions;
mod team;
mod webhooks;

use std::ops::Deref;
use std::sync::Arc;
use std::time::Duration;
use verdict_pgtest::ScratchDatabase;
use verdict_store::{Clock, ManualClock, PgStore, Role, SqliteStore, Store};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Engine {
    Sqlite,
    Postgres,
}

/// Runs each named `fn(Engine)` as a test on SQLite and one on PostgreSQL.
macro_rules! on_both_engines {
    ($($test:ident),* $(,)?) => {$(
        mod $test {
            #[test]
            fn sqlite() {
                super::$test(crate::Engine::Sqlite)
            }

            #[test]
            fn postgres() {
                super::$test(crate::Engine::Postgres)
            }
        }
    )*};
}
pub(crate) use on_both_engines;

/// Where a test's database lives, removed when this drops.
#[derive(Debug)]
pub(crate) enum Place {
    Sqlite(tempfile::TempDir),
    Postgres(ScratchDatabase),
}

impl Place {
    pub(crate) fn new(engine: Engine) -> Place {
        match engine {
            Engine::Sqlite => Place::Sqlite(tempfile::tempdir().expect("temp dir")),
            Engine::Postgres => Place::Postgres(ScratchDatabase::create("verdict_store")),
        }
    }

    /// The rows of `table`, read past the store (for what no call of it shows).
    pub(crate) fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match self {
            Place::Sqlite(dir) => rusqlite::Connection::open(dir.path().join(verdict_store::DATABASE_FILE))
                .expect("open")
                .query_row(&sql, [], |r| r.get(0))
                .expect("count"),
            Place::Postgres(database) => database.connect().query_one(&sql, &[]).expect("count").get(0),
        }
    }

    /// Opens (again) the store on this database.
    pub(crate) fn open(&self, clock: Arc<dyn Clock>) -> AnyStore {
        match self {
            Place::Sqlite(dir) => {
                AnyStore::Sqlite(SqliteStore::open_dir_with_clock(dir.path(), clock).expect("open sqlite"))
            }
            Place::Postgres(database) => {
                AnyStore::Postgres(PgStore::open_with_clock(database.url(), clock).expect("open postgres"))
            }
        }
    }
}

/// A store of either engine, used as a `dyn Store`.
#[derive(Debug)]
pub(crate) enum AnyStore {
    Sqlite(SqliteStore),
    Postgres(PgStore),
}

impl AnyStore {
    /// Write transactions committed since it was opened.
    pub(crate) fn commits(&self) -> u64 {
        match self {
            AnyStore::Sqlite(store) => store.commits(),
            AnyStore::Postgres(store) => store.commits(),
        }
    }

    /// The same store with another quota per candidate.
    pub(crate) fn with_candidate_quota(self, bytes: u64) -> AnyStore {
        match self {
            AnyStore::Sqlite(store) => AnyStore::Sqlite(store.with_candidate_quota(bytes)),
            AnyStore::Postgres(store) => AnyStore::Postgres(store.with_candidate_quota(bytes)),
        }
    }
}

impl Deref for AnyStore {
    type Target = dyn Store;

    fn deref(&self) -> &(dyn Store + 'static) {
        match self {
            AnyStore::Sqlite(store) => store,
            AnyStore::Postgres(store) => store,
        }
    }
}

/// A store on a fresh database (kept alive by the returned guard).
pub(crate) fn store(engine: Engine) -> (Place, AnyStore) {
    let place = Place::new(engine);
    let store = place.open(Arc::new(verdict_store::SystemClock));
    (place, store)
}

/// A store on a set clock, with users (and so teams) `ua`, `ub` and `u`.
fn hiring_store(engine: Engine) -> (Place, Arc<ManualClock>, AnyStore) {
    let place = Place::new(engine);
    let clock = Arc::new(ManualClock::new(1_000_000));
    let store = place.open(clock.clone());
    for team in ["a", "b", ""] {
        let user = format!("u{team}");
        store.create_user(&user, &format!("{user}@x.test"), team, Role::Admin, &user, i64::MAX).expect("user");
    }
    (place, clock, store)
}

/// Claims the next submission, which must be `id`; the lease's token.
pub(crate) fn claim(store: &AnyStore, id: &str) -> String {
    let claim = store.claim("test", Duration::from_secs(30)).expect("claim").expect("a submission to claim");
    assert_eq!(claim.record.id, id, "claimed in order");
    claim.token
}
