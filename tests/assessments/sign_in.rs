//! Sign-in cannot be used to exhaust memory or to lock the owner out.

use crate::{login_body, member, setup_token};
use axum::http::{header, StatusCode};
use serde_json::json;
use std::sync::Arc;
use verdict_server::logins;
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_cannot_be_used_to_exhaust_memory_or_lock_the_owner_out() {
    let service = TestService::start(queue(1, 8)).await;
    let router = service.service.router();
    let gate = Arc::clone(&service.service.state.logins.hashing);
    member(&service, &router, "lead@acme.test", "Acme").await;

    // A made-up or used setup token is refused before any password is hashed.
    let before = gate.hashes_started();
    let made_up = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
    let answer = Client::new(router.clone())
        .post("/api/auth/setup", json!({"token": made_up, "password": "long enough pw"}))
        .await;
    assert_eq!(answer.status, StatusCode::NOT_FOUND, "{}", answer.text);
    assert_eq!(gate.hashes_started(), before, "an unknown setup token must not cost a hash");

    // When as many hashes run as the gate allows, more sign-ins are told to come back (503 with
    // Retry-After) at once, without hashing and without using up a setup link.
    let held: Vec<_> = std::iter::from_fn(|| gate.try_permit()).collect();
    assert_eq!(held.len(), gate.limit());
    let before = gate.hashes_started();
    let waiting = setup_token(&service, "second@acme.test", "Acme");
    let tries = (0..8).map(|i| {
        let mut client = Client::new(router.clone());
        let waiting = waiting.clone();
        async move {
            if i == 0 {
                client.try_post("/api/auth/setup", json!({"token": waiting, "password": "correct horse battery"})).await
            } else {
                client.try_post("/api/auth/login", login_body("correct horse battery")).await
            }
        }
    });
    for answer in futures_util::future::join_all(tries).await {
        assert_eq!((answer.status, answer.code()), (StatusCode::SERVICE_UNAVAILABLE, "busy".into()), "{}", answer.text);
        assert_eq!(answer.headers.get(header::RETRY_AFTER).and_then(|v| v.to_str().ok()), Some("1"));
    }
    assert_eq!(gate.hashes_started(), before, "a refused sign-in must not hash");
    drop(held);
    let mut second = Client::new(router.clone());
    let answer = second.post("/api/auth/setup", json!({"token": waiting, "password": "correct horse battery"})).await;
    assert_eq!(answer.status, StatusCode::NO_CONTENT, "the setup link still works: {}", answer.text);

    // Many sign-ins at once: each one either hashes or is refused; never more hashes at once
    // than the gate allows.
    let before = gate.hashes_started();
    let burst = 4 * gate.limit();
    let tries = (0..burst).map(|_| {
        let mut client = Client::new(router.clone());
        async move { client.try_post("/api/auth/login", login_body("wrong horse battery")).await.status }
    });
    let statuses = futures_util::future::join_all(tries).await;
    let wrong = statuses.iter().filter(|&&s| s == StatusCode::UNAUTHORIZED).count();
    let busy = statuses.iter().filter(|&&s| s == StatusCode::SERVICE_UNAVAILABLE).count();
    assert_eq!(wrong + busy, burst, "{statuses:?}");
    assert_eq!(gate.hashes_started() - before, wrong as u64, "only the answered ones hashed");
    assert!(gate.peak() <= gate.limit(), "{} hashes ran at once; the limit is {}", gate.peak(), gate.limit());

    // A stranger's wrong passwords lock only the stranger out of the account; the owner, on
    // another machine, signs in.
    let mut stranger = Client::new(router.clone());
    for _ in 0..logins::MAX_FAILED_LOGINS {
        let answer = stranger.post("/api/auth/login", login_body("guess guess guess")).await;
        assert_eq!(answer.status, StatusCode::UNAUTHORIZED, "{}", answer.text);
    }
    let blocked = stranger.post("/api/auth/login", login_body("correct horse battery")).await;
    assert_eq!((blocked.status, blocked.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts".into()));
    let mut owner = Client::new(router.clone());
    let answer = owner.post("/api/auth/login", login_body("correct horse battery")).await;
    assert_eq!(answer.status, StatusCode::OK, "the owner is not locked out: {}", answer.text);

    // And one client's attempts are bounded whatever the email: past the burst, 429 before any
    // hash (the refused ones above already cost none).
    let before = gate.hashes_started();
    let mut refused = None;
    for _ in 0..3 * logins::CLIENT_ATTEMPT_BURST {
        let answer = stranger.post("/api/auth/login", login_body("guess guess guess")).await;
        assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS, "{}", answer.text);
        if answer.text.contains("from your address") {
            refused = Some(answer);
            break;
        }
    }
    let refused =
        refused.unwrap_or_else(|| panic!("no per-client limit within {} attempts", 3 * logins::CLIENT_ATTEMPT_BURST));
    assert!(refused.headers.contains_key(header::RETRY_AFTER));
    assert_eq!(gate.hashes_started(), before, "locked-out attempts cost no hash");
    let answer = owner.post("/api/auth/login", login_body("correct horse battery")).await;
    assert_eq!(answer.status, StatusCode::OK, "the owner is still not affected: {}", answer.text);
}
