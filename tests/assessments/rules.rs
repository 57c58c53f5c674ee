//! The rules an assessment's input, instructions, links, origins and extra time are held to.

use crate::{assessment_input, member, ok, rfc3339, token_of};
use axum::http::{header, Method, StatusCode};
use serde_json::json;
use std::sync::Arc;
use verdict_server::settings;
use verdict_store::{Clock, ManualClock};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_assessment_input_is_refused_by_field() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(1, 8), clock.clone()).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let now = clock.now();
    let base = assessment_input(now, json!([{"slug": "calculate-pi", "points": 10}]));
    let cases = [
        ("title", json!("")),
        ("duration_minutes", json!(0)),
        ("opens_at", json!("next tuesday")),
        ("closes_at", json!(rfc3339(now - 3_600_000))),
        ("problems", json!([])),
        ("problems[0].slug", json!([{"slug": "no-such-problem", "points": 1}])),
        ("problems[1].slug", json!([{"slug": "calculate-pi", "points": 1}, {"slug": "calculate-pi", "points": 2}])),
        ("problems[0].points", json!([{"slug": "calculate-pi", "points": 0}])),
        ("practice_problem", json!("calculate-pi")),
    ];
    for (field, value) in cases {
        let mut body = base.clone();
        let key = field.split(['[', '.']).next().unwrap_or(field);
        body[key] = value;
        let answer = team.post("/api/assessments", body).await;
        assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}: {}", answer.text);
        assert_eq!(answer.json()["error"]["field"], field, "{}", answer.text);
    }
    let created = team.post("/api/assessments", base.clone()).await;
    let id = ok(&created, StatusCode::CREATED, "create")["id"].as_str().unwrap_or_default().to_owned();
    let csv = "name,email\nAda,ada@x.test\nBob,bob-at-example\n";
    let bulk =
        team.send(Method::POST, &format!("/api/assessments/{id}/invitations/bulk"), Some("text/csv"), csv.into()).await;
    assert_eq!(bulk.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bulk.json()["error"]["message"].as_str().is_some_and(|m| m.starts_with("line 3:")), "{}", bulk.text);
    let listed = ok(&team.get(&format!("/api/assessments/{id}/invitations")).await, StatusCode::OK, "list");
    assert_eq!(listed["invitations"], json!([]), "a bad CSV invites no one");

    // Duplicate, archive, and an edit refused once a candidate started.
    let copy = ok(&team.post(&format!("/api/assessments/{id}/duplicate"), json!({})).await, StatusCode::CREATED, "dup");
    assert_eq!(copy["title"], "Copy of Backend engineer");
    let archived = ok(
        &team.post(&format!("/api/assessments/{}/archive", copy["id"].as_str().unwrap_or("")), json!({})).await,
        StatusCode::OK,
        "archive",
    );
    assert_eq!(archived["archived"], true);
    let listed = ok(&team.get("/api/assessments").await, StatusCode::OK, "list");
    assert_eq!(listed["assessments"].as_array().map(Vec::len), Some(1), "archived ones are hidden");
    let all = ok(&team.get("/api/assessments?archived=true").await, StatusCode::OK, "list");
    assert_eq!(all["assessments"].as_array().map(Vec::len), Some(2));
    let invited = ok(
        &team.post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Ada", "email": "ada@x.test"})).await,
        StatusCode::CREATED,
        "invite",
    );
    let token = token_of(invited["link"].as_str().unwrap_or_default());
    ok(
        &Client::new(router.clone()).post(&format!("/api/attempts/{token}/start"), json!({})).await,
        StatusCode::OK,
        "start",
    );
    let mut longer = base.clone();
    longer["duration_minutes"] = json!(90);
    let refused = team.put(&format!("/api/assessments/{id}"), longer).await;
    assert_eq!((refused.status, refused.code()), (StatusCode::CONFLICT, "assessment_started".into()));
    let mut retitled = base;
    retitled["title"] = json!("Backend engineer (2026)");
    ok(&team.put(&format!("/api/assessments/{id}"), retitled).await, StatusCode::OK, "a new title is fine");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn origins_links_instructions_and_extra_time_are_held_to_their_rules() {
    let clock = Arc::new(ManualClock::at_system_time());
    let options = verdict_server::Options {
        clock: clock.clone(),
        hiring: settings::HiringConfig {
            public_url: Some("https://verdict.example.com".into()),
            ..settings::HiringConfig::default()
        },
        postgres: None,
        package_cache: None,
        mail: None,
        webhooks_allow_private: false,
        deliver_webhooks: true,
        judge0: None,
        jobe: None,
        acceptance_ttl: verdict_server::acceptance::ACCEPTANCE_TTL,
    };
    let service = TestService::start_with_options(queue(1, 8), options).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;

    // Reached over https, the candidate's cookie is Secure, as the session's is.
    let first_visit = Client::new(router.clone()).get("/api/problems").await;
    let candidate_cookie = first_visit
        .headers
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .find(|value| value.starts_with("verdict_candidate="))
        .unwrap_or_default()
        .to_owned();
    assert!(candidate_cookie.contains("; Secure"), "{candidate_cookie:?}");

    // Instructions may not load anything from elsewhere: remote images are dropped.
    let mut input = assessment_input(clock.now(), json!([{"slug": "is-palindrome", "points": 5}]));
    input["instructions"] = json!(
        "Read this. ![pixel](https://tracker.test/a.png) <img src=\"http://tracker.test/b.gif\"> \
         <img src=\"//tracker.test/c.gif\"> [help](https://example.com/help)"
    );
    let created = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create");
    let id = created["id"].as_str().unwrap_or_default().to_owned();
    let html = created["instructions_html"].as_str().unwrap_or_default().to_owned();
    assert!(!html.contains("tracker.test") && !html.contains("<img"), "{html}");
    assert!(html.contains("Read this.") && html.contains("https://example.com/help"), "{html}");

    // Links use the public URL, whatever Host the request names.
    let invited =
        team.post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Ada", "email": "ada@x.test"})).await;
    let invited = ok(&invited, StatusCode::CREATED, "invite");
    let link = invited["link"].as_str().unwrap_or_default();
    assert!(link.starts_with("https://verdict.example.com/#/a/"), "{link} (the request's Host was verdict.test)");
    let attempt = format!("/api/attempts/{}", token_of(link));
    let seen = ok(&Client::new(router.clone()).get(&attempt).await, StatusCode::OK, "attempt");
    assert!(!seen["assessment"]["instructions_html"].as_str().unwrap_or("tracker.test").contains("tracker.test"));

    // A signed-in browser may change things only from the service's own origin: scheme, host
    // and port.
    let inv = invited["invitation"]["id"].as_str().unwrap_or_default().to_owned();
    let extra = format!("/api/assessments/{id}/invitations/{inv}/extra-time");
    for origin in ["http://verdict.example.com", "https://verdict.example.com:8443", "https://evil.test", "null"] {
        let mut browser = team.clone();
        browser.headers.insert(header::ORIGIN, origin.parse().unwrap_or_else(|e| panic!("{e}")));
        let answer = browser.post(&extra, json!({"minutes": 5})).await;
        assert_eq!((answer.status, answer.code()), (StatusCode::FORBIDDEN, "cross_origin".into()), "{origin}");
    }
    let mut browser = team.clone();
    browser.headers.insert(header::ORIGIN, "https://verdict.example.com".parse().unwrap_or_else(|e| panic!("{e}")));

    // Extra time adds up to at most the assessment's duration (30 minutes here).
    let answer = browser.post(&extra, json!({"minutes": 31})).await;
    assert_eq!(
        (answer.status, answer.error()),
        (StatusCode::UNPROCESSABLE_ENTITY, ("invalid_field".into(), Some("minutes".into())))
    );
    ok(&browser.post(&extra, json!({"minutes": 20})).await, StatusCode::OK, "20 of 30");
    let answer = browser.post(&extra, json!({"minutes": 11})).await;
    assert_eq!(answer.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", answer.text);
    assert!(answer.text.contains("at most 10 more"), "{}", answer.text);
    let last = ok(&browser.post(&extra, json!({"minutes": 10})).await, StatusCode::OK, "the last 10");
    assert_eq!(last["extra_minutes"], 30);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_public_url_the_origin_must_match_the_hosts_scheme_too() {
    let service = TestService::start(queue(1, 8)).await;
    let router = service.service.router();
    let team = member(&service, &router, "lead@acme.test", "Acme").await;
    for (origin, allowed) in [
        ("http://verdict.test", true),
        ("https://verdict.test", false),
        ("http://verdict.test:8080", false),
        ("http://evil.test", false),
    ] {
        let mut browser = team.clone();
        browser.headers.insert(header::ORIGIN, origin.parse().unwrap_or_else(|e| panic!("{e}")));
        let answer = browser.post("/api/tokens", json!({"name": "from a page"})).await;
        let expected = if allowed { StatusCode::CREATED } else { StatusCode::FORBIDDEN };
        assert_eq!(answer.status, expected, "{origin}: {}", answer.text);
    }
}
