#!/usr/bin/env bash
# Soak: the Release app on a 10,000-image SQLite catalogue, at 80% of its measured maximum for a long time, with
# mixed traffic — the three audiences' lists and retrieves (wrk, bench/soak-mix.lua), image actions against the real
# Glance as the end user (bench/soak_actions.py) and the stream of Glance notifications they cause (consumed from
# RabbitMQ). Prints per window: req/s, p99, errors, the app's RSS and the load average; exits 1 on any error.
#
#   bench/soak.sh [--minutes 30] [--window 300]      # the benchmark (README figures)
#   bench/soak.sh --seconds 60 --window 15           # the CI version
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_TOTAL=1800 WINDOW=300 PORT=${SOAK_PORT:-18282} CONNS=8
while [ $# -gt 0 ]; do
  case "$1" in
    --minutes) SECONDS_TOTAL=$(( $2 * 60 )); shift ;; --seconds) SECONDS_TOTAL=$2; shift ;;
    --window) WINDOW=$2; shift ;; --port) PORT=$2; shift ;; *) echo "unknown option $1" >&2; exit 2 ;;
  esac; shift
done
command -v wrk >/dev/null || { echo "soak.sh needs wrk: apt-get install -y wrk" >&2; exit 2; }
CLOUDS=${OS_CLIENT_CONFIG_FILE:-/var/lib/openstack-loopback/clouds.yaml}
[ -r "$CLOUDS" ] || { echo "soak.sh needs Keystone, Glance and RabbitMQ: OSL_RABBIT=1 bash scripts/openstack/up.sh" >&2; exit 2; }
OUT=bench/out; mkdir -p "$OUT"
DB="$OUT/soak.db"

dotnet build bench/PanelImages.Bench -c Release -v q -nologo 2>&1 | grep -E ' error |rror\(s\)' >&2 || true
APP_DLL=src/PanelImages/bin/Release/net10.0/PanelImages.dll
source bench/rate-limits.sh
rm -f "$DB" "$DB-wal" "$DB-shm"
bench/PanelImages.Bench/bin/Release/net10.0/PanelImages.Bench seed --provider sqlite --connection "Data Source=$DB" \
  --images 10000 --summary "$OUT/soak.json" >/dev/null
export SOAK_SAMPLE_ID; SOAK_SAMPLE_ID=$(python3 -c "import json;print(json.load(open('$OUT/soak.json'))['sample_image']['id'])")
# The bench end user's big client owns the demo1 project in Glance: its actions are real Glance calls.
DEMO1=$(python3 - "$CLOUDS" <<'PY'
import json, sys, urllib.request, re
text = open(sys.argv[1]).read()
block = text[text.index("demo1:"):]
pw = re.search(r"password:\s*(\S+)", block).group(1).strip("\"'")
body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {"name": "demo1", "domain": {"id": "default"}, "password": pw}}},
        "scope": {"project": {"name": "demo1", "domain": {"id": "default"}}}}}
r = urllib.request.urlopen(urllib.request.Request("http://127.0.0.1:5000/v3/auth/tokens", json.dumps(body).encode(), {"Content-Type": "application/json"}))
print(json.load(r)["token"]["project"]["id"])
PY
)
dotnet "$APP_DLL" projects map "$DEMO1" --client 1000 --region RegionOne --Catalog:ConnectionString "Data Source=$DB" >/dev/null

ASPNETCORE_ENVIRONMENT=Production Logging__LogLevel__Default=Warning dotnet "$APP_DLL" --urls "http://127.0.0.1:$PORT" \
  --Catalog:ConnectionString "Data Source=$DB" --OpenStack:Cloud admin --OpenStack:CloudsFile "$CLOUDS" --Sync:Enabled false \
  --Notifications:Regions:0:Region RegionOne --Notifications:Regions:0:TransportUrl "amqp://openstack:rabbit-secret@127.0.0.1:5672/" \
  --Notifications:Regions:0:Queue panelimages.soak --Notifications:CatchUpAfterOutage false --Telemetry:Prometheus true \
  "${RATE_LIMIT_ARGS[@]}" >"$OUT/app-soak.log" 2>&1 &
APP=$!
trap 'kill $APP 2>/dev/null || true' EXIT
for _ in $(seq 1 600); do curl -sf "http://127.0.0.1:$PORT/healthz/live" >/dev/null && break; sleep 0.2; done
curl -sf "http://127.0.0.1:$PORT/healthz/live" >/dev/null || { echo "app did not start:" >&2; tail -20 "$OUT/app-soak.log" >&2; exit 1; }
rss() { awk '/VmRSS/ {printf "%.0f", $2/1024}' /proc/$APP/status; }
load() { cut -d' ' -f1 /proc/loadavg; }

# Maximum: the same mix unpaced, after a warm-up.
SOAK_DELAY_MS=0 wrk -t2 -c$CONNS -d3s -s bench/soak-mix.lua "http://127.0.0.1:$PORT" >/dev/null
SOAK_DELAY_MS=0 wrk --latency -t2 -c$CONNS -d10s --timeout 10s -s bench/soak-mix.lua "http://127.0.0.1:$PORT" >"$OUT/soak-max.txt" 2>&1
read -r MAX _ MAXP99 _ < <(python3 bench/wrkparse.py "$OUT/soak-max.txt")
[ "${MAX%.*}" -gt 0 ] || { echo "no request completed while measuring the maximum:" >&2; cat "$OUT/soak-max.txt" >&2; exit 1; }
TARGET=$(python3 -c "print(int(float('$MAX') * 0.8))")
# Each connection waits so that CONNS connections together send about TARGET req/s (latency comes on top).
DELAY=$(python3 -c "print(max(1, int(1000 * $CONNS / max(1, $TARGET))))")
echo "max $MAX req/s (p99 $MAXP99 ms, load $(load)); soak target 80% = $TARGET req/s, $((SECONDS_TOTAL / 60)) min, windows of $WINDOW s"

python3 bench/soak_actions.py --port "$PORT" --seconds "$SECONDS_TOTAL" >"$OUT/soak-actions.txt" 2>"$OUT/soak-actions.err" &
ACTIONS=$!
printf '| window | req/s | p99 ms | errors | RSS MiB | load |\n|---:|---:|---:|---:|---:|---:|\n'
ERRORS=0 W=0 END=$(( $(date +%s) + SECONDS_TOTAL ))
while [ "$(date +%s)" -lt "$END" ]; do
  W=$((W + 1)); LEFT=$(( END - $(date +%s) )); D=$(( LEFT < WINDOW ? LEFT : WINDOW ))
  [ "$D" -lt 1 ] && break
  f="$OUT/soak-w$W.txt"
  SOAK_DELAY_MS=$DELAY wrk --latency -t2 -c$CONNS -d"${D}s" --timeout 10s -s bench/soak-mix.lua "http://127.0.0.1:$PORT" >"$f" 2>&1 || true
  read -r rps _ p99 bad < <(python3 bench/wrkparse.py "$f")
  ERRORS=$((ERRORS + bad))
  echo "| $W | $rps | $p99 | $bad | $(rss) | $(load) |"
done
wait $ACTIONS || true
read -r _ NACT _ AERR < "$OUT/soak-actions.txt"
ERRORS=$((ERRORS + AERR))
APPLIED=$(curl -sf -H "Authorization: Token bench-staff-key" "http://127.0.0.1:$PORT/backend/staffapi/openstack/sync" |
  python3 -c "import json,sys;r=json.load(sys.stdin)['notifications']['regions'];print(sum(x['applied'] for x in r), sum(x['dead_lettered'] for x in r))")
echo "actions through Glance: $NACT ($AERR errors, $(head -3 "$OUT/soak-actions.err" | tr '\n' ' '))"
echo "notifications applied / dead-lettered: $APPLIED"
curl -sf "http://127.0.0.1:$PORT/metrics" | grep '^panelimages_' >"$OUT/soak-metrics.txt" || true
echo "errors: $ERRORS; peak RSS $(awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/$APP/status) MiB"
[ "$ERRORS" = 0 ]
