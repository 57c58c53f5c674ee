//! An attempt's events and keystroke recording: server times, caps, the deadline, and the
//! team's code across its other assessments (bounded, newest first).

use super::hiring::{invite, spec, team};
use super::hiring_store as store;
use super::{on_both_engines, Engine};
use std::time::Duration;
use verdict_store::*;

const MINUTE: Millis = 60_000;

fn paste(age_ms: i64, chars: i64) -> NewEvent {
    NewEvent { kind: "paste".into(), age_ms, chars: Some(chars) }
}

fn delta(age: i64, from: u32, to: u32, insert: &str) -> Delta {
    Delta { at: age, from, to, insert: insert.into() }
}

fn events_and_deltas_are_kept_in_order_at_server_times_and_refused_after_the_deadline(engine: Engine) {
    let (_place, clock, store) = store(engine);
    store.create_assessment(&team(""), "as1", &spec(), "lead").expect("create");
    invite(&store, "as1", "inv");
    let early = store.record_activity("inv", "a", &[paste(0, 3)], None);
    assert!(matches!(early, Err(StoreError::Conflict { code: "not_started", .. })), "{early:?}");
    store.start_attempt("inv", 30 * MINUTE).expect("start");
    clock.advance(Duration::from_secs(10));
    let now = 1_000_000 + 10_000;
    let first = DeltaBatch { base: Some("x".into()), changes: vec![delta(500, 1, 1, " = 1"), delta(100, 0, 1, "y")] };
    let events = [paste(2000, 4), NewEvent { kind: "blur".into(), age_ms: 50, chars: None }];
    let kept = store.record_activity("inv", "a", &events, Some(&first)).expect("record");
    assert_eq!(kept, Kept::default());
    // An age beyond MAX_EVENT_AGE_MS is clamped: nothing lands before the attempt could see it.
    let later = DeltaBatch { base: None, changes: vec![delta(i64::MAX, 5, 5, "\n")] };
    store.record_activity("inv", "a", &[], Some(&later)).expect("record");
    let got = store.activity_events("inv").expect("events");
    let summary: Vec<(&str, Millis, Option<i64>)> = got.iter().map(|e| (e.kind.as_str(), e.at, e.chars)).collect();
    assert_eq!(summary, [("paste", now - 2000, Some(4)), ("blur", now - 50, None)]);
    let recording = store.recording("inv", "a").expect("recording");
    assert!(!recording.cut);
    assert_eq!(recording.batches.len(), 2);
    assert_eq!(recording.batches[0].base.as_deref(), Some("x"));
    let times: Vec<Millis> = recording.batches.iter().flat_map(|b| b.changes.iter().map(|d| d.at)).collect();
    assert_eq!(times, [now - 500, now - 100, now - MAX_EVENT_AGE_MS]);
    assert_eq!(recording.batches[0].changes[0].insert, " = 1");
    assert_eq!(store.recording("inv", "b").expect("none yet"), Recording::default());
    clock.advance(Duration::from_secs(30 * 60));
    let late = store.record_activity("inv", "a", &[paste(0, 1)], Some(&later));
    assert!(matches!(late, Err(StoreError::TimeOver)), "{late:?}");
    assert_eq!(store.activity_events("inv").expect("events").len(), 2, "nothing stored after the deadline");
}

fn past_the_caps_events_are_dropped_and_the_recording_is_cut(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    store.create_assessment(&team(""), "as1", &spec(), "lead").expect("create");
    invite(&store, "as1", "inv");
    store.start_attempt("inv", 30 * MINUTE).expect("start");
    let cap = usize::try_from(MAX_ATTEMPT_EVENTS).expect("cap");
    let many: Vec<NewEvent> = (0..cap - 1).map(|_| paste(0, 1)).collect();
    assert!(!store.record_activity("inv", "a", &many, None).expect("under the cap").timeline_cut);
    let kept = store.record_activity("inv", "b", &[paste(0, 2), paste(0, 3)], None).expect("at the cap");
    assert!(kept.timeline_cut, "one of the two was dropped");
    let events = store.activity_events("inv").expect("events");
    assert_eq!(events.len(), cap);
    assert_eq!(events.last().map(|e| e.chars), Some(Some(2)), "the first that fits is kept");

    let half = "x".repeat(usize::try_from(MAX_RECORDING_BYTES / 2).expect("size"));
    let big = DeltaBatch { base: Some(half.clone()), changes: vec![] };
    assert!(!store.record_activity("inv", "a", &[], Some(&big)).expect("first half").recording_cut);
    assert!(store.record_activity("inv", "a", &[], Some(&big)).expect("past the cap").recording_cut);
    let small = DeltaBatch { base: None, changes: vec![delta(0, 0, 0, "y")] };
    assert!(
        store.record_activity("inv", "a", &[], Some(&small)).expect("after the cut").recording_cut,
        "cut stays cut"
    );
    let recording = store.recording("inv", "a").expect("recording");
    assert!(recording.cut);
    assert_eq!(recording.batches.len(), 1, "only what fitted before the cut");
    store.save_attempt_draft("inv", "a", "still saved", "autosave").expect("autosave goes on past the cut");
    assert!(!store.record_activity("inv", "b", &[], Some(&small)).expect("b").recording_cut, "per problem");
}

fn the_teams_code_in_other_assessments_is_bounded_and_newest_first(engine: Engine) {
    let (_place, clock, store) = store(engine);
    for id in ["old", "new", "here"] {
        store.create_assessment(&team(""), id, &spec(), "lead").expect("create");
    }
    store.create_assessment(&team("b"), "theirs", &spec(), "lead").expect("other team");
    for (assessment, inv) in [("old", "o1"), ("old", "o2"), ("new", "n1"), ("here", "h1"), ("theirs", "t1")] {
        invite(&store, assessment, inv);
        store.start_attempt(inv, 30 * MINUTE).expect("start");
        store.save_attempt_draft(inv, "a", &format!("first {inv}"), "autosave").expect("draft");
        store.save_attempt_draft(inv, "a", &format!("last {inv}"), "autosave").expect("draft");
        clock.advance(Duration::from_secs(1));
    }
    invite(&store, "old", "never-started");
    let codes = store.team_codes(&team(""), "a", "here", 10).expect("codes");
    let got: Vec<(&str, &str, &str)> =
        codes.iter().map(|c| (c.invitation.as_str(), c.assessment.as_str(), c.code.as_str())).collect();
    assert_eq!(got, [("n1", "new", "last n1"), ("o2", "old", "last o2"), ("o1", "old", "last o1")]);
    assert_eq!(codes[0].assessment_title, "Backend");
    let bounded = store.team_codes(&team(""), "a", "here", 2).expect("codes");
    assert_eq!(bounded.iter().map(|c| c.invitation.as_str()).collect::<Vec<_>>(), ["n1", "o2"]);
    assert!(store.team_codes(&team(""), "b", "here", 10).expect("codes").is_empty(), "no draft of b");
}

on_both_engines!(
    events_and_deltas_are_kept_in_order_at_server_times_and_refused_after_the_deadline,
    past_the_caps_events_are_dropped_and_the_recording_is_cut,
    the_teams_code_in_other_assessments_is_bounded_and_newest_first,
);
