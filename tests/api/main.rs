//! The HTTP API over the real router, the real catalogue, a real SQLite file and the real
//! sandbox: the problem endpoints, running and submitting, progress as server-sent events,
//! drafts, every kind of bad input (always a 4xx naming what was wrong, never a 5xx), a full
//! queue (429 with Retry-After, nothing lost), judging again after a restart, that no
//! response ever holds a hidden test's data, the security headers on every answer, no redirect
//! to another host, and request ids a client cannot use to forge log fields.

mod bad_input;
mod headers;
mod hidden;
mod literals;
mod postgres;
mod problems;
mod queue;
mod submissions;

use axum::http::{header, StatusCode};
use serde_json::{json, Value};
use verdict_tests::http::Client;
use verdict_tests::service::{queue, TestService};

const PI_SOLUTION: &str = "import math\n\n\ndef calculate_pi(n):\n    total = 0.0\n    for i in range(1, n):\n        total += 1 / i**2\n    return math.sqrt(6 * total)\n";
const PI_ONE_TERM_TOO_MANY: &str =
    "import math\n\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n + 1)))\n";

/// What practice mode adds to the test client.
trait Practice {
    async fn submit(&mut self, problem: &str, code: &str) -> String;
    async fn events(&mut self, id: &str) -> Vec<(String, Value)>;
}

impl Practice for Client {
    async fn submit(&mut self, problem: &str, code: &str) -> String {
        let answer = self.post("/api/submissions", json!({"problem": problem, "code": code})).await;
        assert_eq!(answer.status, StatusCode::ACCEPTED, "{}", answer.text);
        let id = answer.json()["id"].as_str().unwrap_or_default().to_owned();
        let location = answer.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default();
        assert_eq!(location, format!("/api/submissions/{id}"));
        id
    }

    /// Follows a submission's event stream to its end: (event name, data) pairs.
    async fn events(&mut self, id: &str) -> Vec<(String, Value)> {
        let answer = self.get(&format!("/api/submissions/{id}/events")).await;
        assert_eq!(answer.status, StatusCode::OK, "{}", answer.text);
        parse_events(&answer.text)
    }
}

fn parse_events(text: &str) -> Vec<(String, Value)> {
    text.split("\n\n")
        .filter_map(|block| {
            let name = block.lines().find_map(|l| l.strip_prefix("event: "))?;
            let data: String = block.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
            Some((name.to_owned(), serde_json::from_str(&data).unwrap_or_else(|e| panic!("event data ({e}): {data}"))))
        })
        .collect()
}

async fn service() -> TestService {
    TestService::start(queue(2, 16)).await
}
