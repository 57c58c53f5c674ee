//! Test support for code that talks to PostgreSQL: a scratch database per test, created on the
//! cluster whose admin URL is in `VERDICT_TEST_DATABASE_URL` (`scripts/with-postgres.sh` starts
//! one and sets it; `./scripts/just test` runs every test under it) and dropped when the test
//! ends. Without that variable a test fails saying how to run it: a PostgreSQL test is never
//! skipped in silence. Only tests depend on this crate; it never touches a database it did not
//! create.

use postgres::{Client, NoTls};
use std::sync::atomic::{AtomicU32, Ordering};

/// The variable that holds the admin URL of the test cluster.
pub const URL_VARIABLE: &str = "VERDICT_TEST_DATABASE_URL";

/// The test cluster's admin URL; panics (failing the test) when the variable is unset.
pub fn admin_url() -> String {
    match std::env::var(URL_VARIABLE) {
        Ok(url) if !url.is_empty() => url,
        _ => panic!(
            "{URL_VARIABLE} is not set: this test needs a PostgreSQL cluster; run it as \
             `scripts/with-postgres.sh cargo test ...` (./scripts/just test does)"
        ),
    }
}

/// An empty database of its own for one test, dropped (with any connection still open to it)
/// when this value drops.
#[derive(Debug)]
pub struct ScratchDatabase {
    name: String,
    url: String,
    admin_url: String,
}

impl ScratchDatabase {
    /// Creates `<prefix>_<pid>_<n>` on the test cluster.
    pub fn create(prefix: &str) -> ScratchDatabase {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let admin_url = admin_url();
        let name = format!(
            "{}_{}_{}",
            prefix.to_ascii_lowercase().replace(|c: char| !c.is_ascii_alphanumeric(), "_"),
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let mut admin = connect(&admin_url);
        // Two calls: CREATE DATABASE cannot run inside the transaction a batch makes.
        for statement in
            [format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"), format!("CREATE DATABASE \"{name}\"")]
        {
            admin
                .batch_execute(&statement)
                .unwrap_or_else(|e| panic!("creating the scratch database {name}: {}", describe(&e)));
        }
        let url = with_database(&admin_url, &name);
        ScratchDatabase { name, url, admin_url }
    }

    /// The database's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// A URL that connects to this database as the cluster's superuser.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// A new connection to this database as the cluster's superuser.
    pub fn connect(&self) -> Client {
        connect(&self.url)
    }
}

impl Drop for ScratchDatabase {
    fn drop(&mut self) {
        if let Ok(mut admin) = Client::connect(&self.admin_url, NoTls) {
            // A failure here leaves a database behind on a cluster that is thrown away anyway.
            let _ = admin.batch_execute(&format!("DROP DATABASE IF EXISTS \"{}\" WITH (FORCE)", self.name));
        }
    }
}

fn connect(url: &str) -> Client {
    Client::connect(url, NoTls).unwrap_or_else(|e| panic!("connecting to the test cluster at {url}: {}", describe(&e)))
}

/// The server's message when there is one (the client's own Display says only "db error").
pub fn describe(error: &postgres::Error) -> String {
    match error.as_db_error() {
        Some(db) => format!("{}: {}", db.severity(), db.message()),
        None => error.to_string(),
    }
}

/// `url` with its database (the path after the authority) replaced by `database`.
pub fn with_database(url: &str, database: &str) -> String {
    let (base, query) = match url.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (url, None),
    };
    let authority_end = base.find("://").map(|i| i + 3).unwrap_or(0);
    let base = match base[authority_end..].find('/') {
        Some(slash) => &base[..authority_end + slash],
        None => base,
    };
    match query {
        Some(query) => format!("{base}/{database}?{query}"),
        None => format!("{base}/{database}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_database_name_replaces_the_path_and_keeps_the_query() {
        assert_eq!(with_database("postgresql://u@h:5/postgres", "x"), "postgresql://u@h:5/x");
        assert_eq!(with_database("postgresql://u@h:5", "x"), "postgresql://u@h:5/x");
        assert_eq!(with_database("postgresql://u@h/db?sslmode=disable", "x"), "postgresql://u@h/x?sslmode=disable");
    }

    #[test]
    fn a_scratch_database_exists_until_it_drops() {
        let scratch = ScratchDatabase::create("pgtest");
        let mut client = scratch.connect();
        let name: String =
            client.query_one("SELECT current_database()", &[]).map(|r| r.get(0)).expect("current_database");
        assert_eq!(name, scratch.name());
        drop(client);
        let name = scratch.name().to_owned();
        drop(scratch);
        let mut admin = connect(&admin_url());
        let left = admin.query("SELECT 1 FROM pg_database WHERE datname = $1", &[&name]).expect("pg_database");
        assert!(left.is_empty(), "{name} was not dropped");
    }
}
