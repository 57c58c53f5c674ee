//! ORM answers graded by value and by the queries they send: N+1 patterns over budget, answers
//! within it, both paths alike, and the ways an answer tried to hide its queries.

use crate::{edited, exec_sandbox, first_failure, fixture, judge, message, patient, prepared, sandbox, summary};
use serde_json::json;
use std::process::Command;
use verdict_judge::{FailureReason, Judge, JudgeOptions, Verdict};
use verdict_sandbox::RunRequest;
use verdict_tests::{binary, workspace_root};

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
    let load = |slug: &str| patient(slug, &exec);
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
            .run(
                &RunRequest::script(script).with_runtime(verdict_sandbox::Runtime::Packages, verdict_judge::preloads()),
            )
            .unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&outcome.stdout);
        assert_eq!(stdout, "[('a', 1)]\n['g'] ['t'] ['t']\n[1]\n", "{}", String::from_utf8_lossy(&outcome.stderr));
    }
}

#[test]
fn with_tables_after_a_raising_call_is_graded_by_the_tables_it_leaves() {
    let atomic = "from django.db import transaction\nfrom models import Book\n\n\ndef retitle(changes):\n    \
        with transaction.atomic():\n        for book_id, title in changes:\n            \
        if not title:\n                raise ValueError('empty title')\n            \
        Book.objects.filter(id=book_id).update(title=title)\n";
    let problem = edited("orm-django-authors", sandbox(), |copy| {
        let manifest = std::fs::read_to_string(copy.join("problem.toml")).unwrap_or_default();
        let manifest = manifest
            .replace("entry = \"books_with_authors\"", "entry = \"retitle\"")
            .replace("max_queries = 1", "tables_after = [\"book\"]");
        std::fs::write(copy.join("problem.toml"), manifest).unwrap_or_else(|e| panic!("{e}"));
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
    });
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
            let problem = patient(slug, sandbox);
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

#[test]
fn a_harness_that_fails_before_the_answer_runs_is_an_internal_error_not_the_candidates() {
    // A schema the box does not have fails in the harness, before the candidate's code starts:
    // that is never the candidate's fault.
    let mut problem = prepared("orm-django-authors");
    if let Some(orm) = problem.problem.manifest.orm.as_mut() {
        orm.schema = "no-such-schema".into();
    }
    let report = judge(&problem, DJANGO_N_PLUS_ONE);
    assert!(!report.tests.is_empty());
    assert!(report.tests.iter().all(|t| t.verdict == Verdict::IE), "{}", summary(&report));
}
