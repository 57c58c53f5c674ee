//! Candidates' own accounts through the API with real mail: sign-up, the mailed verify link,
//! sign-in by password and by a mailed link, reset, sign-out, the carrying over of anonymous
//! work from two browsers (a draft conflict keeps both), throttling, deletion; and without
//! SMTP, sign-up that signs in at once.

use super::{decoded, ok, token_after, Mailed};
use axum::http::StatusCode;
use serde_json::json;
use std::time::Duration;
use verdict_tests::http::Client;
use verdict_tests::smtp::SmtpCapture;

const VERIFY: &str = "http://verdict.test/#/account/verify/";
const SIGN_IN: &str = "http://verdict.test/#/account/link/";
const RESET: &str = "http://verdict.test/#/account/reset/";
const DRAFT: &str = "/api/drafts/calculate-pi";
const PASSWORD: &str = "correct horse battery";

async fn save_draft(browser: &mut Client, code: &str) {
    ok(&browser.put(DRAFT, json!({"code": code})).await, StatusCode::NO_CONTENT, "draft");
}

async fn draft(browser: &mut Client) -> Option<String> {
    let answer = browser.get(DRAFT).await;
    (answer.status == StatusCode::OK).then(|| answer.json()["code"].as_str().unwrap_or_default().to_owned())
}

/// Signs `email` up from `browser` and follows the mailed verify link in it (message number
/// `nth`, from 1); the answer to the verify link.
async fn sign_up_and_verify(smtp: &SmtpCapture, browser: &mut Client, email: &str, nth: usize) -> serde_json::Value {
    let signed = browser.post("/api/account/signup", json!({"email": email, "password": PASSWORD})).await;
    let answer = ok(&signed, StatusCode::ACCEPTED, "sign up");
    assert_eq!((answer["signed_in"].as_bool(), answer["mail"].as_bool()), (Some(false), Some(true)));
    let messages = smtp.wait_for(nth).await;
    let message = &messages[nth - 1];
    assert!(message.contains("Subject: Confirm your Verdict account"), "{message}");
    let token = token_after(message, VERIFY);
    ok(&browser.post(&format!("/api/account/verify/{token}"), json!({})).await, StatusCode::OK, "verify")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_up_verify_and_sign_in_on_a_second_device_carry_every_draft_over() {
    let smtp = SmtpCapture::start(0);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut first = mailed.client();
    save_draft(&mut first, "# first device").await;
    let anonymous_id = first.cookie("verdict_candidate").map(str::to_owned);
    let signed = first.post("/api/account/signup", json!({"email": "ada@x.test", "password": PASSWORD})).await;
    ok(&signed, StatusCode::ACCEPTED, "sign up");
    let early = first.post("/api/account/login", json!({"email": "ada@x.test", "password": PASSWORD})).await;
    assert_eq!((early.status, early.code()), (StatusCode::FORBIDDEN, "unverified".into()));
    let messages = smtp.wait_for(1).await;
    let token = token_after(&messages[0], VERIFY);
    assert!(decoded(&messages[0]).contains("ada@x.test"));
    let verified = ok(&first.post(&format!("/api/account/verify/{token}"), json!({})).await, StatusCode::OK, "verify");
    assert_eq!((verified["email"].as_str(), verified["merged"]["drafts"].as_u64()), (Some("ada@x.test"), Some(1)));
    assert_eq!(first.post(&format!("/api/account/verify/{token}"), json!({})).await.status, StatusCode::NOT_FOUND);
    assert_eq!(first.cookie("verdict_candidate").map(str::to_owned), anonymous_id, "the anonymous cookie stays");
    assert_eq!(draft(&mut first).await.as_deref(), Some("# first device"), "the draft followed");
    let account = ok(&first.get("/api/account").await, StatusCode::OK, "account");
    assert_eq!((account["account"]["email"].as_str(), account["mail"].as_bool()), (Some("ada@x.test"), Some(true)));

    // A second device with anonymous work of its own on the same problem, newer.
    mailed.clock.advance(Duration::from_secs(60));
    let mut second = mailed.client();
    save_draft(&mut second, "# second device").await;
    let wrong = second.post("/api/account/login", json!({"email": "ada@x.test", "password": "not the password"})).await;
    assert_eq!((wrong.status, wrong.code()), (StatusCode::UNAUTHORIZED, "bad_credentials".into()));
    let login = second.post("/api/account/login", json!({"email": "ADA@x.test", "password": PASSWORD})).await;
    let merged = ok(&login, StatusCode::OK, "sign in")["merged"].clone();
    assert_eq!((merged["drafts"].as_u64(), merged["kept_drafts"].as_u64()), (Some(1), Some(1)));
    assert_eq!(draft(&mut second).await.as_deref(), Some("# second device"), "the newer is the draft");
    assert_eq!(draft(&mut first).await.as_deref(), Some("# second device"), "on every device");
    let kept = ok(&first.get("/api/account").await, StatusCode::OK, "account")["account"]["kept_drafts"].clone();
    assert_eq!((kept[0]["problem"].as_str(), kept[0]["code"].as_str()), (Some("calculate-pi"), Some("# first device")));

    // Signing out: a fresh anonymous identity, the account's work stays with the account.
    let before = second.cookie("verdict_candidate").map(str::to_owned);
    ok(&second.post("/api/account/logout", json!({})).await, StatusCode::NO_CONTENT, "sign out");
    assert!(second.cookie("verdict_account").is_none());
    assert_ne!(second.cookie("verdict_candidate").map(str::to_owned), before, "a fresh anonymous identity");
    assert_eq!(draft(&mut second).await, None, "nothing of the account's is shown signed out");
    assert_eq!(ok(&second.get("/api/account").await, StatusCode::OK, "status")["account"], serde_json::Value::Null);
    assert_eq!(draft(&mut first).await.as_deref(), Some("# second device"), "the other device stays signed in");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn links_sign_in_and_reset_once_and_never_tell_whether_an_address_has_an_account() {
    let smtp = SmtpCapture::start(0);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut owner = mailed.client();
    sign_up_and_verify(&smtp, &mut owner, "ada@x.test", 1).await;
    let mut stranger = mailed.client();
    for email in ["nobody@x.test", "not an email", "ADA@x.test"] {
        let answer = stranger.post("/api/account/sign-in-link", json!({"email": email})).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "the same answer for {email}: {}", answer.text);
    }
    let messages = smtp.wait_for(2).await;
    assert!(messages[1].contains("Subject: Your Verdict sign-in link"), "{}", messages[1]);
    assert_eq!(mailed.outbox("candidate_sign_in").len(), 1, "nothing for an address without an account");
    let token = token_after(&messages[1], SIGN_IN);
    let mut laptop = mailed.client();
    let used = ok(&laptop.post(&format!("/api/account/sign-in-link/{token}"), json!({})).await, StatusCode::OK, "link");
    assert_eq!(used["email"], "ada@x.test");
    let again = stranger.post(&format!("/api/account/sign-in-link/{token}"), json!({})).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND, "once");

    for email in ["nobody@x.test", "ada@x.test"] {
        let answer = stranger.post("/api/account/password-reset", json!({"email": email})).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{email}");
    }
    let messages = smtp.wait_for(3).await;
    assert_eq!(mailed.outbox("candidate_reset").len(), 1);
    let token = token_after(&messages[2], RESET);
    let path = format!("/api/account/password-reset/{token}");
    let short = stranger.post(&path, json!({"password": "short"})).await;
    assert_eq!((short.status, short.error().1.as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("password")));
    ok(&stranger.post(&path, json!({"password": "a brand new password"})).await, StatusCode::OK, "reset");
    assert_eq!(stranger.post(&path, json!({"password": "another new password"})).await.status, StatusCode::NOT_FOUND);
    let status = ok(&laptop.get("/api/account").await, StatusCode::OK, "status");
    assert_eq!(status["account"], serde_json::Value::Null, "a reset ends every other session");
    let old = laptop.post("/api/account/login", json!({"email": "ada@x.test", "password": PASSWORD})).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    let new =
        laptop.post("/api/account/login", json!({"email": "ada@x.test", "password": "a brand new password"})).await;
    ok(&new, StatusCode::OK, "the new password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_passwords_are_throttled_per_address_and_client() {
    let mailed = Mailed::start(None).await;
    let mut owner = mailed.client();
    ok(
        &owner.post("/api/account/signup", json!({"email": "ada@x.test", "password": PASSWORD})).await,
        StatusCode::CREATED,
        "sign up",
    );
    let mut guesser = mailed.client();
    for _ in 0..verdict_server::logins::MAX_FAILED_LOGINS {
        let wrong =
            guesser.post("/api/account/login", json!({"email": "ada@x.test", "password": "a wrong guess"})).await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    }
    let blocked = guesser.post("/api/account/login", json!({"email": "ada@x.test", "password": PASSWORD})).await;
    assert_eq!((blocked.status, blocked.code()), (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts".into()));
    assert!(blocked.headers.get("retry-after").is_some());
    // Link uses count as sign-in attempts per client: a burst of made-up links ends in 429
    // (within twice the burst, however slowly the requests go).
    let made_up = format!("/api/account/verify/{}", "0".repeat(64));
    let burst = verdict_server::logins::CLIENT_ATTEMPT_BURST as usize;
    let answers: Vec<StatusCode> = {
        let mut answers = Vec::new();
        for _ in 0..2 * burst {
            let answer = guesser.post(&made_up, json!({})).await;
            answers.push(answer.status);
            if answer.status == StatusCode::TOO_MANY_REQUESTS {
                break;
            }
        }
        answers
    };
    assert_eq!(answers.last(), Some(&StatusCode::TOO_MANY_REQUESTS), "{answers:?}");
    assert!(answers[..answers.len() - 1].iter().all(|s| *s == StatusCode::NOT_FOUND), "{answers:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_an_account_needs_a_fresh_sign_in_or_the_password_and_deletes_its_work() {
    let mailed = Mailed::start(None).await;
    let mut browser = mailed.client();
    save_draft(&mut browser, "# mine").await;
    let signed = browser.post("/api/account/signup", json!({"email": "ada@x.test", "password": PASSWORD})).await;
    let answer = ok(&signed, StatusCode::CREATED, "sign up without mail");
    assert_eq!((answer["signed_in"].as_bool(), answer["merged"]["drafts"].as_u64()), (Some(true), Some(1)));
    mailed.clock.advance(Duration::from_secs(16 * 60));
    let stale = browser.post("/api/account/delete", json!({})).await;
    assert_eq!((stale.status, stale.code()), (StatusCode::UNAUTHORIZED, "confirm".into()));
    let wrong = browser.post("/api/account/delete", json!({"password": "not the password"})).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(draft(&mut browser).await.as_deref(), Some("# mine"), "nothing deleted yet");
    let deleted =
        ok(&browser.post("/api/account/delete", json!({"password": PASSWORD})).await, StatusCode::OK, "delete");
    assert_eq!((deleted["drafts"].as_u64(), deleted["sessions"].as_u64()), (Some(1), Some(1)));
    assert_eq!(draft(&mut browser).await, None);
    let gone = browser.post("/api/account/login", json!({"email": "ada@x.test", "password": PASSWORD})).await;
    assert_eq!(gone.status, StatusCode::UNAUTHORIZED, "the account is gone");
    let anonymous = browser.post("/api/account/delete", json!({})).await;
    assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "only a signed-in account can be deleted");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_sign_up_signs_in_at_once_and_links_are_off() {
    let mailed = Mailed::start(None).await;
    let mut browser = mailed.client();
    let status = ok(&browser.get("/api/account").await, StatusCode::OK, "status");
    assert_eq!(status["mail"], false);
    ok(
        &browser.post("/api/account/signup", json!({"email": "ada@x.test", "password": PASSWORD})).await,
        StatusCode::CREATED,
        "sign up",
    );
    let status = ok(&browser.get("/api/account").await, StatusCode::OK, "status");
    assert_eq!((&status["account"]["email"], &status["account"]["verified"]), (&json!("ada@x.test"), &json!(true)));
    let mut other = mailed.client();
    let login = other.post("/api/account/login", json!({"email": "ada@x.test", "password": PASSWORD})).await;
    ok(&login, StatusCode::OK, "without mail, the password signs in at once");
    let bad = browser.post("/api/account/signup", json!({"email": "ada", "password": PASSWORD})).await;
    assert_eq!((bad.status, bad.error().1.as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("email")));
    let taken = mailed.client().post("/api/account/signup", json!({"email": "ADA@x.test", "password": PASSWORD})).await;
    assert_eq!((taken.status, taken.code()), (StatusCode::CONFLICT, "email_taken".into()));
    let link = mailed.client().try_post("/api/account/sign-in-link", json!({"email": "ada@x.test"})).await;
    assert_eq!((link.status, link.code()), (StatusCode::SERVICE_UNAVAILABLE, "mail_off".into()));
}
