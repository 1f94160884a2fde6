#!/usr/bin/env bash
# Starts a throw-away PostgreSQL for the tests and benchmarks on 127.0.0.1:${PANELIMAGES_PG_PORT:-55432},
# trust auth on loopback only, installing Debian's server package when it is missing. Idempotent.
set -euo pipefail
PORT="${PANELIMAGES_PG_PORT:-55432}"
STATE="${PANELIMAGES_PG_STATE:-/var/lib/panelimages-pg}"

if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
  echo "postgres-up: installing postgresql" >&2
  export DEBIAN_FRONTEND=noninteractive
  # Debian's package would create and start its own cluster on 5432; we only want the binaries.
  mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
  apt-get update -qq >/dev/null 2>&1 || true
  # Our createcluster.conf is already there when postgresql-common arrives: keep it without asking (no tty in CI).
  apt-get install -y -qq --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
    postgresql >/dev/null
fi
BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)"

mkdir -p "$STATE"
chown postgres:postgres "$STATE"
if [ ! -f "$STATE/data/PG_VERSION" ]; then
  runuser -u postgres -- "$BIN/initdb" -D "$STATE/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  cat >> "$STATE/data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$STATE'
max_connections = 200
# A test and benchmark server: durability is not what we measure.
fsync = off
synchronous_commit = off
full_page_writes = off
shared_buffers = 512MB
CONF
fi
if ! runuser -u postgres -- "$BIN/pg_ctl" -D "$STATE/data" status >/dev/null 2>&1; then
  runuser -u postgres -- "$BIN/pg_ctl" -D "$STATE/data" -l "$STATE/server.log" -w -t 60 start >/dev/null
fi
echo "Host=127.0.0.1;Port=$PORT;Username=postgres;Database=postgres"
