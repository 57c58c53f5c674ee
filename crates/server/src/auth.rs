//! Who is asking: a team member (by session cookie or API token), with the rules that keep
//! cookies safe (HttpOnly, SameSite=Strict, Secure behind TLS; state changes only as JSON, from
//! this origin), and the limit on wrong passwords.

use crate::api::AppState;
use crate::error::ApiError;
use crate::extract::cookie;
use crate::store_call::blocking;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use std::collections::HashMap;
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};
use verdict_accounts::{is_token, token_hash, HashGate, HashPermit, TokenKind};
use verdict_store::{Millis, User};

pub const SESSION_COOKIE: &str = "verdict_session";
/// How long a sign-in lasts.
pub const SESSION_MS: Millis = 12 * 60 * 60 * 1000;

/// How the hiring side is reached from outside.
#[derive(Debug, Clone, Default)]
pub struct HiringConfig {
    /// The address people use (`https://verdict.example.com`): the base of the links the
    /// service hands out and the one origin a signed-in browser may change things from. Required
    /// when listening beyond loopback (see [`crate::check_public_url`]); an `https` address also
    /// makes cookies Secure.
    pub public_url: Option<String>,
    /// The address the service listens on (`http://127.0.0.1:8080`), set by [`crate::serve`]:
    /// the base of links when there is no public URL. Links are never made from a request's
    /// Host header, which a client or a proxy chooses.
    pub listen_url: Option<String>,
    /// The problem candidates practise on before they start, unless an assessment names one.
    pub practice_problem: Option<String>,
}

impl HiringConfig {
    pub fn secure_cookies(&self) -> bool {
        self.public_url.as_deref().is_some_and(|url| url.starts_with("https://"))
    }

    /// The base of links: the public URL, else the listening address, else none (links are then
    /// relative to the page they are shown on; only a router used without a socket has neither).
    pub fn base_url(&self) -> &str {
        self.public_url.as_deref().or(self.listen_url.as_deref()).unwrap_or("").trim_end_matches('/')
    }

    /// Whether a browser's `Origin` is this service's own, by scheme, host and port: the public
    /// URL's origin when there is one; else plain http at the Host the browser sent (a browser
    /// always sends the Host of the site it is talking to, so a cross-site page cannot forge it).
    pub fn is_own_origin(&self, origin: &str, headers: &HeaderMap) -> bool {
        let Ok(origin) = url::Url::parse(origin) else { return false };
        let own = match &self.public_url {
            Some(url) => url::Url::parse(url),
            None => {
                let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or("");
                url::Url::parse(&format!("http://{host}"))
            }
        };
        own.is_ok_and(|own| own.origin().is_tuple() && own.origin() == origin.origin())
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
        check_same_origin_json(parts, &app.hiring)?;
        let hash = token_hash(token);
        let user = blocking(&app.store, move |s| s.session_user(&hash)).await?;
        user.map(TeamMember).ok_or_else(|| unauthorized("the session has ended: sign in again"))
    }
}

/// A cookie is sent by the browser on its own, so a request that changes something must prove
/// it came from this app: a JSON content type (which a cross-site form cannot send without a
/// CORS preflight we never grant) and, when the browser names one, this origin.
fn check_same_origin_json(parts: &Parts, hiring: &HiringConfig) -> Result<(), ApiError> {
    if matches!(parts.method, Method::GET | Method::HEAD) {
        return Ok(());
    }
    if let Some(origin) = parts.headers.get(header::ORIGIN) {
        if !origin.to_str().is_ok_and(|origin| hiring.is_own_origin(origin, &parts.headers)) {
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

/// Wrong passwords allowed per email and client in the window before that client's sign-in to
/// that email is refused for a while. Keyed by client too, so a stranger's guesses cannot lock
/// the owner out: they lock only the stranger's own address out of that account.
pub const MAX_FAILED_LOGINS: usize = 5;
pub const FAILED_LOGIN_WINDOW_MS: Millis = 15 * 60 * 1000;

/// Sign-in attempts (logins and password setups, right or wrong) one client may make in a
/// burst; after that, one more every [`CLIENT_ATTEMPT_PERIOD`].
pub const CLIENT_ATTEMPT_BURST: u32 = 20;
pub const CLIENT_ATTEMPT_PERIOD: std::time::Duration = std::time::Duration::from_secs(3);

/// How many (email, client) pairs, or clients, are tracked before those with no recent attempt
/// are forgotten.
const PRUNE_AT: usize = 1024;

/// What stands between anyone on the network and the password hash: a per-client limit on
/// attempts, a per-(email, client) limit on wrong passwords, and the bound on hashes running at
/// once. In memory: a restart forgets, which only helps a person who mistyped.
#[derive(Debug)]
pub struct LoginLimiter {
    failures: Mutex<HashMap<(String, IpAddr), Vec<Millis>>>,
    clients: DefaultKeyedRateLimiter<IpAddr>,
    pub hashing: Arc<HashGate>,
}

impl Default for LoginLimiter {
    fn default() -> Self {
        Self::new(HashGate::for_this_machine())
    }
}

impl LoginLimiter {
    pub fn new(hashing: Arc<HashGate>) -> Self {
        let burst = NonZeroU32::new(CLIENT_ATTEMPT_BURST).unwrap_or(NonZeroU32::MIN);
        let quota =
            Quota::with_period(CLIENT_ATTEMPT_PERIOD).map_or(Quota::per_second(burst), |q| q.allow_burst(burst));
        Self { failures: Mutex::default(), clients: RateLimiter::keyed(quota), hashing }
    }

    /// Counts a sign-in attempt from a client; 429 when it has made too many lately.
    pub fn admit(&self, client: IpAddr) -> Result<(), ApiError> {
        if self.clients.len() >= PRUNE_AT {
            self.clients.retain_recent();
        }
        self.clients.check_key(&client).map_err(|not_until| {
            let wait = not_until.wait_time_from(DefaultClock::default().now());
            too_many(wait.as_secs() + 1, "too many sign-in attempts from your address: wait a little".into())
        })
    }

    /// A permit to hash a password, or 503 when as many hashes as the machine has cores are
    /// running: the client is told to retry rather than queued with the memory each hash holds.
    pub fn hash_permit(&self) -> Result<HashPermit, ApiError> {
        self.hashing.try_permit().ok_or_else(|| ApiError {
            retry_after_seconds: Some(1),
            ..ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "the server is busy signing people in: try again in a second",
            )
        })
    }

    /// 429 when this client has had too many wrong passwords for this email lately.
    pub fn check_failures(&self, email: &str, client: IpAddr, now: Millis) -> Result<(), ApiError> {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        let Some(times) = failures.get_mut(&(email.to_lowercase(), client)) else { return Ok(()) };
        times.retain(|&t| now - t < FAILED_LOGIN_WINDOW_MS);
        match times.first() {
            Some(&oldest) if times.len() >= MAX_FAILED_LOGINS => {
                let seconds = ((oldest + FAILED_LOGIN_WINDOW_MS - now) / 1000).max(1) as u64;
                Err(too_many(
                    seconds,
                    format!("too many wrong passwords for this email: try again in {} minutes", seconds.div_ceil(60)),
                ))
            }
            _ => Ok(()),
        }
    }

    pub fn failed(&self, email: &str, client: IpAddr, now: Millis) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        // Failures for many different emails must not grow the map without bound: past a size,
        // pairs whose failures have all left the window are forgotten.
        if failures.len() >= PRUNE_AT {
            failures.retain(|_, times| times.last().is_some_and(|&t| now - t < FAILED_LOGIN_WINDOW_MS));
        }
        failures.entry((email.to_lowercase(), client)).or_default().push(now);
    }

    pub fn succeeded(&self, email: &str, client: IpAddr) {
        let mut failures = self.failures.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        failures.remove(&(email.to_lowercase(), client));
    }
}

fn too_many(retry_after_seconds: u64, message: String) -> ApiError {
    ApiError {
        retry_after_seconds: Some(retry_after_seconds),
        ..ApiError::new(StatusCode::TOO_MANY_REQUESTS, "too_many_attempts", message)
    }
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn five_failures_block_an_email_from_one_client_for_the_rest_of_the_window() {
        let limiter = LoginLimiter::new(HashGate::new(1));
        let (stranger, owner): (IpAddr, IpAddr) = ([203, 0, 113, 9].into(), [198, 51, 100, 7].into());
        for i in 0..5 {
            assert!(limiter.check_failures("A@x.test", stranger, i).is_ok());
            limiter.failed("a@x.test", stranger, i);
        }
        let blocked = limiter.check_failures("a@X.test", stranger, 60_000).expect_err("blocked");
        assert_eq!((blocked.status, blocked.retry_after_seconds), (StatusCode::TOO_MANY_REQUESTS, Some(840)));
        assert!(limiter.check_failures("a@x.test", owner, 60_000).is_ok(), "the owner's address is not affected");
        assert!(limiter.check_failures("b@x.test", stranger, 60_000).is_ok(), "other emails are not affected");
        assert!(limiter.check_failures("a@x.test", stranger, FAILED_LOGIN_WINDOW_MS + 5).is_ok(), "the window passes");
        limiter.failed("c@x.test", owner, 0);
        limiter.succeeded("c@x.test", owner);
        assert_eq!(limiter.failures.lock().map(|f| f.contains_key(&("c@x.test".into(), owner))).ok(), Some(false));
        for i in 0..PRUNE_AT {
            limiter.failed(&format!("spray{i}@x.test"), stranger, 0);
        }
        limiter.failed("late@x.test", stranger, FAILED_LOGIN_WINDOW_MS + 1);
        assert_eq!(limiter.failures.lock().map(|f| f.len()).ok(), Some(1), "stale pairs are forgotten");
    }

    #[test]
    fn a_client_gets_a_burst_of_attempts_then_429() {
        let limiter = LoginLimiter::new(HashGate::new(1));
        let (busy, other): (IpAddr, IpAddr) = ([203, 0, 113, 9].into(), [198, 51, 100, 7].into());
        for _ in 0..CLIENT_ATTEMPT_BURST {
            assert!(limiter.admit(busy).is_ok());
        }
        let refused = limiter.admit(busy).expect_err("past the burst");
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(refused.retry_after_seconds.is_some_and(|s| (1..=CLIENT_ATTEMPT_PERIOD.as_secs() + 1).contains(&s)));
        assert!(limiter.admit(other).is_ok(), "another client is not affected");
    }

    #[test]
    fn cookies_are_secure_only_behind_tls() {
        let plain = HiringConfig { public_url: Some("http://localhost:8080".into()), ..HiringConfig::default() };
        let tls = HiringConfig { public_url: Some("https://verdict.example.com/".into()), ..HiringConfig::default() };
        let cookie = plain.session_cookie(Some("abc"));
        let text = cookie.to_str().unwrap_or_default();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Strict") && !text.contains("Secure"), "{text}");
        assert!(tls.session_cookie(Some("abc")).to_str().unwrap_or_default().ends_with("; Secure"));
        assert_eq!(tls.base_url(), "https://verdict.example.com");
    }

    #[test]
    fn the_own_origin_is_scheme_host_and_port() {
        let mut headers = HeaderMap::new();
        headers.insert(header::HOST, HeaderValue::from_static("verdict.test:8080"));
        let bare = HiringConfig::default();
        assert!(bare.is_own_origin("http://verdict.test:8080", &headers));
        for other in [
            "https://verdict.test:8080",
            "http://verdict.test:8081",
            "http://verdict.test",
            "http://evil.test:8080",
            "null",
            "",
        ] {
            assert!(!bare.is_own_origin(other, &headers), "{other}");
        }
        let tls = HiringConfig { public_url: Some("https://verdict.example.com/".into()), ..HiringConfig::default() };
        assert!(tls.is_own_origin("https://verdict.example.com", &headers));
        assert!(tls.is_own_origin("https://verdict.example.com:443", &headers), "the default port is the same origin");
        for other in ["http://verdict.example.com", "https://verdict.example.com:8443", "http://verdict.test:8080"] {
            assert!(!tls.is_own_origin(other, &headers), "{other}");
        }
    }
}
