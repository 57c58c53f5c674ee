//! Web problems judged for real: Flask, FastAPI and Django apps (the fixtures
//! `tests/fixtures/web-flask-notes`, `web-fastapi-items` and `web-django-orders`) sent their
//! tests' requests in the box through the framework's own test client, graded outside.

use serde_json::json;
use std::path::PathBuf;
use std::sync::OnceLock;
use verdict_judge::{Judge, JudgeOptions, PreparedProblem, Report, TestResult, Verdict, Visibility};
use verdict_sandbox::{Backend, Sandbox};
use verdict_tests::{judge_sandbox, workspace_root};

fn fixture(slug: &str) -> PathBuf {
    workspace_root().join("tests/fixtures").join(slug)
}

fn prepared_on(slug: &str, sandbox: &Sandbox) -> PreparedProblem {
    let mut problem = verdict_catalog::load_problem(&fixture(slug))
        .unwrap_or_else(|errors| panic!("{slug} does not load: {errors:?}"));
    // Tests run side by side on a loaded machine, and a test that imports FastAPI cold (the exec
    // path, or a fork server that has not) takes half a second of CPU: room, not a limit under test.
    problem.manifest.limits.time = 10.0;
    Judge::new(sandbox).prepare(&problem).unwrap_or_else(|e| panic!("preparing {slug}: {e}"))
}

/// Each fixture prepared once on the fork server (the reference's responses are the expected).
fn prepared(slug: &'static str) -> &'static PreparedProblem {
    static FLASK: OnceLock<PreparedProblem> = OnceLock::new();
    static FASTAPI: OnceLock<PreparedProblem> = OnceLock::new();
    static DJANGO: OnceLock<PreparedProblem> = OnceLock::new();
    static FASTAPI_ORM: OnceLock<PreparedProblem> = OnceLock::new();
    let cell = match slug {
        "web-flask-notes" => &FLASK,
        "web-fastapi-items" => &FASTAPI,
        "web-django-orders" => &DJANGO,
        "web-fastapi-orders" => &FASTAPI_ORM,
        other => panic!("no fixture {other}"),
    };
    cell.get_or_init(|| prepared_on(slug, judge_sandbox(Backend::Fork)))
}

fn judge_on(sandbox: &Sandbox, problem: &PreparedProblem, source: &str) -> Report {
    Judge::new(sandbox).judge(problem, source, JudgeOptions::default()).unwrap_or_else(|e| panic!("judging: {e}"))
}

fn judge(problem: &PreparedProblem, source: &str) -> Report {
    judge_on(judge_sandbox(Backend::Fork), problem, source)
}

fn source(path: &str) -> String {
    std::fs::read_to_string(fixture(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn reference(slug: &str) -> String {
    source(&format!("{slug}/submissions/accepted/reference.py"))
}

fn summary(report: &Report) -> String {
    serde_json::to_string_pretty(report).unwrap_or_default()
}

fn message(test: &TestResult) -> String {
    test.detail.as_ref().and_then(|d| d.message.clone()).unwrap_or_default()
}

fn sample(report: &Report) -> &TestResult {
    report.tests.iter().find(|t| t.visibility == Visibility::Sample).unwrap_or_else(|| panic!("{}", summary(report)))
}

#[test]
fn a_flask_a_fastapi_a_django_and_a_sqlalchemy_backed_app_are_each_accepted() {
    for slug in ["web-flask-notes", "web-fastapi-items", "web-django-orders", "web-fastapi-orders"] {
        let report = judge(prepared(slug), &reference(slug));
        assert_eq!(report.verdict, Verdict::AC, "{slug}: {}", summary(&report));
        assert!(report.tests.len() >= 9, "{slug}: {}", summary(&report));
    }
}

#[test]
fn created_answered_200_instead_of_201_is_wrong_and_the_sample_shows_the_whole_exchange() {
    let problem = prepared("web-flask-notes");
    let report = judge(problem, &source("web-flask-notes/submissions/wrong_answer/created_is_200.py"));
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    let test = sample(&report);
    assert_eq!(test.verdict, Verdict::WA);
    assert_eq!(message(test), "exchange 1 of 2 (POST /notes): the status differs: expected 201, got 200");
    // What a candidate sees of a failed sample: the request, the expected and the actual response.
    let shown = report.for_candidate();
    let detail = sample(&shown).detail.as_ref().unwrap_or_else(|| panic!("a failed sample shows its detail"));
    assert_eq!(detail.input["exchanges"][0], json!({"method": "POST", "path": "/notes", "json": {"text": "buy milk"}}));
    assert_eq!(detail.expected[0]["status"], json!(201));
    assert_eq!(detail.expected[0]["headers"]["location"], json!("/notes/1"));
    let actual = detail.actual.as_ref().unwrap_or_else(|| panic!("the actual responses"));
    assert_eq!(actual[0]["status"], json!(200));
    assert_eq!(actual[0]["json"], json!({"id": 1, "text": "buy milk"}));
    assert_eq!(actual[1]["status"], json!(200), "the second exchange ran too");
}

#[test]
fn a_hidden_tests_expected_response_never_reaches_the_candidate() {
    let problem = prepared("web-flask-notes");
    let report = judge(problem, &source("web-flask-notes/submissions/wrong_answer/blank_text_accepted.py"));
    assert_eq!(report.verdict, Verdict::WA, "{}", summary(&report));
    let failed: Vec<&TestResult> = report.tests.iter().filter(|t| t.verdict == Verdict::WA).collect();
    assert!(!failed.is_empty() && failed.iter().all(|t| t.visibility == Visibility::Hidden), "{}", summary(&report));
    // The hidden test's own message names the exchange and the part, no value.
    assert_eq!(message(failed[0]), "exchange 1 of 1: the status differs");
    // Only the hidden tests hold this response; the full report has it, the candidate's not.
    assert!(summary(&report).contains("text is required"), "the full report holds the hidden expected");
    let shown = serde_json::to_string(&report.for_candidate()).unwrap_or_default();
    assert!(!shown.contains("text is required"), "{shown}");
    assert!(!shown.contains("/notes"), "no hidden request either: {shown}");
}

#[test]
fn a_view_that_raises_is_a_500_and_a_wrong_answer_with_its_exception_line() {
    let problem = prepared("web-flask-notes");
    let raising = reference("web-flask-notes").replace(
        "    body = request.get_json(silent=True)\n",
        "    body = request.get_json(silent=True)\n    body['oops']\n",
    );
    let report = judge(problem, &raising);
    let test = sample(&report);
    assert_eq!(test.verdict, Verdict::WA, "{}", summary(&report));
    let detail = test.detail.as_ref().unwrap_or_else(|| panic!("detail"));
    let actual = detail.actual.as_ref().unwrap_or_else(|| panic!("actual"));
    assert_eq!(actual[0]["status"], json!(500), "{actual}");
    let exception = actual[0]["exception"].as_str().unwrap_or_default();
    assert!(exception.starts_with("solution.py, line 16, in create_note: KeyError: 'oops'"), "{exception}");
    assert!(message(test).ends_with(&format!("; the view raised {exception}")), "{}", message(test));
}

#[test]
fn state_carries_across_one_tests_exchanges_and_starts_fresh_in_each_test() {
    let problem = prepared("web-flask-notes");
    // An app that forgets each note once the request ends: the read after the create fails.
    let forgetful = reference("web-flask-notes").replace("    notes[next_id] = note\n", "");
    let report = judge(problem, &forgetful);
    let test = sample(&report);
    assert_eq!(test.verdict, Verdict::WA, "{}", summary(&report));
    assert_eq!(message(test), "exchange 2 of 2 (GET /notes/1): the status differs: expected 200, got 404");
    // Every test of the reference counts ids from 1 (each test's box starts fresh), and the
    // reference's answers are its own: accepted.
    assert_eq!(judge(problem, &reference("web-flask-notes")).verdict, Verdict::AC);
}

#[test]
fn a_django_view_with_a_query_per_row_is_over_its_budget() {
    let problem = prepared("web-django-orders");
    let report = judge(problem, &source("web-django-orders/submissions/query_budget/count_per_order.py"));
    assert_eq!(report.verdict, Verdict::QLE, "{}", summary(&report));
    let test = sample(&report);
    assert_eq!(test.verdict, Verdict::QLE);
    assert!(
        message(test).starts_with("Too many queries: exchange 1 of 2 (GET /customers/1/orders) sent 4 SQL queries"),
        "{}",
        message(test)
    );
    let queries = test.detail.as_ref().and_then(|d| d.queries.clone()).unwrap_or_else(|| panic!("queries"));
    assert_eq!((queries.count, queries.budget), (4, Some(2)), "{queries:?}");
    assert!(queries.statements[2].contains("FROM \"order_item\""), "{queries:?}");
    let reference = judge(problem, &reference("web-django-orders"));
    let counted = sample(&reference).detail.as_ref().and_then(|d| d.queries.clone());
    assert_eq!(counted.map(|q| q.count), Some(2), "{}", summary(&reference));
}

#[test]
fn a_fastapi_view_loading_each_orders_items_lazily_is_over_its_budget() {
    // The TestClient runs the app on a thread of its own: the statements are counted there too.
    let problem = prepared("web-fastapi-orders");
    let report = judge(problem, &source("web-fastapi-orders/submissions/query_budget/items_loaded_per_order.py"));
    assert_eq!(report.verdict, Verdict::QLE, "{}", summary(&report));
    let test = sample(&report);
    assert!(
        message(test).starts_with("Too many queries: exchange 1 of 3 (GET /customers/1/orders) sent 4"),
        "{}",
        message(test)
    );
    let actual = test.detail.as_ref().and_then(|d| d.actual.clone()).unwrap_or_default();
    assert_eq!(actual[1]["status"], json!(201), "the order placed in exchange 2 ...");
    assert_eq!(actual[2]["json"][0]["placed_on"], json!("2024-06-01"), "... is listed in exchange 3: {actual}");
}

#[test]
fn the_exec_path_runs_fastapi_and_django_apps_alike() {
    let exec = judge_sandbox(Backend::Exec);
    for (slug, wrong, verdict) in [
        ("web-fastapi-items", "wrong_answer/created_is_200.py", Verdict::WA),
        ("web-django-orders", "query_budget/count_per_order.py", Verdict::QLE),
    ] {
        let mut problem = prepared(slug).clone();
        problem.tests.truncate(3);
        assert_eq!(judge_on(exec, &problem, &reference(slug)).verdict, Verdict::AC, "{slug}");
        let report = judge_on(exec, &problem, &source(&format!("{slug}/submissions/{wrong}")));
        assert_eq!(report.verdict, verdict, "{slug}: {}", summary(&report));
    }
}

/// Scenarios that drive a Flask app through its own test client, as an author may write them.
const FLASK_SCENARIOS: &str = r#"from verdict import sample


@sample
def test_create_then_read(solution, check):
    client = solution.app.test_client()
    created = client.post("/notes", json={"text": "milk"})
    check(created.status_code)
    check(created.get_json())
    check(client.get("/notes/1").status_code)


def test_delete_twice(solution, check):
    client = solution.app.test_client()
    client.post("/notes", json={"text": "a"})
    check(client.delete("/notes/1").status_code)
    check(client.delete("/notes/1").status_code)
"#;

#[test]
fn scenarios_drive_a_web_app_through_the_frameworks_test_client() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let copy = dir.path().join("web-flask-notes");
    verdict_tests::copy_dir(&fixture("web-flask-notes"), &copy);
    std::fs::write(copy.join("tests/scenarios.py"), FLASK_SCENARIOS).unwrap_or_else(|e| panic!("{e}"));
    let problem = verdict_catalog::load_problem(&copy).unwrap_or_else(|errors| panic!("{errors:?}"));
    assert!(problem.hidden.iter().any(|t| matches!(t.input, verdict_catalog::TestInput::Scenario { .. })));
    let prepared = Judge::new(judge_sandbox(Backend::Fork)).prepare(&problem).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(judge(&prepared, &reference("web-flask-notes")).verdict, Verdict::AC);
    let report = judge(&prepared, &source("web-flask-notes/submissions/wrong_answer/created_is_200.py"));
    let scenario = report
        .tests
        .iter()
        .find(|t| t.detail.as_ref().is_some_and(|d| d.input.get("scenario").is_some()))
        .unwrap_or_else(|| panic!("the sample scenario failed: {}", summary(&report)));
    assert_eq!(scenario.verdict, Verdict::WA, "{}", summary(&report));
    assert!(message(scenario).contains("201"), "{}", message(scenario));
}

#[test]
fn a_custom_input_is_graded_against_the_references_responses() {
    let problem = &prepared("web-flask-notes").problem;
    let input = problem
        .parse_input(&json!({"exchanges": [{"method": "POST", "path": "/notes", "json": {"text": "mine"}},
                                           {"method": "DELETE", "path": "/notes/1"}]}))
        .unwrap_or_else(|e| panic!("{e}"));
    let judge = Judge::new(judge_sandbox(Backend::Fork));
    let wrong = judge
        .try_input(problem, &source("web-flask-notes/submissions/wrong_answer/created_is_200.py"), input.clone())
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(wrong.verdict, Verdict::WA, "{}", summary(&wrong));
    let detail = wrong.tests[0].detail.as_ref().unwrap_or_else(|| panic!("detail"));
    assert_eq!(detail.expected[1], json!({"status": 204, "headers": {"location": null}, "text": ""}));
    assert_eq!(message(&wrong.tests[0]), "exchange 1 of 2 (POST /notes): the status differs: expected 201, got 200");
    let right = judge.try_input(problem, &reference("web-flask-notes"), input).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(right.verdict, Verdict::AC, "{}", summary(&right));
}

/// A web problem's samples may leave `expected` to the reference: once the problem is prepared
/// (its first judging), its page shows the reference's responses beside the requests.
#[tokio::test]
async fn the_page_shows_a_samples_responses_computed_by_the_reference() {
    use verdict_tests::http::Client;
    use verdict_tests::service::{queue, TestService};
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("temp dir: {e}"));
    let slug = "web-flask-notes";
    let package = dir.path().join(slug);
    verdict_tests::copy_dir(&fixture(slug), &package);
    let samples = package.join("tests/sample.json");
    let mut written: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&samples).unwrap_or_else(|e| panic!("{e}")))
            .unwrap_or_else(|e| panic!("{e}"));
    for sample in written.as_array_mut().into_iter().flatten() {
        sample.as_object_mut().map(|s| s.remove("expected"));
    }
    std::fs::write(&samples, written.to_string()).unwrap_or_else(|e| panic!("{e}"));
    let service = TestService::start_on(dir.path(), queue(1, 4)).await;
    let mut client = Client::new(service.service.router());
    let page = client.get(&format!("/api/problems/{slug}")).await.json();
    assert_eq!(page["samples"][0]["expected"], json!(null), "not prepared yet: {page}");
    let reference = std::fs::read_to_string(fixture(slug).join("submissions/accepted/reference.py"))
        .unwrap_or_else(|e| panic!("{e}"));
    let run = client.post(&format!("/api/problems/{slug}/run"), json!({"code": reference})).await.json();
    assert_eq!(run["verdict"], "AC", "{run}");
    let page = client.get(&format!("/api/problems/{slug}")).await.json();
    let expected = &page["samples"][0]["expected"];
    assert_eq!(expected[0]["status"], json!(201), "{page}");
    assert_eq!(expected[0]["headers"]["location"], json!("/notes/1"), "{page}");
    assert_eq!(expected[1]["json"], json!({"id": 1, "text": "buy milk"}), "{page}");
}
