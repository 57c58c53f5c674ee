//! Issue 21 item 1, a team's private problems over HTTP on the real sandbox: an upload with an
//! error is rejected with the finding by file and line; the fixed folder passes the same checks
//! as `verdict check` and is accepted; a catalogue slug is refused; the problem goes into an
//! assessment (which keeps its version), a candidate opens it without difficulty or topic chips,
//! submits and gets a verdict; practice mode and another team get 404 as for a problem that
//! does not exist.

use crate::{assessment_input, member, ok, token_of};
use axum::http::{Method, StatusCode};
use serde_json::{json, Value};
use std::path::Path;
use verdict_store::{AssessmentStore, NewQuestion, QuestionStatus, QuestionStore, Role, SqliteStore};
use verdict_tests::http::Client;
use verdict_tests::service::{problems_dir, queue, TestService};
use verdict_tests::Deadline;

const SLUG: &str = "reverse-words-ours";
const REFERENCE: &str = "def reverse_words(s):\n    return \" \".join(s.split()[::-1])\n";

/// The catalogue's reverse-words as the folder `slug`, with `edit` applied to its manifest, as
/// the tar the team uploads.
fn archive(slug: &str, edit: impl Fn(String) -> String) -> Vec<u8> {
    let dir = unpacked_with(slug, edit);
    verdict_packages::Package::from_dir(&dir.path().join(slug)).expect("pack").bytes().to_vec()
}

/// The catalogue's reverse-words as the folder `slug` in a temp folder.
fn unpacked(slug: &str) -> tempfile::TempDir {
    unpacked_with(slug, |m| m)
}

fn unpacked_with(slug: &str, edit: impl Fn(String) -> String) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let folder = dir.path().join(slug);
    copy_dir(&problems_dir().join("reverse-words"), &folder);
    let manifest = std::fs::read_to_string(folder.join("problem.toml")).expect("manifest");
    let manifest = manifest.replace("slug = \"reverse-words\"", &format!("slug = \"{slug}\""));
    std::fs::write(folder.join("problem.toml"), edit(manifest)).expect("write manifest");
    dir
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.file_type().expect("type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

async fn upload(team: &mut Client, bytes: Vec<u8>) -> (StatusCode, Value) {
    let answer = team.send(Method::POST, "/api/questions", Some("application/x-tar"), bytes).await;
    let body = if answer.text.is_empty() { Value::Null } else { answer.json() };
    (answer.status, body)
}

/// Polls a version until its check ends.
async fn checked(team: &mut Client, slug: &str, version: u64) -> Value {
    let deadline = Deadline::start();
    loop {
        let path = format!("/api/questions/{slug}?version={version}");
        let answer = ok(&team.get(&path).await, StatusCode::OK, "version");
        if answer["status"] != "checking" {
            return answer;
        }
        deadline.tick_async("the check to end").await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_problem_is_checked_used_in_an_assessment_and_hidden_from_practice_and_other_teams() {
    let service = TestService::start(queue(2, 32)).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let mut other = member(&service, &router, "lead@globex.test", "Globex").await;

    // An error: the finding names the file and the line, and the version is not usable.
    let broken = archive(SLUG, |m| m.replace("difficulty = \"easy\"", "difficulty = \"impossible\""));
    let (status, rejected) = upload(&mut team, broken).await;
    assert_eq!(status, StatusCode::ACCEPTED, "{rejected}");
    let rejected = checked(&mut team, SLUG, rejected["version"].as_u64().unwrap_or_default()).await;
    assert_eq!(rejected["status"], "rejected", "{rejected}");
    let finding = rejected["findings"].as_array().and_then(|f| f.first()).cloned().unwrap_or_default();
    assert_eq!((finding["file"].as_str(), finding["line"].as_u64()), (Some("problem.toml"), Some(3)), "{rejected}");
    let now = now_millis();
    let input = assessment_input(now, json!([{"slug": SLUG, "points": 10}]));
    let refused = team.post("/api/assessments", input.clone()).await;
    assert_eq!(
        (refused.status, refused.error().1.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("problems[0].slug"))
    );

    // Fixed: the checks of `verdict check` run on the server and pass.
    let (status, fixed) = upload(&mut team, archive(SLUG, |m| m)).await;
    assert_eq!((status, fixed["status"].as_str()), (StatusCode::ACCEPTED, Some("checking")), "{fixed}");
    let version = fixed["version"].as_u64().unwrap_or_default();
    assert_eq!(version, 2, "a re-upload is a new version");
    let accepted = checked(&mut team, SLUG, version).await;
    assert_eq!(
        (accepted["status"].as_str(), accepted["findings"].as_array().map(Vec::len)),
        (Some("accepted"), Some(0)),
        "{accepted}"
    );
    let files = ok(&team.get(&format!("/api/questions/{SLUG}/files")).await, StatusCode::OK, "files");
    assert!(
        files["files"].as_array().into_iter().flatten().any(|f| f["path"] == "submissions/accepted/reference.py"),
        "{files}"
    );

    // A slug of the catalogue is refused: no private problem shadows a public one.
    let (status, clash) = upload(&mut team, archive("reverse-words", |m| m)).await;
    assert_eq!((status, clash["error"]["code"].as_str()), (StatusCode::CONFLICT, Some("slug_in_catalogue")), "{clash}");

    // Private: practice and another team see nothing, exactly as for a slug that does not exist.
    let mut visitor = Client::new(router.clone());
    let list = ok(&visitor.get("/api/problems").await, StatusCode::OK, "practice list");
    assert!(!list.to_string().contains(SLUG), "practice lists a private problem");
    assert_eq!(visitor.get(&format!("/api/problems/{SLUG}")).await.status, StatusCode::NOT_FOUND);
    let run = visitor.post(&format!("/api/problems/{SLUG}/run"), json!({"code": REFERENCE})).await;
    assert_eq!(run.status, StatusCode::NOT_FOUND, "{}", run.text);
    let submit = visitor.post("/api/submissions", json!({"problem": SLUG, "code": REFERENCE})).await;
    let unknown = visitor.post("/api/submissions", json!({"problem": "no-such-problem", "code": REFERENCE})).await;
    assert_eq!((submit.status, submit.code()), (unknown.status, unknown.code()), "{}", submit.text);
    assert_eq!(other.get(&format!("/api/questions/{SLUG}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(other.get(&format!("/api/questions/{SLUG}/files")).await.status, StatusCode::NOT_FOUND);
    let theirs = ok(&other.get("/api/questions").await, StatusCode::OK, "other team's list");
    assert_eq!(theirs["questions"], json!([]), "{theirs}");
    let refused = other.post("/api/assessments", input.clone()).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "another team cannot use it: {}", refused.text);

    // The team's assessment keeps the version it was made with.
    let assessment = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "create");
    let slot = &assessment["problems"][0];
    assert_eq!(
        (slot["private_version"].as_u64(), slot["title"].as_str()),
        (Some(2), Some("Reverse the words")),
        "{assessment}"
    );
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();
    let retitled = archive(SLUG, |m| m.replace("Reverse the words", "Words, reversed"));
    let (status, third) = upload(&mut team, retitled).await;
    assert_eq!(status, StatusCode::ACCEPTED);
    let third = checked(&mut team, SLUG, third["version"].as_u64().unwrap_or_default()).await;
    assert_eq!((third["status"].as_str(), third["version"].as_u64()), (Some("accepted"), Some(3)), "{third}");
    // Saved again, the assessment still keeps version 2 (its candidates may have started).
    let input = assessment_input(now, json!([{"slug": SLUG, "points": 10}]));
    let kept = ok(&team.put(&format!("/api/assessments/{id}"), input.clone()).await, StatusCode::OK, "save again");
    assert_eq!(kept["problems"][0]["private_version"].as_u64(), Some(2), "{kept}");
    let newer = ok(&team.post("/api/assessments", input).await, StatusCode::CREATED, "a new assessment");
    assert_eq!(newer["problems"][0]["private_version"].as_u64(), Some(3), "a new one takes the newest: {newer}");

    // A candidate opens it without chips, submits and gets a verdict.
    let invited =
        team.post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Ada", "email": "ada@x.test"})).await;
    let invited = ok(&invited, StatusCode::CREATED, "invite");
    let token = token_of(invited["link"].as_str().unwrap_or_default());
    let base = format!("/api/attempts/{token}");
    let mut ada = Client::new(router.clone());
    ok(&ada.post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");
    let problem = ok(&ada.get(&format!("{base}/problems/{SLUG}")).await, StatusCode::OK, "attempt problem");
    assert_eq!(problem["title"], "Reverse the words", "{problem}");
    assert!(problem.get("difficulty").is_none() && problem.get("topics").is_none(), "chips in an attempt: {problem}");
    let submitted = ada.post(&format!("{base}/submissions"), json!({"problem": SLUG, "code": REFERENCE})).await;
    let submitted = ok(&submitted, StatusCode::ACCEPTED, "submit");
    let path = format!("{base}/submissions/{}", submitted["id"].as_str().unwrap_or_default());
    let deadline = Deadline::start();
    let graded = loop {
        let answer = ok(&ada.get(&path).await, StatusCode::OK, "submission");
        if answer["state"] == "finished" {
            break answer;
        }
        assert_ne!(answer["state"], "failed", "{answer}");
        deadline.tick_async("the submission to be graded").await;
    };
    assert_eq!((graded["verdict"].as_str(), graded["score"].as_f64()), (Some("AC"), Some(1.0)), "{graded}");
    // Run on the samples, then a different last draft graded at Finish: both on the kept version.
    let ran = ada.post(&format!("{base}/problems/{SLUG}/run"), json!({"code": REFERENCE})).await;
    let ran = ok(&ran, StatusCode::OK, "run");
    assert_eq!(ran["verdict"], "AC", "{ran}");
    let wrong = "def reverse_words(s):\n    return s\n";
    let saved = ada.put(&format!("{base}/drafts/{SLUG}"), json!({"code": wrong})).await;
    ok(&saved, StatusCode::NO_CONTENT, "draft");
    ok(&ada.post(&format!("{base}/finish"), json!({})).await, StatusCode::OK, "finish");
    let deadline = Deadline::start();
    let last = loop {
        let list = ok(&ada.get(&format!("{base}/problems/{SLUG}/submissions")).await, StatusCode::OK, "history");
        let newest = list["submissions"][0].clone();
        if newest["origin"] == "finish" && newest["state"] == "finished" {
            break newest;
        }
        assert_ne!(newest["state"], "failed", "{list}");
        deadline.tick_async("the last draft to be graded").await;
    };
    assert_eq!(last["verdict"], "WA", "the last draft is judged on the kept version: {last}");
    // The team's report names it by the kept version's title.
    let inv = invited["invitation"]["id"].as_str().unwrap_or_default();
    let report = ok(&team.get(&format!("/api/assessments/{id}/candidates/{inv}")).await, StatusCode::OK, "report");
    assert_eq!(report["problems"][0]["title"], "Reverse the words", "{report}");
    ok(&team.get(&format!("/api/assessments/{id}/similarity")).await, StatusCode::OK, "similarity");
    // Still nothing in practice for the candidate's own browser.
    assert_eq!(ada.get(&format!("/api/problems/{SLUG}")).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_upload_is_refused_by_size_type_and_shape_in_the_apis_error_shape() {
    let service = TestService::start(queue(1, 8)).await;
    let router = service.service.router();
    let mut team = member(&service, &router, "lead@acme.test", "Acme").await;
    let big = vec![0u8; verdict_packages::MAX_UPLOAD_BYTES + 1];
    let answer = team.send(Method::POST, "/api/questions", Some("application/zip"), big).await;
    assert_eq!((answer.status, answer.code()), (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large".to_owned()));
    let answer = team.send(Method::POST, "/api/questions", Some("text/plain"), archive(SLUG, |m| m)).await;
    assert_eq!(answer.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{}", answer.text);
    let answer =
        team.send(Method::POST, "/api/questions", Some("application/zip"), b"PK\x03\x04 not a zip".to_vec()).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "bad_archive".to_owned()),
        "{}",
        answer.text
    );
    let bad_slug = archive("Bad_Slug", |m| m);
    let answer = team.send(Method::POST, "/api/questions", Some("application/x-tar"), bad_slug).await;
    assert_eq!(
        (answer.status, answer.code()),
        (StatusCode::UNPROCESSABLE_ENTITY, "bad_slug".to_owned()),
        "{}",
        answer.text
    );
    let listed = ok(&team.get("/api/questions").await, StatusCode::OK, "list");
    assert_eq!(listed["questions"], json!([]), "nothing refused was stored: {listed}");
}

/// A node that stored a version as `checking` and stopped before its check ended (the check's task
/// died with it) leaves the version `checking`: the next node to start runs the check again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_check_a_restart_cut_runs_again_when_a_node_starts() {
    let data = tempfile::tempdir().expect("temp dir");
    let team = {
        let store = SqliteStore::open_dir(data.path()).expect("store");
        let team = store
            .create_user("lead", "lead@acme.test", "Acme", Role::Admin, "setup-hash", i64::MAX)
            .expect("user")
            .team;
        let package = verdict_packages::Package::from_dir(&unpacked(SLUG).path().join(SLUG)).expect("pack");
        let new = NewQuestion {
            slug: SLUG,
            package: package.hash(),
            bytes: package.bytes(),
            title: "Reverse words, ours",
            kind: "function",
            status: QuestionStatus::Checking,
            findings: "[]",
        };
        store.add_question(&team, &new, "lead@acme.test").expect("stored as the cut node left it");
        team
    };
    let service = TestService::start_in(data.path(), queue(2, 8)).await;
    let store = SqliteStore::open_dir(data.path()).expect("store");
    let deadline = Deadline::start();
    let checked = loop {
        let version = store.question(&team, SLUG, Some(1)).expect("read").expect("kept");
        if version.status != QuestionStatus::Checking {
            break version;
        }
        deadline.tick_async("the check to run again").await;
    };
    assert_eq!((checked.status, checked.findings.as_str()), (QuestionStatus::Accepted, "[]"), "{checked:?}");
    drop(service);
}

pub(crate) fn now_millis() -> i64 {
    let since = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
}
