//! SQL answers graded as result sets: row order when it is free and when it matters, queries
//! tuned to the sample, forbidden statements, updates graded by the tables they leave, and
//! foreign keys.

use crate::{edited, first_failure, fixture_copy, judge, message, prepared, sample_expected, sandbox, summary, write};
use serde_json::json;
use std::path::Path;
use verdict_judge::{FailureReason, Judge, PreparedProblem, Verdict, Visibility};

/// The leaderboard with its order made free, in a throwaway copy.
fn order_free_leaderboard() -> PreparedProblem {
    edited("sql-leaderboard", sandbox(), |dir| {
        let manifest = dir.join("problem.toml");
        let text = std::fs::read_to_string(&manifest).unwrap_or_default().replace("ordered = true", "ordered = false");
        write(&manifest, &text);
    })
}

#[test]
fn a_correct_query_is_accepted_whatever_its_row_order_when_order_is_free() {
    let problem = order_free_leaderboard();
    for query in [
        "SELECT name, points FROM player WHERE points >= 10",
        "SELECT name, points FROM player WHERE points >= 10 ORDER BY name DESC",
        "SELECT p.name AS who, p.points * 1.0 AS score FROM player p WHERE p.points > 9 ORDER BY random()",
    ] {
        let report = judge(&problem, query);
        assert_eq!(report.verdict, Verdict::AC, "{query}\n{}", summary(&report));
        assert_eq!(report.score, 1.0);
    }
    // The same rows, one short, is still wrong.
    let report = judge(&problem, "SELECT name, points FROM player WHERE points > 10");
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
}

#[test]
fn a_missing_order_by_is_rejected_when_order_matters_even_where_it_came_out_right() {
    let problem = prepared("sql-leaderboard");
    let report = judge(&problem, "SELECT name, points FROM player WHERE points >= 10");
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    for test in report.tests.iter().filter(|t| t.verdict != Verdict::AC) {
        assert_eq!(test.detail.as_ref().and_then(|d| d.reason), Some(FailureReason::RowOrder), "{}", summary(&report));
    }
    // "already in order" (test 3) holds its rows in the right order by id: only the reversed
    // second run shows the query does not fix the order.
    let already = &report.tests[2];
    assert_eq!(already.verdict, Verdict::WA, "{}", summary(&report));
    assert!(message(already).contains("only by chance"), "{}", message(already));
    // An ORDER BY that leaves ties open fails the same way on the dataset with ties.
    let report = judge(&problem, "SELECT name, points FROM player WHERE points >= 10 ORDER BY points DESC");
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    assert_eq!(first_failure(&report).detail.as_ref().and_then(|d| d.reason), Some(FailureReason::RowOrder));
    let report = judge(&problem, "SELECT name, points FROM player WHERE points >= 10 ORDER BY points DESC, name");
    assert_eq!(report.verdict, Verdict::AC, "{}", summary(&report));
}

#[test]
fn a_query_tuned_to_the_sample_passes_it_and_fails_on_hidden_data_with_a_readable_diff() {
    let problem = prepared("sql-leaderboard");
    let tuned = "SELECT name, points FROM player WHERE name IN ('Bob', 'Dee', 'Ann') ORDER BY points DESC, name";
    let report = judge(&problem, tuned);
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    assert_eq!(report.tests[0].visibility, Visibility::Sample);
    assert_eq!(report.tests[0].verdict, Verdict::AC, "the sample passes: {}", summary(&report));
    assert!(report.tests.iter().any(|t| t.visibility == Visibility::Hidden && t.verdict == Verdict::WA));
    // A failed sample shows the missing and extra rows as tables.
    let report = judge(&problem, "SELECT name, points FROM player WHERE points > 12 ORDER BY points DESC, name");
    let sample = &report.tests[0];
    assert_eq!(sample.verdict, Verdict::WA, "{}", summary(&report));
    let text = message(sample);
    assert!(
        text.contains("1 expected row is missing:\n| name | points |\n|------|--------|\n| Ann  | 12     |"),
        "{text}"
    );
    // The candidate sees the sample's data, not the hidden tests'.
    let seen = report.for_candidate();
    assert!(seen.tests[0].detail.is_some());
    assert!(seen.tests[1..].iter().all(|t| t.detail.is_none()), "{}", summary(&seen));
}

#[test]
fn forbidden_or_malformed_sql_is_a_compile_error_that_says_why() {
    let problem = prepared("sql-leaderboard");
    let cases = [
        ("SELECT 1; SELECT 2", "more than one"),
        ("-- nothing here\n", "empty"),
        ("ATTACH DATABASE '/tmp/x.db' AS x", "ATTACH"),
        ("PRAGMA writable_schema = 1", "PRAGMA writable_schema"),
        ("DELETE FROM player", "read-only"),
        ("DROP TABLE player", "not allowed"),
        ("SELECT load_extension('/tmp/evil.so')", "load_extension"),
        ("SELECT name\nFROM player\nWHERE pointz >= 10", "no such column: pointz"),
    ];
    for (query, needle) in cases {
        let report = judge(&problem, query);
        assert_eq!(report.verdict, Verdict::CE, "{query}: {}", summary(&report));
        assert!(report.tests.is_empty(), "no test runs after a compile error");
        let error = report.compile_error.as_ref().map(|c| c.message.clone()).unwrap_or_default();
        assert!(error.contains(needle), "{query}: {error}");
    }
    let report = judge(&problem, "SELECT name\nFROM player\nWHERE pointz >= 10");
    let error = report.compile_error.unwrap_or_else(|| panic!("a compile error"));
    assert_eq!((error.line, error.column), (Some(3), Some(7)), "{error:?}");
}

#[test]
fn an_update_is_graded_by_the_tables_it_leaves() {
    let problem = edited("sql-leaderboard", sandbox(), |copy| {
        std::fs::write(
            copy.join("problem.toml"),
            "slug = \"sql-leaderboard\"\ntitle = \"Bonus\"\ndifficulty = \"easy\"\nkind = \"sql\"\n[sql]\nmodifies = true\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let after = json!({"player": {"columns": ["id", "name", "team", "points"],
            "rows": [[1, "Ann", "red", 13], [2, "Bob", "blue", 31], [3, "Cid", null, 9], [4, "Dee", "red", 16]]}});
        std::fs::write(copy.join("tests/sample.json"), json!([{"dataset": "sample", "expected": after}]).to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(
            copy.join("submissions/accepted/reference.sql"),
            "UPDATE player SET points = points + 1 WHERE team IS NOT NULL",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    });
    let report = judge(&problem, "UPDATE player SET points = points + 1 WHERE team <> ''");
    assert_eq!(report.verdict, Verdict::AC, "{}", summary(&report));
    let report = judge(&problem, "UPDATE player SET points = points + 1");
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    assert!(message(&report.tests[0]).starts_with("Table player after the change:"), "{}", message(&report.tests[0]));
    // Writing elsewhere than the problem's tables is refused.
    let report = judge(&problem, "INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, '')");
    assert!(matches!(report.verdict, Verdict::CE | Verdict::RE), "{}", summary(&report));
}

#[test]
fn an_ordered_answer_needs_a_top_level_order_by_even_where_sqlite_returns_its_rows_sorted() {
    // Points per team, ordered by team: GROUP BY hands its groups over sorted by team in both
    // runs, so only the statement itself shows that nothing fixes the order.
    let problem = edited("sql-leaderboard", sandbox(), |dir| {
        write(
            &dir.join("submissions/accepted/reference.sql"),
            "SELECT team, SUM(points) AS total FROM player GROUP BY team ORDER BY team",
        );
        write(&dir.join("submissions/wrong_answer/no_order.sql"), "SELECT team, SUM(points) FROM player GROUP BY team");
        write(
            &dir.join("tests/sample.json"),
            &json!([{"dataset": "sample", "expected": {"columns": ["team", "total"],
                "rows": [[null, 9], ["blue", 30], ["red", 27]]}}])
            .to_string(),
        );
    });
    let grouped = judge(&problem, "SELECT team, SUM(points) FROM player GROUP BY team");
    assert_eq!(grouped.verdict, Verdict::WA, "{}", summary(&grouped));
    let sample = &grouped.tests[0];
    assert_eq!(sample.detail.as_ref().and_then(|d| d.reason), Some(FailureReason::RowOrder), "{}", summary(&grouped));
    let actual = sample.detail.as_ref().and_then(|d| d.actual.clone()).unwrap_or_default();
    assert_eq!(actual["rows"], sample_expected(&problem)["rows"], "the rows are right, in the right order");
    assert!(message(sample).contains("the query has no ORDER BY"), "{}", message(sample));
    // An ORDER BY inside a window or a subquery orders something else.
    for query in [
        "SELECT DISTINCT team, SUM(points) OVER (PARTITION BY team ORDER BY team ROWS BETWEEN UNBOUNDED PRECEDING AND \
         UNBOUNDED FOLLOWING) FROM player",
        "SELECT team, total FROM (SELECT team, SUM(points) AS total FROM player GROUP BY team ORDER BY team)",
    ] {
        let report = judge(&problem, query);
        assert_eq!(report.verdict, Verdict::WA, "{query}\n{}", summary(&report));
        assert!(message(&report.tests[0]).contains("no ORDER BY"), "{query}\n{}", summary(&report));
    }
    for query in [
        "SELECT team, SUM(points) FROM player GROUP BY team ORDER BY team",
        "SELECT team, SUM(points) FROM player GROUP BY team ORDER BY 1;;",
        "SELECT team, SUM(points) FROM player WHERE team < 'c' GROUP BY team \
         UNION ALL SELECT team, SUM(points) FROM player WHERE team >= 'c' OR team IS NULL GROUP BY team ORDER BY team",
    ] {
        let report = judge(&problem, query);
        assert_eq!(report.verdict, Verdict::AC, "{query}\n{}", summary(&report));
    }
}

#[test]
fn an_answer_ending_in_empty_statements_is_one_statement() {
    let problem = prepared("sql-leaderboard");
    for query in [
        "SELECT name, points FROM player WHERE points >= 10 ORDER BY points DESC, name;;",
        "SELECT name, points FROM player WHERE points >= 10 ORDER BY points DESC, name; ;\n-- done\n/* really */ ;\n",
        "SELECT name, points FROM player WHERE name <> ';' AND points >= 10 ORDER BY points DESC, name;",
    ] {
        let report = judge(&problem, query);
        assert_eq!(report.verdict, Verdict::AC, "{query}\n{}", summary(&report));
    }
    let report = judge(&problem, "SELECT name, points FROM player;\n\n  SELECT 2;;");
    assert_eq!(report.verdict, Verdict::CE, "{}", summary(&report));
    let error = report.compile_error.unwrap_or_else(|| panic!("a compile error"));
    assert!(error.message.contains("more than one"), "{error:?}");
    assert_eq!((error.line, error.column, error.text.as_str()), (Some(3), Some(3), "  SELECT 2;;"), "{error:?}");
}

#[test]
fn foreign_keys_hold_in_datasets_and_in_answers() {
    // A data change on a schema with ON DELETE SET NULL: a real SQLite (foreign keys on) sets
    // the players of a deleted team to no team, and refuses a player of a team that is not.
    let setup = |dir: &Path| {
        write(
            &dir.join("schema.sql"),
            "CREATE TABLE team (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n\
             CREATE TABLE player (id INTEGER PRIMARY KEY, name TEXT NOT NULL, \
             team_id INTEGER REFERENCES team(id) ON DELETE SET NULL, points INTEGER NOT NULL);\n",
        );
        write(
            &dir.join("problem.toml"),
            "slug = \"sql-leaderboard\"\ntitle = \"Disband\"\ndifficulty = \"easy\"\nkind = \"sql\"\n[sql]\nmodifies = true\n",
        );
        for entry in std::fs::read_dir(dir.join("datasets")).unwrap_or_else(|e| panic!("{e}")).flatten() {
            std::fs::remove_file(entry.path()).unwrap_or_else(|e| panic!("{e}"));
        }
        let teams = json!({"columns": ["id", "name"], "rows": [[1, "red"], [2, "blue"]]});
        let players = |rows: serde_json::Value| json!({"columns": ["id", "name", "team_id", "points"], "rows": rows});
        let sample = json!({"team": teams, "player": players(json!([[1, "Ann", 1, 12], [2, "Bob", 2, 30]]))});
        write(&dir.join("datasets/sample.json"), &sample.to_string());
        let more = json!({"team": teams, "player": players(json!([[1, "Ann", 1, 12], [3, "Cid", null, 9]]))});
        write(&dir.join("datasets/more.json"), &more.to_string());
        let after = json!({"team": {"columns": ["id", "name"], "rows": [[2, "blue"]]},
            "player": players(json!([[1, "Ann", null, 12], [2, "Bob", 2, 30]]))});
        write(&dir.join("tests/sample.json"), &json!([{"dataset": "sample", "expected": after}]).to_string());
        write(&dir.join("tests/hidden.json"), &json!([{"dataset": "more"}]).to_string());
        write(&dir.join("submissions/accepted/reference.sql"), "DELETE FROM team WHERE name = 'red'");
    };
    let problem = edited("sql-leaderboard", sandbox(), setup);
    let report = judge(&problem, "DELETE FROM team WHERE id = 1;");
    assert_eq!(report.verdict, Verdict::AC, "ON DELETE SET NULL acts: {}", summary(&report));
    let report = judge(&problem, "INSERT INTO player (id, name, team_id, points) VALUES (9, 'Zed', 7, 1)");
    assert_eq!(report.verdict, Verdict::RE, "{}", summary(&report));
    assert!(message(&report.tests[0]).contains("FOREIGN KEY constraint failed"), "{}", summary(&report));
    // A dataset that breaks its own foreign keys does not load.
    let dir = fixture_copy("sql-leaderboard", |copy| {
        setup(copy);
        write(
            &copy.join("datasets/more.json"),
            &json!({"team": {"columns": ["id", "name"], "rows": [[1, "red"]]},
                "player": {"columns": ["id", "name", "team_id", "points"], "rows": [[1, "Ann", 5, 12]]}})
            .to_string(),
        );
    });
    let problem = verdict_catalog::load_problem(&dir.path().join("sql-leaderboard"))
        .unwrap_or_else(|errors| panic!("{errors:?}"));
    let error = Judge::new(sandbox()).prepare(&problem).map(|_| ()).err().map(|e| e.to_string()).unwrap_or_default();
    assert!(error.contains("break a foreign key") && error.contains("'player'"), "{error}");
    // The ORM path has them on too: SQLAlchemy's library schema declares no ON DELETE, so
    // deleting an author who has books is refused, as a real database refuses it.
    let problem = edited("orm-sqlalchemy-authors", sandbox(), |dir| {
        let manifest = std::fs::read_to_string(dir.join("problem.toml")).unwrap_or_default();
        write(
            &dir.join("problem.toml"),
            &manifest
                .replace("entry = \"books_with_authors\"", "entry = \"drop_author\"")
                .replace("max_queries = 1", "tables_after = [\"author\"]"),
        );
        write(
            &dir.join("submissions/accepted/reference.py"),
            "from sqlalchemy import delete\nfrom models import Author, Book\n\n\ndef drop_author(session, author_id):\n    \
             session.execute(delete(Book).where(Book.author_id == author_id))\n    \
             session.execute(delete(Author).where(Author.id == author_id))\n    session.commit()\n",
        );
        let after = json!({"returned": null, "tables": {"author": {"columns": ["id", "name", "country", "born"],
            "rows": [[1, "Le Guin", null, null], [3, "Lem", null, null]]}}});
        write(
            &dir.join("tests/sample.json"),
            &json!([{"dataset": "sample", "args": [2], "expected": after}]).to_string(),
        );
        write(&dir.join("tests/hidden.json"), &json!([{"dataset": "sample", "args": [3]}]).to_string());
        for unused in ["more", "empty"] {
            std::fs::remove_file(dir.join(format!("datasets/{unused}.json"))).unwrap_or_else(|e| panic!("{e}"));
        }
    });
    let authors_only =
        "from sqlalchemy import delete\nfrom models import Author\n\n\ndef drop_author(session, author_id):\n    \
        session.execute(delete(Author).where(Author.id == author_id))\n    session.commit()\n";
    let report = judge(&problem, authors_only);
    assert_eq!(report.verdict, Verdict::RE, "{}", summary(&report));
    assert!(message(&report.tests[0]).contains("FOREIGN KEY constraint failed"), "{}", summary(&report));
}
