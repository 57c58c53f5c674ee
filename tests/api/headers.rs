//! What every answer carries: the security headers, no caching of API answers, no redirect to
//! another host, and request ids a client cannot use to forge log fields.

use crate::{service, Practice, PI_SOLUTION};
use axum::http::{header, StatusCode};
use serde_json::json;
use verdict_tests::http::Client;

/// A built web app in a temp folder: an index page and one asset.
fn web_app() -> tempfile::TempDir {
    let web = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    std::fs::create_dir_all(web.path().join("assets")).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(web.path().join("index.html"), "<!doctype html><title>Verdict</title>")
        .unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(web.path().join("assets/app.js"), "export {};\n").unwrap_or_else(|e| panic!("{e}"));
    web
}

#[tokio::test]
async fn every_answer_carries_the_security_headers_and_api_answers_are_not_cached() {
    let service = service().await;
    let web = web_app();
    let mut client = Client::new(verdict_server::router(service.service.state.clone(), web.path()));
    let submitted = client.submit("calculate-pi", PI_SOLUTION).await;
    let saved = client.put("/api/drafts/calculate-pi", json!({"code": PI_SOLUTION})).await;
    assert_eq!(saved.status, StatusCode::NO_CONTENT, "{}", saved.text);
    let cases = [
        ("/", false),
        ("/assets/app.js", false),
        ("/no/such/page", false),
        ("/api/health", true),
        ("/api/problems", true),
        ("/api/no-such-endpoint", true),
        (&*format!("/api/submissions/{submitted}"), true),
        ("/api/drafts/calculate-pi", true),
    ];
    for (path, api) in cases {
        let answer = client.get(path).await;
        let header = |name| answer.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
        assert_eq!(header(header::CONTENT_SECURITY_POLICY), verdict_server::CONTENT_SECURITY_POLICY, "{path}");
        assert_eq!(header(header::X_FRAME_OPTIONS), "DENY", "{path}");
        assert_eq!(header(header::X_CONTENT_TYPE_OPTIONS), "nosniff", "{path}");
        assert_eq!(header(header::REFERRER_POLICY), "no-referrer", "{path}");
        if api {
            assert_eq!(header(header::CACHE_CONTROL), "no-store", "{path}");
        }
    }
    let csp = verdict_server::CONTENT_SECURITY_POLICY;
    for directive in ["script-src 'self';", "frame-ancestors 'none'", "img-src 'self' data:;", "object-src 'none'"] {
        assert!(csp.contains(directive), "{directive} in {csp}");
    }
}

#[tokio::test]
async fn no_answer_redirects_to_another_host() {
    let service = service().await;
    let web = web_app();
    let mut client = Client::new(verdict_server::router(service.service.state.clone(), web.path()));
    for path in ["//assets", "///assets", "//assets/", "/.//assets", "//assets//app.js", "//api/health", "/assets//"] {
        let answer = client.get(path).await;
        if let Some(location) = answer.headers.get(header::LOCATION) {
            let location = location.to_str().unwrap_or("//unreadable");
            assert!(
                location.starts_with('/') && !location.starts_with("//") && !location.starts_with("/\\"),
                "{path} redirects to {location}"
            );
        }
    }
    // The assets folder is not a page: a 404 (a missing asset is never the index), with no
    // redirect to follow anywhere.
    let answer = client.get("//assets").await;
    assert_eq!((answer.status, answer.headers.get(header::LOCATION)), (StatusCode::NOT_FOUND, None));
    let answer = client.get("//assets//app.js?v=1").await;
    assert_eq!((answer.status, answer.text.as_str()), (StatusCode::OK, "export {};\n"), "the same file, found");
}

#[tokio::test]
async fn a_clients_request_id_is_kept_only_when_it_is_plainly_an_id() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let fine = ["abc-123", "req_1.2", &"x".repeat(64)];
    let forged = ["a b", "id=1 user=admin", "\"quoted\"", &"x".repeat(65), "tab\there"];
    for (id, kept) in fine.iter().map(|id| (*id, true)).chain(forged.iter().map(|id| (*id, false))) {
        client.headers.insert("x-request-id", id.parse().unwrap_or_else(|e| panic!("{id}: {e}")));
        let answer = client.get("/api/health").await;
        let echoed = answer.headers.get("x-request-id").and_then(|v| v.to_str().ok()).unwrap_or_default();
        if kept {
            assert_eq!(echoed, id);
        } else {
            assert!(echoed.len() == 32 && echoed.bytes().all(|b| b.is_ascii_hexdigit()), "{id:?} became {echoed:?}");
        }
    }
}
