//! SQL problems in PostgreSQL's dialect judged end to end on a real PostgreSQL (the cluster of
//! `scripts/with-postgres.sh`): the catalogue's `sql-pgrun-*` problems, accepted and wrong
//! answers, the server's syntax errors with their place, refusals, the time limit, and a judge
//! without PostgreSQL refusing by name.

use crate::{first_failure, message, sandbox, summary};
use std::sync::OnceLock;
use verdict_judge::{Judge, JudgeError, JudgeOptions, PreparedProblem, Report, Verdict};
use verdict_pgsql::Runner;
use verdict_tests::workspace_root;

fn runner() -> &'static Runner {
    static RUNNER: OnceLock<Runner> = OnceLock::new();
    RUNNER.get_or_init(|| {
        Runner::connect(&verdict_pgtest::admin_url()).unwrap_or_else(|e| panic!("connecting to PostgreSQL: {e}"))
    })
}

fn problem(slug: &str) -> verdict_catalog::Problem {
    verdict_catalog::load_problem(&workspace_root().join("problems").join(slug))
        .unwrap_or_else(|errors| panic!("{slug} does not load: {errors:?}"))
}

fn judge() -> Judge<'static> {
    Judge::new(sandbox()).with_postgres(Some(runner()))
}

fn prepared(slug: &str) -> PreparedProblem {
    judge().prepare(&problem(slug)).unwrap_or_else(|e| panic!("preparing {slug}: {e}"))
}

fn graded(problem: &PreparedProblem, source: &str) -> Report {
    judge().judge(problem, source, JudgeOptions::default()).unwrap_or_else(|e| panic!("judging: {e}"))
}

#[test]
fn a_right_answer_is_accepted_and_a_wrong_one_shows_the_rows_that_differ() {
    let problem = prepared("sql-pgrun-latest-status");
    let reference = "SELECT DISTINCT ON (ticket_id) ticket_id, status, at FROM ticket_event \
                     ORDER BY ticket_id, at DESC, id DESC";
    let report = graded(&problem, reference);
    assert_eq!(report.verdict, Verdict::AC, "{}", summary(&report));
    let report = graded(&problem, "SELECT ticket_id, status, at FROM ticket_event ORDER BY ticket_id");
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    let shown = message(first_failure(&report));
    assert!(shown.starts_with("3 rows should not be in the result:\n| ticket_id | status  | at "), "{shown}");
    assert!(shown.contains("| 10        | open    | 2024-03-01 09:00:00+00 |"), "{shown}");
}

#[test]
fn rows_without_a_top_level_order_by_are_wrong_on_an_ordered_problem() {
    let problem = prepared("sql-pgrun-latest-status");
    let unordered = "SELECT * FROM (SELECT DISTINCT ON (ticket_id) ticket_id, status, at FROM ticket_event \
                     ORDER BY ticket_id, at DESC, id DESC) AS latest";
    let report = graded(&problem, unordered);
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    assert!(message(first_failure(&report)).contains("the order is PostgreSQL's choice"), "{}", summary(&report));
}

#[test]
fn a_syntax_error_is_ce_with_the_servers_text_line_and_column() {
    let problem = prepared("sql-pgrun-monthly-gaps");
    let report = graded(&problem, "SELECT date_trunc('month', placed_at)\n  FROM orders\n GROUPBY 1");
    assert_eq!(report.verdict, Verdict::CE, "{}", summary(&report));
    let error = report.compile_error.unwrap_or_else(|| panic!("no compile error"));
    assert_eq!(error.message, "syntax error at or near \"1\"");
    assert_eq!((error.line, error.column, error.text.as_str()), (Some(3), Some(10), " GROUPBY 1"));
}

#[test]
fn refused_statements_are_ce_before_any_test_runs() {
    let problem = prepared("sql-pgrun-monthly-gaps");
    for (source, wanted, place) in [
        ("SELECT 1;\nSELECT 2", "write one SQL statement", Some((2, 1))),
        ("BEGIN", "transaction control", Some((1, 1))),
        ("DROP TABLE orders", "DROP is not allowed", Some((1, 1))),
        (
            "UPDATE orders SET amount = 0",
            "UPDATE is not allowed: this problem asks for a query that reads",
            Some((1, 1)),
        ),
    ] {
        let report = graded(&problem, source);
        assert_eq!(report.verdict, Verdict::CE, "{source}: {}", summary(&report));
        let error = report.compile_error.unwrap_or_else(|| panic!("no compile error"));
        assert!(error.message.starts_with(wanted), "{source}: {}", error.message);
        assert_eq!(error.line.zip(error.column), place, "{source}");
    }
}

#[test]
fn reading_past_the_role_is_a_runtime_error_with_the_servers_text() {
    let problem = prepared("sql-pgrun-monthly-gaps");
    let report = graded(&problem, "SELECT pg_read_file('/etc/passwd') AS month, 1 AS orders, 1 AS revenue");
    assert_eq!(report.verdict, Verdict::RE, "{}", summary(&report));
    assert_eq!(message(first_failure(&report)), "permission denied for function pg_read_file");
}

#[test]
fn a_statement_past_the_time_limit_is_tle() {
    let problem = prepared("sql-pgrun-monthly-gaps");
    let report = graded(&problem, "SELECT now()::date AS month, 0 AS orders, 0 AS revenue FROM pg_sleep(5)");
    assert_eq!(report.verdict, Verdict::TLE, "{}", summary(&report));
}

#[test]
fn a_data_change_is_graded_by_the_table_it_leaves_and_not_kept() {
    let problem = prepared("sql-pgrun-stale-tickets");
    let reference = std::fs::read_to_string(
        workspace_root().join("problems/sql-pgrun-stale-tickets/submissions/accepted/reference.sql"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // Twice: the first run's changes are gone when the second runs.
    for _ in 0..2 {
        let report = graded(&problem, &reference);
        assert_eq!(report.verdict, Verdict::AC, "{}", summary(&report));
    }
    let report = graded(&problem, "UPDATE ticket SET status = 'stale' WHERE status = 'open'");
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    assert!(
        message(first_failure(&report)).starts_with("Table ticket after the change:\n3 expected rows are missing:"),
        "{}",
        summary(&report)
    );
}

#[test]
fn a_judge_without_postgresql_refuses_naming_the_setting() {
    let error = Judge::new(sandbox()).prepare(&problem("sql-pgrun-monthly-gaps")).map(|_| ()).expect_err("refused");
    assert!(matches!(error, JudgeError::NoPostgres { .. }), "{error}");
    assert!(error.to_string().contains("--sql-database-url (or VERDICT_SQL_DATABASE_URL)"), "{error}");
}
