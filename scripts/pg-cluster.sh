#!/usr/bin/env bash
# A private PostgreSQL cluster from Debian's packages, under its own data directory and socket,
# for the tests and for `verdict serve`'s PostgreSQL-dialect problems:
#
#   scripts/pg-cluster.sh start DIR   initialise DIR (first time) and start the server; prints the
#                                     admin URL (also written to DIR/url)
#   scripts/pg-cluster.sh stop DIR    stop it (fast shutdown); nothing if it is not running
#   scripts/pg-cluster.sh url DIR     print the admin URL of a running cluster
#
# The server listens on a Unix socket in DIR and on 127.0.0.1 at a free port; the superuser
# `postgres` is trusted on the socket and on loopback only (scram for everyone else). PostgreSQL
# refuses to run as root, so when run as root the cluster belongs to the `postgres` user.
set -euo pipefail
verb="${1:?usage: pg-cluster.sh start|stop|url DIR}"
dir="${2:?usage: pg-cluster.sh start|stop|url DIR}"
bin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
if [ -z "$bin" ] || [ ! -x "$bin/pg_ctl" ]; then
  echo "pg-cluster: PostgreSQL is not installed (run scripts/setup-host.sh)" >&2
  exit 1
fi
as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
data="$dir/data"
url_of() {
  local port
  port="$(sed -n 's/^port = \([0-9]*\).*/\1/p' "$data/postgresql.auto.conf" | tail -1)"
  echo "postgresql://postgres@127.0.0.1:$port/postgres"
}
case "$verb" in
  start)
    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd)"
    data="$dir/data"
    if [ "$(id -u)" = 0 ]; then chown postgres: "$dir"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      as_owner "$bin/initdb" --pgdata "$data" --username postgres --auth-local trust \
        --auth-host scram-sha-256 --encoding UTF8 --locale C.UTF-8 >"$dir/initdb.log" 2>&1 ||
        { cat "$dir/initdb.log" >&2; exit 1; }
      # Loopback TCP is trusted for the superuser only (tests and nodes on this machine);
      # every other role needs its password.
      sed -i '/^host/d' "$data/pg_hba.conf"
      printf '%s\n' 'host all postgres 127.0.0.1/32 trust' 'host all all 127.0.0.1/32 scram-sha-256' \
        >>"$data/pg_hba.conf"
    fi
    if as_owner "$bin/pg_ctl" status --pgdata "$data" >/dev/null 2>&1; then
      url_of | tee "$dir/url"
      exit 0
    fi
    port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
    # ALTER SYSTEM's file keeps the port, so `url` can read it back.
    cat >"$data/postgresql.auto.conf" <<EOF
port = $port
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 200
fsync = on
EOF
    chown --reference="$data" "$data/postgresql.auto.conf"
    as_owner "$bin/pg_ctl" start --pgdata "$data" --log "$dir/server.log" --wait --silent ||
      { tail -20 "$dir/server.log" >&2; exit 1; }
    url_of | tee "$dir/url"
    ;;
  stop)
    if [ -f "$data/PG_VERSION" ] && as_owner "$bin/pg_ctl" status --pgdata "$data" >/dev/null 2>&1; then
      as_owner "$bin/pg_ctl" stop --pgdata "$data" --mode fast --wait --silent
    fi
    ;;
  url)
    url_of
    ;;
  *)
    echo "pg-cluster: unknown verb $verb (start, stop or url)" >&2
    exit 2
    ;;
esac
