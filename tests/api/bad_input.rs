//! Every kind of bad input gets a 4xx JSON error naming what was wrong, never a 5xx, and
//! nothing is stored.

use crate::service;
use axum::http::{Method, StatusCode};
use serde_json::json;
use verdict_tests::http::Client;

/// What must come back: the status and the error code.
type Refusal = (StatusCode, &'static str);
const MALFORMED: Refusal = (StatusCode::BAD_REQUEST, "malformed_json");
const INVALID: Refusal = (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field");
const BODY_TOO_LARGE: Refusal = (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large");
const NOT_JSON: Refusal = (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type");
const NOT_FOUND: Refusal = (StatusCode::NOT_FOUND, "not_found");

/// A bad request (method, URI, content type, body) and the refusal and field that must come back.
type BadInput = (Method, String, Option<&'static str>, Vec<u8>, Refusal, Option<&'static str>);

const JSON: Option<&str> = Some("application/json");

/// JSON sent with `method` to `uri`.
fn json_to(method: Method, uri: &str, body: &[u8], refusal: Refusal, field: Option<&'static str>) -> BadInput {
    (method, uri.to_owned(), JSON, body.to_vec(), refusal, field)
}

fn submit(body: &[u8], refusal: Refusal, field: Option<&'static str>) -> BadInput {
    json_to(Method::POST, "/api/submissions", body, refusal, field)
}

/// Running on `slug`: an input refused as invalid is named as the field (`input`, or the key
/// of it at fault: `input.args`).
fn run_naming(slug: &str, body: &[u8], refusal: Refusal, field: &'static str) -> BadInput {
    json_to(Method::POST, &format!("/api/problems/{slug}/run"), body, refusal, Some(field))
}

/// Running on `slug`, refused for another reason than the input.
fn run(slug: &str, body: &[u8], refusal: Refusal) -> BadInput {
    json_to(Method::POST, &format!("/api/problems/{slug}/run"), body, refusal, None)
}

/// A request with no body.
fn bare(method: Method, uri: &str, refusal: Refusal, field: Option<&'static str>) -> BadInput {
    (method, uri.to_owned(), None, Vec::new(), refusal, field)
}

/// Every kind of bad input: a 4xx with a JSON error naming the field, never a 5xx (`send`
/// fails the test on any 5xx), and nothing stored.
#[tokio::test]
async fn bad_input_gets_a_4xx_naming_what_was_wrong() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let huge_body = format!("{{\"code\": \"{}\"}}", "a".repeat(300 * 1024)).into_bytes();
    let long_code = json!({"problem": "calculate-pi", "code": "#".repeat(65 * 1024)}).to_string().into_bytes();
    let plain = br#"{"problem": "calculate-pi", "code": "x"}"#.to_vec();
    let cases: Vec<BadInput> = vec![
        submit(b"{\"problem\": ", MALFORMED, Some("problem")),
        submit(b"not json", MALFORMED, None),
        submit(b"{\"problem\": \"calculate-pi\", \"code\": \"\xff\xfe\"}", MALFORMED, Some("code")),
        submit(br#"{"problem": "calculate-pi", "code": "\ud800"}"#, MALFORMED, Some("code")),
        submit(br#"{"problem": "calculate-pi", "code": "x = '\u0000'"}"#, INVALID, Some("code")),
        submit(br#"{"problem": "calculate-pi", "code": 42}"#, INVALID, Some("code")),
        submit(br#"{"problem": "calculate-pi"}"#, INVALID, None),
        submit(br#"{"problem": "calculate-pi", "code": "x", "extra": 1}"#, INVALID, Some("extra")),
        submit(br#"{"problem": "no-such-problem", "code": "x"}"#, INVALID, Some("problem")),
        submit(&huge_body, BODY_TOO_LARGE, None),
        submit(&long_code, (StatusCode::PAYLOAD_TOO_LARGE, "code_too_large"), Some("code")),
        (Method::POST, "/api/submissions".into(), Some("text/plain"), plain.clone(), NOT_JSON, None),
        (Method::POST, "/api/submissions".into(), None, plain, NOT_JSON, None),
        run_naming("calculate-pi", br#"{"code": "x", "input": {"stdin": "1"}}"#, INVALID, "input.stdin"),
        run_naming("calculate-pi", br#"{"code": "x", "input": {"args": 5}}"#, INVALID, "input.args"),
        run_naming("calculate-pi", br#"{"code": "x", "input": [1]}"#, INVALID, "input"),
        run_naming("shortest-path-grid", br#"{"code": "x", "input": {"args": []}}"#, INVALID, "input.args"),
        run_naming("sql-top-earners", br#"{"code": "x", "input": {"tables": 3}}"#, INVALID, "input.tables"),
        run_naming(
            "calculate-pi",
            br#"{"code": "x", "input": {"literals": {"args": [1]}}}"#,
            INVALID,
            "input.literals.args[0]",
        ),
        run("no-such-problem", br#"{"code": "x"}"#, NOT_FOUND),
        run("calculate-pi", &huge_body, BODY_TOO_LARGE),
        json_to(Method::PUT, "/api/drafts/calculate-pi", br#"{"code": "\u0000"}"#, INVALID, Some("code")),
        json_to(Method::PUT, "/api/drafts/calculate-pi", b"{\"code\": \"\xc3\x28\"}", MALFORMED, Some("code")),
        json_to(Method::PUT, "/api/drafts/no-such-problem", br#"{"code": "x"}"#, NOT_FOUND, None),
        bare(Method::DELETE, "/api/submissions", (StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed"), None),
        bare(Method::GET, "/api/no/such/endpoint", NOT_FOUND, None),
        bare(Method::GET, "/api/submissions/%ff%fe", (StatusCode::BAD_REQUEST, "invalid_path"), Some("id")),
    ];
    for (method, uri, content_type, body, (status, code), field) in cases {
        let label = format!("{method} {uri} {}", String::from_utf8_lossy(&body).chars().take(80).collect::<String>());
        let answer = client.send(method, &uri, content_type, body).await;
        assert_eq!(answer.status, status, "{label}: {}", answer.text);
        let (got_code, got_field) = answer.error();
        assert_eq!((got_code.as_str(), got_field.as_deref()), (code, field), "{label}: {}", answer.text);
    }
    // Nothing that was refused was stored.
    let history = client.get("/api/problems/calculate-pi/submissions").await.json();
    assert_eq!(history["submissions"], json!([]), "refused submissions were stored");
    assert_eq!(client.get("/api/drafts/calculate-pi").await.status, StatusCode::NOT_FOUND);
}
