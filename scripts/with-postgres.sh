#!/usr/bin/env bash
# Runs a command with a private PostgreSQL cluster started for it and stopped after it, whatever
# the command's outcome: `scripts/with-postgres.sh cargo test -p verdict-store`.
# The command sees the cluster's admin URL in VERDICT_TEST_DATABASE_URL; the cluster lives under
# VERDICT_PG_DIR (default: a fresh temporary directory, removed afterwards).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
if [ -n "${VERDICT_PG_DIR:-}" ]; then
  dir="$VERDICT_PG_DIR"
  keep=1
else
  dir="$(mktemp -d "${TMPDIR:-/tmp}/verdict-pg.XXXXXX")"
  keep=0
fi
cleanup() {
  "$here/pg-cluster.sh" stop "$dir" || true
  if [ "$keep" = 0 ]; then rm -rf "$dir"; fi
}
trap cleanup EXIT
VERDICT_TEST_DATABASE_URL="$("$here/pg-cluster.sh" start "$dir")"
export VERDICT_TEST_DATABASE_URL
echo "with-postgres: cluster at $VERDICT_TEST_DATABASE_URL" >&2
"$@"
