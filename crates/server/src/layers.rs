//! The layers every answer passes through: request ids (a client's own kept only when plainly an
//! id), repeated slashes collapsed before anything routes, the browser's security headers, and
//! the request log line (with attempt and password reset tokens redacted).

use axum::body::Body;
use axum::http::uri::PathAndQuery;
use axum::http::{header, HeaderName, HeaderValue, Request, Uri};
use axum::Router;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::TraceLayer;

/// Request ids: random, so logs of concurrent requests can be told apart.
#[derive(Debug, Clone, Copy)]
struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &Request<B>) -> Option<RequestId> {
        crate::extract::random_id().parse().ok().map(RequestId::new)
    }
}

const REQUEST_ID: &str = "x-request-id";

/// Whether a client's own request id may be kept: 1 to 64 letters, digits, `.`, `_` or `-`.
/// Anything else (spaces, `=`, quotes) could forge fields in a text log line.
pub fn is_safe_request_id(id: &[u8]) -> bool {
    (1..=64).contains(&id.len()) && id.iter().all(|b| b.is_ascii_alphanumeric() || b"._-".contains(b))
}

/// Drops a client's request id that is not plainly an id, so a random one is made instead.
async fn drop_unsafe_request_id(mut request: Request<Body>) -> Request<Body> {
    let mut ids = request.headers().get_all(REQUEST_ID).iter();
    let keep = matches!((ids.next(), ids.next()), (Some(id), None) if is_safe_request_id(id.as_bytes()));
    if !keep {
        request.headers_mut().remove(REQUEST_ID);
    }
    request
}

/// Collapses repeated slashes in the path before anything routes or serves it: the file
/// service answers a directory without its trailing slash with a redirect to the path it was
/// given plus `/`, and `//assets/` as a Location is another host (`https://assets/`).
async fn collapse_slashes(mut request: Request<Body>) -> Request<Body> {
    let uri = request.uri();
    if !uri.path().contains("//") {
        return request;
    }
    let mut path = String::with_capacity(uri.path().len());
    for c in uri.path().chars() {
        if !(c == '/' && path.ends_with('/')) {
            path.push(c);
        }
    }
    if let Some(query) = uri.query() {
        path = format!("{path}?{query}");
    }
    let mut parts = uri.clone().into_parts();
    // Removing characters from a valid path leaves a valid one; should it not, the root is served.
    parts.path_and_query = Some(path.parse().unwrap_or_else(|_| PathAndQuery::from_static("/")));
    if let Ok(uri) = Uri::from_parts(parts) {
        *request.uri_mut() = uri;
    }
    request
}

/// What a browser may load for the web app: its own scripts only (no inline script, no eval),
/// styles from itself plus the ones the code editor sets on its elements, images from itself or
/// inline `data:` (never a remote tracking pixel), requests to itself, and no framing at all.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// Wraps the routed application in the layers every answer passes through.
pub fn around(routed: Router) -> Router {
    let request_id = HeaderName::from_static(REQUEST_ID);
    let header = |name, value| SetResponseHeaderLayer::overriding(name, HeaderValue::from_static(value));
    Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::map_request(collapse_slashes))
        .layer(header(header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY))
        .layer(header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(header(header::REFERRER_POLICY, "no-referrer"))
        .layer(PropagateRequestIdLayer::new(request_id.clone()))
        .layer(TraceLayer::new_for_http().make_span_with(|request: &Request<_>| {
            let id = request.headers().get(REQUEST_ID).and_then(|v| v.to_str().ok()).unwrap_or("-");
            // Only the path: queries carry nothing the log needs, and attempt tokens are secrets.
            let path = redact_path(request.uri().path());
            tracing::info_span!("request", method = %request.method(), path = %path, request_id = %id)
        }))
        .layer(SetRequestIdLayer::new(request_id, RandomRequestId))
        .layer(axum::middleware::map_request(drop_unsafe_request_id))
}

/// The paths whose next segment is a token (a credential): an attempt's, a password reset's.
const TOKEN_PREFIXES: [&str; 2] = ["/api/attempts/", "/api/password-reset/"];

/// The request path with any attempt or reset token replaced, for logs: a token is a credential.
pub fn redact_path(path: &str) -> std::borrow::Cow<'_, str> {
    for prefix in TOKEN_PREFIXES {
        if let Some(rest) = path.strip_prefix(prefix) {
            let end = rest.find('/').unwrap_or(rest.len());
            return format!("{prefix}<token>{}", &rest[end..]).into();
        }
    }
    path.into()
}

#[cfg(test)]
mod unit {
    use super::*;

    #[test]
    fn attempt_tokens_never_reach_the_log() {
        let token = "ab".repeat(32);
        assert_eq!(redact_path(&format!("/api/attempts/{token}/drafts/x")), "/api/attempts/<token>/drafts/x");
        assert_eq!(redact_path(&format!("/api/attempts/{token}")), "/api/attempts/<token>");
        assert_eq!(redact_path("/api/problems/x"), "/api/problems/x");
        assert_eq!(redact_path(&format!("/api/password-reset/{token}")), "/api/password-reset/<token>");
        assert_eq!(redact_path("/api/password-reset"), "/api/password-reset");
    }
}
