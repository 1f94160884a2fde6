#!/usr/bin/env bash
# Lints the OpenAPI document the app serves with @redocly/cli (exact version in tools/openapi-lint/package-lock.json;
# rules in tools/openapi-lint/redocly.yaml, the one accepted exception in .redocly.lint-ignore.yaml beside it).
# Fails on any problem.
set -euo pipefail
cd "$(dirname "$0")/.."
lint=tools/openapi-lint
bash scripts/openapi-export.sh "$lint/openapi.json"
( cd "$lint" && { [ -x node_modules/.bin/redocly ] || npm ci --no-audit --no-fund --loglevel=error; } )
cd "$lint" && node_modules/.bin/redocly lint openapi.json --config redocly.yaml --max-problems 200 2>&1 | grep -v '[║╔╚]'
