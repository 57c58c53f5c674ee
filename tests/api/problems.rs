//! The catalogue's endpoints: health and the OpenAPI document, the list and its filters, a
//! problem's page, and running code on samples or the candidate's own input.

use crate::{service, PI_SOLUTION};
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeSet;
use verdict_tests::http::Client;
use verdict_tests::service::problems_dir;

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
    // The server's role policy is the one list of its endpoints (the role walk in api_fast
    // checks each against the document and calls it): the served document names exactly those.
    let expected: BTreeSet<String> =
        verdict_server::policy::POLICY.iter().map(|(_, path, _)| format!("/api{path}")).collect();
    let paths: BTreeSet<String> = paths.into_iter().map(str::to_owned).collect();
    assert_eq!(paths, expected, "documented paths");
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
    assert_eq!(all["kinds"], json!(["function", "orm", "pandas", "sql", "stdio", "tests", "web"]));
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
async fn a_tests_problem_names_its_module_takes_no_custom_input_and_runs_the_suite() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let problem = client.get("/api/problems/bank-account-tests").await.json();
    assert_eq!((problem["kind"].as_str(), problem["module"].as_str()), (Some("tests"), Some("account")), "{problem}");
    assert_eq!(problem["samples"][1]["input"]["bug"], "withdraw lets the balance go below zero", "{problem}");
    let implementation = std::fs::read_to_string(problems_dir().join("bank-account-tests/implementation.py"))
        .unwrap_or_else(|e| panic!("implementation.py: {e}"));
    let secret = implementation.lines().find(|l| l.contains("raise ValueError")).unwrap_or_default().trim();
    assert!(!secret.is_empty() && !problem.to_string().contains(secret), "the module under test is never shown");
    let calculate_pi = client.get("/api/problems/calculate-pi").await.json();
    assert!(calculate_pi.get("module").is_none(), "other kinds have no module: {calculate_pi}");

    let suite = "from account import Account\n\ndef test_deposit():\n    assert Account(5).deposit(3) == 8\n";
    let custom = client
        .post("/api/problems/bank-account-tests/run", json!({"code": suite, "input": {"args": [], "kwargs": {}}}))
        .await;
    assert_eq!(custom.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", custom.text);
    assert_eq!(custom.error().1.as_deref(), Some("input"), "{}", custom.text);

    let run = client.post("/api/problems/bank-account-tests/run", json!({"code": suite})).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text);
    let run = run.json();
    let gate = &run["tests"][0];
    assert_eq!((gate["verdict"].as_str(), gate["detail"]["suite"]["passed"].as_u64()), (Some("AC"), Some(1)), "{run}");
    assert!(gate["detail"]["suite"]["coverage"]["lines"].as_u64() > Some(0), "{run}");
    assert!(gate["detail"]["suite"]["coverage"].get("missing_lines").is_none(), "which lines are missed is not shown");
    assert_eq!(run["tests"][1]["verdict"], "WA", "the overdraft bug is missed: {run}");
    assert_eq!(run["tests"].as_array().map(Vec::len), Some(2), "a run tries the sample bug only: {run}");
}
