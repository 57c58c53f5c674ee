//! SQL and ORM problems judged for real: the fixtures `tests/fixtures/sql-leaderboard`,
//! `orm-django-authors` and `orm-sqlalchemy-authors` graded in the warm fork server with real
//! Django, SQLAlchemy and SQLite, and `verdict check` rejecting packages whose wrong answers do
//! not show what the issue asks of them.

use serde_json::json;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;
use verdict_catalog::Problem;
use verdict_judge::{FailureReason, Judge, JudgeOptions, PreparedProblem, Report, TestResult, Verdict, Visibility};
use verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES;
use verdict_sandbox::{Backend, RunRequest, Sandbox, SandboxConfig};
use verdict_tests::{binary, copy_dir, workspace_root};

fn sandbox() -> &'static Sandbox {
    static SANDBOX: OnceLock<Sandbox> = OnceLock::new();
    SANDBOX.get_or_init(|| {
        let packages = PathBuf::from(DEFAULT_PYTHON_PACKAGES);
        assert!(packages.is_dir(), "{} is missing: run scripts/setup-sandbox-python.sh", packages.display());
        let sandbox = Sandbox::new(SandboxConfig {
            jail: Some(binary("verdict-jail")),
            forkserver: Some(binary("verdict-forkserver")),
            backend: Backend::Fork,
            python_packages: Some(packages),
            runner_scripts: verdict_judge::runner_scripts(),
            preloads: verdict_judge::preloads(),
            ..SandboxConfig::default()
        })
        .unwrap_or_else(|e| panic!("setting up the sandbox: {e}"));
        sandbox.start_backend().unwrap_or_else(|e| panic!("starting the fork servers: {e}"));
        sandbox
    })
}

/// The exec path, for the tests that compare it with the fork server.
fn exec_sandbox() -> Sandbox {
    Sandbox::new(SandboxConfig {
        jail: Some(binary("verdict-jail")),
        backend: Backend::Exec,
        python_packages: Some(PathBuf::from(DEFAULT_PYTHON_PACKAGES)),
        ..SandboxConfig::default()
    })
    .unwrap_or_else(|e| panic!("setting up the exec sandbox: {e}"))
}

fn fixture(slug: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(slug)
}

fn prepared(slug: &str) -> PreparedProblem {
    let problem: Problem = verdict_catalog::load_problem(&fixture(slug))
        .unwrap_or_else(|errors| panic!("{slug} does not load: {errors:?}"));
    Judge::new(sandbox()).prepare(&problem).unwrap_or_else(|e| panic!("preparing {slug}: {e}"))
}

fn judge(prepared: &PreparedProblem, source: &str) -> Report {
    Judge::new(sandbox()).judge(prepared, source, JudgeOptions::default()).unwrap_or_else(|e| panic!("judging: {e}"))
}

fn summary(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

fn first_failure(report: &Report) -> &TestResult {
    report.tests.iter().find(|t| t.verdict != Verdict::AC).unwrap_or_else(|| panic!("no failure: {}", summary(report)))
}

fn message(test: &TestResult) -> String {
    test.detail.as_ref().and_then(|d| d.message.clone()).unwrap_or_default()
}

/// The leaderboard with its order made free, in a throwaway copy.
fn order_free_leaderboard() -> PreparedProblem {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join("sql-leaderboard");
    copy_dir(&fixture("sql-leaderboard"), &copy);
    let manifest = copy.join("problem.toml");
    let text = std::fs::read_to_string(&manifest).unwrap_or_default().replace("ordered = true", "ordered = false");
    std::fs::write(&manifest, text).unwrap_or_else(|e| panic!("{e}"));
    let problem = verdict_catalog::load_problem(&copy).unwrap_or_else(|errors| panic!("{errors:?}"));
    Judge::new(sandbox()).prepare(&problem).unwrap_or_else(|e| panic!("{e}"))
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
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join("sql-leaderboard");
    copy_dir(&fixture("sql-leaderboard"), &copy);
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
    let problem = verdict_catalog::load_problem(&copy).unwrap_or_else(|errors| panic!("{errors:?}"));
    let problem = Judge::new(sandbox()).prepare(&problem).unwrap_or_else(|e| panic!("{e}"));
    let report = judge(&problem, "UPDATE player SET points = points + 1 WHERE team <> ''");
    assert_eq!(report.verdict, Verdict::AC, "{}", summary(&report));
    let report = judge(&problem, "UPDATE player SET points = points + 1");
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    assert!(message(&report.tests[0]).starts_with("Table player after the change:"), "{}", message(&report.tests[0]));
    // Writing elsewhere than the problem's tables is refused.
    let report = judge(&problem, "INSERT INTO sqlite_master VALUES ('table', 'x', 'x', 0, '')");
    assert!(matches!(report.verdict, Verdict::CE | Verdict::RE), "{}", summary(&report));
}

const DJANGO_N_PLUS_ONE: &str = "from models import Book\n\n\ndef books_with_authors(since):\n    \
    return [[b.title, b.author.name] for b in Book.objects.filter(year__gte=since).order_by('title', 'id')]\n";

#[test]
fn an_n_plus_one_django_answer_is_rejected_on_its_query_count_with_the_queries_shown() {
    let problem = prepared("orm-django-authors");
    let report = judge(&problem, DJANGO_N_PLUS_ONE);
    assert_eq!(report.verdict, Verdict::QLE, "{}", summary(&report));
    let sample = &report.tests[0];
    assert_eq!(sample.verdict, Verdict::QLE, "{}", summary(&report));
    let detail = sample.detail.as_ref().unwrap_or_else(|| panic!("detail"));
    assert_eq!(detail.actual, Some(detail.expected.clone()), "the value itself is right");
    let queries = detail.queries.as_ref().unwrap_or_else(|| panic!("queries"));
    // One query for the books, one per book for its author: 3 books since 1965.
    assert_eq!((queries.count, queries.budget), (4, Some(1)), "{queries:?}");
    assert_eq!(queries.statements.len(), 4);
    assert!(
        queries.statements[1..].iter().all(|q| q.contains("FROM \"author\" WHERE \"author\".\"id\" = ")),
        "{queries:?}"
    );
    assert!(message(sample).starts_with("Too many queries: 4 of 1."), "{}", message(sample));
    assert!(message(sample).contains("sent 4 SQL queries where this problem allows 1"), "{}", message(sample));
    // The empty library needs one query either way, so that test passes.
    assert!(report.tests.iter().any(|t| t.verdict == Verdict::AC), "{}", summary(&report));
}

#[test]
fn a_django_answer_within_its_budget_is_accepted() {
    let problem = prepared("orm-django-authors");
    for source in [
        "from models import Book\n\ndef books_with_authors(since):\n    \
         return list(Book.objects.filter(year__gte=since).order_by('title', 'id').values_list('title', 'author__name'))\n",
        "from models import Book\n\ndef books_with_authors(since):\n    \
         qs = Book.objects.select_related('author').filter(year__gte=since).order_by('title', 'id')\n    \
         return [(b.title, b.author.name) for b in qs]\n",
    ] {
        let report = judge(&problem, source);
        assert_eq!(report.verdict, Verdict::AC, "{source}\n{}", summary(&report));
        let queries = report.tests[0].detail.as_ref().and_then(|d| d.queries.clone()).unwrap_or_else(|| panic!("queries"));
        assert_eq!(queries.count, 1, "{queries:?}");
        assert!(queries.statements[0].contains("INNER JOIN \"author\""), "{queries:?}");
    }
    // Forgetting the order is caught: unordered selects come back reversed.
    let unordered = "from models import Book\n\ndef books_with_authors(since):\n    \
        return list(Book.objects.filter(year__gte=since).values_list('title', 'author__name'))\n";
    assert_eq!(judge(&problem, unordered).verdict, Verdict::WA);
}

#[test]
fn sqlalchemy_lazy_loading_exceeds_the_budget_and_joinedload_meets_it() {
    let problem = prepared("orm-sqlalchemy-authors");
    let n_plus_one = std::fs::read_to_string(fixture("orm-sqlalchemy-authors/submissions/query_budget/n_plus_one.py"))
        .unwrap_or_else(|e| panic!("{e}"));
    let report = judge(&problem, &n_plus_one);
    assert_eq!(report.verdict, Verdict::QLE, "{}", summary(&report));
    assert_eq!(report.tests[0].verdict, Verdict::QLE, "{}", summary(&report));
    let detail = report.tests[0].detail.as_ref().unwrap_or_else(|| panic!("detail"));
    let queries = detail.queries.as_ref().unwrap_or_else(|| panic!("queries"));
    assert!(queries.count > 1 && queries.statements.iter().any(|q| q.contains("FROM author")), "{queries:?}");
    let joined = n_plus_one
        .replace(
            "from sqlalchemy import select",
            "from sqlalchemy import select\nfrom sqlalchemy.orm import selectinload",
        )
        .replace("select(Book).where", "select(Book).options(selectinload(Book.author)).where");
    // selectinload takes two queries: over a budget of one, but right.
    let report = judge(&problem, &joined);
    assert_eq!(first_failure(&report).verdict, Verdict::QLE, "{}", summary(&report));
    let reference = std::fs::read_to_string(fixture("orm-sqlalchemy-authors/submissions/accepted/reference.py"))
        .unwrap_or_else(|e| panic!("{e}"));
    let report = judge(&problem, &reference);
    assert_eq!(report.verdict, Verdict::AC, "{}", summary(&report));
}

#[test]
fn the_exec_path_grades_sql_and_orm_the_same_way() {
    let exec = exec_sandbox();
    let judge = Judge::new(&exec);
    let load = |slug: &str| {
        let problem = verdict_catalog::load_problem(&fixture(slug)).unwrap_or_else(|errors| panic!("{errors:?}"));
        judge.prepare(&problem).unwrap_or_else(|e| panic!("preparing {slug} on the exec path: {e}"))
    };
    let options = JudgeOptions::default();
    let orm = load("orm-django-authors");
    let report = judge.judge(&orm, DJANGO_N_PLUS_ONE, options).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.verdict, Verdict::QLE, "{}", summary(&report));
    assert_eq!(report.tests[0].verdict, Verdict::QLE, "{}", summary(&report));
    let sql = load("sql-leaderboard");
    let report = judge
        .judge(&sql, "SELECT name, points FROM player WHERE points >= 10", options)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    assert_eq!(first_failure(&report).detail.as_ref().and_then(|d| d.reason), Some(FailureReason::RowOrder));
}

#[test]
fn django_reverse_relations_and_many_to_many_managers_work_on_both_paths() {
    let script = r#"
import verdict_runtime
from django.db.models import Count
m = verdict_runtime.schema("django", "library").module
a = m.Author.objects.create(name="a")
b = m.Book.objects.create(title="t", author=a, year=2000)
g = m.Genre.objects.create(name="g")
b.genres.add(g)
print(list(m.Author.objects.annotate(n=Count("books")).values_list("name", "n")))
print([x.name for x in b.genres.all()], [x.title for x in g.books.all()], [x.title for x in a.books.all()])
print([len(x.genres.all()) for x in m.Book.objects.prefetch_related("genres")])
"#;
    let exec = exec_sandbox();
    for sandbox in [sandbox(), &exec] {
        let outcome = sandbox
            .run(&RunRequest::script(script).with_runtime(verdict_judge::preloads()))
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&outcome.stdout);
        assert_eq!(stdout, "[('a', 1)]\n['g'] ['t'] ['t']\n[1]\n", "{}", String::from_utf8_lossy(&outcome.stderr));
    }
}

#[test]
fn with_tables_after_a_raising_call_is_graded_by_the_tables_it_leaves() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join("orm-django-authors");
    copy_dir(&fixture("orm-django-authors"), &copy);
    let manifest = std::fs::read_to_string(copy.join("problem.toml")).unwrap_or_default();
    let manifest = manifest
        .replace("entry = \"books_with_authors\"", "entry = \"retitle\"")
        .replace("max_queries = 1", "tables_after = [\"book\"]");
    std::fs::write(copy.join("problem.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
    let atomic = "from django.db import transaction\nfrom models import Book\n\n\ndef retitle(changes):\n    \
        with transaction.atomic():\n        for book_id, title in changes:\n            \
        if not title:\n                raise ValueError('empty title')\n            \
        Book.objects.filter(id=book_id).update(title=title)\n";
    std::fs::write(copy.join("submissions/accepted/reference.py"), atomic).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        copy.join("tests/sample.json"),
        json!([{"dataset": "sample", "args": [[[2, "Dune Messiah"]]], "expected": {"returned": null, "tables": {"book": {
            "columns": ["id", "title", "author_id", "year", "pages"],
            "rows": [[1, "The Dispossessed", 1, 1974, null], [2, "Dune Messiah", 2, 1965, null],
                     [3, "Solaris", 3, 1961, null], [4, "Earthsea", 1, 1968, null]]}}}}])
        .to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    for unused in ["more", "empty"] {
        std::fs::remove_file(copy.join(format!("datasets/{unused}.json"))).unwrap_or_else(|e| panic!("{e}"));
    }
    std::fs::write(
        copy.join("tests/hidden.json"),
        json!([{"dataset": "sample", "args": [[[1, "X"], [2, ""]]]}]).to_string(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let problem = verdict_catalog::load_problem(&copy).unwrap_or_else(|errors| panic!("{errors:?}"));
    let problem = Judge::new(sandbox()).prepare(&problem).unwrap_or_else(|e| panic!("{e}"));
    let raised = &problem.tests[1].case.expected;
    assert!(
        matches!(raised, verdict_catalog::Expected::Value(v) if v["raised"] == "ValueError" && v["tables"]["book"]["rows"][0][1] == "The Dispossessed"),
        "the reference raised and changed nothing: {raised:?}"
    );
    assert_eq!(judge(&problem, atomic).verdict, Verdict::AC);
    // Without the transaction the first change stays when the second raises.
    let partial = atomic.replace("    with transaction.atomic():\n", "    if True:\n");
    let report = judge(&problem, &partial);
    assert_eq!((report.tests[0].verdict, report.tests[1].verdict), (Verdict::AC, Verdict::WA), "{}", summary(&report));
    assert!(
        message(&report.tests[1]).contains("ValueError: empty title"),
        "the traceback is shown: {}",
        summary(&report)
    );
    // Raising where the reference returned is a runtime error, as for any function.
    let crashing = atomic.replace("    with transaction.atomic():\n", "    1 / 0\n    with transaction.atomic():\n");
    let report = judge(&problem, &crashing);
    assert_eq!(report.tests[0].verdict, Verdict::RE, "{}", summary(&report));
    assert!(message(&report.tests[0]).contains("ZeroDivisionError"), "{}", summary(&report));
}

/// A throwaway catalogue holding a copy of one fixture, with `edit` applied.
fn check_copy(slug: &str, edit: impl Fn(&Path)) -> (bool, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join(slug);
    copy_dir(&fixture(slug), &copy);
    edit(&copy);
    let output = Command::new(binary("verdict"))
        .arg("check")
        .arg(dir.path())
        .output()
        .unwrap_or_else(|e| panic!("running verdict check: {e}"));
    (output.status.success(), String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn verdict_check_passes_the_fixtures_and_demands_the_order_and_budget_wrong_answers() {
    for slug in ["sql-leaderboard", "orm-django-authors"] {
        let (passed, stdout) = check_copy(slug, |_| {});
        assert!(passed, "{slug}:\n{stdout}");
    }
    let (passed, stdout) = check_copy("sql-leaderboard", |dir| {
        std::fs::remove_file(dir.join("submissions/wrong_answer/no_order.sql")).unwrap_or_else(|e| panic!("{e}"));
    });
    assert!(!passed && stdout.contains("needs a wrong answer without ORDER BY"), "{stdout}");
    let (passed, stdout) = check_copy("orm-django-authors", |dir| {
        // A wrong answer that is wrong on its value, not on its query count, does not count.
        std::fs::write(
            dir.join("submissions/query_budget/n_plus_one.py"),
            "from models import Book\n\ndef books_with_authors(since):\n    return []\n",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    });
    assert!(!passed && stdout.contains("needs a submission with the N+1 pattern here"), "{stdout}");
    assert!(stdout.contains("query_budget/n_plus_one.py: must get QLE, got WA (Wrong answer)"), "{stdout}");
    let (passed, stdout) = check_copy("sql-leaderboard", |dir| {
        std::fs::write(
            dir.join("submissions/accepted/reference.sql"),
            "SELECT name, points FROM player WHERE points >= 10",
        )
        .unwrap_or_else(|e| panic!("{e}"));
    });
    assert!(!passed && stdout.contains("row order is not fixed"), "a reference without ORDER BY:\n{stdout}");
}

/// A throwaway copy of a fixture with `edit` applied, loaded and prepared on `sandbox`.
fn edited(slug: &str, sandbox: &Sandbox, edit: impl Fn(&Path)) -> PreparedProblem {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join(slug);
    copy_dir(&fixture(slug), &copy);
    edit(&copy);
    let problem = verdict_catalog::load_problem(&copy).unwrap_or_else(|errors| panic!("{errors:?}"));
    Judge::new(sandbox).prepare(&problem).unwrap_or_else(|e| panic!("preparing the copy of {slug}: {e}"))
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap_or_else(|e| panic!("writing {}: {e}", path.display()));
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

fn sample_expected(problem: &PreparedProblem) -> serde_json::Value {
    match &problem.tests[0].case.expected {
        verdict_catalog::Expected::Value(v) => v.clone(),
        other => panic!("the sample's expected answer: {other:?}"),
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
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join("sql-leaderboard");
    copy_dir(&fixture("sql-leaderboard"), &copy);
    setup(&copy);
    write(
        &copy.join("datasets/more.json"),
        &json!({"team": {"columns": ["id", "name"], "rows": [[1, "red"]]},
            "player": {"columns": ["id", "name", "team_id", "points"], "rows": [[1, "Ann", 5, 12]]}})
        .to_string(),
    );
    let problem = verdict_catalog::load_problem(&copy).unwrap_or_else(|errors| panic!("{errors:?}"));
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

/// Ways an N+1 answer tried to hide its queries from the count (SECURITY-FINDINGS F8): the
/// per-book lookups through a raw DB-API cursor under the ORM, and the recorder patched.
const DJANGO_RAW_CURSOR: &str = "from django.db import connection\nfrom models import Book\n\n\n\
def books_with_authors(since):\n    books = list(Book.objects.filter(year__gte=since).order_by('title', 'id'))\n    \
cursor = connection.connection.cursor()\n    \
return [[b.title, cursor.execute('SELECT name FROM author WHERE id = ?', (b.author_id,)).fetchone()[0]] for b in books]\n";
const SQLALCHEMY_RAW_CURSOR: &str = "from sqlalchemy import select\nfrom models import Book\n\n\n\
def books_with_authors(session, since):\n    \
books = session.scalars(select(Book).where(Book.year >= since).order_by(Book.title, Book.id)).all()\n    \
cursor = session.connection().connection.cursor()\n    out = []\n    for b in books:\n        \
cursor.execute('SELECT name FROM author WHERE id = ?', (b.author_id,))\n        \
out.append([b.title, cursor.fetchone()[0]])\n    return out\n";
/// Replace the recorder's method (the one line of F8) or its code; appended to an N+1 answer.
const PATCHES: [&str; 2] = [
    "import verdict_runtime\nfor name in dir(verdict_runtime):\n    obj = getattr(verdict_runtime, name)\n    \
     if isinstance(obj, type) and hasattr(obj, '_record'):\n        obj._record = lambda *args, **kwargs: None\n",
    "import verdict_runtime\nfor name in dir(verdict_runtime):\n    obj = getattr(verdict_runtime, name)\n    \
     if isinstance(obj, type) and hasattr(obj, '_record'):\n        obj._record.__code__ = (lambda self, sql: None).__code__\n",
];
/// Turn the trace of the connection under the ORM off during the call; appended likewise.
const DJANGO_UNTRACE: &str = "_inner = books_with_authors\n\n\ndef books_with_authors(*args):\n    \
    from django.db import connection\n    connection.connection.set_trace_callback(None)\n    return _inner(*args)\n";
const SQLALCHEMY_UNTRACE: &str = "_inner = books_with_authors\n\n\ndef books_with_authors(session, *args):\n    \
    session.connection().connection.driver_connection.set_trace_callback(None)\n    return _inner(session, *args)\n";

#[test]
fn the_query_budget_holds_against_raw_cursors_and_a_patched_recorder_on_both_paths() {
    let exec = exec_sandbox();
    for sandbox in [sandbox(), &exec] {
        for (slug, n_plus_one, raw, untrace) in [
            ("orm-django-authors", DJANGO_N_PLUS_ONE.to_owned(), DJANGO_RAW_CURSOR, DJANGO_UNTRACE),
            (
                "orm-sqlalchemy-authors",
                std::fs::read_to_string(fixture("orm-sqlalchemy-authors/submissions/query_budget/n_plus_one.py"))
                    .unwrap_or_else(|e| panic!("{e}")),
                SQLALCHEMY_RAW_CURSOR,
                SQLALCHEMY_UNTRACE,
            ),
        ] {
            // A loaded machine must not turn the exec path's imports into TLE.
            let problem = edited(slug, sandbox, |dir| {
                let manifest = std::fs::read_to_string(dir.join("problem.toml")).unwrap_or_default();
                write(&dir.join("problem.toml"), &format!("{manifest}\n[limits]\ntime = 10.0\n"));
            });
            let judge = |source: &str| {
                Judge::new(sandbox)
                    .judge(&problem, source, JudgeOptions::default())
                    .unwrap_or_else(|e| panic!("judging: {e}"))
            };
            // The raw cursor's statements are counted like the ORM's.
            let report = judge(raw);
            assert_eq!(report.verdict, Verdict::QLE, "{slug}: {}", summary(&report));
            let detail = report.tests[0].detail.as_ref().unwrap_or_else(|| panic!("detail"));
            assert_eq!(detail.actual, Some(detail.expected.clone()), "the value itself is right");
            let queries = detail.queries.as_ref().unwrap_or_else(|| panic!("queries"));
            assert_eq!(queries.count, 4, "{slug}: {queries:?}");
            assert_eq!(
                queries.statements.iter().filter(|q| q.starts_with("SELECT name FROM author WHERE id = ")).count(),
                3
            );
            // A patched recorder is found out.
            for patch in PATCHES.into_iter().chain([untrace]) {
                let report = judge(&format!("{n_plus_one}\n\n{patch}"));
                assert_eq!(report.verdict, Verdict::RE, "{slug}: {patch}\n{}", summary(&report));
                assert!(
                    report.tests.iter().all(|t| message(t).contains("query recorder was tampered with")),
                    "{slug}: {patch}\n{}",
                    summary(&report)
                );
            }
        }
    }
}

#[test]
fn verdict_judge_names_the_query_budget_verdict_in_text_and_json() {
    let n_plus_one = fixture("orm-django-authors/submissions/query_budget/n_plus_one.py");
    let run = |json: bool| {
        let mut command = Command::new(binary("verdict"));
        command
            .args(["judge", "--problem", "orm-django-authors", "--problems"])
            .arg(workspace_root().join("tests/fixtures"));
        if json {
            command.arg("--json");
        }
        let output = command.arg(&n_plus_one).output().unwrap_or_else(|e| panic!("running verdict judge: {e}"));
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let text = run(false);
    assert!(text.starts_with("orm-django-authors: QLE Too many queries (score "), "{text}");
    assert!(text.contains("| Too many queries: 4 of 1."), "{text}");
    let report: serde_json::Value = serde_json::from_str(&run(true)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!((report["verdict"].as_str(), report["tests"][0]["verdict"].as_str()), (Some("QLE"), Some("QLE")));
}
