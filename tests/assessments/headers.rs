//! Team and attempt answers carry the security headers and are never cached.

use crate::{assessment_input, member, ok, token_of, PALINDROME};
use axum::http::{header, StatusCode};
use serde_json::json;
use std::sync::Arc;
use verdict_store::{Clock, ManualClock};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn team_and_attempt_answers_carry_security_headers_and_are_never_cached() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(1, 8), clock.clone()).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let created = team
        .post("/api/assessments", assessment_input(clock.now(), json!([{"slug": "is-palindrome", "points": 5}])))
        .await;
    let id = ok(&created, StatusCode::CREATED, "create")["id"].as_str().unwrap_or_default().to_owned();
    let invited =
        team.post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Ada", "email": "ada@x.test"})).await;
    let invited = ok(&invited, StatusCode::CREATED, "invite");
    let (token, inv) = (
        token_of(invited["link"].as_str().unwrap_or_default()),
        invited["invitation"]["id"].as_str().unwrap_or_default().to_owned(),
    );
    let made = team.post("/api/tokens", json!({"name": "ci"})).await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
    let cache = made.headers.get(header::CACHE_CONTROL).and_then(|v| v.to_str().ok());
    assert_eq!(cache, Some("no-store"), "the answer that shows a new API token");
    let mut candidate = Client::new(router.clone());
    let attempt = format!("/api/attempts/{token}");
    ok(&candidate.post(&format!("{attempt}/start"), json!({})).await, StatusCode::OK, "start");
    let saved = candidate.put(&format!("{attempt}/drafts/is-palindrome"), json!({"code": PALINDROME})).await;
    ok(&saved, StatusCode::NO_CONTENT, "draft");
    let submitted = candidate
        .post(&format!("{attempt}/submissions"), json!({"problem": "is-palindrome", "code": PALINDROME}))
        .await;
    let submission = ok(&submitted, StatusCode::ACCEPTED, "submit")["id"].as_str().unwrap_or_default().to_owned();

    let team_paths = [
        "/api/auth/me".to_owned(),
        "/api/tokens".to_owned(),
        "/api/assessments".to_owned(),
        format!("/api/assessments/{id}"),
        format!("/api/assessments/{id}/report"),
        format!("/api/assessments/{id}/report.csv"),
        format!("/api/assessments/{id}/invitations"),
        format!("/api/assessments/{id}/candidates/{inv}"),
        format!("/api/assessments/{id}/audit"),
    ];
    let attempt_paths = [
        attempt.clone(),
        format!("{attempt}/problems/is-palindrome"),
        format!("{attempt}/drafts/is-palindrome"),
        format!("{attempt}/problems/is-palindrome/submissions"),
        format!("{attempt}/submissions/{submission}"),
    ];
    let mut answers = Vec::new();
    for path in &team_paths {
        answers.push((path.clone(), team.get(path).await));
    }
    for path in &attempt_paths {
        answers.push((path.clone(), candidate.get(path).await));
    }
    answers.push(("401".into(), Client::new(router.clone()).get("/api/assessments").await));
    for (path, answer) in &answers {
        let header = |name| answer.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert!(answer.status == StatusCode::OK || path == "401", "{path}: {}", answer.text);
        assert_eq!(header(header::CACHE_CONTROL), "no-store", "{path}");
        assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(header(header::X_FRAME_OPTIONS), "DENY", "{path}");
        assert_eq!(header(header::REFERRER_POLICY), "no-referrer", "{path}");
        let csp = header(header::CONTENT_SECURITY_POLICY);
        assert!(csp.contains("frame-ancestors 'none'") && csp.contains("script-src 'self';"), "{path}: {csp}");
    }
}
