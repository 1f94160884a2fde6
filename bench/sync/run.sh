#!/bin/bash
# Full sync of N images from the loopback Glance vs Glance's own listing of the same images.
#   bash bench/sync/run.sh [N=10000] [--keep]
# Seeds N data-less images (prefix bench-sync-…) unless that many already exist, times Glance's listing
# (limit=1000 following next, 3 runs, best) and `PanelImages sync --once` on a fresh SQLite catalogue (3 runs, best of
# the in-process sync time; process start-up is printed separately), then deletes the seeded images unless --keep.
set -euo pipefail
N=${1:-10000}
KEEP=${2:-}
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PY=/usr/bin/python3
export OS_CLIENT_CONFIG_FILE=${OS_CLIENT_CONFIG_FILE:-/var/lib/openstack-loopback/clouds.yaml}
export OS_CLOUD=${OS_CLOUD:-admin}
PREFIX=bench-sync

have=$($PY "$HERE/glance_bench.py" list | awk '{print $1}')
if [ "$have" -lt "$N" ]; then
    echo "Glance has $have images; seeding $((N - have)) more…"
    $PY "$HERE/glance_bench.py" seed $((N - have)) "$PREFIX-$(date +%s)"
fi

dotnet build "$ROOT/src/PanelImages" -c Release -v q -nologo >/dev/null
DLL="$ROOT/src/PanelImages/bin/Release/net10.0/PanelImages.dll"

best_list=999; total=0
for i in 1 2 3; do
    read -r total secs < <($PY "$HERE/glance_bench.py" list)
    best_list=$(awk -v a="$best_list" -v b="$secs" 'BEGIN{print (b<a)?b:a}')
done
echo "Glance listing: $total images in $best_list s (best of 3)"

best_sync=999; best_wall=999
for i in 1 2 3; do
    DB=$(mktemp -u /tmp/bench-sync-XXXX.db)
    t0=$(date +%s.%N)
    out=$(cd "$ROOT/src/PanelImages" && dotnet "$DLL" sync --once --Logging:LogLevel:Default Warning --Catalog:ConnectionString "Data Source=$DB")
    t1=$(date +%s.%N)
    rm -f "$DB" "$DB-wal" "$DB-shm"
    line=$(echo "$out" | grep 'full:' | head -1)
    secs=$(echo "$line" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
    wall=$(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b-a}')
    echo "  run $i: $line (process wall $wall s)"
    best_sync=$(awk -v a="$best_sync" -v b="$secs" 'BEGIN{print (b<a)?b:a}')
    best_wall=$(awk -v a="$best_wall" -v b="$wall" 'BEGIN{print (b<a)?b:a}')
done
awk -v n="$total" -v l="$best_list" -v s="$best_sync" -v w="$best_wall" 'BEGIN{
    printf "Full sync: %d images in %.2f s = %.0f images/s (process incl. start-up %.2f s)\n", n, s, n/s, w;
    printf "Glance listing: %.2f s = %.0f images/s; ratio sync/listing = %.2f (goal <= 1.5)\n", l, n/l, s/l }'

if [ "$KEEP" != "--keep" ]; then $PY "$HERE/glance_bench.py" clean "$PREFIX-"; fi
