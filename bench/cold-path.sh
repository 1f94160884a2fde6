#!/usr/bin/env bash
# Cold path before/after on the same catalogue (issue 14). The BEFORE build (a worktree whose response and count
# caches are patched to always miss) seeds catalogue A with its own seeder and schema; A is copied to B and this
# build migrates B forward (timed). Then ROUNDS rounds, each running bench/run.sh for before-on-A, then for
# this-build-on-B with both caches off: alternating, so a noisy neighbour disturbs both builds alike.
# Raw wrk output per round lands in bench/out/cold/<provider>-<images>/<build>-r<round>/; bench/cold-path.py summarises.
#
#   bench/cold-path.sh /work/wt-cold-before postgres|sqlite 10000 [run.sh options, e.g. --conns "1 8" --duration 5]
#
# FIRST_ROUND=4 ROUNDS=5 adds rounds 4 and 5 to catalogues seeded and migrated by an earlier call (no reseed).
# The before build has no rate limiter, so this build runs with --no-limiter: the cold path, not the limiter, is compared.
# SAME_SWITCHES=1: the before build already has the cache switches and the limiter (e.g. e831e55, unpatched), so it
# runs with the same --Caching:…Bytes 0 and --no-limiter as this build.
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=$1 PROVIDER=$2 IMAGES=$3; shift 3
ROUNDS=${ROUNDS:-3} FIRST_ROUND=${FIRST_ROUND:-1} PORT=${BENCH_PORT:-18181}
PG_BASE="${BENCH_POSTGRES:-Host=127.0.0.1;Port=55432;Username=postgres}"
PG_ADMIN="host=127.0.0.1 port=55432 user=postgres dbname=postgres"
A="$PROVIDER-$IMAGES-coldbefore" B="$PROVIDER-$IMAGES-coldafter"
RAW="bench/out/cold/$PROVIDER-$IMAGES"
mkdir -p bench/out "$BEFORE/bench/out" "$RAW"
cp bench/run.sh bench/rate-limits.sh "$BEFORE/bench/"
if [ "$PROVIDER" = postgres ]; then
  CONN_A="$PG_BASE;Database=bench_${IMAGES}_coldbefore" CONN_B="$PG_BASE;Database=bench_${IMAGES}_coldafter"
else
  CONN_A="Data Source=bench/out/bench-$IMAGES-coldbefore.db" CONN_B="Data Source=bench/out/bench-$IMAGES-coldafter.db"
fi

if [ "$FIRST_ROUND" = 1 ]; then
echo "== seed with the before build: $(uptime)" >&2
(cd "$BEFORE" && /usr/bin/time -f "seed: %e s, peak RSS %M KB" bench/PanelImages.Bench/bin/Release/net10.0/PanelImages.Bench seed \
  --provider "$PROVIDER" --connection "$CONN_A" --images "$IMAGES" --summary "bench/out/$A.json" >/dev/null)
cp "$BEFORE/bench/out/$A.json" "bench/out/$B.json"
if [ "$PROVIDER" = postgres ]; then
  psql "$PG_ADMIN" -qc "DROP DATABASE IF EXISTS bench_${IMAGES}_coldafter WITH (FORCE)" \
    -c "CREATE DATABASE bench_${IMAGES}_coldafter TEMPLATE bench_${IMAGES}_coldbefore"
else
  rm -f bench/out/bench-$IMAGES-coldafter.db*
  for f in "$BEFORE"/bench/out/bench-$IMAGES-coldbefore.db*; do cp "$f" "bench/out/$(basename "${f/coldbefore/coldafter}")"; done
fi

start_app() { # log, extra args…: this build on B; STARTED_IN = seconds to its first healthy answer
  local log=$1; shift
  env -u OS_CLOUD -u OS_AUTH_URL ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet src/PanelImages/bin/Release/net10.0/PanelImages.dll --urls "http://127.0.0.1:$PORT" --Catalog:Provider "$PROVIDER" \
    --Catalog:ConnectionString "$CONN_B" --Sync:Enabled false "$@" >"$log" 2>&1 &
  APP=$!
  local start; start=$(date +%s.%N)
  until curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null; do
    kill -0 $APP 2>/dev/null || { echo "app exited:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.1
  done
  STARTED_IN=$(python3 -c "print(round($(date +%s.%N) - $start, 1))")
}
trap 'kill ${APP:-} 2>/dev/null || true' EXIT

# Forward migration of the before catalogue: the app migrates on start, so its first healthy answer is timed, then the
# same start on the migrated catalogue (what start alone costs).
echo "== migrate forward: $(uptime)" >&2
start_app "bench/out/migrate-$B.log"; kill $APP; wait $APP 2>/dev/null || true
echo "migrate forward + start: $STARTED_IN s" | tee "$RAW/migrate.txt" >&2
# Caches off: the same list and retrieve asked three times each must be all misses and keep 0 bytes.
start_app "bench/out/restart-$B.log" --Bench:Ceiling true --RateLimits:Enabled false --Caching:ResponseBytes 0 --Caching:CountBytes 0
echo "start, already migrated: $STARTED_IN s" | tee -a "$RAW/migrate.txt" >&2
SAMPLE_ID=$(python3 -c "import json;print(json.load(open('bench/out/$B.json'))['sample_image']['id'])")
for _ in 1 2 3; do
  curl -sf -o /dev/null -H "Authorization: Token bench-staff-key" "http://127.0.0.1:$PORT/backend/staffapi/openstack/images"
  curl -sf -o /dev/null -H "Authorization: Token bench-enduser-key" "http://127.0.0.1:$PORT/backend/api/openstack/images/$SAMPLE_ID"
done
echo "caches off, 3 x (staff list + retrieve): $(curl -sf "http://127.0.0.1:$PORT/bench/cache")" | tee -a "$RAW/migrate.txt" >&2
kill $APP; wait $APP 2>/dev/null || true
fi

for r in $(seq "$FIRST_ROUND" "$ROUNDS"); do
  echo "== round $r before: $(uptime)" | tee -a "$RAW/load.txt" >&2
  BEFORE_SWITCHES=(); BEFORE_ENV=""
  [ "${SAME_SWITCHES:-0}" = 1 ] && BEFORE_SWITCHES=(--no-limiter) && BEFORE_ENV="--Caching:ResponseBytes 0 --Caching:CountBytes 0"
  BENCH_PORT=$PORT BENCH_APP_ARGS="$BEFORE_ENV" "$BEFORE/bench/run.sh" --provider "$PROVIDER" --images "$IMAGES" --tag coldbefore \
    --no-glance --no-build "${BEFORE_SWITCHES[@]}" "$@" \
    >"$RAW/before-r$r.md" || echo "before run reported failures" >&2
  mkdir -p "$RAW/before-r$r"; mv "$BEFORE"/bench/out/wrk-$A-*.txt "$RAW/before-r$r/"
  echo "== round $r after: $(uptime)" | tee -a "$RAW/load.txt" >&2
  BENCH_PORT=$PORT BENCH_APP_ARGS="--Caching:ResponseBytes 0 --Caching:CountBytes 0" \
    bench/run.sh --provider "$PROVIDER" --images "$IMAGES" --tag coldafter --no-glance --no-build --no-limiter "$@" \
    >"$RAW/after-r$r.md" || echo "after run reported failures" >&2
  mkdir -p "$RAW/after-r$r"; mv bench/out/wrk-$B-*.txt "$RAW/after-r$r/"
done
