#!/usr/bin/env bash
# CI smoke of the benchmark tooling: seeds 10,000 images into SQLite and PostgreSQL and runs every scenario for one
# second at 1 and 4 connections (no Glance). Fails if seeding, the app or any request fails. Well under 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PG="${PANELIMAGES_TEST_POSTGRES:-$(bash scripts/postgres-up.sh)}"
PG_BASE=$(echo "$PG" | sed -E 's/;?Database=[^;]*//')
status=0
for provider in sqlite postgres; do
  BENCH_POSTGRES="$PG_BASE" BENCH_PORT=18181 bash bench/run.sh --provider "$provider" --images 10000 --duration 1 \
    --conns "1 4" --reseed --no-glance --tag smoke || status=1
done
exit $status
