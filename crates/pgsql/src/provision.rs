//! One database per dataset version, made once by the admin connection and reused: its name
//! is a hash of the schema, the dataset and whether it is writable. Beside it, a login role of
//! the same name that may connect to that database only and read (or, writable, change) its
//! tables, and nothing else.

use crate::{describe, PgError};
use postgres::{Client, Config, NoTls};
use serde_json::{Map, Value};
use sha2::{Digest, Sha256};

/// The comment a database carries once it is completely loaded; one without it is from a load
/// that did not finish, and is made again.
const READY: &str = "verdict dataset: loaded";

/// Settings of every candidate role. The session sets the time limit itself (a database may
/// serve problems with different limits); these are the backstops.
const ROLE_SETTINGS: &[(&str, &str)] = &[
    ("statement_timeout", "30s"),
    ("temp_file_limit", "64MB"),
    ("work_mem", "8MB"),
    ("idle_in_transaction_session_timeout", "60s"),
    ("DateStyle", "ISO, YMD"),
    ("TimeZone", "UTC"),
    ("IntervalStyle", "postgres"),
    ("search_path", "public"),
];

/// Connections one candidate role may hold at once.
pub(crate) const CONNECTION_LIMIT: u32 = 32;

/// What a dataset database is made from.
#[derive(Debug, Clone, Copy)]
pub struct Dataset<'a> {
    /// The problem's `schema.sql` (PostgreSQL DDL).
    pub schema: &'a str,
    /// `{"table": {"columns": [...], "rows": [[...]]}}`.
    pub tables: &'a Value,
    /// The candidate's role may change the tables (inside a transaction rolled back).
    pub writable: bool,
}

impl Dataset<'_> {
    /// The database's (and its role's) name: `verdict_sql_` and a hash of what it is made of.
    pub fn name(&self) -> String {
        let mut hash = Sha256::new();
        for part in [self.schema.as_bytes(), self.tables.to_string().as_bytes(), &[u8::from(self.writable)]] {
            hash.update((part.len() as u64).to_le_bytes());
            hash.update(part);
        }
        let digest = hash.finalize();
        let hex: String = digest.iter().take(12).map(|b| format!("{b:02x}")).collect();
        format!("verdict_sql_{hex}")
    }
}

/// A new random password for a candidate role (it never leaves this process).
pub(crate) fn new_password() -> String {
    let mut bytes = [0u8; 24];
    getrandom::fill(&mut bytes).expect("the OS random number source failed");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn quote(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

fn literal(text: &str) -> String {
    format!("'{}'", text.replace('\'', "''"))
}

/// Makes (or finds ready) the database of `dataset` and its role, and gives the role
/// `password`. Several processes may share a cluster: an advisory lock on the admin database
/// makes one of them load a database while the others wait.
pub(crate) fn provision(
    admin: &mut Client,
    admin_config: &Config,
    dataset: &Dataset<'_>,
    password: &str,
) -> Result<(), PgError> {
    let name = dataset.name();
    let key = i64::from_str_radix(&name[name.len() - 15..], 16).unwrap_or_default();
    let err = |what: &str| {
        let what = what.to_owned();
        move |e: postgres::Error| PgError::Admin { what, message: describe(&e) }
    };
    admin.execute("SELECT pg_advisory_lock($1)", &[&key]).map_err(err("taking the dataset lock"))?;
    let result = provision_locked(admin, admin_config, dataset, &name, password);
    let unlocked = admin.execute("SELECT pg_advisory_unlock($1)", &[&key]).map_err(err("releasing the dataset lock"));
    result.and(unlocked.map(|_| ()))
}

fn provision_locked(
    admin: &mut Client,
    admin_config: &Config,
    dataset: &Dataset<'_>,
    name: &str,
    password: &str,
) -> Result<(), PgError> {
    let admin_err = |what: String| move |e: postgres::Error| PgError::Admin { what, message: describe(&e) };
    let role_exists = admin
        .query_opt("SELECT 1 FROM pg_roles WHERE rolname = $1", &[&name])
        .map_err(admin_err("looking up the candidate role".into()))?
        .is_some();
    let verb = if role_exists { "ALTER" } else { "CREATE" };
    // Every attribute said, so a role left by an older version is put right too.
    let role = format!(
        "{verb} ROLE {} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS \
         CONNECTION LIMIT {CONNECTION_LIMIT} PASSWORD {}",
        quote(name),
        literal(password)
    );
    admin.batch_execute(&role).map_err(admin_err(format!("making the role {name}")))?;
    let ready: Option<Option<String>> = admin
        .query_opt("SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = $1", &[&name])
        .map_err(admin_err("looking up the dataset database".into()))?
        .map(|row| row.get(0));
    if ready.as_ref().is_some_and(|comment| comment.as_deref() == Some(READY)) {
        return Ok(());
    }
    if ready.is_some() {
        admin
            .batch_execute(&format!("DROP DATABASE {} WITH (FORCE)", quote(name)))
            .map_err(admin_err(format!("dropping the half-loaded database {name}")))?;
    }
    for (setting, value) in ROLE_SETTINGS {
        let statement = format!("ALTER ROLE {} SET {setting} = {}", quote(name), literal(value));
        admin.batch_execute(&statement).map_err(admin_err(format!("setting {setting} on the role {name}")))?;
    }
    // C collation: text sorts by code point, the same on every cluster (and as SQLite's).
    let create =
        format!("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C.UTF-8'", quote(name));
    admin.batch_execute(&create).map_err(admin_err(format!("creating the database {name}")))?;
    let access =
        format!("REVOKE ALL ON DATABASE {db} FROM PUBLIC; GRANT CONNECT ON DATABASE {db} TO {db}", db = quote(name));
    admin.batch_execute(&access).map_err(admin_err(format!("limiting who may connect to {name}")))?;
    let mut config = admin_config.clone();
    config.dbname(name);
    let mut db = config.connect(NoTls).map_err(|e| PgError::Admin {
        what: format!("connecting to the new database {name}"),
        message: describe(&e),
    })?;
    load(&mut db, dataset, name)?;
    admin
        .batch_execute(&format!("COMMENT ON DATABASE {} IS {}", quote(name), literal(READY)))
        .map_err(admin_err(format!("marking {name} loaded")))?;
    Ok(())
}

/// The schema, the privileges and the rows, in one transaction of the admin's.
fn load(db: &mut Client, dataset: &Dataset<'_>, name: &str) -> Result<(), PgError> {
    let mut tx =
        db.transaction().map_err(|e| PgError::Admin { what: format!("loading {name}"), message: describe(&e) })?;
    tx.batch_execute(dataset.schema).map_err(|e| PgError::Dataset(format!("schema.sql: {}", describe(&e))))?;
    let writes = if dataset.writable { ", INSERT, UPDATE, DELETE" } else { "" };
    // Other sessions of the same role are other candidates' runs on this dataset: they may not
    // be seen (their statements' text) or stopped.
    let privileges = format!(
        "REVOKE ALL ON SCHEMA public FROM PUBLIC; GRANT USAGE ON SCHEMA public TO {role};
         GRANT SELECT{writes} ON ALL TABLES IN SCHEMA public TO {role};
         GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
         REVOKE EXECUTE ON FUNCTION pg_catalog.pg_cancel_backend(integer) FROM PUBLIC;
         REVOKE EXECUTE ON FUNCTION pg_catalog.pg_terminate_backend(integer, bigint) FROM PUBLIC;
         REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_get_activity(integer) FROM PUBLIC;
         REVOKE EXECUTE ON FUNCTION pg_catalog.pg_stat_get_backend_activity(integer) FROM PUBLIC;
         REVOKE SELECT ON pg_catalog.pg_stat_activity FROM PUBLIC;
         SET LOCAL session_replication_role = replica",
        role = quote(name)
    );
    tx.batch_execute(&privileges)
        .map_err(|e| PgError::Admin { what: format!("granting on {name}"), message: describe(&e) })?;
    let Some(tables) = dataset.tables.as_object() else {
        return Err(PgError::Dataset("a dataset is an object of tables".into()));
    };
    for (table, data) in tables {
        insert_rows(&mut tx, name, table, data)?;
    }
    tx.batch_execute("ANALYZE")
        .map_err(|e| PgError::Admin { what: format!("analyzing {name}"), message: describe(&e) })?;
    tx.commit().map_err(|e| PgError::Admin { what: format!("committing {name}"), message: describe(&e) })
}

/// One table's rows, each value given as its text (or JSON) to the column's own input
/// function through `json_populate_recordset`; rows in an order of their hash, not the file's,
/// so that nothing depends on the order they were written in. Foreign keys are not checked
/// while loading (the session is a replica's), so tables may come in any order.
fn insert_rows(tx: &mut postgres::Transaction<'_>, name: &str, table: &str, data: &Value) -> Result<(), PgError> {
    let exists: Option<String> = tx
        .query_one("SELECT to_regclass($1)::text", &[&format!("public.{}", quote(table))])
        .map_err(|e| PgError::Admin { what: format!("looking up table {table}"), message: describe(&e) })?
        .get(0);
    if exists.is_none() {
        return Err(PgError::Dataset(format!("the dataset has a table {table:?}, which the schema does not")));
    }
    let columns: Vec<&str> = data
        .get("columns")
        .and_then(Value::as_array)
        .map(|c| c.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let rows = data.get("rows").and_then(Value::as_array).cloned().unwrap_or_default();
    let mut records: Vec<(String, Value)> = Vec::with_capacity(rows.len());
    for row in rows {
        let values = row.as_array().cloned().unwrap_or_default();
        if values.len() != columns.len() {
            return Err(PgError::Dataset(format!(
                "table {table}: a row has {} values for {} columns",
                values.len(),
                columns.len()
            )));
        }
        let record: Map<String, Value> = columns.iter().map(|c| (*c).to_owned()).zip(values).collect();
        let record = Value::Object(record);
        let order: String = Sha256::digest(format!("{name}:{record}")).iter().map(|b| format!("{b:02x}")).collect();
        records.push((order, record));
    }
    if records.is_empty() {
        return Ok(());
    }
    records.sort_by(|a, b| a.0.cmp(&b.0));
    let json = Value::Array(records.into_iter().map(|(_, r)| r).collect()).to_string();
    let list = columns.iter().map(|c| quote(c)).collect::<Vec<_>>().join(", ");
    let table_name = format!("public.{}", quote(table));
    let insert = format!(
        "INSERT INTO {table_name} ({list}) SELECT {list} FROM json_populate_recordset(NULL::{table_name}, $1::text::json) \
         WITH ORDINALITY ORDER BY ordinality"
    );
    tx.execute(&insert, &[&json]).map_err(|e| PgError::Dataset(format!("loading table {table}: {}", describe(&e))))?;
    Ok(())
}
