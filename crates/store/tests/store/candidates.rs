//! Candidates' own accounts: sign-up with and without mail, one-time links, sessions that carry
//! an anonymous browser's work over (a draft conflict keeps both), and deletion of everything
//! the account owns.

use crate::{claim, on_both_engines, store, Engine, Place};
use serde_json::json;
use std::sync::Arc;
use verdict_store::{
    account_owner, LinkPurpose, ManualClock, NewMessage, NewSubmission, Outcome, Owner, ProblemStatus, SignUp,
    StoreError,
};

on_both_engines!(
    sign_up_mails_a_verify_link_that_works_once,
    without_mail_an_account_is_verified_at_once_and_an_email_taken,
    signing_in_moves_anonymous_work_and_keeps_the_older_of_two_drafts,
    a_reset_link_sets_the_password_and_ends_every_session,
    deleting_an_account_deletes_everything_it_owns,
);

fn message(account: &verdict_store::CandidateAccount, purpose: LinkPurpose) -> NewMessage {
    NewMessage {
        kind: format!("candidate_{}", purpose.as_str()),
        team: None,
        recipient: account.email.clone(),
        payload: json!({}),
        secret: Some("a link".into()),
    }
}

fn clocked(engine: Engine) -> (Place, Arc<ManualClock>, crate::AnyStore) {
    let place = Place::new(engine);
    let clock = Arc::new(ManualClock::new(1_000_000));
    let store = place.open(clock.clone());
    (place, clock, store)
}

fn ms(millis: i64) -> std::time::Duration {
    std::time::Duration::from_millis(u64::try_from(millis).unwrap_or(0))
}

fn kinds(store: &crate::AnyStore) -> Vec<String> {
    store.recent_messages(100).expect("outbox").into_iter().map(|m| m.kind).collect()
}

fn sign_up_mails_a_verify_link_that_works_once(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    let signed = store.sign_up("a1", "Ada@x.test", "hash", Some(("v1", &message))).expect("sign up");
    let SignUp::Created(account) = signed else { panic!("created: {signed:?}") };
    assert!(!account.verified);
    assert_eq!(kinds(&store), ["candidate_verify"]);
    // Again at once: nothing new is mailed, the first link still works.
    let again = store.sign_up("a2", "ada@X.test", "other", Some(("v2", &message))).expect("again");
    assert!(matches!(again, SignUp::Unverified(ref a) if a.id == "a1"), "{again:?}");
    assert_eq!(kinds(&store).len(), 1, "under the mail interval");
    assert_eq!(store.candidate_for_login("ADA@x.test").expect("read").map(|(_, h)| h).as_deref(), Some("hash"));
    assert!(store.candidate_link(LinkPurpose::SignIn, "v1").expect("read").is_none(), "a link has one purpose");
    let verified = store.use_candidate_link(LinkPurpose::Verify, "v1", None).expect("use").expect("a live link");
    assert!(verified.verified);
    assert!(store.use_candidate_link(LinkPurpose::Verify, "v1", None).expect("use").is_none(), "once");
    // A verified address signing up again gets a sign-in link; the password stays.
    let exists = store.sign_up("a3", "ada@x.test", "third", Some(("s1", &message))).expect("exists");
    assert!(matches!(exists, SignUp::Exists(_)), "{exists:?}");
    assert!(kinds(&store).contains(&"candidate_sign_in".to_owned()), "{:?}", kinds(&store));
    assert_eq!(store.candidate_for_login("ada@x.test").expect("read").map(|(_, h)| h).as_deref(), Some("hash"));
    clock.advance(ms(LinkPurpose::SignIn.valid_ms()));
    assert!(store.use_candidate_link(LinkPurpose::SignIn, "s1", None).expect("use").is_none(), "expired");
    // An unverified account whose link ran out is swept by the next sign-up.
    store.sign_up("b1", "bob@x.test", "hash", Some(("v3", &message))).expect("bob");
    clock.advance(ms(LinkPurpose::Verify.valid_ms() + 1));
    store.sign_up("c1", "cy@x.test", "hash", Some(("v4", &message))).expect("cy");
    assert!(store.candidate_for_login("bob@x.test").expect("read").is_none(), "swept");
    assert!(store.candidate_for_login("ada@x.test").expect("read").is_some(), "a verified account stays");
}

fn without_mail_an_account_is_verified_at_once_and_an_email_taken(engine: Engine) {
    let (_place, store) = store(engine);
    let signed = store.sign_up("a1", "ada@x.test", "hash", None).expect("sign up");
    assert!(matches!(signed, SignUp::Created(ref a) if a.verified), "{signed:?}");
    let taken = store.sign_up("a2", "ADA@x.test", "hash", None).expect_err("taken");
    assert!(matches!(taken, StoreError::Conflict { code: "email_taken", .. }), "{taken}");
    assert!(kinds(&store).is_empty(), "no mail stored");
}

fn submit(store: &crate::AnyStore, id: &str, owner: &Owner, problem: &str, verdict: Option<&str>) {
    store.create_submission(&NewSubmission { id, owner, problem, code: "x = 1", package: None }).expect("submission");
    if let Some(verdict) = verdict {
        let token = claim(store, id);
        store.record_test(id, &token, 1, &json!({"number": 1})).expect("test");
        let outcome =
            Outcome::Finished { verdict: verdict.into(), score: 1.0, compile_error: None, stopped: None, not_run: 0 };
        store.finish(id, &token, &outcome).expect("finish");
    }
}

/// A verified account `a1` with a session `sess0`.
fn account(store: &crate::AnyStore) -> Owner {
    store.sign_up("a1", "ada@x.test", "hash", None).expect("sign up");
    store.start_candidate_session("a1", "sess0", i64::MAX, None).expect("session");
    account_owner("a1")
}

fn signing_in_moves_anonymous_work_and_keeps_the_older_of_two_drafts(engine: Engine) {
    let (_place, clock, store) = clocked(engine);
    let owner = account(&store);
    let anonymous = Owner::Practice("0123456789abcdef0123456789abcdef".into());
    store.save_draft(&owner, "older-here", "account's old").expect("draft");
    store.save_draft(&anonymous, "newer-here", "anonymous old").expect("draft");
    clock.advance(ms(1000));
    submit(&store, "s1", &anonymous, "solved", Some("AC"));
    store.save_draft(&anonymous, "older-here", "anonymous new").expect("draft");
    store.save_draft(&owner, "newer-here", "account's new").expect("draft");
    store.save_draft(&anonymous, "only-there", "mine").expect("draft");
    store.save_draft(&anonymous, "same", "equal").expect("draft");
    store.save_draft(&owner, "same", "equal").expect("draft");
    // Hints revealed on either side: the account keeps the more revealed.
    store.reveal_hint(&anonymous, "solved", 3).expect("hint");
    store.reveal_hint(&anonymous, "solved", 3).expect("hint");
    store.reveal_hint(&owner, "solved", 3).expect("hint");
    store.ask_writeup(&anonymous, "only-there").expect("write-up");
    let merged = store.start_candidate_session("a1", "sess1", i64::MAX, Some(&anonymous)).expect("merge");
    assert_eq!((merged.submissions, merged.drafts, merged.kept_drafts, merged.aids), (1, 4, 2, 2));
    assert_eq!(store.aid_state(&owner, "solved").expect("aids").hints_revealed, 2, "the more revealed stays");
    assert!(store.aid_state(&owner, "only-there").expect("aids").writeup_asked, "the write-up asked for follows");
    assert_eq!(store.aid_state(&anonymous, "solved").expect("aids").hints_revealed, 0, "moved, not copied");
    let statuses = store.problem_statuses(&owner).expect("statuses");
    assert_eq!(statuses.get("solved"), Some(&ProblemStatus::Solved), "the solved mark follows");
    assert!(store.problem_statuses(&anonymous).expect("statuses").is_empty());
    let code = |problem: &str| store.draft(&owner, problem).expect("read").map(|d| d.code);
    assert_eq!(code("older-here").as_deref(), Some("anonymous new"), "the newer is the draft");
    assert_eq!(code("newer-here").as_deref(), Some("account's new"));
    assert_eq!(code("only-there").as_deref(), Some("mine"));
    assert!(store.draft(&anonymous, "only-there").expect("read").is_none(), "moved, not copied");
    let mut kept: Vec<(String, String)> =
        store.kept_drafts("a1").expect("kept").into_iter().map(|k| (k.problem, k.code)).collect();
    kept.sort();
    assert_eq!(
        kept,
        [("newer-here".into(), "anonymous old".into()), ("older-here".into(), "account's old".into())],
        "the older of each conflict is kept; equal code is not kept twice"
    );
    let session = store.candidate_session("sess1").expect("read").expect("signed in");
    assert_eq!(session.account.email, "ada@x.test");
    // Signing in again with nothing anonymous moves nothing.
    let again = store.start_candidate_session("a1", "sess2", i64::MAX, Some(&anonymous)).expect("again");
    assert_eq!(again, verdict_store::Merged::default());
    store.end_candidate_session("sess2").expect("end");
    assert!(store.candidate_session("sess2").expect("read").is_none());
}

fn a_reset_link_sets_the_password_and_ends_every_session(engine: Engine) {
    let (_place, _clock, store) = clocked(engine);
    account(&store);
    assert!(store
        .request_candidate_link("nobody@x.test", LinkPurpose::Reset, "r0", &message)
        .expect("request")
        .is_none());
    let asked = store.request_candidate_link("ADA@x.test", LinkPurpose::Reset, "r1", &message).expect("request");
    assert!(asked.is_some());
    assert!(store.request_candidate_link("ada@x.test", LinkPurpose::Reset, "r2", &message).expect("again").is_none());
    assert_eq!(kinds(&store), ["candidate_reset"]);
    let used = store.use_candidate_link(LinkPurpose::Reset, "r1", Some("new hash")).expect("use");
    assert!(used.is_some());
    assert_eq!(store.candidate_for_login("ada@x.test").expect("read").map(|(_, h)| h).as_deref(), Some("new hash"));
    assert!(store.candidate_session("sess0").expect("read").is_none(), "sessions end with a reset");
}

fn deleting_an_account_deletes_everything_it_owns(engine: Engine) {
    let (place, _clock, store) = clocked(engine);
    let owner = account(&store);
    let other = Owner::Practice("ffffffffffffffffffffffffffffffff".into());
    submit(&store, "s1", &owner, "p", Some("AC"));
    submit(&store, "s2", &owner, "q", None);
    submit(&store, "s3", &other, "p", None);
    store.save_draft(&owner, "p", "mine").expect("draft");
    store.save_draft(&other, "p", "theirs").expect("draft");
    store.request_candidate_link("ada@x.test", LinkPurpose::SignIn, "l1", &message).expect("link");
    let anonymous = Owner::Practice("0123456789abcdef0123456789abcdef".into());
    store.save_draft(&anonymous, "p", "older").expect("draft");
    store.start_candidate_session("a1", "sess1", i64::MAX, Some(&anonymous)).expect("merge");
    store.reveal_hint(&owner, "p", 3).expect("hint");
    store.reveal_hint(&other, "p", 3).expect("hint");
    assert_eq!(place.count("kept_drafts"), 1);
    let deleted = store.delete_candidate_account("a1").expect("delete").expect("an account");
    assert_eq!(
        (deleted.submissions, deleted.drafts, deleted.kept_drafts, deleted.sessions, deleted.aids),
        (2, 1, 1, 2, 1)
    );
    assert_eq!(place.count("practice_aids"), 1, "another candidate's hints stay");
    for table in ["candidate_accounts", "candidate_sessions", "candidate_links", "kept_drafts"] {
        assert_eq!(place.count(table), 0, "{table}");
    }
    assert_eq!(place.count("submissions"), 1, "another candidate's submission stays");
    assert_eq!(place.count("drafts"), 1, "another candidate's draft stays");
    assert_eq!(place.count("test_results"), 0, "the account's test results went with its submissions");
    assert!(store.delete_candidate_account("a1").expect("again").is_none());
}
