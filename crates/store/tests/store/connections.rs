//! PostgreSQL's connections: a database that cannot be reached is named without its password,
//! and a pool whose connections the server closed carries on with new ones.

use verdict_store::*;

#[test]
fn a_connection_error_names_the_url_without_its_password() {
    // Port 1 on loopback: nothing listens, the connection is refused at once.
    let error = PgStore::open("postgresql://verdict:hunter2@127.0.0.1:1/verdict").expect_err("refused").to_string();
    assert!(error.contains("postgresql://verdict@127.0.0.1:1/verdict"), "{error}");
    assert!(!error.contains("hunter2"), "{error}");
}

#[test]
fn a_postgres_store_carries_on_after_its_connections_are_terminated() {
    // What a server restart or a failover does to the pool: every connection it holds is gone.
    let database = verdict_pgtest::ScratchDatabase::create("verdict_store_terminated");
    let store = PgStore::open(database.url()).expect("open");
    let owner = Owner::Practice("c".into());
    store.save_draft(&owner, "p", "before").expect("write");
    let terminated: i64 = database
        .connect()
        .query_one(
            "SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity
             WHERE datname = current_database() AND pid <> pg_backend_pid()",
            &[],
        )
        .expect("terminate")
        .get(0);
    assert!(terminated >= 1, "the store's connection was terminated");
    store.save_draft(&owner, "p", "after").expect("a write on a fresh connection");
    assert_eq!(store.draft(&owner, "p").expect("read").map(|d| d.code), Some("after".into()));
}
