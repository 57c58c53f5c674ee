//! A submission's life: stored, claimed, judged test by test, finished, claimed again after a
//! crash once its lease ran out.

use super::{claim, on_both_engines, store, AnyStore, Engine, Place};
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;
use verdict_store::*;

fn submit(store: &AnyStore, id: &str, problem: &str) {
    store
        .create_submission(&NewSubmission {
            id,
            owner: &Owner::Practice("c1".into()),
            problem,
            code: "x = 1",
            package: None,
        })
        .expect("create");
}

fn a_submission_goes_from_queued_to_finished_with_its_tests(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "s1", "two-sum");
    assert_eq!(store.submission("s1").expect("read").expect("exists").state, SubmissionState::Queued);
    let token = claim(&store, "s1");
    store.record_test("s1", &token, 2, &json!({"number": 2})).expect("test 2");
    store.record_test("s1", &token, 1, &json!({"number": 1})).expect("test 1");
    let running = store.submission("s1").expect("read").expect("exists");
    assert_eq!(running.state, SubmissionState::Running);
    assert_eq!(running.tests, vec![json!({"number": 1}), json!({"number": 2})], "ordered by number");
    let outcome = Outcome::Finished {
        verdict: "WA".into(),
        score: 0.5,
        compile_error: None,
        stopped: Some(Stopped::FirstFailure),
        not_run: 3,
    };
    store.finish("s1", &token, &outcome).expect("finish");
    let done = store.submission("s1").expect("read").expect("exists");
    assert_eq!((done.state, done.verdict.as_deref(), done.score), (SubmissionState::Finished, Some("WA"), Some(0.5)));
    assert_eq!(done.tests, vec![json!({"number": 1}), json!({"number": 2})], "finish keeps the recorded tests");
    assert!(done.finished_at.is_some());
    assert_eq!((done.stopped, done.not_run, done.origin), (Some(Stopped::FirstFailure), 3, Origin::Candidate));
}

fn every_write_is_one_counted_commit_and_a_read_is_none(engine: Engine) {
    let (_place, store) = store(engine);
    let start = store.commits();
    submit(&store, "s1", "p");
    assert_eq!(store.commits() - start, 1, "one insert, one commit");
    store.submission("s1").expect("read").expect("exists");
    store.submissions_of(&Owner::Practice("c".into()), "p", 10).expect("read");
    assert_eq!(store.commits() - start, 1, "reads commit nothing");
    let token = claim(&store, "s1");
    store.record_test("s1", &token, 1, &json!({})).expect("record");
    assert_eq!(store.commits() - start, 3);
}

fn a_cancelled_submission_keeps_its_tests_and_has_no_verdict(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "s1", "p");
    let token = claim(&store, "s1");
    store.record_test("s1", &token, 1, &json!({"number": 1})).expect("test 1");
    let outcome = Outcome::Cancelled { not_run: 9 };
    store.finish("s1", &token, &outcome).expect("finish");
    let done = store.submission("s1").expect("read").expect("exists");
    assert_eq!((done.state, done.verdict, done.score), (SubmissionState::Cancelled, None, None));
    assert_eq!((done.stopped, done.not_run, done.tests.len()), (Some(Stopped::Cancelled), 9, 1));
    assert!(store.claim("w", Duration::from_secs(30)).expect("claim").is_none(), "cancelled is final");
}

fn a_duplicate_id_is_refused_and_keeps_the_first(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "s1", "two-sum");
    let again = store.create_submission(&NewSubmission {
        id: "s1",
        owner: &Owner::Practice("c2".into()),
        problem: "p",
        code: "y",
        package: None,
    });
    assert!(matches!(again, Err(StoreError::Duplicate { .. })));
    assert_eq!(store.submission("s1").expect("read").expect("exists").owner, Owner::Practice("c1".into()));
}

fn a_reopened_store_lets_a_crashed_workers_submission_be_claimed_once_its_lease_runs_out(engine: Engine) {
    let place = Place::new(engine);
    let clock = Arc::new(ManualClock::new(1_000_000));
    {
        let store = place.open(clock.clone());
        submit(&store, "a", "p");
        submit(&store, "b", "p");
        let token = claim(&store, "a");
        store.record_test("a", &token, 1, &json!({})).expect("partial");
    }
    let store = place.open(clock.clone());
    let next = store.claim("w2", Duration::from_secs(30)).expect("claim").expect("b");
    assert_eq!(next.record.id, "b", "a lease that still holds is not taken");
    let done = Outcome::Finished { verdict: "AC".into(), score: 1.0, compile_error: None, stopped: None, not_run: 0 };
    store.finish("b", &next.token, &done).expect("finish b");
    clock.advance(Duration::from_secs(31));
    let again = store.claim("w2", Duration::from_secs(30)).expect("claim").expect("the crashed one");
    assert_eq!((again.record.id.as_str(), again.claims), ("a", 2));
    assert!(again.record.tests.is_empty(), "partial results are dropped so judging starts clean");
    assert!(store.claim("w2", Duration::from_secs(30)).expect("claim").is_none());
}

fn statuses_say_solved_once_any_submission_is_accepted(engine: Engine) {
    let (_place, store) = store(engine);
    for (id, problem, verdict) in [("1", "p", "WA"), ("2", "p", "AC"), ("3", "q", "WA")] {
        submit(&store, id, problem);
        let outcome =
            Outcome::Finished { verdict: verdict.into(), score: 0.0, compile_error: None, stopped: None, not_run: 0 };
        let token = claim(&store, id);
        store.finish(id, &token, &outcome).expect("finish");
    }
    submit(&store, "4", "r");
    let statuses = store.problem_statuses(&Owner::Practice("c1".into())).expect("statuses");
    assert_eq!(statuses.get("p"), Some(&ProblemStatus::Solved));
    assert_eq!(statuses.get("q"), Some(&ProblemStatus::Tried));
    assert_eq!(statuses.get("r"), Some(&ProblemStatus::Tried));
    assert!(store.problem_statuses(&Owner::Practice("someone else".into())).expect("statuses").is_empty());
    let history = store.submissions_of(&Owner::Practice("c1".into()), "p", 10).expect("history");
    assert_eq!(history.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(), vec!["2", "1"]);
}

fn drafts_are_per_candidate_and_problem_and_overwrite(engine: Engine) {
    let (_place, store) = store(engine);
    assert_eq!(store.draft(&Owner::Practice("c1".into()), "p").expect("read"), None);
    store.save_draft(&Owner::Practice("c1".into()), "p", "first").expect("save");
    store.save_draft(&Owner::Practice("c1".into()), "p", "second").expect("save");
    store.save_draft(&Owner::Practice("c2".into()), "p", "other").expect("save");
    assert_eq!(store.draft(&Owner::Practice("c1".into()), "p").expect("read").map(|d| d.code), Some("second".into()));
    assert_eq!(store.draft(&Owner::Practice("c2".into()), "p").expect("read").map(|d| d.code), Some("other".into()));
}

fn a_failed_judging_is_stored_as_an_internal_error(engine: Engine) {
    let (_place, store) = store(engine);
    submit(&store, "s", "p");
    let token = claim(&store, "s");
    store.finish("s", &token, &Outcome::Failed { error: "sandbox refused".into() }).expect("finish");
    let s = store.submission("s").expect("read").expect("exists");
    assert_eq!(
        (s.state, s.verdict.as_deref(), s.error.as_deref()),
        (SubmissionState::Failed, Some("IE"), Some("sandbox refused"))
    );
    assert!(matches!(
        store.finish("nope", &token, &Outcome::Failed { error: String::new() }),
        Err(StoreError::NoSubmission(_))
    ));
}

fn a_submission_put_back_in_the_queue_takes_no_late_result_or_verdict(engine: Engine) {
    // Shutdown puts a submission being judged back in the queue; judging that outlives the grace
    // period must not write into it, or its next judging would start with stale tests.
    let (_place, store) = store(engine);
    submit(&store, "s1", "p");
    let old = claim(&store, "s1");
    store.record_test("s1", &old, 1, &json!({"number": 1})).expect("test 1");
    store.release("s1", &old).expect("release");
    assert!(matches!(store.record_test("s1", &old, 2, &json!({"number": 2})), Err(StoreError::LeaseLost(_))));
    let late = Outcome::Finished { verdict: "AC".into(), score: 1.0, compile_error: None, stopped: None, not_run: 0 };
    assert!(matches!(store.finish("s1", &old, &late), Err(StoreError::LeaseLost(_))));
    assert!(matches!(store.release("s1", &old), Err(StoreError::LeaseLost(_))), "released once");
    let queued = store.submission("s1").expect("read").expect("exists");
    assert_eq!((queued.state, queued.verdict, queued.tests.len()), (SubmissionState::Queued, None, 0));
    // Judged again, it takes its results.
    let token = claim(&store, "s1");
    store.record_test("s1", &token, 1, &json!({"number": 1})).expect("test 1 again");
    store.finish("s1", &token, &late).expect("finish");
    assert_eq!(store.submission("s1").expect("read").expect("exists").tests.len(), 1);
}

fn a_submission_that_finished_before_the_shutdown_release_keeps_its_tests(engine: Engine) {
    // Shutdown releases what it believes is still running; one that finished just before must
    // stay finished with every result.
    let (_place, store) = store(engine);
    submit(&store, "s1", "p");
    let token = claim(&store, "s1");
    store.record_test("s1", &token, 1, &json!({"number": 1})).expect("test 1");
    let done = Outcome::Finished { verdict: "AC".into(), score: 1.0, compile_error: None, stopped: None, not_run: 0 };
    store.finish("s1", &token, &done).expect("finish");
    assert!(matches!(store.release("s1", &token), Err(StoreError::LeaseLost(_))));
    let record = store.submission("s1").expect("read").expect("exists");
    assert_eq!((record.state, record.tests.len()), (SubmissionState::Finished, 1));
}

fn a_candidate_past_their_quota_is_refused_and_others_are_not(engine: Engine) {
    let (_place, store) = store(engine);
    let store = store.with_candidate_quota(100);
    let owner = Owner::Practice("c1".into());
    let code = "x".repeat(60);
    store
        .create_submission(&NewSubmission { id: "s1", owner: &owner, problem: "p", code: &code, package: None })
        .expect("fits");
    let token = claim(&store, "s1");
    store.record_test("s1", &token, 1, &json!("0123456789012345678")).expect("a result counts too");
    // 60 bytes of code and 21 of result so far; "é" is 2 bytes (bytes count, not characters).
    store
        .create_submission(&NewSubmission { id: "s2", owner: &owner, problem: "p", code: "é", package: None })
        .expect("fits");
    let refused =
        store.create_submission(&NewSubmission { id: "s3", owner: &owner, problem: "p", code: &code, package: None });
    assert!(matches!(refused, Err(StoreError::QuotaExceeded { used: 83, limit: 100 })), "{refused:?}");
    assert_eq!(store.submission("s3").expect("read"), None, "nothing was stored");
    let other = Owner::Practice("c2".into());
    store
        .create_submission(&NewSubmission { id: "s4", owner: &other, problem: "p", code: &code, package: None })
        .expect("theirs");
}

on_both_engines!(
    a_candidate_past_their_quota_is_refused_and_others_are_not,
    a_submission_goes_from_queued_to_finished_with_its_tests,
    every_write_is_one_counted_commit_and_a_read_is_none,
    a_cancelled_submission_keeps_its_tests_and_has_no_verdict,
    a_duplicate_id_is_refused_and_keeps_the_first,
    a_reopened_store_lets_a_crashed_workers_submission_be_claimed_once_its_lease_runs_out,
    statuses_say_solved_once_any_submission_is_accepted,
    drafts_are_per_candidate_and_problem_and_overwrite,
    a_failed_judging_is_stored_as_an_internal_error,
    a_submission_put_back_in_the_queue_takes_no_late_result_or_verdict,
    a_submission_that_finished_before_the_shutdown_release_keeps_its_tests,
);
