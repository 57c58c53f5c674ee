//! Databases made by earlier releases open, migrate and keep every row; PostgreSQL gets the
//! same tables from the same steps and refuses a newer program's database by name.

use super::hiring::spec;
use rusqlite::types::ValueRef;
use rusqlite::{Connection, OpenFlags};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use verdict_store::*;

const V1: &str = include_str!("../../migrations/01-practice.sql");
const V2: &str = include_str!("../../migrations/02-hiring.sql");

#[test]
fn a_newer_schema_is_refused_by_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("db");
    Connection::open(&path).expect("open").execute_batch("PRAGMA user_version = 99").expect("set");
    let error = SqliteStore::open(&path).expect_err("newer schema");
    assert!(error.to_string().contains("schema version 99"), "{error}");
}

#[test]
fn a_version_2_database_marks_the_systems_submissions_by_their_origin() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    {
        let connection = rusqlite::Connection::open(&path).expect("open");
        connection.execute_batch(&format!("BEGIN; {} {} PRAGMA user_version = 2; COMMIT;", V1, V2)).expect("v2");
        connection
            .execute_batch(
                "INSERT INTO teams (id, name, created_at) VALUES ('t', 'T', 0);
                 INSERT INTO assessments (id, team, title, instructions, problems, duration_ms, opens_at,
                     closes_at, created_by, created_at)
                     VALUES ('as', 't', 'A', '', '[]', 1, 0, 1, 'x', 0);
                 INSERT INTO invitations (id, assessment, name, email, link_hash, created_at, finish_reason)
                     VALUES ('inv', 'as', 'n', 'e', 'h', 0, 'deadline');
                 INSERT INTO submissions (id, candidate, problem, code, state, created_at)
                     VALUES ('mine', 'attempt:inv', 'p', 'a', 'finished', 1), ('auto', 'attempt:inv', 'p', 'b', 'queued', 2);
                 INSERT INTO audit (assessment, at, actor, action, invitation, detail)
                     VALUES ('as', 2, 'system', 'last_draft_submitted', 'inv', '{\"submission\": \"auto\"}');
                 INSERT INTO test_results (submission, number, result) VALUES ('mine', 1, '{}');",
            )
            .expect("rows");
    }
    let store = SqliteStore::open(&path).expect("migrate");
    let origin = |id: &str| store.submission(id).expect("read").map(|s| (s.origin, s.tests.len()));
    assert_eq!(origin("mine"), Some((Origin::Candidate, 1)), "rows and their results are kept");
    assert_eq!(origin("auto"), Some((Origin::Deadline, 0)));
    let order: Vec<String> =
        store.latest_submissions(&Owner::Attempt("inv".into())).expect("latest").into_iter().map(|s| s.id).collect();
    assert_eq!(order, ["auto"], "rowids kept, so the latest is still the latest");
}

#[test]
fn a_version_1_database_gains_the_new_tables_and_keeps_its_rows() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    {
        let connection = rusqlite::Connection::open(&path).expect("open");
        connection.execute_batch(&format!("BEGIN; {} PRAGMA user_version = 1; COMMIT;", V1)).expect("v1");
        connection
            .execute("INSERT INTO drafts (candidate, problem, code, updated_at) VALUES ('c', 'p', 'kept', 1)", [])
            .expect("row");
    }
    let store = SqliteStore::open(&path).expect("migrate");
    assert_eq!(store.draft(&Owner::Practice("c".into()), "p").expect("read").map(|d| d.code), Some("kept".into()));
    let user = store.create_user("u", "u@x.test", "T", Role::Admin, "setup", i64::MAX).expect("new tables exist");
    store.create_assessment(&user.team, "as1", &spec(), "lead").expect("new tables exist");
}

/// Databases the last release before `rusqlite_migration` (commit 515f693) made through its own
/// API, every table filled: one created at version 3, one created at version 2 by hand and
/// brought to 3 by that release's table rebuild, then filled more (see fixtures/README.md).
const RELEASE_FIXTURES: [&str; 2] = ["release-v3.sqlite3", "release-v2-to-v3.sqlite3"];

fn fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(DATABASE_FILE);
    let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    std::fs::copy(&source, &path).unwrap_or_else(|e| panic!("copying {}: {e}", source.display()));
    (dir, path)
}

fn read_only(path: &Path) -> Connection {
    Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY).expect("open read-only")
}

/// Every row of every table with its rowid, each value with its type, in rowid order.
fn rows(path: &Path) -> BTreeMap<String, Vec<Vec<String>>> {
    let connection = read_only(path);
    let mut tables = connection.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").expect("tables");
    let names: Vec<String> =
        tables.query_map([], |r| r.get(0)).expect("tables").collect::<Result<_, _>>().expect("tables");
    names
        .into_iter()
        .map(|table| {
            let mut statement =
                connection.prepare(&format!("SELECT rowid, * FROM \"{table}\" ORDER BY rowid")).expect("select");
            let columns = statement.column_count();
            let rows = statement
                .query_map([], |row| {
                    (0..columns)
                        .map(|i| {
                            Ok(match row.get_ref(i)? {
                                ValueRef::Null => "NULL".to_owned(),
                                ValueRef::Integer(n) => format!("int {n}"),
                                ValueRef::Real(x) => format!("real {x:?}"),
                                ValueRef::Text(t) => format!("text {}", String::from_utf8_lossy(t)),
                                ValueRef::Blob(b) => format!("blob {b:?}"),
                            })
                        })
                        .collect::<rusqlite::Result<Vec<String>>>()
                })
                .expect("rows")
                .collect::<Result<Vec<_>, _>>()
                .expect("rows");
            (table, rows)
        })
        .collect()
}

/// The schema as SQLite keeps it: every table, index and its SQL.
fn schema(path: &Path) -> Vec<(String, String, Option<String>)> {
    let connection = read_only(path);
    let mut statement = connection
        .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY name")
        .expect("schema");
    let rows = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))).expect("schema");
    rows.collect::<Result<_, _>>().expect("schema")
}

#[test]
fn a_database_of_the_last_release_opens_and_keeps_every_row() {
    for name in RELEASE_FIXTURES {
        let (_dir, path) = fixture(name);
        let before = rows(&path);
        let empty: Vec<&String> = before.iter().filter(|(_, rows)| rows.is_empty()).map(|(t, _)| t).collect();
        assert!(empty.is_empty(), "{name}: the fixture must fill every table, these are empty: {empty:?}");
        let store = SqliteStore::open(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let after = rows(&path);
        let added: Vec<&String> = after.keys().filter(|table| !before.contains_key(*table)).collect();
        assert_eq!(
            added,
            [
                "attempt_deltas",
                "attempt_events",
                "attempt_problems",
                "attempt_recordings",
                "attempt_runs",
                "candidate_accounts",
                "candidate_links",
                "candidate_sessions",
                "judge0_submissions",
                "kept_drafts",
                "mail_templates",
                "outbox",
                "packages",
                "password_resets",
                "practice_aids",
                "private_problems",
                "review_notes",
                "runs",
                "scorecards",
                "team_audit",
                "webhook_endpoints",
                "webhook_tries"
            ],
            "{name}: the release's tables and the ones added since"
        );
        for (table, rows) in &before {
            // Columns added since are added at the end: the release's columns keep their values.
            let kept: Vec<Vec<String>> =
                after[table].iter().zip(rows).map(|(after, before)| after[..before.len()].to_vec()).collect();
            assert_eq!((&kept, after[table].len()), (rows, rows.len()), "{name}: opening changed a row of {table}");
        }
        // The release's queued and running submissions are claimed (its running ones had no
        // lease), attempts' first.
        let claimed: Vec<Claim> =
            std::iter::from_fn(|| store.claim("w", std::time::Duration::from_secs(30)).expect("claim")).collect();
        assert!(claimed.len() >= 3, "{name}: the release's unfinished submissions are claimed: {claimed:?}");
        let first_practice = claimed.iter().position(|c| c.record.owner.attempt().is_none()).unwrap_or(claimed.len());
        assert!(claimed[first_practice..].iter().all(|c| c.record.owner.attempt().is_none()), "{name}: {claimed:?}");
        assert!(claimed.iter().any(|c| c.record.id.ends_with("q")), "{name}: {claimed:?}");
        let (user, password) = store.user_for_login("lead@x.test").expect("login").unwrap_or_else(|| {
            store.user_for_login("new-lead@x.test").expect("login").unwrap_or_else(|| panic!("{name}: no lead"))
        });
        assert!(password.is_some_and(|p| p.starts_with("$argon2id$")), "{name}");
        // Members from before roles could do everything: they are admins.
        assert_eq!(user.role, Role::Admin, "{name}");
        let tokens = store.team_tokens(&user.team).expect("tokens");
        assert!(tokens.iter().all(|t| t.token.role.is_none()), "{name}: a release's token acts as its member");
        let assessments = store.assessments(&user.team).expect("assessments");
        assert_eq!(assessments.len(), 2, "{name}");
        let invitations = store.invitations(&assessments[1].id).expect("invitations");
        let statuses: Vec<&str> = invitations.iter().map(|i| i.status(i64::MAX - 1, i64::MAX).as_str()).collect();
        assert_eq!(statuses, ["invited", "finished", "finished", "revoked", "finished"], "{name}");
        assert!(store.audit(&assessments[1].id, None, 1000).expect("audit").events.len() > 10, "{name}");
    }
}

#[test]
fn a_fresh_database_has_the_schema_of_the_last_release_brought_up_to_date() {
    let (_dir, release) = fixture(RELEASE_FIXTURES[0]);
    drop(SqliteStore::open(&release).expect("migrate the release"));
    let dir = tempfile::tempdir().expect("temp dir");
    let store = SqliteStore::open_dir(dir.path()).expect("open");
    let fresh = dir.path().join(DATABASE_FILE);
    assert_eq!(schema(&fresh), schema(&release));
    let version = |path: &Path| read_only(path).query_row("PRAGMA user_version", [], |r| r.get::<_, i64>(0));
    assert_eq!(version(&fresh).expect("version"), version(&release).expect("version"));
    drop(store);
}

/// Every (table, column) of a fresh SQLite store.
fn sqlite_columns() -> Vec<(String, String)> {
    let dir = tempfile::tempdir().expect("temp dir");
    drop(SqliteStore::open_dir(dir.path()).expect("open"));
    let connection = read_only(&dir.path().join(DATABASE_FILE));
    let mut statement = connection
        .prepare(
            "SELECT m.name, c.name FROM sqlite_master m JOIN pragma_table_info(m.name) c
             WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY 1, 2",
        )
        .expect("columns");
    let columns = statement.query_map([], |r| Ok((r.get(0)?, r.get(1)?))).expect("columns");
    columns.collect::<Result<_, _>>().expect("columns")
}

#[test]
fn both_engines_get_the_same_tables_and_columns_from_the_same_steps() {
    let database = verdict_pgtest::ScratchDatabase::create("verdict_store_schema");
    drop(PgStore::open(database.url()).expect("open"));
    let rows = database
        .connect()
        .query(
            "SELECT table_name::text, column_name::text FROM information_schema.columns
             WHERE table_schema = 'public' AND table_name <> 'verdict_schema' AND column_name <> 'rowid'
             ORDER BY 1, 2",
            &[],
        )
        .expect("columns");
    let postgres: Vec<(String, String)> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
    let mut sqlite = sqlite_columns();
    // ORDER BY in each engine's collation: compare as Rust orders them.
    sqlite.sort();
    let mut postgres = postgres;
    postgres.sort();
    assert_eq!(postgres, sqlite);
}

#[test]
fn a_newer_postgres_schema_is_refused_by_name() {
    let database = verdict_pgtest::ScratchDatabase::create("verdict_store_newer");
    drop(PgStore::open(database.url()).expect("open"));
    database.connect().batch_execute("UPDATE verdict_schema SET version = 99").expect("set");
    let error = PgStore::open(database.url()).expect_err("newer schema").to_string();
    assert!(error.contains("schema version 99") && error.contains(database.name()), "{error}");
}

#[test]
fn a_postgres_store_opened_twice_migrates_once_and_keeps_its_rows() {
    let database = verdict_pgtest::ScratchDatabase::create("verdict_store_reopen");
    let first = PgStore::open(database.url()).expect("open");
    first.save_draft(&Owner::Practice("c".into()), "p", "kept").expect("draft");
    let second = PgStore::open(database.url()).expect("reopen");
    assert_eq!(second.draft(&Owner::Practice("c".into()), "p").expect("read").map(|d| d.code), Some("kept".into()));
    let version: i64 = database.connect().query_one("SELECT version FROM verdict_schema", &[]).expect("version").get(0);
    assert_eq!(version, 16);
}
