#!/usr/bin/env bash
# The one test command (README "Test it", .ci/run): starts every real service the tests need when it is not already
# answering — idempotently, through the scripts that install them from Debian's packages — then runs every test.
#   bash scripts/test.sh                 # everything
#   bash scripts/test.sh --filter X      # extra arguments go to `dotnet test`
# Needs root (or sudo) the first time, to install the packages; later runs only check that the services answer.
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo -E "$@"; fi; }
answers() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; } # a TCP connect to 127.0.0.1:PORT succeeds

echo "== PostgreSQL"
if [ -z "${PANELIMAGES_TEST_POSTGRES:-}" ]; then
  if answers "${PANELIMAGES_PG_PORT:-55432}"; then
    PANELIMAGES_TEST_POSTGRES="Host=127.0.0.1;Port=${PANELIMAGES_PG_PORT:-55432};Username=postgres;Database=postgres"
  else
    PANELIMAGES_TEST_POSTGRES="$(as_root bash scripts/postgres-up.sh)"
  fi
fi
export PANELIMAGES_TEST_POSTGRES

echo "== Keystone, Glance and RabbitMQ (Debian packages, 127.0.0.1)"
if answers 5000 && answers 9292 && answers 5672 && [ -r /var/lib/openstack-loopback/clouds.yaml ]; then
  echo "already running"
else
  as_root env OSL_RABBIT=1 bash scripts/openstack/up.sh
fi
export OS_CLIENT_CONFIG_FILE="${OS_CLIENT_CONFIG_FILE:-/var/lib/openstack-loopback/clouds.yaml}"

echo "== Nova + Placement (Debian packages, fake hypervisor, 127.0.0.1)"
if answers 8774 && answers 8778 && answers 9696 && [ -e /var/lib/nova-loopback/.complete ]; then echo "already running"; else as_root bash scripts/openstack/nova-up.sh; fi

# ---- More services go here, one block each, in the same shape: skip when it already answers, else start it
# ---- idempotently with its script (e.g. Nova through scripts/openstack, chromium through scripts/browser-up.sh).

echo "== chromium (browser tests) and the page's unit tests (Vitest)"
command -v chromium >/dev/null || as_root bash scripts/browser-up.sh
[ -d web/node_modules ] || (cd web && npm ci --no-audit --no-fund >/dev/null && touch node_modules/.install-stamp)
(cd web && npx vitest run)

echo "== dotnet test"
# -m:1: one test project at a time. By default dotnet test runs the projects side by side, and the browser tests'
# uploads then meet the OpenStack tests' thousands of Glance writes on a Glance whose SQLite answers "database is
# locked" (a reset upload, half-deleted images). The projects themselves keep their own parallelism.
dotnet test PanelImages.slnx -m:1 "$@"
