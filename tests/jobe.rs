//! Jobe's REST API through a real client: `tests/jobe/client_test.py`, a standard-library
//! Python client that behaves as Moodle CodeRunner's jobesandbox.php does, against real
//! `verdict serve` processes (one with an API key, one run slot and no wait for a slot; one
//! open whose tools folder the client removes, so that its runs fail inside Verdict). It covers
//! every outcome (11, 12, 13, 15, 17, 19, 20, 21), file upload on 404 and the retry, UTF-8,
//! stdin, runargs, a child process (pylint and `python3 -c`) and the key. A server without
//! `--jobe` answers the Jobe paths 404.

use std::ffi::OsString;
use std::path::Path;
use std::process::Command;
use verdict_tests::serve::ServeProcess as Server;
use verdict_tests::{workspace_root, TempDir};

const KEY: &str = "jobe-test-key-0123456789";

fn start(data: &Path, extra: &[&str]) -> Server {
    let mut args = vec![OsString::from("--workers"), "1".into(), "--problems".into()];
    args.extend([workspace_root().join("tests/fixtures").into(), OsString::from("--data"), data.into()]);
    args.extend(extra.iter().map(OsString::from));
    Server::start(args)
}

#[test]
fn a_coderunner_style_client_gets_every_outcome_from_a_real_server() {
    let scratch = TempDir::new("jobe-client");
    // Outside /tmp: the jail cannot bind host paths under /tmp.
    let tools = tempfile::Builder::new()
        .prefix("verdict-jobe-tools-")
        .tempdir_in("/var/tmp")
        .unwrap_or_else(|e| panic!("making a tools folder: {e}"));
    let keyed = start(
        &scratch.path().join("keyed"),
        &["--jobe-api-key", KEY, "--jobe-slots", "1", "--jobe-slot-wait-seconds", "0"],
    );
    let tools_path = tools.path().to_str().unwrap_or_else(|| panic!("a tools path that is not UTF-8"));
    let broken = start(&scratch.path().join("broken"), &["--jobe", "--jobe-tools", tools_path]);
    let output = Command::new("python3")
        .arg(workspace_root().join("tests/jobe/client_test.py"))
        .env("JOBE_URL", &keyed.url)
        .env("JOBE_KEY", KEY)
        .env("JOBE_BROKEN_URL", &broken.url)
        .env("JOBE_BROKEN_TOOLS", tools.path())
        .output()
        .unwrap_or_else(|e| panic!("running the Python client: {e}"));
    let said = format!("{}{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    println!("{said}");
    assert!(output.status.success(), "the Jobe client test failed:\n{said}");
    assert!(said.contains(" 0 failed"), "{said}");
}

#[test]
fn without_jobe_the_jobe_paths_answer_404() {
    let scratch = TempDir::new("jobe-off");
    let server = start(&scratch.path().join("data"), &[]);
    for path in ["/jobe/index.php/restapi/languages", "/restapi/languages", "/restapi/runs"] {
        let response =
            reqwest::blocking::get(format!("{}{path}", server.url)).unwrap_or_else(|e| panic!("GET {path}: {e}"));
        assert_eq!(response.status(), reqwest::StatusCode::NOT_FOUND, "{path}");
        let message: String = response.json().unwrap_or_else(|e| panic!("{path}: not a JSON string: {e}"));
        assert!(message.contains("Jobe API is off"), "{message}");
    }
}
