#!/usr/bin/env bash
# Side-by-side load run on 127.0.0.1: seeds (or reuses) a catalogue of N images, starts the app in Release on its own
# port, and measures each scenario with wrk for a fixed time, then Glance's own list at the same concurrency.
#
#   bench/run.sh --provider sqlite|postgres --images 10000 [--duration 10] [--conns "1 8"] [--reseed] [--no-glance] [--no-limiter]
#
# wrk shares the 2 cores with the app: -t1 at one connection, -t2 above. Prints a Markdown table; raw wrk output
# goes to bench/out/. Exits 1 if any request failed (non-2xx or socket error).
# BENCH_APP_ARGS (words split on spaces) is appended to the app's command line, e.g. to turn caches off:
#   BENCH_APP_ARGS="--Caching:ResponseBytes 0 --Caching:CountBytes 0" bench/run.sh …
set -euo pipefail
cd "$(dirname "$0")/.."
SUFFIX="" PROVIDER=sqlite IMAGES=10000 DURATION=10 CONNS="1 8" RESEED=0 GLANCE=1 PORT=${BENCH_PORT:-18080} BUILD=1
PG_BASE="${BENCH_POSTGRES:-Host=127.0.0.1;Port=55432;Username=postgres}"
while [ $# -gt 0 ]; do
  case "$1" in
    --provider) PROVIDER=$2; shift ;; --images) IMAGES=$2; shift ;; --duration) DURATION=$2; shift ;;
    --conns) CONNS=$2; shift ;; --port) PORT=$2; shift ;; --reseed) RESEED=1 ;; --no-glance) GLANCE=0 ;; --no-limiter) export BENCH_LIMITER=off ;;
    --no-build) BUILD=0 ;; --tag) SUFFIX="-$2"; shift ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac; shift
done
command -v wrk >/dev/null || { echo "run.sh needs wrk: apt-get install -y wrk" >&2; exit 2; }
OUT=bench/out; mkdir -p "$OUT"
TAG="$PROVIDER-$IMAGES$SUFFIX"
if [ "$PROVIDER" = postgres ]; then CONN="$PG_BASE;Database=bench_$IMAGES${SUFFIX//-/_}"; else CONN="Data Source=$OUT/bench-$IMAGES$SUFFIX.db"; fi

if [ "$BUILD" = 1 ]; then
  dotnet build bench/PanelImages.Bench -c Release -v q -nologo 2>&1 | grep -E ' error |rror\(s\)' >&2 || true
fi
APP_DLL=src/PanelImages/bin/Release/net10.0/PanelImages.dll
source bench/rate-limits.sh
read -ra EXTRA_APP_ARGS <<<"${BENCH_APP_ARGS:-}"
SEEDER=bench/PanelImages.Bench/bin/Release/net10.0/PanelImages.Bench
if [ "$RESEED" = 1 ] || [ ! -f "$OUT/$TAG.json" ]; then
  echo "seeding $IMAGES images into $PROVIDER…" >&2
  /usr/bin/time -f "seed: %e s, peak RSS %M KB" "$SEEDER" seed --provider "$PROVIDER" --connection "$CONN" \
    --images "$IMAGES" --summary "$OUT/$TAG.json" >/dev/null
fi
SAMPLE_ID=$(python3 -c "import json;print(json.load(open('$OUT/$TAG.json'))['sample_image']['id'])")

# The app, as it would be deployed: Release, no sync (it would talk to Glance during the run), ceiling mapped.
env -u OS_CLOUD -u OS_AUTH_URL ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
  dotnet "$APP_DLL" --urls "http://127.0.0.1:$PORT" --Catalog:Provider "$PROVIDER" --Catalog:ConnectionString "$CONN" \
  --Sync:Enabled false --Bench:Ceiling true "${RATE_LIMIT_ARGS[@]}" "${EXTRA_APP_ARGS[@]}" >"$OUT/app-$TAG.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null || { echo "app did not start:" >&2; tail -20 "$OUT/app-$TAG.log" >&2; exit 1; }

BASE="http://127.0.0.1:$PORT"
EU="Authorization: Token bench-enduser-key" ST="Authorization: Token bench-staff-key"
STAFF_COUNT=$(curl -sf -H "$ST" "$BASE/backend/staffapi/openstack/images" | python3 -c "import json,sys;print(json.load(sys.stdin)['count'])")
DEEP=$(( STAFF_COUNT / 20 < 500 ? STAFF_COUNT / 20 : 500 ))
declare -a NAMES=(eu_first eu_filtered staff_count staff_deep staff_search retrieve ceiling)
declare -A LABEL=(
  [eu_first]="end user, first page" [eu_filtered]="end user, status+name__icontains, -size"
  [staff_count]="staff, first page + exact count" [staff_deep]="staff, page $DEEP" [staff_search]="staff, search"
  [retrieve]="end user, retrieve by id" [ceiling]="ceiling (fixed 20-image page)" [glance]="Glance GET /v2/images?limit=20")
declare -A URL=(
  [eu_first]="$BASE/backend/api/openstack/images"
  [eu_filtered]="$BASE/backend/api/openstack/images?filtering=status:active%2Bname__icontains:web&ordering=-size"
  [staff_count]="$BASE/backend/staffapi/openstack/images" [staff_deep]="$BASE/backend/staffapi/openstack/images?page=$DEEP"
  [staff_search]="$BASE/backend/staffapi/openstack/images?search=gitlab" [retrieve]="$BASE/backend/api/openstack/images/$SAMPLE_ID"
  [ceiling]="$BASE/bench/ceiling" [glance]="http://127.0.0.1:9292/v2/images?limit=20")
declare -A HDR=([eu_first]="$EU" [eu_filtered]="$EU" [staff_count]="$ST" [staff_deep]="$ST" [staff_search]="$ST" [retrieve]="$EU" [ceiling]="X-Bench: 1")
if [ "$GLANCE" = 1 ]; then
  if GTOKEN=$(python3 bench/glance-seed.py --token 2>/dev/null); then
    NAMES+=(glance); HDR[glance]="X-Auth-Token: $GTOKEN"
    export GLANCE_N; GLANCE_N=$(curl -sf -H "X-Auth-Token: $GTOKEN" "http://127.0.0.1:9292/v2/images?limit=1000" >/dev/null && python3 - "$GTOKEN" <<'PY'
import json, sys, urllib.request
n, path = 0, "/v2/images?limit=1000"
while path:
    r = urllib.request.Request("http://127.0.0.1:9292" + path, headers={"X-Auth-Token": sys.argv[1]})
    j = json.load(urllib.request.urlopen(r)); n += len(j["images"]); path = j.get("next")
print(n)
PY
)
    LABEL[glance]="Glance GET /v2/images?limit=20 ($GLANCE_N visible)"
  else echo "no Keystone/Glance on 127.0.0.1: skipping Glance" >&2; fi
fi

# Warm-up: JIT, pools, caches, PostgreSQL buffers — bounded like everything else.
for n in "${NAMES[@]}"; do
  [ "$n" = glance ] && continue
  wrk -t1 -c2 -d1s -H "${HDR[$n]}" "${URL[$n]}" >/dev/null
done

declare -A RPS P50 P99 BAD
FAIL=0
for c in $CONNS; do
  t=$(( c > 1 ? 2 : 1 ))
  for n in "${NAMES[@]}"; do
    f="$OUT/wrk-$TAG-$n-c$c.txt"
    wrk --latency -t$t -c$c -d"${DURATION}s" --timeout 10s -H "${HDR[$n]}" "${URL[$n]}" >"$f" 2>&1 || true
    read -r rps p50 p99 bad < <(python3 bench/wrkparse.py "$f")
    RPS[$n,$c]=$rps P50[$n,$c]=$p50 P99[$n,$c]=$p99 BAD[$n,$c]=$bad
    [ "$bad" != 0 ] && FAIL=1
    echo "  c=$c $n: $rps req/s, p50 $p50 ms, p99 $p99 ms, failed $bad" >&2
  done
done
HWM=$(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$APP/status)

GLANCE_N="${GLANCE_N:-}" python3 bench/report.py "$TAG" "$CONNS" "$DURATION" "$HWM" "$STAFF_COUNT" "$DEEP" | tee "$OUT/table-$TAG.md"
exit $FAIL
