#!/usr/bin/env bash
# Installs a folder's npm packages exactly as its package-lock.json pins them, unless they are
# already installed from that same lockfile (npm ci would delete and refetch them every time).
set -euo pipefail
dir="$1"
stamp="$dir/node_modules/.verdict-lock"
if [ -f "$stamp" ] && cmp -s "$dir/package-lock.json" "$stamp"; then
  exit 0
fi
(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
cp "$dir/package-lock.json" "$stamp"
