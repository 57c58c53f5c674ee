//! A team's members as its admins manage them: who is in it with which role, inviting a
//! teammate, changing a role, removing a member (their sessions and API tokens go with them),
//! and every member's API tokens. A team always keeps an admin who can sign in: a change that
//! would leave none is refused. Each change is noted in the team's audit log in its own
//! transaction.

use crate::accounts::{insert_user, token_of, user_of, ApiTokenRecord, User, TOKEN_COLUMNS, USER_COLUMNS};
use crate::audit::team_audit_in;
use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::role::Role;
use crate::sql::{args, Db};
use serde_json::json;

/// The most members a team may have (an invitation past it is refused): what one admin's
/// requests can add to the store is bounded.
pub const MAX_TEAM_MEMBERS: i64 = 200;

/// A member as the team's admins see them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub user: User,
    pub created_at: Millis,
    /// False while their setup link is unused: they cannot sign in yet.
    pub set_up: bool,
}

/// One of the team's API tokens, with whose it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamToken {
    pub token: ApiTokenRecord,
    pub owner: User,
}

/// A teammate to invite.
#[derive(Debug, Clone, Copy)]
pub struct NewMember<'a> {
    pub id: &'a str,
    pub email: &'a str,
    pub role: Role,
    pub setup_hash: &'a str,
    pub setup_expires_at: Millis,
    /// The mail that carries the setup link, stored with the member (both or neither); None
    /// when the service sends no mail.
    pub mail: Option<&'a crate::outbox::NewMessage>,
}

const MEMBER_COLUMNS: &str = "users.created_at, users.password_hash IS NOT NULL";

pub(crate) fn members(db: &dyn Db, team: &str) -> Result<Vec<Member>> {
    db.query_map(
        &format!(
            "SELECT {USER_COLUMNS}, {MEMBER_COLUMNS} FROM users JOIN teams ON teams.id = users.team
             WHERE users.team = ?1 ORDER BY users.created_at, users.email"
        ),
        args![team],
        |r| Ok(Member { user: user_of(r)?, created_at: r.get(5)?, set_up: r.get(6)? }),
    )
}

fn member(db: &dyn Db, team: &str, id: &str) -> Result<Option<Member>> {
    Ok(members(db, team)?.into_iter().find(|m| m.user.id == id))
}

/// Adds a teammate waiting for a password; a DuplicateEmail for an email any team has, a
/// Conflict `team_full` past [`MAX_TEAM_MEMBERS`].
pub(crate) fn invite_member(db: &dyn Db, now: Millis, team: &str, new: &NewMember<'_>, actor: &str) -> Result<Member> {
    let count: i64 = db.query_one("SELECT COUNT(*) FROM users WHERE team = ?1", args![team])?.get(0)?;
    if count >= MAX_TEAM_MEMBERS {
        return Err(StoreError::Conflict {
            code: "team_full",
            message: format!("a team may have at most {MAX_TEAM_MEMBERS} members: remove one first"),
        });
    }
    insert_user(db, now, new.id, team, new.email, new.role, new.setup_hash, new.setup_expires_at)?;
    let detail = json!({"member": new.id, "email": new.email, "role": new.role.as_str()});
    team_audit_in(db, now, team, actor, "member_invited", &detail)?;
    if let Some(mail) = new.mail {
        crate::outbox::enqueue(db, now, mail)?;
    }
    member(db, team, new.id)?.ok_or(StoreError::Missing("member just invited"))
}

/// Refuses a change that would leave the team without an admin who can sign in, `member` being
/// the one who would stop being one.
fn keep_an_admin(db: &dyn Db, team: &str, member: &Member, what: &str) -> Result<()> {
    if member.user.role != Role::Admin {
        return Ok(());
    }
    let others: i64 = db
        .query_one(
            "SELECT COUNT(*) FROM users WHERE team = ?1 AND role = 'admin' AND id <> ?2 AND password_hash IS NOT NULL",
            args![team, &member.user.id],
        )?
        .get(0)?;
    if others == 0 {
        return Err(StoreError::Conflict {
            code: "last_admin",
            message: format!(
                "{} is the team's last admin who can sign in: make another member admin before you {what} them",
                member.user.email
            ),
        });
    }
    Ok(())
}

/// Changes a member's role (at once: sessions and tokens read it on every request); None when
/// the team has no such member, a Conflict `last_admin` if it would leave no admin.
pub(crate) fn set_role(
    db: &dyn Db,
    now: Millis,
    team: &str,
    id: &str,
    role: Role,
    actor: &str,
) -> Result<Option<Member>> {
    let Some(found) = member(db, team, id)? else { return Ok(None) };
    if found.user.role == role {
        return Ok(Some(found));
    }
    if role < Role::Admin {
        keep_an_admin(db, team, &found, "demote")?;
    }
    db.execute("UPDATE users SET role = ?2 WHERE id = ?1", args![id, role.as_str()])?;
    let detail =
        json!({"member": id, "email": &found.user.email, "from": found.user.role.as_str(), "to": role.as_str()});
    team_audit_in(db, now, team, actor, "role_changed", &detail)?;
    member(db, team, id)
}

/// Removes a member with their sessions and API tokens; false when the team has no such
/// member, a Conflict `last_admin` if it would leave no admin.
pub(crate) fn remove_member(db: &dyn Db, now: Millis, team: &str, id: &str, actor: &str) -> Result<bool> {
    let Some(found) = member(db, team, id)? else { return Ok(false) };
    keep_an_admin(db, team, &found, "remove")?;
    let sessions = db.execute("DELETE FROM sessions WHERE \"user\" = ?1", args![id])?;
    let tokens = db.execute("DELETE FROM api_tokens WHERE \"user\" = ?1", args![id])?;
    db.execute("DELETE FROM users WHERE id = ?1", args![id])?;
    let detail = json!({
        "member": id, "email": &found.user.email, "role": found.user.role.as_str(),
        "sessions_ended": sessions, "tokens_revoked": tokens,
    });
    team_audit_in(db, now, team, actor, "member_removed", &detail)?;
    Ok(true)
}

/// Every member's API tokens (never the tokens themselves), oldest first.
pub(crate) fn team_tokens(db: &dyn Db, team: &str) -> Result<Vec<TeamToken>> {
    db.query_map(
        &format!(
            "SELECT {TOKEN_COLUMNS}, {USER_COLUMNS} FROM api_tokens JOIN users ON users.id = api_tokens.\"user\"
             JOIN teams ON teams.id = users.team WHERE users.team = ?1 ORDER BY api_tokens.created_at, api_tokens.rowid"
        ),
        args![team],
        |r| {
            let token = token_of(r)?;
            let owner = user_of(&r.skip(5))?;
            Ok(TeamToken { token, owner })
        },
    )
}

/// Revokes any member's API token; false when no member of the team has it.
pub(crate) fn revoke_team_token(db: &dyn Db, now: Millis, team: &str, id: &str, actor: &str) -> Result<bool> {
    let owner = team_tokens(db, team)?.into_iter().find(|t| t.token.id == id).map(|t| t.owner);
    match owner {
        Some(owner) => crate::accounts::delete_api_token(db, now, &owner, id, actor),
        None => Ok(false),
    }
}
