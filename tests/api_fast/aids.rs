//! Practice's learning aids through the API: hints revealed in order and remembered per
//! candidate, the write-up gated on trying or solving, acceptance counted by candidate, tracks
//! with progress, and none of it reachable from an assessment attempt.

use super::{done, judged, Fast};
use axum::http::StatusCode;
use serde_json::{json, Value};
use verdict_tests::http::{Answer, Client};
use verdict_tests::service::queue;

/// The fast catalogue's tracks.toml: its two problems in one track.
pub const TRACKS: &str = r#"
[[tracks]]
slug = "fast"
title = "Fast track"
summary = "The two problems of the fast catalogue."
steps = [
  { title = "Day 1", problems = ["calculate-pi"] },
  { title = "Day 2", problems = ["reverse-words"] },
]
"#;

const AIDS: &str = "/api/problems/calculate-pi/aids";

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    answer.json()
}

fn hint_titles(aids: &Value) -> Vec<String> {
    aids["hints"].as_array().into_iter().flatten().filter_map(|h| h["title"].as_str().map(str::to_owned)).collect()
}

async fn solve(client: &mut Client, code: &str) -> Value {
    let (_, events, _) = judged(client, code).await;
    done(&events)
}

#[tokio::test]
async fn hints_are_revealed_one_at_a_time_in_order_and_remembered_per_candidate() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut me = fast.client();
    let fresh = ok(&me.get(AIDS).await, StatusCode::OK, "aids");
    assert_eq!((fresh["hints_total"].as_u64(), hint_titles(&fresh).len()), (Some(3), 0), "{fresh}");
    let one = ok(&me.post("/api/problems/calculate-pi/hints", json!({})).await, StatusCode::OK, "first");
    assert_eq!(hint_titles(&one), ["A nudge"]);
    assert!(one["hints"][0]["html"].as_str().is_some_and(|h| h.contains("<p>")), "rendered Markdown: {one}");
    let two = ok(&me.post("/api/problems/calculate-pi/hints", json!({})).await, StatusCode::OK, "second");
    assert_eq!(hint_titles(&two), ["A nudge", "A direction"]);
    ok(&me.post("/api/problems/calculate-pi/hints", json!({})).await, StatusCode::OK, "third");
    let spent = me.post("/api/problems/calculate-pi/hints", json!({})).await;
    assert_eq!(ok(&spent, StatusCode::CONFLICT, "past the last")["error"]["code"], "no_more_hints");
    assert_eq!(hint_titles(&ok(&me.get(AIDS).await, StatusCode::OK, "again")).len(), 3, "remembered");
    let mut other = fast.client();
    assert!(hint_titles(&ok(&other.get(AIDS).await, StatusCode::OK, "other")).is_empty(), "per candidate");
    let bad = other.post("/api/problems/calculate-pi/hints", json!({"all": true})).await;
    assert_eq!(ok(&bad, StatusCode::UNPROCESSABLE_ENTITY, "unknown field")["error"]["field"], "all");
    assert!(
        hint_titles(&ok(&other.get(AIDS).await, StatusCode::OK, "other")).is_empty(),
        "a refused call reveals nothing"
    );
    assert_eq!(other.post("/api/problems/nope/hints", json!({})).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_writeup_opens_on_solving_or_when_asked_after_trying() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut trier = fast.client();
    let locked = ok(&trier.get(AIDS).await, StatusCode::OK, "aids");
    assert_eq!((locked["writeup_access"].as_str(), &locked["writeup"]), (Some("locked"), &Value::Null), "{locked}");
    let early = trier.post("/api/problems/calculate-pi/writeup", json!({})).await;
    assert_eq!(ok(&early, StatusCode::CONFLICT, "before trying")["error"]["code"], "not_tried");
    assert_eq!(solve(&mut trier, "# wrong\n").await["verdict"], "WA");
    let tried = ok(&trier.get(AIDS).await, StatusCode::OK, "tried");
    assert_eq!((tried["writeup_access"].as_str(), &tried["writeup"]), (Some("on_request"), &Value::Null), "{tried}");
    let asked = ok(&trier.post("/api/problems/calculate-pi/writeup", json!({})).await, StatusCode::OK, "ask");
    assert_eq!(asked["writeup_access"], "open", "{asked}");
    let writeup = &asked["writeup"];
    assert!(writeup["reference"].as_str().is_some_and(|r| r.contains("def calculate_pi")), "{writeup}");
    assert_eq!((writeup["time"].as_str(), writeup["space"].as_str()), (Some("O(n) for n terms."), Some("O(1).")));
    assert_eq!(ok(&trier.get(AIDS).await, StatusCode::OK, "kept")["writeup_access"], "open", "the ask is remembered");

    let mut solver = fast.client();
    assert_eq!(solve(&mut solver, "def calculate_pi(n):\n    return 3.14\n").await["verdict"], "AC");
    assert_eq!(ok(&solver.get(AIDS).await, StatusCode::OK, "solved")["writeup_access"], "open", "no need to ask");
    let none = ok(&solver.get("/api/problems/reverse-words/aids").await, StatusCode::OK, "untried problem");
    assert_eq!(none["writeup_access"], "locked", "per problem");
}

#[tokio::test]
async fn acceptance_counts_candidates_who_solved_over_those_who_tried() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut a = fast.client();
    solve(&mut a, "# wrong\n").await;
    solve(&mut a, "# wrong\n").await;
    let mut b = fast.client();
    solve(&mut b, "# wrong\n").await;
    solve(&mut b, "def calculate_pi(n):\n    return 3.14\n").await;
    let list = ok(&a.get("/api/problems").await, StatusCode::OK, "list");
    let row = |slug: &str| {
        list["problems"].as_array().into_iter().flatten().find(|p| p["slug"] == slug).cloned().unwrap_or_default()
    };
    assert_eq!(row("calculate-pi")["acceptance"], json!({"solved": 1, "tried": 2, "rate": 0.5}), "{list}");
    assert_eq!(row("reverse-words")["acceptance"], Value::Null, "nobody tried it");
    let aids = ok(&a.get(AIDS).await, StatusCode::OK, "aids");
    assert_eq!(aids["acceptance"]["tried"], 2, "the problem page shows the same figures");
}

#[tokio::test]
async fn tracks_list_their_steps_with_the_candidates_progress() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut me = fast.client();
    let list = ok(&me.get("/api/tracks").await, StatusCode::OK, "tracks");
    assert_eq!(list["tracks"][0]["slug"], "fast");
    assert_eq!((list["tracks"][0]["solved"].as_u64(), list["tracks"][0]["total"].as_u64()), (Some(0), Some(2)));
    solve(&mut me, "# wrong\n").await;
    solve(&mut me, "def calculate_pi(n):\n    return 3.14\n").await;
    let track = ok(&me.get("/api/tracks/fast").await, StatusCode::OK, "track");
    assert_eq!((track["solved"].as_u64(), track["total"].as_u64()), (Some(1), Some(2)), "{track}");
    let steps: Vec<(&str, &str, &Value)> = track["steps"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| {
            (
                s["title"].as_str().unwrap_or(""),
                s["problems"][0]["slug"].as_str().unwrap_or(""),
                &s["problems"][0]["status"],
            )
        })
        .collect();
    assert_eq!(
        steps,
        [("Day 1", "calculate-pi", &json!("solved")), ("Day 2", "reverse-words", &Value::Null)],
        "in order, with the candidate's standing"
    );
    let other = ok(&fast.client().get("/api/tracks").await, StatusCode::OK, "another candidate");
    assert_eq!(other["tracks"][0]["solved"], 0, "progress is the candidate's own");
    assert_eq!(me.get("/api/tracks/nope").await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn an_attempt_carries_no_hint_writeup_acceptance_or_related_problem() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut team = fast.member("lead@acme.test", "Acme", verdict_store::Role::Admin).await;
    let now = std::time::SystemTime::now();
    let day = std::time::Duration::from_secs(86_400);
    let at = |t: std::time::SystemTime| humantime::format_rfc3339_millis(t).to_string();
    let input = json!({
        "title": "Backend engineer", "instructions": "One problem.", "duration_minutes": 30,
        "opens_at": at(now - day), "closes_at": at(now + day),
        "problems": [{"slug": "calculate-pi", "points": 10}],
    });
    let assessment = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create");
    let invitations = format!("/api/assessments/{}/invitations", assessment["id"].as_str().unwrap_or_default());
    let invited = ok(
        &team.post(&invitations, json!({"name": "Ada", "email": "ada@x.test"})).await,
        StatusCode::CREATED,
        "invite",
    );
    let link = invited["link"].as_str().unwrap_or_default();
    let token = link.rsplit_once("#/a/").map(|(_, t)| t.to_owned()).unwrap_or_else(|| panic!("no token in {link}"));
    let mut candidate = fast.client();
    let base = format!("/api/attempts/{token}");
    let started = ok(&candidate.post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");
    let code = json!({"problem": "calculate-pi", "code": "def calculate_pi(n):\n    return 3.14\n"});
    let submitted = ok(&candidate.post(&format!("{base}/submissions"), code).await, StatusCode::ACCEPTED, "submit");
    let id = submitted["id"].as_str().unwrap_or_default();
    let (events, _) = super::follow(&mut candidate, &format!("{base}/submissions/{id}/events")).await;
    assert_eq!(done(&events)["verdict"], "AC");
    let problem = ok(&candidate.get(&format!("{base}/problems/calculate-pi")).await, StatusCode::OK, "problem");
    let texts = [
        started.to_string(),
        problem.to_string(),
        ok(&candidate.get(&base).await, StatusCode::OK, "attempt").to_string(),
    ];
    for text in &texts {
        for word in ["hint", "writeup", "acceptance", "related", "A nudge", "Euler's series"] {
            assert!(!text.contains(word), "an attempt's answer carries `{word}`: {text}");
        }
    }
    for (method, path) in [("GET", "aids"), ("POST", "hints"), ("POST", "writeup")] {
        let uri = format!("{base}/problems/calculate-pi/{path}");
        let answer = if method == "GET" { candidate.get(&uri).await } else { candidate.post(&uri, json!({})).await };
        assert!(answer.status.is_client_error(), "{method} {uri}: {}", answer.status);
    }
    // An assessment's candidate is not practising: their accepted answer is no acceptance figure.
    let list = ok(&candidate.get("/api/problems").await, StatusCode::OK, "list");
    let pi = list["problems"].as_array().into_iter().flatten().find(|p| p["slug"] == "calculate-pi").cloned();
    assert_eq!(pi.map(|p| p["acceptance"].clone()), Some(Value::Null), "{list}");
}
