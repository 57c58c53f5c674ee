//! No response ever holds a hidden test's data, however hard the code tries to leak it.

use crate::{parse_events, service, Practice, PI_ONE_TERM_TOO_MANY};
use serde_json::{json, Value};
use verdict_tests::http::Client;
use verdict_tests::service::problems_dir;

/// The hidden tests' distinctive strings: text and numbers of their inputs and expected answers
/// that appear nowhere a candidate may look (statement, starter, samples).
fn hidden_strings(slug: &str) -> Vec<String> {
    let problem = verdict_catalog::load_problem(&problems_dir().join(slug)).unwrap_or_else(|e| panic!("{e:?}"));
    let public = format!(
        "{}{}{}",
        problem.statement,
        problem.starter,
        serde_json::to_string(&problem.samples).unwrap_or_default()
    );
    fn leaves(value: &Value, out: &mut Vec<String>) {
        match value {
            Value::String(s) => out.push(s.clone()),
            Value::Number(n) => out.push(n.to_string()),
            Value::Array(a) => a.iter().for_each(|v| leaves(v, out)),
            Value::Object(o) => o.values().for_each(|v| leaves(v, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    for test in &problem.hidden {
        let mut all = Vec::new();
        leaves(&serde_json::to_value(&test.input).unwrap_or_default(), &mut all);
        leaves(&serde_json::to_value(&test.expected).unwrap_or_default(), &mut all);
        found.extend(
            all.into_iter()
                .filter(|s| s.trim().len() >= 6 && !public.contains(s.as_str()) && s != "value" && s != "call"),
        );
    }
    found.sort();
    found.dedup();
    found
}

/// Every string in a response: the raw text and, for JSON and event streams, each decoded
/// string value (so escapes cannot hide a match).
fn visible_text(answer: &str) -> String {
    let mut text = answer.to_owned();
    let mut decode = |value: &Value| text.push_str(&format!("\n{}", collect_strings(value)));
    if let Ok(value) = serde_json::from_str::<Value>(answer) {
        decode(&value);
    }
    for (_, data) in parse_events(answer) {
        decode(&data);
    }
    text
}

fn collect_strings(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(collect_strings).collect::<Vec<_>>().join("\n"),
        Value::Object(o) => o.values().map(collect_strings).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

#[tokio::test]
async fn no_response_ever_holds_a_hidden_tests_data() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    // Code that does its best to leak: prints its input, echoes it back, raises with it.
    let leaky = [
        ("reverse-words", "def reverse_words(s):\n    print('INPUT', s)\n    if len(s) % 2:\n        raise ValueError(f'input was {s!r}')\n    return s\n"),
        ("reverse-words", "def reverse_words(s):\n    return ' '.join(reversed(s.split()))\n"),
        ("shortest-path-grid", "import sys\ndata = sys.stdin.read()\nprint(data)\nraise SystemExit(data)\n"),
        ("calculate-pi", PI_ONE_TERM_TOO_MANY),
    ];
    let mut seen = Vec::new();
    for (slug, code) in leaky {
        seen.push(client.get(&format!("/api/problems/{slug}")).await.text);
        seen.push(client.post(&format!("/api/problems/{slug}/run"), json!({"code": code})).await.text);
        let id = client.submit(slug, code).await;
        seen.push(client.get(&format!("/api/submissions/{id}/events")).await.text);
        seen.push(client.get(&format!("/api/submissions/{id}")).await.text);
        seen.push(client.get(&format!("/api/problems/{slug}/submissions")).await.text);
    }
    seen.push(client.get("/api/problems").await.text);
    let seen: Vec<String> = seen.iter().map(|s| visible_text(s)).collect();
    let mut checked = 0;
    for slug in ["reverse-words", "shortest-path-grid", "calculate-pi"] {
        let secrets = hidden_strings(slug);
        assert!(!secrets.is_empty(), "{slug}: no distinctive hidden data to look for");
        for secret in secrets {
            checked += 1;
            for body in &seen {
                assert!(!body.contains(&secret), "a response shows hidden data {secret:?} of {slug}:\n{body}");
            }
        }
    }
    assert!(checked >= 15, "only {checked} hidden strings checked");
}
