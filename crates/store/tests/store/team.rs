//! A team's members, roles and API tokens: the last admin who can sign in stays, a removed
//! member's sessions and tokens end, a token never acts above its member, caps hold, another
//! team reaches nothing, and every change is in the team's audit log.

use super::{on_both_engines, AnyStore, Engine};
use verdict_store::*;

/// `email` made by `create-user` in team `T` as `role`, with a password set.
fn signed_up(store: &AnyStore, id: &str, team: &str, role: Role) -> User {
    let setup = format!("setup-{id}");
    store.create_user(id, &format!("{id}@x.test"), team, role, &setup, i64::MAX).expect("user");
    store.complete_setup(&setup, "hash").expect("setup").expect("a setup token")
}

fn invite(store: &AnyStore, team: &str, id: &str, role: Role) -> Member {
    let (email, setup) = (format!("{id}@x.test"), format!("setup-{id}"));
    let new = NewMember { id, email: &email, role, setup_hash: &setup, setup_expires_at: i64::MAX, mail: None };
    store.invite_member(team, &new, "boss@x.test").expect("invite")
}

fn conflict_code<T: std::fmt::Debug>(result: Result<T>) -> &'static str {
    match result {
        Err(StoreError::Conflict { code, .. }) => code,
        other => panic!("expected a conflict, got {other:?}"),
    }
}

fn the_last_admin_who_can_sign_in_stays(engine: Engine) {
    let (_place, store) = super::store(engine);
    let boss = signed_up(&store, "boss", "T", Role::Admin);
    let team = boss.team.clone();
    let ivy = invite(&store, &team, "ivy", Role::Interviewer);
    assert_eq!((ivy.user.role, ivy.set_up, ivy.user.team.as_str()), (Role::Interviewer, false, team.as_str()));
    invite(&store, &team, "rex", Role::Reviewer);
    let roles: Vec<(String, Role)> =
        store.members(&team).expect("members").into_iter().map(|m| (m.user.id, m.user.role)).collect();
    assert_eq!(
        roles,
        [("boss".into(), Role::Admin), ("ivy".into(), Role::Interviewer), ("rex".into(), Role::Reviewer)]
    );

    // The one admin can be neither demoted nor removed, nor by an admin who has not signed up.
    assert_eq!(conflict_code(store.set_role(&team, "boss", Role::Reviewer, "boss@x.test")), "last_admin");
    assert_eq!(conflict_code(store.remove_member(&team, "boss", "boss@x.test")), "last_admin");
    invite(&store, &team, "ada", Role::Admin);
    assert_eq!(conflict_code(store.set_role(&team, "boss", Role::Interviewer, "boss@x.test")), "last_admin");
    assert_eq!(store.members(&team).expect("members")[0].user.role, Role::Admin, "nothing changed");
    // Once the second admin can sign in, the first may step down.
    store.complete_setup("setup-ada", "hash").expect("setup").expect("ada's token");
    let stepped = store.set_role(&team, "boss", Role::Interviewer, "boss@x.test").expect("demote");
    assert_eq!(stepped.map(|m| m.user.role), Some(Role::Interviewer));
    assert_eq!(conflict_code(store.remove_member(&team, "ada", "ada@x.test")), "last_admin");
    // Promoting and changing a non-admin need no other admin.
    assert!(store.set_role(&team, "rex", Role::Interviewer, "ada@x.test").expect("role").is_some());

    // Another team's admin reaches no member of this one.
    let other = signed_up(&store, "rival", "R", Role::Admin);
    assert_eq!(store.set_role(&other.team, "rex", Role::Admin, "rival@x.test").expect("other team"), None);
    assert!(!store.remove_member(&other.team, "rex", "rival@x.test").expect("other team"));
    assert_eq!(store.members(&other.team).expect("members").len(), 1);

    let actions: Vec<String> = store.team_audit(&team, 100).expect("audit").into_iter().map(|e| e.action).collect();
    let expected = ["member_invited", "member_invited", "member_invited", "role_changed", "role_changed"];
    assert_eq!(actions, expected, "every change, and only changes, in order");
    let newest = store.team_audit(&team, 1).expect("audit");
    assert_eq!(newest.len(), 1);
    assert_eq!(newest[0].detail["to"], "interviewer", "the newest entry: {newest:?}");
    assert_eq!(newest[0].actor, "ada@x.test");
}

fn a_removed_member_loses_sessions_and_tokens(engine: Engine) {
    let (_place, store) = super::store(engine);
    let boss = signed_up(&store, "boss", "T", Role::Admin);
    invite(&store, &boss.team, "ivy", Role::Interviewer);
    let ivy = store.complete_setup("setup-ivy", "hash").expect("setup").expect("token");
    store.create_session(&ivy.id, "session-ivy", i64::MAX).expect("session");
    store.create_api_token(&ivy, "tok-ivy", "ci", Some(Role::Interviewer), "hash-ivy").expect("token");
    assert!(store.session_user("session-ivy").expect("session").is_some());
    assert!(store.remove_member(&boss.team, "ivy", "boss@x.test").expect("remove"));
    assert_eq!(store.session_user("session-ivy").expect("session"), None, "the session ended");
    assert_eq!(store.api_token_user("hash-ivy").expect("token"), None, "the token is revoked");
    assert!(store.team_tokens(&boss.team).expect("tokens").is_empty());
    let members: Vec<String> = store.members(&boss.team).expect("members").into_iter().map(|m| m.user.id).collect();
    assert_eq!(members, ["boss"]);
    // The email is free again.
    invite(&store, &boss.team, "ivy", Role::Reviewer);
    let removed = store.team_audit(&boss.team, 100).expect("audit");
    let entry = removed.iter().find(|e| e.action == "member_removed").expect("the removal is logged");
    assert_eq!((entry.detail["sessions_ended"].as_i64(), entry.detail["tokens_revoked"].as_i64()), (Some(1), Some(1)));
}

fn a_token_acts_with_the_lower_of_its_role_and_its_members(engine: Engine) {
    let (_place, store) = super::store(engine);
    let boss = signed_up(&store, "boss", "T", Role::Admin);
    let second = signed_up(&store, "second", "T", Role::Admin);
    store.create_api_token(&boss, "full", "full", None, "hash-full").expect("token");
    store.create_api_token(&boss, "read", "read", Some(Role::Reviewer), "hash-read").expect("token");
    let role_of = |hash: &str| store.api_token_user(hash).expect("token").map(|u| u.role);
    assert_eq!(role_of("hash-full"), Some(Role::Admin));
    assert_eq!(role_of("hash-read"), Some(Role::Reviewer));
    store.set_role(&boss.team, "boss", Role::Interviewer, "second@x.test").expect("demote");
    assert_eq!(role_of("hash-full"), Some(Role::Interviewer), "lowered with its member");
    assert_eq!(role_of("hash-read"), Some(Role::Reviewer));

    // The team's admins see and revoke every member's tokens; another team reaches none.
    let tokens = store.team_tokens(&boss.team).expect("tokens");
    let listed: Vec<(&str, &str)> = tokens.iter().map(|t| (t.token.id.as_str(), t.owner.id.as_str())).collect();
    assert_eq!(listed, [("full", "boss"), ("read", "boss")]);
    let rival = signed_up(&store, "rival", "R", Role::Admin);
    assert!(!store.revoke_team_token(&rival.team, "full", "rival@x.test").expect("other team"));
    assert!(store.revoke_team_token(&boss.team, "full", &second.email).expect("revoke"));
    assert_eq!(role_of("hash-full"), None);
    assert!(!store.delete_api_token(&second, "read").expect("not second's own"), "a member revokes only their own");

    // A member holds a bounded number of tokens.
    for n in 1..MAX_API_TOKENS {
        store.create_api_token(&second, &format!("t{n}"), "n", None, &format!("h{n}")).expect("token");
    }
    assert_eq!(store.api_tokens(&second.id).expect("tokens").len() as i64, MAX_API_TOKENS - 1);
    store.create_api_token(&second, "last", "n", None, "h-last").expect("the last one fits");
    assert_eq!(conflict_code(store.create_api_token(&second, "over", "n", None, "h-over")), "too_many_tokens");
    let actions: Vec<String> = store.team_audit(&boss.team, 3).expect("audit").into_iter().map(|e| e.action).collect();
    assert_eq!(actions, ["token_created", "token_created", "token_created"], "the newest three");
    let all = store.team_audit(&boss.team, 1000).expect("audit");
    assert!(all.iter().any(|e| e.action == "token_revoked" && e.actor == "second@x.test"), "{all:?}");
}

fn a_team_has_a_bounded_number_of_members(engine: Engine) {
    let (_place, store) = super::store(engine);
    let boss = signed_up(&store, "boss", "T", Role::Admin);
    for n in 1..MAX_TEAM_MEMBERS {
        invite(&store, &boss.team, &format!("m{n}"), Role::Reviewer);
    }
    let new = NewMember {
        id: "over",
        email: "over@x.test",
        role: Role::Reviewer,
        setup_hash: "s",
        setup_expires_at: 1,
        mail: None,
    };
    assert_eq!(conflict_code(store.invite_member(&boss.team, &new, "boss@x.test")), "team_full");
    // An email any team has is refused whole.
    let taken = NewMember {
        id: "dup",
        email: "M1@x.test",
        role: Role::Reviewer,
        setup_hash: "s2",
        setup_expires_at: 1,
        mail: None,
    };
    let other = signed_up(&store, "other", "O", Role::Admin);
    assert!(matches!(store.invite_member(&other.team, &taken, "other@x.test"), Err(StoreError::DuplicateEmail(_))));
    assert_eq!(store.members(&other.team).expect("members").len(), 1);
}

fn an_invited_teammate_s_mail_is_stored_with_them_or_not_at_all(engine: Engine) {
    let (_place, store) = super::store(engine);
    let boss = signed_up(&store, "boss", "T", Role::Admin);
    let mail = |to: &str| NewMessage {
        kind: "team_invitation".into(),
        team: Some(boss.team.clone()),
        recipient: to.into(),
        payload: serde_json::json!({"email": to}),
        secret: Some("the link".into()),
    };
    let first = mail("new@x.test");
    let new = NewMember {
        id: "new",
        email: "new@x.test",
        role: Role::Reviewer,
        setup_hash: "s1",
        setup_expires_at: i64::MAX,
        mail: Some(&first),
    };
    store.invite_member(&boss.team, &new, "boss@x.test").expect("invite");
    let queued = store.recent_messages(10).expect("outbox");
    assert_eq!(
        queued.iter().map(|m| (m.kind.as_str(), m.recipient.as_str())).collect::<Vec<_>>(),
        [("team_invitation", "new@x.test")]
    );
    // A refused invitation leaves no mail behind.
    let again = mail("NEW@x.test");
    let taken = NewMember { id: "dup", email: "NEW@x.test", setup_hash: "s2", mail: Some(&again), ..new };
    assert!(matches!(store.invite_member(&boss.team, &taken, "boss@x.test"), Err(StoreError::DuplicateEmail(_))));
    assert_eq!(store.recent_messages(10).expect("outbox").len(), 1);
}

on_both_engines!(
    an_invited_teammate_s_mail_is_stored_with_them_or_not_at_all,
    the_last_admin_who_can_sign_in_stays,
    a_removed_member_loses_sessions_and_tokens,
    a_token_acts_with_the_lower_of_its_role_and_its_members,
    a_team_has_a_bounded_number_of_members,
);
