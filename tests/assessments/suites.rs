//! A test-writing problem in an assessment: the team can choose it, a candidate submits a suite,
//! and the report scores it by the bugs caught and shows the coverage the suite reached.

use crate::{assessment_input, member, ok, settled_report, token_of};
use axum::http::StatusCode;
use serde_json::json;
use std::sync::Arc;
use verdict_store::{Clock, ManualClock};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

/// Catches the overdraft bug (the sample one) and nothing else the planted bugs break.
const OVERDRAFT_ONLY: &str = "import pytest\nfrom account import Account\n\n\n\
    def test_no_overdraft():\n    with pytest.raises(ValueError):\n        Account(5).withdraw(6)\n";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_test_writing_problem_is_scored_by_bugs_caught_and_reported_with_its_coverage() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(2, 32), clock.clone()).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let catalogue = ok(&team.get("/api/problems?kind=tests").await, StatusCode::OK, "catalogue");
    assert!(
        catalogue["problems"].as_array().is_some_and(|p| p.iter().any(|p| p["slug"] == "bank-account-tests")),
        "the builder's catalogue offers test-writing problems: {catalogue}"
    );
    let problems = json!([{"slug": "bank-account-tests", "points": 12}]);
    let created = team.post("/api/assessments", assessment_input(clock.now(), problems)).await;
    let assessment = ok(&created, StatusCode::CREATED, "create");
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();
    assert_eq!(assessment["problems"][0]["kind"], "tests", "{assessment}");
    let invite = json!({"name": "Ada", "email": "a@x.test"});
    let invitation = team.post(&format!("/api/assessments/{id}/invitations"), invite).await;
    let invitation = ok(&invitation, StatusCode::CREATED, "invite");
    let token = token_of(invitation["link"].as_str().unwrap_or_default());
    let inv = invitation["invitation"]["id"].as_str().unwrap_or_default().to_owned();

    let mut ada = Client::new(router.clone());
    ok(&ada.post(&format!("/api/attempts/{token}/start"), json!({})).await, StatusCode::OK, "start");
    let problem = ok(&ada.get(&format!("/api/attempts/{token}/problems/bank-account-tests")).await, StatusCode::OK, "");
    assert_eq!((problem["kind"].as_str(), problem["module"].as_str()), (Some("tests"), Some("account")), "{problem}");
    let body = json!({"problem": "bank-account-tests", "code": OVERDRAFT_ONLY});
    ok(&ada.post(&format!("/api/attempts/{token}/submissions"), body).await, StatusCode::ACCEPTED, "submit");

    let report = settled_report(&mut team, &id).await;
    let scored = &report["candidates"][0]["problems"][0];
    let points = scored["score"].as_f64().unwrap_or_default();
    assert_eq!(scored["verdict"], "WA", "some bugs are missed: {report}");
    assert!(points > 0.0 && points < 12.0, "partial credit for the bugs caught: {report}");

    let candidate =
        ok(&team.get(&format!("/api/assessments/{id}/candidates/{inv}")).await, StatusCode::OK, "candidate");
    let tests = &candidate["problems"][0]["final_submission"]["tests"];
    let gate = &tests[0];
    assert_eq!((gate["verdict"].as_str(), gate["detail"]["suite"]["passed"].as_u64()), (Some("AC"), Some(1)), "{gate}");
    let coverage = &gate["detail"]["suite"]["coverage"];
    assert!(coverage["lines_covered"].as_u64() > Some(0) && coverage["branches"].as_u64() > Some(0), "{coverage}");
    let overdraft = &tests[1];
    assert_eq!(overdraft["verdict"], "AC", "the sample bug is caught: {overdraft}");
    assert_eq!(overdraft["detail"]["suite"]["failed"][0]["name"], "test_no_overdraft", "{overdraft}");
    let hidden: Vec<_> = tests.as_array().into_iter().flatten().filter(|t| t["visibility"] == "hidden").collect();
    assert!(!hidden.is_empty() && hidden.iter().all(|t| t.get("detail").is_none()), "hidden bugs by number: {tests}");
    let caught = tests.as_array().into_iter().flatten().skip(1).filter(|t| t["verdict"] == "AC").count();
    assert!(caught < tests.as_array().map_or(0, Vec::len) - 1, "a bug is missed: {tests}");
}
