//! Integrity signals over HTTP: the candidate's page sends events and editor deltas in batches
//! (bounded per batch and per attempt, refused after the deadline); the team reads a timeline
//! worded as prompts and a recording that replays exactly to the saved code; similarity looks
//! across the team's other assessments of the same problem.

use crate::{assessment_input, member, ok, token_of};
use axum::http::StatusCode;
use serde_json::{json, Value};
use std::sync::Arc;
use std::time::Duration;
use verdict_store::{Clock, ManualClock, MAX_ATTEMPT_EVENTS};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

/// A solution of calculate-pi of the candidate's own, long enough to be compared.
const OWN_PI: &str = "\
import math


def partial_sums(limit):
    running = 0.0
    sums = []
    for denominator in range(1, limit):
        running += 1.0 / (denominator * denominator)
        sums.append(running)
    return sums


def estimate(values):
    if not values:
        return 0.0
    best = values[-1]
    return math.sqrt(6.0 * best)


def calculate_pi(n):
    history = partial_sums(n)
    result = estimate(history)
    if result < 0:
        raise ValueError('negative estimate')
    return result
";

/// Replays `[at, from, to, insert]` changes over a base as the player does (UTF-16 positions).
fn replay(base: &str, changes: &[Value], upto: usize) -> String {
    let mut text: Vec<u16> = base.encode_utf16().collect();
    for change in changes.iter().take(upto) {
        let (from, to) = (change[1].as_u64().unwrap_or(0) as usize, change[2].as_u64().unwrap_or(0) as usize);
        text.splice(from..to, change[3].as_str().unwrap_or_default().encode_utf16());
    }
    String::from_utf16(&text).unwrap_or_default()
}

async fn invite_and_start(team: &mut Client, router: &axum::Router, assessment: &str, name: &str) -> (String, String) {
    let body = json!({"name": name, "email": format!("{}@x.test", name.to_lowercase())});
    let invited = ok(
        &team.post(&format!("/api/assessments/{assessment}/invitations"), body).await,
        StatusCode::CREATED,
        "invite",
    );
    let base = format!("/api/attempts/{}", token_of(invited["link"].as_str().unwrap_or_default()));
    ok(&Client::new(router.clone()).post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");
    (invited["invitation"]["id"].as_str().unwrap_or_default().to_owned(), base)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paste_focus_and_keystrokes_reach_the_timeline_and_replay_exactly() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(1, 8), clock.clone()).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let input = assessment_input(clock.now(), json!([{"slug": "calculate-pi", "points": 10}]));
    let assessment = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create");
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();
    let (inv, base) = invite_and_start(&mut team, &router, &id, "Ada").await;
    let mut candidate = Client::new(router.clone());
    let activity = format!("{base}/activity");

    // Typed "x", pasted a line, typed over it; the page lost focus for 65 s.
    let start = "def calculate_pi(n):\n    ...\n";
    let pasted = format!("    return {}\n", "1".repeat(400));
    let changes = json!([[3000, 25, 28, "pass"], [2500, 25, 29, ""], [2000, 21, 25, pasted], [1000, 0, 0, "# é😀\n"],]);
    let first = json!({
        "problem": "calculate-pi",
        "base": start,
        "changes": changes,
        "events": [{"kind": "paste", "age_ms": 2000, "chars": pasted.encode_utf16().count()}, {"kind": "blur", "age_ms": 500}],
    });
    let kept = ok(&candidate.post(&activity, first).await, StatusCode::OK, "first batch");
    assert_eq!(kept, json!({"timeline_cut": false, "recording_cut": false}));
    clock.advance(Duration::from_secs(65));
    let second =
        json!({"problem": "calculate-pi", "events": [{"kind": "focus", "age_ms": 500}], "changes": [[100, 6, 6, "!"]]});
    ok(&candidate.post(&activity, second).await, StatusCode::OK, "second batch");
    let all: Vec<Value> =
        changes.as_array().cloned().unwrap_or_default().into_iter().chain([json!([100, 6, 6, "!"])]).collect();
    let final_code = replay(start, &all, all.len());
    ok(
        &candidate.put(&format!("{base}/drafts/calculate-pi"), json!({"code": final_code})).await,
        StatusCode::NO_CONTENT,
        "save",
    );

    // Bad batches are refused by field and store nothing.
    let bad = [
        (json!({"problem": "calculate-pi", "events": [{"kind": "print", "age_ms": 0}]}), 422, "events[0].kind"),
        (json!({"problem": "calculate-pi", "changes": [[0, 5, 2, ""]]}), 422, "changes[0]"),
        (json!({"problem": "calculate-pi", "events": vec![json!({"kind": "blur", "age_ms": 0}); 201]}), 422, "events"),
        (json!({"problem": "calculate-pi", "changes": vec![json!([0, 0, 0, "x"]); 2001]}), 422, "changes"),
        (json!({"problem": "no-such-problem"}), 404, "problem"),
        (json!({"problem": "reverse-words", "events": [{"kind": "blur", "age_ms": 0}]}), 409, "problem"),
    ];
    for (body, status, field) in bad {
        let answer = candidate.post(&activity, body).await;
        assert_eq!(answer.status.as_u16(), status, "{field}: {}", answer.text);
        assert_eq!(answer.error().1.as_deref(), Some(field), "{}", answer.text);
    }

    let read = ok(&team.get(&format!("/api/assessments/{id}/candidates/{inv}/activity")).await, StatusCode::OK, "read");
    let timeline = read["timeline"].as_array().cloned().unwrap_or_default();
    let kinds: Vec<&str> = timeline.iter().filter_map(|e| e["kind"].as_str()).collect();
    assert_eq!(kinds, ["paste", "focus_lost"], "{read}");
    assert_eq!(timeline[0]["chars"], 412);
    let prompt = timeline[0]["prompt"].as_str().unwrap_or_default();
    assert!(prompt.starts_with("Pasted 412 characters into") && prompt.contains("worth asking"), "{prompt}");
    assert_eq!(timeline[1]["away_ms"], 65_000, "blurred 0.5 s before the first batch, back 0.5 s before the second");
    assert_eq!(timeline[0]["at_ms"].as_i64(), Some(clock.now() - 65_000 - 2000), "server time, less the page's age");
    let recording = &read["recordings"][0];
    assert_eq!((recording["problem"].as_str(), recording["cut"].as_bool()), (Some("calculate-pi"), Some(false)));
    assert_eq!(recording["replays_to_final"], true, "{recording}");
    // The player's steps: the base, then every change, each at server time; intermediate states too.
    let segments = recording["segments"].as_array().cloned().unwrap_or_default();
    assert_eq!(segments[0]["base"], start);
    let stored: Vec<Value> =
        segments.iter().flat_map(|s| s["changes"].as_array().cloned().unwrap_or_default()).collect();
    assert_eq!(stored.len(), 5);
    assert_eq!(replay(start, &stored, 1), "def calculate_pi(n):\n    pass\n");
    assert_eq!(replay(start, &stored, 2), "def calculate_pi(n):\n    \n");
    assert_eq!(replay(start, &stored, stored.len()), final_code);
    let times: Vec<i64> = stored.iter().filter_map(|c| c[0].as_i64()).collect();
    let now = clock.now();
    assert_eq!(times, [now - 65_000 - 3000, now - 65_000 - 2500, now - 65_000 - 2000, now - 65_000 - 1000, now - 100]);

    // A run is on the timeline too (the server records it), and nothing is taken after the deadline.
    let run =
        candidate.post(&format!("{base}/problems/calculate-pi/run"), json!({"code": final_code, "input": null})).await;
    assert!(run.status.is_success() || run.status == StatusCode::UNPROCESSABLE_ENTITY, "{}", run.text);
    clock.advance(Duration::from_secs(31 * 60));
    let late =
        candidate.post(&activity, json!({"problem": "calculate-pi", "events": [{"kind": "blur", "age_ms": 0}]})).await;
    assert_eq!((late.status, late.code()), (StatusCode::CONFLICT, "time_over".to_owned()), "{}", late.text);
    let read =
        ok(&team.get(&format!("/api/assessments/{id}/candidates/{inv}/activity")).await, StatusCode::OK, "again");
    let kinds: Vec<&str> =
        read["timeline"].as_array().into_iter().flatten().filter_map(|e| e["kind"].as_str()).collect();
    assert!(kinds.starts_with(&["paste", "focus_lost"]) && kinds.contains(&"run"), "{kinds:?}");
    // A late blur would have made a second, unended focus_lost.
    assert_eq!(kinds.iter().filter(|k| **k == "focus_lost").count(), 1, "nothing stored after the deadline");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_attempts_events_stop_at_the_cap_and_the_timeline_says_so() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(1, 8), clock.clone()).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let input = assessment_input(clock.now(), json!([{"slug": "calculate-pi", "points": 10}]));
    let id = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create")["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (inv, base) = invite_and_start(&mut team, &router, &id, "Bob").await;
    let mut candidate = Client::new(router.clone());
    let batch =
        json!({"problem": "calculate-pi", "events": vec![json!({"kind": "paste", "age_ms": 0, "chars": 3}); 200]});
    let batches = usize::try_from(MAX_ATTEMPT_EVENTS).unwrap_or(0) / 200;
    for i in 0..batches {
        let kept = ok(&candidate.post(&format!("{base}/activity"), batch.clone()).await, StatusCode::OK, "batch");
        assert_eq!(kept["timeline_cut"], false, "batch {i}");
    }
    let over = ok(&candidate.post(&format!("{base}/activity"), batch).await, StatusCode::OK, "over the cap");
    assert_eq!(over["timeline_cut"], true);
    let read = ok(&team.get(&format!("/api/assessments/{id}/candidates/{inv}/activity")).await, StatusCode::OK, "read");
    assert_eq!(read["timeline"].as_array().map(Vec::len), Some(batches * 200));
    assert_eq!(read["timeline_cut"], true);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn similarity_looks_across_the_teams_assessments_of_the_same_problem() {
    let clock = Arc::new(ManualClock::at_system_time());
    let service = TestService::start_with_clock(queue(1, 8), clock.clone()).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let mut other_team = member(&service, &router, "lead@other.test", "Other").await;
    let input = assessment_input(clock.now(), json!([{"slug": "calculate-pi", "points": 10}]));
    let mut made = Vec::new();
    for ours in [true, true, false] {
        let client = if ours { &mut team } else { &mut other_team };
        let created = ok(&client.post("/api/assessments", input.clone()).await, StatusCode::CREATED, "create");
        made.push(created["id"].as_str().unwrap_or_default().to_owned());
    }
    let (spring, autumn, theirs) = (made[0].clone(), made[1].clone(), made[2].clone());
    let attempts = [
        (true, &spring, "Ada", OWN_PI),
        (true, &autumn, "Bob", OWN_PI),
        (false, &theirs, "Eve", OWN_PI),
        (true, &spring, "Cy", crate::PI),
        (true, &autumn, "Di", crate::PI),
    ];
    for (ours, assessment, name, code) in attempts {
        let client = if ours { &mut team } else { &mut other_team };
        let (_, base) = invite_and_start(client, &router, assessment, name).await;
        let saved =
            Client::new(router.clone()).put(&format!("{base}/drafts/calculate-pi"), json!({"code": code})).await;
        ok(&saved, StatusCode::NO_CONTENT, "draft");
        clock.advance(Duration::from_secs(1));
    }
    let list = ok(&team.get(&format!("/api/assessments/{autumn}/similarity")).await, StatusCode::OK, "similarity");
    let pairs = list["pairs"].as_array().cloned().unwrap_or_default();
    let names: Vec<(String, String)> = pairs
        .iter()
        .map(|p| (p["a"]["name"].as_str().unwrap_or("").to_owned(), p["b"]["name"].as_str().unwrap_or("").to_owned()))
        .collect();
    // Bob matches Ada of the spring assessment; never Eve of another team; Di and Cy handed in
    // the reference solution itself, which is no evidence of anything.
    assert_eq!(names, [("Bob".to_owned(), "Ada".to_owned())], "{list}");
    assert_eq!(pairs[0]["b"]["assessment"], spring);
    assert_eq!(pairs[0]["b"]["assessment_title"], "Backend engineer");
    assert_eq!(pairs[0]["a"]["assessment"], Value::Null, "Bob is of the assessment being read");
    assert!(list["note"].as_str().is_some_and(|n| n.contains("reference solutions")), "{list}");
}
