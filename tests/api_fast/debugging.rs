//! A debugging problem (the fixture `debug-running-max`, budget 3): the catalogue and the
//! problem show its budget beside its kind, and a submission or run shows the code's changes
//! against the starter; one over the budget is CLE with the count and the budget, read back
//! the same from the store.

use super::{done, follow, Fast};
use axum::http::StatusCode;
use serde_json::{json, Value};
use verdict_tests::http::Client;
use verdict_tests::service::queue;

pub const SLUG: &str = "debug-running-max";

const REWRITE: &str =
    "from itertools import accumulate\n\ndef running_max(xs):\n    return list(accumulate(xs, max))\n";

fn starter() -> String {
    let path = verdict_tests::workspace_root().join("tests/fixtures").join(SLUG).join("starter.py");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()))
}

/// Submits `code` to the debugging problem and follows it: the `done` submission.
async fn judged(client: &mut Client, code: &str) -> Value {
    let answer = client.post("/api/submissions", json!({"problem": SLUG, "code": code})).await;
    assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
    let id = answer.json()["id"].as_str().unwrap_or_default().to_owned();
    let (events, _) = follow(client, &format!("/api/submissions/{id}/events")).await;
    let finished = done(&events);
    assert_eq!(client.get(&format!("/api/submissions/{id}")).await.json(), finished, "read back as sent");
    finished
}

#[tokio::test]
async fn a_debugging_problem_shows_its_budget_and_each_answer_its_changes_against_the_starter() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut client = fast.client();
    let list = client.get("/api/problems").await.json();
    let listed = |slug: &str| list["problems"].as_array().into_iter().flatten().find(|p| p["slug"] == slug).cloned();
    let debugging = listed(SLUG).unwrap_or_else(|| panic!("{SLUG} is not listed: {list}"));
    assert_eq!((debugging["kind"].as_str(), &debugging["debug"]), (Some("function"), &json!({"max_changed_lines": 3})));
    assert!(listed("calculate-pi").is_some_and(|p| p.get("debug").is_none()), "{list}");
    let detail = client.get(&format!("/api/problems/{SLUG}")).await.json();
    assert_eq!(detail["debug"], json!({"max_changed_lines": 3}), "{detail}");
    assert_eq!(detail["starter_code"], starter().as_str());

    let one_fix = judged(&mut client, &starter().replace("xs[1:]", "xs")).await;
    assert!(one_fix.get("refusal").is_none(), "{one_fix}");
    assert_eq!(
        (one_fix["changes"]["changed_lines"].as_u64(), &one_fix["changes"]["max_changed_lines"]),
        (Some(1), &json!(3))
    );
    let diff = one_fix["changes"]["diff"].as_str().unwrap_or_default();
    assert!(
        diff.starts_with("--- starter.py\n+++ answer.py\n")
            && diff.contains("-    for x in xs[1:]:\n+    for x in xs:\n"),
        "{diff}"
    );

    let refused = judged(&mut client, REWRITE).await;
    assert_eq!(
        (refused["verdict"].as_str(), refused["tests"].as_array().map(Vec::len)),
        (Some("CLE"), Some(0)),
        "{refused}"
    );
    assert_eq!(refused["refusal"], "Your answer changes 7 lines of the starter; this problem allows 3.");
    assert_eq!(refused["changes"]["changed_lines"], 7);

    let run = client.post(&format!("/api/problems/{SLUG}/run"), json!({"code": REWRITE})).await;
    let run = run.json();
    assert_eq!((run["verdict"].as_str(), run["refusal"].as_str()), (Some("CLE"), refused["refusal"].as_str()), "{run}");
    assert_eq!(run["changes"], refused["changes"]);

    let other =
        client.post("/api/problems/calculate-pi/run", json!({"code": "def calculate_pi(n):\n    return 3\n"})).await;
    assert!(other.json().get("changes").is_none(), "{}", other.text);
}
