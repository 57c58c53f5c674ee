//! An HTTP client for the router itself (no socket): keeps the cookies it is given, like a
//! browser, or sends a bearer token, like a script; comes from an address of its own, like
//! another machine; refuses any 5xx and any body that does not end.

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, HeaderMap, Method, Request, StatusCode};
use axum::Router;
use serde_json::Value;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::Duration;
use tower::ServiceExt;

#[derive(Debug)]
pub struct Answer {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
}

impl Answer {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// An error answer: checks its shape and returns (code, field).
    pub fn error(&self) -> (String, Option<String>) {
        let body = self.json();
        let error = &body["error"];
        assert!(error["message"].as_str().is_some_and(|m| !m.is_empty()), "no message: {body}");
        (error["code"].as_str().unwrap_or_default().to_owned(), error["field"].as_str().map(str::to_owned))
    }

    /// The error code of an error answer.
    pub fn code(&self) -> String {
        self.error().0
    }
}

#[derive(Debug, Clone)]
pub struct Client {
    router: Router,
    cookies: BTreeMap<String, String>,
    /// Sent as `Authorization: Bearer ...` when set.
    pub bearer: Option<String>,
    /// The peer address the service sees (as a socket would give it): each client its own.
    pub addr: SocketAddr,
    /// More headers sent with every request (an `Origin`, an `X-Request-Id`).
    pub headers: HeaderMap,
}

/// How many clients were made: each gets the next address in 10.0.0.0/8.
static CLIENTS: AtomicU32 = AtomicU32::new(0);

impl Client {
    pub fn new(router: Router) -> Self {
        let [_, a, b, c] = CLIENTS.fetch_add(1, Ordering::Relaxed).wrapping_add(1).to_be_bytes();
        Self {
            router,
            cookies: BTreeMap::new(),
            bearer: None,
            addr: SocketAddr::from(([10, a, b, c], 40_000)),
            headers: HeaderMap::new(),
        }
    }

    pub fn set_cookie(&mut self, name: &str, value: &str) {
        self.cookies.insert(name.to_owned(), value.to_owned());
    }

    pub fn cookie(&self, name: &str) -> Option<&str> {
        self.cookies.get(name).map(String::as_str)
    }

    /// The Cookie header this client sends.
    pub fn cookie_header(&self) -> String {
        self.cookies.iter().map(|(name, value)| format!("{name}={value}")).collect::<Vec<_>>().join("; ")
    }

    pub async fn send(&mut self, method: Method, uri: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
        let answer = self.exchange(method, uri, content_type, body).await;
        assert!(!answer.status.is_server_error(), "{uri} answered {}: {}", answer.status, answer.text);
        answer
    }

    /// [`Client::send`] that also returns a 5xx (a 503 is sometimes the right answer).
    pub async fn exchange(&mut self, method: Method, uri: &str, content_type: Option<&str>, body: Vec<u8>) -> Answer {
        let mut request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::HOST, "verdict.test")
            .extension(ConnectInfo(self.addr));
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        if !self.cookies.is_empty() {
            request = request.header(header::COOKIE, self.cookie_header());
        }
        if let Some(token) = &self.bearer {
            request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
        }
        for (name, value) in &self.headers {
            request = request.header(name, value);
        }
        let request = request.body(Body::from(body)).unwrap_or_else(|e| panic!("building the request: {e}"));
        let response = self.router.clone().oneshot(request).await.unwrap_or_else(|e| panic!("routing: {e}"));
        for set in response.headers().get_all(header::SET_COOKIE) {
            let text = set.to_str().unwrap_or_default();
            let Some((name, value)) = text.split(';').next().and_then(|pair| pair.split_once('=')) else { continue };
            if value.is_empty() || text.contains("Max-Age=0") {
                self.cookies.remove(name);
            } else {
                self.cookies.insert(name.to_owned(), value.to_owned());
            }
        }
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = tokio::time::timeout(Duration::from_secs(120), axum::body::to_bytes(response.into_body(), 1 << 24))
            .await
            .unwrap_or_else(|_| panic!("{uri}: the body did not end within 120 s"))
            .unwrap_or_else(|e| panic!("{uri}: reading the body: {e}"));
        let text = String::from_utf8(bytes.to_vec()).unwrap_or_else(|e| panic!("{uri}: body not UTF-8: {e}"));
        Answer { status, headers, text }
    }

    pub async fn get(&mut self, uri: &str) -> Answer {
        self.send(Method::GET, uri, None, Vec::new()).await
    }

    pub async fn post(&mut self, uri: &str, body: Value) -> Answer {
        self.send(Method::POST, uri, Some("application/json"), body.to_string().into_bytes()).await
    }

    /// [`Client::post`] that also returns a 5xx.
    pub async fn try_post(&mut self, uri: &str, body: Value) -> Answer {
        self.exchange(Method::POST, uri, Some("application/json"), body.to_string().into_bytes()).await
    }

    pub async fn put(&mut self, uri: &str, body: Value) -> Answer {
        self.send(Method::PUT, uri, Some("application/json"), body.to_string().into_bytes()).await
    }
}
