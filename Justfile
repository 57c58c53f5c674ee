# The verbs a person types. Run them through ./scripts/just on a fresh machine (it installs just).

set shell := ["bash", "-euo", "pipefail", "-c"]

export CARGO_TERM_COLOR := "never"

# List the recipes.
default:
    @just --list

# ---- setup -----------------------------------------------------------------------------------

# Install host packages and build the release binaries.
setup:
    scripts/setup-host.sh
    cargo build --release --workspace --bins

# Install host packages and build the debug binaries the tests drive.
setup-dev:
    scripts/setup-host.sh
    cargo build --workspace --bins

# ---- the main job ------------------------------------------------------------------------------

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

# Everything CI runs: formatting, lints, unit, integration and adversarial tests, and the
# problem-set check of the whole catalogue.
test: setup-dev lint
    cargo test --workspace --no-fail-fast
    mkdir -p artifacts
    target/debug/verdict check problems --junit artifacts/check.xml

# The CI check of a problem set: just check [DIR] [--only SLUG]...
check *ARGS: setup
    target/release/verdict check {{ARGS}}

# Grade a solution: just judge --problem SLUG FILE [--json]
judge *ARGS: setup
    target/release/verdict judge {{ARGS}}

# rustfmt and clippy, warnings as errors.
lint:
    cargo fmt --all --check
    cargo clippy --workspace --all-targets -- -D warnings

# Sandboxed hello world against a bare interpreter, side by side.
bench runs="200": setup
    target/release/verdict bench --runs {{runs}}
