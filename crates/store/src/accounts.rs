//! Team members and how they prove who they are: users (and their teams), one-time setup
//! tokens, sessions and API tokens, each member with a role. Secrets arrive already hashed; none
//! is stored in the clear.

use crate::audit::team_audit_in;
use crate::clock::Millis;
use crate::error::{Result, StoreError};
use crate::role::Role;
use crate::sql::{args, Db, Row};
use serde_json::json;

/// The most API tokens one member may hold: each is a standing credential, and a visitor's
/// requests must not grow the store without bound.
pub const MAX_API_TOKENS: i64 = 20;

/// A team member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub team: String,
    pub team_name: String,
    /// What they may do: their own role, or for an API token the lower role it was made with.
    pub role: Role,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: String,
    pub name: String,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
    /// The role it acts with when lower than its creator's (None: the creator's).
    pub role: Option<Role>,
}

pub(crate) const USER_COLUMNS: &str = "users.id, users.email, users.team, teams.name, users.role";

pub(crate) fn user_of(row: &Row) -> Result<User> {
    let role: String = row.get(4)?;
    Ok(User {
        id: row.get(0)?,
        email: row.get(1)?,
        team: row.get(2)?,
        team_name: row.get(3)?,
        role: Role::stored(&role)?,
    })
}

// `"user"` is quoted everywhere: PostgreSQL reads a bare `user` as the current role.

/// Creates a user (and their team, if no team has that name) waiting for a password.
#[allow(clippy::too_many_arguments)] // one row's columns, named where they are written
pub(crate) fn create_user(
    db: &dyn Db,
    now: Millis,
    id: &str,
    email: &str,
    team_name: &str,
    role: Role,
    setup_hash: &str,
    setup_expires_at: Millis,
) -> Result<User> {
    // A duplicate email is refused by `insert_user`, which rolls the new team back with it.
    let team = db.query_opt("SELECT id FROM teams WHERE name = ?1", args![team_name])?;
    let team = match team {
        Some(team) => team.get(0)?,
        None => {
            let team = format!("team-{id}");
            db.execute("INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, ?3)", args![&team, team_name, now])?;
            team
        }
    };
    insert_user(db, now, id, &team, email, role, setup_hash, setup_expires_at)?;
    Ok(User { id: id.to_owned(), email: email.to_owned(), team, team_name: team_name.to_owned(), role })
}

/// Adds a user waiting for a password to a team that exists; a DuplicateEmail for an email
/// any team has.
#[allow(clippy::too_many_arguments)] // one row's columns, named where they are written
pub(crate) fn insert_user(
    db: &dyn Db,
    now: Millis,
    id: &str,
    team: &str,
    email: &str,
    role: Role,
    setup_hash: &str,
    setup_expires_at: Millis,
) -> Result<()> {
    let exists: bool = db.query_one("SELECT COUNT(*) > 0 FROM users WHERE email = ?1", args![email])?.get(0)?;
    if exists {
        return Err(StoreError::DuplicateEmail(email.to_owned()));
    }
    db.execute(
        "INSERT INTO users (id, team, email, role, setup_hash, setup_expires_at, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        args![id, team, email, role.as_str(), setup_hash, setup_expires_at, now],
    )?;
    Ok(())
}

/// Uses up a setup token: sets the password hash and ends every session the old one opened.
pub(crate) fn complete_setup(db: &dyn Db, now: Millis, setup_hash: &str, password_hash: &str) -> Result<Option<User>> {
    let user = setup_user(db, now, setup_hash)?;
    if let Some(user) = &user {
        db.execute(
            "UPDATE users SET password_hash = ?2, setup_hash = NULL, setup_expires_at = NULL WHERE id = ?1",
            args![&user.id, password_hash],
        )?;
        db.execute("DELETE FROM sessions WHERE \"user\" = ?1", args![&user.id])?;
    }
    Ok(user)
}

/// The user an unused, unexpired setup token belongs to.
pub(crate) fn setup_user(db: &dyn Db, now: Millis, setup_hash: &str) -> Result<Option<User>> {
    db.query_opt(
        &format!(
            "SELECT {USER_COLUMNS} FROM users JOIN teams ON teams.id = users.team
             WHERE users.setup_hash = ?1 AND users.setup_expires_at > ?2"
        ),
        args![setup_hash, now],
    )?
    .map(|r| user_of(&r))
    .transpose()
}

/// A user and their password hash (None before setup), by email (case-insensitive).
pub(crate) fn user_for_login(db: &dyn Db, email: &str) -> Result<Option<(User, Option<String>)>> {
    db.query_opt(
        &format!(
            "SELECT {USER_COLUMNS}, users.password_hash FROM users JOIN teams ON teams.id = users.team
             WHERE users.email = ?1"
        ),
        args![email],
    )?
    .map(|r| Ok((user_of(&r)?, r.get(5)?)))
    .transpose()
}

/// Starts a session; expired sessions are swept whenever a new one is made.
pub(crate) fn create_session(db: &dyn Db, now: Millis, user: &str, token_hash: &str, expires_at: Millis) -> Result<()> {
    db.execute("DELETE FROM sessions WHERE expires_at <= ?1", args![now])?;
    db.execute(
        "INSERT INTO sessions (token_hash, \"user\", created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        args![token_hash, user, now, expires_at],
    )?;
    Ok(())
}

/// The user of an unexpired session.
pub(crate) fn session_user(db: &dyn Db, now: Millis, token_hash: &str) -> Result<Option<User>> {
    db.query_opt(
        &format!(
            "SELECT {USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.\"user\"
             JOIN teams ON teams.id = users.team WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2"
        ),
        args![token_hash, now],
    )?
    .map(|r| user_of(&r))
    .transpose()
}

pub(crate) fn delete_session(db: &dyn Db, token_hash: &str) -> Result<()> {
    db.execute("DELETE FROM sessions WHERE token_hash = ?1", args![token_hash])?;
    Ok(())
}

/// Makes an API token acting with `role` (None: its creator's), refused with a Conflict
/// `too_many_tokens` past [`MAX_API_TOKENS`]; the team's audit log notes it.
#[allow(clippy::too_many_arguments)] // one row's columns, named where they are written
pub(crate) fn create_api_token(
    db: &dyn Db,
    now: Millis,
    user: &User,
    id: &str,
    name: &str,
    role: Option<Role>,
    token_hash: &str,
) -> Result<ApiTokenRecord> {
    let held: i64 = db.query_one("SELECT COUNT(*) FROM api_tokens WHERE \"user\" = ?1", args![&user.id])?.get(0)?;
    if held >= MAX_API_TOKENS {
        return Err(StoreError::Conflict {
            code: "too_many_tokens",
            message: format!("a member may hold at most {MAX_API_TOKENS} API tokens: revoke one first"),
        });
    }
    db.execute(
        "INSERT INTO api_tokens (id, \"user\", name, role, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![id, &user.id, name, role.map(Role::as_str), token_hash, now],
    )?;
    let detail = json!({"token": id, "name": name, "owner": &user.email, "role": role.map(Role::as_str)});
    team_audit_in(db, now, &user.team, &user.email, "token_created", &detail)?;
    Ok(ApiTokenRecord { id: id.to_owned(), name: name.to_owned(), created_at: now, last_used_at: None, role })
}

pub(crate) const TOKEN_COLUMNS: &str =
    "api_tokens.id, api_tokens.name, api_tokens.created_at, api_tokens.last_used_at, api_tokens.role";

pub(crate) fn token_of(r: &Row) -> Result<ApiTokenRecord> {
    let role: Option<String> = r.get(4)?;
    Ok(ApiTokenRecord {
        id: r.get(0)?,
        name: r.get(1)?,
        created_at: r.get(2)?,
        last_used_at: r.get(3)?,
        role: role.as_deref().map(Role::stored).transpose()?,
    })
}

pub(crate) fn api_tokens(db: &dyn Db, user: &str) -> Result<Vec<ApiTokenRecord>> {
    db.query_map(
        &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE \"user\" = ?1 ORDER BY created_at, rowid"),
        args![user],
        token_of,
    )
}

/// Revokes one of the user's tokens, noted in the team's audit log by `actor`; false when the
/// user has no such token.
pub(crate) fn delete_api_token(db: &dyn Db, now: Millis, user: &User, id: &str, actor: &str) -> Result<bool> {
    let name = db.query_opt("SELECT name FROM api_tokens WHERE id = ?1 AND \"user\" = ?2", args![id, &user.id])?;
    let Some(name) = name else { return Ok(false) };
    let name: String = name.get(0)?;
    db.execute("DELETE FROM api_tokens WHERE id = ?1 AND \"user\" = ?2", args![id, &user.id])?;
    let detail = json!({"token": id, "name": name, "owner": &user.email});
    team_audit_in(db, now, &user.team, actor, "token_revoked", &detail)?;
    Ok(true)
}

/// The user of an API token, noting its use, with the lower of the user's role and the token's.
pub(crate) fn api_token_user(db: &dyn Db, now: Millis, token_hash: &str) -> Result<Option<User>> {
    let user = db
        .query_opt(
            &format!(
                "SELECT {USER_COLUMNS}, api_tokens.role FROM api_tokens JOIN users ON users.id = api_tokens.\"user\"
                 JOIN teams ON teams.id = users.team WHERE api_tokens.token_hash = ?1"
            ),
            args![token_hash],
        )?
        .map(|r| {
            let mut user = user_of(&r)?;
            let token_role: Option<String> = r.get(5)?;
            if let Some(token_role) = token_role {
                user.role = user.role.min(Role::stored(&token_role)?);
            }
            Ok::<_, StoreError>(user)
        })
        .transpose()?;
    if user.is_some() {
        db.execute("UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1", args![token_hash, now])?;
    }
    Ok(user)
}

/// The least time between two reset mails to one member: a stranger who knows an email can
/// neither flood its inbox nor fill its team's outbox (12 an hour at most).
pub const RESET_MAIL_INTERVAL_MS: Millis = 5 * 60 * 1000;

/// Starts a password reset for the user with this email (case-insensitive): keeps the token's
/// hash until `expires_at`, replacing any earlier reset of theirs (one live link at a time), and
/// stores the message `message` makes for them in the same transaction. None when no user has
/// that email, or when their last reset was asked for less than [`RESET_MAIL_INTERVAL_MS`] ago
/// (its link still works): nothing is stored.
pub(crate) fn start_password_reset(
    db: &dyn Db,
    now: Millis,
    email: &str,
    token_hash: &str,
    expires_at: Millis,
    message: &dyn Fn(&User) -> crate::outbox::NewMessage,
) -> Result<Option<User>> {
    let Some((user, _)) = user_for_login(db, email)? else { return Ok(None) };
    let recent = db.query_opt(
        "SELECT 1 FROM password_resets WHERE \"user\" = ?1 AND created_at > ?2 AND expires_at > ?3",
        args![&user.id, now - RESET_MAIL_INTERVAL_MS, now],
    )?;
    if recent.is_some() {
        return Ok(None);
    }
    db.execute("DELETE FROM password_resets WHERE \"user\" = ?1", args![&user.id])?;
    db.execute(
        "INSERT INTO password_resets (token_hash, \"user\", created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        args![token_hash, &user.id, now, expires_at],
    )?;
    crate::outbox::enqueue(db, now, &message(&user))?;
    Ok(Some(user))
}

/// The user an unused, unexpired reset token belongs to.
pub(crate) fn reset_user(db: &dyn Db, now: Millis, token_hash: &str) -> Result<Option<User>> {
    db.query_opt(
        &format!(
            "SELECT {USER_COLUMNS} FROM password_resets JOIN users ON users.id = password_resets.\"user\"
             JOIN teams ON teams.id = users.team WHERE password_resets.token_hash = ?1 AND password_resets.expires_at > ?2"
        ),
        args![token_hash, now],
    )?
    .map(|r| user_of(&r))
    .transpose()
}

/// Uses up a reset token: sets the password, and ends every session of the user and every
/// other reset link of theirs. None when the token is unknown, used or expired.
pub(crate) fn complete_password_reset(
    db: &dyn Db,
    now: Millis,
    token_hash: &str,
    password_hash: &str,
) -> Result<Option<User>> {
    let user = reset_user(db, now, token_hash)?;
    if let Some(user) = &user {
        db.execute("UPDATE users SET password_hash = ?2 WHERE id = ?1", args![&user.id, password_hash])?;
        db.execute("DELETE FROM password_resets WHERE \"user\" = ?1", args![&user.id])?;
        db.execute("DELETE FROM sessions WHERE \"user\" = ?1", args![&user.id])?;
    }
    Ok(user)
}
