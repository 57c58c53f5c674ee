//! The team's review of a candidate: notes kept, edited and deleted by their author only, a
//! capped number per candidate; one scorecard per member per candidate; every change in the
//! assessment's audit log; and an attempt's work figures (runs, submissions, the span of saves).

use super::hiring::spec;
use super::hiring_store as store;
use super::{on_both_engines, AnyStore, Engine};
use serde_json::json;
use std::time::Duration;
use verdict_store::*;

const ADA: Reviewer<'static> = Reviewer { id: "ua", email: "ua@x.test" };
const REX: Reviewer<'static> = Reviewer { id: "ub", email: "ub@x.test" };

fn started(store: &AnyStore) {
    store.create_assessment("team-u", "as1", &spec(), "lead").expect("create");
    let new = NewInvitation { id: "inv".into(), name: "Cand".into(), email: "c@x.test".into(), link_hash: "l".into() };
    store.create_invitations("as1", &[new], "lead").expect("invite");
    store.start_attempt("inv", 30 * 60_000).expect("start");
}

fn conflict_code<T: std::fmt::Debug>(result: Result<T>) -> &'static str {
    match result {
        Err(StoreError::Conflict { code, .. }) => code,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn notes_are_their_authors_and_capped_per_candidate(engine: Engine) {
    let (_place, clock, store) = store(engine);
    started(&store);
    let first = store.add_note("inv", "n1", ADA, "Clear tests.").expect("note");
    assert_eq!((first.author_email.as_str(), first.text.as_str()), ("ua@x.test", "Clear tests."));
    clock.advance(Duration::from_secs(5));
    store.add_note("inv", "n2", REX, "Slow start.").expect("note");
    // Only the author changes or deletes a note; another's is refused and left as it was.
    assert_eq!(conflict_code(store.edit_note("inv", "n1", REX, "mine now")), "not_author");
    assert_eq!(conflict_code(store.delete_note("inv", "n1", REX)), "not_author");
    let edited = store.edit_note("inv", "n1", ADA, "Clear tests, good names.").expect("edit");
    assert_eq!(
        (edited.text.as_str(), edited.created_at, edited.updated_at),
        ("Clear tests, good names.", 1_000_000, 1_005_000)
    );
    // A note of another invitation is not reachable through this one.
    assert!(matches!(store.edit_note("other", "n1", ADA, "x"), Err(StoreError::Missing(_))));
    store.delete_note("inv", "n2", REX).expect("delete");
    assert!(matches!(store.delete_note("inv", "n2", REX), Err(StoreError::Missing(_))));
    let texts: Vec<String> = store.notes("inv").expect("notes").into_iter().map(|n| n.text).collect();
    assert_eq!(texts, ["Clear tests, good names."]);

    // The cap: MAX_NOTES_PER_CANDIDATE in all, then a refusal that stores nothing.
    for i in 1..MAX_NOTES_PER_CANDIDATE {
        store.add_note("inv", &format!("m{i}"), REX, "more").expect("under the cap");
    }
    assert_eq!(conflict_code(store.add_note("inv", "over", ADA, "one too many")), "too_many_notes");
    assert_eq!(store.notes("inv").expect("notes").len() as i64, MAX_NOTES_PER_CANDIDATE);
    // Deleting one makes room again.
    store.delete_note("inv", "m1", REX).expect("delete");
    store.add_note("inv", "again", ADA, "fits").expect("room again");

    let actions: Vec<String> =
        store.audit("as1", None, 1000).expect("audit").events.into_iter().map(|e| e.action).collect();
    let count = |name: &str| actions.iter().filter(|a| *a == name).count() as i64;
    assert_eq!(
        (count("note_added"), count("note_edited"), count("note_deleted")),
        (MAX_NOTES_PER_CANDIDATE + 2, 1, 2),
        "every change, and no refused one"
    );
}

fn one_scorecard_per_member_per_candidate(engine: Engine) {
    let (_place, clock, store) = store(engine);
    started(&store);
    let ratings = json!({"problem_solving": 3, "code_quality": 2});
    store.put_scorecard("inv", ADA, &ratings, "yes").expect("scorecard");
    clock.advance(Duration::from_secs(1));
    store.put_scorecard("inv", REX, &ratings, "no").expect("scorecard");
    clock.advance(Duration::from_secs(1));
    let replaced = store.put_scorecard("inv", ADA, &json!({"problem_solving": 4}), "strong_yes").expect("again");
    assert_eq!((replaced.recommendation.as_str(), replaced.updated_at), ("strong_yes", 1_002_000));
    let cards = store.scorecards("inv").expect("scorecards");
    let mine: Vec<(&str, &str)> = cards.iter().map(|c| (c.author.as_str(), c.recommendation.as_str())).collect();
    assert_eq!(mine, [("ub", "no"), ("ua", "strong_yes")], "one per member, the latest change last");
    assert_eq!(cards[1].ratings, json!({"problem_solving": 4}));
    // A recommendation that is not one of the four is refused by the schema, and nothing changes.
    assert!(store.put_scorecard("inv", ADA, &ratings, "maybe").is_err());
    assert_eq!(store.scorecards("inv").expect("scorecards"), cards);
    let saved = store
        .audit("as1", None, 1000)
        .expect("audit")
        .events
        .into_iter()
        .filter(|e| e.action == "scorecard_saved")
        .count();
    assert_eq!(saved, 3);
}

fn the_work_figures_count_runs_submissions_and_the_span_of_saves(engine: Engine) {
    let (_place, clock, store) = store(engine);
    started(&store);
    assert_eq!(store.activity("inv").expect("activity"), [], "nothing touched yet");
    clock.advance(Duration::from_secs(60));
    store.save_attempt_draft("inv", "a", "v1", "autosave").expect("draft");
    clock.advance(Duration::from_secs(60));
    store.save_attempt_draft("inv", "a", "v2", "run").expect("run");
    // A run of unchanged code saves no revision but is a run all the same.
    store.save_attempt_draft("inv", "a", "v2", "run").expect("run again");
    clock.advance(Duration::from_secs(60));
    let owner = Owner::Attempt("inv".into());
    let new = NewSubmission { id: "s1", owner: &owner, problem: "a", code: "v3", package: None };
    store.create_attempt_submission("inv", &new).expect("submit");
    clock.advance(Duration::from_secs(60));
    store.save_attempt_draft("inv", "b", "b1", "autosave").expect("draft b");
    store.finish_attempt("inv", "candidate", &mut || "s2".into(), &|_| None).expect("finish");

    let activity = store.activity("inv").expect("activity");
    assert_eq!(
        activity,
        [
            ProblemActivity {
                problem: "a".into(),
                first_saved_at: Some(1_060_000),
                last_saved_at: Some(1_180_000),
                last_submitted_at: Some(1_180_000),
                runs: 2,
                submissions: 1,
                system_submissions: 0,
            },
            ProblemActivity {
                problem: "b".into(),
                first_saved_at: Some(1_240_000),
                last_saved_at: Some(1_240_000),
                last_submitted_at: None,
                runs: 0,
                submissions: 0,
                system_submissions: 1,
            },
        ]
    );
}

on_both_engines!(
    notes_are_their_authors_and_capped_per_candidate,
    one_scorecard_per_member_per_candidate,
    the_work_figures_count_runs_submissions_and_the_span_of_saves,
);
