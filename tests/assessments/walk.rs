//! Issue 21 item 7 (the hiring team's walk), where the fix is in the API: an attempt's problem
//! carries the attempt's own standing on it, never practice mode's; and the audit log names
//! each entry's candidate as it is read, so a CSV invite is named at once.

use crate::{assessment_input, member, ok, token_of, PI};
use axum::http::{Method, StatusCode};
use serde_json::json;
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};
use verdict_tests::Deadline;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attempts_problem_shows_the_attempts_own_status_and_the_audit_log_names_csv_invites() {
    let service = TestService::start(queue(2, 32)).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let now = chrono_now();
    let problems = json!([{"slug": "calculate-pi", "points": 10}, {"slug": "is-palindrome", "points": 5}]);
    let assessment =
        ok(&team.post("/api/assessments", assessment_input(now, problems)).await, StatusCode::CREATED, "create");
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();

    let csv = "name,email\nBob Byte,bob@x.test\nCleo Code,cleo@x.test\n";
    let bulk =
        team.send(Method::POST, &format!("/api/assessments/{id}/invitations/bulk"), Some("text/csv"), csv.into()).await;
    let bulk = ok(&bulk, StatusCode::CREATED, "bulk invite");
    // The very next read of the log names both candidates: nothing else has to be read first.
    let audit = ok(&team.get(&format!("/api/assessments/{id}/audit")).await, StatusCode::OK, "audit");
    let invited: Vec<(&str, &str)> = audit["events"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["action"] == "invited")
        .map(|e| (e["invitation"].as_str().unwrap_or_default(), e["candidate"].as_str().unwrap_or_default()))
        .collect();
    let bob_id = bulk["invitations"][0]["invitation"]["id"].as_str().unwrap_or_default();
    let cleo_id = bulk["invitations"][1]["invitation"]["id"].as_str().unwrap_or_default();
    assert_eq!(invited, [(bob_id, "Bob Byte"), (cleo_id, "Cleo Code")], "{audit}");

    // Bob solved pi in practice mode in this same browser; his attempt has not touched it.
    let mut bob = Client::new(router.clone());
    let practice = bob.post("/api/submissions", json!({"problem": "calculate-pi", "code": PI})).await;
    let practice = ok(&practice, StatusCode::ACCEPTED, "practice submission");
    let practice_id = practice["id"].as_str().unwrap_or_default().to_owned();
    settle(&mut bob, &format!("/api/submissions/{practice_id}")).await;
    let in_practice = ok(&bob.get("/api/problems/calculate-pi").await, StatusCode::OK, "practice problem");
    assert_eq!(in_practice["status"], "solved", "{in_practice}");

    let token = token_of(bulk["invitations"][0]["link"].as_str().unwrap_or_default());
    let base = format!("/api/attempts/{token}");
    ok(&bob.post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");
    let fresh = ok(&bob.get(&format!("{base}/problems/calculate-pi")).await, StatusCode::OK, "attempt problem");
    assert_eq!(fresh["status"], serde_json::Value::Null, "practice's standing never shows in the attempt: {fresh}");

    let submitted = bob.post(&format!("{base}/submissions"), json!({"problem": "calculate-pi", "code": PI})).await;
    let submitted = ok(&submitted, StatusCode::ACCEPTED, "submit");
    let submission = submitted["id"].as_str().unwrap_or_default().to_owned();
    settle(&mut bob, &format!("{base}/submissions/{submission}")).await;
    let solved = ok(&bob.get(&format!("{base}/problems/calculate-pi")).await, StatusCode::OK, "attempt problem");
    assert_eq!(solved["status"], "solved", "the attempt's accepted submission: {solved}");
    let other = ok(&bob.get(&format!("{base}/problems/is-palindrome")).await, StatusCode::OK, "attempt problem");
    assert_eq!(other["status"], serde_json::Value::Null, "{other}");

    // A wrong answer leaves the problem tried.
    let wrong = "def is_palindrome(s):\n    return False\n";
    let submitted = bob.post(&format!("{base}/submissions"), json!({"problem": "is-palindrome", "code": wrong})).await;
    let submitted = ok(&submitted, StatusCode::ACCEPTED, "submit");
    let submission = submitted["id"].as_str().unwrap_or_default().to_owned();
    settle(&mut bob, &format!("{base}/submissions/{submission}")).await;
    let tried = ok(&bob.get(&format!("{base}/problems/is-palindrome")).await, StatusCode::OK, "attempt problem");
    assert_eq!(tried["status"], "tried", "{tried}");

    // Every entry about Bob, not only the invitation, carries his name.
    let audit = ok(&team.get(&format!("/api/assessments/{id}/audit")).await, StatusCode::OK, "audit");
    let about_bob: Vec<&serde_json::Value> =
        audit["events"].as_array().into_iter().flatten().filter(|e| e["invitation"] == bob_id).collect();
    assert!(about_bob.len() >= 3, "invited, started, submitted: {audit}");
    assert!(about_bob.iter().all(|e| e["candidate"] == "Bob Byte"), "{audit}");
    let created = audit["events"].as_array().and_then(|e| e.first()).cloned().unwrap_or_default();
    assert_eq!((created["action"].as_str(), &created["candidate"]), (Some("created"), &serde_json::Value::Null));
}

/// Polls a submission until it is graded.
async fn settle(client: &mut Client, path: &str) {
    let deadline = Deadline::start();
    loop {
        let answer = ok(&client.get(path).await, StatusCode::OK, "submission");
        if answer["state"] == "finished" {
            return;
        }
        assert_ne!(answer["state"], "failed", "{answer}");
        deadline.tick_async("the submission to be graded").await;
    }
}

fn chrono_now() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}
