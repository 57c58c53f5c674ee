//! The hiring side: a team's assessments, invitations, the attempt's timer and drafts, scoring.

use super::hiring_store as store;
use super::{on_both_engines, AnyStore, Engine};
use std::time::Duration;
use verdict_store::*;

const MINUTE: Millis = 60_000;

/// The team the fixture made for a name.
pub(crate) fn team(name: &str) -> String {
    format!("team-u{name}")
}

pub(crate) fn spec() -> AssessmentSpec {
    AssessmentSpec {
        title: "Backend".into(),
        instructions: "Go".into(),
        duration_ms: 30 * MINUTE,
        opens_at: 0,
        closes_at: 10_000_000,
        practice_problem: None,
        problems: vec![ProblemPoints::one("a", 10, None), ProblemPoints::one("b", 5, None)],
    }
}

pub(crate) fn invite(store: &AnyStore, assessment: &str, id: &str) -> InvitationRecord {
    let new = NewInvitation { id: id.into(), name: id.into(), email: format!("{id}@x.test"), link_hash: id.into() };
    store.create_invitations(assessment, &[new], "lead").expect("invite").remove(0)
}

fn an_assessment_is_reachable_only_through_its_own_team(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    store.create_assessment(&team("a"), "as1", &spec(), "lead@a").expect("create");
    assert!(store.assessment(&team("a"), "as1").expect("read").is_some());
    assert_eq!(store.assessment(&team("b"), "as1").expect("read"), None);
    assert_eq!(store.update_assessment(&team("b"), "as1", &spec(), "x").expect("update"), None);
    assert_eq!(store.set_archived(&team("b"), "as1", true, "x").expect("archive"), None);
    assert!(store.assessments(&team("b")).expect("list").is_empty());
    assert_eq!(store.assessments(&team("a")).expect("list").len(), 1);
}

fn the_deadline_refuses_writes_and_finishing_submits_the_last_unsubmitted_drafts(engine: Engine) {
    let (_place, clock, store) = store(engine);
    store.create_assessment(&team(""), "as1", &spec(), "lead").expect("create");
    invite(&store, "as1", "inv");
    let refused = store.save_attempt_draft("inv", "a", "x = 1", "autosave");
    assert!(matches!(refused, Err(StoreError::Conflict { code: "not_started", .. })), "{refused:?}");
    let started = store.start_attempt("inv", 30 * MINUTE).expect("start");
    assert_eq!(started.deadline, Some(1_000_000 + 30 * MINUTE));
    clock.advance(Duration::from_secs(60));
    assert_eq!(store.start_attempt("inv", 30 * MINUTE).expect("again").deadline, started.deadline, "once");
    store.save_attempt_draft("inv", "a", "v1", "autosave").expect("draft");
    let owner = Owner::Attempt("inv".into());
    let new = NewSubmission { id: "s1", owner: &owner, problem: "a", code: "v2", package: None };
    store.create_attempt_submission("inv", &new).expect("submit");
    store.save_attempt_draft("inv", "b", "b1", "autosave").expect("draft");
    store.save_attempt_draft("inv", "b", "b1", "autosave").expect("same code again");
    assert_eq!(store.draft_history("inv", "b").expect("history").len(), 1, "an unchanged save adds nothing");
    clock.advance(Duration::from_secs(30 * 60));
    assert!(matches!(store.save_attempt_draft("inv", "b", "late", "autosave"), Err(StoreError::TimeOver)));
    let late = NewSubmission { id: "s2", owner: &owner, problem: "b", code: "late", package: None };
    assert!(matches!(store.create_attempt_submission("inv", &late), Err(StoreError::TimeOver)));
    assert_eq!(store.due_attempts().expect("due"), vec!["inv".to_owned()]);
    let mut ids = ["auto1".to_owned()].into_iter();
    let package_of = |slug: &str| Some(format!("package-of-{slug}"));
    let finished =
        store.finish_attempt("inv", "deadline", &mut || ids.next().unwrap_or_default(), &package_of).expect("finish");
    assert_eq!(finished.submissions, vec!["auto1".to_owned()], "only b's draft was never submitted");
    assert_eq!(finished.invitation.finished_at, started.deadline, "finished at the deadline, not the sweep");
    let auto = store.submission("auto1").expect("read").expect("stored");
    assert_eq!((auto.code.as_str(), auto.origin), ("b1", Origin::Deadline));
    assert_eq!(auto.package.as_deref(), Some("package-of-b"), "judged against its problem's package");
    assert!(store.due_attempts().expect("due").is_empty());
    let history: Vec<String> = store.draft_history("inv", "a").expect("history").into_iter().map(|r| r.via).collect();
    assert_eq!(history, ["autosave", "submit"]);
    let again = store.finish_attempt("inv", "deadline", &mut || "never".into(), &|_| None).expect("finish again");
    assert!(again.submissions.is_empty(), "finishing twice submits nothing more");
    let actions: Vec<String> =
        store.audit("as1", None, 1000).expect("audit").events.into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["created", "invited", "started", "submitted", "last_draft_submitted", "finished"]);
    // Read back a page at a time, newest page first, each oldest first.
    let mut pages = Vec::new();
    let mut before = None;
    loop {
        let page = store.audit("as1", before, 4).expect("page");
        pages.push(page.events.iter().map(|e| e.action.clone()).collect::<Vec<_>>());
        if !page.older {
            break;
        }
        before = page.events.first().map(|e| e.id);
    }
    assert_eq!(
        pages,
        vec![vec!["started", "submitted", "last_draft_submitted", "finished"], vec!["created", "invited"]]
    );
}

fn extra_time_moves_a_running_deadline_and_is_refused_once_finished(engine: Engine) {
    let (_place, clock, store) = store(engine);
    store.create_assessment(&team(""), "as1", &spec(), "lead").expect("create");
    invite(&store, "as1", "early");
    invite(&store, "as1", "running");
    store.add_extra_time("as1", "early", 10 * MINUTE, "lead").expect("before the start");
    assert_eq!(store.start_attempt("early", 30 * MINUTE).expect("start").deadline, Some(1_000_000 + 40 * MINUTE));
    let over = store.add_extra_time("as1", "early", 21 * MINUTE, "lead");
    assert!(matches!(over, Err(StoreError::Conflict { code: "extra_time_cap", .. })), "{over:?}");
    store.add_extra_time("as1", "early", 20 * MINUTE, "lead").expect("up to the duration in all");
    store.start_attempt("running", 30 * MINUTE).expect("start");
    clock.advance(Duration::from_secs(29 * 60));
    let moved = store.add_extra_time("as1", "running", 5 * MINUTE, "lead").expect("during");
    assert_eq!(moved.deadline, Some(1_000_000 + 35 * MINUTE));
    assert!(matches!(store.add_extra_time("other", "running", MINUTE, "lead"), Err(StoreError::Missing(_))));
    clock.advance(Duration::from_secs(2 * 60));
    store.save_attempt_draft("running", "a", "still on time", "autosave").expect("within the new deadline");
    store.finish_attempt("running", "candidate", &mut || "x".into(), &|_| None).expect("finish");
    let refused = store.add_extra_time("as1", "running", MINUTE, "lead");
    assert!(matches!(refused, Err(StoreError::Conflict { code: "attempt_finished", .. })), "{refused:?}");
}

fn the_best_graded_submission_counts_and_a_later_worse_one_does_not(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    let graded = |id: &str, problem: &str, verdict: &str, score: f64| {
        let new = NewSubmission { id, owner: &Owner::Practice("c".into()), problem, code: "x", package: None };
        store.create_submission(&new).expect("submit");
        let outcome =
            Outcome::Finished { verdict: verdict.into(), score, compile_error: None, stopped: None, not_run: 0 };
        let token = super::claim(&store, id);
        store.finish(id, &token, &outcome).expect("finish");
    };
    graded("a1", "a", "WA", 0.5);
    graded("a2", "a", "AC", 1.0);
    graded("a3", "a", "CE", 0.0);
    graded("b1", "b", "WA", 0.25);
    store
        .create_submission(&NewSubmission {
            id: "b2",
            owner: &Owner::Practice("c".into()),
            problem: "b",
            code: "y",
            package: None,
        })
        .expect("queued");
    let best: Vec<(String, Option<String>)> = store
        .best_submissions(&Owner::Practice("c".into()))
        .expect("best")
        .into_iter()
        .map(|s| (s.id, s.verdict))
        .collect();
    assert_eq!(best, [("a2".into(), Some("AC".into())), ("b1".into(), Some("WA".into()))]);
    let latest: Vec<String> =
        store.latest_submissions(&Owner::Practice("c".into())).expect("latest").into_iter().map(|s| s.id).collect();
    assert_eq!(latest, ["a3", "b2"]);
}

fn an_email_is_one_user_whatever_its_case(engine: Engine) {
    // SQLite compares emails with COLLATE NOCASE, PostgreSQL with a nondeterministic collation:
    // the same answers either way.
    let (_place, _clock, store) = store(engine);
    store.create_user("mixed", "Mixed.Case@X.test", "t", Role::Admin, "setup-m", i64::MAX).expect("create");
    let again = store.create_user("other", "mixed.case@x.TEST", "t", Role::Admin, "setup-o", i64::MAX);
    assert!(matches!(again, Err(StoreError::DuplicateEmail(_))), "{again:?}");
    let found = store.user_for_login("MIXED.CASE@x.test").expect("login").map(|(user, _)| user.id);
    assert_eq!(found.as_deref(), Some("mixed"));
    assert_eq!(store.user_for_login("mixed.case@x.tes").expect("login"), None);
}

on_both_engines!(
    an_email_is_one_user_whatever_its_case,
    an_assessment_is_reachable_only_through_its_own_team,
    the_deadline_refuses_writes_and_finishing_submits_the_last_unsubmitted_drafts,
    extra_time_moves_a_running_deadline_and_is_refused_once_finished,
    the_best_graded_submission_counts_and_a_later_worse_one_does_not,
);
