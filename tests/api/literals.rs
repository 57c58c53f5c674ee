//! Custom input as Python literals: evaluated inside the box, so the function gets a real tuple
//! and set; a text that is not a literal is a 422 naming its field with Python's message; values
//! come back beside their Python repr.

use super::*;

/// Says what it was given, and returns a tuple (whose repr the box sends, as a tuple).
const TYPES: &str = "def calculate_pi(n, s=None, *, flag=None):\n    return (type(n).__name__, type(s).__name__, sorted(s), flag, 0.0)\n";

const LRU: &str = "class LRUCache:\n    def __init__(self, capacity):\n        self.capacity, self.items = capacity, {}\n\n    def get(self, key):\n        if key not in self.items:\n            return -1\n        self.items[key] = self.items.pop(key)\n        return self.items[key]\n\n    def put(self, key, value):\n        self.items.pop(key, None)\n        self.items[key] = value\n        if len(self.items) > self.capacity:\n            del self.items[next(iter(self.items))]\n";

#[tokio::test]
async fn literals_reach_the_function_as_python_values_and_come_back_as_python_shows_them() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    let input = json!({"literals": {"args": ["(1, 2)", "{3, 1}"], "kwargs": {"flag": "None"}}});
    let run = client.post("/api/problems/calculate-pi/run", json!({"code": TYPES, "input": input})).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text);
    let run = run.json();
    let detail = &run["tests"][0]["detail"];
    assert_eq!(detail["actual"], json!(["tuple", "set", [1, 3], null, 0.0]), "{run}");
    assert_eq!(detail["actual_repr"], "('tuple', 'set', [1, 3], None, 0.0)", "the box's own repr: {run}");
    assert_eq!(detail["input_repr"], "(1, 2), {3, 1}, flag=None", "{run}");
    // The reference takes one argument: its answer to this input is a TypeError, not a value.
    assert_eq!(detail["expected"], json!({"raises": "TypeError"}), "{run}");
    assert!(detail.get("expected_repr").is_none(), "an exception is not a value: {run}");

    // A call list whose keys are tuples (a list would be unhashable), a call's arguments given
    // one text each or as a call writes them.
    let calls = json!({"calls": [["LRUCache", ["2"]], ["put", "(1, 2), 'x'"], ["get", ["(1, 2)"]], ["get", ["(3,)"]]]});
    let run = client.post("/api/problems/lru-cache/run", json!({"code": LRU, "input": {"literals": calls}})).await;
    assert_eq!(run.status, StatusCode::OK, "{}", run.text);
    let run = run.json();
    assert_eq!(run["verdict"], "AC", "the reference got the same tuples: {run}");
    let detail = &run["tests"][0]["detail"];
    assert_eq!(detail["actual"], json!([null, null, "x", -1]), "{run}");
    assert_eq!(detail["expected_repr"], "None\nNone\n'x'\n-1", "one value a line, one per call: {run}");
    assert_eq!(detail["actual_repr"], "None\nNone\n'x'\n-1", "{run}");
    assert_eq!(detail["input_repr"], "LRUCache(2)\nput((1, 2), 'x')\nget((1, 2))\nget((3,))", "{run}");

    // The samples show their values as Python would, beside the JSON.
    let problem = client.get("/api/problems/calculate-pi").await.json();
    assert_eq!(
        (problem["samples"][0]["input_repr"].as_str(), problem["samples"][0]["expected_repr"].as_str()),
        (Some("10000"), Some("3.1414971543976273"))
    );
}

#[tokio::test]
async fn a_text_that_is_not_a_literal_is_refused_by_its_field_with_pythons_message() {
    let service = service().await;
    let mut client = Client::new(service.service.router());
    for (input, field, words) in [
        (json!({"args": ["1", "(1,"]}), "input.literals.args[1]", "was never closed"),
        (json!({"args": ["1"], "kwargs": {"s": "__import__('os')"}}), "input.literals.kwargs.s", "malformed node"),
        (json!({"calls": [["LRUCache", ["2"]], ["get", ["[1"]]]}), "input.literals.calls[1][1][0]", "never closed"),
    ] {
        let problem = if input.get("calls").is_some() { "lru-cache" } else { "calculate-pi" };
        let code = if problem == "lru-cache" { LRU } else { TYPES };
        let refused = client
            .post(&format!("/api/problems/{problem}/run"), json!({"code": code, "input": {"literals": input}}))
            .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.text);
        let (_, named) = refused.error();
        assert_eq!(named.as_deref(), Some(field), "{}", refused.text);
        assert!(refused.text.contains(words), "Python's message: {}", refused.text);
    }
    // Shape and size are the server's to refuse, before any run.
    let long = "1".repeat(16 * 1024 + 1);
    let refused = client
        .post("/api/problems/calculate-pi/run", json!({"code": TYPES, "input": {"literals": {"args": [long]}}}))
        .await;
    assert_eq!(
        (refused.status, refused.error().1.as_deref()),
        (StatusCode::UNPROCESSABLE_ENTITY, Some("input.literals.args[0]"))
    );
}
