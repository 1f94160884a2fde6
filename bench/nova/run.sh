#!/bin/bash
# Instance sync of N servers from the loopback Nova vs Nova's own listing of the same servers, side by side.
#   bash bench/nova/run.sh [N=500] [--keep]
# Boots N servers (bench-nova-…, fake hypervisor, ~1 s each, 8 at a time) unless that many exist, times Nova's admin
# listing (servers/detail?all_tenants=1, limit 1000 to the end) and the instance step of `PanelImages nova sync
# --once` on a fresh SQLite catalogue (in-process time of that step) side by side, ROUNDS (7) times, then an
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

# Side by side: each round times Nova's listing, then our full sync of the same servers on a fresh catalogue, so
# both see the same moment of a Nova whose own listing time wanders by a third between runs.
ROUNDS=${ROUNDS:-7}
lists=(); syncs=(); ratios=()
for i in $(seq 1 "$ROUNDS"); do
    read -r total list_secs < <($PY "$HERE/nova_bench.py" list)
    DB=$(mktemp -u /tmp/bench-nova-XXXX.db)
    out=$(cd "$ROOT/src/PanelImages" && dotnet "$DLL" nova sync --once --Catalog:ConnectionString "Data Source=$DB")
    line=$(echo "$out" | grep '^instances' | head -1)
    sync_secs=$(echo "$line" | sed -E 's/.* in ([0-9.]+) s.*/\1/')
    ratio=$(awk -v s="$sync_secs" -v l="$list_secs" 'BEGIN{printf "%.2f", s/l}')
    echo "  round $i: Nova listing $list_secs s, $line → $ratio×"
    lists+=("$list_secs"); syncs+=("$sync_secs"); ratios+=("$ratio")
    if [ "$i" = "$ROUNDS" ]; then
        incremental=$(cd "$ROOT/src/PanelImages" && dotnet "$DLL" nova sync --once --incremental --Catalog:ConnectionString "Data Source=$DB" | grep '^instances' | head -1)
        echo "  incremental after round $i: $incremental"
    fi
    rm -f "$DB" "$DB-wal" "$DB-shm"
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END{print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
best() { printf '%s\n' "$@" | sort -g | head -1; }
awk -v n="$total" -v ml="$(median "${lists[@]}")" -v ms="$(median "${syncs[@]}")" -v mr="$(median "${ratios[@]}")" \
    -v bl="$(best "${lists[@]}")" -v bs="$(best "${syncs[@]}")" -v r="$ROUNDS" 'BEGIN{
    printf "Instance sync of %d servers: median %.2f s (best %.2f); Nova listing: median %.2f s (best %.2f); %d rounds\n", n, ms, bs, ml, bl, r;
    printf "ratio sync/listing: median of the rounds %.2f (best/best %.2f) (goal <= 1.5)\n", mr, bs/bl }'

if [ "$KEEP" != "--keep" ]; then $PY "$HERE/nova_bench.py" delete "$PREFIX"; fi
