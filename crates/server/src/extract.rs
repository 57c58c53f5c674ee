//! Reading requests: JSON bodies, path parameters and queries that fail with the API's JSON
//! error naming the field at fault, the client's address, and the anonymous candidate's
//! identity cookie.

use crate::error::ApiError;
use axum::body::Bytes;
use axum::extract::path::ErrorKind;
use axum::extract::rejection::PathRejection;
use axum::extract::{ConnectInfo, FromRequest, FromRequestParts, Path, RawPathParams, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum_extra::extract::cookie::{Cookie, CookieJar, SameSite};
use serde::de::DeserializeOwned;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

/// Largest request body accepted, in bytes.
pub const MAX_BODY_BYTES: usize = 256 * 1024;

/// Largest code accepted, in bytes.
pub const MAX_CODE_BYTES: usize = 64 * 1024;

/// A JSON body. Unlike axum's `Json`, every failure is an [`ApiError`]: 415 without a JSON
/// content type, 413 past [`MAX_BODY_BYTES`], 400 for malformed JSON (with line and column),
/// 422 for a well-formed body of the wrong shape (with the path of the field at fault).
#[derive(Debug)]
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let content_type = request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or("");
        let essence = content_type.split(';').next().unwrap_or("").trim();
        if !essence.eq_ignore_ascii_case("application/json") {
            return Err(ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!("send the body as application/json, not `{content_type}`"),
            ));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "body_too_large",
                    format!("the request body is larger than {} KiB", MAX_BODY_BYTES / 1024),
                )
            } else {
                ApiError::new(StatusCode::BAD_REQUEST, "unreadable_body", rejection.body_text())
            }
        })?;
        parse_json(&bytes).map(ApiJson)
    }
}

/// Parses a JSON body, naming the field at fault.
pub fn parse_json<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        json_error(if path == "." { String::new() } else { path }, error.into_inner())
    })?;
    deserializer.end().map_err(|error| json_error(String::new(), error))?;
    Ok(value)
}

fn json_error(path: String, error: serde_json::Error) -> ApiError {
    match error.classify() {
        serde_json::error::Category::Data => {
            ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_field", strip_position(&error)).field(path)
        }
        _ => ApiError::new(
            StatusCode::BAD_REQUEST,
            "malformed_json",
            format!("the body is not valid JSON (UTF-8): {error}"),
        )
        .field(path),
    }
}

/// serde's data errors end with " at line L column C", which names a place in the body where a
/// field path says more.
fn strip_position(error: &serde_json::Error) -> String {
    let text = error.to_string();
    match text.rfind(" at line ") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Checks submitted code: bounded, no NUL bytes (Python refuses them, and they hide text).
pub fn check_code(field: &str, code: &str) -> Result<(), ApiError> {
    if code.len() > MAX_CODE_BYTES {
        return Err(ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "code_too_large",
            format!("`{field}` is {} bytes; the limit is {} KiB", code.len(), MAX_CODE_BYTES / 1024),
        )
        .field(field));
    }
    if let Some(at) = code.find('\0') {
        let line = code[..at].matches('\n').count() + 1;
        return Err(ApiError::invalid(field, format!("`{field}` holds a NUL character on line {line}")));
    }
    Ok(())
}

/// Path parameters. Unlike axum's `Path`, a failure is an [`ApiError`]: 400 `invalid_path`
/// naming the parameter at fault.
#[derive(Debug)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let rejection = match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => return Ok(ApiPath(value)),
            Err(rejection) => rejection,
        };
        // The parameters' names, to name the one at fault when axum gives only its position.
        let names: Vec<String> = match RawPathParams::from_request_parts(parts, state).await {
            Ok(raw) => raw.iter().map(|(name, _)| name.to_owned()).collect(),
            Err(_) => Vec::new(),
        };
        let field = match &rejection {
            PathRejection::FailedToDeserializePathParams(error) => match error.kind() {
                ErrorKind::ParseErrorAtKey { key, .. } | ErrorKind::InvalidUtf8InPathParam { key } => key.clone(),
                ErrorKind::ParseErrorAtIndex { index, .. } => names.get(*index).cloned().unwrap_or_default(),
                ErrorKind::ParseError { .. } if names.len() == 1 => names[0].clone(),
                _ => String::new(),
            },
            _ => String::new(),
        };
        Err(ApiError::new(StatusCode::BAD_REQUEST, "invalid_path", rejection.body_text()).field(field))
    }
}

/// A query string. Unlike axum's `Query`, a failure is an [`ApiError`]: 400 `invalid_query`
/// naming the parameter at fault.
#[derive(Debug)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
        serde_path_to_error::deserialize(deserializer).map(ApiQuery).map_err(|error| {
            let field = error.path().to_string();
            let message = format!("Failed to deserialize query string: {}", error.inner());
            ApiError::new(StatusCode::BAD_REQUEST, "invalid_query", message).field(if field == "." {
                String::new()
            } else {
                field
            })
        })
    }
}

/// The address a request comes from, for per-client limits: the peer's, or, when the peer is on
/// this machine (a reverse proxy in front of a service listening on loopback), the last address
/// of `X-Forwarded-For`, the one that proxy added. An IPv6 address counts by its /64, the block
/// one subscriber gets. A router used without a socket sees every request as one client.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let peer = parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|info| info.0.ip());
        Ok(ClientAddr(client_ip(peer, &parts.headers)))
    }
}

fn client_ip(peer: Option<IpAddr>, headers: &HeaderMap) -> IpAddr {
    let Some(peer) = peer else { return IpAddr::V4(Ipv4Addr::UNSPECIFIED) };
    let forwarded = || {
        let last = headers.get_all("x-forwarded-for").iter().next_back()?.to_str().ok()?;
        last.rsplit(',').next()?.trim().parse::<IpAddr>().ok()
    };
    let ip = if peer.is_loopback() { forwarded().unwrap_or(peer) } else { peer };
    match ip {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(Ipv6Addr::from(v6.to_bits() & !u128::from(u64::MAX))),
        },
        v4 => v4,
    }
}

/// Whose practice a request is: the anonymous candidate's random id kept in a cookie, or a
/// signed-in account's owner id (`account:<id>`, see `candidate_session`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate(pub String);

impl Candidate {
    /// The candidate as the owner of their practice submissions and drafts.
    pub fn owner(&self) -> verdict_store::Owner {
        verdict_store::Owner::Practice(self.0.clone())
    }
}

pub const CANDIDATE_COOKIE: &str = "verdict_candidate";

/// How long the candidate's cookie is kept: a year.
const CANDIDATE_COOKIE_DAYS: i64 = 365;

/// Gives every request a [`Candidate`]: the one its cookie names, or a new one whose cookie
/// the response sets (`Secure` when the service is reached over https, as the session's is).
pub async fn candidate_cookie(secure: bool, mut request: Request, next: Next) -> Response {
    let jar = CookieJar::from_headers(request.headers());
    let existing = jar.get(CANDIDATE_COOKIE).map(Cookie::value).filter(|v| is_random_id(v)).map(str::to_owned);
    let (id, fresh) = match existing {
        Some(id) => (id, false),
        None => (random_id(), true),
    };
    request.extensions_mut().insert(Candidate(id.clone()));
    // A hashed asset is cached by anyone for a year (web.rs): a cookie on it could be handed to
    // every visitor by a shared cache. The page that loads it sets the cookie instead.
    let asset = crate::web::is_hashed_asset(request.uri().path());
    let response = next.run(request).await;
    if !fresh || asset {
        return response;
    }
    (CookieJar::new().add(anonymous_cookie(id, secure)), response).into_response()
}

/// The cookie that names an anonymous candidate. (A handler reads the practice identity
/// through `candidate_session`, where a signed-in account's session comes first.)
pub fn anonymous_cookie(id: String, secure: bool) -> Cookie<'static> {
    Cookie::build((CANDIDATE_COOKIE, id))
        .path("/")
        .max_age(cookie::time::Duration::days(CANDIDATE_COOKIE_DAYS))
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .build()
}

/// 128 random bits as 32 lowercase hex digits: unguessable ids for candidates and submissions.
pub fn random_id() -> String {
    verdict_accounts::random_hex(16)
}

pub fn is_random_id(text: &str) -> bool {
    text.len() == 32 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

#[cfg(test)]
mod unit {
    use super::*;
    use axum::http::HeaderValue;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Body {
        code: String,
        input: Option<Inner>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Inner {
        args: Vec<i64>,
    }

    #[test]
    fn a_wrong_type_names_its_field_path() {
        let error = parse_json::<Body>(br#"{"code": "x", "input": {"args": ["a"]}}"#).expect_err("wrong type");
        assert_eq!((error.status, error.field.as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("input.args[0]")));
        let missing = parse_json::<Body>(br#"{}"#).expect_err("missing");
        assert!(missing.message.contains("missing field `code`"), "{}", missing.message);
    }

    #[test]
    fn malformed_json_and_bad_utf8_are_400() {
        for body in [
            &b"{\"code\": "[..],
            b"{\"code\": \"\xff\xfe\"}",
            b"{\"code\": \"\\ud800\"}",
            b"{\"code\": \"x\"} trailing",
        ] {
            let error = parse_json::<Body>(body).expect_err("malformed");
            assert_eq!(error.status, StatusCode::BAD_REQUEST, "{}", error.message);
        }
    }

    #[test]
    fn code_with_nul_or_too_long_is_refused_by_field() {
        let error = check_code("code", "a = 1\nb = '\0'").expect_err("nul");
        assert_eq!(error.field.as_deref(), Some("code"));
        assert!(error.message.contains("line 2"), "{}", error.message);
        let long = "#".repeat(MAX_CODE_BYTES + 1);
        assert_eq!(check_code("code", &long).expect_err("long").status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(check_code("code", "print(1)").is_ok());
    }

    #[test]
    fn the_client_is_the_peer_or_what_a_local_proxy_forwarded() {
        let mut headers = HeaderMap::new();
        headers.append("x-forwarded-for", HeaderValue::from_static("198.51.100.1, 203.0.113.9"));
        let proxy: IpAddr = [127, 0, 0, 1].into();
        let remote: IpAddr = [192, 0, 2, 4].into();
        assert_eq!(client_ip(Some(proxy), &headers), IpAddr::from([203, 0, 113, 9]), "the proxy's own entry");
        assert_eq!(client_ip(Some(remote), &headers), remote, "a remote peer cannot choose its address");
        assert_eq!(client_ip(Some(proxy), &HeaderMap::new()), proxy);
        let v6: IpAddr = "2001:db8:1:2:aaaa:bbbb:cccc:dddd".parse().unwrap_or(proxy);
        assert_eq!(client_ip(Some(v6), &headers), "2001:db8:1:2::".parse::<IpAddr>().unwrap_or(proxy));
        assert_eq!(client_ip(None, &headers), IpAddr::from([0, 0, 0, 0]));
    }

    #[test]
    fn ids_are_random_and_recognised() {
        let (a, b) = (random_id(), random_id());
        assert!(is_random_id(&a) && is_random_id(&b) && a != b);
        assert!(!is_random_id("../../etc/passwd") && !is_random_id(&a.to_uppercase()));
    }

    /// The error a router answers `uri` with, as (status, code, field).
    async fn refusal(uri: &str) -> (StatusCode, String, Option<String>) {
        use tower::ServiceExt;
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        struct Filter {
            archived: Option<bool>,
        }
        let router = axum::Router::new()
            .route(
                "/filter",
                axum::routing::get(|ApiQuery(f): ApiQuery<Filter>| async move { format!("{:?}", f.archived) }),
            )
            .route(
                "/{name}/{number}",
                axum::routing::get(|ApiPath(p): ApiPath<(String, u32)>| async move { format!("{p:?}") }),
            )
            .route("/{number}", axum::routing::get(|ApiPath(n): ApiPath<u32>| async move { n.to_string() }));
        let request = Request::builder().uri(uri).body(axum::body::Body::empty()).expect("a request");
        let response = router.oneshot(request).await.expect("an answer");
        let status = response.status();
        let body = axum::body::to_bytes(response.into_body(), 1 << 16).await.expect("a body");
        let json: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
        let error = &json["error"];
        (status, error["code"].as_str().unwrap_or("").to_owned(), error["field"].as_str().map(str::to_owned))
    }

    #[tokio::test]
    async fn a_bad_path_or_query_parameter_is_named_in_the_json_error() {
        let named = |code: &str, field: &str| (StatusCode::BAD_REQUEST, code.to_owned(), Some(field.to_owned()));
        assert_eq!(refusal("/filter?archived=maybe").await, named("invalid_query", "archived"));
        assert_eq!(refusal("/pi/x").await, named("invalid_path", "number"), "by position in a tuple");
        assert_eq!(refusal("/minus-one").await, named("invalid_path", "number"), "a single parameter");
        let unknown = refusal("/filter?colour=red").await;
        assert_eq!((unknown.0, unknown.1.as_str()), (StatusCode::BAD_REQUEST, "invalid_query"));
    }
}
