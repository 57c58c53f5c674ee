//! SQL problems in PostgreSQL's dialect through the API: listed but refused by name on a
//! service without a PostgreSQL, judged on one with it (the test command's cluster).

use crate::{service, Practice};
use axum::http::StatusCode;
use serde_json::json;
use std::sync::Arc;
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

const SLUG: &str = "sql-pgrun-latest-status";
const REFERENCE: &str = "SELECT DISTINCT ON (ticket_id) ticket_id, status, at FROM ticket_event \
                         ORDER BY ticket_id, at DESC, id DESC";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_postgresql_the_problem_is_listed_and_judging_it_says_why_not() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    assert_eq!(client.get(&format!("/api/problems/{SLUG}")).await.status, StatusCode::OK);
    for (uri, body) in [
        ("/api/submissions".to_owned(), json!({"problem": SLUG, "code": REFERENCE})),
        (format!("/api/problems/{SLUG}/run"), json!({"code": REFERENCE})),
    ] {
        let answer = client.try_post(&uri, body).await;
        assert_eq!(answer.status, StatusCode::SERVICE_UNAVAILABLE, "{uri}: {}", answer.text);
        assert_eq!(answer.code(), "unavailable");
        let message = answer.json()["error"]["message"].as_str().unwrap_or_default().to_owned();
        assert!(message.contains("no PostgreSQL") && message.contains("--sql-database-url"), "{message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_postgresql_a_submission_is_judged_there() {
    let url = verdict_pgtest::admin_url();
    let runner = tokio::task::spawn_blocking(move || verdict_pgsql::Runner::connect(&url))
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .unwrap_or_else(|e| panic!("connecting to PostgreSQL: {e}"));
    let options = verdict_server::Options { postgres: Some(Arc::new(runner)), ..verdict_server::Options::default() };
    let service = TestService::start_with_options(queue(2, 16), options).await;
    let mut client = Client::new(service.service.router());
    let id = client.submit(SLUG, REFERENCE).await;
    let done = client.events(&id).await.pop().map(|(_, data)| data).unwrap_or_default();
    assert_eq!((done["state"].as_str(), done["verdict"].as_str()), (Some("finished"), Some("AC")), "{done}");
    let id = client.submit(SLUG, "SELECT ticket_id, status, at FROM ticket_event ORDER BY 1").await;
    let done = client.events(&id).await.pop().map(|(_, data)| data).unwrap_or_default();
    assert_eq!(done["verdict"], "WA", "{done}");
}
