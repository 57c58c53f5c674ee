//! Whose practice a request is: a signed-in candidate account's (its session cookie, kept as a
//! hash) or else the browser's anonymous identity (`extract::candidate_cookie`). Also starting an
//! account's session, which moves the browser's anonymous work to the account in the same
//! transaction, and the cookies that signing in and out set. Never trusts a cookie it did not
//! find in the store, and never lets an anonymous cookie name an account's work.

use crate::auth::check_same_origin_json;
use crate::error::ApiError;
use crate::extract::{anonymous_cookie, random_id, Candidate};
use crate::state::AppState;
use crate::store_call::blocking;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use verdict_accounts::{is_token, new_token, token_hash, TokenKind};
use verdict_store::{CandidateSession, Merged, CANDIDATE_SESSION_MS};

/// The cookie of a signed-in candidate account (a session token; only its hash is kept).
pub const ACCOUNT_COOKIE: &str = "verdict_account";

/// The session a request's account cookie names, if it is one the store knows and it has not
/// ended. A request that changes something with it must come as JSON from this origin.
pub(crate) async fn account_session(parts: &Parts, app: &AppState) -> Result<Option<CandidateSession>, ApiError> {
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(token) = jar.get(ACCOUNT_COOKIE).map(Cookie::value).filter(|t| is_token(TokenKind::Session, t)) else {
        return Ok(None);
    };
    check_same_origin_json(parts, &app.hiring)?;
    let hash = token_hash(token);
    blocking(&app.store, move |s| s.candidate_session(&hash)).await
}

/// The browser's anonymous identity, whatever account it is signed in to.
pub(crate) fn anonymous(parts: &Parts) -> Result<Candidate, ApiError> {
    parts
        .extensions
        .get::<Candidate>()
        .cloned()
        .ok_or_else(|| ApiError::internal("the candidate cookie layer is missing from the router"))
}

/// The practice identity of a request: the signed-in account's, else the anonymous cookie's.
impl FromRequestParts<AppState> for Candidate {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
        match account_session(parts, app).await? {
            Some(session) => match session.account.owner() {
                verdict_store::Owner::Practice(id) => Ok(Candidate(id)),
                verdict_store::Owner::Attempt(_) => Err(ApiError::internal("an account owns practice work only")),
            },
            None => anonymous(parts),
        }
    }
}

/// The account cookie for a new session, or with no token the one that clears it. Lax, not
/// Strict: a candidate following a link to a problem from elsewhere arrives signed in, and
/// every change still needs JSON from this origin.
pub(crate) fn account_cookie(app: &AppState, token: Option<&str>) -> Cookie<'static> {
    let (value, max_age) = match token {
        Some(token) => (token.to_owned(), CANDIDATE_SESSION_MS / 1000),
        None => (String::new(), 0),
    };
    Cookie::build((ACCOUNT_COOKIE, value))
        .path("/")
        .max_age(cookie::time::Duration::seconds(max_age))
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(app.hiring.secure_cookies())
        .build()
}

/// A fresh anonymous identity for the browser (after signing out or deleting the account): the
/// account's work stays with the account, and new practice starts from nothing.
pub(crate) fn fresh_anonymous_cookie(app: &AppState) -> Cookie<'static> {
    anonymous_cookie(random_id(), app.hiring.secure_cookies())
}

/// Signs this browser in to `account`, moving its anonymous work there in the same
/// transaction: the cookie to set and what moved.
pub(crate) async fn sign_in(
    app: &AppState,
    account: &str,
    anonymous: &Candidate,
) -> Result<(CookieJar, Merged), ApiError> {
    let token = new_token(TokenKind::Session);
    let (hash, account, expires) = (token_hash(&token), account.to_owned(), app.clock.now() + CANDIDATE_SESSION_MS);
    let from = anonymous.owner();
    let merged =
        blocking(&app.store, move |s| s.start_candidate_session(&account, &hash, expires, Some(&from))).await?;
    Ok((CookieJar::new().add(account_cookie(app, Some(&token))), merged))
}

/// The token of the request's account cookie, when it has the shape of one.
pub(crate) fn session_token(jar: &CookieJar) -> Option<String> {
    jar.get(ACCOUNT_COOKIE).map(Cookie::value).filter(|t| is_token(TokenKind::Session, t)).map(str::to_owned)
}
