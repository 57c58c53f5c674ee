//! The sandbox's Python packages (sandbox/requirements.txt, installed by the setup commands):
//! real Django and SQLAlchemy import and query SQLite inside the box, the folder is read-only
//! there, and a sandbox pointed at a missing folder is refused by name.

use std::path::PathBuf;
use verdict_sandbox::runner::DEFAULT_PYTHON_PACKAGES;
use verdict_sandbox::{Backend, Limits, RunRequest, Runtime, Sandbox, SandboxConfig, Status};
use verdict_tests::binary;

fn sandbox(packages: PathBuf) -> Result<Sandbox, verdict_sandbox::SandboxError> {
    sandbox_on(packages, Backend::default())
}

fn sandbox_on(packages: PathBuf, backend: Backend) -> Result<Sandbox, verdict_sandbox::SandboxError> {
    Sandbox::new(SandboxConfig {
        jail: Some(binary("verdict-jail")),
        forkserver: Some(binary("verdict-forkserver")),
        python_packages: Some(packages),
        backend,
        ..SandboxConfig::default()
    })
}

const SCRIPT: &str = r#"
import os
import django
from django.conf import settings
if not settings.configured:  # the warm fork server has set Django up already
    settings.configure(DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}})
    django.setup()
from django.db import connection
with connection.cursor() as cursor:
    cursor.execute("SELECT 6 * 7")
    print("django", django.VERSION[0], cursor.fetchone()[0])
import sqlalchemy as sa
with sa.create_engine("sqlite://").connect() as conn:
    print("sqlalchemy", sa.__version__.split(".")[0], conn.execute(sa.text("SELECT 1 + 1")).scalar())
try:
    open(os.path.join(os.environ["VERDICT_PYTHON_PACKAGES"], "django", "planted.py"), "w")
    print("writable")
except OSError as error:
    print("read-only", error.errno)
"#;

#[test]
fn django_and_sqlalchemy_work_inside_the_box_read_only() {
    let packages = PathBuf::from(DEFAULT_PYTHON_PACKAGES);
    assert!(packages.is_dir(), "{} is missing: run scripts/setup-sandbox-python.sh", packages.display());
    for backend in [Backend::Exec, Backend::Fork] {
        let sandbox = sandbox_on(packages.clone(), backend).unwrap_or_else(|e| panic!("{e}"));
        let outcome = sandbox.run(&RunRequest::script(SCRIPT)).unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&outcome.stdout);
        let stderr = String::from_utf8_lossy(&outcome.stderr);
        assert_eq!(outcome.status, Status::Ok, "{}: {stdout}\n{stderr}", backend.as_str());
        assert_eq!(stdout, "django 5 42\nsqlalchemy 2 2\nread-only 30\n", "{}", backend.as_str());
    }
}

#[test]
fn a_missing_packages_folder_is_refused_by_name() {
    let error = sandbox(PathBuf::from("/nonexistent/verdict-packages")).expect_err("missing folder");
    assert!(error.to_string().contains("/nonexistent/verdict-packages"), "{error}");
}

#[test]
fn a_packages_folder_under_tmp_is_refused_because_the_jail_hides_it() {
    let dir = tempfile::Builder::new().tempdir_in("/tmp").unwrap_or_else(|e| panic!("{e}"));
    let error = sandbox(dir.path().to_owned()).expect_err("under /tmp");
    assert!(error.to_string().contains("under /tmp"), "{error}");
}

/// What a data run sees: numpy and pandas work, their thread pools keep to one thread, and on
/// the fork backend they were imported before the run began (the data fork server's warm set).
const DATA_SCRIPT: &str = r#"
import sys
preloaded = "pandas" in sys.modules
import numpy as np
import pandas as pd
product = np.ones((300, 300)) @ np.ones((300, 300))
frame = pd.DataFrame({"k": ["a", "b", "a"], "v": [1, 2, 3]})
total = frame.groupby("k")["v"].sum().to_dict()
threads = [line.split()[1] for line in open("/proc/self/status") if line.startswith("Threads:")][0]
print("preloaded" if preloaded else "imported", int(product[0, 0]), total, "threads", threads)
"#;

/// What a web run sees: Flask's and FastAPI's own test clients call an app in the process.
const WEB_SCRIPT: &str = r#"
import flask
from fastapi import FastAPI
from fastapi.testclient import TestClient
app = flask.Flask("probe")
app.add_url_rule("/items", "create", lambda: (flask.jsonify(id=1), 201), methods=["POST"])
api = FastAPI()
api.add_api_route("/items/{item_id}", lambda item_id: {"id": item_id})
flask_reply = app.test_client().post("/items")
fastapi_reply = TestClient(api).get("/items/7")
print("flask", flask_reply.status_code, flask_reply.get_json(), "fastapi", fastapi_reply.status_code, fastapi_reply.json())
"#;

#[test]
fn numpy_and_pandas_run_in_the_data_runtime_on_one_thread() {
    let packages = PathBuf::from(DEFAULT_PYTHON_PACKAGES);
    for (backend, loaded) in [(Backend::Exec, "imported"), (Backend::Fork, "preloaded")] {
        let sandbox = sandbox_on(packages.clone(), backend).unwrap_or_else(|e| panic!("{e}"));
        let request = RunRequest::script(DATA_SCRIPT)
            .with_runtime(Runtime::Data, Vec::new())
            .with_limits(Limits { memory_bytes: 512 << 20, ..Limits::default() });
        let outcome = sandbox.run(&request).unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&outcome.stdout);
        let stderr = String::from_utf8_lossy(&outcome.stderr);
        assert_eq!(outcome.status, Status::Ok, "{}: {stdout}\n{stderr}{:?}", backend.as_str(), outcome.violation);
        assert_eq!(stdout, format!("{loaded} 300 {{'a': 4, 'b': 2}} threads 1\n"), "{}", backend.as_str());
    }
}

#[test]
fn flask_and_fastapi_test_clients_work_in_the_packages_runtime() {
    let packages = PathBuf::from(DEFAULT_PYTHON_PACKAGES);
    for backend in [Backend::Exec, Backend::Fork] {
        let sandbox = sandbox_on(packages.clone(), backend).unwrap_or_else(|e| panic!("{e}"));
        let request = RunRequest::script(WEB_SCRIPT)
            .with_runtime(Runtime::Packages, Vec::new())
            .with_limits(Limits { memory_bytes: 512 << 20, ..Limits::default() });
        let outcome = sandbox.run(&request).unwrap_or_else(|e| panic!("{e}"));
        let stdout = String::from_utf8_lossy(&outcome.stdout);
        let stderr = String::from_utf8_lossy(&outcome.stderr);
        assert_eq!(outcome.status, Status::Ok, "{}: {stdout}\n{stderr}", backend.as_str());
        assert_eq!(stdout, "flask 201 {'id': 1} fastapi 200 {'id': '7'}\n", "{}", backend.as_str());
    }
}
