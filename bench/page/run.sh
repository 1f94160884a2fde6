#!/usr/bin/env bash
# The page's budgets (bundle size, first render, sort/filter/page change, memory over 1,000 page changes) on seeded
# 10k and 1M catalogues, printed side by side. usage: bash bench/page/run.sh [sizes, default "10000 1000000"]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-"10000 1000000"}
OUT=bench/out; mkdir -p "$OUT"
bash scripts/browser-up.sh >/dev/null
dotnet build src/PanelImages -c Release -v q -nologo 2>&1 | grep -E ' error |rror\(s\)' >&2 || true
dotnet build bench/PanelImages.Bench -c Release -v q -nologo -p:SkipWeb=true 2>&1 | grep -E ' error |rror\(s\)' >&2 || true
dotnet build bench/page/PageBench -c Release -v q -nologo 2>&1 | grep -E ' error |rror\(s\)' >&2 || true
source bench/rate-limits.sh
for n in $SIZES; do
  DB="$OUT/page-$n.db"
  if [ ! -f "$DB" ]; then
    echo "seeding $n images…" >&2
    bench/PanelImages.Bench/bin/Release/net10.0/PanelImages.Bench seed --provider sqlite --connection "Data Source=$DB" --images "$n" >/dev/null
  fi
  PORT=$(python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])')
  (cd src/PanelImages && exec env -u OS_CLOUD -u OS_AUTH_URL Logging__LogLevel__Default=Warning dotnet bin/Release/net10.0/PanelImages.dll \
    --urls "http://127.0.0.1:$PORT" --Catalog:Provider sqlite --Catalog:ConnectionString "Data Source=$PWD/../../$DB" \
    --Sync:Enabled false "${RATE_LIMIT_ARGS[@]}" >"../../$OUT/page-app-$n.log" 2>&1) &
  APP=$!
  for _ in $(seq 1 150); do curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
  dotnet bench/page/PageBench/bin/Release/net10.0/PageBench.dll "http://127.0.0.1:$PORT" src/PanelImages/wwwroot \
    bench-staff-key "$n images, staff (every client), SQLite" || status=$?
  kill $APP; wait $APP 2>/dev/null || true
done
exit ${status:-0}
