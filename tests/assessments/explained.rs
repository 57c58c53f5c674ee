//! The report that explains a score, judged by the real sandbox: a failing hidden test shows its
//! name, what it checks and the points it lost; a submission scoring 0 is a 0; an untouched
//! problem is "not attempted"; runs, submissions and time spent are counted; the counted
//! submission says why. Reviewers add notes and scorecards (capped, their author's own), and a
//! candidate's link reads none of it.

use crate::{assessment_input, ok, settled_report, token_of, MINUTE};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use verdict_store::{AssessmentStore, Clock, ManualClock, Role, SqliteStore, MAX_NOTES_PER_CANDIDATE, MAX_NOTE_CHARS};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

/// Right everywhere but n = 1 (one hidden test, "n = 1, empty sum").
const PI_BUT_ONE: &str = "import math\n\n\ndef calculate_pi(n):\n    if n <= 1:\n        return 1.0\n    total = 0.0\n    for i in range(1, n):\n        total += 1 / i**2\n    return math.sqrt(6 * total)\n";
/// Wrong on every test.
const PALINDROME_NEVER: &str = "def is_palindrome(s):\n    return 'no'\n";

/// A member of `team` with `role`, signed in.
async fn member_as(service: &TestService, router: &axum::Router, email: &str, team: &str, role: Role) -> Client {
    let store = SqliteStore::open_dir(service.data.path()).unwrap_or_else(|e| panic!("{e}"));
    let token = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
    let id = email.replace(['@', '.'], "-");
    store
        .create_user(&id, email, team, role, &verdict_accounts::token_hash(&token), i64::MAX)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut client = Client::new(router.clone());
    let answer = client.post("/api/auth/setup", json!({"token": token, "password": "correct horse battery"})).await;
    ok(&answer, StatusCode::NO_CONTENT, "setup");
    client
}

fn problem<'a>(report: &'a Value, slug: &str) -> &'a Value {
    report["problems"]
        .as_array()
        .and_then(|p| p.iter().find(|p| p["slug"] == slug))
        .unwrap_or_else(|| panic!("no {slug} in {report}"))
}

fn num(value: &Value) -> f64 {
    value.as_f64().unwrap_or_else(|| panic!("not a number: {value}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_explains_each_score_and_the_team_reviews_a_candidate_the_candidate_cannot_see() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(2, 32), clock.clone()).await;
    let router = service.service.router();
    let mut lead = member_as(&service, &router, "lead@acme.test", "Acme", Role::Admin).await;
    let mut ivy = member_as(&service, &router, "ivy@acme.test", "Acme", Role::Interviewer).await;
    let mut rex = member_as(&service, &router, "rex@acme.test", "Acme", Role::Reviewer).await;

    let problems = json!([
        {"slug": "calculate-pi", "points": 10},
        {"slug": "is-palindrome", "points": 5},
        {"slug": "binary-search", "points": 5},
    ]);
    let created = lead.post("/api/assessments", assessment_input(clock.now(), problems)).await;
    let id = ok(&created, StatusCode::CREATED, "create")["id"].as_str().unwrap_or_default().to_owned();
    let invitations = format!("/api/assessments/{id}/invitations");
    let invited = lead.post(&invitations, json!({"name": "Ada", "email": "ada@x.test"})).await;
    let invited = ok(&invited, StatusCode::CREATED, "invite");
    let token = token_of(invited["link"].as_str().unwrap_or_default());
    let inv = invited["invitation"]["id"].as_str().unwrap_or_default().to_owned();

    // Ada starts, saves a draft, runs twice, submits pi a minute and a half later; submits a
    // palindrome answer that fails every test; never touches binary search.
    let mut ada = Client::new(router.clone());
    let base = format!("/api/attempts/{token}");
    ok(&ada.post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");
    clock.advance(Duration::from_secs(MINUTE));
    let draft = format!("{base}/drafts/calculate-pi");
    let saved = ada
        .put(
            &draft,
            json!({"code": "def calculate_pi(n):
    pass
"}),
        )
        .await;
    ok(&saved, StatusCode::NO_CONTENT, "draft");
    clock.advance(Duration::from_secs(30));
    for _ in 0..2 {
        let run = ada.post(&format!("{base}/problems/calculate-pi/run"), json!({"code": PI_BUT_ONE})).await;
        ok(&run, StatusCode::OK, "run");
    }
    clock.advance(Duration::from_secs(60));
    let submitted =
        ada.post(&format!("{base}/submissions"), json!({"problem": "calculate-pi", "code": PI_BUT_ONE})).await;
    ok(&submitted, StatusCode::ACCEPTED, "submit pi");
    let submitted =
        ada.post(&format!("{base}/submissions"), json!({"problem": "is-palindrome", "code": PALINDROME_NEVER})).await;
    ok(&submitted, StatusCode::ACCEPTED, "submit palindrome");
    settled_report(&mut lead, &id).await;
    ok(&ada.post(&format!("{base}/finish"), json!({})).await, StatusCode::OK, "finish");
    let report = settled_report(&mut lead, &id).await;

    // The table tells "not attempted" apart from a submission that scored 0.
    let row = &report["candidates"][0];
    let cells: Vec<(String, bool, f64)> = row["problems"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| (p["slug"].as_str().unwrap_or_default().to_owned(), p["attempted"] == true, num(&p["score"])))
        .collect();
    assert_eq!(cells[1], ("is-palindrome".into(), true, 0.0), "a real zero: {row}");
    assert_eq!(cells[2], ("binary-search".into(), false, 0.0), "not attempted: {row}");

    let detail = ok(&rex.get(&format!("/api/assessments/{id}/candidates/{inv}")).await, StatusCode::OK, "candidate");
    // Pi: one hidden test failed; it names itself, says what it checks, and lost its share.
    let pi = problem(&detail, "calculate-pi");
    let tests = pi["tests"].as_array().cloned().unwrap_or_default();
    assert_eq!(tests.len(), 10, "every test of the problem: {pi}");
    let failed: Vec<&Value> = tests.iter().filter(|t| t["passed"] == false).collect();
    assert_eq!(failed.len(), 1, "{tests:?}");
    let failed = failed[0];
    assert_eq!(failed["name"], "n = 1, empty sum");
    assert_eq!(failed["visibility"], "hidden");
    assert_eq!(failed["verdict"], "WA");
    assert_eq!(failed["checks"], "calculate_pi(1) returns 0.0", "{failed}");
    assert!(failed["source"].as_str().is_some_and(|s| s.starts_with("tests/hidden.json line ")), "{failed}");
    assert_eq!(num(&failed["points_lost"]), 1.0, "10 points over 10 equal tests: {failed}");
    let lost: f64 = tests.iter().map(|t| num(&t["points_lost"])).sum();
    assert!((lost - (10.0 - num(&pi["score"]))).abs() < 0.01, "the points lost add up: {lost} and {}", pi["score"]);
    assert_eq!(pi["attempted"], true);
    assert_eq!(pi["counted"]["rule"], "best");
    assert_eq!(pi["counted"]["origin"], "candidate");
    assert!(pi["counted"]["reason"].as_str().is_some_and(|r| r.contains("90%")), "{}", pi["counted"]);
    // Work: the draft a minute in, two runs, one submission 90 seconds after the first save.
    assert_eq!(pi["work"]["runs"], 2, "{}", pi["work"]);
    assert_eq!(pi["work"]["submissions"], 1);
    assert_eq!(pi["work"]["system_submissions"], 0);
    assert_eq!(pi["work"]["time_spent_seconds"], 90, "{}", pi["work"]);

    // Palindrome: graded, every test failed: a real 0 with all five points lost.
    let palindrome = problem(&detail, "is-palindrome");
    assert_eq!((palindrome["attempted"].clone(), num(&palindrome["score"])), (json!(true), 0.0));
    let lost: f64 = palindrome["tests"].as_array().into_iter().flatten().map(|t| num(&t["points_lost"])).sum();
    assert!((lost - 5.0).abs() < 0.01, "{palindrome}");
    assert_eq!(palindrome["work"]["runs"], 0);

    // Binary search: not attempted, no counted submission, no tests, no work.
    let untouched = problem(&detail, "binary-search");
    assert_eq!(untouched["attempted"], false);
    assert_eq!(untouched["counted"], Value::Null);
    assert_eq!(untouched["tests"], json!([]));
    assert_eq!(untouched["work"]["time_spent_seconds"], Value::Null);

    // Notes: a reviewer adds one; an interviewer may add theirs but not change the reviewer's.
    let notes = format!("/api/assessments/{id}/candidates/{inv}/notes");
    let note = ok(&rex.post(&notes, json!({"text": "  Clear reasoning.  "})).await, StatusCode::CREATED, "note");
    assert_eq!(
        (note["text"].clone(), note["author"].clone(), note["mine"].clone()),
        (json!("Clear reasoning."), json!("rex@acme.test"), json!(true))
    );
    let note_id = note["id"].as_str().unwrap_or_default().to_owned();
    let edit = ivy.put(&format!("{notes}/{note_id}"), json!({"text": "mine now"})).await;
    assert_eq!((edit.status, edit.code()), (StatusCode::FORBIDDEN, "not_author".into()), "{}", edit.text);
    let delete = ivy.send(Method::DELETE, &format!("{notes}/{note_id}"), None, Vec::new()).await;
    assert_eq!((delete.status, delete.code()), (StatusCode::FORBIDDEN, "not_author".into()), "{}", delete.text);
    let edited =
        ok(&rex.put(&format!("{notes}/{note_id}"), json!({"text": "Clear, tested."})).await, StatusCode::OK, "edit");
    assert_eq!(edited["text"], "Clear, tested.");
    let long = rex.post(&notes, json!({"text": "x".repeat(MAX_NOTE_CHARS + 1)})).await;
    assert_eq!((long.status, long.error().1), (StatusCode::UNPROCESSABLE_ENTITY, Some("text".into())), "{}", long.text);
    let empty = rex.post(&notes, json!({"text": " "})).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.text);
    for i in 1..MAX_NOTES_PER_CANDIDATE {
        ok(&ivy.post(&notes, json!({"text": format!("note {i}")})).await, StatusCode::CREATED, "under the cap");
    }
    let over = lead.post(&notes, json!({"text": "one too many"})).await;
    assert_eq!((over.status, over.code()), (StatusCode::CONFLICT, "too_many_notes".into()), "{}", over.text);

    // Scorecards: one per member, every criterion rated 1 to 4, a known recommendation.
    let card = format!("/api/assessments/{id}/candidates/{inv}/scorecard");
    let ratings = json!({"problem_solving": 3, "code_quality": 3, "testing": 2, "communication": 4});
    let missing = rex.put(&card, json!({"ratings": {"problem_solving": 3}, "recommendation": "yes"})).await;
    assert_eq!(
        (missing.status, missing.error().1),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("ratings.code_quality".into()))
    );
    let bad = rex.put(&card, json!({"ratings": ratings, "recommendation": "maybe"})).await;
    assert_eq!((bad.status, bad.error().1), (StatusCode::UNPROCESSABLE_ENTITY, Some("recommendation".into())));
    ok(&rex.put(&card, json!({"ratings": ratings, "recommendation": "yes"})).await, StatusCode::OK, "scorecard");
    ok(&rex.put(&card, json!({"ratings": ratings, "recommendation": "strong_yes"})).await, StatusCode::OK, "again");
    ok(&ivy.put(&card, json!({"ratings": ratings, "recommendation": "no"})).await, StatusCode::OK, "ivy's");
    let review =
        ok(&lead.get(&format!("/api/assessments/{id}/candidates/{inv}/review")).await, StatusCode::OK, "review");
    let mut cards: Vec<(String, String)> = review["scorecards"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            (
                c["author"].as_str().unwrap_or_default().to_owned(),
                c["recommendation"].as_str().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    cards.sort();
    assert_eq!(cards, [("ivy@acme.test".into(), "no".into()), ("rex@acme.test".into(), "strong_yes".into())]);
    assert_eq!(review["notes"].as_array().map(Vec::len), Some(MAX_NOTES_PER_CANDIDATE as usize));
    assert_eq!(review["notes"][0]["mine"], false, "the lead did not write it");
    let audit = ok(&lead.get(&format!("/api/assessments/{id}/audit")).await, StatusCode::OK, "audit");
    let actions: Vec<&str> =
        audit["events"].as_array().into_iter().flatten().filter_map(|e| e["action"].as_str()).collect();
    let count = |name: &str| actions.iter().filter(|a| **a == name).count();
    assert_eq!(
        (count("note_added"), count("note_edited"), count("scorecard_saved")),
        (MAX_NOTES_PER_CANDIDATE as usize, 1, 3)
    );

    // The exports: CSV with the summary columns, JSON with every test.
    let csv = lead.get(&format!("/api/assessments/{id}/report.csv")).await;
    assert_eq!(csv.status, StatusCode::OK, "{}", csv.text);
    let mut lines = csv.text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let ada_row: Vec<&str> = lines.next().unwrap_or_default().split(',').collect();
    let column = |name: &str| {
        let at = header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("no column {name} in {header:?}"));
        ada_row[at]
    };
    assert_eq!(
        header[..9],
        [
            "name",
            "email",
            "status",
            "score",
            "max_score",
            "time_used_seconds",
            "started_at",
            "finished_at",
            "points:calculate-pi"
        ]
    );
    assert_eq!((column("attempted:is-palindrome"), column("points:is-palindrome")), ("yes", "0"));
    assert_eq!((column("attempted:binary-search"), column("points:binary-search")), ("no", "0"));
    assert_eq!(column("tests_passed:calculate-pi"), "9/10");
    assert_eq!((column("runs:calculate-pi"), column("submissions:calculate-pi")), ("2", "1"));
    assert_eq!(column("time_seconds:calculate-pi"), "90");
    assert_eq!((column("scorecards"), column("notes")), ("2", "50"));
    let mut recommendations: Vec<&str> = column("recommendations").split(' ').collect();
    recommendations.sort();
    assert_eq!(recommendations, ["no", "strong_yes"]);
    let export = ok(&lead.get(&format!("/api/assessments/{id}/export.json")).await, StatusCode::OK, "export");
    let exported = &export["candidates"][0]["problems"][0];
    assert_eq!(exported["tests"].as_array().map(Vec::len), Some(10), "{exported}");
    assert!(export["counting_rule"].as_str().is_some_and(|r| r.contains("best graded")));
    assert_eq!(export["candidates"][0]["scorecards"].as_array().map(Vec::len), Some(2));

    // The candidate's link reads none of it: not the hidden test's description, its points, the
    // notes or the scorecards, through any attempt endpoint.
    let mut seen = Vec::new();
    seen.push(ada.get(&base).await.text);
    for slug in ["calculate-pi", "is-palindrome", "binary-search"] {
        seen.push(ada.get(&format!("{base}/problems/{slug}")).await.text);
        let list = ada.get(&format!("{base}/problems/{slug}/submissions")).await;
        seen.push(list.text.clone());
        for submission in list.json()["submissions"].as_array().into_iter().flatten() {
            let sid = submission["id"].as_str().unwrap_or_default();
            seen.push(ada.get(&format!("{base}/submissions/{sid}")).await.text);
        }
    }
    for text in &seen {
        for secret in [
            "n = 1, empty sum",
            "calculate_pi(1) returns",
            "points_lost",
            "Clear, tested.",
            "strong_yes",
            "tests/hidden.json",
        ] {
            assert!(!text.contains(secret), "the candidate read `{secret}` in {text}");
        }
    }
    assert!(seen.iter().any(|t| t.contains("\"verdict\"")), "the candidate's reads did answer");
    // Nor with the link as a credential on the team's endpoints.
    let mut stranger = Client::new(router.clone());
    stranger.bearer = Some(token.clone());
    for path in [format!("/api/assessments/{id}/candidates/{inv}/review"), format!("/api/assessments/{id}/export.json")]
    {
        let answer = stranger.get(&path).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{path} with the candidate's link: {}", answer.text);
    }
    let answer = Client::new(router.clone()).post(&notes, json!({"text": "sneaky"})).await;
    assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
}
