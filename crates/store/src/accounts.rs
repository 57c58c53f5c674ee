//! Team members and how they prove who they are: users (and their teams), one-time setup
//! tokens, sessions and API tokens. Secrets arrive already hashed; none is stored in the clear.

use crate::clock::Millis;
use crate::error::{Result, StoreError};
use rusqlite::{params, Connection, OptionalExtension, Row};

/// A team member.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub email: String,
    pub team: String,
    pub team_name: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: String,
    pub name: String,
    pub created_at: Millis,
    pub last_used_at: Option<Millis>,
}

const USER_COLUMNS: &str = "users.id, users.email, users.team, teams.name";

fn user_of(row: &Row<'_>) -> rusqlite::Result<User> {
    Ok(User { id: row.get(0)?, email: row.get(1)?, team: row.get(2)?, team_name: row.get(3)? })
}

/// Creates a user (and their team, if no team has that name) waiting for a password.
pub(crate) fn create_user(
    connection: &Connection,
    now: Millis,
    id: &str,
    email: &str,
    team_name: &str,
    setup_hash: &str,
    setup_expires_at: Millis,
) -> Result<User> {
    let exists: bool =
        connection.query_row("SELECT COUNT(*) > 0 FROM users WHERE email = ?1", [email], |r| r.get(0))?;
    if exists {
        return Err(StoreError::DuplicateEmail(email.to_owned()));
    }
    let team: Option<String> =
        connection.query_row("SELECT id FROM teams WHERE name = ?1", [team_name], |r| r.get(0)).optional()?;
    let team = match team {
        Some(team) => team,
        None => {
            let team = format!("team-{id}");
            connection.execute(
                "INSERT INTO teams (id, name, created_at) VALUES (?1, ?2, ?3)",
                params![team, team_name, now],
            )?;
            team
        }
    };
    connection.execute(
        "INSERT INTO users (id, team, email, setup_hash, setup_expires_at, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![id, team, email, setup_hash, setup_expires_at, now],
    )?;
    Ok(User { id: id.to_owned(), email: email.to_owned(), team, team_name: team_name.to_owned() })
}

/// Uses up a setup token: sets the password hash and ends every session the old one opened.
pub(crate) fn complete_setup(
    connection: &Connection,
    now: Millis,
    setup_hash: &str,
    password_hash: &str,
) -> Result<Option<User>> {
    let user = setup_user(connection, now, setup_hash)?;
    if let Some(user) = &user {
        connection.execute(
            "UPDATE users SET password_hash = ?2, setup_hash = NULL, setup_expires_at = NULL WHERE id = ?1",
            params![user.id, password_hash],
        )?;
        connection.execute("DELETE FROM sessions WHERE user = ?1", [&user.id])?;
    }
    Ok(user)
}

/// The user an unused, unexpired setup token belongs to.
pub(crate) fn setup_user(connection: &Connection, now: Millis, setup_hash: &str) -> Result<Option<User>> {
    Ok(connection
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS} FROM users JOIN teams ON teams.id = users.team
                 WHERE users.setup_hash = ?1 AND users.setup_expires_at > ?2"
            ),
            params![setup_hash, now],
            user_of,
        )
        .optional()?)
}

/// A user and their password hash (None before setup), by email (case-insensitive).
pub(crate) fn user_for_login(connection: &Connection, email: &str) -> Result<Option<(User, Option<String>)>> {
    Ok(connection
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS}, users.password_hash FROM users JOIN teams ON teams.id = users.team
                 WHERE users.email = ?1"
            ),
            [email],
            |r| Ok((user_of(r)?, r.get(4)?)),
        )
        .optional()?)
}

/// Starts a session; expired sessions are swept whenever a new one is made.
pub(crate) fn create_session(
    connection: &Connection,
    now: Millis,
    user: &str,
    token_hash: &str,
    expires_at: Millis,
) -> Result<()> {
    connection.execute("DELETE FROM sessions WHERE expires_at <= ?1", [now])?;
    connection.execute(
        "INSERT INTO sessions (token_hash, user, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        params![token_hash, user, now, expires_at],
    )?;
    Ok(())
}

/// The user of an unexpired session.
pub(crate) fn session_user(connection: &Connection, now: Millis, token_hash: &str) -> Result<Option<User>> {
    Ok(connection
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS} FROM sessions JOIN users ON users.id = sessions.user
                 JOIN teams ON teams.id = users.team WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2"
            ),
            params![token_hash, now],
            user_of,
        )
        .optional()?)
}

pub(crate) fn delete_session(connection: &Connection, token_hash: &str) -> Result<()> {
    connection.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub(crate) fn create_api_token(
    connection: &Connection,
    now: Millis,
    user: &str,
    id: &str,
    name: &str,
    token_hash: &str,
) -> Result<ApiTokenRecord> {
    connection.execute(
        "INSERT INTO api_tokens (id, user, name, token_hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id, user, name, token_hash, now],
    )?;
    Ok(ApiTokenRecord { id: id.to_owned(), name: name.to_owned(), created_at: now, last_used_at: None })
}

pub(crate) fn api_tokens(connection: &Connection, user: &str) -> Result<Vec<ApiTokenRecord>> {
    let mut statement = connection.prepare(
        "SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user = ?1 ORDER BY created_at, rowid",
    )?;
    let rows = statement.query_map([user], |r| {
        Ok(ApiTokenRecord { id: r.get(0)?, name: r.get(1)?, created_at: r.get(2)?, last_used_at: r.get(3)? })
    })?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

/// False when the user has no such token.
pub(crate) fn delete_api_token(connection: &Connection, user: &str, id: &str) -> Result<bool> {
    Ok(connection.execute("DELETE FROM api_tokens WHERE id = ?1 AND user = ?2", [id, user])? > 0)
}

/// The user of an API token, noting its use.
pub(crate) fn api_token_user(connection: &Connection, now: Millis, token_hash: &str) -> Result<Option<User>> {
    let user = connection
        .query_row(
            &format!(
                "SELECT {USER_COLUMNS} FROM api_tokens JOIN users ON users.id = api_tokens.user
                 JOIN teams ON teams.id = users.team WHERE api_tokens.token_hash = ?1"
            ),
            [token_hash],
            user_of,
        )
        .optional()?;
    if user.is_some() {
        connection
            .execute("UPDATE api_tokens SET last_used_at = ?2 WHERE token_hash = ?1", params![token_hash, now])?;
    }
    Ok(user)
}
