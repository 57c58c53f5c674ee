//! The whole flow: a team member made by `verdict admin create-user` builds an assessment,
//! two candidates take it against the service's clock, and the report, CSV and audit log hold
//! the right figures.

use crate::{assessment_input, ok, row, settled_report, token_of, MINUTE, PALINDROME, PI};
use axum::http::{header, Method, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use verdict_store::{Clock, ManualClock};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

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
    assert!(printed.contains("Created lead@acme.test in team Acme as admin."), "an admin by default: {printed}");
    // A role that is not one is refused by name, and nobody is made.
    let refused = std::process::Command::new(verdict_tests::binary("verdict"))
        .args(["admin", "create-user", "other@acme.test", "--role", "owner"])
        .arg("--data")
        .arg(service.data.path())
        .output()
        .unwrap_or_else(|e| panic!("running verdict admin: {e}"));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success() && said.contains("one of reviewer, interviewer, admin"), "{said}");
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
    assert_eq!(me, json!({"email": "lead@acme.test", "team": "Acme", "role": "admin"}));
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
    // The columns it always had come first (the summary per problem and the review after them).
    assert!(
        lines[0].starts_with(
            "name,email,status,score,max_score,time_used_seconds,started_at,finished_at,points:calculate-pi,\
             points:is-palindrome,attempted:calculate-pi,"
        ),
        "{}",
        lines[0]
    );
    let points = |line: &str| line.split(',').skip(8).take(2).collect::<Vec<_>>().join(",");
    assert!(
        lines.iter().any(|l| l.starts_with("Ada,ada@x.test,finished,15,15,1800,") && points(l) == "10,5"),
        "{}",
        csv.text
    );
    assert!(
        lines.iter().any(|l| l.starts_with("Bob Byte,bob@x.test,finished,10,15,1860,") && points(l) == "10,0"),
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
    assert_eq!(audit["older_before"], Value::Null, "one page holds it all: {audit}");

    // Read two entries at a time, the pages put together are the whole log, in order.
    let mut paged = Vec::new();
    let mut url = format!("/api/assessments/{id}/audit?limit=2");
    loop {
        let page = ok(&team.get(&url).await, StatusCode::OK, "audit page");
        let events = page["events"].as_array().cloned().unwrap_or_default();
        assert!(events.len() <= 2, "{page}");
        paged.splice(0..0, events.iter().filter_map(|e| e["action"].as_str().map(str::to_owned)));
        match page["older_before"].as_i64() {
            Some(before) => url = format!("/api/assessments/{id}/audit?limit=2&before={before}"),
            None => break,
        }
    }
    assert_eq!(paged, actions, "the pages are the log");
    let refused = team.get(&format!("/api/assessments/{id}/audit?limit=0")).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(refused.json()["error"]["field"], "limit", "{}", refused.text);

    // Bob's pi draft and Ada's pi submission are the same code, but it is the problem's own
    // reference solution (and a few lines long): no evidence of copying, so not listed. Code of
    // their own that two candidates share is (tests/assessments/integrity.rs).
    let similar = ok(&team.get(&format!("/api/assessments/{id}/similarity")).await, StatusCode::OK, "similarity");
    assert_eq!(similar["pairs"], json!([]), "{similar}");
    assert!(similar["note"].as_str().is_some_and(|n| n.contains("not a verdict")));
}
