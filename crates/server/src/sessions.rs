//! Signing in and out, and API tokens: a team member's own credentials. A token acts with a
//! role no higher than its creator's.

use crate::auth::TeamMember;
use crate::error::{ApiError, ErrorBody};
use crate::extract::{random_id, ApiJson, ApiPath, ClientAddr};
use crate::hiring::rules::short_text;
use crate::policy::RoleName;
use crate::settings::{SESSION_COOKIE, SESSION_MS};
use crate::state::AppState;
use crate::store_call::blocking;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::Json;
use axum_extra::extract::cookie::{Cookie, CookieJar};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use verdict_accounts::{is_token, new_token, token_hash, TokenKind};
use verdict_store::{Store, User};

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SetupRequest {
    /// The token from the setup link.
    pub token: String,
    pub password: String,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct Me {
    pub email: String,
    pub team: String,
    /// The role this session or token acts with.
    pub role: RoleName,
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TokenRequest {
    pub name: String,
    /// The role the token acts with: at most the member's own (the default); it is never
    /// raised when the member's is, and is lowered with it.
    pub role: Option<RoleName>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenView {
    pub id: String,
    pub name: String,
    pub created_at: String,
    pub last_used_at: Option<String>,
    /// The role it acts with (the lower of this and its member's current role).
    pub role: Option<RoleName>,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct NewTokenView {
    pub id: String,
    pub name: String,
    pub role: RoleName,
    /// Shown this once; only its hash is kept.
    pub token: String,
}

#[derive(Debug, Serialize, Deserialize, ToSchema)]
pub struct TokenList {
    pub tokens: Vec<TokenView>,
}

/// Uses a setup link: chooses the password and signs in.
#[utoipa::path(post, path = "/auth/setup", request_body = SetupRequest,
    responses((status = 204, description = "signed in"), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody),
        (status = 429, body = ErrorBody), (status = 503, body = ErrorBody)))]
pub(crate) async fn setup(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<SetupRequest>,
) -> Result<impl IntoResponse, ApiError> {
    choose_password(&app, client, &SETUP_LINK, &body.token, body.password).await
}

/// A one-time link through which a member chooses a password (a setup link, a reset link), and
/// the store calls that find its member and use it up.
pub(crate) struct PasswordLink {
    pub(crate) kind: TokenKind,
    /// What a link that is unknown, used or expired is told.
    pub(crate) unknown: &'static str,
    pub(crate) find: fn(&dyn Store, &str) -> verdict_store::Result<Option<User>>,
    pub(crate) use_up: fn(&dyn Store, &str, &str) -> verdict_store::Result<Option<User>>,
}

const SETUP_LINK: PasswordLink = PasswordLink {
    kind: TokenKind::Setup,
    unknown: "this setup link is not valid, used or expired: ask for a new one",
    find: |store, hash| store.setup_user(hash),
    use_up: |store, hash, password_hash| store.complete_setup(hash, password_hash),
};

/// Sets the password of `link`'s member and signs this browser in; 404 for a link that is
/// unknown, used or expired. The link is looked up before the costly hash, so a made-up one
/// costs one lookup, and the client's sign-in attempts bound how often anyone may try.
pub(crate) async fn choose_password(
    app: &AppState,
    client: std::net::IpAddr,
    link: &PasswordLink,
    token: &str,
    password: String,
) -> Result<(StatusCode, CookieJar), ApiError> {
    verdict_accounts::check_password(&password).map_err(|e| ApiError::invalid("password", e.to_string()))?;
    let unknown = || ApiError::not_found(link.unknown);
    if !is_token(link.kind, token) {
        return Err(unknown());
    }
    app.logins.admit(client)?;
    let hash = token_hash(token);
    let (lookup, find) = (hash.clone(), link.find);
    blocking(&app.store, move |s| find(s, &lookup)).await?.ok_or_else(unknown)?;
    let mut permit = app.logins.hash_permit()?;
    let password_hash = tokio::task::spawn_blocking(move || permit.hash_password(&password))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let use_up = link.use_up;
    let user = blocking(&app.store, move |s| use_up(s, &hash, &password_hash)).await?.ok_or_else(unknown)?;
    let cookie = start_session(app, &user.id).await?;
    Ok((StatusCode::NO_CONTENT, CookieJar::new().add(cookie)))
}

pub(crate) async fn start_session(app: &AppState, user: &str) -> Result<Cookie<'static>, ApiError> {
    let token = new_token(TokenKind::Session);
    let (hash, user, expires) = (token_hash(&token), user.to_owned(), app.clock.now() + SESSION_MS);
    blocking(&app.store, move |s| s.create_session(&user, &hash, expires)).await?;
    Ok(app.hiring.session_cookie(Some(&token)))
}

/// Signs in with email and password.
#[utoipa::path(post, path = "/auth/login", request_body = LoginRequest,
    responses((status = 200, body = Me), (status = 401, body = ErrorBody), (status = 429, body = ErrorBody),
        (status = 503, body = ErrorBody)))]
pub(crate) async fn login(
    State(app): State<AppState>,
    ClientAddr(client): ClientAddr,
    ApiJson(body): ApiJson<LoginRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let email = body.email.trim().to_owned();
    let now = app.clock.now();
    app.logins.admit(client)?;
    app.logins.check_failures(&email, client, now)?;
    let mut permit = app.logins.hash_permit()?;
    let lookup = email.clone();
    let found = blocking(&app.store, move |s| s.user_for_login(&lookup)).await?;
    let (user, hash) = match found {
        Some((user, hash)) => (Some(user), hash),
        None => (None, None),
    };
    // Verify even without a user (against a decoy), so the answer's timing does not say which
    // emails exist.
    let password = body.password;
    let matches = tokio::task::spawn_blocking(move || permit.verify_password(&password, hash.as_deref()))
        .await
        .map_err(ApiError::internal)?
        .map_err(ApiError::internal)?;
    let Some(user) = user.filter(|_| matches) else {
        app.logins.failed(&email, client, now);
        return Err(ApiError::new(StatusCode::UNAUTHORIZED, "bad_credentials", "wrong email or password"));
    };
    app.logins.succeeded(&email, client);
    let cookie = start_session(&app, &user.id).await?;
    Ok((CookieJar::new().add(cookie), Json(Me { email: user.email, team: user.team_name, role: user.role.into() })))
}

/// Signs out: the session is deleted and its cookie cleared.
#[utoipa::path(post, path = "/auth/logout", responses((status = 204)))]
pub(crate) async fn logout(State(app): State<AppState>, jar: CookieJar) -> Result<impl IntoResponse, ApiError> {
    if let Some(token) = jar.get(SESSION_COOKIE).map(Cookie::value).filter(|t| is_token(TokenKind::Session, t)) {
        let hash = token_hash(token);
        blocking(&app.store, move |s| s.delete_session(&hash)).await?;
    }
    Ok((StatusCode::NO_CONTENT, CookieJar::new().add(app.hiring.session_cookie(None))))
}

/// Who is signed in.
#[utoipa::path(get, path = "/auth/me", responses((status = 200, body = Me), (status = 401, body = ErrorBody)))]
pub(crate) async fn me(member: TeamMember) -> Json<Me> {
    Json(Me { email: member.0.email, team: member.0.team_name, role: member.0.role.into() })
}

/// A token's view (never the token itself).
pub(crate) fn token_view(t: verdict_store::ApiTokenRecord) -> TokenView {
    TokenView {
        id: t.id,
        name: t.name,
        created_at: crate::views::timestamp(t.created_at),
        last_used_at: t.last_used_at.map(crate::views::timestamp),
        role: t.role.map(RoleName::from),
    }
}

// ---- API tokens --------------------------------------------------------------------------

/// The member's API tokens (never the tokens themselves).
#[utoipa::path(get, path = "/tokens", responses((status = 200, body = TokenList), (status = 401, body = ErrorBody)))]
pub(crate) async fn list_tokens(State(app): State<AppState>, member: TeamMember) -> Result<Json<TokenList>, ApiError> {
    let user = member.0.id.clone();
    let tokens = blocking(&app.store, move |s| s.api_tokens(&user)).await?;
    Ok(Json(TokenList { tokens: tokens.into_iter().map(token_view).collect() }))
}

/// Makes an API token acting with at most the caller's role; the answer is the only time it is
/// shown.
#[utoipa::path(post, path = "/tokens", request_body = TokenRequest,
    responses((status = 201, body = NewTokenView), (status = 401, body = ErrorBody), (status = 409, body = ErrorBody),
        (status = 422, body = ErrorBody)))]
pub(crate) async fn create_token(
    State(app): State<AppState>,
    member: TeamMember,
    ApiJson(body): ApiJson<TokenRequest>,
) -> Result<impl IntoResponse, ApiError> {
    let name = short_text("name", &body.name)?;
    // Always stored explicitly: a token made with a lower-role token must not act with more
    // than the role that made it once its creator's own role is read instead.
    let role = body.role.map_or(member.0.role, verdict_store::Role::from);
    if role > member.0.role {
        return Err(ApiError::invalid("role", format!("a token's role can be at most yours ({})", member.0.role)));
    }
    let token = new_token(TokenKind::Api);
    let (id, user, hash, stored_name) = (random_id(), member.0.clone(), token_hash(&token), name.clone());
    let record = blocking(&app.store, move |s| s.create_api_token(&user, &id, &stored_name, Some(role), &hash)).await?;
    Ok((StatusCode::CREATED, Json(NewTokenView { id: record.id, name, role: role.into(), token })))
}

/// Revokes one of the member's API tokens.
#[utoipa::path(delete, path = "/tokens/{id}", params(("id" = String, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
pub(crate) async fn delete_token(
    State(app): State<AppState>,
    member: TeamMember,
    ApiPath(id): ApiPath<String>,
) -> Result<StatusCode, ApiError> {
    let user = member.0.clone();
    let shown = id.clone();
    if blocking(&app.store, move |s| s.delete_api_token(&user, &id)).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found(format!("no API token `{shown}`")))
    }
}
