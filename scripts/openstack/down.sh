#!/bin/bash
# down.sh - stop what up.sh started, by the PIDs in $OSL_STATE/run/*.pid (never by name,
# so services of another OSL_STATE or anything else on the machine are left alone).
#   bash scripts/openstack/down.sh          # stop glance-api, keystone, rabbitmq, epmd (SIGTERM, all at once; ~3 s)
#   bash scripts/openstack/down.sh --purge  # ... and delete $OSL_STATE (databases, images, keys, logs, clouds.yaml)
# Packages stay installed (a later up.sh then needs only ~10 s).
set -uo pipefail
T0=$(date +%s.%N)
STATE=${OSL_STATE:-/var/lib/openstack-loopback}
RUN="$STATE/run"

declare -A PAT=([glance-api]='uwsgi' [keystone]='uwsgi' [rabbitmq]='beam|rabbitmq' [epmd]='epmd')
declare -A PIDS=()
for name in glance-api keystone rabbitmq epmd; do
    pf="$RUN/$name.pid"
    [ -s "$pf" ] || { echo "$name: no pid file"; continue; }
    pid=$(cat "$pf")
    # only a live process whose command line still matches (guards against PID reuse)
    if [ -d "/proc/$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE "${PAT[$name]}"; then
        PIDS[$name]=$pid
        # uwsgi (die-on-term) and the rabbitmq-server script (trap -> clean node stop) exit on SIGTERM
        kill -TERM "$pid" 2>/dev/null
    else
        echo "$name: pid $pid not running (or not ours); removing stale pid file"; rm -f "$pf"
    fi
done
for ((i = 0; i < 200; i++)); do
    alive=0
    for name in "${!PIDS[@]}"; do [ -d "/proc/${PIDS[$name]}" ] && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
done
for name in "${!PIDS[@]}"; do
    pid=${PIDS[$name]}
    if [ -d "/proc/$pid" ]; then echo "$name: pid $pid still alive after 20 s, SIGKILL"; kill -KILL "$pid" 2>/dev/null; fi
    rm -f "$RUN/$name.pid"; echo "$name: stopped (pid $pid)"
done

if [ "${1:-}" = "--purge" ]; then
    # only a directory up.sh made (guards against OSL_STATE=/ or a typo)
    if [ -e "$STATE/log/up-timings.log" ] && [ "$(cd "$STATE" && pwd -P)" != / ]; then
        rm -rf "$STATE" && echo "removed $STATE"
    elif [ -e "$STATE" ]; then
        echo "not purging $STATE: no log/up-timings.log, does not look like up.sh's state dir" >&2; exit 1
    fi
fi
echo "down.sh done in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $T0}")s: stopped ${#PIDS[@]} service(s)${1:+ ($1)}"
