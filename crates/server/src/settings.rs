//! How the service is reached from outside: the public address links are made from, the one
//! origin a signed-in browser may change things from, and the session cookie that follows.

use axum::http::{header, HeaderMap};
use axum_extra::extract::cookie::{Cookie, SameSite};
use verdict_store::Millis;

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
    pub fn session_cookie(&self, token: Option<&str>) -> Cookie<'static> {
        let (value, max_age) = match token {
            Some(token) => (token.to_owned(), SESSION_MS / 1000),
            None => (String::new(), 0),
        };
        Cookie::build((SESSION_COOKIE, value))
            .path("/")
            .max_age(cookie::time::Duration::seconds(max_age))
            .http_only(true)
            .same_site(SameSite::Strict)
            .secure(self.secure_cookies())
            .build()
    }
}

#[cfg(test)]
mod unit {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn cookies_are_secure_only_behind_tls() {
        let plain = HiringConfig { public_url: Some("http://localhost:8080".into()), ..HiringConfig::default() };
        let tls = HiringConfig { public_url: Some("https://verdict.example.com/".into()), ..HiringConfig::default() };
        let text = plain.session_cookie(Some("abc")).to_string();
        assert!(text.contains("HttpOnly") && text.contains("SameSite=Strict") && !text.contains("Secure"), "{text}");
        assert!(tls.session_cookie(Some("abc")).to_string().contains("; Secure"));
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
