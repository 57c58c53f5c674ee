#!/usr/bin/env bash
# Installs what Verdict needs from the host's package manager:
# - always: Debian's own CPython 3.11, a real ELF interpreter (never a pyenv shim), at
#   /usr/bin/python3.11, for the sandbox, with its shared libpython for the fork server to
#   embed; and node with npm, to build the web app;
# - always: Debian's bubblewrap, the peer `verdict bench` measures the sandbox against;
# - always: Debian's PostgreSQL server, for the PostgreSQL store, queue and SQL dialect (the
#   tests and `verdict serve` start private clusters with scripts/pg-cluster.sh);
# - always: Debian's python3-aiosmtpd, the real SMTP server on loopback the mail tests send to
#   (tests/support/smtp_capture.py, run with Debian's /usr/bin/python3);
# - with --browser: Debian's chromium, for the end-to-end test in a real browser.
set -euo pipefail
packages=()
if ! { [ -x /usr/bin/python3.11 ] && /usr/bin/python3.11 -I -S -c 'import sqlite3, ctypes' 2>/dev/null; }; then
  packages+=(python3.11)
fi
# The warm fork server embeds CPython: linking it needs libpython3.11.so (the -dev package).
if ! /usr/bin/python3.11 -I -S -c 'import sysconfig, os, sys; sys.exit(not os.path.exists(os.path.join(sysconfig.get_config_var("LIBDIR"), "libpython3.11.so")))' 2>/dev/null; then
  packages+=(libpython3.11-dev)
fi
if ! [ -x /usr/bin/bwrap ]; then
  packages+=(bubblewrap)
fi
if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
  packages+=(postgresql)
fi
if ! /usr/bin/python3 -c 'import aiosmtpd' 2>/dev/null; then
  packages+=(python3-aiosmtpd)
fi
if ! command -v npm >/dev/null 2>&1; then
  packages+=(nodejs npm)
fi
if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
  packages+=(chromium)
fi
if [ ${#packages[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${packages[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${packages[@]}" >/dev/null
fi
