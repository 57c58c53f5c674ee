#!/usr/bin/env bash
# Installs what the sandbox needs from the host's package manager: Debian's own CPython 3.11,
# a real ELF interpreter (never a pyenv shim), at /usr/bin/python3.11.
set -euo pipefail
if [ -x /usr/bin/python3.11 ] && /usr/bin/python3.11 -I -S -c 'import sqlite3, ctypes' 2>/dev/null; then
  exit 0
fi
echo "setup: installing Debian's python3.11" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq python3.11 >/dev/null
