#!/usr/bin/env bash
# Installs the sandbox's Python packages (sandbox/requirements.txt, hash-pinned wheels) with
# Debian's python3.11 into /usr/local/lib/verdict/sandbox-python, and the tools the Jobe API's
# programs may start (sandbox/requirements-tools.txt: pylint) into
# /usr/local/lib/verdict/tools-python, each unless its folder already holds exactly that
# requirements file's packages. A folder is replaced whole, never half-updated. They live
# outside the checkout because the jail cannot bind host paths under /tmp (it stages the box's
# root there), and a checkout may well be under /tmp.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

install() {
  local requirements="$1" target="$2"
  local stamp="$target/.verdict-requirements"
  if [ -f "$stamp" ] && cmp -s "$requirements" "$stamp"; then
    return 0
  fi
  if ! /usr/bin/python3.11 -m pip --version >/dev/null 2>&1; then
    echo "setup: installing Debian's python3-pip" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-pip >/dev/null
  fi
  echo "setup: installing $(basename "$requirements")'s Python packages into $target" >&2
  mkdir -p "$(dirname "$target")"
  staging="$(mktemp -d "$target.XXXXXX")"
  trap 'rm -rf "$staging"' EXIT
  # Runs use unprivileged uids: the packages must be readable by anyone (mktemp makes it 0700).
  chmod 755 "$staging"
  /usr/bin/python3.11 -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-deps \
    --only-binary=:all: --require-hashes --target "$staging" -r "$requirements"
  cp "$requirements" "$staging/.verdict-requirements"
  rm -rf "$target"
  mv "$staging" "$target"
  trap - EXIT
}

install "$root/sandbox/requirements.txt" /usr/local/lib/verdict/sandbox-python
install "$root/sandbox/requirements-tools.txt" /usr/local/lib/verdict/tools-python
