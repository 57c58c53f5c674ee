//! `web` problems: the `[web]` table, and a test's HTTP exchanges and expected responses.
//!
//! A test is a list of requests sent in order to one app inside the box, through the
//! framework's own test client; `expected` (normally the reference's) is one response per
//! exchange. Only the shape is checked here: the judge compares.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The web framework a `web` problem's app is written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum WebFramework {
    Flask,
    Fastapi,
    Django,
}

impl WebFramework {
    pub fn as_str(self) -> &'static str {
        match self {
            WebFramework::Flask => "flask",
            WebFramework::Fastapi => "fastapi",
            WebFramework::Django => "django",
        }
    }
}

/// `[web]`: the framework, the app, and the response headers compared.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSpec {
    pub framework: WebFramework,
    /// Flask and FastAPI: the name of the application object solution.py defines. Django:
    /// unused (solution.py is the ROOT_URLCONF and defines `urlpatterns`).
    #[serde(default = "default_app")]
    pub app: String,
    /// Response headers compared besides the status and the body, lower-case.
    #[serde(default)]
    pub headers: Vec<String>,
}

fn default_app() -> String {
    "app".into()
}

/// The most exchanges one test may make.
pub const MAX_EXCHANGES: usize = 50;

/// The methods a request may use.
const METHODS: &[&str] = &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/// One HTTP request of a test, in the form the tests file and the harness both use.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    #[serde(default = "default_method")]
    pub method: String,
    /// The path and query string (`/items?page=2`).
    pub path: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub headers: BTreeMap<String, String>,
    /// A JSON body (sent with `Content-Type: application/json`); `null` is the body `null`.
    #[serde(default, deserialize_with = "present", skip_serializing_if = "Option::is_none")]
    pub json: Option<Value>,
    /// A text body, sent as it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// A form body (`application/x-www-form-urlencoded`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub form: Option<BTreeMap<String, String>>,
}

/// A present field, even `null`, as `Some`: serde's default for `Option` reads `null` as absent.
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(deserializer).map(Some)
}

fn default_method() -> String {
    "GET".into()
}

impl Exchange {
    /// `POST /items`, for messages.
    pub fn summary(&self) -> String {
        format!("{} {}", self.method, self.path)
    }
}

/// What is wrong with a manifest's `[web]` (or its absence), with the key it concerns; `orm` is
/// the framework of its `[orm]`, if any.
pub(crate) fn validate(
    is_web: bool,
    web: Option<&WebSpec>,
    orm: Option<&str>,
    has_entry: bool,
    bad: &mut impl FnMut(&str, String),
) {
    let web = match (is_web, web) {
        (true, Some(web)) => web,
        (true, None) => return bad("kind", "a web problem needs a `[web]` section (framework, app)".into()),
        (false, Some(_)) => return bad("web", "`[web]` is only for web problems".into()),
        (false, None) => return,
    };
    if !crate::names::is_identifier(&web.app) {
        bad("web.app", format!("app `{}` is not a Python identifier", web.app));
    }
    for header in &web.headers {
        if !is_header_name(header) || header.to_ascii_lowercase() != *header {
            bad("web.headers", format!("header `{header}` must be a lower-case header name"));
        }
    }
    match (web.framework, orm) {
        (WebFramework::Django, Some("sqlalchemy")) => {
            bad("orm.framework", "a Django app uses Django's ORM: `framework = \"django\"`".into())
        }
        // The TestClient runs the app on a thread of its own, and Django's connections (to an
        // in-memory database) are per thread: that thread would see an empty database.
        (WebFramework::Fastapi, Some("django")) => {
            bad("orm.framework", "a FastAPI app uses SQLAlchemy: `framework = \"sqlalchemy\"`".into())
        }
        _ => {}
    }
    if has_entry {
        bad("entry", "a web problem has no entry point: `[web] app` names the application".into());
    }
}

/// Letters, digits and `-`: the header names a test may send or compare.
fn is_header_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// A web test's exchanges, from the tests file's `exchanges`.
pub(crate) fn parse_exchanges(raw: Option<Vec<Value>>) -> Result<Vec<Exchange>, String> {
    let raw = raw.ok_or("a web test needs `exchanges`, a list of requests")?;
    if raw.is_empty() || raw.len() > MAX_EXCHANGES {
        return Err(format!("`exchanges` must hold 1 to {MAX_EXCHANGES} requests"));
    }
    raw.into_iter()
        .enumerate()
        .map(|(i, value)| {
            let number = i + 1;
            let mut exchange: Exchange =
                serde_json::from_value(value).map_err(|e| format!("exchange {number}: {e}"))?;
            exchange.method = exchange.method.to_ascii_uppercase();
            if !METHODS.contains(&exchange.method.as_str()) {
                return Err(format!("exchange {number}: method `{}` (known: {})", exchange.method, METHODS.join(", ")));
            }
            if !exchange.path.starts_with('/') || exchange.path.chars().any(char::is_whitespace) {
                return Err(format!("exchange {number}: `path` must start with `/` and hold no spaces"));
            }
            for (name, value) in &exchange.headers {
                if !is_header_name(name) || value.contains(['\r', '\n']) {
                    return Err(format!(
                        "exchange {number}: header `{name}` must be a header name with a one-line value"
                    ));
                }
            }
            let bodies = [exchange.json.is_some(), exchange.body.is_some(), exchange.form.is_some()];
            if bodies.iter().filter(|b| **b).count() > 1 {
                return Err(format!("exchange {number}: give at most one of `json`, `body` and `form`"));
            }
            Ok(exchange)
        })
        .collect()
}

/// Checks a web test's `expected`: a list, one response per exchange, each `{"status": n,
/// "headers": {name: value or null}, "json": any | "text": "..."}`.
pub(crate) fn validate_expected(value: &Value, exchanges: usize) -> Result<(), String> {
    let list = value.as_array().ok_or("a web test's `expected` is a list, one response per exchange")?;
    if list.len() != exchanges {
        return Err(format!("`expected` has {} responses for {exchanges} exchanges", list.len()));
    }
    for (i, response) in list.iter().enumerate() {
        validate_response(response).map_err(|m| format!("`expected` response {}: {m}", i + 1))?;
    }
    Ok(())
}

fn validate_response(value: &Value) -> Result<(), String> {
    let object: &Map<String, Value> = value.as_object().ok_or("a response is {\"status\": 200, ...}")?;
    if let Some(key) = object.keys().find(|k| !["status", "headers", "json", "text"].contains(&k.as_str())) {
        return Err(format!("unknown key `{key}` (a response has `status`, `headers`, `json` or `text`)"));
    }
    match object.get("status").and_then(Value::as_u64) {
        Some(100..=599) => {}
        _ => return Err("`status` must be an HTTP status code".into()),
    }
    if object.contains_key("json") && object.contains_key("text") {
        return Err("give `json` or `text`, not both".into());
    }
    if object.get("text").is_some_and(|t| !t.is_string()) {
        return Err("`text` must be a string".into());
    }
    if let Some(headers) = object.get("headers") {
        let headers = headers.as_object().ok_or("`headers` must be an object")?;
        for (name, value) in headers {
            if name.to_ascii_lowercase() != *name {
                return Err(format!("header `{name}` must be lower-case"));
            }
            if !(value.is_string() || value.is_null()) {
                return Err(format!("header `{name}` must be text (or null: the header must be absent)"));
            }
        }
    }
    Ok(())
}
