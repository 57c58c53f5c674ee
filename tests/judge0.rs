//! The Judge0 CE compatible API on a real `verdict serve --judge0`: the official Judge0 Python
//! SDK (installed by scripts/judge0-sdk.sh into .tools/) runs hello world, stdin, expected
//! outputs right and wrong, a syntax error, a time limit and a batch of 40; and plain HTTP
//! checks the edges: keys, 422s naming fields, base64 both ways, `?fields`, `wait`, batches,
//! the limits Judge0 has no status for, callbacks, and the API being off unless turned on.

use reqwest::blocking::Client;
use serde_json::{json, Value};
use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::Command;
use std::time::Duration;
use verdict_tests::serve::ServeProcess;
use verdict_tests::{eventually, workspace_root};

const KEY: &str = "judge0-test-key";

struct Server {
    process: ServeProcess,
    _data: tempfile::TempDir,
}

/// `verdict serve` with two workers and `extra` arguments, on a data folder of its own.
fn start(extra: &[&str]) -> Server {
    let data = tempfile::tempdir().expect("temp dir");
    let mut args = vec![OsString::from("--workers"), "2".into(), "--problems".into()];
    args.extend([workspace_root().join("problems").into(), OsString::from("--data"), data.path().into()]);
    args.extend(extra.iter().map(OsString::from));
    Server { process: ServeProcess::start(args), _data: data }
}

thread_local! {
    /// The base URL of the server the running check talks to.
    static BASE: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

fn base() -> String {
    BASE.with(|b| b.borrow().clone())
}

/// One server with the API on, a key, and callbacks to loopback, for every check in turn (a
/// server shared through a static would outlive the test binary: statics are never dropped).
#[test]
fn the_judge0_api_on_a_real_server() {
    let server =
        start(&["--judge0", "--judge0-token", KEY, "--judge0-callback-host", "127.0.0.1", "--webhooks-allow-private"]);
    BASE.with(|b| *b.borrow_mut() = format!("{}/api/judge0", server.process.url));
    let checks: [(&str, fn()); 7] = [
        ("the official Python SDK", the_official_python_sdk_runs_its_cases),
        ("keys", keys_are_checked_when_the_operator_sets_them),
        ("422s", bad_submissions_are_refused_naming_each_field),
        ("wait, fields, base64", wait_fields_and_base64),
        ("limits", limits_judge0_has_no_status_for_are_runtime_errors_with_a_message),
        ("batches", batches_keep_their_order_and_refuse_past_20),
        ("callbacks", a_callback_puts_the_finished_submission),
    ];
    for (name, check) in checks {
        println!("judge0: {name}");
        check();
    }
}

fn http() -> Client {
    Client::builder().timeout(Duration::from_secs(60)).build().expect("client")
}

/// Sends with the key; the status and the JSON body.
fn call(method: reqwest::Method, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut request = http().request(method, format!("{}{path}", base())).header("X-Auth-Token", KEY);
    if let Some(body) = body {
        request = request.json(&body);
    }
    let response = request.send().expect("request");
    let status = response.status().as_u16();
    (status, response.json().unwrap_or(Value::Null))
}

fn post(path: &str, body: Value) -> (u16, Value) {
    call(reqwest::Method::POST, path, Some(body))
}

fn get(path: &str) -> (u16, Value) {
    call(reqwest::Method::GET, path, None)
}

/// Runs `source` with `wait=true` and extra fields; the submission.
fn run(source: &str, extra: Value) -> Value {
    let mut body = json!({"source_code": source, "language_id": 71});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    let (status, shown) = post("/submissions?wait=true&fields=*", body);
    assert_eq!(status, 201, "{shown}");
    shown
}

fn the_official_python_sdk_runs_its_cases() {
    let setup = Command::new(workspace_root().join("scripts/judge0-sdk.sh")).output().expect("scripts/judge0-sdk.sh");
    assert!(setup.status.success(), "installing the SDK: {}", String::from_utf8_lossy(&setup.stderr));
    let python = String::from_utf8(setup.stdout).expect("a path").trim().to_owned();
    let client = workspace_root().join("tests/judge0/sdk_client.py");
    let output = Command::new(python).arg(client).args([&base(), KEY]).output().expect("running the SDK client");
    let printed = String::from_utf8_lossy(&output.stdout);
    println!("{printed}");
    assert!(output.status.success(), "{printed}\n{}", String::from_utf8_lossy(&output.stderr));
    assert!(printed.contains("SDK cases: 8 of 8 passed"), "{printed}");
}

fn keys_are_checked_when_the_operator_sets_them() {
    let url = format!("{}/languages", base());
    let status = |request: reqwest::blocking::RequestBuilder| request.send().expect("request").status().as_u16();
    assert_eq!(status(http().get(&url)), 401, "no key");
    assert_eq!(status(http().get(&url).header("X-Auth-Token", "wrong")), 401, "a wrong key");
    assert_eq!(status(http().get(&url).header("X-Auth-Token", KEY)), 200);
    let (_, languages) = get("/languages");
    assert_eq!(languages, json!([{"id": 71, "name": "Python (3.11)"}]));
    assert_eq!(get("/languages/71").0, 200);
    assert_eq!(get("/languages/72").0, 404);
}

#[test]
fn the_api_is_off_unless_turned_on() {
    let off = start(&[]);
    let answer = http().get(format!("{}/api/judge0/languages", off.process.url)).send().expect("request");
    assert_eq!(answer.status().as_u16(), 404);
    let body: Value = answer.json().expect("json");
    assert!(body["error"].as_str().is_some_and(|e| e.contains("--judge0")), "{body}");
}

fn bad_submissions_are_refused_naming_each_field() {
    let (status, errors) = post(
        "/submissions",
        json!({"language_id": 50, "cpu_time_limit": 16, "memory_limit": 600000, "enable_network": true, "x": 1}),
    );
    assert_eq!(status, 422, "{errors}");
    assert_eq!(errors["cpu_time_limit"], json!(["must be less than or equal to 15"]));
    assert_eq!(errors["memory_limit"], json!(["must be less than or equal to 512000"]));
    assert_eq!(errors["source_code"], json!(["can't be blank"]));
    for field in ["language_id", "enable_network", "x"] {
        assert!(errors[field].is_array(), "{field}: {errors}");
    }
    let (status, errors) =
        post("/submissions", json!({"source_code": "print(1)", "language_id": 71, "wall_time_limit": 21}));
    assert_eq!((status, &errors["wall_time_limit"]), (422, &json!(["must be less than or equal to 20"])));
    let big = "#".repeat(64 * 1024 + 1);
    let (status, errors) = post("/submissions", json!({"source_code": big, "language_id": 71}));
    assert_eq!(status, 422);
    assert!(errors["source_code"][0].as_str().is_some_and(|e| e.starts_with("is too long")), "{errors}");
    let (status, errors) = post("/submissions?base64_encoded=true", json!({"source_code": "%%%", "language_id": 71}));
    assert_eq!(status, 422, "{errors}");
    let (status, errors) = post(
        "/submissions",
        json!({"source_code": "print(1)", "language_id": 71, "callback_url": "http://example.com/hook"}),
    );
    assert_eq!(status, 422, "a host the operator did not allow: {errors}");
    assert!(errors["callback_url"][0].as_str().is_some_and(|e| e.contains("example.com")), "{errors}");
}

fn wait_fields_and_base64() {
    // Without wait: only the token; read back once done.
    let (status, created) = post("/submissions", json!({"source_code": "print('later')", "language_id": 71}));
    assert_eq!(status, 201);
    assert_eq!(created.as_object().map(|o| o.len()), Some(1), "only the token: {created}");
    let token = created["token"].as_str().expect("a token").to_owned();
    let done = eventually("the submission to finish", || {
        let (_, shown) = get(&format!("/submissions/{token}"));
        (shown["status"]["id"].as_u64().is_some_and(|id| id > 2)).then_some(shown)
    });
    let keys: Vec<&str> = done.as_object().expect("object").keys().map(String::as_str).collect();
    assert_eq!(keys, ["token", "time", "memory", "stdout", "stderr", "compile_output", "message", "status"]);
    assert_eq!(done["stdout"], "later\n");

    let (_, picked) = get(&format!("/submissions/{token}?fields=stdout,status_id"));
    assert_eq!(picked, json!({"stdout": "later\n", "status_id": 3}));
    let (status, refused) = get(&format!("/submissions/{token}?fields=stdout,bogus"));
    assert_eq!((status, refused), (400, json!({"error": "invalid fields: [bogus]"})));
    assert_eq!(get("/submissions/00000000-0000-4000-8000-000000000000").0, 404);

    // base64 in: the source, stdin and expected output; base64 out, and bytes that are not UTF-8.
    let (status, shown) = post(
        "/submissions?base64_encoded=true&wait=true&fields=stdout,status,stdin",
        json!({"source_code": "aW1wb3J0IHN5cwpzeXMuc3Rkb3V0LmJ1ZmZlci53cml0ZShieXRlcyhbMjU1XSkgKyBpbnB1dCgpLmVuY29kZSgpKQ==",
               "language_id": 71, "stdin": "aGk=", "expected_output": "/2hp"}),
    );
    assert_eq!(status, 201, "{shown}");
    assert_eq!(shown, json!({"stdout": "/2hp", "status": {"id": 3, "description": "Accepted"}, "stdin": "aGk="}));
    let source = "import sys\nsys.stdout.buffer.write(bytes([255]))";
    let (status, answer) = post("/submissions?wait=true", json!({"source_code": source, "language_id": 71}));
    assert_eq!(status, 201);
    assert!(answer["error"].as_str().is_some_and(|e| e.contains("base64_encoded=true")), "{answer}");
    let token = answer["token"].as_str().expect("the token with the error");
    assert_eq!(get(&format!("/submissions/{token}")).0, 400, "not UTF-8 without base64");
    assert_eq!(get(&format!("/submissions/{token}?base64_encoded=true&fields=stdout")).1, json!({"stdout": "/w=="}));
}

fn limits_judge0_has_no_status_for_are_runtime_errors_with_a_message() {
    let memory = run("x = bytearray(300 * 1024 * 1024)\nprint(len(x))", json!({"memory_limit": 65536}));
    assert_eq!(memory["status"]["id"], 12, "{memory}");
    assert!(memory["message"].as_str().is_some_and(|m| m.starts_with("Memory limit exceeded")), "{memory}");
    let output = run("print('x' * 200000)", json!({}));
    assert_eq!(output["status"]["id"], 8, "{output}");
    assert!(output["message"].as_str().is_some_and(|m| m.starts_with("Output limit exceeded")), "{output}");
    let raised = run("raise SystemExit(3)", json!({}));
    assert_eq!((&raised["status"]["id"], &raised["exit_code"]), (&json!(11), &json!(3)), "{raised}");
    let network = run("import socket\nsocket.create_connection(('1.1.1.1', 80), timeout=1)", json!({}));
    assert_ne!(network["status"]["id"], 3, "no network in the box: {network}");
}

fn batches_keep_their_order_and_refuse_past_20() {
    let one = |n: usize| json!({"source_code": format!("print({n})"), "language_id": 71});
    let (status, refused) = post("/submissions/batch", json!({"submissions": (0..21).map(one).collect::<Vec<_>>()}));
    assert_eq!(status, 400, "{refused}");
    assert!(refused["error"].as_str().is_some_and(|e| e.contains("20")), "{refused}");
    assert_eq!(post("/submissions/batch", json!({"submissions": []})).0, 400);

    let (status, created) = post("/submissions/batch", json!({"submissions": [one(1), {"language_id": 71}, one(3)]}));
    assert_eq!(status, 201, "{created}");
    assert_eq!(created[1], json!({"source_code": ["can't be blank"]}), "the bad one's errors in its place");
    let tokens: Vec<&str> = [&created[0], &created[2]].iter().filter_map(|c| c["token"].as_str()).collect();
    assert_eq!(tokens.len(), 2);
    let query = format!(
        "/submissions/batch?tokens={},00000000-0000-4000-8000-000000000000,{}&fields=stdout,token",
        tokens[0], tokens[1]
    );
    let shown = eventually("the batch to finish", || {
        let (_, shown) = get(&query);
        (shown["submissions"][0]["stdout"] == "1\n" && shown["submissions"][2]["stdout"] == "3\n").then_some(shown)
    });
    assert_eq!(shown["submissions"][1], Value::Null, "an unknown token is null in its place");
    assert_eq!(shown["submissions"][0]["token"], tokens[0]);
    let many = vec!["00000000-0000-4000-8000-000000000000"; 21].join(",");
    assert_eq!(get(&format!("/submissions/batch?tokens={many}")).0, 400);
}

fn a_callback_puts_the_finished_submission() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://127.0.0.1:{}/done?x=1", listener.local_addr().expect("addr").port());
    let (status, created) =
        post("/submissions", json!({"source_code": "print('called back')", "language_id": 71, "callback_url": url}));
    assert_eq!(status, 201, "{created}");
    let (mut stream, _) = listener.accept().expect("the callback's connection");
    stream.set_read_timeout(Some(Duration::from_secs(30))).expect("timeout");
    let mut received = Vec::new();
    let mut buffer = [0_u8; 4096];
    let (head, body) = loop {
        let read = stream.read(&mut buffer).expect("reading the callback");
        assert!(read > 0, "the callback ended early: {}", String::from_utf8_lossy(&received));
        received.extend_from_slice(&buffer[..read]);
        let text = String::from_utf8_lossy(&received).into_owned();
        if let Some((head, body)) = text.split_once("\r\n\r\n") {
            let length = head
                .lines()
                .find_map(|l| l.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().to_owned()))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(0);
            if body.len() >= length {
                break (head.to_owned(), body.to_owned());
            }
        }
    };
    stream.write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 0\r\nconnection: close\r\n\r\n").expect("answer");
    assert!(head.starts_with("PUT /done?x=1 HTTP/1.1"), "{head}");
    let body: Value = serde_json::from_str(&body).expect("a JSON body");
    assert_eq!(body["token"], created["token"]);
    assert_eq!(body["status"]["id"], 3);
    assert_eq!(body["stdout"], "Y2FsbGVkIGJhY2sK", "in base64, as Judge0 sends it");
}
