#!/bin/bash
# nova-up.sh - install (Debian bookworm packages), configure and start a loopback-only
# OpenStack Nova (compute API :8774, conductor, scheduler, nova-compute with the fake virt
# driver) + Placement (:8778) on top of the Keystone/Glance/RabbitMQ of
# scripts/openstack/up.sh. Idempotent: re-running only starts what is not running.
#
#   bash scripts/openstack/nova-up.sh        # as root (or OSL_NOVA=1 in .ci/run)
#   bash scripts/openstack/nova-down.sh [--purge]
#
# State: $NL_STATE (default /var/lib/nova-loopback): etc/, nova/*.db, placement/*.db, log/,
# run/*.pid (PIDs of what this script started; nova-down.sh stops exactly those).
set -euo pipefail

OSL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)   # scripts/openstack (up.sh)
HERE=$OSL_DIR/nova                                      # recipe files: conf/, preseed
OSL_STATE=${OSL_STATE:-/var/lib/openstack-loopback}
STATE=${NL_STATE:-/var/lib/nova-loopback}
KS_PORT=${OSL_KS_PORT:-5000}
GL_PORT=${OSL_GL_PORT:-9292}
RABBIT_PORT=${OSL_RABBIT_PORT:-5672}
ADMIN_PASS=${OSL_ADMIN_PASS:-admin-secret}
RABBIT_PASS=${OSL_RABBIT_PASS:-rabbit-secret}
NOVA_PORT=${NL_NOVA_PORT:-8774}
PLACEMENT_PORT=${NL_PLACEMENT_PORT:-8778}
NEUTRON_PORT=${NL_NEUTRON_STUB_PORT:-9696}
NOVA_PASS=${NL_NOVA_PASS:-nova-secret}
PLACEMENT_PASS=${NL_PLACEMENT_PASS:-placement-secret}
NOVA_WORKERS=${NL_NOVA_WORKERS:-1}
COMPUTE_DRIVER=${NL_COMPUTE_DRIVER:-nl_fake_driver.UploadingFakeDriver}  # or fake.FakeDriver
HOST=${NL_HOST:-loopback-compute}     # nova service host name == fake hypervisor node name
REGION=RegionOne

OURS='uwsgi|nova-|neutron_stub'
# shellcheck source=lib.sh
. "$OSL_DIR/lib.sh"
loopback_prelude nova-up.sh

T_START=$(date +%s.%N)
mkdir -p "$STATE"/{log,run,bin,etc/nova,etc/placement}
chmod 755 "$STATE"
TIMINGS="$STATE/log/up-timings.log"
echo "=== nova-up.sh $(date -Is)" >>"$TIMINGS"

step() {
    local name=$1; shift
    local t0 t1; t0=$(date +%s.%N)
    "$@"
    t1=$(date +%s.%N)
    printf '%-28s %7.2f s\n' "$name" "$(awk "BEGIN{print $t1 - $t0}")" | tee -a "$TIMINGS"
}

base_cloud() { # Keystone + Glance + RabbitMQ of up.sh must answer
    if curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$KS_PORT/v3" &&
       curl -sf -o /dev/null --max-time 2 "http://127.0.0.1:$GL_PORT/healthcheck" &&
       (exec 3<>"/dev/tcp/127.0.0.1/$RABBIT_PORT") 2>/dev/null; then
        echo "keystone/glance/rabbitmq already up"
    else
        OSL_RABBIT=1 bash "$OSL_DIR/up.sh"
    fi
}

install_pkgs() {
    # nova-compute (the package) is NOT installed: it hard-depends on nova-compute-kvm|qemu|lxc|ironic
    # (libvirt, qemu, open-iscsi, ovmf...). The fake driver only needs python3-nova.
    local want=(nova-api nova-conductor nova-scheduler placement-api)
    local missing; missing=$(pkgs_missing "${want[@]}")
    [ -z "$missing" ] && { echo "packages already installed"; return 0; }
    deny_service_starts
    debconf-set-selections "$HERE/preseed.debconf"
    # another apt user on the same machine holds the lock for a while: wait for it, don't fail
    apt-get -o DPkg::Lock::Timeout=900 update -q
    # shellcheck disable=SC2086
    apt-get -o DPkg::Lock::Timeout=900 install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io \
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing
    restore_policy
}

render() { # render TEMPLATE OUT
    sed -e "s|@STATE@|$STATE|g" -e "s|@KS_PORT@|$KS_PORT|g" -e "s|@GL_PORT@|$GL_PORT|g" \
        -e "s|@NOVA_PORT@|$NOVA_PORT|g" -e "s|@PLACEMENT_PORT@|$PLACEMENT_PORT|g" \
        -e "s|@NOVA_PASS@|$NOVA_PASS|g" -e "s|@PLACEMENT_PASS@|$PLACEMENT_PASS|g" \
        -e "s|@TRANSPORT_URL@|rabbit://openstack:$RABBIT_PASS@127.0.0.1:$RABBIT_PORT/|g" \
        -e "s|@HOST@|$HOST|g" -e "s|@NOVA_WORKERS@|$NOVA_WORKERS|g" -e "s|@NEUTRON_PORT@|$NEUTRON_PORT|g" \
        -e "s|@COMPUTE_DRIVER@|$COMPUTE_DRIVER|g" \
        "$1" >"$2.tmp"
    if cmp -s "$2.tmp" "$2"; then rm -f "$2.tmp"; return 0; fi
    mv "$2.tmp" "$2"; CHANGED="$CHANGED $2"
}
CHANGED=""

configure() {
    install -d -o nova -g nova -m 750 "$STATE/nova" "$STATE/nova/instances" "$STATE/nova/lock"
    install -d -o placement -g placement -m 750 "$STATE/placement"
    local f
    for f in nova-api nova-conductor nova-scheduler nova-compute nova-manage neutron-stub; do
        touch "$STATE/log/$f.log"; chown nova:nova "$STATE/log/$f.log"
    done
    touch "$STATE/log/placement-api.log"; chown placement:placement "$STATE/log/placement-api.log"
    render "$HERE/conf/nova.conf.in" "$STATE/etc/nova/nova.conf"
    sed '/^connection = sqlite/d' "$STATE/etc/nova/nova.conf" >"$STATE/etc/nova/nova-compute.conf.in"
    render "$STATE/etc/nova/nova-compute.conf.in" "$STATE/etc/nova/nova-compute.conf"
    rm -f "$STATE/etc/nova/nova-compute.conf.in"
    render "$HERE/conf/placement.conf.in" "$STATE/etc/placement/placement.conf"
    render "$HERE/conf/placement-uwsgi.ini.in" "$STATE/etc/placement/placement-uwsgi.ini"
    cmp -s /etc/nova/api-paste.ini "$STATE/etc/nova/api-paste.ini" || cp /etc/nova/api-paste.ini "$STATE/etc/nova/api-paste.ini"
    # Console scripts for the nova services (the uninstalled nova-compute package would ship
    # /usr/bin/nova-compute), each loading $STATE/lib/nl_sqlite_immediate.py first (SQLite write
    # lock at BEGIN, see that file). nova-compute also gets $STATE/lib on the nova.virt package
    # path: Zed loads compute_driver only as "nova.virt.<compute_driver>".
    local svc
    for svc in api conductor scheduler compute; do
        printf '%s\n' '#!/usr/bin/python3' 'import sys' 'import nova.monkey_patch  # noqa: eventlet first, like nova.cmd' \
            "sys.path.insert(0, \"$STATE/lib\")" 'import nl_sqlite_immediate  # noqa' 'import nova.virt' \
            "nova.virt.__path__.append(\"$STATE/lib\")" "from nova.cmd.$svc import main" \
            'if __name__ == "__main__":' '    sys.exit(main())' >"$STATE/bin/nova-$svc.tmp"
        if cmp -s "$STATE/bin/nova-$svc.tmp" "$STATE/bin/nova-$svc"; then rm -f "$STATE/bin/nova-$svc.tmp"
        else mv "$STATE/bin/nova-$svc.tmp" "$STATE/bin/nova-$svc"; CHANGED="$CHANGED $STATE/etc/nova/(bin)"; fi
        chmod 755 "$STATE/bin/nova-$svc"
    done
    # python modules loaded by the wrappers above
    install -d -m 755 "$STATE/lib"
    local m
    for m in "$HERE/conf/nl_fake_driver.py" "$OSL_DIR/conf/nl_sqlite_immediate.py"; do
        if ! cmp -s "$m" "$STATE/lib/${m##*/}"; then
            install -m 644 "$m" "$STATE/lib/${m##*/}"; CHANGED="$CHANGED $STATE/etc/nova/(${m##*/})"
        fi
    done
    chown -R root:nova "$STATE/etc/nova"; chmod 750 "$STATE/etc/nova"; chmod 640 "$STATE"/etc/nova/*
    chown -R root:placement "$STATE/etc/placement"; chmod 750 "$STATE/etc/placement"; chmod 640 "$STATE"/etc/placement/*
}

NCONF() { echo "$STATE/etc/nova/nova.conf"; }
nm() { runuser -u nova -- nova-manage --config-file "$(NCONF)" --log-file "$STATE/log/nova-manage.log" "$@"; }

placement_db() {
    [ -e "$STATE/placement/.db_ready" ] && { echo "placement db ready"; return 0; }
    runuser -u placement -- placement-manage --config-file "$STATE/etc/placement/placement.conf" db sync
    runuser -u placement -- sqlite3 "$STATE/placement/placement.db" 'PRAGMA journal_mode=WAL;' >/dev/null
    touch "$STATE/placement/.db_ready"
}

nova_db() {
    [ -e "$STATE/nova/.db_ready" ] && { echo "nova db ready"; return 0; }
    nm api_db sync
    nm cell_v2 map_cell0 --database_connection "sqlite:///$STATE/nova/nova_cell0.db?timeout=30"
    nm cell_v2 list_cells | grep -q ' cell1 ' || nm cell_v2 create_cell --name cell1 --verbose
    nm db sync          # main (cell1) schema + cell0
    local db
    for db in nova_api nova nova_cell0; do
        runuser -u nova -- sqlite3 "$STATE/nova/$db.db" 'PRAGMA journal_mode=WAL;' >/dev/null
    done
    touch "$STATE/nova/.db_ready"
}

databases() {
    local pp
    placement_db >"$STATE/log/placement-db_sync.log" 2>&1 &
    pp=$!
    nova_db
    wait $pp || { cat "$STATE/log/placement-db_sync.log" >&2; return 1; }
}

daemon() { # daemon NAME CONF PROGRAM... : run as user nova, detached, PID file = the program itself
    local name=$1 conf=$2 pf="$STATE/run/$1.pid"; shift 2
    if running "$pf" && [[ "$CHANGED" == *"/etc/nova/"* ]]; then echo "$name: config changed, restarting"; stop_pid "$pf"; fi
    if running "$pf"; then echo "$name already running (pid $(cat "$pf"))"; return 0; fi
    setsid /bin/sh -c 'pf=$1; shift; echo $$ >"$pf"; exec setpriv --reuid=nova --regid=nova --init-groups "$@"' \
        sh "$pf" "$@" --config-file "$conf" --log-file "$STATE/log/$name.log" \
        >>"$STATE/log/$name.stdout.log" 2>&1 </dev/null &
}

start_services() {
    local pf="$STATE/run/placement-api.pid"
    if running "$pf" && [[ "$CHANGED" == *"/etc/placement/"* ]]; then stop_pid "$pf"; fi
    running "$pf" && echo "placement-api already running (pid $(cat "$pf"))" || uwsgi --ini "$STATE/etc/placement/placement-uwsgi.ini"
    local nc="$STATE/etc/nova/nova.conf"
    if ! running "$STATE/run/neutron-stub.pid"; then
        setsid /bin/sh -c 'pf=$1; shift; echo $$ >"$pf"; exec setpriv --reuid=nova --regid=nova --init-groups "$@"' \
            sh "$STATE/run/neutron-stub.pid" /usr/bin/python3 "$HERE/conf/neutron_stub.py" --port "$NEUTRON_PORT" \
            --log "$STATE/log/neutron-stub.log" >>"$STATE/log/neutron-stub.stdout.log" 2>&1 </dev/null &
    fi
    daemon nova-conductor "$nc" "$STATE/bin/nova-conductor"
    daemon nova-scheduler "$nc" "$STATE/bin/nova-scheduler"
    daemon nova-api "$nc" "$STATE/bin/nova-api"
    wait_http "http://127.0.0.1:$PLACEMENT_PORT/" 60
    # nova-compute registers its resource provider in placement at start-up
    daemon nova-compute "$STATE/etc/nova/nova-compute.conf" "$STATE/bin/nova-compute"
    wait_http "http://127.0.0.1:$NOVA_PORT/" 60
    wait_http "http://127.0.0.1:$NEUTRON_PORT/" 10
}

identity() {
    OS_AUTH_URL="http://127.0.0.1:$KS_PORT/v3" ADMIN_PASS=$ADMIN_PASS NOVA_PASS=$NOVA_PASS \
        PLACEMENT_PASS=$PLACEMENT_PASS NOVA_URL="http://127.0.0.1:$NOVA_PORT/v2.1" \
        PLACEMENT_URL="http://127.0.0.1:$PLACEMENT_PORT" REGION=$REGION \
        /usr/bin/python3 "$HERE/conf/identity_setup_nova.py"
}

discover() { # wait until this nova-compute consumes its RPC queue (start-up done), then map the host
    local pf="$STATE/run/nova-compute.pid"
    # nova/service.py start(): init_host, pre_start_hook (resource provider -> placement), then the
    # RPC server declares + consumes queue compute.<host>; a consumer there = ready for builds
    RABBIT_PASS=$RABBIT_PASS RABBIT_PORT=$RABBIT_PORT QUEUE="compute.$HOST" PIDFILE=$pf /usr/bin/python3 - <<'PY' || { tail -30 "$STATE/log/nova-compute.log" >&2; return 1; }
import os, sys, time, amqp
deadline = time.time() + 60
while time.time() < deadline:
    pid = open(os.environ["PIDFILE"]).read().strip()
    if not os.path.isdir("/proc/" + pid):
        sys.exit("nova-compute died")
    try:
        c = amqp.Connection(host="127.0.0.1:" + os.environ["RABBIT_PORT"], userid="openstack",
                            password=os.environ["RABBIT_PASS"])
        c.connect()
        try:
            n = c.channel().queue_declare(os.environ["QUEUE"], passive=True).consumer_count
        finally:
            c.close()
        if n > 0:
            sys.exit(0)
    except amqp.exceptions.NotFound:
        pass
    time.sleep(0.2)
sys.exit("nova-compute did not start consuming %s in 60 s" % os.environ["QUEUE"])
PY
    # Nova's SQLite can be locked by the starting services for a moment ("database is locked"): try again.
    local try
    for try in 1 2 3 4 5 6; do
        nm cell_v2 discover_hosts --verbose && return 0
        echo "discover_hosts failed (try $try), again in 2 s" >&2; sleep 2
    done
    return 1
}

flavors() { # a tiny flavor for tests (the fake driver needs no real disk/RAM)
    OS_AUTH_URL="http://127.0.0.1:$KS_PORT/v3" ADMIN_PASS=$ADMIN_PASS NOVA_URL="http://127.0.0.1:$NOVA_PORT/v2.1" \
        /usr/bin/python3 - <<'EOF'
import os, requests
from keystoneauth1.identity import v3
from keystoneauth1 import session
s = session.Session(auth=v3.Password(auth_url=os.environ["OS_AUTH_URL"], username="admin",
    password=os.environ["ADMIN_PASS"], project_name="admin", user_domain_id="default", project_domain_id="default"))
url = os.environ["NOVA_URL"]
have = {f["name"] for f in s.get(url + "/flavors", raise_exc=True).json()["flavors"]}
for name, fid, ram, vcpus, disk in (("nl.tiny", "nl-tiny", 64, 1, 1), ("nl.small", "nl-small", 512, 1, 5)):
    if name not in have:
        s.post(url + "/flavors", json={"flavor": {"name": name, "id": fid, "ram": ram, "vcpus": vcpus,
               "disk": disk, "os-flavor-access:is_public": True}}, raise_exc=True)
print("flavors ok: nl.tiny (id nl-tiny, 64 MB, 1 vCPU, 1 GB), nl.small (id nl-small)")
EOF
}

smoke() {
    local tok
    tok=$(curl -sf -i -H 'Content-Type: application/json' -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"'"$ADMIN_PASS"'"}}},"scope":{"project":{"name":"admin","domain":{"id":"default"}}}}}' \
        "http://127.0.0.1:$KS_PORT/v3/auth/tokens" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
    [ -n "$tok" ] || { echo "no token" >&2; return 1; }
    curl -sf -H "X-Auth-Token: $tok" -H 'OpenStack-API-Version: compute 2.37' \
        "http://127.0.0.1:$NOVA_PORT/v2.1/os-services" | /usr/bin/python3 -c '
import json, sys
s = json.load(sys.stdin)["services"]
print("smoke ok:", ", ".join("%s@%s=%s" % (x["binary"], x["host"], x["state"]) for x in s))
if not any(x["binary"] == "nova-compute" and x["state"] == "up" for x in s): sys.exit("nova-compute not up")'
    curl -sf -o /dev/null -H "X-Auth-Token: $tok" "http://127.0.0.1:$PLACEMENT_PORT/resource_providers"
}

step base-cloud base_cloud
step install-packages install_pkgs
step configure configure
step identity-objects identity
step db-sync databases
step services-start start_services
step discover-hosts discover
step flavors flavors
step smoke smoke
running "$STATE/run/nova-compute.pid" || { echo "nova-compute is not running" >&2; exit 1; }
# scripts/test.sh skips this script only when this mark says a run got to the end (flavors made, smoke passed).
touch "$STATE/.complete"
T_END=$(date +%s.%N)
printf '%-28s %7.2f s\n' "TOTAL nova-up.sh" "$(awk "BEGIN{print $T_END - $T_START}")" | tee -a "$TIMINGS"
echo "Nova http://127.0.0.1:$NOVA_PORT/v2.1  Placement http://127.0.0.1:$PLACEMENT_PORT  (state: $STATE; creds: $OSL_STATE/*-openrc.sh)"
exit 0
