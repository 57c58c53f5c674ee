//! The runner on a real PostgreSQL (`scripts/with-postgres.sh cargo test -p verdict-pgsql`).

use serde_json::{json, Value};
use std::time::Duration;
use verdict_pgsql::{Dataset, Outcome, Runner};

const SCHEMA: &str = "CREATE TABLE orders (
    id integer PRIMARY KEY,
    customer text NOT NULL,
    placed timestamp NOT NULL,
    total numeric(10, 2) NOT NULL,
    paid boolean NOT NULL,
    extra jsonb,
    tags text[],
    wait interval
);";

fn tables() -> Value {
    json!({"orders": {
        "columns": ["id", "customer", "placed", "total", "paid", "extra", "tags", "wait"],
        "rows": [
            [1, "ann", "2024-01-31 10:00:00", 12.5, true, {"gift": true}, ["a", "b"], "1 day 2 hours"],
            [2, "bob", "2024-02-01 23:30:00", "7.25", false, null, [], "2 days"],
            [3, "ann", "2024-02-15 08:00:00", 100.0, true, [1, 2], null, null]
        ]
    }})
}

fn runner() -> Runner {
    Runner::connect(&verdict_pgtest::admin_url()).expect("the runner connects")
}

const LIMIT: Duration = Duration::from_secs(2);

fn run_on(runner: &Runner, writable: bool, sql: &str) -> Outcome {
    let tables = tables();
    let dataset = Dataset { schema: SCHEMA, tables: &tables, writable };
    runner.run(&dataset, sql, LIMIT).expect("the runner runs").outcome
}

fn run(sql: &str) -> Outcome {
    run_on(&runner(), false, sql)
}

fn refused(outcome: &Outcome) -> &str {
    match outcome {
        Outcome::Refused(message) | Outcome::SqlError(message) => message,
        other => panic!("expected a refusal or an error, got {other:?}"),
    }
}

#[test]
fn values_come_back_as_json_by_their_type() {
    let outcome = run("SELECT id, customer, placed, total, paid, extra, tags, wait, placed::date AS day, \
                       date_trunc('month', placed) AS month FROM orders ORDER BY id;");
    let Outcome::Returned(value) = outcome else { panic!("expected rows, got {outcome:?}") };
    assert_eq!(
        value["columns"],
        json!(["id", "customer", "placed", "total", "paid", "extra", "tags", "wait", "day", "month"])
    );
    assert_eq!(
        value["rows"],
        json!([
            [1, "ann", "2024-01-31 10:00:00", 12.5, true, {"gift": true}, "{a,b}", "1 day 02:00:00", "2024-01-31", "2024-01-01 00:00:00"],
            [2, "bob", "2024-02-01 23:30:00", 7.25, false, null, "{}", "2 days", "2024-02-01", "2024-02-01 00:00:00"],
            [3, "ann", "2024-02-15 08:00:00", 100.0, true, [1, 2], null, null, "2024-02-15", "2024-02-01 00:00:00"]
        ])
    );
    let Outcome::Returned(value) = run("SELECT '2024-01-31 10:00:00'::timestamptz AS at") else { panic!("rows") };
    assert_eq!(value["rows"], json!([["2024-01-31 10:00:00+00"]]));
}

#[test]
fn a_second_statement_transaction_control_and_schema_changes_are_refused() {
    assert!(refused(&run("SELECT 1; SELECT 2")).starts_with("write one SQL statement"));
    assert!(refused(&run("COMMIT")).starts_with("transaction control"));
    assert!(refused(&run("CREATE TABLE x (a int)")).starts_with("CREATE is not allowed"));
    assert!(refused(&run("DELETE FROM orders")).starts_with("DELETE is not allowed: this problem asks for a query"));
    // A data change hidden in a CTE: the read-only transaction refuses it.
    let cte = run("WITH gone AS (DELETE FROM orders RETURNING id) SELECT count(*) FROM gone");
    assert!(refused(&cte).starts_with("a data change in WITH is not allowed"), "{cte:?}");
    // SELECT ... INTO makes a table: no result set here, and no CREATE on the schema anyway.
    assert!(refused(&run("SELECT 1 AS a INTO stolen")).contains("no result set"));
    let into = run_on(&runner(), true, "SELECT 1 AS a INTO stolen");
    assert!(refused(&into).contains("permission denied"), "{into:?}");
}

#[test]
fn a_syntax_error_has_the_servers_text_and_its_place_in_the_answer() {
    let runner = runner();
    let error = runner
        .check(SCHEMA, "SELECT customer,\n       total\nFROMM orders", false)
        .expect("the check runs")
        .expect_err("a syntax error");
    assert_eq!(error.message, "syntax error at or near \"orders\"");
    assert_eq!((error.line, error.column, error.text.as_str()), (Some(3), Some(7), "FROMM orders"));
    let unknown = runner.check(SCHEMA, "SELECT nme FROM orders", false).expect("runs").expect_err("no such column");
    assert_eq!((unknown.message.as_str(), unknown.column), ("column \"nme\" does not exist", Some(8)));
    let two = runner.check(SCHEMA, "SELECT 1;\nSELECT 2;", false).expect("runs").expect_err("two statements");
    assert_eq!((two.line, two.column), (Some(2), Some(1)));
    assert_eq!(runner.check(SCHEMA, "SELECT count(*) FROM orders;", false).expect("runs"), Ok(()));
}

#[test]
fn a_statement_past_the_time_limit_is_stopped_even_when_it_lifts_the_timeout() {
    assert_eq!(run("SELECT pg_sleep(30)"), Outcome::TimeLimit);
    // The session's statement_timeout is the candidate's to change; the watchdog is not.
    // Rows come in batches of 500, each its own FETCH: the first batch lifts the timeout for
    // the second, which sleeps.
    let lifted = run("SELECT set_config('statement_timeout', '0', false), \
                      pg_sleep(CASE WHEN g > 500 THEN 30 ELSE 0 END) FROM generate_series(1, 600) g");
    assert_eq!(lifted, Outcome::TimeLimit);
}

#[test]
fn a_huge_result_is_capped_without_being_fetched() {
    let started = std::time::Instant::now();
    let outcome = run("SELECT generate_series(1, 10000000) AS g");
    assert_eq!(outcome, Outcome::Refused("the query returned more than 10000 rows".into()));
    eprintln!("capped in {:?}", started.elapsed());
    // A set-returning function in FROM is materialised on the server first: temp_file_limit
    // stops it there.
    let materialised = run("SELECT g FROM generate_series(1, 10000000) g");
    assert!(refused(&materialised).starts_with("temporary file size exceeds temp_file_limit"), "{materialised:?}");
    // 50 MB in one batch: under the server's temp_file_limit, over the judge's own cap.
    let wide = run("SELECT repeat('x', 1000000), generate_series(1, 50)");
    assert!(refused(&wide).starts_with("the result is larger than"), "{wide:?}");
}

#[test]
fn the_role_reaches_nothing_but_its_tables() {
    let cases = [
        ("SELECT pg_read_file('/etc/passwd')", "permission denied for function pg_read_file"),
        ("SELECT * FROM pg_ls_dir('.')", "permission denied for function pg_ls_dir"),
        ("SELECT set_config('role', 'postgres', false)", "permission denied to set role \"postgres\""),
        ("SELECT * FROM postgres.public.orders", "cross-database references are not implemented"),
        ("SELECT query FROM pg_stat_activity", "permission denied for view pg_stat_activity"),
        ("SELECT pg_terminate_backend(1)", "permission denied for function pg_terminate_backend"),
        ("SELECT lo_import('/etc/passwd')", "permission denied for function lo_import"),
    ];
    for (sql, wanted) in cases {
        let outcome = run(sql);
        assert!(refused(&outcome).starts_with(wanted), "{sql}: {outcome:?}");
    }
    assert!(refused(&run("COPY orders TO '/tmp/x'")).starts_with("COPY is not allowed"));
    assert!(refused(&run("CREATE EXTENSION dblink")).starts_with("CREATE is not allowed"));
    let Outcome::Returned(who) =
        run("SELECT current_setting('is_superuser'), has_database_privilege('postgres', 'CREATE'), \
         has_database_privilege(current_database(), 'TEMP'), has_schema_privilege('public', 'CREATE')")
    else {
        panic!("rows")
    };
    assert_eq!(who["rows"], json!([["off", false, false, false]]));
}

#[test]
fn a_role_may_connect_to_its_own_database_only() {
    let runner = runner();
    let (tables, other) = (tables(), json!({}));
    let mine = Dataset { schema: SCHEMA, tables: &tables, writable: false };
    let theirs = Dataset { schema: SCHEMA, tables: &other, writable: true };
    runner.run(&mine, "SELECT 1", LIMIT).expect("runs");
    runner.run(&theirs, "SELECT 1", LIMIT).expect("runs");
    let mut admin = postgres::Client::connect(&verdict_pgtest::admin_url(), postgres::NoTls).expect("admin");
    let row = admin
        .query_one(
            "SELECT has_database_privilege($1, $2, 'CONNECT'), has_database_privilege($1, $1, 'CONNECT'), \
             has_database_privilege('public', $1, 'CONNECT')",
            &[&mine.name(), &theirs.name()],
        )
        .unwrap_or_else(|e| panic!("{}", verdict_pgtest::describe(&e)));
    let (other_db, own_db, public): (bool, bool, bool) = (row.get(0), row.get(1), row.get(2));
    assert_eq!((other_db, own_db, public), (false, true, false));
}

#[test]
fn a_data_change_is_captured_then_rolled_back() {
    let first = runner();
    let outcome = run_on(&first, true, "UPDATE orders SET total = total * 2 WHERE customer = 'ann'");
    let Outcome::Returned(changed) = outcome else { panic!("tables, got {outcome:?}") };
    let totals: Vec<&Value> = changed["orders"]["rows"].as_array().expect("rows").iter().map(|r| &r[3]).collect();
    let mut totals: Vec<f64> = totals.iter().filter_map(|v| v.as_f64()).collect();
    totals.sort_by(f64::total_cmp);
    assert_eq!(totals, [7.25, 25.0, 200.0]);
    // The next run sees the dataset as it was loaded.
    let Outcome::Returned(after) = run_on(&first, true, "DELETE FROM orders WHERE id = 99") else { panic!("tables") };
    let mut totals: Vec<f64> =
        after["orders"]["rows"].as_array().expect("rows").iter().filter_map(|r| r[3].as_f64()).collect();
    totals.sort_by(f64::total_cmp);
    assert_eq!(totals, [7.25, 12.5, 100.0]);
    // A fresh runner (another process) finds the database ready and gets its own password.
    let again = runner().run(
        &Dataset { schema: SCHEMA, tables: &tables(), writable: true },
        "SELECT count(*) FROM orders",
        LIMIT,
    );
    assert!(matches!(again.expect("runs").outcome, Outcome::Returned(_)));
    // ... and the first one, whose password that was, logs in again.
    assert!(matches!(run_on(&first, true, "SELECT 1"), Outcome::Returned(_)));
}

#[test]
fn a_dataset_that_does_not_load_names_its_table() {
    let bad = json!({"nope": {"columns": ["a"], "rows": [[1]]}});
    let error = runner()
        .run(&Dataset { schema: SCHEMA, tables: &bad, writable: false }, "SELECT 1", LIMIT)
        .expect_err("the dataset does not load");
    assert!(error.to_string().contains("the dataset has a table \"nope\""), "{error}");
}
