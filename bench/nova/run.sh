#!/bin/bash
# Instance sync of N servers from the loopback Nova vs Nova's own listing of the same servers, side by side.
#   bash bench/nova/run.sh [N=500] [--keep]
# Boots N servers (bench-nova-…, fake hypervisor, ~1 s each, 8 at a time) unless that many exist, times Nova's admin
# listing (servers/detail?all_tenants=1, limit 1000 to the end; best of 3) and the instance step of
# `PanelImages nova sync --once` on a fresh SQLite catalogue (best of 3; in-process time of that step), then an
# incremental run (changes-since, nothing changed), and deletes the servers unless --keep.
set -euo pipefail
N=${1:-500}
KEEP=${2:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
export OS_CLIENT_CONFIG_FILE=${OS_CLIENT_CONFIG_FILE:-/var/lib/openstack-loopback/clouds.yaml}
export OS_CLOUD=${OS_CLOUD:-admin}
PREFIX=bench-nova

have=$($PY "$HERE/nova_bench.py" count "$PREFIX")
if [ "$have" -lt "$N" ]; then
    echo "Nova has $have $PREFIX servers; booting $((N - have)) more…"
    t0=$(date +%s)
    $PY "$HERE/nova_bench.py" seed $((N - have)) "$PREFIX-$(date +%s)"
    echo "  in $(( $(date +%s) - t0 )) s"
fi

dotnet build "$ROOT/src/PanelImages" -c Release -v q -nologo >/dev/null
DLL="$ROOT/src/PanelImages/bin/Release/net10.0/PanelImages.dll"

best_list=999; total=0
for i in 1 2 3; do
    read -r total secs < <($PY "$HERE/nova_bench.py" list)
    best_list=$(awk -v a="$best_list" -v b="$secs" 'BEGIN{print (b<a)?b:a}')
done
echo "Nova listing: $total servers in $best_list s (best of 3)"

best_sync=999; incremental=""
for i in 1 2 3; do
    DB=$(mktemp -u /tmp/bench-nova-XXXX.db)
    out=$(cd "$ROOT/src/PanelImages" && dotnet "$DLL" nova sync --once --Catalog:ConnectionString "Data Source=$DB")
    line=$(echo "$out" | grep '^instances' | head -1)
    secs=$(echo "$line" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
    echo "  run $i (full):        $line"
    best_sync=$(awk -v a="$best_sync" -v b="$secs" 'BEGIN{print (b<a)?b:a}')
    if [ "$i" = 3 ]; then
        incremental=$(cd "$ROOT/src/PanelImages" && dotnet "$DLL" nova sync --once --incremental --Catalog:ConnectionString "Data Source=$DB" | grep '^instances' | head -1)
        echo "  run 3 (incremental): $incremental"
    fi
    rm -f "$DB" "$DB-wal" "$DB-shm"
done
awk -v n="$total" -v l="$best_list" -v s="$best_sync" 'BEGIN{
    printf "Instance sync: %d servers in %.2f s = %.0f servers/s\n", n, s, n/s;
    printf "Nova listing:  %.2f s = %.0f servers/s; ratio sync/listing = %.2f (goal <= 1.5)\n", l, n/l, s/l }'

if [ "$KEEP" != "--keep" ]; then $PY "$HERE/nova_bench.py" delete "$PREFIX"; fi
