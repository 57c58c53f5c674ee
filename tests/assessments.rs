//! Timed assessments over HTTP, on the real router, catalogue, sandbox and a real SQLite file,
//! with the service's one clock set by the test: a team member made by `verdict admin
//! create-user` signs in, builds an assessment and invites two candidates; both start, run and
//! submit; one runs out of time and has their last draft graded, a submission after the
//! deadline is refused, extra time moves the other's deadline, and the report, the CSV and the
//! audit log hold the right figures. Then every way of reaching data that is not yours.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use tower::ServiceExt;
use verdict_server::auth;
use verdict_store::{AssessmentStore, Clock, ManualClock, SqliteStore};
use verdict_tests::http::{Answer, Client};
use verdict_tests::service::{queue, TestService};
use verdict_tests::Deadline;

const PI: &str = "import math\n\n\ndef calculate_pi(n):\n    total = 0.0\n    for i in range(1, n):\n        total += 1 / i**2\n    return math.sqrt(6 * total)\n";
const PALINDROME: &str =
    "def is_palindrome(s):\n    kept = [c.lower() for c in s if c.isalnum()]\n    return kept == kept[::-1]\n";
const MINUTE: u64 = 60;

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    if answer.text.is_empty() {
        Value::Null
    } else {
        answer.json()
    }
}

fn rfc3339(millis: i64) -> String {
    humantime::format_rfc3339(std::time::UNIX_EPOCH + Duration::from_millis(millis as u64)).to_string()
}

/// A team member made straight in the store (the CLI path is tested in the whole flow), signed
/// in through the setup link.
async fn member(service: &TestService, router: &Router, email: &str, team: &str) -> Client {
    let store = SqliteStore::open_dir(service.data.path()).unwrap_or_else(|e| panic!("{e}"));
    let token = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
    let id = email.replace(['@', '.'], "-");
    store
        .create_user(&id, email, team, &verdict_accounts::token_hash(&token), i64::MAX)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut client = Client::new(router.clone());
    let answer = client.post("/api/auth/setup", json!({"token": token, "password": "correct horse battery"})).await;
    ok(&answer, StatusCode::NO_CONTENT, "setup");
    client
}

fn assessment_input(now: i64, problems: Value) -> Value {
    json!({
        "title": "Backend engineer",
        "instructions": "Two problems. **Good luck.**",
        "duration_minutes": 30,
        "opens_at": rfc3339(now - 60_000),
        "closes_at": rfc3339(now + 86_400_000),
        "problems": problems,
    })
}

/// The token at the end of a candidate link.
fn token_of(link: &str) -> String {
    link.rsplit_once("#/a/").map(|(_, t)| t.to_owned()).unwrap_or_else(|| panic!("no token in {link}"))
}

/// Polls the report until no submission is waiting or being graded.
async fn settled_report(team: &mut Client, assessment: &str) -> Value {
    let deadline = Deadline::start();
    loop {
        let report = ok(&team.get(&format!("/api/assessments/{assessment}/report")).await, StatusCode::OK, "report");
        let pending = report["candidates"]
            .as_array()
            .into_iter()
            .flatten()
            .flat_map(|c| c["problems"].as_array().into_iter().flatten())
            .any(|p| matches!(p["state"].as_str(), Some("queued" | "running")));
        if !pending {
            return report;
        }
        deadline.tick_async("grading to settle").await;
    }
}

fn row<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["candidates"]
        .as_array()
        .and_then(|c| c.iter().find(|c| c["name"] == name))
        .unwrap_or_else(|| panic!("no {name} in {report}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_candidates_take_a_timed_assessment_and_the_report_holds_their_scores() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(2, 32), clock.clone()).await;
    let router = service.service.router();

    // `verdict admin create-user` prints a setup link; the member chooses a password there.
    let output = std::process::Command::new(verdict_tests::binary("verdict"))
        .args(["admin", "create-user", "lead@acme.test", "--team", "Acme", "--url", "https://verdict.test"])
        .arg("--data")
        .arg(service.data.path())
        .output()
        .unwrap_or_else(|e| panic!("running verdict admin: {e}"));
    let printed = String::from_utf8_lossy(&output.stdout).into_owned();
    assert!(output.status.success(), "{printed}{}", String::from_utf8_lossy(&output.stderr));
    let setup_token = printed
        .split("https://verdict.test/#/setup/")
        .nth(1)
        .map(|rest| rest.trim().to_owned())
        .unwrap_or_else(|| panic!("no setup link in {printed}"));
    let mut team = Client::new(router.clone());
    let short = team.post("/api/auth/setup", json!({"token": setup_token, "password": "short"})).await;
    assert_eq!((short.status, short.code()), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field".into()));
    let answer = team.post("/api/auth/setup", json!({"token": setup_token, "password": "correct horse battery"})).await;
    ok(&answer, StatusCode::NO_CONTENT, "setup");
    let reused = Client::new(router.clone())
        .post("/api/auth/setup", json!({"token": setup_token, "password": "another horse battery"}))
        .await;
    assert_eq!(reused.status, StatusCode::NOT_FOUND, "a setup link works once: {}", reused.text);

    // Signing in again with the password.
    let mut team = Client::new(router.clone());
    let wrong =
        team.post("/api/auth/login", json!({"email": "lead@acme.test", "password": "wrong horse battery"})).await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "bad_credentials".into()));
    let login =
        team.post("/api/auth/login", json!({"email": "LEAD@acme.test", "password": "correct horse battery"})).await;
    let me = ok(&login, StatusCode::OK, "login");
    assert_eq!(me, json!({"email": "lead@acme.test", "team": "Acme"}));
    let cookie = login.headers.get(header::SET_COOKIE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");

    // The assessment: two problems, 30 minutes.
    let now = clock.now();
    let problems = json!([{"slug": "calculate-pi", "points": 10}, {"slug": "is-palindrome", "points": 5}]);
    let created = team.post("/api/assessments", assessment_input(now, problems)).await;
    let assessment = ok(&created, StatusCode::CREATED, "create");
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(assessment["total_points"], 15);

    // Two candidates: one by form, one from CSV.
    let ada = ok(
        &team.post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Ada", "email": "ada@x.test"})).await,
        StatusCode::CREATED,
        "invite",
    );
    // A router used without a socket knows no address of its own: the link is relative, never
    // made from the request's Host (`verdict serve` always has one: see tests/serve.rs).
    assert!(ada["link"].as_str().is_some_and(|l| l.starts_with("/#/a/")), "{ada}");
    let csv = "name,email\nBob Byte,bob@x.test\n";
    let bulk =
        team.send(Method::POST, &format!("/api/assessments/{id}/invitations/bulk"), Some("text/csv"), csv.into()).await;
    let bulk = ok(&bulk, StatusCode::CREATED, "bulk invite");
    let (ada_token, bob_token) = (
        token_of(ada["link"].as_str().unwrap_or_default()),
        token_of(bulk["invitations"][0]["link"].as_str().unwrap_or_default()),
    );
    let bob_id = bulk["invitations"][0]["invitation"]["id"].as_str().unwrap_or_default().to_owned();
    let ada_id = ada["invitation"]["id"].as_str().unwrap_or_default().to_owned();

    // Both open their link and start.
    let mut ada_browser = Client::new(router.clone());
    let mut bob_browser = Client::new(router.clone());
    let before = ok(&ada_browser.get(&format!("/api/attempts/{ada_token}")).await, StatusCode::OK, "attempt");
    assert_eq!((before["status"].as_str(), before["problems"].as_array().map(Vec::len)), (Some("open"), Some(0)));
    let closed = ada_browser.get(&format!("/api/attempts/{ada_token}/problems/calculate-pi")).await;
    assert_eq!(closed.status, StatusCode::CONFLICT, "problems stay closed before Start: {}", closed.text);
    let practice = before["practice_problem"].as_str().unwrap_or_default().to_owned();
    let practice_run =
        ada_browser.post(&format!("/api/attempts/{ada_token}/problems/{practice}/run"), json!({"code": "x = 1"})).await;
    ok(&practice_run, StatusCode::OK, "the practice problem runs before Start");
    let started =
        ok(&ada_browser.post(&format!("/api/attempts/{ada_token}/start"), json!({})).await, StatusCode::OK, "start");
    assert_eq!(started["status"], "started");
    assert_eq!(started["remaining_ms"], 30 * 60_000);
    ok(&bob_browser.post(&format!("/api/attempts/{bob_token}/start"), json!({})).await, StatusCode::OK, "start");

    // Ada runs, submits pi, and leaves a draft of the palindrome she never submits.
    let ada_base = format!("/api/attempts/{ada_token}");
    let run = ok(
        &ada_browser.post(&format!("{ada_base}/problems/calculate-pi/run"), json!({"code": PI})).await,
        StatusCode::OK,
        "run",
    );
    assert_eq!(run["verdict"], "AC", "{run}");
    let submitted =
        ada_browser.post(&format!("{ada_base}/submissions"), json!({"problem": "calculate-pi", "code": PI})).await;
    ok(&submitted, StatusCode::ACCEPTED, "submit");
    clock.advance(Duration::from_secs(10 * MINUTE));
    ok(
        &ada_browser.put(&format!("{ada_base}/drafts/is-palindrome"), json!({"code": "def is_palindrome(s):\n"})).await,
        StatusCode::NO_CONTENT,
        "autosave",
    );
    clock.advance(Duration::from_secs(5 * MINUTE));
    ok(
        &ada_browser.put(&format!("{ada_base}/drafts/is-palindrome"), json!({"code": PALINDROME})).await,
        StatusCode::NO_CONTENT,
        "autosave",
    );

    // Bob saves a pi draft and gets 10 minutes more during his attempt.
    ok(
        &bob_browser.put(&format!("/api/attempts/{bob_token}/drafts/calculate-pi"), json!({"code": PI})).await,
        StatusCode::NO_CONTENT,
        "autosave",
    );
    let extended =
        team.post(&format!("/api/assessments/{id}/invitations/{bob_id}/extra-time"), json!({"minutes": 10})).await;
    let extended = ok(&extended, StatusCode::OK, "extra time");
    assert_eq!(extended["extra_minutes"], 10);
    let bob_now = ok(&bob_browser.get(&format!("/api/attempts/{bob_token}")).await, StatusCode::OK, "attempt");
    assert_eq!(bob_now["remaining_ms"], (40 - 15) * 60_000, "the deadline moved by 10 minutes: {bob_now}");

    // 31 minutes in: Ada's time is over, Bob's is not.
    clock.advance(Duration::from_secs(16 * MINUTE));
    let late = ada_browser
        .post(&format!("{ada_base}/submissions"), json!({"problem": "is-palindrome", "code": "late = True"}))
        .await;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "time_over".into()), "{}", late.text);
    assert!(late.json()["error"]["message"].as_str().is_some_and(|m| m.contains("time")), "{}", late.text);
    let late_save = ada_browser.put(&format!("{ada_base}/drafts/is-palindrome"), json!({"code": "lost?"})).await;
    assert_eq!(late_save.code(), "time_over");
    let kept = ok(&ada_browser.get(&format!("{ada_base}/drafts/is-palindrome")).await, StatusCode::OK, "draft");
    assert_eq!(kept["code"], PALINDROME, "what was saved before the deadline is kept");
    let ada_after = ok(&ada_browser.get(&ada_base).await, StatusCode::OK, "attempt");
    assert_eq!((ada_after["status"].as_str(), ada_after["remaining_ms"].as_i64()), (Some("finished"), Some(0)));
    ok(
        &bob_browser.put(&format!("/api/attempts/{bob_token}/drafts/calculate-pi"), json!({"code": PI})).await,
        StatusCode::NO_CONTENT,
        "Bob still has time",
    );
    let finished =
        ok(&bob_browser.post(&format!("/api/attempts/{bob_token}/finish"), json!({})).await, StatusCode::OK, "finish");
    assert_eq!(finished["status"], "finished");
    let after_finish =
        bob_browser.put(&format!("/api/attempts/{bob_token}/drafts/calculate-pi"), json!({"code": "x"})).await;
    assert_eq!(after_finish.code(), "time_over", "nothing is accepted after Finish");

    // The report: Ada 10 (submitted) + 5 (her last draft, graded at the deadline); Bob 10 (his
    // draft, graded when he finished) + 0.
    let report = settled_report(&mut team, &id).await;
    let (ada_row, bob_row) = (row(&report, "Ada"), row(&report, "Bob Byte"));
    assert_eq!((ada_row["status"].as_str(), ada_row["score"].as_f64()), (Some("finished"), Some(15.0)), "{ada_row}");
    assert_eq!(ada_row["time_used_seconds"], 30 * 60, "Ada used her whole 30 minutes");
    assert_eq!((bob_row["status"].as_str(), bob_row["score"].as_f64()), (Some("finished"), Some(10.0)), "{bob_row}");
    assert_eq!(bob_row["time_used_seconds"], 31 * 60);
    assert_eq!(report["max_score"], 15);

    let csv = team.get(&format!("/api/assessments/{id}/report.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert!(csv
        .headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|t| t.starts_with("text/csv")));
    let lines: Vec<&str> = csv.text.lines().collect();
    assert_eq!(
        lines[0],
        "name,email,status,score,max_score,time_used_seconds,started_at,finished_at,points:calculate-pi,points:is-palindrome"
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Ada,ada@x.test,finished,15,15,1800,") && l.ends_with(",10,5")),
        "{}",
        csv.text
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Bob Byte,bob@x.test,finished,10,15,1860,") && l.ends_with(",10,0")),
        "{}",
        csv.text
    );

    // Ada in detail: the palindrome's final code is her last draft, graded, with its history.
    let detail =
        ok(&team.get(&format!("/api/assessments/{id}/candidates/{ada_id}")).await, StatusCode::OK, "candidate");
    let palindrome = detail["problems"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["slug"] == "is-palindrome"))
        .unwrap_or_else(|| panic!("{detail}"));
    assert_eq!(palindrome["final_code"], PALINDROME);
    assert_eq!(palindrome["final_submission"]["verdict"], "AC");
    assert!(palindrome["final_submission"]["tests"].as_array().is_some_and(|t| t.len() > 3), "per-test verdicts");
    let history: Vec<&str> =
        palindrome["history"].as_array().into_iter().flatten().filter_map(|r| r["via"].as_str()).collect();
    assert_eq!(history, ["autosave", "autosave"]);

    // The audit log has every state change, in order.
    let audit = ok(&team.get(&format!("/api/assessments/{id}/audit")).await, StatusCode::OK, "audit");
    let actions: Vec<&str> =
        audit["events"].as_array().into_iter().flatten().filter_map(|e| e["action"].as_str()).collect();
    for action in
        ["created", "invited", "started", "submitted", "extra_time", "last_draft_submitted", "finished", "graded"]
    {
        assert!(actions.contains(&action), "{action} missing from {actions:?}");
    }
    let deadline = audit["events"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["action"] == "finished" && e["invitation"] == ada_id.as_str())
        .unwrap_or_else(|| panic!("{audit}"));
    assert_eq!((deadline["actor"].as_str(), deadline["detail"]["reason"].as_str()), (Some("system"), Some("deadline")));

    // Bob's pi draft and Ada's pi submission are the same code: flagged for a human to look at.
    let similar = ok(&team.get(&format!("/api/assessments/{id}/similarity")).await, StatusCode::OK, "similarity");
    let pair = &similar["pairs"][0];
    assert_eq!((pair["problem"].as_str(), pair["share"].as_f64()), (Some("calculate-pi"), Some(1.0)), "{similar}");
    assert!(similar["note"].as_str().is_some_and(|n| n.contains("not a verdict")));
}

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
        format!("/api/assessments/{id}/similarity"),
        format!("/api/assessments/{id}/audit"),
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
    ] {
        assert_eq!(rival.post(&path, body).await.status, StatusCode::NOT_FOUND, "POST {path} for another team");
    }
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

/// A member of `team` made in the store with a setup token, not yet signed in: the token.
fn setup_token(service: &TestService, email: &str, team: &str) -> String {
    let store = SqliteStore::open_dir(service.data.path()).unwrap_or_else(|e| panic!("{e}"));
    let token = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
    let id = email.replace(['@', '.'], "-");
    store
        .create_user(&id, email, team, &verdict_accounts::token_hash(&token), i64::MAX)
        .unwrap_or_else(|e| panic!("{e}"));
    token
}

fn login_body(password: &str) -> Value {
    json!({"email": "lead@acme.test", "password": password})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_cannot_be_used_to_exhaust_memory_or_lock_the_owner_out() {
    let service = TestService::start(queue(1, 8)).await;
    let router = service.service.router();
    let gate = Arc::clone(&service.service.state.logins.hashing);
    member(&service, &router, "lead@acme.test", "Acme").await;

    // A made-up or used setup token is refused before any password is hashed.
    let before = gate.hashes_started();
    let made_up = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
    let answer = Client::new(router.clone())
        .post("/api/auth/setup", json!({"token": made_up, "password": "long enough pw"}))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.text);
    assert_eq!(gate.hashes_started(), before, "an unknown setup token must not cost a hash");

    // When as many hashes run as the gate allows, more sign-ins are told to come back (503 with
    // Retry-After) at once, without hashing and without using up a setup link.
    let held: Vec<_> = std::iter::from_fn(|| gate.try_permit()).collect();
    assert_eq!(held.len(), gate.limit());
    let before = gate.hashes_started();
    let waiting = setup_token(&service, "second@acme.test", "Acme");
    let tries = (0..8).map(|i| {
        let mut client = Client::new(router.clone());
        let waiting = waiting.clone();
        async move {
            if i == 0 {
                client
                    .exchange(
                        Method::POST,
                        "/api/auth/setup",
                        Some("application/json"),
                        json!({"token": waiting, "password": "correct horse battery"}).to_string().into_bytes(),
                    )
                    .await
            } else {
                client
                    .exchange(
                        Method::POST,
                        "/api/auth/login",
                        Some("application/json"),
                        login_body("correct horse battery").to_string().into_bytes(),
                    )
                    .await
            }
        }
    });
    for answer in futures_util::future::join_all(tries).await {
        assert_eq!((answer.status, answer.code()), (StatusCode::SERVICE_UNAVAILABLE, "busy".into()), "{}", answer.text);
        assert_eq!(answer.headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("1"));
    }
    assert_eq!(gate.hashes_started(), before, "a refused sign-in must not hash");
    drop(held);
    let mut second = Client::new(router.clone());
    let answer = second.post("/api/auth/setup", json!({"token": waiting, "password": "correct horse battery"})).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "the setup link still works: {}", answer.text);

    // Many sign-ins at once: each one either hashes or is refused; never more hashes at once
    // than the gate allows.
    let before = gate.hashes_started();
    let burst = 4 * gate.limit();
    let tries = (0..burst).map(|_| {
        let mut client = Client::new(router.clone());
        async move {
            client
                .exchange(
                    Method::POST,
                    "/api/auth/login",
                    Some("application/json"),
                    login_body("wrong horse battery").to_string().into_bytes(),
                )
                .await
                .status
        }
    });
    let statuses = futures_util::future::join_all(tries).await;
    let wrong = statuses.iter().filter(|&&s| s == StatusCode::UNAUTHORIZED).count();
    let busy = statuses.iter().filter(|&&s| s == StatusCode::SERVICE_UNAVAILABLE).count();
    assert_eq!(wrong + busy, burst, "{statuses:?}");
    assert_eq!(gate.hashes_started() - before, wrong as u64, "only the answered ones hashed");
    assert!(gate.peak() <= gate.limit(), "{} hashes ran at once; the limit is {}", gate.peak(), gate.limit());

    // A stranger's wrong passwords lock only the stranger out of the account; the owner, on
    // another machine, signs in.
    let mut stranger = Client::new(router.clone());
    for _ in 0..auth::MAX_FAILED_LOGINS {
        let answer = stranger.post("/api/auth/login", login_body("guess guess guess")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
    }
    let blocked = stranger.post("/api/auth/login", login_body("correct horse battery")).await;
    assert_eq!((blocked.status, blocked.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts".into()));
    let mut owner = Client::new(router.clone());
    let answer = owner.post("/api/auth/login", login_body("correct horse battery")).await;
    assert_eq!(answer.status, StatusCode::OK, "the owner is not locked out: {}", answer.text);

    // And one client's attempts are bounded whatever the email: past the burst, 429 before any
    // hash (the refused ones above already cost none).
    let before = gate.hashes_started();
    let mut refused = None;
    for _ in 0..3 * auth::CLIENT_ATTEMPT_BURST {
        let answer = stranger.post("/api/auth/login", login_body("guess guess guess")).await;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{}", answer.text);
        if answer.text.contains("from your address") {
            refused = Some(answer);
            break;
        }
    }
    let refused =
        refused.unwrap_or_else(|| panic!("no per-client limit within {} attempts", 3 * auth::CLIENT_ATTEMPT_BURST));
    assert!(refused.headers.contains_key(header::RETRY_AFTER));
    assert_eq!(gate.hashes_started(), before, "locked-out attempts cost no hash");
    let answer = owner.post("/api/auth/login", login_body("correct horse battery")).await;
    assert_eq!(answer.status, StatusCode::OK, "the owner is still not affected: {}", answer.text);
}

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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn origins_links_instructions_and_extra_time_are_held_to_their_rules() {
    let clock = Arc::new(ManualClock::at_system_time());
    let options = verdict_server::Options {
        clock: clock.clone(),
        hiring: auth::HiringConfig {
            public_url: Some("https://verdict.example.com".into()),
            ..auth::HiringConfig::default()
        },
    };
    let service = TestService::start_with_options(queue(1, 8), options).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;

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
