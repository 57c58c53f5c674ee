//! An assessment attempt's submission through the same queue: graded on every test (no early
//! stop), followed and read through the attempt's own link.

use super::{done, follow, test_events, Fast};
use axum::http::StatusCode;
use serde_json::json;
use verdict_tests::http::Answer;
use verdict_tests::service::queue;

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> serde_json::Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    answer.json()
}

fn rfc3339(at: std::time::SystemTime) -> String {
    humantime::format_rfc3339_millis(at).to_string()
}

#[tokio::test]
async fn an_attempts_submission_is_graded_on_every_test() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut team = fast.member("lead@acme.test", "Acme", verdict_store::Role::Admin).await;
    let now = std::time::SystemTime::now();
    let day = std::time::Duration::from_secs(86_400);
    let input = json!({
        "title": "Backend engineer",
        "instructions": "One problem.",
        "duration_minutes": 30,
        "opens_at": rfc3339(now - day),
        "closes_at": rfc3339(now + day),
        "problems": [{"slug": "calculate-pi", "points": 10}],
    });
    let assessment = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create");
    let id = assessment["id"].as_str().unwrap_or_default();
    let invitations = format!("/api/assessments/{id}/invitations");
    let invited = team.post(&invitations, json!({"name": "Ada", "email": "ada@x.test"})).await;
    let invited = ok(&invited, StatusCode::CREATED, "invite");
    let link = invited["link"].as_str().unwrap_or_default();
    let token = link.rsplit_once("#/a/").map(|(_, t)| t.to_owned()).unwrap_or_else(|| panic!("no token in {link}"));

    let mut candidate = fast.client();
    let base = format!("/api/attempts/{token}");
    ok(&candidate.post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");
    let code = json!({"problem": "calculate-pi", "code": "# wrong\n"});
    let submitted = ok(&candidate.post(&format!("{base}/submissions"), code).await, StatusCode::ACCEPTED, "submit");
    let submission = submitted["id"].as_str().unwrap_or_default();

    let (events, stream) = follow(&mut candidate, &format!("{base}/submissions/{submission}/events")).await;
    assert_eq!(test_events(&events).len(), super::TESTS, "an assessment grades every test");
    let graded = done(&events);
    assert_eq!(
        (graded["verdict"].as_str(), graded["not_run"].as_u64(), graded["origin"].as_str()),
        (Some("WA"), Some(0), Some("candidate")),
        "{graded}"
    );
    let read = ok(&candidate.get(&format!("{base}/submissions/{submission}")).await, StatusCode::OK, "read");
    assert_eq!(read["tests"], graded["tests"]);
    super::assert_no_hidden_data(&[&stream]);
    // Not a practice submission: the practice surface does not know it.
    assert_eq!(candidate.get(&format!("/api/submissions/{submission}")).await.status, StatusCode::NOT_FOUND);
}
