#!/bin/bash
# nova-down.sh - stop what nova-up.sh started (by the PIDs in $NL_STATE/run/*.pid, never by name).
#   ./nova-down.sh           stop nova-api/conductor/scheduler/compute, placement, neutron stub
#   ./nova-down.sh --purge   also delete $NL_STATE (DBs, logs, config). Keystone/Glance/RabbitMQ
#                            (scripts/openstack/up.sh) are left alone; their nova/placement users,
#                            services and endpoints stay in Keystone.
set -uo pipefail
STATE=${NL_STATE:-/var/lib/nova-loopback}
pids=()
for pf in "$STATE"/run/*.pid; do
    [ -s "$pf" ] || continue
    pid=$(cat "$pf")
    if [ -d "/proc/$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qE 'uwsgi|nova-|neutron_stub'; then
        kill -TERM "$pid" && pids+=("$pid") && echo "stopping $(basename "$pf" .pid) (pid $pid)"
    fi
    rm -f "$pf"
done
for ((i = 0; i < 300; i++)); do
    alive=0
    for pid in "${pids[@]:-}"; do [ -n "$pid" ] && [ -d "/proc/$pid" ] && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.1
done
[ "${1:-}" = --purge ] && rm -rf "$STATE" && echo "purged $STATE"
exit 0
