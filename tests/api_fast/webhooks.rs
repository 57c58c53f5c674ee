//! Webhooks delivered to a real HTTP receiver on loopback (an axum server in this process): an
//! admin adds an endpoint and is shown its secret once; an invitation's event is refused once
//! (500), retried after its back-off and taken (200); every delivery is signed, checked here
//! with an HMAC computed apart from the server's code; each try and its answer is read back
//! through the API; an attempt's start, finish and grading follow; a delivery is sent again.
//! And a service without `--webhooks-allow-private` refuses a loopback URL naming the flag.

use super::{start_with, Fast};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use hmac::{Hmac, Mac};
use serde_json::{json, Value};
use sha2::Sha256;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use verdict_store::{ManualClock, SqliteStore, Store};
use verdict_tests::http::{Answer, Client};
use verdict_tests::service::queue;

fn ok(answer: &Answer, expected: StatusCode, what: &str) -> Value {
    assert_eq!(answer.status, expected, "{what}: {}", answer.text);
    answer.json()
}

/// What the receiver got: each request's headers and body, in order.
type Received = Arc<Mutex<Vec<(HeaderMap, Vec<u8>)>>>;

/// Answers 500 to the first request and 200 to every later one, keeping each.
async fn receive(
    State(received): State<Received>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> (StatusCode, String) {
    let mut all = received.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    all.push((headers, body.to_vec()));
    if all.len() == 1 {
        (StatusCode::INTERNAL_SERVER_ERROR, "not yet, try again".into())
    } else {
        (StatusCode::OK, format!("thanks for #{}", all.len()))
    }
}

/// A receiver on a loopback port: its URL and what it got.
async fn receiver() -> (String, Received) {
    let received = Received::default();
    let app = axum::Router::new().route("/hook", post(receive)).with_state(Arc::clone(&received));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind a loopback port");
    let addr = listener.local_addr().expect("its address");
    tokio::spawn(async move { axum::serve(listener, app).await.expect("the receiver serves") });
    (format!("http://{addr}/hook"), received)
}

/// Checks `Verdict-Signature` as a receiver would: `t=<seconds>,v1=<hex HMAC-SHA256 of
/// "<t>.<body>">`, computed here with the secret the admin was shown.
fn assert_signed(secret: &str, headers: &HeaderMap, body: &[u8]) {
    let header = headers.get("verdict-signature").and_then(|v| v.to_str().ok()).expect("a Verdict-Signature header");
    let mut parts = header.split(',');
    let t = parts.next().and_then(|p| p.strip_prefix("t=")).expect("t= first");
    let v1 = parts.next().and_then(|p| p.strip_prefix("v1=")).expect("v1= second");
    assert!(t.parse::<i64>().is_ok(), "t is unix seconds: {header}");
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("any key length");
    mac.update(format!("{t}.").as_bytes());
    mac.update(body);
    let expected: String = mac.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_eq!(v1, expected, "the signature checks with the secret shown at creation");
    let mut forged = Hmac::<Sha256>::new_from_slice(b"another secret").expect("any key length");
    forged.update(format!("{t}.").as_bytes());
    forged.update(body);
    let forged: String = forged.finalize().into_bytes().iter().map(|b| format!("{b:02x}")).collect();
    assert_ne!(v1, forged, "another secret does not make it");
}

/// What the Python snippet of docs/ASSESSMENTS.md says of a signature, run as a receiver would
/// run it: the snippet is read from the doc, so the doc cannot drift from what is sent.
fn python_verifies(secret: &str, headers: &HeaderMap, body: &[u8]) -> bool {
    let doc = std::fs::read_to_string(verdict_tests::workspace_root().join("docs/ASSESSMENTS.md")).expect("the doc");
    let start =
        doc.find("```python\nimport hashlib, hmac, time").expect("the snippet in the doc") + "```python\n".len();
    let snippet = &doc[start..start + doc[start..].find("```").expect("its end")];
    let header = headers.get("verdict-signature").and_then(|v| v.to_str().ok()).expect("signed");
    let program = format!(
        "{snippet}\nimport os, sys\nbody = sys.stdin.buffer.read()\nprint(verify(os.environ['SECRET'], os.environ['HEADER'], body))\n"
    );
    let mut child = std::process::Command::new("python3")
        .args(["-I", "-c", &program])
        .env("SECRET", secret)
        .env("HEADER", header)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    std::io::Write::write_all(&mut child.stdin.take().expect("stdin"), body).expect("write the body");
    let out = child.wait_with_output().expect("python3 ends");
    assert!(out.status.success(), "the snippet ran: {out:?}");
    match String::from_utf8_lossy(&out.stdout).trim() {
        "True" => true,
        "False" => false,
        other => panic!("the snippet printed {other}"),
    }
}

/// The team's deliveries, polled (the delivery task runs every second) until `done` holds.
async fn deliveries_until(admin: &mut Client, what: &str, done: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    for _ in 0..300 {
        let list = ok(&admin.get("/api/webhooks/deliveries").await, StatusCode::OK, "deliveries");
        let deliveries = list["deliveries"].as_array().cloned().unwrap_or_default();
        if done(&deliveries) {
            return deliveries;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("{what} never happened");
}

fn of_type<'a>(deliveries: &'a [Value], event: &str) -> Vec<&'a Value> {
    deliveries.iter().filter(|d| d["event_type"] == event).collect()
}

fn assessment_input() -> Value {
    let now = std::time::SystemTime::now();
    let day = Duration::from_secs(86_400);
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delivery_is_signed_refused_once_retried_and_every_try_is_shown() {
    let data = tempfile::tempdir().expect("temp dir");
    let clock = Arc::new(ManualClock::at_system_time());
    let store = Arc::new(SqliteStore::open_dir_with_clock(data.path(), clock.clone()).expect("store"));
    let options = verdict_server::Options {
        clock: clock.clone(),
        webhooks_allow_private: true,
        ..verdict_server::Options::default()
    };
    let (service, gate) = start_with(Arc::clone(&store) as Arc<dyn Store>, data.path(), queue(1, 8), options).await;
    let fast = Fast { service, store, gate, _data: data };
    let mut admin = fast.member("lead@acme.test", "Acme", verdict_store::Role::Admin).await;
    let (url, received) = receiver().await;

    // Bad input names its field.
    let bad = admin.post("/api/webhooks", json!({"url": "ftp://x.test/", "events": ["attempt.graded"]})).await;
    assert_eq!((bad.status, bad.error().1.as_deref()), (StatusCode::UNPROCESSABLE_ENTITY, Some("url")), "{}", bad.text);
    let bad = admin.post("/api/webhooks", json!({"url": url, "events": ["attempt.eaten"]})).await;
    assert_eq!(
        (bad.status, bad.error().1.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("events")),
        "{}",
        bad.text
    );

    let events = ["invitation.created", "attempt.started", "attempt.finished", "attempt.graded"];
    let made =
        ok(&admin.post("/api/webhooks", json!({"url": url, "events": events})).await, StatusCode::CREATED, "add");
    let secret = made["secret"].as_str().expect("the secret, shown once").to_owned();
    let endpoint = made["endpoint"]["id"].as_str().expect("an id").to_owned();
    let listed = ok(&admin.get("/api/webhooks").await, StatusCode::OK, "list");
    assert_eq!(listed["endpoints"][0]["id"], endpoint.as_str());
    assert!(!listed.to_string().contains(&secret), "a listing never shows the secret: {listed}");

    let assessment = ok(&admin.post("/api/assessments", assessment_input()).await, StatusCode::CREATED, "create");
    let id = assessment["id"].as_str().unwrap_or_default().to_owned();
    let uri = format!("/api/assessments/{id}/invitations");
    let invited =
        ok(&admin.post(&uri, json!({"name": "Ada", "email": "ada@x.test"})).await, StatusCode::CREATED, "invite");
    let invitation = invited["invitation"]["id"].as_str().unwrap_or_default().to_owned();

    // The first try is answered 500: the delivery waits for its retry.
    let first = deliveries_until(&mut admin, "the first try", |d| {
        of_type(d, "invitation.created").first().is_some_and(|d| d["tries"].as_array().is_some_and(|t| !t.is_empty()))
    })
    .await;
    let delivery = of_type(&first, "invitation.created")[0].clone();
    assert_eq!((delivery["status"].as_str(), delivery["attempts"].as_u64()), (Some("pending"), Some(1)), "{delivery}");
    assert_eq!(delivery["tries"][0]["status_code"], 500, "{delivery}");
    assert_eq!(delivery["tries"][0]["response_body"], "not yet, try again");
    assert!(delivery["tries"][0]["error"].as_str().is_some_and(|e| e.contains("500")), "{delivery}");

    // Its back-off passes on the service's clock: the retry is taken.
    clock.advance(
        Duration::from_millis(u64::try_from(verdict_store::FIRST_BACKOFF_MS).expect("positive"))
            + Duration::from_secs(1),
    );
    let retried = deliveries_until(&mut admin, "the retry", |d| {
        of_type(d, "invitation.created").first().is_some_and(|d| d["status"] == "sent")
    })
    .await;
    let delivery = of_type(&retried, "invitation.created")[0].clone();
    let codes: Vec<u64> =
        delivery["tries"].as_array().expect("tries").iter().filter_map(|t| t["status_code"].as_u64()).collect();
    assert_eq!(codes, [500, 200], "both tries and their answers are shown: {delivery}");
    assert_eq!(delivery["tries"][1]["response_body"], "thanks for #2");
    assert_eq!(delivery["attempts"], 2);

    // What the receiver got: the same event twice, each signed, with its ids in the headers.
    let got = received.lock().expect("received").clone();
    assert_eq!(got.len(), 2, "one refused try and its retry");
    for (headers, body) in &got {
        assert_signed(&secret, headers, body);
        assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/json"));
        assert_eq!(headers.get("verdict-delivery").and_then(|v| v.to_str().ok()), delivery["id"].as_str());
        assert_eq!(headers.get("verdict-event").and_then(|v| v.to_str().ok()), delivery["event_id"].as_str());
    }
    assert_eq!(got[0].1, got[1].1, "a retry sends the same body");
    assert!(python_verifies(&secret, &got[1].0, &got[1].1), "the documented Python check accepts a real delivery");
    let mut tampered = got[1].1.clone();
    tampered.extend_from_slice(b" ");
    assert!(!python_verifies(&secret, &got[1].0, &tampered), "and refuses a changed body");
    assert!(!python_verifies("whsec_other", &got[1].0, &got[1].1), "and another secret");
    let event: Value = serde_json::from_slice(&got[1].1).expect("a JSON body");
    assert_eq!(event["type"], "invitation.created");
    assert_eq!(event["data"]["invitation"]["email"], "ada@x.test");
    assert_eq!(event["data"]["invitation"]["name"], "Ada");
    assert_eq!(event["data"]["assessment"]["id"], id.as_str());
    assert_eq!(event["data"]["team"]["name"], "Acme");
    assert!(
        event["data"]["report_url"].as_str().is_some_and(|u| u.ends_with(&format!("/candidates/{invitation}"))),
        "{event}"
    );

    // The candidate starts, answers and finishes: started, finished, then graded with the score.
    let link = invited["link"].as_str().unwrap_or_default();
    let token = link.rsplit_once("#/a/").map(|(_, t)| t.to_owned()).expect("a link");
    let mut candidate = fast.client();
    let base = format!("/api/attempts/{token}");
    ok(&candidate.post(&format!("{base}/start"), json!({})).await, StatusCode::OK, "start");
    let code = json!({"problem": "calculate-pi", "code": "# wrong\n"});
    ok(&candidate.post(&format!("{base}/submissions"), code).await, StatusCode::ACCEPTED, "submit");
    ok(&candidate.post(&format!("{base}/finish"), json!({})).await, StatusCode::OK, "finish");
    let all = deliveries_until(&mut admin, "started, finished and graded delivered", |d| {
        ["attempt.started", "attempt.finished", "attempt.graded"]
            .iter()
            .all(|e| of_type(d, e).first().is_some_and(|d| d["status"] == "sent"))
    })
    .await;
    let graded = &of_type(&all, "attempt.graded")[0]["event"];
    assert_eq!(graded["data"]["score"]["max_points"], 10, "{graded}");
    assert!(graded["data"]["score"]["points"].as_f64().is_some(), "{graded}");
    assert!(graded["data"]["invitation"]["finished_at"].is_string(), "{graded}");
    for (headers, body) in received.lock().expect("received").iter() {
        assert_signed(&secret, headers, body);
    }

    // Sent again: a new delivery of the same event.
    let sent = of_type(&all, "invitation.created")[0].clone();
    let uri = format!("/api/webhooks/deliveries/{}/redeliver", sent["id"].as_str().unwrap_or_default());
    let again = ok(&admin.post(&uri, json!({})).await, StatusCode::ACCEPTED, "redeliver");
    let new_id = again["delivery"].as_str().unwrap_or_default().to_owned();
    let after = deliveries_until(&mut admin, "the redelivery", |d| {
        d.iter().any(|d| d["id"] == new_id.as_str() && d["status"] == "sent")
    })
    .await;
    let copy = after.iter().find(|d| d["id"] == new_id.as_str()).expect("listed");
    assert_eq!(copy["event_id"], sent["event_id"], "the same event, a new delivery");
    // The team's log names the endpoint's creation.
    let audit = ok(&admin.get("/api/team/audit").await, StatusCode::OK, "audit");
    assert!(audit.to_string().contains("webhook_created"), "{audit}");
}

#[tokio::test]
async fn without_the_flag_a_loopback_url_is_refused_naming_it() {
    let fast = Fast::start(queue(1, 8)).await;
    let mut admin = fast.member("lead@acme.test", "Acme", verdict_store::Role::Admin).await;
    for url in ["http://127.0.0.1:9/hook", "http://localhost/hook", "http://[::1]/hook", "http://169.254.169.254/"] {
        let refused = admin.post("/api/webhooks", json!({"url": url, "events": ["attempt.graded"]})).await;
        assert_eq!(
            (refused.status, refused.error().1.as_deref()),
            (StatusCode::UNPROCESSABLE_ENTITY, Some("url")),
            "{url}"
        );
        assert!(refused.text.contains("--webhooks-allow-private"), "{url}: {}", refused.text);
    }
    let listed = ok(&admin.get("/api/webhooks").await, StatusCode::OK, "list");
    assert_eq!(listed["endpoints"], json!([]), "nothing was stored");
    assert_eq!(listed["private_addresses_allowed"], false);
}
