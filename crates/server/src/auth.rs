//! Who is asking: a team member (by session cookie or API token), with the rules that keep
//! cookies safe (HttpOnly, SameSite=Strict, Secure behind TLS; state changes only as JSON, from
//! this origin), and the limit on wrong passwords.

use crate::api::AppState;
use crate::error::ApiError;
use crate::extract::cookie;
use crate::queue::blocking;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use std::collections::HashMap;
use std::sync::Mutex;
use verdict_accounts::{is_token, token_hash, TokenKind};
use verdict_store::{Millis, User};

pub const SESSION_COOKIE: &str = "verdict_session";
/// How long a sign-in lasts.
pub const SESSION_MS: Millis = 12 * 60 * 60 * 1000;

/// How the hiring side is reached from outside.
#[derive(Debug, Clone, Default)]
pub struct HiringConfig {
    /// The address people use (`https://verdict.example.com`), for the links the service hands
    /// out; without it, links use the request's Host. An `https` address makes cookies Secure.
    pub public_url: Option<String>,
    /// The problem candidates practise on before they start, unless an assessment names one.
    pub practice_problem: Option<String>,
}

impl HiringConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// The base of links for a request: the configured public URL, or the request's own host.
    pub fn base_url(&self, headers: &HeaderMap) -> String {
        if let Some(url) = &self.public_url {
            return url.trim_end_matches('/').to_owned();
        }
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("localhost");
        format!("http://{host}")
    }

    /// The session cookie for a new sign-in (or, with no token, the one that clears it).
    pub fn session_cookie(&self, token: Option<&str>) -> HeaderValue {
        let secure = if self.secure_cookies() { "; Secure" } else { "" };
        let text = match token {
            Some(token) => format!(
                "{SESSION_COOKIE}={token}; Path=/; Max-Age={}; HttpOnly; SameSite=Strict{secure}",
                SESSION_MS / 1000
            ),
            None => format!("{SESSION_COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}"),
        };
        // Tokens are hex digits, so the header value is always valid.
        HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static("verdict_session=; Max-Age=0"))
    }
}

/// A signed-in team member. Extracting it answers 401 without a valid session or API token.
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

    async fn from_request_parts(parts: &mut Parts, app: &AppState) -> Result<Self, Self::Rejection> {
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
        let Some(token) = cookie(&parts.headers, SESSION_COOKIE).filter(|t| is_token(TokenKind::Session, t)) else {
            return Err(unauthorized("sign in first"));
        };
        check_same_origin_json(parts)?;
        let hash = token_hash(token);
        let user = blocking(&app.store, move |s| s.session_user(&hash)).await?;
        user.map(TeamMember).ok_or_else(|| unauthorized("the session has ended: sign in again"))
    }
}

/// A cookie is sent by the browser on its own, so a request that changes something must prove
/// it came from this app: a JSON content type (which a cross-site form cannot send without a
/// CORS preflight we never grant) and, when the browser names one, this origin.
fn check_same_origin_json(parts: &Parts) -> Result<(), ApiError> {
    if matches!(parts.method, Method::GET | Method::HEAD) {
        return Ok(());
    }
    if let Some(origin) = parts.headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = parts.headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
        let origin_host = origin.split_once("://").map_or(origin, |(_, rest)| rest);
        if origin_host != host {
            return Err(ApiError::new(StatusCode::FORBIDDEN, "cross_origin", "requests from another site are refused"));
        }
    }
    // Neither type is one a cross-site form may send; `text/csv` carries bulk invitations.
    let content_type = parts.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
    let essence = content_type.split(';').next().unwrap_or("").trim();
    let allowed = ["application/json", "text/csv"].iter().any(|t| essence.eq_ignore_ascii_case(t));
    if !allowed && parts.method != Method::DELETE {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "with a session cookie, a request that changes something must be sent as application/json",
        ));
    }
    Ok(())
}

/// Wrong passwords allowed per email in the window before sign-in is refused for a while.
pub const MAX_FAILED_LOGINS: usize = 5;
pub const FAILED_LOGIN_WINDOW_MS: Millis = 15 * 60 * 1000;

/// How many emails the limiter tracks before it forgets those with no recent failure.
const PRUNE_AT: usize = 1024;

/// Counts wrong passwords per email (in memory: a restart forgets, which only helps a person
/// who mistyped).
#[derive(Debug, Default)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<String, Vec<Millis>>>,
}

impl LoginLimiter {
    /// Seconds to wait when this email has too many recent failures.
    pub fn blocked_for(&self, email: &str, now: Millis) -> Option<u64> {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let times = failures.get_mut(&email.to_lowercase())?;
        times.retain(|&t| now - t < FAILED_LOGIN_WINDOW_MS);
        let oldest = *times.first()?;
        (times.len() >= MAX_FAILED_LOGINS).then(|| ((oldest + FAILED_LOGIN_WINDOW_MS - now) / 1000).max(1) as u64)
    }

    pub fn failed(&self, email: &str, now: Millis) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Failures for many different emails must not grow the map without bound: past a size,
        // emails whose failures have all left the window are forgotten.
        if failures.len() >= PRUNE_AT {
            failures.retain(|_, times| times.last().is_some_and(|&t| now - t < FAILED_LOGIN_WINDOW_MS));
        }
        failures.entry(email.to_lowercase()).or_default().push(now);
    }

    pub fn succeeded(&self, email: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        failures.remove(&email.to_lowercase());
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn five_failures_block_an_email_for_the_rest_of_the_window() {
        let limiter = LoginLimiter::default();
        for i in 0..5 {
            assert_eq!(limiter.blocked_for("A@x.test", i), None);
            limiter.failed("a@x.test", i);
        }
        assert_eq!(limiter.blocked_for("a@X.test", 60_000), Some(840));
        assert_eq!(limiter.blocked_for("b@x.test", 60_000), None, "other emails are not affected");
        assert_eq!(limiter.blocked_for("a@x.test", FAILED_LOGIN_WINDOW_MS + 5), None, "the window passes");
        limiter.failed("c@x.test", 0);
        limiter.succeeded("c@x.test");
        assert_eq!(limiter.failures.lock().map(|f| f.contains_key("c@x.test")).ok(), Some(false));
        for i in 0..PRUNE_AT {
            limiter.failed(&format!("spray{i}@x.test"), 0);
        }
        limiter.failed("late@x.test", FAILED_LOGIN_WINDOW_MS + 1);
        assert_eq!(limiter.failures.lock().map(|f| f.len()).ok(), Some(1), "stale emails are forgotten");
    }

    #[test]
    fn cookies_are_secure_only_behind_tls() {
        let plain = HiringConfig { public_url: Some("http://localhost:8080".into()), ..HiringConfig::default() };
        let tls = HiringConfig { public_url: Some("https://verdict.example.com/".into()), ..HiringConfig::default() };
        let cookie = plain.session_cookie(Some("abc"));
        let text = cookie.to_str().unwrap_or_default();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Strict") && !text.contains("Secure"), "{text}");
        assert!(tls.session_cookie(Some("abc")).to_str().unwrap_or_default().ends_with("; Secure"));
        assert_eq!(tls.base_url(&HeaderMap::new()), "https://verdict.example.com");
    }
}
