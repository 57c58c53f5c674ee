# The verbs a person types. Run them through ./scripts/just on a fresh machine (it installs just).

set shell := ["bash", "-euo", "pipefail", "-c"]

export CARGO_TERM_COLOR := "never"

# List the recipes.
default:
    @just --list

# ---- setup -----------------------------------------------------------------------------------

# Install host packages, build the release binaries and the web app.
setup: web sandbox-python
    cargo build --release --workspace --bins

# Install host packages (and the test browser), build the debug binaries and the web app.
setup-dev: web sandbox-python
    scripts/setup-host.sh --browser
    cargo build --workspace --bins

# Install the host packages: Debian's python3.11 for the sandbox, node and npm for the web app,
# bubblewrap for the bench to compare with, PostgreSQL.
host:
    scripts/setup-host.sh

# Install the sandbox's Python packages (sandbox/requirements.txt) into /usr/local/lib/verdict.
sandbox-python: host
    scripts/setup-sandbox-python.sh

# Build the web app (bundled by esbuild) into crates/server/web/dist, which cargo then embeds in
# `verdict` (so this runs before every cargo build here; `verdict serve --web DIR` overrides it).
web: host
    scripts/npm-ci.sh crates/server/web
    cd crates/server/web && npm run --silent build

# ---- the main job ------------------------------------------------------------------------------

# Serve the judge and the web app on the catalogue: open http://127.0.0.1:8080/ (or ADDR; beyond
# loopback, also pass --public-url URL). SQL problems in PostgreSQL's dialect run on the cluster
# in VERDICT_SQL_DATABASE_URL, or else on a private one started in data/pg (it keeps running;
# `scripts/pg-cluster.sh stop data/pg` stops it).
serve addr="127.0.0.1:8080" *flags="": setup
    target/release/verdict doctor
    target/release/verdict serve --addr {{addr}} --problems problems --data data \
        --sql-database-url "${VERDICT_SQL_DATABASE_URL:-$(scripts/pg-cluster.sh start data/pg)}" {{flags}}

# Show which confinement layers this host has, then run the example program in the sandbox.
demo: setup
    target/release/verdict doctor
    target/release/verdict run sandbox/examples/euler_pi.py --json

# Run one Python file in the sandbox: just run FILE [--json] ...
run *ARGS: setup
    target/release/verdict run {{ARGS}}

# Which confinement layers this host supports.
doctor: setup
    target/release/verdict doctor

# ---- quality -----------------------------------------------------------------------------------

# Everything CI runs: lints, unit/API/load/adversarial tests, verdict check, the browser test,
# with a private PostgreSQL cluster started for them and stopped after.
test: setup-dev lint
    scripts/with-postgres.sh scripts/just test-only

# The tests alone, on binaries and a web app already built, against the PostgreSQL cluster in
# VERDICT_TEST_DATABASE_URL (scripts/with-postgres.sh starts one).
test-only: && e2e-only
    cargo test --workspace --no-fail-fast
    mkdir -p artifacts
    target/debug/verdict check problems --junit artifacts/check.xml --timings

# The end-to-end test in a real browser (Debian's chromium driven by playwright-core).
e2e: setup-dev e2e-only

# The end-to-end test alone, on binaries and a web app already built.
e2e-only:
    scripts/npm-ci.sh tests/e2e
    cd tests/e2e && VERDICT_BIN=../../target/debug/verdict npm test

# The CI check of a problem set: just check [DIR] [--only SLUG]...
check *ARGS: setup
    target/release/verdict check {{ARGS}}

# Grade a solution: just judge --problem SLUG FILE [--json]
judge *ARGS: setup
    target/release/verdict judge {{ARGS}}

# rustfmt, clippy (warnings as errors) and the tree's shape (no file over 600 lines, no module cycle).
lint:
    python3 scripts/check-structure.py --self-test
    python3 scripts/check-structure.py
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# A trivial test, ORM tests, submissions, throughput and memory against a bare interpreter and
# bubblewrap, side by side, with issue 19's targets.
bench runs="200": setup
    target/release/verdict bench --runs {{runs}}
