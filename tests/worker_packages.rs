//! Problem packages travel to workers by content hash: a `verdict worker` started in an empty
//! folder, with no catalogue, judges submissions and runs made on a serve node (`--workers 0`)
//! against the packages that node published in PostgreSQL, fetching each once; a package whose bytes
//! were tampered with in the database fails its submission as an internal error naming the
//! hash; and a problem edited after a submission (a new hash) does not change the tests that
//! submission is judged against.

use serde_json::{json, Value};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use verdict_pgtest::ScratchDatabase;
use verdict_store::{JobStore, PgStore, Store, SubmissionRecord, SubmissionState};
use verdict_tests::serve::ServeProcess;
use verdict_tests::{binary, copy_dir, eventually, workspace_root};

const COOKIE: &str = "verdict_candidate=0123456789abcdef0123456789abcdef";
const GOOD_PI: &str =
    "import math\n\ndef calculate_pi(n):\n    return math.sqrt(6 * sum(1 / i**2 for i in range(1, n)))\n";
/// The message a worker logs each time it fetches a package from the store.
const FETCHED: &str = "fetched a package from the store";

/// A child process killed when the test ends.
struct Process(Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A catalogue holding only a copy of the real `calculate-pi`.
fn catalogue() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&workspace_root().join("problems/calculate-pi"), &dir.path().join("calculate-pi"));
    dir
}

/// `verdict serve --workers 0` on `database` with the catalogue `problems`: it judges nothing,
/// it publishes the packages. The process and its address.
fn serve(database: &ScratchDatabase, problems: &Path) -> (ServeProcess, String) {
    let data = tempfile::tempdir().expect("temp dir");
    let mut args: Vec<OsString> = vec!["--workers".into(), "0".into(), "--problems".into(), problems.into()];
    args.extend(["--data".into(), data.path().into(), "--database-url".into(), database.url().into()]);
    let server = ServeProcess::start(args);
    let url = server.url.clone();
    (server, url)
}

/// `verdict worker` with one worker, started in `dir` (its working folder, its package cache
/// and its log), with the catalogue `problems` if any.
fn worker(database: &ScratchDatabase, dir: &Path, problems: Option<&Path>) -> Process {
    let log = std::fs::File::create(dir.join("worker.log")).expect("creating the worker's log");
    let mut command = Command::new(binary("verdict"));
    command.args(["worker", "--no-warm", "--log-json", "--workers", "1", "--package-cache"]).arg(dir.join("cache"));
    if let Some(problems) = problems {
        command.arg("--problems").arg(problems);
    }
    let child = command
        .current_dir(dir)
        .env("DATABASE_URL", database.url())
        .stdout(Stdio::null())
        .stderr(log)
        .spawn()
        .expect("starting verdict worker");
    Process(child)
}

/// The worker's log lines that say it fetched a package.
fn fetches(dir: &Path) -> Vec<Value> {
    let log = std::fs::read_to_string(dir.join("worker.log")).expect("reading the worker's log");
    log.lines().filter(|l| l.contains(FETCHED)).map(|l| serde_json::from_str(l).expect("a JSON log line")).collect()
}

fn submit(url: &str, code: &str) -> String {
    let answer: Value = reqwest::blocking::Client::new()
        .post(format!("{url}/api/submissions"))
        .header("cookie", COOKIE)
        .json(&json!({"problem": "calculate-pi", "code": code}))
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .expect("submitting");
    answer["id"].as_str().unwrap_or_else(|| panic!("no id in {answer}")).to_owned()
}

/// The submission once it is final.
fn judged(store: &PgStore, id: &str) -> SubmissionRecord {
    eventually("the submission's verdict", || store.submission(id).expect("reading it").filter(|r| r.state.is_final()))
}

fn stored(store: &PgStore, id: &str) -> SubmissionRecord {
    store.submission(id).expect("reading it").unwrap_or_else(|| panic!("{id} not stored"))
}

#[test]
fn a_worker_without_a_catalogue_fetches_each_package_once_and_judges() {
    let database = ScratchDatabase::create("verdict_wpkg");
    let problems = catalogue();
    let (_server, url) = serve(&database, problems.path());
    let store = PgStore::open(database.url()).expect("opening the store");
    let first = submit(&url, GOOD_PI);
    let hash = stored(&store, &first).package.unwrap_or_else(|| panic!("{first} was stored without a package"));
    let published = store.package(&hash).expect("reading the package").expect("the package is published");
    assert!(!published.is_empty());

    let empty = tempfile::tempdir().expect("temp dir");
    let _worker = worker(&database, empty.path(), None);
    let done = judged(&store, &first);
    assert_eq!((done.state, done.verdict.as_deref()), (SubmissionState::Finished, Some("AC")), "{done:?}");
    assert!(empty.path().join("cache").join(&hash).is_dir(), "the package is not in the worker's cache");

    let second = submit(&url, GOOD_PI);
    assert_eq!(stored(&store, &second).package.as_deref(), Some(hash.as_str()), "the same problem, the same package");
    let done = judged(&store, &second);
    assert_eq!((done.state, done.verdict.as_deref()), (SubmissionState::Finished, Some("AC")), "{done:?}");
    // A run on the serve node is stored with the same package, and judged against it.
    let run: Value = reqwest::blocking::Client::new()
        .post(format!("{url}/api/problems/calculate-pi/run"))
        .header("cookie", COOKIE)
        .json(&json!({"code": GOOD_PI}))
        .send()
        .and_then(|r| r.error_for_status())
        .and_then(|r| r.json())
        .expect("running");
    assert_eq!(run["verdict"], json!("AC"), "{run}");
    let fetched = fetches(empty.path());
    assert_eq!(fetched.len(), 1, "one fetch for two submissions and a run of one package: {fetched:?}");
    assert_eq!(fetched[0]["fields"]["package"], json!(hash), "{fetched:?}");
}

#[test]
fn a_package_tampered_with_in_the_database_fails_its_submission_naming_the_hash() {
    let database = ScratchDatabase::create("verdict_wpkg_tampered");
    let problems = catalogue();
    let (_server, url) = serve(&database, problems.path());
    let store = PgStore::open(database.url()).expect("opening the store");
    let id = submit(&url, GOOD_PI);
    let hash = stored(&store, &id).package.expect("stored with its package");
    // One byte of a file's contents changed: still a readable archive, no longer this hash.
    let changed = database
        .connect()
        .execute(
            "UPDATE packages SET bytes = overlay(bytes placing '\\x58'::bytea from 1200 for 1) WHERE hash = $1",
            &[&hash],
        )
        .expect("tampering with the package");
    assert_eq!(changed, 1);

    let empty = tempfile::tempdir().expect("temp dir");
    let _worker = worker(&database, empty.path(), None);
    let done = judged(&store, &id);
    assert_eq!(done.state, SubmissionState::Failed, "judged on tampered bytes: {done:?}");
    let error = done.error.unwrap_or_default();
    assert!(error.contains(&hash) && error.contains("refused"), "the error does not name the hash: {error}");
    assert!(!empty.path().join("cache").join(&hash).exists(), "the tampered package was cached");
}

#[test]
fn a_problem_edited_after_a_submission_does_not_change_what_it_is_judged_against() {
    let database = ScratchDatabase::create("verdict_wpkg_edited");
    let problems = catalogue();
    let (server, url) = serve(&database, problems.path());
    let store = PgStore::open(database.url()).expect("opening the store");
    let before = submit(&url, GOOD_PI);
    drop(server);

    // The function is renamed: code that answers the old problem fails the new one.
    let problem: PathBuf = problems.path().join("calculate-pi");
    let files = [
        "problem.toml",
        "starter.py",
        "statement.md",
        "submissions/accepted/reference.py",
        "submissions/accepted/fsum.py",
        "submissions/wrong_answer/no_sqrt.py",
        "submissions/wrong_answer/off_by_one_fewer.py",
        "submissions/wrong_answer/off_by_one_more.py",
    ];
    for file in files {
        let path = problem.join(file);
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        std::fs::write(&path, text.replace("calculate_pi", "approximate_pi")).expect("editing the problem");
    }
    let (_server, url) = serve(&database, problems.path());
    let after = submit(&url, &GOOD_PI.replace("calculate_pi", "approximate_pi"));
    let (old, new) = (stored(&store, &before).package, stored(&store, &after).package);
    assert!(old.is_some() && new.is_some() && old != new, "an edit makes a new package: {old:?} {new:?}");

    // A worker whose own catalogue is the edited one: the new submission is judged on its copy,
    // the old one against the old package, fetched.
    let dir = tempfile::tempdir().expect("temp dir");
    let _worker = worker(&database, dir.path(), Some(problems.path()));
    for id in [&before, &after] {
        let done = judged(&store, id);
        assert_eq!((done.state, done.verdict.as_deref()), (SubmissionState::Finished, Some("AC")), "{id}: {done:?}");
    }
    let fetched = fetches(dir.path());
    assert_eq!(fetched.len(), 1, "only the old package is fetched: {fetched:?}");
    assert_eq!(fetched[0]["fields"]["package"], json!(old), "{fetched:?}");
}
