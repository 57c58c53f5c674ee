//! The test's clients: a submission sent to a serve node (sent again while that node is
//! restarting), its events followed until `done` (followed again when a restart cuts the
//! stream), and an assessment attempt set up through the API.

use crate::nodes::Cluster;
use reqwest::blocking::{Client, Response};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Who a submission belongs to: a practice candidate (a cookie) or an assessment attempt.
#[derive(Debug, Clone)]
pub enum Owner {
    Practice(String),
    Attempt(String),
}

impl Owner {
    fn submissions(&self) -> String {
        match self {
            Owner::Practice(_) => "/api/submissions".to_owned(),
            Owner::Attempt(token) => format!("/api/attempts/{token}/submissions"),
        }
    }

    fn cookie(&self) -> Option<String> {
        match self {
            Owner::Practice(candidate) => Some(format!("verdict_candidate={candidate}")),
            Owner::Attempt(_) => None,
        }
    }
}

/// What went wrong with requests on the way, kept for the test's assertions.
#[derive(Debug, Default)]
pub struct Troubles {
    /// 5xx answers: when, from which node.
    pub server_errors: Mutex<Vec<(Instant, usize, StatusCode)>>,
    /// Connections refused or cut: when, to which node.
    pub unreachable: Mutex<Vec<(Instant, usize)>>,
    /// 429 answers (the queue was full); sent again after the pause asked for.
    pub full: Mutex<u32>,
}

/// How long any one request may take, its event stream included.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(90);
/// How long a client keeps sending to a node that does not answer.
const GIVE_UP: Duration = Duration::from_secs(60);

pub fn http() -> Client {
    Client::builder().timeout(REQUEST_TIMEOUT).build().expect("an HTTP client")
}

/// Sends a submission to `node` until it is accepted (2xx): its id and when the accepted
/// request was sent. Refused connections, 5xx and 429 are sent again (and noted).
pub fn submit(
    client: &Client,
    cluster: &Cluster,
    troubles: &Troubles,
    node: usize,
    owner: &Owner,
    code: &str,
) -> (String, Instant) {
    let started = Instant::now();
    loop {
        assert!(started.elapsed() < GIVE_UP, "node {node} did not accept a submission for {GIVE_UP:?}");
        let url = format!("{}{}", cluster.address(node), owner.submissions());
        let mut request = client.post(url).json(&json!({"problem": "calculate-pi", "code": code}));
        if let Some(cookie) = owner.cookie() {
            request = request.header("cookie", cookie);
        }
        let sent = Instant::now();
        match request.send() {
            Err(error) if error.is_connect() || error.is_request() => {
                troubles.unreachable.lock().expect("troubles").push((Instant::now(), node));
                std::thread::sleep(Duration::from_millis(50));
            }
            Err(error) => panic!("submitting to node {node}: {error}"),
            Ok(answer) if answer.status().is_success() => {
                let view: Value = answer.json().expect("a submission's JSON");
                let id = view["id"].as_str().unwrap_or_else(|| panic!("no id in {view}")).to_owned();
                return (id, sent);
            }
            Ok(answer) if answer.status() == StatusCode::TOO_MANY_REQUESTS => {
                *troubles.full.lock().expect("troubles") += 1;
                let pause = retry_after(&answer).min(Duration::from_secs(2));
                std::thread::sleep(pause);
            }
            Ok(answer) if answer.status().is_server_error() => {
                troubles.server_errors.lock().expect("troubles").push((Instant::now(), node, answer.status()));
                std::thread::sleep(Duration::from_millis(50));
            }
            Ok(answer) => {
                let status = answer.status();
                panic!("node {node} refused a submission: {status} {}", answer.text().unwrap_or_default());
            }
        }
    }
}

fn retry_after(answer: &Response) -> Duration {
    let seconds = answer.headers().get("retry-after").and_then(|v| v.to_str().ok()).and_then(|v| v.parse().ok());
    Duration::from_secs(seconds.unwrap_or(1))
}

/// One event of a stream: its name and data.
pub type Event = (String, Value);

/// A submission followed on `node` until `done`: every stream opened for it (a restart cuts
/// one; the next is opened on the node's new address), and when `done` came.
pub fn follow(
    client: &Client,
    cluster: &Cluster,
    troubles: &Troubles,
    node: usize,
    owner: &Owner,
    id: &str,
) -> (Vec<Vec<Event>>, Instant) {
    let started = Instant::now();
    let mut streams = Vec::new();
    loop {
        assert!(started.elapsed() < GIVE_UP, "following {id} on node {node}: no `done` for {GIVE_UP:?}");
        let url = format!("{}{}/{id}/events", cluster.address(node), owner.submissions());
        let mut request = client.get(url);
        if let Some(cookie) = owner.cookie() {
            request = request.header("cookie", cookie);
        }
        let answer = match request.send() {
            Err(error) if error.is_connect() || error.is_request() => {
                troubles.unreachable.lock().expect("troubles").push((Instant::now(), node));
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Err(error) => panic!("following {id} on node {node}: {error}"),
            Ok(answer) if answer.status().is_server_error() => {
                troubles.server_errors.lock().expect("troubles").push((Instant::now(), node, answer.status()));
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            Ok(answer) => answer,
        };
        assert_eq!(answer.status(), StatusCode::OK, "following {id} on node {node}");
        let (events, done) = read_events(answer, started + GIVE_UP);
        streams.push(events);
        if let Some(done) = done {
            return (streams, done);
        }
        // Cut before `done` (the node stopped): follow again.
        troubles.unreachable.lock().expect("troubles").push((Instant::now(), node));
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// A stream's events until it ends (or `deadline` passes: the server's keep-alive comments
/// come every 15 s, so a stream that never ends is noticed), and when `done` came if it did.
fn read_events(answer: Response, deadline: Instant) -> (Vec<Event>, Option<Instant>) {
    let mut events = Vec::new();
    let (mut name, mut data) = (String::new(), String::new());
    for line in BufReader::new(answer).lines() {
        // A cut connection ends the stream like its end.
        let Ok(line) = line else { break };
        if Instant::now() > deadline {
            break;
        }
        if let Some(value) = line.strip_prefix("event:") {
            name = value.trim().to_owned();
        } else if let Some(value) = line.strip_prefix("data:") {
            data.push_str(value.trim_start());
        } else if line.is_empty() && !name.is_empty() {
            let value = serde_json::from_str(&data).unwrap_or_else(|e| panic!("event {name}: {e}: {data}"));
            let done = name == "done";
            events.push((std::mem::take(&mut name), value));
            data.clear();
            if done {
                return (events, Some(Instant::now()));
            }
        }
    }
    (events, None)
}

/// An assessment on calculate-pi with one invited candidate who has started: the attempt's
/// token. Made through `url`'s API by a team user that `verdict admin` creates.
pub fn started_attempt(client: &Client, url: &str, database_url: &str) -> String {
    let output = std::process::Command::new(verdict_tests::binary("verdict"))
        .args(["admin", "create-user", "lead@multinode.test", "--team", "Hiring"])
        .env("DATABASE_URL", database_url)
        .output()
        .expect("verdict admin");
    let printed = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success(), "{printed}{}", String::from_utf8_lossy(&output.stderr));
    let setup = printed.split("#/setup/").nth(1).and_then(|rest| rest.split_whitespace().next());
    let setup = setup.unwrap_or_else(|| panic!("no setup link in {printed}"));
    let answer = client
        .post(format!("{url}/api/auth/setup"))
        .json(&json!({"token": setup, "password": "a long enough password for the test"}))
        .send()
        .expect("setting the password");
    assert!(answer.status().is_success(), "setup: {}", answer.status());
    let cookies: Vec<String> = answer
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok()?.split(';').next().map(str::to_owned))
        .collect();
    let session = cookies.join("; ");
    let now = std::time::SystemTime::now();
    let input = json!({
        "title": "Multi-node",
        "duration_minutes": 120,
        "opens_at": humantime::format_rfc3339_seconds(now - Duration::from_secs(60)).to_string(),
        "closes_at": humantime::format_rfc3339_seconds(now + Duration::from_secs(86_400)).to_string(),
        "problems": [{"slug": "calculate-pi", "points": 10}],
    });
    let team_post = |path: &str, body: Value| -> Value {
        let answer =
            client.post(format!("{url}{path}")).header("cookie", &session).json(&body).send().expect("team request");
        let status = answer.status();
        let text = answer.text().unwrap_or_default();
        assert!(status.is_success(), "{path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}: {text}"))
    };
    let assessment = team_post("/api/assessments", input);
    let id = assessment["id"].as_str().expect("an assessment id");
    let invited =
        team_post(&format!("/api/assessments/{id}/invitations"), json!({"name": "Ada", "email": "ada@multinode.test"}));
    let link = invited["link"].as_str().expect("a candidate link");
    let token = link.rsplit('/').next().expect("a token").to_owned();
    let started = client.post(format!("{url}/api/attempts/{token}/start")).send().expect("starting the attempt");
    assert!(started.status().is_success(), "start: {}", started.status());
    token
}
