//! Who may call what: every endpoint of the OpenAPI document is walked with no session and with
//! each role, and answers as the table below says: refused with 401 `unauthorized` without a
//! session, 403 `needs_<role>` below the role it needs, its own answer at or above it. The
//! table is this test's own record of the policy: an endpoint the document has and the table
//! lacks fails the test, so a new endpoint cannot arrive without saying who may call it. Then
//! the team's own rules through the API: inviting teammates by link, tokens never acting above
//! their member, a removed member's session ending, the last admin kept, and the audit log.

use crate::Fast;
use axum::http::{Method, StatusCode};
use axum::Router;
use serde_json::{json, Value};
use std::collections::HashMap;
use verdict_server::policy::Access;
use verdict_store::{AssessmentStore, Role};
use verdict_tests::http::{Answer, Client};
use verdict_tests::service::queue;

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    if answer.text.is_empty() {
        Value::Null
    } else {
        answer.json()
    }
}

fn assessment_input() -> Value {
    let now = std::time::SystemTime::now();
    let day = std::time::Duration::from_secs(86_400);
    let at = |t| humantime::format_rfc3339_millis(t).to_string();
    json!({
        "title": "Backend engineer",
        "instructions": "One problem.",
        "duration_minutes": 30,
        "opens_at": at(now - day),
        "closes_at": at(now + day),
        "problems": [{"slug": "calculate-pi", "points": 10}],
    })
}

/// Who may call an endpoint: anyone, or a team member with at least a role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Needs {
    Anyone,
    AtLeast(Role),
    /// The Judge0 API: the operator's keys, not a team's roles; off in this walk (404 to all).
    Judge0Key,
    /// A candidate's own account (open to the policy; the handler asks for the account's
    /// session): 401 without one, whatever a team member holds.
    CandidateAccount,
}

use Needs::{Anyone, AtLeast, CandidateAccount, Judge0Key};
use Role::{Admin, Interviewer, Reviewer};

/// Every endpoint: method, path as the OpenAPI document writes it, who may call it, and what it
/// answers an allowed caller in this walk (None for an open endpoint: anything but 401/403).
const TABLE: &[(&str, &str, Needs, Option<u16>)] = &[
    ("GET", "/api/health", Anyone, None),
    ("GET", "/api/problems", Anyone, None),
    ("GET", "/api/problems/{slug}", Anyone, None),
    ("POST", "/api/problems/{slug}/run", Anyone, None),
    ("GET", "/api/problems/{slug}/submissions", Anyone, None),
    ("POST", "/api/submissions", Anyone, None),
    ("GET", "/api/submissions/{id}", Anyone, None),
    ("GET", "/api/submissions/{id}/events", Anyone, None),
    ("POST", "/api/submissions/{id}/cancel", Anyone, None),
    ("GET", "/api/drafts/{slug}", Anyone, None),
    ("PUT", "/api/drafts/{slug}", Anyone, None),
    ("GET", "/api/account", Anyone, None),
    ("POST", "/api/account/signup", Anyone, None),
    ("POST", "/api/account/verify/{token}", Anyone, None),
    ("POST", "/api/account/login", Anyone, None),
    ("POST", "/api/account/sign-in-link", Anyone, None),
    ("POST", "/api/account/sign-in-link/{token}", Anyone, None),
    ("POST", "/api/account/password-reset", Anyone, None),
    ("POST", "/api/account/password-reset/{token}", Anyone, None),
    ("POST", "/api/account/logout", Anyone, None),
    ("POST", "/api/account/delete", CandidateAccount, None),
    ("GET", "/api/problems/{slug}/aids", Anyone, None),
    ("POST", "/api/problems/{slug}/hints", Anyone, None),
    ("POST", "/api/problems/{slug}/writeup", Anyone, None),
    ("GET", "/api/tracks", Anyone, None),
    ("GET", "/api/tracks/{slug}", Anyone, None),
    ("POST", "/api/auth/setup", Anyone, None),
    ("POST", "/api/auth/login", Anyone, None),
    ("POST", "/api/auth/logout", Anyone, None),
    ("GET", "/api/auth/me", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/tokens", AtLeast(Reviewer), Some(200)),
    ("POST", "/api/tokens", AtLeast(Reviewer), Some(201)),
    ("DELETE", "/api/tokens/{id}", AtLeast(Reviewer), Some(204)),
    ("GET", "/api/assessments", AtLeast(Reviewer), Some(200)),
    ("POST", "/api/assessments", AtLeast(Interviewer), Some(201)),
    ("GET", "/api/assessments/{id}", AtLeast(Reviewer), Some(200)),
    ("PUT", "/api/assessments/{id}", AtLeast(Interviewer), Some(200)),
    ("POST", "/api/assessments/{id}/duplicate", AtLeast(Interviewer), Some(201)),
    ("POST", "/api/assessments/{id}/archive", AtLeast(Interviewer), Some(200)),
    ("POST", "/api/assessments/{id}/unarchive", AtLeast(Interviewer), Some(200)),
    ("GET", "/api/assessments/{id}/invitations", AtLeast(Reviewer), Some(200)),
    ("POST", "/api/assessments/{id}/invitations", AtLeast(Interviewer), Some(201)),
    ("POST", "/api/assessments/{id}/invitations/bulk", AtLeast(Interviewer), Some(201)),
    ("POST", "/api/assessments/{id}/invitations/{inv}/extra-time", AtLeast(Interviewer), Some(200)),
    ("POST", "/api/assessments/{id}/invitations/{inv}/revoke", AtLeast(Interviewer), Some(200)),
    ("POST", "/api/assessments/{id}/invitations/{inv}/resend", AtLeast(Interviewer), Some(200)),
    ("GET", "/api/assessments/{id}/report", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/assessments/{id}/report.csv", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/assessments/{id}/candidates/{inv}", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/assessments/{id}/candidates/{inv}/activity", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/assessments/{id}/similarity", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/assessments/{id}/audit", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/assessments/{id}/export.json", AtLeast(Reviewer), Some(200)),
    // Reviewers read reports and add notes; a note is changed by its author only (each role
    // edits and then deletes its own note here).
    ("GET", "/api/assessments/{id}/candidates/{inv}/review", AtLeast(Reviewer), Some(200)),
    ("POST", "/api/assessments/{id}/candidates/{inv}/notes", AtLeast(Reviewer), Some(201)),
    ("PUT", "/api/assessments/{id}/candidates/{inv}/notes/{note}", AtLeast(Reviewer), Some(200)),
    ("DELETE", "/api/assessments/{id}/candidates/{inv}/notes/{note}", AtLeast(Reviewer), Some(204)),
    ("PUT", "/api/assessments/{id}/candidates/{inv}/scorecard", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/questions", AtLeast(Reviewer), Some(200)),
    ("POST", "/api/questions", AtLeast(Interviewer), Some(202)),
    ("GET", "/api/questions/{slug}", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/questions/{slug}/files", AtLeast(Reviewer), Some(200)),
    ("PUT", "/api/questions/{slug}/files", AtLeast(Interviewer), Some(202)),
    ("GET", "/api/team/members", AtLeast(Admin), Some(200)),
    ("POST", "/api/team/members", AtLeast(Admin), Some(201)),
    ("PUT", "/api/team/members/{id}", AtLeast(Admin), Some(200)),
    ("DELETE", "/api/team/members/{id}", AtLeast(Admin), Some(204)),
    ("GET", "/api/team/tokens", AtLeast(Admin), Some(200)),
    ("DELETE", "/api/team/tokens/{id}", AtLeast(Admin), Some(204)),
    ("GET", "/api/team/audit", AtLeast(Admin), Some(200)),
    ("GET", "/api/mail", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/mail/templates", AtLeast(Reviewer), Some(200)),
    ("GET", "/api/mail/templates/{kind}", AtLeast(Reviewer), Some(200)),
    ("PUT", "/api/mail/templates/{kind}", AtLeast(Admin), Some(200)),
    ("DELETE", "/api/mail/templates/{kind}", AtLeast(Admin), Some(204)),
    ("GET", "/api/webhooks", AtLeast(Admin), Some(200)),
    ("POST", "/api/webhooks", AtLeast(Admin), Some(201)),
    ("PUT", "/api/webhooks/{id}", AtLeast(Admin), Some(200)),
    ("POST", "/api/webhooks/{id}/rotate-secret", AtLeast(Admin), Some(200)),
    ("DELETE", "/api/webhooks/{id}", AtLeast(Admin), Some(204)),
    ("GET", "/api/webhooks/deliveries", AtLeast(Admin), Some(200)),
    ("POST", "/api/webhooks/deliveries/{id}/redeliver", AtLeast(Admin), Some(202)),
    ("POST", "/api/password-reset", Anyone, None),
    ("POST", "/api/password-reset/{token}", Anyone, None),
    ("GET", "/api/attempts/{token}", Anyone, None),
    ("POST", "/api/attempts/{token}/start", Anyone, None),
    ("POST", "/api/attempts/{token}/finish", Anyone, None),
    ("GET", "/api/attempts/{token}/problems/{slug}", Anyone, None),
    ("POST", "/api/attempts/{token}/problems/{slug}/run", Anyone, None),
    ("GET", "/api/attempts/{token}/problems/{slug}/submissions", Anyone, None),
    ("GET", "/api/attempts/{token}/drafts/{slug}", Anyone, None),
    ("PUT", "/api/attempts/{token}/drafts/{slug}", Anyone, None),
    ("POST", "/api/attempts/{token}/submissions", Anyone, None),
    ("GET", "/api/attempts/{token}/submissions/{id}", Anyone, None),
    ("GET", "/api/attempts/{token}/submissions/{id}/events", Anyone, None),
    ("POST", "/api/attempts/{token}/activity", Anyone, None),
    ("POST", "/api/judge0/submissions", Judge0Key, None),
    ("GET", "/api/judge0/submissions/{token}", Judge0Key, None),
    ("POST", "/api/judge0/submissions/batch", Judge0Key, None),
    ("GET", "/api/judge0/submissions/batch", Judge0Key, None),
    ("GET", "/api/judge0/languages", Judge0Key, None),
    ("GET", "/api/judge0/languages/{id}", Judge0Key, None),
    ("GET", "/api/judge0/statuses", Judge0Key, None),
    ("GET", "/api/judge0/about", Judge0Key, None),
    ("GET", "/api/judge0/config_info", Judge0Key, None),
];

/// Every operation of the OpenAPI document as (method, path).
fn documented() -> Vec<(String, String)> {
    let document = verdict_server::router::openapi_document();
    let mut operations = Vec::new();
    for (path, item) in &document.paths.paths {
        let methods = [
            ("GET", item.get.is_some()),
            ("POST", item.post.is_some()),
            ("PUT", item.put.is_some()),
            ("DELETE", item.delete.is_some()),
            ("PATCH", item.patch.is_some()),
            ("HEAD", item.head.is_some()),
            ("OPTIONS", item.options.is_some()),
        ];
        for (method, present) in methods {
            if present {
                operations.push((method.to_owned(), path.clone()));
            }
        }
    }
    operations
}

/// What the walk needs: the team's assessment, a candidate, and per role the things an allowed
/// call of a one-time endpoint uses up (an invitation to revoke, a token to delete).
struct Fixture {
    assessment: String,
    invitation: String,
    spare_member: String,
    leaving_member: String,
    team_token: String,
    /// A webhook endpoint (switched off: the walk delivers nothing) and a delivery to it.
    webhook: String,
    delivery: String,
    own_token: HashMap<Role, String>,
    to_revoke: HashMap<Role, String>,
    own_note: HashMap<Role, String>,
}

/// The request for `method path` made concrete for `role` (None: no session).
fn concrete(method: &str, path: &str, fx: &Fixture, role: Option<Role>) -> (String, Option<&'static str>, Vec<u8>) {
    let slot = role.unwrap_or(Reviewer);
    let inv = if path.ends_with("/revoke") { fx.to_revoke[&slot].clone() } else { fx.invitation.clone() };
    let id = match path {
        p if p.starts_with("/api/assessments/") => fx.assessment.clone(),
        "/api/tokens/{id}" => fx.own_token[&slot].clone(),
        "/api/team/tokens/{id}" => fx.team_token.clone(),
        "/api/team/members/{id}" if method == "DELETE" => fx.leaving_member.clone(),
        "/api/team/members/{id}" => fx.spare_member.clone(),
        p if p.starts_with("/api/webhooks/deliveries/") => fx.delivery.clone(),
        p if p.starts_with("/api/webhooks/") => fx.webhook.clone(),
        _ => "0".repeat(32),
    };
    // The team's private problem the admin uploaded before the walk; elsewhere a catalogue one.
    let slug = if path.starts_with("/api/questions/") { PRIVATE_SLUG } else { "calculate-pi" };
    let uri = path
        .replace("{id}", &id)
        .replace("{inv}", &inv)
        .replace("{note}", &fx.own_note[&slot])
        .replace("{slug}", slug)
        .replace("{kind}", "invitation")
        .replace("{token}", &format!("vc_{}", "0".repeat(64)));
    let who = role.map_or("nobody", Role::as_str);
    let body = match (method, path) {
        ("POST", "/api/assessments/{id}/invitations/bulk") => {
            return (uri, Some("text/csv"), format!("name,email\nBulk,bulk-{who}@x.test\n").into_bytes())
        }
        ("POST", "/api/questions") => return (uri, Some("application/x-tar"), private_archive()),
        ("PUT", "/api/questions/{slug}/files") => {
            json!({"files": {"problem.toml": format!("slug = \"{PRIVATE_SLUG}\"\n")}})
        }
        (_, "/api/tokens") => json!({"name": format!("walk {who}")}),
        ("POST", "/api/assessments") | ("PUT", "/api/assessments/{id}") => assessment_input(),
        ("POST", "/api/assessments/{id}/invitations") => json!({"name": "Walk", "email": format!("walk-{who}@x.test")}),
        (_, p) if p.ends_with("/extra-time") => json!({"minutes": 1}),
        ("POST", p) | ("PUT", p) if p.ends_with("/notes") || p.ends_with("/notes/{note}") => {
            json!({"text": format!("a note by {who}")})
        }
        (_, p) if p.ends_with("/scorecard") => json!({
            "ratings": {"problem_solving": 3, "code_quality": 2, "testing": 4, "communication": 1},
            "recommendation": "yes",
        }),
        ("POST", "/api/team/members") => json!({"email": format!("walk-{who}@acme.test"), "role": "reviewer"}),
        ("PUT", "/api/team/members/{id}") => json!({"role": "reviewer"}),
        ("PUT", "/api/mail/templates/{kind}") => json!({"subject": "Your assessment", "text": "Hello."}),
        ("POST", "/api/webhooks") | ("PUT", "/api/webhooks/{id}") => WEBHOOK_OFF.clone(),
        ("DELETE", _) | ("GET", _) => return (uri, None, Vec::new()),
        // An open endpoint is walked with a body it refuses (422) or a link that names
        // nothing (404): only whether it asks for a session is in question, and nothing runs.
        _ => json!({}),
    };
    (uri, Some("application/json"), body.to_string().into_bytes())
}

/// The slug of the private problem the walk uploads (it does not load: it is stored rejected,
/// which is all the walk needs).
const PRIVATE_SLUG: &str = "walk-private";

fn private_archive() -> Vec<u8> {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join(PRIVATE_SLUG);
    std::fs::create_dir(&folder).expect("folder");
    std::fs::write(folder.join("problem.toml"), format!("slug = \"{PRIVATE_SLUG}\"\n")).expect("manifest");
    verdict_packages::Package::from_dir(&folder).expect("pack").bytes().to_vec()
}

/// A webhook endpoint as the walk writes it: switched off, so nothing is ever sent anywhere.
static WEBHOOK_OFF: std::sync::LazyLock<serde_json::Value> = std::sync::LazyLock::new(
    || json!({"url": "https://hooks.example.test/walk", "events": ["attempt.graded"], "enabled": false}),
);

/// The team's endpoint (off) and a delivery to it, stored as an event would store it; trying
/// it ends at once ("switched off"), without a connection.
async fn webhook_fixture(fast: &Fast, admin: &mut Client) -> (String, String) {
    use verdict_store::MailStore;
    let made = ok(&admin.post("/api/webhooks", WEBHOOK_OFF.clone()).await, StatusCode::CREATED, "webhook");
    let endpoint = made["endpoint"]["id"].as_str().unwrap_or_default().to_owned();
    let (lead, _) = fast.store.user_for_login("lead@acme.test").unwrap_or_else(|e| panic!("{e}")).expect("the lead");
    let message = verdict_store::NewMessage {
        kind: verdict_store::WEBHOOK_KIND.into(),
        team: Some(lead.team),
        recipient: endpoint.clone(),
        payload: json!({"id": "evt_walk", "type": "attempt.graded", "created_at": "2026-01-01T00:00:00Z", "data": {}}),
        secret: None,
    };
    let delivery = fast.store.enqueue(&message).unwrap_or_else(|e| panic!("{e}"));
    (endpoint, delivery)
}

async fn signed_in(router: &Router, link: &str) -> Client {
    let token = link.rsplit_once("#/setup/").map(|(_, t)| t.to_owned()).unwrap_or_else(|| panic!("no token in {link}"));
    let mut client = Client::new(router.clone());
    let answer = client.post("/api/auth/setup", json!({"token": token, "password": "correct horse battery"})).await;
    ok(&answer, StatusCode::NO_CONTENT, "setup through the link");
    client
}

/// An admin invites a teammate with a role through the API; they sign in through the link.
async fn teammate(admin: &mut Client, router: &Router, email: &str, role: &str) -> (String, Client) {
    let made = admin.post("/api/team/members", json!({"email": email, "role": role})).await;
    let made = ok(&made, StatusCode::CREATED, "invite a teammate");
    assert_eq!(made["member"]["role"], role, "{made}");
    assert_eq!(made["member"]["set_up"], false, "{made}");
    let id = made["member"]["id"].as_str().unwrap_or_default().to_owned();
    (id, signed_in(router, made["setup_link"].as_str().unwrap_or_default()).await)
}

/// A candidate invited to the assessment: the invitation's id.
async fn invite(client: &mut Client, assessment: &str, name: &str) -> String {
    let body = json!({"name": name, "email": format!("{}@x.test", name.to_lowercase())});
    let answer = client.post(&format!("/api/assessments/{assessment}/invitations"), body).await;
    ok(&answer, StatusCode::CREATED, "invite")["invitation"]["id"].as_str().unwrap_or_default().to_owned()
}

async fn new_token(client: &mut Client, name: &str) -> (String, String) {
    let made = ok(&client.post("/api/tokens", json!({"name": name})).await, StatusCode::CREATED, "token");
    (made["id"].as_str().unwrap_or_default().to_owned(), made["token"].as_str().unwrap_or_default().to_owned())
}

#[tokio::test]
async fn every_endpoint_answers_each_role_as_the_policy_says() {
    // The table covers the document exactly, so a new endpoint must be added to it.
    let operations = documented();
    for (method, path) in &operations {
        assert!(
            TABLE.iter().any(|(m, p, _, _)| m == method && p == path),
            "{method} {path} is an endpoint the role table does not name: add who may call it"
        );
    }
    for (method, path, needs, _) in TABLE {
        assert!(operations.iter().any(|(m, p)| m == method && p == path), "{method} {path} is not an endpoint");
        // The server's own table says the same (the walk below checks what it does).
        let verb = Method::from_bytes(method.as_bytes()).unwrap_or_else(|e| panic!("{method}: {e}"));
        let access = verdict_server::policy::access(&verb, path);
        let expected = match needs {
            Anyone | CandidateAccount => Access::Open,
            AtLeast(role) => Access::Team(*role),
            Judge0Key => Access::Judge0,
        };
        assert_eq!(access, Some(expected), "{method} {path} in the server's policy");
    }
    assert_eq!(verdict_server::policy::POLICY.len(), TABLE.len(), "the server's policy names no other endpoint");

    let fast = Fast::start(queue(1, 8)).await;
    let router = fast.service.router();
    let mut admin = fast.member("lead@acme.test", "Acme", Admin).await;
    let (_, interviewer) = teammate(&mut admin, &router, "ivy@acme.test", "interviewer").await;
    let (_, reviewer) = teammate(&mut admin, &router, "rex@acme.test", "reviewer").await;
    let (spare_member, _) = teammate(&mut admin, &router, "spare@acme.test", "reviewer").await;
    let (leaving_member, _) = teammate(&mut admin, &router, "leaving@acme.test", "interviewer").await;
    let mut clients: Vec<(Role, Client)> = vec![(Reviewer, reviewer), (Interviewer, interviewer), (Admin, admin)];

    let input = assessment_input();
    let created = clients[2].1.post("/api/assessments", input).await;
    let assessment = ok(&created, StatusCode::CREATED, "create")["id"].as_str().unwrap_or_default().to_owned();
    let invitation = invite(&mut clients[2].1, &assessment, "Ada").await;
    let mut to_revoke = HashMap::new();
    let mut own_token = HashMap::new();
    let mut own_note = HashMap::new();
    for index in 0..clients.len() {
        let role = clients[index].0;
        let note = clients[index]
            .1
            .post(&format!("/api/assessments/{assessment}/candidates/{invitation}/notes"), json!({"text": "mine"}))
            .await;
        let note = ok(&note, StatusCode::CREATED, "a note of one's own")["id"].as_str().unwrap_or_default().to_owned();
        own_note.insert(role, note);
        to_revoke.insert(role, invite(&mut clients[2].1, &assessment, &format!("Revoked{role}")).await);
        own_token.insert(role, new_token(&mut clients[index].1, "to delete").await.0);
    }
    let team_token = new_token(&mut clients[2].1, "the team revokes this").await.0;
    let uploaded =
        clients[2].1.send(Method::POST, "/api/questions", Some("application/x-tar"), private_archive()).await;
    ok(&uploaded, StatusCode::ACCEPTED, "upload a private problem");
    let (webhook, delivery) = webhook_fixture(&fast, &mut clients[2].1).await;
    let fx = Fixture {
        assessment,
        invitation,
        spare_member,
        leaving_member,
        team_token,
        webhook,
        delivery,
        own_token,
        to_revoke,
        own_note,
    };

    let mut walked = 0;
    for &(method, path, needs, allowed) in TABLE {
        let verb = Method::from_bytes(method.as_bytes()).unwrap_or_else(|e| panic!("{method}: {e}"));
        let (uri, content_type, body) = concrete(method, path, &fx, None);
        let answer = Client::new(router.clone()).exchange(verb.clone(), &uri, content_type, body).await;
        match needs {
            Anyone => {
                assert!(
                    !matches!(answer.status, StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN),
                    "{method} {path} is open, but without a session answered {}: {}",
                    answer.status,
                    answer.text
                );
                walked += 1;
                continue;
            }
            CandidateAccount => {
                assert_eq!(
                    (answer.status, answer.code()),
                    (StatusCode::UNAUTHORIZED, "unauthorized".to_owned()),
                    "{method} {path} without a candidate's session: {}",
                    answer.text
                );
                walked += 1;
                continue;
            }
            Judge0Key => {
                // Off unless the operator turns it on: not found for everyone, session or not.
                assert_eq!(answer.status, StatusCode::NOT_FOUND, "{method} {path} while off: {}", answer.text);
                walked += 1;
                continue;
            }
            AtLeast(_) => assert_eq!(
                (answer.status, answer.code()),
                (StatusCode::UNAUTHORIZED, "unauthorized".to_owned()),
                "{method} {path} without a session: {}",
                answer.text
            ),
        }
        let AtLeast(needed) = needs else { continue };
        for (role, client) in &mut clients {
            let (uri, content_type, body) = concrete(method, path, &fx, Some(*role));
            let answer = client.exchange(verb.clone(), &uri, content_type, body).await;
            if *role >= needed {
                let expected = StatusCode::from_u16(allowed.unwrap_or(200)).unwrap_or(StatusCode::OK);
                assert_eq!(answer.status, expected, "{method} {path} as {role} is allowed: {}", answer.text);
            } else {
                assert_eq!(answer.status, StatusCode::FORBIDDEN, "{method} {path} as {role}: {}", answer.text);
                let code = format!("needs_{needed}");
                assert_eq!(
                    (answer.status, answer.code()),
                    (StatusCode::FORBIDDEN, code),
                    "{method} {path} as {role} is refused naming the role needed: {}",
                    answer.text
                );
            }
            walked += 1;
        }
    }
    // A method the path does not take is still 405, not a refusal for want of a policy.
    let other = clients[2].1.send(Method::PATCH, "/api/team/members", Some("application/json"), b"{}".to_vec()).await;
    assert_eq!(other.status, StatusCode::METHOD_NOT_ALLOWED, "{}", other.text);
    println!("walked {walked} (endpoint, caller) pairs over {} endpoints", TABLE.len());
}

/// The first error's code and field.
fn refusal(answer: &verdict_tests::http::Answer) -> (StatusCode, String, Option<String>) {
    let (code, field) = answer.error();
    (answer.status, code, field)
}

#[tokio::test]
async fn the_team_keeps_its_rules_through_the_api() {
    let fast = Fast::start(queue(1, 8)).await;
    let router = fast.service.router();
    let mut lead = fast.member("lead@acme.test", "Acme", Admin).await;
    let me = ok(&lead.get("/api/auth/me").await, StatusCode::OK, "me");
    assert_eq!(me["role"], "admin", "{me}");

    // Bad input names its field and stores nothing.
    let bad = lead.post("/api/team/members", json!({"email": "x@acme.test", "role": "owner"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.text);
    assert_eq!(bad.error().1.as_deref(), Some("role"), "{}", bad.text);
    let bad = lead.post("/api/team/members", json!({"email": "not an email", "role": "reviewer"})).await;
    assert_eq!(refusal(&bad), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field".into(), Some("email".into())));
    let members = ok(&lead.get("/api/team/members").await, StatusCode::OK, "members");
    assert_eq!(members["members"].as_array().map(Vec::len), Some(1), "{members}");

    // A token acts with at most its member's role.
    let (_, mut ivy) = teammate(&mut lead, &router, "ivy@acme.test", "interviewer").await;
    let too_high = ivy.post("/api/tokens", json!({"name": "x", "role": "admin"})).await;
    assert_eq!(refusal(&too_high), (StatusCode::UNPROCESSABLE_ENTITY, "invalid_field".into(), Some("role".into())));
    let read_only = lead.post("/api/tokens", json!({"name": "read", "role": "reviewer"})).await;
    let read_only = ok(&read_only, StatusCode::CREATED, "a lower token");
    assert_eq!(read_only["role"], "reviewer");
    let mut script = Client::new(router.clone());
    script.bearer = read_only["token"].as_str().map(str::to_owned);
    let input = assessment_input();
    let refused = script.post("/api/assessments", input.clone()).await;
    assert_eq!(
        (refused.status, refused.code()),
        (StatusCode::FORBIDDEN, "needs_interviewer".into()),
        "{}",
        refused.text
    );
    assert_eq!(ok(&script.get("/api/auth/me").await, StatusCode::OK, "me")["role"], "reviewer");
    // A token made by that token cannot climb back to its member's role.
    let child = ok(&script.post("/api/tokens", json!({"name": "child"})).await, StatusCode::CREATED, "child");
    assert_eq!(child["role"], "reviewer", "{child}");

    // The last admin can be neither demoted nor removed.
    let lead_id = members["members"][0]["id"].as_str().unwrap_or_default().to_owned();
    let demote = lead.put(&format!("/api/team/members/{lead_id}"), json!({"role": "interviewer"})).await;
    assert_eq!((demote.status, demote.code()), (StatusCode::CONFLICT, "last_admin".into()), "{}", demote.text);
    let remove = lead.send(Method::DELETE, &format!("/api/team/members/{lead_id}"), None, vec![]).await;
    assert_eq!((remove.status, remove.code()), (StatusCode::CONFLICT, "last_admin".into()), "{}", remove.text);

    // Demoting a member takes effect on their open session at once; removing one ends it.
    let ivy_id = ok(&lead.get("/api/team/members").await, StatusCode::OK, "members")["members"][1]["id"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    let (_, ivy_token) = new_token(&mut ivy, "ivy's").await;
    assert_eq!(ivy.post("/api/assessments", input.clone()).await.status, StatusCode::CREATED);
    let demoted = lead.put(&format!("/api/team/members/{ivy_id}"), json!({"role": "reviewer"})).await;
    assert_eq!(ok(&demoted, StatusCode::OK, "demote")["role"], "reviewer");
    assert_eq!(ivy.post("/api/assessments", input.clone()).await.code(), "needs_interviewer");
    let removed = lead.send(Method::DELETE, &format!("/api/team/members/{ivy_id}"), None, vec![]).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT, "{}", removed.text);
    assert_eq!(ivy.get("/api/assessments").await.status, StatusCode::UNAUTHORIZED, "her session ended");
    let mut ivy_script = Client::new(router.clone());
    ivy_script.bearer = Some(ivy_token);
    assert_eq!(ivy_script.get("/api/assessments").await.status, StatusCode::UNAUTHORIZED, "her token is revoked");
    let again = lead.send(Method::DELETE, &format!("/api/team/members/{ivy_id}"), None, vec![]).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);

    // Another team's admin reaches none of it.
    let mut rival = fast.member("boss@rival.test", "Rival", Admin).await;
    let theirs = rival.put(&format!("/api/team/members/{lead_id}"), json!({"role": "reviewer"})).await;
    assert_eq!(theirs.status, StatusCode::NOT_FOUND, "{}", theirs.text);
    let tokens = ok(&rival.get("/api/team/tokens").await, StatusCode::OK, "tokens");
    assert_eq!(tokens["tokens"], json!([]), "{tokens}");

    // Every change is in the team's log, by whom.
    let log = ok(&lead.get("/api/team/audit").await, StatusCode::OK, "audit");
    let actions: Vec<(&str, &str)> = log["events"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|e| (e["actor"].as_str().unwrap_or_default(), e["action"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(
        actions,
        [
            ("lead@acme.test", "member_invited"),
            ("lead@acme.test", "token_created"),
            ("lead@acme.test", "token_created"),
            ("ivy@acme.test", "token_created"),
            ("lead@acme.test", "role_changed"),
            ("lead@acme.test", "member_removed"),
        ],
        "{log}"
    );
}
