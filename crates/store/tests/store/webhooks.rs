//! Webhooks: endpoints per team under a cap, events stored with the change that caused them
//! (only for endpoints that are on and want them), `attempt.graded` once every submission of a
//! finished attempt is judged, tries kept beside their delivery (and deleted with it), and a
//! redelivery of the same event.

use super::hiring::spec;
use super::hiring_store as store;
use super::{on_both_engines, AnyStore, Engine};
use std::time::Duration;
use verdict_store::*;

const LEASE: Duration = Duration::from_secs(60);

fn endpoint(id: &str, team: &str, events: &[&str], enabled: bool) -> WebhookEndpoint {
    WebhookEndpoint {
        id: id.into(),
        team: team.into(),
        url: format!("https://hooks.example.test/{id}"),
        events: events.iter().map(|e| (*e).to_owned()).collect(),
        enabled,
        created_at: 0,
        updated_at: 0,
    }
}

fn invite(store: &AnyStore, id: &str) {
    let new = NewInvitation {
        id: id.into(),
        name: format!("Name {id}"),
        email: format!("{id}@x.test"),
        link_hash: id.into(),
    };
    store.create_invitations("as1", &[new], "lead").expect("invite");
}

/// (event type, endpoint) of every delivery of the team, oldest first.
fn delivered(store: &AnyStore, team: &str) -> Vec<(String, String)> {
    let mut all: Vec<_> = store
        .webhook_deliveries(team, 100)
        .expect("deliveries")
        .into_iter()
        .map(|d| (d.event["type"].as_str().unwrap_or_default().to_owned(), d.endpoint))
        .collect();
    all.reverse();
    all
}

on_both_engines!(
    endpoints_are_per_team_capped_and_listed_without_their_secret,
    events_are_stored_with_their_change_for_the_endpoints_that_want_them,
    graded_comes_once_when_the_last_submission_of_a_finished_attempt_is_judged,
    tries_are_kept_with_their_delivery_and_a_redelivery_repeats_the_event,
);

fn endpoints_are_per_team_capped_and_listed_without_their_secret(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    for n in 0..MAX_WEBHOOK_ENDPOINTS {
        store
            .create_webhook(&endpoint(&format!("e{n}"), "team-ua", &["attempt.graded"], true), "whsec_1", "lead")
            .expect("add");
    }
    let over = store.create_webhook(&endpoint("over", "team-ua", &["attempt.graded"], true), "whsec_1", "lead");
    assert!(matches!(over, Err(StoreError::Conflict { code: "too_many_endpoints", .. })), "{over:?}");
    store
        .create_webhook(&endpoint("theirs", "team-ub", &["attempt.graded"], true), "whsec_b", "lead")
        .expect("b's own");
    assert_eq!(store.webhooks("team-ua").expect("list").len(), usize::try_from(MAX_WEBHOOK_ENDPOINTS).expect("small"));
    assert!(store.webhook("team-ua", "theirs").expect("read").is_none(), "another team's endpoint is not found");
    let mut changed = endpoint("e0", "team-ua", &["attempt.started", "attempt.finished"], false);
    changed.url = "https://other.example.test/".into();
    let updated = store.update_webhook(&changed, None, "lead").expect("update").expect("found");
    assert_eq!(
        (updated.url.as_str(), updated.enabled, updated.events.len()),
        ("https://other.example.test/", false, 2)
    );
    assert_eq!(store.webhook_target("e0").expect("target").expect("found").secret, "whsec_1", "the secret stays");
    store.update_webhook(&changed, Some("whsec_2"), "lead").expect("rotate");
    assert_eq!(store.webhook_target("e0").expect("target").expect("found").secret, "whsec_2");
    assert!(store.update_webhook(&endpoint("theirs", "team-ua", &[], true), None, "lead").expect("update").is_none());
    assert!(!store.delete_webhook("team-ua", "theirs", "lead").expect("delete"), "not this team's");
    assert!(store.delete_webhook("team-ua", "e1", "lead").expect("delete"));
    assert!(store.webhook_target("e1").expect("target").is_none());
    let actions: Vec<String> = store.team_audit("team-ua", 100).expect("log").into_iter().map(|e| e.action).collect();
    assert!(
        actions.contains(&"webhook_secret_rotated".to_owned()) && actions.contains(&"webhook_deleted".to_owned()),
        "{actions:?}"
    );
}

fn events_are_stored_with_their_change_for_the_endpoints_that_want_them(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    store.create_assessment("team-ua", "as1", &spec(), "lead").expect("create");
    store.create_webhook(&endpoint("all", "team-ua", &WEBHOOK_EVENTS, true), "s", "lead").expect("add");
    store.create_webhook(&endpoint("starts", "team-ua", &["attempt.started"], true), "s", "lead").expect("add");
    store.create_webhook(&endpoint("off", "team-ua", &WEBHOOK_EVENTS, false), "s", "lead").expect("add");
    store.create_webhook(&endpoint("other-team", "team-ub", &WEBHOOK_EVENTS, true), "s", "lead").expect("add");
    invite(&store, "inv");
    store.start_attempt("inv", 30 * 60_000).expect("start");
    store.start_attempt("inv", 30 * 60_000).expect("starting again changes nothing");
    let expected = [("invitation.created", "all"), ("attempt.started", "all"), ("attempt.started", "starts")];
    let mut got = delivered(&store, "team-ua");
    got.sort();
    let mut want: Vec<(String, String)> = expected.iter().map(|(a, b)| ((*a).to_owned(), (*b).to_owned())).collect();
    want.sort();
    assert_eq!(got, want);
    assert!(delivered(&store, "team-ub").is_empty(), "another team hears nothing");
    let started = store.webhook_deliveries("team-ua", 100).expect("deliveries");
    let started: Vec<_> = started.iter().filter(|d| d.event["type"] == "attempt.started").collect();
    assert_eq!(started[0].event["id"], started[1].event["id"], "one event, one id, to each endpoint");
    let data = &started[0].event["data"];
    assert_eq!(
        (data["invitation"]["email"].as_str(), data["invitation"]["name"].as_str()),
        (Some("inv@x.test"), Some("Name inv"))
    );
    assert_eq!((data["assessment"]["id"].as_str(), data["team"]["id"].as_str()), (Some("as1"), Some("team-ua")));
    // A refused change stores no event: a second invitation with the same id fails whole.
    let before = delivered(&store, "team-ua").len();
    let dup = NewInvitation { id: "inv".into(), name: "x".into(), email: "x@x.test".into(), link_hash: "other".into() };
    assert!(store.create_invitations("as1", &[dup], "lead").is_err());
    assert_eq!(delivered(&store, "team-ua").len(), before, "nothing half-written");
    // Mail and webhooks are claimed apart: mail's claim takes no delivery.
    assert!(store.claim_messages(LEASE, 100).expect("claim mail").is_empty());
    assert_eq!(store.claim_webhooks(LEASE, 100).expect("claim webhooks").len(), 3);
}

fn graded_comes_once_when_the_last_submission_of_a_finished_attempt_is_judged(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    store.create_assessment("team-ua", "as1", &spec(), "lead").expect("create");
    store.create_webhook(&endpoint("graded", "team-ua", &["attempt.graded"], true), "s", "lead").expect("add");
    invite(&store, "inv");
    store.start_attempt("inv", 30 * 60_000).expect("start");
    let owner = Owner::Attempt("inv".into());
    for (id, problem) in [("s1", "a"), ("s2", "b")] {
        let new = NewSubmission { id, owner: &owner, problem, code: "x", package: None };
        store.create_attempt_submission("inv", &new).expect("submit");
    }
    let outcome =
        |score: f64| Outcome::Finished { verdict: "WA".into(), score, compile_error: None, stopped: None, not_run: 0 };
    let token = super::claim(&store, "s1");
    store.finish("s1", &token, &outcome(0.5)).expect("judged");
    assert!(delivered(&store, "team-ua").is_empty(), "not graded while the attempt runs");
    store.finish_attempt("inv", "candidate", &mut || "never".into(), &|_| None).expect("finish");
    assert!(delivered(&store, "team-ua").is_empty(), "not graded while s2 waits");
    let token = super::claim(&store, "s2");
    store.finish("s2", &token, &outcome(1.0)).expect("judged");
    store.finish("s2", &token, &outcome(1.0)).expect("a repeat");
    let graded = store.webhook_deliveries("team-ua", 100).expect("deliveries");
    assert_eq!(graded.len(), 1, "graded once");
    assert_eq!(graded[0].event["type"], "attempt.graded");
    assert_eq!(graded[0].event["data"]["score"]["points"], 10.0, "0.5 of 10 and all of 5");
    assert_eq!(graded[0].event["data"]["score"]["max_points"], 15);
    // An attempt finished with nothing left to judge is graded at once.
    invite(&store, "idle");
    store.start_attempt("idle", 30 * 60_000).expect("start");
    store.finish_attempt("idle", "candidate", &mut || "never".into(), &|_| None).expect("finish");
    let all = store.webhook_deliveries("team-ua", 100).expect("deliveries");
    let idle: Vec<_> = all.iter().filter(|d| d.event["data"]["invitation"]["id"] == "idle").collect();
    assert_eq!(idle.len(), 1);
    assert_eq!(idle[0].event["data"]["score"]["points"], 0.0);
}

fn tries_are_kept_with_their_delivery_and_a_redelivery_repeats_the_event(engine: Engine) {
    let (place, clock, store) = store(engine);
    store.create_assessment("team-ua", "as1", &spec(), "lead").expect("create");
    store.create_webhook(&endpoint("e", "team-ua", &["invitation.created"], true), "s", "lead").expect("add");
    invite(&store, "inv");
    let attempt = |status: u16, body: &str| WebhookTry {
        at: clock.now(),
        status: Some(status),
        error: (status >= 300).then(|| format!("answered {status}")),
        body: body.into(),
        duration_ms: 12,
    };
    let claimed = store.claim_webhooks(LEASE, 10).expect("claim").remove(0);
    let long = "x".repeat(MAX_ANSWER_CHARS * 2);
    let retry = store.finish_webhook_try(&claimed.id, &claimed.token, &attempt(500, &long), false).expect("tried");
    assert!(matches!(retry, Some(Retry::At(_))), "{retry:?}");
    clock.advance(Duration::from_millis(u64::try_from(FIRST_BACKOFF_MS).expect("positive")));
    let claimed = store.claim_webhooks(LEASE, 10).expect("claim").remove(0);
    assert_eq!(store.finish_webhook_try(&claimed.id, &claimed.token, &attempt(204, ""), true).expect("tried"), None);
    let delivery = store.webhook_deliveries("team-ua", 10).expect("deliveries").remove(0);
    assert_eq!((delivery.status.as_str(), delivery.attempts), ("sent", 2));
    let statuses: Vec<Option<u16>> = delivery.tries.iter().map(|t| t.status).collect();
    assert_eq!(statuses, [Some(500), Some(204)]);
    assert_eq!(delivery.tries[0].body.chars().count(), MAX_ANSWER_CHARS, "the answer's head only");
    let again = store.redeliver_webhook("team-ua", &delivery.id).expect("redeliver").expect("found");
    assert!(store.redeliver_webhook("team-ub", &delivery.id).expect("redeliver").is_none(), "not another team's");
    let both = store.webhook_deliveries("team-ua", 10).expect("deliveries");
    let copy = both.iter().find(|d| d.id == again).expect("listed");
    assert_eq!((copy.status.as_str(), copy.tries.len()), ("pending", 0));
    assert_eq!(copy.event, delivery.event, "the same event again");
    // Ended deliveries go with their tries once kept long enough.
    let claimed = store.claim_webhooks(LEASE, 10).expect("claim").remove(0);
    store.finish_webhook_try(&claimed.id, &claimed.token, &attempt(200, "ok"), true).expect("tried");
    assert_eq!(place.count("webhook_tries"), 3, "the tries so far: two, and the redelivery's one");
    clock.advance(Duration::from_millis(u64::try_from(KEEP_ENDED_MS).expect("positive")) + LEASE);
    for n in 0..4 {
        store
            .enqueue(&NewMessage {
                kind: "invitation".into(),
                team: Some("team-ub".into()),
                recipient: format!("{n}@x.test"),
                payload: serde_json::json!({}),
                secret: None,
            })
            .expect("enqueue");
    }
    assert!(store.webhook_deliveries("team-ua", 10).expect("deliveries").is_empty(), "both deleted");
    assert_eq!(place.count("webhook_tries"), 0, "their tries went with them");
    let orphans = store.recent_messages(100).expect("recent").into_iter().filter(|m| m.kind == WEBHOOK_KIND).count();
    assert_eq!(orphans, 0);
}
