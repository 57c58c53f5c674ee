//! What the bench runs (the trivial test, the ORM tests, the memory probe) and how it reads
//! what came back: a figure counts only if its run gave the right result.

use anyhow::{bail, ensure, Context, Result};
use serde_json::{json, Map, Value};
use std::path::Path;
use std::process::{Command, Stdio};
use verdict_judge::harness;
use verdict_sandbox::{BoxedFile, RunOutcome, RunRequest, Status};

pub const TRIVIAL_SOLUTION: &str = "def add(a, b):\n    return a + b\n";
pub const DJANGO_TEST: &str = r#"import verdict_runtime
models = verdict_runtime.schema("django", "library").module
author = models.Author.objects.create(name="a")
models.Book.objects.bulk_create([models.Book(title="t%d" % i, year=1995 + i, author=author) for i in range(10)])
print(list(models.Book.objects.filter(year__gte=2000).order_by("year").values_list("title", flat=True)[:3]))
"#;
pub const SQLALCHEMY_TEST: &str = r#"import verdict_runtime
from sqlalchemy import select
library = verdict_runtime.schema("sqlalchemy", "library")
models = library.module
with library.session() as session:
    author = models.Author(name="a")
    session.add_all([models.Book(title="t%d" % i, year=1995 + i, author=author) for i in range(10)])
    session.flush()
    query = select(models.Book.title).where(models.Book.year >= 2000).order_by(models.Book.year).limit(3)
    print(session.scalars(query).all())
"#;
/// The private memory of the process running the test, as the test's own result.
pub const PRIVATE_MEMORY: &str = r#"def add(a, b):
    total = 0
    with open("/proc/self/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith(("Private_Clean", "Private_Dirty")):
                total += int(line.split()[1])
    return total
"#;
/// The same count for a bare interpreter, which has no harness to return it through.
const BARE_PRIVATE_MEMORY: &str = r#"total = 0
with open("/proc/self/smaps_rollup") as rollup:
    for line in rollup:
        if line.startswith(("Private_Clean", "Private_Dirty")):
            total += int(line.split()[1])
print(total)
"#;

/// One function test as the judge runs it: the harness calls `add(1, 2)` from solution.py.
pub fn trivial_request(solution: &str) -> RunRequest {
    let files = vec![BoxedFile { name: "solution.py".into(), contents: solution.as_bytes().to_vec() }];
    let request = harness::Request::Function { entry: "add", args: &[json!(1), json!(2)], kwargs: &Map::new() };
    request.to_run(files, verdict_sandbox::Limits::default())
}

pub fn expect_ok(outcome: &RunOutcome) -> Result<()> {
    if outcome.status != Status::Ok {
        bail!(
            "a run ended {}: {:?} {}",
            outcome.status,
            outcome.error,
            String::from_utf8_lossy(&outcome.stderr).trim()
        );
    }
    Ok(())
}

pub fn value_of(outcome: &RunOutcome) -> Result<Value> {
    expect_ok(outcome)?;
    value_in(&outcome.stdout)
}

/// The value the harness says the tested function returned, from the harness's output.
pub fn value_in(stdout: &[u8]) -> Result<Value> {
    let reply = harness::Stream::read(stdout).reply.context("the harness's result")?;
    match reply.outcome {
        harness::Outcome::Returned { value, .. } => Ok(value),
        other => bail!("the harness said {}: {}", other.status(), other.explanation()),
    }
}

pub fn expect_three(got: Value) -> Result<()> {
    ensure!(got == json!(3), "the trivial test returned {got}, not 3");
    Ok(())
}

pub fn expect_kib(got: Value) -> Result<u64> {
    got.as_u64().with_context(|| format!("the memory probe returned {got}, not a count of KiB"))
}

pub fn bare_start(interpreter: &Path) -> Result<()> {
    let status = Command::new(interpreter)
        .args(["-I", "-S", "-c", "pass"])
        .env_clear()
        .stdout(Stdio::null())
        .status()
        .context("starting the bare interpreter")?;
    ensure!(status.success(), "the bare interpreter failed: {status}");
    Ok(())
}

/// The private memory of a bare interpreter that has just started, in KiB.
pub fn bare_private_kib(interpreter: &Path) -> Result<u64> {
    let output = Command::new(interpreter)
        .args(["-I", "-S", "-c", BARE_PRIVATE_MEMORY])
        .env_clear()
        .stderr(Stdio::inherit())
        .output()
        .context("starting the bare interpreter")?;
    ensure!(output.status.success(), "the bare interpreter failed: {}", output.status);
    let text = String::from_utf8_lossy(&output.stdout);
    text.trim().parse().with_context(|| format!("the bare interpreter printed {text:?}, not a count of KiB"))
}
