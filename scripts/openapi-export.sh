#!/usr/bin/env bash
# Writes the OpenAPI document the app serves at /openapi/v1.json to $1 (default web/openapi.json, the copy the page's
# TypeScript types are generated from). Runs the app on a free loopback port with a throwaway SQLite catalogue and no
# cloud, and stops exactly that process.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-web/openapi.json}"
work="$(mktemp -d)"
app=""
cleanup() { [ -n "$app" ] && kill "$app" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

dotnet build src/PanelImages -v q -nologo -p:SkipWeb=true >"$work/build.log" 2>&1 || { cat "$work/build.log"; exit 1; }
env -u OS_CLOUD -u OS_CLIENT_CONFIG_FILE -u OS_AUTH_URL ASPNETCORE_ENVIRONMENT=Production \
    dotnet src/PanelImages/bin/Debug/net10.0/PanelImages.dll --urls http://127.0.0.1:0 \
    --Catalog:Provider sqlite --Catalog:ConnectionString "Data Source=$work/catalog.db" \
    --Sync:Enabled false --Notifications:Enabled false --Logging:LogLevel:Default Information >"$work/app.log" 2>&1 &
app=$!
url=""
for _ in $(seq 1 120); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$work/app.log" | head -1 || true)"
    [ -n "$url" ] && break
    kill -0 "$app" 2>/dev/null || { cat "$work/app.log"; exit 1; }
    sleep 0.5
done
[ -n "$url" ] || { echo "the app did not start:" >&2; cat "$work/app.log" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
curl -fsS "$url/openapi/v1.json" -o "$work/openapi.json"
mv "$work/openapi.json" "$out"
echo "wrote $out from $url/openapi/v1.json" >&2
