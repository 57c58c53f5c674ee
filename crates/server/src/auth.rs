//! Who is asking: a team member (by session cookie or API token), with the rules that keep
//! cookies safe (state changes only as JSON, from this origin). Whether their role allows the
//! endpoint is `policy`'s one check, which calls [`authenticate`]; this module never decides it.

use crate::error::ApiError;
use crate::settings::{HiringConfig, SESSION_COOKIE};
use crate::state::AppState;
use crate::store_call::blocking;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, Method, StatusCode};
use axum_extra::extract::cookie::CookieJar;
use verdict_accounts::{is_token, token_hash, TokenKind};
use verdict_store::User;

/// The content types an uploaded problem archive may be sent as: none is one a cross-site form
/// can send without a CORS preflight (which is never granted).
pub const ARCHIVE_TYPES: &[&str] =
    &["application/zip", "application/gzip", "application/x-tar", "application/octet-stream"];

/// A signed-in team member whose role the endpoint's policy allows. Only the policy check
/// (`policy::enforce`) makes one; a handler of an endpoint the policy leaves open cannot have
/// one (its extraction fails closed).
#[derive(Debug, Clone)]
pub struct TeamMember(pub User);

impl TeamMember {
    /// How the audit log names this member.
    pub fn actor(&self) -> String {
        self.0.email.clone()
    }
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::new(StatusCode::UNAUTHORIZED, "unauthorized", message)
}

impl FromRequestParts<AppState> for TeamMember {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &AppState) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<TeamMember>().cloned().ok_or_else(|| {
            ApiError::internal("a handler asked for a team member on an endpoint its policy leaves open")
        })
    }
}

/// The member a session cookie or an API token names (401 without a valid one), acting with
/// their role (an API token: the lower of its own and its creator's).
pub async fn authenticate(parts: &Parts, app: &AppState) -> Result<TeamMember, ApiError> {
    if let Some(value) = parts.headers.get(header::AUTHORIZATION) {
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| is_token(TokenKind::Api, t))
            .ok_or_else(|| unauthorized("the Authorization header must be `Bearer vt_...` with an API token"))?;
        let hash = token_hash(token);
        let user = blocking(&app.store, move |s| s.api_token_user(&hash)).await?;
        return user.map(TeamMember).ok_or_else(|| unauthorized("this API token is not valid (revoked?)"));
    }
    let jar = CookieJar::from_headers(&parts.headers);
    let Some(token) = jar.get(SESSION_COOKIE).map(|c| c.value()).filter(|t| is_token(TokenKind::Session, t)) else {
        return Err(unauthorized("sign in first"));
    };
    check_same_origin_json(parts, &app.hiring)?;
    let hash = token_hash(token);
    let user = blocking(&app.store, move |s| s.session_user(&hash)).await?;
    user.map(TeamMember).ok_or_else(|| unauthorized("the session has ended: sign in again"))
}

/// A cookie is sent by the browser on its own, so a request that changes something must prove
/// it came from this app: a JSON content type (which a cross-site form cannot send without a
/// CORS preflight we never grant) and, when the browser names one, this origin.
pub(crate) fn check_same_origin_json(parts: &Parts, hiring: &HiringConfig) -> Result<(), ApiError> {
    if matches!(parts.method, Method::GET | Method::HEAD) {
        return Ok(());
    }
    if let Some(origin) = parts.headers.get(header::ORIGIN) {
        if !origin.to_str().is_ok_and(|origin| hiring.is_own_origin(origin, &parts.headers)) {
            return Err(ApiError::new(StatusCode::FORBIDDEN, "cross_origin", "requests from another site are refused"));
        }
    }
    // None of these types is one a cross-site form may send; `text/csv` carries bulk
    // invitations, the archive types a team's uploaded problem.
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let allowed = ["application/json", "text/csv"].iter().chain(ARCHIVE_TYPES).any(|t| essence.eq_ignore_ascii_case(t));
    if !allowed && parts.method != Method::DELETE {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "with a session cookie, a request that changes something must be sent as application/json",
        ));
    }
    Ok(())
}
