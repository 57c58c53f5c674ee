//! The outbox: claims under leases, a lease that runs out, retries with back-off until the
//! last try, the cap on a team's waiting messages, and the mail stored with the change that
//! caused it (invitations, a new link, a finish, reminders, password resets).

use super::hiring::spec;
use super::hiring_store as store;
use super::{on_both_engines, AnyStore, Engine};
use serde_json::json;
use std::time::Duration;
use verdict_store::*;

const LEASE: Duration = Duration::from_secs(60);

fn message(team: &str, to: &str) -> NewMessage {
    NewMessage {
        kind: "invitation".into(),
        team: Some(team.into()),
        recipient: to.into(),
        payload: json!({"name": to}),
        secret: Some(format!("https://v.test/#/a/{to}")),
    }
}

fn status_of(store: &AnyStore, id: &str) -> OutboxRecord {
    store.recent_messages(1000).expect("recent").into_iter().find(|m| m.id == id).expect("the message")
}

on_both_engines!(
    a_claim_takes_each_due_message_once_and_a_lease_that_runs_out_frees_it,
    a_failed_try_is_retried_with_back_off_then_marked_failed,
    a_team_may_have_a_bounded_number_of_messages_waiting,
    mail_is_stored_with_the_change_that_caused_it,
    a_password_reset_is_one_time_and_ends_the_sessions,
    a_reminder_is_stored_once_in_the_lead_time_for_who_has_not_started,
    templates_are_per_team_and_kind,
    ended_messages_are_deleted_after_they_have_been_kept_for_a_while,
);

fn ended_messages_are_deleted_after_they_have_been_kept_for_a_while(engine: Engine) {
    let (_place, clock, store) = store(engine);
    let sent = store.enqueue(&message("team-ua", "sent@x.test")).expect("enqueue");
    let waiting = store.enqueue(&message("team-ua", "waiting@x.test")).expect("enqueue");
    let claimed = store.claim_messages(LEASE, 10).expect("claim");
    let first = claimed.iter().find(|m| m.id == sent).expect("claimed");
    assert!(store.mark_sent(&first.id, &first.token).expect("sent"));
    let keep = Duration::from_millis(u64::try_from(KEEP_ENDED_MS).expect("positive"));
    clock.advance(keep - Duration::from_secs(1));
    let young = store.enqueue(&message("team-ua", "young@x.test")).expect("enqueue");
    assert_eq!(status_of(&store, &sent).status, "sent", "kept while it is young enough");
    clock.advance(Duration::from_secs(2));
    let newest = store.enqueue(&message("team-ua", "newest@x.test")).expect("enqueue");
    let mut ids: Vec<String> = store.recent_messages(1000).expect("recent").into_iter().map(|m| m.id).collect();
    ids.sort();
    let mut expected = vec![waiting, young, newest];
    expected.sort();
    assert_eq!(ids, expected, "the ended one is gone; one still being tried stays, however old");
}

fn a_claim_takes_each_due_message_once_and_a_lease_that_runs_out_frees_it(engine: Engine) {
    let (_place, clock, store) = store(engine);
    let first = store.enqueue(&message("team-ua", "a@x.test")).expect("enqueue");
    let second = store.enqueue(&message("team-ua", "b@x.test")).expect("enqueue");
    let claimed = store.claim_messages(LEASE, 10).expect("claim");
    assert_eq!(claimed.iter().map(|m| m.id.as_str()).collect::<Vec<_>>().len(), 2);
    assert!(claimed.iter().all(|m| m.attempts == 1 && m.secret.is_some()), "{claimed:?}");
    assert!(store.claim_messages(LEASE, 10).expect("claim again").is_empty(), "a held lease keeps a message");
    let one = claimed.iter().find(|m| m.id == first).expect("first claimed");
    assert!(store.mark_sent(&one.id, &one.token).expect("sent"));
    let sent = status_of(&store, &first);
    assert_eq!((sent.status.as_str(), sent.has_secret), ("sent", false), "a sent message keeps no secret");
    // The other's node died: once its lease runs out, another claim takes it, and the old
    // token can no longer mark it.
    clock.advance(LEASE + Duration::from_secs(1));
    let again = store.claim_messages(LEASE, 10).expect("reclaim");
    assert_eq!((again.len(), again[0].id.as_str(), again[0].attempts), (1, second.as_str(), 2));
    let stale = claimed.iter().find(|m| m.id == second).expect("second claimed");
    assert!(!store.mark_sent(&stale.id, &stale.token).expect("stale"), "a lost lease marks nothing");
    assert_eq!(store.mark_failed(&stale.id, &stale.token, "late").expect("stale"), Retry::LeaseLost);
    assert!(store.mark_sent(&again[0].id, &again[0].token).expect("sent"));
    assert!(store.claim_messages(LEASE, 10).expect("nothing left").is_empty());
}

fn a_failed_try_is_retried_with_back_off_then_marked_failed(engine: Engine) {
    let (_place, clock, store) = store(engine);
    let id = store.enqueue(&message("team-ua", "a@x.test")).expect("enqueue");
    let mut waits = Vec::new();
    for attempt in 1..=MAX_ATTEMPTS {
        let claimed = store.claim_messages(LEASE, 10).expect("claim");
        assert_eq!((claimed.len(), claimed[0].attempts), (1, attempt), "try {attempt}");
        let outcome = store.mark_failed(&id, &claimed[0].token, &"refused ".repeat(200)).expect("failed");
        if attempt == MAX_ATTEMPTS {
            assert_eq!(outcome, Retry::GaveUp);
            break;
        }
        let Retry::At(at) = outcome else { panic!("try {attempt} not retried: {outcome:?}") };
        waits.push(at - clock.now());
        // Not before its time.
        clock.advance(Duration::from_millis(u64::try_from(at - clock.now() - 1).expect("wait")));
        assert!(store.claim_messages(LEASE, 10).expect("early").is_empty(), "claimed before its retry time");
        clock.advance(Duration::from_millis(1));
    }
    assert_eq!(waits, (1..MAX_ATTEMPTS).map(backoff).collect::<Vec<_>>());
    assert_eq!(waits[0], FIRST_BACKOFF_MS);
    assert_eq!(waits[1], 2 * FIRST_BACKOFF_MS, "each wait doubles");
    assert!(waits.iter().all(|w| *w <= MAX_BACKOFF_MS));
    let failed = status_of(&store, &id);
    assert_eq!((failed.status.as_str(), failed.attempts, failed.has_secret), ("failed", MAX_ATTEMPTS, false));
    assert!(failed.last_error.as_deref().is_some_and(|e| e.starts_with("refused") && e.chars().count() == 500));
    clock.advance(Duration::from_secs(24 * 3600));
    assert!(store.claim_messages(LEASE, 10).expect("claim").is_empty(), "a failed message is never tried again");
}

fn a_team_may_have_a_bounded_number_of_messages_waiting(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    for n in 0..MAX_PENDING_PER_TEAM {
        store.enqueue(&message("team-ua", &format!("{n}@x.test"))).expect("under the cap");
    }
    let refused = store.enqueue(&message("team-ua", "one-more@x.test"));
    assert!(matches!(refused, Err(StoreError::Conflict { code: "outbox_full", .. })), "{refused:?}");
    store.enqueue(&message("team-ub", "other@x.test")).expect("another team has its own cap");
    // Sending one makes room for one.
    let claimed = store.claim_messages(LEASE, 1).expect("claim");
    assert!(store.mark_sent(&claimed[0].id, &claimed[0].token).expect("sent"));
    store.enqueue(&message("team-ua", "one-more@x.test")).expect("room again");
}

fn mail_is_stored_with_the_change_that_caused_it(engine: Engine) {
    let (_place, clock, store) = store(engine);
    store.create_assessment("team-ua", "as1", &spec(), "ua@x.test").expect("create");
    let new =
        NewInvitation { id: "inv".into(), name: "Ada".into(), email: "Ada@x.test".into(), link_hash: "h1".into() };
    store
        .create_invitations_with_mail("as1", std::slice::from_ref(&new), &[message("team-ua", "Ada@x.test")], "ua")
        .expect("invite");
    assert_eq!(store.recent_messages(10).expect("recent").len(), 1);
    assert_eq!(store.live_invitations_for("as1", "ada@X.test").expect("live").len(), 1, "any case");
    // All or none: a second invitation with the same link hash fails, and its mail is not kept.
    let clash = NewInvitation { id: "inv2".into(), link_hash: "h1".into(), ..new.clone() };
    assert!(store.create_invitations_with_mail("as1", &[clash], &[message("team-ua", "b@x.test")], "ua").is_err());
    assert_eq!(store.recent_messages(10).expect("recent").len(), 1, "no mail without its invitation");
    // A new link replaces the old one, with its mail.
    let resent = store
        .rotate_link("as1", "inv", "h2", &|i: &InvitationRecord| Some(message("team-ua", &i.email)), "ua")
        .expect("resend");
    assert_eq!(resent.id, "inv");
    assert!(store.invitation_by_link("h1").expect("old").is_none(), "the old link stops working");
    assert!(store.invitation_by_link("h2").expect("new").is_some());
    assert_eq!(store.recent_messages(10).expect("recent").len(), 2);
    // The completion notice is stored once, by the call that finishes the attempt.
    store.start_attempt("inv", 30 * 60_000).expect("start");
    let notice = |i: &InvitationRecord, a: &AssessmentRecord| NewMessage {
        kind: "completion".into(),
        team: Some(a.team.clone()),
        recipient: a.created_by.clone(),
        payload: json!({"candidate": i.name}),
        secret: None,
    };
    for _ in 0..2 {
        store
            .finish_attempt_with_notice("inv", "candidate", &mut || "s".into(), &|_| None, Some(&notice))
            .expect("finish");
    }
    let recent = store.recent_messages(10).expect("recent");
    let completions: Vec<_> = recent.iter().filter(|m| m.kind == "completion").collect();
    assert_eq!(completions.len(), 1, "{recent:?}");
    assert_eq!(
        (completions[0].recipient.as_str(), &completions[0].payload),
        ("ua@x.test", &json!({"candidate": "Ada"}))
    );
    let closed =
        store.rotate_link("as1", "inv", "h3", &|i: &InvitationRecord| Some(message("team-ua", &i.email)), "ua");
    assert!(matches!(closed, Err(StoreError::Conflict { code: "invitation_closed", .. })), "{closed:?}");
    assert!(store.live_invitations_for("as1", "ada@x.test").expect("live").is_empty(), "finished is not live");
    let _ = clock;
}

fn a_password_reset_is_one_time_and_ends_the_sessions(engine: Engine) {
    let (_place, clock, store) = store(engine);
    let mail = |u: &User| NewMessage {
        kind: "password_reset".into(),
        team: Some(u.team.clone()),
        recipient: u.email.clone(),
        payload: json!({}),
        secret: Some("link".into()),
    };
    assert_eq!(store.start_password_reset("nobody@x.test", "r0", i64::MAX, &mail).expect("unknown"), None);
    assert!(store.recent_messages(10).expect("recent").is_empty(), "nothing stored for an unknown email");
    store.create_session("ua", "s1", i64::MAX).expect("session");
    let hour = 3_600_000;
    store.start_password_reset("UA@x.test", "r1", clock.now() + hour, &mail).expect("reset").expect("a user");
    let again = store.start_password_reset("ua@x.test", "r-soon", clock.now() + hour, &mail).expect("reset");
    assert_eq!(again, None, "a second reset within the interval stores nothing");
    assert_eq!(store.recent_messages(10).expect("recent").len(), 1, "one mail per interval");
    assert!(store.reset_user("r-soon").expect("soon").is_none());
    clock.advance(Duration::from_millis(u64::try_from(RESET_MAIL_INTERVAL_MS).expect("interval")));
    store.start_password_reset("ua@x.test", "r2", clock.now() + hour, &mail).expect("reset").expect("a user");
    assert_eq!(store.recent_messages(10).expect("recent").len(), 2);
    assert!(store.reset_user("r1").expect("old").is_none(), "a newer reset replaces the older link");
    clock.advance(Duration::from_millis(u64::try_from(hour).expect("hour")));
    assert!(store.complete_password_reset("r2", "hash").expect("expired").is_none(), "valid one hour");
    store
        .start_password_reset("ua@x.test", "r3", clock.now() + hour, &mail)
        .expect("reset")
        .expect("after the interval");
    let user = store.complete_password_reset("r3", "new-hash").expect("reset").expect("the user");
    assert_eq!(user.id, "ua");
    assert!(store.session_user("s1").expect("session").is_none(), "sessions end");
    assert_eq!(store.user_for_login("ua@x.test").expect("login").and_then(|(_, h)| h).as_deref(), Some("new-hash"));
    assert!(store.complete_password_reset("r3", "again").expect("used").is_none(), "one time");
}

fn a_reminder_is_stored_once_in_the_lead_time_for_who_has_not_started(engine: Engine) {
    let (_place, clock, store) = store(engine);
    // The window closes at 10_000_000; the clock is at 1_000_000.
    store.create_assessment("team-ua", "as1", &spec(), "ua@x.test").expect("create");
    for (id, hash) in [("waiting", "h1"), ("started", "h2"), ("revoked", "h3")] {
        let new =
            NewInvitation { id: id.into(), name: id.into(), email: format!("{id}@x.test"), link_hash: hash.into() };
        store.create_invitations("as1", &[new], "ua").expect("invite");
    }
    store.start_attempt("started", 60_000).expect("start");
    store.revoke_invitation("as1", "revoked", "ua").expect("revoke");
    let reminder = |i: &InvitationRecord, a: &AssessmentRecord| NewMessage {
        kind: "reminder".into(),
        team: Some(a.team.clone()),
        recipient: i.email.clone(),
        payload: json!({"name": i.name}),
        secret: None,
    };
    let lead = 3_600_000;
    assert_eq!(store.queue_reminders(lead, 100, &reminder).expect("early"), 0, "not yet in the lead time");
    clock.set(10_000_000 - lead);
    assert_eq!(store.queue_reminders(lead, 100, &reminder).expect("due"), 1);
    assert_eq!(store.queue_reminders(lead, 100, &reminder).expect("again"), 0, "once");
    let sent = store.recent_messages(10).expect("recent");
    assert_eq!(sent.iter().map(|m| m.recipient.as_str()).collect::<Vec<_>>(), ["waiting@x.test"]);
    clock.set(10_000_000);
    assert_eq!(store.queue_reminders(lead, 100, &reminder).expect("closed"), 0);
}

fn templates_are_per_team_and_kind(engine: Engine) {
    let (_place, _clock, store) = store(engine);
    assert_eq!(store.mail_template("team-ua", "invitation").expect("none"), None);
    store.put_mail_template("team-ua", "invitation", Some(("S", "T", None))).expect("put");
    store.put_mail_template("team-ua", "invitation", Some(("S2", "T2", Some("<p>H</p>")))).expect("replace");
    let template = store.mail_template("team-ua", "invitation").expect("read").expect("set");
    assert_eq!(
        (template.subject.as_str(), template.text.as_str(), template.html.as_deref()),
        ("S2", "T2", Some("<p>H</p>"))
    );
    assert_eq!(store.mail_template("team-ub", "invitation").expect("other team"), None);
    assert_eq!(store.mail_template("team-ua", "reminder").expect("other kind"), None);
    store.put_mail_template("team-ua", "invitation", None).expect("back to the default");
    assert_eq!(store.mail_template("team-ua", "invitation").expect("none"), None);
}
