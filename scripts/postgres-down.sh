#!/usr/bin/env bash
# Stops the server postgres-up.sh started (--purge also deletes its data).
set -euo pipefail
STATE="${PANELIMAGES_PG_STATE:-/var/lib/panelimages-pg}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
if [ -n "$BIN" ] && [ -f "$STATE/data/PG_VERSION" ]; then
  runuser -u postgres -- "$BIN/pg_ctl" -D "$STATE/data" -m fast stop >/dev/null 2>&1 || true
fi
[ "${1:-}" = "--purge" ] && rm -rf "$STATE"
exit 0
