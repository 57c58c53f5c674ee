//! A team's private problems: versions count up per slug, a check ends once, a rejected
//! version goes when the next one comes, the accepted one is the newest that passed, the
//! package is kept by hash for workers, and another team sees none of it.

use super::{on_both_engines, AnyStore, Engine};
use verdict_store::*;

fn team_of(store: &AnyStore, id: &str) -> String {
    store.create_user(id, &format!("{id}@x.test"), id, Role::Admin, &format!("setup-{id}"), i64::MAX).expect("user");
    store.complete_setup(&format!("setup-{id}"), "hash").expect("setup").expect("a setup token").team
}

fn upload(store: &AnyStore, team: &str, slug: &str, package: &str, status: QuestionStatus) -> QuestionRecord {
    let bytes = format!("bytes of {package}");
    let new = NewQuestion {
        slug,
        package,
        bytes: bytes.as_bytes(),
        title: "Two sum, ours",
        kind: "function",
        status,
        findings: "[]",
    };
    store.add_question(team, &new, "boss@x.test").expect("add")
}

fn versions_count_up_and_checks_end_once(engine: Engine) {
    let (_place, store) = super::store(engine);
    let team = team_of(&store, "boss");
    let first = upload(&store, &team, "two-sum-ours", "h1", QuestionStatus::Checking);
    assert_eq!((first.version, first.status, first.checked_at), (1, QuestionStatus::Checking, None));
    assert_eq!(store.package("h1").expect("read"), Some(b"bytes of h1".to_vec()), "kept for workers by hash");
    assert!(store.accepted_question(&team, "two-sum-ours").expect("read").is_none(), "not usable while checking");

    let findings = r#"[{"file":"problem.toml","line":3,"message":"bad"}]"#;
    assert!(store.finish_question_check(&team, "two-sum-ours", 1, QuestionStatus::Rejected, findings).expect("finish"));
    assert!(
        !store.finish_question_check(&team, "two-sum-ours", 1, QuestionStatus::Accepted, "[]").expect("again"),
        "a check ends once"
    );
    let rejected = store.question(&team, "two-sum-ours", None).expect("read").expect("kept");
    assert_eq!((rejected.status, rejected.findings.as_str()), (QuestionStatus::Rejected, findings));
    assert!(store.accepted_question(&team, "two-sum-ours").expect("read").is_none(), "a rejected one is not usable");

    let second = upload(&store, &team, "two-sum-ours", "h2", QuestionStatus::Checking);
    assert_eq!(second.version, 2);
    assert!(store.question(&team, "two-sum-ours", Some(1)).expect("read").is_none(), "the rejected version is gone");
    assert_eq!(store.package("h1").expect("read"), None, "and its package, which nothing else names");
    assert!(store.finish_question_check(&team, "two-sum-ours", 2, QuestionStatus::Accepted, "[]").expect("finish"));
    let third = upload(&store, &team, "two-sum-ours", "h3", QuestionStatus::Checking);
    assert_eq!(third.version, 3);
    let accepted = store.accepted_question(&team, "two-sum-ours").expect("read").expect("accepted");
    assert_eq!((accepted.version, accepted.package.as_str()), (2, "h2"), "the newest that passed");
    assert_eq!(store.question(&team, "two-sum-ours", Some(2)).expect("read").map(|q| q.version), Some(2), "kept");

    upload(&store, &team, "another", "h4", QuestionStatus::Rejected);
    let latest: Vec<(String, u32)> =
        store.questions(&team).expect("list").into_iter().map(|q| (q.slug, q.version)).collect();
    assert_eq!(latest, [("another".to_owned(), 1), ("two-sum-ours".to_owned(), 3)]);
    // Every version is in the team's audit log, with who sent it.
    let uploads: Vec<(String, String, serde_json::Value)> = store
        .team_audit(&team, 100)
        .expect("audit")
        .into_iter()
        .filter(|e| e.action == "question_uploaded")
        .map(|e| (e.actor, e.detail["slug"].as_str().unwrap_or_default().to_owned(), e.detail["version"].clone()))
        .collect();
    assert_eq!(uploads.len(), 4, "{uploads:?}");
    assert_eq!(uploads[2], ("boss@x.test".to_owned(), "two-sum-ours".to_owned(), serde_json::json!(3)));

    // A check a restart cut is found again, whatever the team, only when stored before the cut.
    let other = team_of(&store, "other");
    upload(&store, &other, "mine", "h5", QuestionStatus::Checking);
    let mut cut: Vec<(String, u32)> = store
        .unfinished_question_checks(i64::MAX, 10)
        .expect("read")
        .into_iter()
        .map(|q| (q.slug, q.version))
        .collect();
    cut.sort();
    assert_eq!(cut, [("mine".to_owned(), 1), ("two-sum-ours".to_owned(), 3)]);
    assert_eq!(store.unfinished_question_checks(i64::MAX, 1).expect("read").len(), 1, "at most the limit");
    assert!(store.unfinished_question_checks(third.created_at, 10).expect("read").is_empty(), "none stored before");
}

fn another_team_sees_none_of_them(engine: Engine) {
    let (_place, store) = super::store(engine);
    let (ours, theirs) = (team_of(&store, "boss"), team_of(&store, "other"));
    upload(&store, &ours, "secret", "h1", QuestionStatus::Checking);
    store.finish_question_check(&ours, "secret", 1, QuestionStatus::Accepted, "[]").expect("finish");
    assert!(store.questions(&theirs).expect("list").is_empty());
    assert!(store.question(&theirs, "secret", None).expect("read").is_none());
    assert!(store.accepted_question(&theirs, "secret").expect("read").is_none());
    assert!(
        !store.finish_question_check(&theirs, "secret", 1, QuestionStatus::Rejected, "[]").expect("finish"),
        "another team cannot end our check"
    );
    let mine = upload(&store, &theirs, "secret", "h9", QuestionStatus::Checking);
    assert_eq!(mine.version, 1, "the same slug in another team is a problem of its own");

    // Both teams uploaded the same bytes; ours is rejected and replaced: theirs keeps the package.
    upload(&store, &ours, "same", "shared", QuestionStatus::Rejected);
    upload(&store, &theirs, "same", "shared", QuestionStatus::Checking);
    upload(&store, &ours, "same", "h10", QuestionStatus::Checking);
    assert!(store.package("shared").expect("read").is_some(), "another team's version names it");
}

on_both_engines!(versions_count_up_and_checks_end_once, another_team_sees_none_of_them);
