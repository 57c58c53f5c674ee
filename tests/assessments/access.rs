//! Every way into data that is not yours is refused.

use crate::{assessment_input, member, ok, token_of, PI};
use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use verdict_store::{Clock, ManualClock};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_way_into_data_that_is_not_yours_is_refused() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(2, 32), clock.clone()).await;
    let router = service.service.router();
    let mut acme = member(&service, &router, "lead@acme.test", "Acme").await;
    let mut rival = member(&service, &router, "boss@rival.test", "Rival").await;
    let now = clock.now();
    let created =
        acme.post("/api/assessments", assessment_input(now, json!([{"slug": "calculate-pi", "points": 10}]))).await;
    let id = ok(&created, StatusCode::CREATED, "create")["id"].as_str().unwrap_or_default().to_owned();
    let invite = |name: &str| json!({"name": name, "email": format!("{}@x.test", name.to_lowercase())});
    let ada =
        ok(&acme.post(&format!("/api/assessments/{id}/invitations"), invite("Ada")).await, StatusCode::CREATED, "");
    let bob =
        ok(&acme.post(&format!("/api/assessments/{id}/invitations"), invite("Bob")).await, StatusCode::CREATED, "");
    let ada_token = token_of(ada["link"].as_str().unwrap_or_default());
    let bob_token = token_of(bob["link"].as_str().unwrap_or_default());
    let ada_id = ada["invitation"]["id"].as_str().unwrap_or_default().to_owned();

    // Another team sees nothing of this assessment: 404, as if it did not exist.
    let team_paths = [
        format!("/api/assessments/{id}"),
        format!("/api/assessments/{id}/report"),
        format!("/api/assessments/{id}/report.csv"),
        format!("/api/assessments/{id}/invitations"),
        format!("/api/assessments/{id}/candidates/{ada_id}"),
        format!("/api/assessments/{id}/candidates/{ada_id}/activity"),
        format!("/api/assessments/{id}/similarity"),
        format!("/api/assessments/{id}/audit"),
        format!("/api/assessments/{id}/export.json"),
        format!("/api/assessments/{id}/candidates/{ada_id}/review"),
    ];
    for path in &team_paths {
        let answer = rival.get(path).await;
        assert_eq!(answer.status, StatusCode::NOT_FOUND, "{path} for another team: {}", answer.text);
    }
    for (path, body) in [
        (format!("/api/assessments/{id}/invitations"), invite("Mallory")),
        (format!("/api/assessments/{id}/invitations/{ada_id}/extra-time"), json!({"minutes": 60})),
        (format!("/api/assessments/{id}/invitations/{ada_id}/revoke"), json!({})),
        (format!("/api/assessments/{id}/duplicate"), json!({})),
        (format!("/api/assessments/{id}/archive"), json!({})),
        (format!("/api/assessments/{id}/candidates/{ada_id}/notes"), json!({"text": "a rival's note"})),
    ] {
        assert_eq!(rival.post(&path, body).await.status, StatusCode::NOT_FOUND, "POST {path} for another team");
    }
    let card = json!({"ratings": {"problem_solving": 1, "code_quality": 1, "testing": 1, "communication": 1},
                      "recommendation": "strong_no"});
    let scored = rival.put(&format!("/api/assessments/{id}/candidates/{ada_id}/scorecard"), card).await;
    assert_eq!(scored.status, StatusCode::NOT_FOUND, "a scorecard on another team's candidate: {}", scored.text);
    let listed = ok(&rival.get("/api/assessments").await, StatusCode::OK, "list");
    assert_eq!(listed["assessments"], json!([]), "another team's list is empty");

    // Without a session or token: 401; a candidate's link opens no team endpoint.
    let mut anonymous = Client::new(router.clone());
    for path in team_paths.iter().chain([&"/api/assessments".to_owned(), &"/api/auth/me".to_owned()]) {
        let answer = anonymous.get(path).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::UNAUTHORIZED, "unauthorized".into()), "{path}");
    }
    let mut forged = Client::new(router.clone());
    forged.set_cookie("verdict_session", &"0".repeat(64));
    assert_eq!(forged.get("/api/assessments").await.status, StatusCode::UNAUTHORIZED, "a made-up session");
    let mut forged = Client::new(router.clone());
    forged.bearer = Some(ada_token.clone());
    assert_eq!(forged.get("/api/assessments").await.status, StatusCode::UNAUTHORIZED, "a link is not an API token");

    // A session cookie changes nothing without JSON, or from another origin.
    let form = acme
        .send(
            Method::POST,
            &format!("/api/assessments/{id}/archive"),
            Some("application/x-www-form-urlencoded"),
            vec![],
        )
        .await;
    assert_eq!(form.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", form.text);
    let request = Request::builder()
        .method(Method::POST)
        .uri(format!("/api/assessments/{id}/archive"))
        .header(header::HOST, "verdict.test")
        .header(header::ORIGIN, "https://evil.test")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::COOKIE, acme.cookie_header())
        .body(Body::from("{}"))
        .unwrap_or_else(|e| panic!("{e}"));
    let response = router.clone().oneshot(request).await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(response.status(), StatusCode::FORBIDDEN, "a cross-site request with the cookie");

    // One candidate cannot read another's submission with their own link.
    let mut ada_browser = Client::new(router.clone());
    let mut bob_browser = Client::new(router.clone());
    ok(&ada_browser.post(&format!("/api/attempts/{ada_token}/start"), json!({})).await, StatusCode::OK, "start");
    ok(&bob_browser.post(&format!("/api/attempts/{bob_token}/start"), json!({})).await, StatusCode::OK, "start");
    let submitted = ada_browser
        .post(&format!("/api/attempts/{ada_token}/submissions"), json!({"problem": "calculate-pi", "code": PI}))
        .await;
    let submission = ok(&submitted, StatusCode::ACCEPTED, "submit")["id"].as_str().unwrap_or_default().to_owned();
    for path in [
        format!("/api/attempts/{bob_token}/submissions/{submission}"),
        format!("/api/attempts/{bob_token}/submissions/{submission}/events"),
        format!("/api/submissions/{submission}"),
    ] {
        assert_eq!(bob_browser.get(&path).await.status, StatusCode::NOT_FOUND, "{path}");
    }
    let own = ada_browser.get(&format!("/api/attempts/{ada_token}/submissions/{submission}")).await;
    assert_eq!(own.status, StatusCode::OK, "her own: {}", own.text);
    let other_problem = bob_browser.get(&format!("/api/attempts/{bob_token}/problems/is-palindrome")).await;
    assert_eq!(other_problem.status, StatusCode::NOT_FOUND, "a problem outside the assessment");

    // API tokens: shown once, work as a bearer, stop working when deleted.
    let made = ok(&acme.post("/api/tokens", json!({"name": "ci"})).await, StatusCode::CREATED, "token");
    let mut script = Client::new(router.clone());
    script.bearer = made["token"].as_str().map(str::to_owned);
    assert_eq!(script.get(&format!("/api/assessments/{id}")).await.status, StatusCode::OK, "the token works");
    let listed = acme.get("/api/tokens").await.text;
    assert!(!listed.contains(made["token"].as_str().unwrap_or("?")), "the token is never shown again");
    let token_id = made["id"].as_str().unwrap_or_default();
    let deleted = acme.send(Method::DELETE, &format!("/api/tokens/{token_id}"), None, vec![]).await;
    assert_eq!(deleted.status, StatusCode::NO_CONTENT);
    assert_eq!(script.get(&format!("/api/assessments/{id}")).await.status, StatusCode::UNAUTHORIZED);

    // Guessed, malformed, revoked and expired links.
    let guessed = Client::new(router.clone()).get(&format!("/api/attempts/{}", "a".repeat(64))).await;
    assert_eq!(guessed.status, StatusCode::NOT_FOUND, "{}", guessed.text);
    let malformed = Client::new(router.clone()).get("/api/attempts/..%2F..%2Fetc%2Fpasswd").await;
    assert_eq!(malformed.status, StatusCode::NOT_FOUND);
    let revoked = acme.post(&format!("/api/assessments/{id}/invitations/{ada_id}/revoke"), json!({})).await;
    assert_eq!(ok(&revoked, StatusCode::OK, "revoke")["status"], "revoked");
    for path in [format!("/api/attempts/{ada_token}"), format!("/api/attempts/{ada_token}/submissions/{submission}")] {
        let answer = ada_browser.get(&path).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::GONE, "link_revoked".into()), "{path}");
    }
    let carol =
        ok(&acme.post(&format!("/api/assessments/{id}/invitations"), invite("Carol")).await, StatusCode::CREATED, "");
    let carol_token = token_of(carol["link"].as_str().unwrap_or_default());
    clock.advance(Duration::from_secs(2 * 86_400));
    let mut carol_browser = Client::new(router.clone());
    let expired = ok(&carol_browser.get(&format!("/api/attempts/{carol_token}")).await, StatusCode::OK, "attempt");
    assert_eq!(expired["status"], "expired");
    let late_start = carol_browser.post(&format!("/api/attempts/{carol_token}/start"), json!({})).await;
    assert_eq!((late_start.status, late_start.code()), (StatusCode::CONFLICT, "window_closed".into()));

    // Signing out ends the session; five wrong passwords stop further tries for a while.
    ok(&acme.post("/api/auth/logout", json!({})).await, StatusCode::NO_CONTENT, "logout");
    assert_eq!(acme.get("/api/assessments").await.status, StatusCode::UNAUTHORIZED);
    let mut guesser = Client::new(router.clone());
    for _ in 0..5 {
        let answer =
            guesser.post("/api/auth/login", json!({"email": "lead@acme.test", "password": "guess guess guess"})).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED);
    }
    let blocked =
        guesser.post("/api/auth/login", json!({"email": "lead@acme.test", "password": "correct horse battery"})).await;
    assert_eq!((blocked.status, blocked.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts".into()));
    assert!(blocked.headers.contains_key(header::RETRY_AFTER));
}
