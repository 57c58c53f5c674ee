//! The HTTP API over the real router, the real catalogue, a real SQLite file and the real
//! sandbox: the problem endpoints, running and submitting, progress as server-sent events,
//! drafts, every kind of bad input (always a 4xx naming what was wrong, never a 5xx), a full
//! queue (429 with Retry-After, nothing lost), judging again after a restart, that no
//! response ever holds a hidden test's data, the security headers on every answer, no redirect
//! to another host, and request ids a client cannot use to forge log fields.

use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use std::collections::BTreeSet;
use verdict_server::queue::QueueConfig;
use verdict_store::{NewSubmission, Owner, SqliteStore, Store};
use verdict_tests::http::Client;
use verdict_tests::service::{problems_dir, queue, TestService};

const PI_SOLUTION: &str = "import math\n\n\ndef calculate_pi(n):\n    total = 0.0\n    for i in range(1, n):\n        total += 1 / i**2\n    return math.sqrt(6 * total)\n";
const PI_ONE_TERM_TOO_MANY: &str =
    "import math\n\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n + 1)))\n";

/// What practice mode adds to the test client.
trait Practice {
    async fn submit(&mut self, problem: &str, code: &str) -> String;
    async fn events(&mut self, id: &str) -> Vec<(String, Value)>;
}

impl Practice for Client {
    async fn submit(&mut self, problem: &str, code: &str) -> String {
        let answer = self.post("/api/submissions", json!({"problem": problem, "code": code})).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
        let id = answer.json()["id"].as_str().unwrap_or_default().to_owned();
        let location = answer.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert_eq!(location, format!("/api/submissions/{id}"));
        id
    }

    /// Follows a submission's event stream to its end: (event name, data) pairs.
    async fn events(&mut self, id: &str) -> Vec<(String, Value)> {
        let answer = self.get(&format!("/api/submissions/{id}/events")).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        parse_events(&answer.text)
    }
}

fn parse_events(text: &str) -> Vec<(String, Value)> {
    text.split("\n\n")
        .filter_map(|block| {
            let name = block.lines().find_map(|l| l.strip_prefix("event: "))?;
            let data: String = block.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
            Some((name.to_owned(), serde_json::from_str(&data).unwrap_or_else(|e| panic!("event data ({e}): {data}"))))
        })
        .collect()
}

async fn service() -> TestService {
    TestService::start(queue(2, 16)).await
}

#[tokio::test]
async fn health_and_the_openapi_document_describe_every_endpoint() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let health = client.get("/api/health").await.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(
        health["problems"].as_u64(),
        Some(verdict_catalog::load_catalog(&problems_dir()).map_or(0, |c| c.problems.len() as u64))
    );
    assert_eq!(health["queue"]["capacity"], 16);

    let document = client.get("/api/openapi.json").await.json();
    assert!(document["openapi"].as_str().is_some_and(|v| v.starts_with("3.")), "{document}");
    let paths: BTreeSet<&str> =
        document["paths"].as_object().map(|p| p.keys().map(String::as_str).collect()).unwrap_or_default();
    let expected = [
        "/api/health",
        "/api/problems",
        "/api/problems/{slug}",
        "/api/problems/{slug}/run",
        "/api/problems/{slug}/submissions",
        "/api/submissions",
        "/api/submissions/{id}",
        "/api/submissions/{id}/events",
        "/api/submissions/{id}/cancel",
        "/api/drafts/{slug}",
        "/api/auth/setup",
        "/api/auth/login",
        "/api/auth/logout",
        "/api/auth/me",
        "/api/tokens",
        "/api/tokens/{id}",
        "/api/assessments",
        "/api/assessments/{id}",
        "/api/assessments/{id}/duplicate",
        "/api/assessments/{id}/archive",
        "/api/assessments/{id}/unarchive",
        "/api/assessments/{id}/invitations",
        "/api/assessments/{id}/invitations/bulk",
        "/api/assessments/{id}/invitations/{inv}/extra-time",
        "/api/assessments/{id}/invitations/{inv}/revoke",
        "/api/assessments/{id}/report",
        "/api/assessments/{id}/report.csv",
        "/api/assessments/{id}/candidates/{inv}",
        "/api/assessments/{id}/similarity",
        "/api/assessments/{id}/audit",
        "/api/attempts/{token}",
        "/api/attempts/{token}/start",
        "/api/attempts/{token}/finish",
        "/api/attempts/{token}/problems/{slug}",
        "/api/attempts/{token}/problems/{slug}/run",
        "/api/attempts/{token}/problems/{slug}/submissions",
        "/api/attempts/{token}/drafts/{slug}",
        "/api/attempts/{token}/submissions",
        "/api/attempts/{token}/submissions/{id}",
        "/api/attempts/{token}/submissions/{id}/events",
    ];
    assert_eq!(paths, expected.into_iter().collect(), "documented paths");
    for schema in [
        "SubmissionView",
        "TestView",
        "ErrorBody",
        "ProblemDetail",
        "RunResult",
        "Report",
        "AttemptView",
        "InvitationView",
    ] {
        assert!(document["components"]["schemas"][schema].is_object(), "schema {schema} missing");
    }
    // Every documented path answers (not the API's own 404 for unknown endpoints).
    for path in expected {
        let concrete = path
            .replace("{slug}", "calculate-pi")
            .replace("{id}", "0123456789abcdef0123456789abcdef")
            .replace("{inv}", "0123456789abcdef0123456789abcdef")
            .replace("{token}", &"0".repeat(64));
        let answer = client.get(&concrete).await;
        assert!(!answer.text.contains("no such API endpoint"), "{path} is documented but not routed");
    }
}

#[tokio::test]
async fn the_problem_list_filters_and_rejects_unknown_filters_by_name() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let slugs = |v: Value| -> Vec<String> {
        v["problems"]
            .as_array()
            .map(|a| a.iter().filter_map(|p| p["slug"].as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    };
    let all = client.get("/api/problems").await.json();
    assert!(slugs(all.clone()).len() >= 40);
    assert!(all["topics"].as_array().is_some_and(|t| t.iter().any(|x| x == "numbers")));
    assert_eq!(all["kinds"], json!(["function", "orm", "sql", "stdio"]));
    assert_eq!(slugs(client.get("/api/problems?q=Euler%27s%20PI").await.json()), vec!["calculate-pi"]);
    let stdio = slugs(client.get("/api/problems?kind=stdio").await.json());
    assert!(stdio.contains(&"shortest-path-grid".to_owned()) && !stdio.contains(&"calculate-pi".to_owned()));
    let easy_numbers = client.get("/api/problems?difficulty=easy&topic=numbers").await.json();
    for p in easy_numbers["problems"].as_array().into_iter().flatten() {
        assert_eq!(p["difficulty"], "easy");
        assert!(p["topics"].as_array().is_some_and(|t| t.iter().any(|x| x == "numbers")));
    }
    for (query, field) in [("kind=cobol", "kind"), ("difficulty=brutal", "difficulty"), ("topic=astrology", "topic")] {
        let answer = client.get(&format!("/api/problems?{query}")).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}");
        assert_eq!(answer.error(), ("invalid_field".into(), Some(field.into())), "{query}");
    }
    let unknown = client.get("/api/problems?colour=red").await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST);
    assert!(unknown.text.contains("colour"), "{}", unknown.text);
}

#[tokio::test]
async fn a_problem_shows_statement_starter_and_samples() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let answer = client.get("/api/problems/calculate-pi").await;
    assert_eq!(answer.status, StatusCode::OK);
    let problem = answer.json();
    assert_eq!((problem["entry"].as_str(), problem["language"].as_str()), (Some("calculate_pi"), Some("python")));
    assert!(problem["statement_html"].as_str().is_some_and(|h| h.contains("<h1>") && !h.contains("<script")));
    assert!(problem["starter_code"].as_str().is_some_and(|c| c.contains("def calculate_pi")));
    assert_eq!(problem["samples"][0]["input"], json!({"args": [10000], "kwargs": {}}));
    assert_eq!(problem["samples"][0]["expected"], json!(3.1414971543976273));
    let missing = client.get("/api/problems/no-such-problem").await;
    assert_eq!((missing.status, missing.error().0), (StatusCode::NOT_FOUND, "not_found".to_owned()));
}

#[tokio::test]
async fn running_shows_every_sample_with_output_and_custom_input_against_the_reference() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let code = "def calculate_pi(n):\n    print('trying', n)\n    return 3.0\n";
    let run = client.post("/api/problems/calculate-pi/run", json!({"code": code})).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text);
    let run = run.json();
    assert_eq!(run["verdict"], "WA");
    let detail = &run["tests"][0]["detail"];
    assert_eq!((detail["actual"].clone(), detail["stdout"].as_str()), (json!(3.0), Some("trying 10000\n")));

    let custom = client
        .post("/api/problems/calculate-pi/run", json!({"code": PI_SOLUTION, "input": {"args": [2], "kwargs": {}}}))
        .await
        .json();
    assert_eq!(custom["verdict"], "AC", "{custom}");
    assert_eq!(custom["tests"][0]["detail"]["expected"], json!(6f64.sqrt()));

    let stdio = client
        .post("/api/problems/shortest-path-grid/run", json!({"code": "print(input())", "input": {"stdin": "1 1\n.\n"}}))
        .await
        .json();
    assert_eq!(stdio["tests"][0]["detail"]["stdout"], "1 1\n", "{stdio}");
    assert_eq!(stdio["tests"][0]["detail"]["expected"], "0\n", "{stdio}");

    let syntax = client.post("/api/problems/calculate-pi/run", json!({"code": "def f(:\n"})).await.json();
    assert_eq!((syntax["verdict"].as_str(), syntax["compile_error"]["line"].as_u64()), (Some("CE"), Some(1)));
}

#[tokio::test]
async fn sql_and_orm_problems_show_their_schema_and_run_on_the_candidates_own_tables() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let sql = client.get("/api/problems/sql-top-earners").await.json();
    assert_eq!((sql["kind"].as_str(), sql["language"].as_str()), (Some("sql"), Some("sql")));
    assert_eq!(sql["schema"]["file"], "schema.sql");
    assert!(sql["schema"]["source"].as_str().is_some_and(|s| s.contains("CREATE TABLE employee")), "{sql}");
    assert_eq!(sql["ordered"], true);
    assert!(sql["samples"][0]["input"]["tables"]["employee"]["rows"].is_array(), "the sample data is shown");
    assert!(sql["samples"][0]["expected"]["columns"].is_array(), "so is its expected result");

    let orm = client.get("/api/problems/django-books-with-authors").await.json();
    assert_eq!((orm["language"].as_str(), orm["framework"].as_str()), (Some("python"), Some("django")));
    assert_eq!(orm["schema"]["file"], "models.py");
    assert!(orm["schema"]["source"].as_str().is_some_and(|s| s.contains("class Book(models.Model)")), "{orm}");
    assert_eq!(orm["max_queries"], 1);

    // Custom input: the candidate's own tables, graded against the reference on them.
    let tables = json!({"employee": {"columns": ["id", "name", "department", "salary"],
        "rows": [[1, "Zed", null, 50000], [2, "Amy", "x", 50000], [3, "Low", "x", 10]]}});
    let query = "SELECT name, salary FROM employee WHERE salary >= 50000 ORDER BY salary DESC";
    let run =
        client.post("/api/problems/sql-top-earners/run", json!({"code": query, "input": {"tables": tables}})).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text);
    let run = run.json();
    assert_eq!(run["verdict"], "WA", "ties on salary go by name: {run}");
    assert_eq!(run["tests"][0]["detail"]["reason"], "row_order", "{run}");
    assert_eq!(run["tests"][0]["detail"]["expected"]["rows"], json!([["Amy", 50000], ["Zed", 50000]]));
    let broken = json!({"tables": {"employe": {"columns": ["id"], "rows": [[1]]}}});
    let run = client.post("/api/problems/sql-top-earners/run", json!({"code": query, "input": broken})).await.json();
    assert_eq!(run["verdict"], "RE", "{run}");
    assert!(
        run["tests"][0]["detail"]["message"].as_str().is_some_and(|m| m.contains("your tables did not load")),
        "{run}"
    );
    let ragged = json!({"tables": {"employee": {"columns": ["id", "name"], "rows": [[1]]}}});
    let refused = client.post("/api/problems/sql-top-earners/run", json!({"code": query, "input": ragged})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert!(refused.text.contains("row 1 has 1 values for 2 columns"), "{}", refused.text);

    // Practice runs show the SQL an ORM answer sent, passed or not.
    let code = "from models import Book\n\ndef books_with_authors(since):\n    \
        return list(Book.objects.filter(year__gte=since).order_by('title', 'id').values_list('title', 'author__name'))\n";
    let run = client.post("/api/problems/django-books-with-authors/run", json!({"code": code})).await.json();
    assert_eq!(run["verdict"], "AC", "{run}");
    let queries = &run["tests"][0]["detail"]["queries"];
    assert_eq!((queries["count"].as_u64(), queries["budget"].as_u64()), (Some(1), Some(1)), "{run}");
    assert!(queries["statements"][0].as_str().is_some_and(|q| q.contains("INNER JOIN \"author\"")), "{run}");

    // The right value over the query budget has a verdict of its own, with the counts.
    let n_plus_one = "from models import Book\n\ndef books_with_authors(since):\n    \
        return [[b.title, b.author.name] for b in Book.objects.filter(year__gte=since).order_by('title', 'id')]\n";
    let run = client.post("/api/problems/django-books-with-authors/run", json!({"code": n_plus_one})).await.json();
    assert_eq!(run["verdict"], "QLE", "{run}");
    let test = &run["tests"][0];
    assert_eq!(test["verdict"], "QLE", "{run}");
    assert_eq!(test["detail"]["actual"], test["detail"]["expected"], "the value is right: {run}");
    let (count, budget) = (test["detail"]["queries"]["count"].as_u64(), test["detail"]["queries"]["budget"].as_u64());
    assert!(count > budget && budget == Some(1), "{run}");
    let message = test["detail"]["message"].as_str().unwrap_or_default();
    assert!(message.starts_with(&format!("Too many queries: {} of 1.", count.unwrap_or(0))), "{message}");
    let openapi = client.get("/api/openapi.json").await.text;
    assert!(openapi.contains("\"QLE\"") && openapi.contains("QLE too many queries"), "the API documents it");
}

#[tokio::test]
async fn a_submission_is_followed_test_by_test_to_its_verdict_and_stays_private() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let id = client.submit("calculate-pi", PI_SOLUTION).await;
    let events = client.events(&id).await;
    let names: Vec<&str> = events.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names.first(), Some(&"state"), "{names:?}");
    assert_eq!(names.last(), Some(&"done"), "{names:?}");
    let tests: BTreeSet<u64> =
        events.iter().filter(|(n, _)| n == "test").filter_map(|(_, d)| d["number"].as_u64()).collect();
    let done = &events.last().map(|(_, d)| d.clone()).unwrap_or_default();
    assert_eq!(
        (done["state"].as_str(), done["verdict"].as_str(), done["score"].as_f64()),
        (Some("finished"), Some("AC"), Some(1.0))
    );
    let total = done["tests"].as_array().map_or(0, Vec::len) as u64;
    assert!(total >= 9, "{done}");
    assert_eq!(tests, (1..=total).collect(), "one test event per test, each once");

    // Replaying a finished submission's events gives the same tests and verdict.
    let replay = client.events(&id).await;
    assert_eq!(replay.iter().filter(|(n, _)| n == "test").count() as u64, total);

    let read = client.get(&format!("/api/submissions/{id}")).await.json();
    assert_eq!((read["verdict"].as_str(), read["code"].as_str()), (Some("AC"), Some(PI_SOLUTION)));
    let list = client.get("/api/problems?q=calculate").await.json();
    assert_eq!(list["problems"][0]["status"], "solved");
    let history = client.get("/api/problems/calculate-pi/submissions").await.json();
    assert_eq!(history["submissions"][0]["id"], id.as_str());

    // Another candidate can neither read nor follow it, and sees no status.
    let mut stranger = Client::new(service.service.router());
    stranger.set_cookie("verdict_candidate", &"ab".repeat(16));
    assert_eq!(stranger.get(&format!("/api/submissions/{id}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get(&format!("/api/submissions/{id}/events")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(stranger.get("/api/problems?q=calculate").await.json()["problems"][0]["status"], Value::Null);
    assert_eq!(client.get("/api/submissions/not-an-id").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_wrong_submission_shows_the_failing_sample_and_hides_hidden_tests() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let id = client.submit("calculate-pi", PI_ONE_TERM_TOO_MANY).await;
    let done = client.events(&id).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!(done["verdict"], "WA", "{done}");
    let tests = done["tests"].as_array().cloned().unwrap_or_default();
    let sample = tests.iter().find(|t| t["visibility"] == "sample").cloned().unwrap_or_default();
    assert_eq!(sample["verdict"], "WA");
    assert_eq!(sample["detail"]["expected"], json!(3.1414971543976273));
    assert!(sample["detail"]["actual"].as_f64().is_some_and(|a| a > 3.14149715439), "{sample}");
    for hidden in tests.iter().filter(|t| t["visibility"] == "hidden") {
        assert!(hidden.get("detail").is_none(), "hidden test shows detail: {hidden}");
        assert!(hidden["cpu_ms"].is_u64() && hidden["memory_kib"].is_u64() && hidden["verdict"].is_string());
    }
    assert!(done["score"].as_f64().is_some_and(|s| s < 1.0));
}

#[tokio::test]
async fn drafts_come_back_per_candidate() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let none = client.get("/api/drafts/calculate-pi").await;
    assert_eq!((none.status, none.error().0), (StatusCode::NOT_FOUND, "no_draft".to_owned()));
    let saved = client
        .send(
            Method::PUT,
            "/api/drafts/calculate-pi",
            Some("application/json"),
            json!({"code": "x = 1"}).to_string().into_bytes(),
        )
        .await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "{}", saved.text);
    let draft = client.get("/api/drafts/calculate-pi").await.json();
    assert_eq!(draft["code"], "x = 1");
    assert!(draft["updated_at"].as_str().is_some_and(|t| t.ends_with('Z')));
    let mut stranger = Client::new(service.service.router());
    assert_eq!(stranger.get("/api/drafts/calculate-pi").await.status, StatusCode::NOT_FOUND);
}

/// A bad request and what must come back: method, URI, content type, body; status, error code,
/// field.
type BadInput<'a> = (Method, &'a str, Option<&'a str>, Vec<u8>, StatusCode, &'a str, Option<&'a str>);

/// Every kind of bad input: a 4xx with a JSON error naming the field, never a 5xx (`send`
/// fails the test on any 5xx), and nothing stored.
#[tokio::test]
async fn bad_input_gets_a_4xx_naming_what_was_wrong() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let json_type = Some("application/json");
    let huge_body = format!("{{\"code\": \"{}\"}}", "a".repeat(300 * 1024)).into_bytes();
    let long_code = json!({"problem": "calculate-pi", "code": "#".repeat(65 * 1024)}).to_string().into_bytes();
    let cases: Vec<BadInput<'_>> = vec![
        (
            Method::POST,
            "/api/submissions",
            json_type,
            b"{\"problem\": ".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            Some("problem"),
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            b"not json".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            None,
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            b"{\"problem\": \"calculate-pi\", \"code\": \"\xff\xfe\"}".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            Some("code"),
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            br#"{"problem": "calculate-pi", "code": "\ud800"}"#.to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            Some("code"),
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            br#"{"problem": "calculate-pi", "code": "x = '\u0000'"}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("code"),
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            br#"{"problem": "calculate-pi", "code": 42}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("code"),
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            br#"{"problem": "calculate-pi"}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            None,
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            br#"{"problem": "calculate-pi", "code": "x", "extra": 1}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("extra"),
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            br#"{"problem": "no-such-problem", "code": "x"}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("problem"),
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            huge_body.clone(),
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            None,
        ),
        (
            Method::POST,
            "/api/submissions",
            json_type,
            long_code,
            StatusCode::PAYLOAD_TOO_LARGE,
            "code_too_large",
            Some("code"),
        ),
        (
            Method::POST,
            "/api/submissions",
            Some("text/plain"),
            br#"{"problem": "calculate-pi", "code": "x"}"#.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            None,
        ),
        (
            Method::POST,
            "/api/submissions",
            None,
            br#"{"problem": "calculate-pi", "code": "x"}"#.to_vec(),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            None,
        ),
        (
            Method::POST,
            "/api/problems/calculate-pi/run",
            json_type,
            br#"{"code": "x", "input": {"stdin": "1"}}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("input"),
        ),
        (
            Method::POST,
            "/api/problems/calculate-pi/run",
            json_type,
            br#"{"code": "x", "input": {"args": 5}}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("input"),
        ),
        (
            Method::POST,
            "/api/problems/calculate-pi/run",
            json_type,
            br#"{"code": "x", "input": [1]}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("input"),
        ),
        (
            Method::POST,
            "/api/problems/shortest-path-grid/run",
            json_type,
            br#"{"code": "x", "input": {"args": []}}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("input"),
        ),
        (
            Method::POST,
            "/api/problems/no-such-problem/run",
            json_type,
            br#"{"code": "x"}"#.to_vec(),
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        ),
        (
            Method::POST,
            "/api/problems/calculate-pi/run",
            json_type,
            huge_body,
            StatusCode::PAYLOAD_TOO_LARGE,
            "body_too_large",
            None,
        ),
        (
            Method::PUT,
            "/api/drafts/calculate-pi",
            json_type,
            br#"{"code": "\u0000"}"#.to_vec(),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_field",
            Some("code"),
        ),
        (
            Method::PUT,
            "/api/drafts/calculate-pi",
            json_type,
            b"{\"code\": \"\xc3\x28\"}".to_vec(),
            StatusCode::BAD_REQUEST,
            "malformed_json",
            Some("code"),
        ),
        (
            Method::PUT,
            "/api/drafts/no-such-problem",
            json_type,
            br#"{"code": "x"}"#.to_vec(),
            StatusCode::NOT_FOUND,
            "not_found",
            None,
        ),
        (
            Method::DELETE,
            "/api/submissions",
            None,
            Vec::new(),
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            None,
        ),
        (Method::GET, "/api/no/such/endpoint", None, Vec::new(), StatusCode::NOT_FOUND, "not_found", None),
        (Method::GET, "/api/submissions/%ff%fe", None, Vec::new(), StatusCode::BAD_REQUEST, "invalid_path", Some("id")),
    ];
    for (method, uri, content_type, body, status, code, field) in cases {
        let label = format!("{method} {uri} {}", String::from_utf8_lossy(&body).chars().take(80).collect::<String>());
        let answer = client.send(method, uri, content_type, body).await;
        assert_eq!(answer.status, status, "{label}: {}", answer.text);
        let (got_code, got_field) = answer.error();
        assert_eq!((got_code.as_str(), got_field.as_deref()), (code, field), "{label}: {}", answer.text);
    }
    // Nothing that was refused was stored.
    let history = client.get("/api/problems/calculate-pi/submissions").await.json();
    assert_eq!(history["submissions"], json!([]), "refused submissions were stored");
    assert_eq!(client.get("/api/drafts/calculate-pi").await.status, StatusCode::NOT_FOUND);
}

/// The hidden tests' distinctive strings: text and numbers of their inputs and expected answers
/// that appear nowhere a candidate may look (statement, starter, samples).
fn hidden_strings(slug: &str) -> Vec<String> {
    let problem = verdict_catalog::load_problem(&problems_dir().join(slug)).unwrap_or_else(|e| panic!("{e:?}"));
    let public = format!(
        "{}{}{}",
        problem.statement,
        problem.starter,
        serde_json::to_string(&problem.samples).unwrap_or_default()
    );
    fn leaves(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Number(n) => out.push(n.to_string()),
            Value::Array(a) => a.iter().for_each(|v| leaves(v, out)),
            Value::Object(o) => o.values().for_each(|v| leaves(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for test in &problem.hidden {
        let mut all = Vec::new();
        leaves(&serde_json::to_value(&test.input).unwrap_or_default(), &mut all);
        leaves(&serde_json::to_value(&test.expected).unwrap_or_default(), &mut all);
        found.extend(
            all.into_iter()
                .filter(|s| s.trim().len() >= 6 && !public.contains(s.as_str()) && s != "value" && s != "call"),
        );
    }
    found.sort();
    found.dedup();
    found
}

/// Every string in a response: the raw text and, for JSON and event streams, each decoded
/// string value (so escapes cannot hide a match).
fn visible_text(answer: &str) -> String {
    let mut text = answer.to_owned();
    let mut decode = |value: &Value| text.push_str(&format!("\n{}", collect_strings(value)));
    if let Ok(value) = serde_json::from_str::<Value>(answer) {
        decode(&value);
    }
    for (_, data) in parse_events(answer) {
        decode(&data);
    }
    text
}

fn collect_strings(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(collect_strings).collect::<Vec<_>>().join("\n"),
        Value::Object(o) => o.values().map(collect_strings).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn no_response_ever_holds_a_hidden_tests_data() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    // Code that does its best to leak: prints its input, echoes it back, raises with it.
    let leaky = [
        ("reverse-words", "def reverse_words(s):\n    print('INPUT', s)\n    if len(s) % 2:\n        raise ValueError(f'input was {s!r}')\n    return s\n"),
        ("reverse-words", "def reverse_words(s):\n    return ' '.join(reversed(s.split()))\n"),
        ("shortest-path-grid", "import sys\ndata = sys.stdin.read()\nprint(data)\nraise SystemExit(data)\n"),
        ("calculate-pi", PI_ONE_TERM_TOO_MANY),
    ];
    let mut seen = Vec::new();
    for (slug, code) in leaky {
        seen.push(client.get(&format!("/api/problems/{slug}")).await.text);
        seen.push(client.post(&format!("/api/problems/{slug}/run"), json!({"code": code})).await.text);
        let id = client.submit(slug, code).await;
        seen.push(client.get(&format!("/api/submissions/{id}/events")).await.text);
        seen.push(client.get(&format!("/api/submissions/{id}")).await.text);
        seen.push(client.get(&format!("/api/problems/{slug}/submissions")).await.text);
    }
    seen.push(client.get("/api/problems").await.text);
    let seen: Vec<String> = seen.iter().map(|s| visible_text(s)).collect();
    let mut checked = 0;
    for slug in ["reverse-words", "shortest-path-grid", "calculate-pi"] {
        let secrets = hidden_strings(slug);
        assert!(!secrets.is_empty(), "{slug}: no distinctive hidden data to look for");
        for secret in secrets {
            checked += 1;
            for body in &seen {
                assert!(!body.contains(&secret), "a response shows hidden data {secret:?} of {slug}:\n{body}");
            }
        }
    }
    assert!(checked >= 15, "only {checked} hidden strings checked");
}

#[tokio::test]
async fn a_full_queue_answers_429_with_retry_after_and_loses_nothing() {
    // One worker, room for one job: a slow submission holds the only slot.
    let service = TestService::start(QueueConfig { workers: 1, capacity: 1, parallelism: 1 }).await;
    let mut client = Client::new(service.service.router());
    let slow = "import time\n\ndef calculate_pi(n):\n    time.sleep(0.3)\n    return 0.0\n";
    let first = client.submit("calculate-pi", slow).await;
    let refused = client.post("/api/submissions", json!({"problem": "calculate-pi", "code": PI_SOLUTION})).await;
    assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS, "{}", refused.text);
    assert_eq!(refused.error().0, "queue_full");
    let retry: u64 = refused.headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()?.parse().ok()).unwrap_or(0);
    assert!((1..=120).contains(&retry), "Retry-After {retry}");
    let run = client.post("/api/problems/calculate-pi/run", json!({"code": PI_SOLUTION})).await;
    assert_eq!(run.status, StatusCode::TOO_MANY_REQUESTS, "runs share the bound");
    let done = client.events(&first).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!(done["verdict"], "WA");
    // The slot is free again, and only the accepted submission was stored.
    let again = client.submit("calculate-pi", PI_SOLUTION).await;
    assert_eq!(client.events(&again).await.pop().map(|(_, d)| d["verdict"].clone()), Some(json!("AC")));
    let history = client.get("/api/problems/calculate-pi/submissions").await.json();
    assert_eq!(history["submissions"].as_array().map(Vec::len), Some(2));
}

#[tokio::test]
async fn submissions_a_restart_interrupted_are_judged_again() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let candidate = "cd".repeat(16);
    let owner = Owner::Practice(candidate.clone());
    {
        // What a crash leaves: one submission still queued, one caught mid-judging.
        let store = SqliteStore::open_dir(data.path()).unwrap_or_else(|e| panic!("{e}"));
        for (id, code) in [("0".repeat(32), PI_SOLUTION), ("1".repeat(32), PI_ONE_TERM_TOO_MANY)] {
            let new = NewSubmission { id: &id, owner: &owner, problem: "calculate-pi", code };
            store.create_submission(&new).unwrap_or_else(|e| panic!("{e}"));
        }
        store.mark_running(&"1".repeat(32)).unwrap_or_else(|e| panic!("{e}"));
        store.record_test(&"1".repeat(32), 1, &json!({"number": 1, "verdict": "AC"})).unwrap_or_else(|e| panic!("{e}"));
    }
    let service = TestService::start_in(data.path(), queue(2, 16)).await;
    let mut client = Client::new(service.router());
    client.set_cookie("verdict_candidate", &candidate);
    let first = client.events(&"0".repeat(32)).await.pop().map(|(_, d)| d).unwrap_or_default();
    let second = client.events(&"1".repeat(32)).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!((first["verdict"].as_str(), second["verdict"].as_str()), (Some("AC"), Some("WA")));
    // Judged again from the start: the stale record of test 1 is gone, and practice stops at the
    // first failing hidden test, so every test either ran again or is counted as not run.
    let ran = second["tests"].as_array().map_or(0, Vec::len) as u64;
    assert_eq!(second["tests"][0]["verdict"], "WA", "the stale AC of test 1 was dropped: {second}");
    assert_eq!(ran + second["not_run"].as_u64().unwrap_or_default(), 10, "judged again: {second}");
}

/// A built web app in a temp folder: an index page and one asset.
fn web_app() -> tempfile::TempDir {
    let web = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(web.path().join("assets")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>Verdict</title>")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(web.path().join("assets/app.js"), "export {};\n").unwrap_or_else(|e| panic!("{e}"));
    web
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_api_answers_are_not_cached() {
    let service = service().await;
    let web = web_app();
    let mut client = Client::new(verdict_server::router(service.service.state.clone(), web.path()));
    let submitted = client.submit("calculate-pi", PI_SOLUTION).await;
    let saved = client.put("/api/drafts/calculate-pi", json!({"code": PI_SOLUTION})).await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "{}", saved.text);
    let cases = [
        ("/", false),
        ("/assets/app.js", false),
        ("/no/such/page", false),
        ("/api/health", true),
        ("/api/problems", true),
        ("/api/no-such-endpoint", true),
        (&*format!("/api/submissions/{submitted}"), true),
        ("/api/drafts/calculate-pi", true),
    ];
    for (path, api) in cases {
        let answer = client.get(path).await;
        let header = |name| answer.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(header(header::CONTENT_SECURITY_POLICY), verdict_server::CONTENT_SECURITY_POLICY, "{path}");
        assert_eq!(header(header::X_FRAME_OPTIONS), "DENY", "{path}");
        assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(header(header::REFERRER_POLICY), "no-referrer", "{path}");
        if api {
            assert_eq!(header(header::CACHE_CONTROL), "no-store", "{path}");
        }
    }
    let csp = verdict_server::CONTENT_SECURITY_POLICY;
    for directive in ["script-src 'self';", "frame-ancestors 'none'", "img-src 'self' data:;", "object-src 'none'"] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
}

#[tokio::test]
async fn no_answer_redirects_to_another_host() {
    let service = service().await;
    let web = web_app();
    let mut client = Client::new(verdict_server::router(service.service.state.clone(), web.path()));
    for path in ["//assets", "///assets", "//assets/", "/.//assets", "//assets//app.js", "//api/health", "/assets//"] {
        let answer = client.get(path).await;
        if let Some(location) = answer.headers.get(header::LOCATION) {
            let location = location.to_str().unwrap_or("//unreadable");
            assert!(
                location.starts_with('/') && !location.starts_with("//") && !location.starts_with("/\\"),
                "{path} redirects to {location}"
            );
        }
    }
    let answer = client.get("//assets").await;
    assert_eq!(answer.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()), Some("/assets/"));
    let answer = client.get("//assets//app.js?v=1").await;
    assert_eq!((answer.status, answer.text.as_str()), (StatusCode::OK, "export {};\n"), "the same file, found");
}

#[tokio::test]
async fn a_clients_request_id_is_kept_only_when_it_is_plainly_an_id() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let fine = ["abc-123", "req_1.2", &"x".repeat(64)];
    let forged = ["a b", "id=1 user=admin", "\"quoted\"", &"x".repeat(65), "tab\there"];
    for (id, kept) in fine.iter().map(|id| (*id, true)).chain(forged.iter().map(|id| (*id, false))) {
        client.headers.insert("x-request-id", id.parse().unwrap_or_else(|e| panic!("{id}: {e}")));
        let answer = client.get("/api/health").await;
        let echoed = answer.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
        if kept {
            assert_eq!(echoed, id);
        } else {
            assert!(echoed.len() == 32 && echoed.bytes().all(|b| b.is_ascii_hexdigit()), "{id:?} became {echoed:?}");
        }
    }
}

/// The store's cost of one submission, in fsync'd commits: created, running, finished, and one
/// per test as it finishes (the test's record is written once, not again at the end).
#[tokio::test]
async fn one_submission_commits_three_times_and_once_per_test() {
    let data = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let store = std::sync::Arc::new(SqliteStore::open_dir(data.path()).unwrap_or_else(|e| panic!("{e}")));
    let shared: std::sync::Arc<dyn Store> = store.clone();
    let service = verdict_server::Service::start(
        &problems_dir(),
        shared,
        verdict_tests::service::sandbox(),
        queue(1, 8),
        std::path::PathBuf::from("/nonexistent-web"),
    )
    .await
    .unwrap_or_else(|e| panic!("starting the service: {e}"));
    let mut client = Client::new(service.router());
    let before = store.commits();
    let id = client.submit("calculate-pi", PI_SOLUTION).await;
    let done = client.events(&id).await.pop().map(|(_, d)| d).unwrap_or_default();
    assert_eq!(done["verdict"], "AC", "{done}");
    let tests = done["tests"].as_array().map_or(0, Vec::len) as u64;
    let commits = store.commits() - before;
    println!("one submission of {tests} tests: {commits} commits");
    assert!(tests >= 10, "{done}");
    assert!(commits <= 3 + tests, "{commits} commits for {tests} tests");
}
