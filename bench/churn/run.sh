#!/usr/bin/env bash
# The list scenarios of bench/run.sh while a writer renames other tenants' images (the sync's own mapper and the
# app's DbContext, from another process: bench/PanelImages.Bench churn) at steady rates, side by side for two builds.
#
#   bench/churn/run.sh --provider sqlite|postgres [--images 10000] [--rates "0 10 100 1000"] [--duration 5]
#                      [--before /path/to/other/checkout]
#
# --before: a checkout whose src/PanelImages and bench/PanelImages.Bench are built in Release (e.g. main via
# `git archive main | tar -x -C DIR`); each cell runs before and after back to back, on their own catalogues.
# Prints one Markdown row per build × rate × scenario: req/s, p50/p99 ms, response-cache hit ratio (after only:
# read from /bench/cache) and the writer's achieved rate. Raw wrk output in bench/out/churn-*.
set -euo pipefail
cd "$(dirname "$0")/../.."
PROVIDER=sqlite IMAGES=10000 RATES="0 10 100 1000" DURATION=5 BEFORE="" PORT0=${BENCH_PORT:-18180}
PG_BASE="${BENCH_POSTGRES:-Host=127.0.0.1;Port=55432;Username=postgres}"
while [ $# -gt 0 ]; do
  case "$1" in
    --provider) PROVIDER=$2; shift ;; --images) IMAGES=$2; shift ;; --rates) RATES=$2; shift ;;
    --duration) DURATION=$2; shift ;; --before) BEFORE=$2; shift ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac; shift
done
command -v wrk >/dev/null || { echo "needs wrk: apt-get install -y wrk" >&2; exit 2; }
OUT=bench/out; mkdir -p "$OUT"
declare -a BUILDS=(after) PIDS=()
declare -A ROOT=([after]=$PWD) PORT CONN SAMPLE
[ -n "$BEFORE" ] && { BUILDS=(before after); ROOT[before]=$BEFORE; }
trap 'for p in "${PIDS[@]}" ${WPID:-}; do kill "$p" 2>/dev/null || true; done' EXIT

i=0
source bench/rate-limits.sh
for b in "${BUILDS[@]}"; do
  PORT[$b]=$((PORT0 + i)); i=$((i + 1))
  if [ "$PROVIDER" = postgres ]; then CONN[$b]="$PG_BASE;Database=churn_${b}_$IMAGES"; else CONN[$b]="Data Source=$OUT/churn-$b-$IMAGES.db"; fi
  SEEDER="${ROOT[$b]}/bench/PanelImages.Bench/bin/Release/net10.0/PanelImages.Bench"
  "$SEEDER" seed --provider "$PROVIDER" --connection "${CONN[$b]}" --images "$IMAGES" --summary "$OUT/churn-$b.json" >/dev/null
  SAMPLE[$b]=$(python3 -c "import json;print(json.load(open('$OUT/churn-$b.json'))['sample_image']['id'])")
  env -u OS_CLOUD -u OS_AUTH_URL ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning \
    dotnet "${ROOT[$b]}/src/PanelImages/bin/Release/net10.0/PanelImages.dll" --urls "http://127.0.0.1:${PORT[$b]}" \
    --Catalog:Provider "$PROVIDER" --Catalog:ConnectionString "${CONN[$b]}" --Sync:Enabled false --Bench:Ceiling true \
    "${RATE_LIMIT_ARGS[@]}" \
    >"$OUT/churn-app-$b.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:${PORT[$b]}/healthz" >/dev/null && break; sleep 0.2; done
done

EU="Authorization: Token bench-enduser-key" ST="Authorization: Token bench-staff-key"
declare -A PATHQ=([eu_first]="/backend/api/openstack/images" [staff_count]="/backend/staffapi/openstack/images"
  [retrieve]="/backend/api/openstack/images/SAMPLE" [ceiling]="/bench/ceiling")
declare -A HDR=([eu_first]="$EU" [staff_count]="$ST" [retrieve]="$EU" [ceiling]="X-Bench: 1")
WRITER="$PWD/bench/PanelImages.Bench/bin/Release/net10.0/PanelImages.Bench" # this build's writer for both catalogues
for b in "${BUILDS[@]}"; do # first answers (JIT, cold caches), then load until tiered JIT settles, before anything is timed
  for n in "${!PATHQ[@]}"; do curl -sf -m 120 -o /dev/null -H "${HDR[$n]}" "http://127.0.0.1:${PORT[$b]}${PATHQ[$n]/SAMPLE/${SAMPLE[$b]}}"; done
  # A 1 s warm-up per cell was not enough: the first timed cell ran at a third of the same cell repeated.
  for n in "${!PATHQ[@]}"; do wrk -t2 -c8 -d3s -H "${HDR[$n]}" "http://127.0.0.1:${PORT[$b]}${PATHQ[$n]/SAMPLE/${SAMPLE[$b]}}" >/dev/null; done
done
stat() { curl -sf "http://127.0.0.1:${PORT[$1]}/bench/cache" 2>/dev/null || echo '{}'; }
echo "uptime: $(uptime)"
echo "| build | changes/s | scenario | req/s | p50 ms | p99 ms | hit ratio | writer/s |"
echo "|---|---:|---|---:|---:|---:|---:|---:|"
for rate in $RATES; do
  for b in "${BUILDS[@]}"; do
    WPID="" WLOG="$OUT/churn-writer-$PROVIDER-$b-$rate.log"
    if [ "$rate" != 0 ]; then # one writer per build and rate, started and writing before anything is timed
      "$WRITER" churn --provider "$PROVIDER" --connection "${CONN[$b]}" --rate "$rate" --seconds 3600 2>"$WLOG" & WPID=$!
      for _ in $(seq 1 600); do grep -q 'changes in' "$WLOG" && break; sleep 0.2; done
    fi
    for n in eu_first staff_count retrieve ceiling; do
      [ "$n" = ceiling ] && [ "$rate" != 0 ] && continue
      url="http://127.0.0.1:${PORT[$b]}${PATHQ[$n]/SAMPLE/${SAMPLE[$b]}}"
      wrk -t1 -c2 -d1s -H "${HDR[$n]}" "$url" >/dev/null
      s0=$(stat "$b")
      f="$OUT/churn-wrk-$PROVIDER-$b-$rate-$n.txt"
      wrk --latency -t2 -c8 -d"${DURATION}s" --timeout 10s -H "${HDR[$n]}" "$url" >"$f" 2>&1 || true
      s1=$(stat "$b")
      read -r rps p50 p99 bad < <(python3 bench/wrkparse.py "$f")
      ratio=$(python3 -c "import json,sys;a,b=json.loads(sys.argv[1]),json.loads(sys.argv[2])
h=b.get('response_hits',0)-a.get('response_hits',0);m=b.get('response_misses',0)-a.get('response_misses',0)
print(f'{h/(h+m):.1%}' if h+m else 'n/a')" "$s0" "$s1")
      wrate=$( [ -n "$WPID" ] && tail -1 "$WLOG" | grep -o '([0-9]*/s)' | tr -d '()/s' || echo 0)
      echo "| $b | $rate | $n | $rps | $p50 | $p99 | $ratio | $wrate |"
      [ "$bad" != 0 ] && echo "  ($bad failed requests)" >&2
    done
    [ -n "$WPID" ] && { kill "$WPID"; wait "$WPID" 2>/dev/null || true; }
  done
done
echo "uptime: $(uptime)"
