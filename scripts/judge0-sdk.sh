#!/usr/bin/env bash
# Sets up the official Judge0 Python SDK (the `judge0` package, pinned with its dependencies in
# tests/judge0/requirements.txt) in a virtual environment under .tools/judge0-sdk, unless it
# already holds exactly those pins, and prints the environment's python. tests/judge0.rs runs
# it, so `cargo test` (and CI) installs the client itself.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
requirements="$root/tests/judge0/requirements.txt"
venv="$root/.tools/judge0-sdk"
stamp="$venv/.verdict-requirements"
if [ ! -f "$stamp" ] || ! cmp -s "$requirements" "$stamp"; then
  echo "judge0-sdk: installing the Judge0 Python SDK into .tools/judge0-sdk" >&2
  rm -rf "$venv"
  python3 -m venv "$venv"
  PIP_ROOT_USER_ACTION=ignore "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --only-binary=:all: -r "$requirements" >&2
  cp "$requirements" "$stamp"
fi
echo "$venv/bin/python"
