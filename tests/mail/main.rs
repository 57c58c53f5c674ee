//! Mail for hiring teams, end to end: the real router and store (a real SQLite file), the real
//! delivery task over the outbox, lettre speaking SMTP to a real server on loopback (aiosmtpd,
//! `tests/support/smtp_capture.py`) that writes each message it accepts to a folder read here,
//! and the service's clock set by the test. A scripted judge stands behind the queue (nothing
//! here is judged). Covered: an invitation mail whose link works through the API; the warning
//! before inviting an email twice; resend with a new link (the old one stops working); the
//! completion notice to the assessment's creator; the reminder once at its lead time; a server
//! that refuses twice and then accepts; password reset from request to sign-in; and with no
//! SMTP configured, nothing queued and the link shown. Candidates' own accounts (sign-up,
//! links, merging, deletion) are in `accounts`.

mod accounts;

#[path = "../api_fast/scripted.rs"]
#[allow(dead_code)]
mod scripted;

use axum::http::StatusCode;
use serde_json::{json, Value};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use verdict_server::{MailSettings, Service};
use verdict_store::{AssessmentStore, Clock, MailStore, ManualClock, SqliteStore, Store};
use verdict_tests::http::{Answer, Client};
use verdict_tests::service::{problems_dir, queue};
use verdict_tests::smtp::SmtpCapture;
use verdict_tests::Deadline;

const PUBLIC_URL: &str = "http://verdict.test";
const LEAD_MINUTES: u64 = 60;
const HOUR_MS: i64 = 3_600_000;

struct Mailed {
    service: Service,
    store: Arc<SqliteStore>,
    clock: Arc<ManualClock>,
    _data: tempfile::TempDir,
}

impl Mailed {
    /// A service sending mail to `smtp` (or none), on a set clock.
    async fn start(smtp: Option<&SmtpCapture>) -> Mailed {
        let data = tempfile::tempdir().expect("temp dir");
        let clock = Arc::new(ManualClock::at_system_time());
        let store = Arc::new(SqliteStore::open_dir_with_clock(data.path(), clock.clone()).expect("store"));
        let catalogue = data.path().join("problems");
        for slug in ["calculate-pi", verdict_server::DEFAULT_PRACTICE_PROBLEM] {
            verdict_tests::copy_dir(&problems_dir().join(slug), &catalogue.join(slug));
        }
        let mut options = verdict_server::Options { clock: clock.clone(), ..verdict_server::Options::default() };
        options.hiring.public_url = Some(PUBLIC_URL.into());
        options.mail = smtp.map(|smtp| MailSettings {
            smtp: verdict_mail::SmtpSettings { url: smtp.url(), from: "Verdict <no-reply@verdict.test>".into() },
            reminder_lead: Duration::from_secs(LEAD_MINUTES * 60),
        });
        let (judge, _gate) = scripted::ScriptedJudge::new();
        let service = Service::start_with_grader(
            &catalogue,
            Arc::clone(&store) as Arc<dyn Store>,
            Arc::new(judge),
            queue(1, 8),
            PathBuf::from("/nonexistent-web"),
            options,
        )
        .await
        .unwrap_or_else(|e| panic!("starting the service: {e}"));
        Mailed { service, store, clock, _data: data }
    }

    fn client(&self) -> Client {
        Client::new(self.service.router())
    }

    /// A signed-in member of team Acme.
    async fn member(&self, email: &str) -> Client {
        let token = verdict_accounts::new_token(verdict_accounts::TokenKind::Setup);
        let hash = verdict_accounts::token_hash(&token);
        self.store
            .create_user(&email.replace(['@', '.'], "-"), email, "Acme", verdict_store::Role::Admin, &hash, i64::MAX)
            .expect("user");
        let mut client = self.client();
        let answer = client.post("/api/auth/setup", json!({"token": token, "password": "correct horse battery"})).await;
        ok(&answer, StatusCode::NO_CONTENT, "setup");
        client
    }

    /// An assessment of 30 minutes whose window closes in `closes_in_ms`: its id.
    async fn assessment(&self, team: &mut Client, closes_in_ms: i64) -> String {
        self.assessment_of(team, closes_in_ms, 30).await
    }

    /// An assessment of `minutes` whose window closes in `closes_in_ms`: its id.
    async fn assessment_of(&self, team: &mut Client, closes_in_ms: i64, minutes: u32) -> String {
        let now = self.clock.now();
        let input = json!({
            "title": "Backend engineer",
            "instructions": "One problem.",
            "duration_minutes": minutes,
            "opens_at": rfc3339(now - 60_000),
            "closes_at": rfc3339(now + closes_in_ms),
            "problems": [{"slug": "calculate-pi", "points": 10}],
        });
        let created = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create");
        created["id"].as_str().expect("id").to_owned()
    }

    /// Messages of a kind in the outbox once none is pending (the SMTP server has a message a
    /// moment before the delivery task marks it sent), newest first.
    async fn delivered(&self, kind: &str) -> Vec<verdict_store::OutboxRecord> {
        let deadline = Deadline::start();
        loop {
            let messages = self.outbox(kind);
            if messages.iter().all(|m| m.status != "pending") {
                return messages;
            }
            deadline.tick_async(format!("every {kind} message marked")).await;
        }
    }

    /// Messages of a kind in the outbox, newest first.
    fn outbox(&self, kind: &str) -> Vec<verdict_store::OutboxRecord> {
        self.store.recent_messages(1000).expect("outbox").into_iter().filter(|m| m.kind == kind).collect()
    }
}

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    if answer.text.is_empty() {
        Value::Null
    } else {
        answer.json()
    }
}

fn rfc3339(millis: i64) -> String {
    humantime::format_rfc3339(std::time::UNIX_EPOCH + Duration::from_millis(millis as u64)).to_string()
}

/// A message's text as a reader sees it: quoted-printable soft breaks and escapes undone.
fn decoded(message: &str) -> String {
    let joined = message.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'=', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The first link in a message after `prefix` (`http://verdict.test/#/a/`), as a token.
fn token_after(message: &str, prefix: &str) -> String {
    let text = decoded(message);
    let start = text.find(prefix).unwrap_or_else(|| panic!("no {prefix} in {text}")) + prefix.len();
    text[start..].chars().take_while(char::is_ascii_hexdigit).collect()
}

fn to_of(message: &str) -> &str {
    message.lines().next().and_then(|l| l.strip_prefix("X-Envelope-To: ")).unwrap_or_default()
}

const LINK: &str = "http://verdict.test/#/a/";
const SETUP: &str = "http://verdict.test/#/setup/";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_is_mailed_with_a_working_link_resent_with_a_new_one_and_its_finish_noticed() {
    let smtp = SmtpCapture::start(0);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut team = mailed.member("lead@acme.test").await;
    assert_eq!(ok(&team.get("/api/mail").await, StatusCode::OK, "status")["enabled"], true);
    let id = mailed.assessment(&mut team, 48 * HOUR_MS).await;
    let invitations = format!("/api/assessments/{id}/invitations");

    let ada = ok(
        &team.post(&invitations, json!({"name": "Ada", "email": "ada@x.test"})).await,
        StatusCode::CREATED,
        "invite",
    );
    assert_eq!(ada["mail"], "queued");
    let shown = ada["link"].as_str().expect("link").to_owned();
    let messages = smtp.wait_for(1).await;
    assert_eq!(to_of(&messages[0]), "ada@x.test");
    assert!(messages[0].contains("Subject: Acme invites you to Backend engineer"), "{}", messages[0]);
    let token = token_after(&messages[0], LINK);
    assert_eq!(format!("{LINK}{token}"), shown, "the mailed link is the one shown");
    let mut candidate = mailed.client();
    let attempt = ok(&candidate.get(&format!("/api/attempts/{token}")).await, StatusCode::OK, "the mailed link");
    assert_eq!((attempt["name"].as_str(), attempt["status"].as_str()), (Some("Ada"), Some("open")));
    let sent = mailed.delivered("invitation").await;
    assert!(sent.iter().all(|m| m.status == "sent" && !m.has_secret), "a sent link is not kept: {sent:?}");

    // Inviting the same email again is a warning the team can confirm.
    let again = team.post(&invitations, json!({"name": "Ada L.", "email": "ADA@x.test"})).await;
    assert_eq!((again.status, again.code()), (StatusCode::CONFLICT, "already_invited".into()), "{}", again.text);
    assert_eq!(again.json()["error"]["field"], "email");
    let csv = "name,email\nAda,ada@x.test\n";
    let bulk = team.send(axum::http::Method::POST, &format!("{invitations}/bulk"), Some("text/csv"), csv.into()).await;
    assert_eq!(bulk.status, StatusCode::CONFLICT, "bulk too: {}", bulk.text);
    assert_eq!(
        ok(&team.get(&invitations).await, StatusCode::OK, "list")["invitations"].as_array().map(Vec::len),
        Some(1)
    );
    let confirmed =
        team.post(&invitations, json!({"name": "Ada L.", "email": "ada@x.test", "confirm_duplicate": true})).await;
    ok(&confirmed, StatusCode::CREATED, "confirmed");
    smtp.wait_for(2).await;

    // Resend: a new link by mail (and in the answer); the old one stops working.
    let inv = ada["invitation"]["id"].as_str().expect("id");
    let resent = ok(&team.post(&format!("{invitations}/{inv}/resend"), json!({})).await, StatusCode::OK, "resend");
    let messages = smtp.wait_for(3).await;
    let new_token = token_after(&messages[2], LINK);
    assert_ne!(new_token, token);
    assert_eq!(resent["link"].as_str(), Some(format!("{LINK}{new_token}").as_str()));
    let old = candidate.get(&format!("/api/attempts/{token}")).await;
    assert_eq!(old.status, StatusCode::NOT_FOUND, "the old link no longer works: {}", old.text);

    // The candidate finishes: the assessment's creator is told.
    ok(&candidate.post(&format!("/api/attempts/{new_token}/start"), json!({})).await, StatusCode::OK, "start");
    ok(&candidate.post(&format!("/api/attempts/{new_token}/finish"), json!({})).await, StatusCode::OK, "finish");
    let messages = smtp.wait_for(4).await;
    assert_eq!(to_of(&messages[3]), "lead@acme.test");
    let notice = decoded(&messages[3]);
    assert!(notice.contains("Ada finished Backend engineer"), "{notice}");
    assert!(notice.contains(&format!("{PUBLIC_URL}/#/team/assessments/{id}/candidates/{inv}")), "{notice}");
    let finished = candidate.post(&format!("{invitations}/{inv}/resend"), json!({})).await;
    assert_eq!(finished.status, StatusCode::UNAUTHORIZED, "a candidate cannot resend");
    let closed = team.post(&format!("{invitations}/{inv}/resend"), json!({})).await;
    assert_eq!((closed.status, closed.code()), (StatusCode::CONFLICT, "invitation_closed".into()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_team_template_is_used_and_one_with_an_unknown_placeholder_is_refused_by_name() {
    let smtp = SmtpCapture::start(0);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut team = mailed.member("lead@acme.test").await;
    let refused =
        team.put("/api/mail/templates/invitation", json!({"subject": "Hi {{name}}", "text": "Go to {{url}}"})).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
    assert_eq!(refused.json()["error"]["field"], "text");
    assert!(refused.text.contains("{{url}}"), "{}", refused.text);
    let set = team
        .put("/api/mail/templates/invitation", json!({"subject": "Hi {{name}}", "text": "Your link: {{link}}"}))
        .await;
    assert_eq!(ok(&set, StatusCode::OK, "template")["custom"], true);
    let id = mailed.assessment(&mut team, 48 * HOUR_MS).await;
    ok(
        &team.post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Bo", "email": "bo@x.test"})).await,
        StatusCode::CREATED,
        "invite",
    );
    let message = &smtp.wait_for(1).await[0];
    assert!(message.contains("Subject: Hi Bo"), "{message}");
    let token = token_after(message, LINK);
    ok(
        &mailed.client().get(&format!("/api/attempts/{token}")).await,
        StatusCode::OK,
        "the link of the team's template",
    );
    let unknown = team.get("/api/mail/templates/welcome").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reminder_is_sent_once_at_its_lead_time_to_who_has_not_started() {
    let smtp = SmtpCapture::start(0);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut team = mailed.member("lead@acme.test").await;
    // Three hours long: Bob, who starts at once, is still working when Ada is reminded.
    let id = mailed.assessment_of(&mut team, 3 * HOUR_MS, 180).await;
    let invitations = format!("/api/assessments/{id}/invitations");
    for (name, email) in [("Ada", "ada@x.test"), ("Bob", "bob@x.test")] {
        ok(&team.post(&invitations, json!({"name": name, "email": email})).await, StatusCode::CREATED, "invite");
    }
    let messages = smtp.wait_for(2).await;
    let bob = messages.iter().find(|m| to_of(m) == "bob@x.test").expect("bob's invitation");
    let bob_token = token_after(bob, LINK);
    ok(
        &mailed.client().post(&format!("/api/attempts/{bob_token}/start"), json!({})).await,
        StatusCode::OK,
        "bob starts",
    );
    assert!(mailed.outbox("reminder").is_empty(), "no reminder before its lead time");

    // An hour before the window closes: Ada, who has not started, is reminded; Bob is not.
    mailed.clock.advance(Duration::from_millis((2 * HOUR_MS) as u64 + 1000));
    let messages = smtp.wait_for(3).await;
    let reminder = messages.iter().find(|m| m.contains("Subject: Reminder")).expect("a reminder");
    assert_eq!(to_of(reminder), "ada@x.test");
    assert!(reminder.contains("Subject: Reminder: Backend engineer closes at"), "{reminder}");
    // Later looks add nothing for Ada. Two candidates invited now, inside the lead time, are
    // reminded by later looks: once both reminders are in, looks have run since.
    mailed.clock.advance(Duration::from_secs(600));
    for email in ["one@x.test", "two@x.test"] {
        ok(&team.post(&invitations, json!({"name": "S", "email": email})).await, StatusCode::CREATED, "late invite");
    }
    let messages = smtp.wait_for(7).await;
    let reminders_to = |to: &str| messages.iter().filter(|m| to_of(m) == to && m.contains("Subject: Reminder")).count();
    assert_eq!((reminders_to("one@x.test"), reminders_to("two@x.test")), (1, 1));
    assert_eq!(reminders_to("ada@x.test"), 1, "once");
    assert_eq!(reminders_to("bob@x.test"), 0, "not to who started");
    assert_eq!(mailed.outbox("reminder").len(), 3);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_server_that_refuses_gets_the_message_retried_with_back_off_until_it_accepts() {
    let smtp = SmtpCapture::start(2);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut team = mailed.member("lead@acme.test").await;
    let id = mailed.assessment(&mut team, 48 * HOUR_MS).await;
    ok(
        &team.post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Ada", "email": "ada@x.test"})).await,
        StatusCode::CREATED,
        "invite",
    );
    for tries in 1..=2_u32 {
        let deadline = Deadline::start();
        let message = loop {
            let message = mailed.outbox("invitation").remove(0);
            // Recorded (not only claimed): its next try is in the future.
            if message.attempts == tries && message.next_attempt_at > mailed.clock.now() {
                break message;
            }
            deadline.tick_async(format!("try {tries} to fail")).await;
        };
        assert_eq!(message.status, "pending");
        assert!(message.last_error.as_deref().is_some_and(|e| e.contains("451")), "{message:?}");
        assert!(smtp.messages().is_empty());
        // The next try waits for its back-off, on the service's clock.
        assert_eq!(message.next_attempt_at - mailed.clock.now(), verdict_store::backoff(tries));
        mailed.clock.advance(Duration::from_millis(verdict_store::backoff(tries) as u64));
    }
    let messages = smtp.wait_for(1).await;
    let token = token_after(&messages[0], LINK);
    ok(&mailed.client().get(&format!("/api/attempts/{token}")).await, StatusCode::OK, "the link, third time");
    let sent = mailed.delivered("invitation").await.remove(0);
    assert_eq!((sent.status.as_str(), sent.attempts), ("sent", 3));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_is_reset_by_mail_once_and_the_other_sessions_end() {
    let smtp = SmtpCapture::start(0);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut old_session = mailed.member("lead@acme.test").await;
    let mut stranger = mailed.client();
    for email in ["nobody@acme.test", "not an email", "LEAD@acme.test"] {
        let answer = stranger.post("/api/password-reset", json!({"email": email})).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "the same answer for {email}: {}", answer.text);
    }
    let messages = smtp.wait_for(1).await;
    assert_eq!(to_of(&messages[0]), "lead@acme.test");
    assert_eq!(mailed.outbox("password_reset").len(), 1, "nothing for an email without an account");
    let token = token_after(&messages[0], "http://verdict.test/#/reset/");
    let short = stranger.post(&format!("/api/password-reset/{token}"), json!({"password": "short"})).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut browser = mailed.client();
    let done = browser.post(&format!("/api/password-reset/{token}"), json!({"password": "a brand new password"})).await;
    ok(&done, StatusCode::NO_CONTENT, "reset");
    ok(&browser.get("/api/auth/me").await, StatusCode::OK, "signed in by the reset");
    assert_eq!(old_session.get("/api/auth/me").await.status, StatusCode::UNAUTHORIZED, "the other session ended");
    let reused =
        stranger.post(&format!("/api/password-reset/{token}"), json!({"password": "another new password"})).await;
    assert_eq!(reused.status, StatusCode::NOT_FOUND, "one time");
    let login =
        stranger.post("/api/auth/login", json!({"email": "lead@acme.test", "password": "a brand new password"})).await;
    ok(&login, StatusCode::OK, "the new password");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_teammate_gets_their_setup_link_by_mail_and_it_signs_them_up() {
    let smtp = SmtpCapture::start(0);
    let mailed = Mailed::start(Some(&smtp)).await;
    let mut admin = mailed.member("lead@acme.test").await;
    let made = ok(
        &admin.post("/api/team/members", json!({"email": "rev@acme.test", "role": "reviewer"})).await,
        StatusCode::CREATED,
        "invite a teammate",
    );
    assert_eq!(made["mail"], "queued");
    let messages = smtp.wait_for(1).await;
    assert_eq!(to_of(&messages[0]), "rev@acme.test");
    assert!(messages[0].contains("Subject: lead@acme.test invites you to Acme on Verdict"), "{}", messages[0]);
    assert!(decoded(&messages[0]).contains("as reviewer"), "{}", decoded(&messages[0]));
    let token = token_after(&messages[0], SETUP);
    assert_eq!(
        made["setup_link"].as_str(),
        Some(format!("{SETUP}{token}").as_str()),
        "the mailed link is the one shown"
    );
    let sent = mailed.delivered("team_invitation").await;
    assert!(sent.iter().all(|m| m.status == "sent" && !m.has_secret), "a sent link is not kept: {sent:?}");
    let mut teammate = mailed.client();
    let setup = teammate.post("/api/auth/setup", json!({"token": token, "password": "a reviewer's password"})).await;
    ok(&setup, StatusCode::NO_CONTENT, "setup through the mailed link");
    assert_eq!(ok(&teammate.get("/api/auth/me").await, StatusCode::OK, "me")["role"], "reviewer");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_smtp_nothing_is_queued_and_the_link_is_shown() {
    let mailed = Mailed::start(None).await;
    let mut team = mailed.member("lead@acme.test").await;
    assert_eq!(ok(&team.get("/api/mail").await, StatusCode::OK, "status")["enabled"], false);
    let id = mailed.assessment(&mut team, 48 * HOUR_MS).await;
    let invitations = format!("/api/assessments/{id}/invitations");
    let ada = ok(
        &team.post(&invitations, json!({"name": "Ada", "email": "ada@x.test"})).await,
        StatusCode::CREATED,
        "invite",
    );
    assert_eq!(ada["mail"], "off");
    assert!(ada["link"].as_str().is_some_and(|l| l.starts_with(LINK)), "{ada}");
    let inv = ada["invitation"]["id"].as_str().expect("id");
    let resent = ok(&team.post(&format!("{invitations}/{inv}/resend"), json!({})).await, StatusCode::OK, "resend");
    assert_eq!(resent["mail"], "off");
    let token = resent["link"].as_str().and_then(|l| l.strip_prefix(LINK)).expect("a new link");
    ok(&mailed.client().get(&format!("/api/attempts/{token}")).await, StatusCode::OK, "the new link works");
    let body = json!({"email": "lead@acme.test"}).to_string().into_bytes();
    let reset =
        mailed.client().exchange(axum::http::Method::POST, "/api/password-reset", Some("application/json"), body).await;
    assert_eq!((reset.status, reset.code()), (StatusCode::SERVICE_UNAVAILABLE, "mail_off".into()));
    let teammate = team.post("/api/team/members", json!({"email": "rev@acme.test", "role": "reviewer"})).await;
    assert_eq!(ok(&teammate, StatusCode::CREATED, "invite a teammate")["mail"], "off");
    let mut candidate = mailed.client();
    ok(&candidate.post(&format!("/api/attempts/{token}/start"), json!({})).await, StatusCode::OK, "start");
    ok(&candidate.post(&format!("/api/attempts/{token}/finish"), json!({})).await, StatusCode::OK, "finish");
    mailed.clock.advance(Duration::from_secs(48 * 3600));
    assert!(mailed.store.recent_messages(100).expect("outbox").is_empty(), "nothing was queued");
}
