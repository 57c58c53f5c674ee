//! Practice aids: hints revealed one at a time and never past the count, the write-up asked
//! for, rows moved to another owner, and acceptance counted by candidate over practice only.

use super::{on_both_engines, store, AnyStore, Engine};
use std::time::Duration;
use verdict_store::*;

fn practice(id: &str) -> Owner {
    Owner::Practice(id.into())
}

fn hints_are_revealed_one_at_a_time_up_to_the_count(engine: Engine) {
    let (place, store) = store(engine);
    let me = practice("c1");
    assert_eq!(store.aid_state(&me, "p").expect("read"), AidState::default());
    assert_eq!(store.reveal_hint(&me, "p", 2).expect("one").map(|s| s.hints_revealed), Some(1));
    assert_eq!(store.reveal_hint(&me, "p", 2).expect("two").map(|s| s.hints_revealed), Some(2));
    let start = store.commits();
    assert_eq!(store.reveal_hint(&me, "p", 2).expect("none left"), None, "never past the count");
    assert_eq!(store.aid_state(&practice("c2"), "p").expect("read").hints_revealed, 0, "per owner");
    assert_eq!(store.aid_state(&me, "q").expect("read").hints_revealed, 0, "per problem");
    let asked = store.ask_writeup(&me, "p").expect("ask");
    assert_eq!(asked, AidState { hints_revealed: 2, writeup_asked: true });
    assert_eq!(store.ask_writeup(&me, "p").expect("again"), asked, "asking again changes nothing");
    assert_eq!(store.commits() - start, 3, "each call is one transaction");
    assert_eq!(place.count("practice_aids"), 1, "one row per owner and problem");
}

fn an_owners_aids_move_to_another_and_merge(engine: Engine) {
    let (place, store) = store(engine);
    let (anonymous, account) = (practice("anon"), practice("account"));
    store.reveal_hint(&anonymous, "p", 3).expect("hint");
    store.reveal_hint(&anonymous, "p", 3).expect("hint");
    store.ask_writeup(&anonymous, "q").expect("ask");
    store.reveal_hint(&account, "p", 3).expect("hint");
    store.ask_writeup(&account, "p").expect("ask");
    assert_eq!(store.move_practice_aids(&anonymous, &account).expect("move"), 2);
    assert_eq!(store.aid_state(&account, "p").expect("p"), AidState { hints_revealed: 2, writeup_asked: true });
    assert_eq!(store.aid_state(&account, "q").expect("q"), AidState { hints_revealed: 0, writeup_asked: true });
    assert_eq!(store.aid_state(&anonymous, "p").expect("gone"), AidState::default());
    assert_eq!(place.count("practice_aids"), 2, "nothing left behind, nothing doubled");
    assert_eq!(store.move_practice_aids(&account, &account).expect("to itself"), 0);
}

fn finish(store: &AnyStore, verdict: &str) {
    let claim = store.claim("w", Duration::from_secs(30)).expect("claim").expect("one to claim");
    let outcome = Outcome::Finished {
        verdict: verdict.into(),
        score: if verdict == "AC" { 1.0 } else { 0.0 },
        compile_error: None,
        stopped: None,
        not_run: 0,
    };
    store.finish(&claim.record.id, &claim.token, &outcome).expect("finish");
}

fn submit(store: &AnyStore, id: &str, owner: &Owner, problem: &str) {
    let new = NewSubmission { id, owner, problem, code: "x = 1", package: None };
    store.create_submission(&new).expect("create");
}

fn acceptance_counts_practice_candidates_who_solved_over_those_who_tried(engine: Engine) {
    let (_place, store) = store(engine);
    // c1 fails twice then solves twice; c2 only fails; c4 solves q; c3's is left queued.
    for (id, owner, verdict) in
        [("1", "c1", "WA"), ("2", "c1", "WA"), ("3", "c1", "AC"), ("3b", "c1", "AC"), ("4", "c2", "WA")]
    {
        submit(&store, id, &practice(owner), "p");
        finish(&store, verdict);
    }
    submit(&store, "5", &practice("c4"), "q");
    finish(&store, "AC");
    submit(&store, "6", &practice("c3"), "q");
    // An assessment's candidate is not practising: their accepted answer to p is not counted.
    submit(&store, "7", &Owner::Attempt("inv1".into()), "p");
    finish(&store, "AC");
    let rates = store.acceptance().expect("acceptance");
    assert_eq!(rates.get("p"), Some(&Acceptance { solved: 1, tried: 2 }), "c1 counts once, the attempt not at all");
    assert_eq!(rates.get("q"), Some(&Acceptance { solved: 1, tried: 1 }), "c3's queued submission is not graded");
    assert_eq!(rates.len(), 2);
}

on_both_engines!(
    hints_are_revealed_one_at_a_time_up_to_the_count,
    an_owners_aids_move_to_another_and_merge,
    acceptance_counts_practice_candidates_who_solved_over_those_who_tried,
);
