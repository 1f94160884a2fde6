#!/bin/bash
# up.sh - install (Debian 12 packages), configure and start a loopback-only OpenStack:
# Keystone (:5000) + Glance v2 API (:9292), optionally RabbitMQ (:5672) for Glance
# notifications. Used by the integration tests and CI. Idempotent: a re-run only starts
# what is not running and restarts a service whose rendered config changed.
#
#   bash scripts/openstack/up.sh                   # as root: keystone + glance (notifications noop)
#   OSL_RABBIT=1 bash scripts/openstack/up.sh      # + RabbitMQ, glance notifications driver messagingv2
#   OSL_SECOND_REGION=1 bash scripts/openstack/up.sh  # + region RegionTwo: same glance, port 9293
#
# Knobs (environment): OSL_STATE (/var/lib/openstack-loopback), OSL_KS_PORT (5000),
# OSL_GL_PORT (9292), OSL_GL_PORT2 (9293, RegionTwo), OSL_RABBIT (0), OSL_RABBIT_PORT (5672),
# OSL_SECOND_REGION (0), OSL_ADMIN_PASS, OSL_SERVICE_PASS, OSL_DEMO_PASS, OSL_RABBIT_PASS,
# OSL_KS_THREADS (8), OSL_GL_PROCESSES (2), OSL_GL_THREADS (4), OSL_UWSGI_QUIET (true),
# OSL_IMPORT_HOSTS (hosts web-download may fetch from; "127.0.0.1,localhost,::1").
#
# Everything it creates lives in $OSL_STATE; PIDs of what it started are in
# $OSL_STATE/run/*.pid and down.sh stops exactly those. Credentials: $OSL_STATE/clouds.yaml
# (clouds admin, demo1, demo2) and $OSL_STATE/{admin,demo1,demo2}-openrc.sh.
# Per-phase timings are printed and appended to $OSL_STATE/log/up-timings.log.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${OSL_STATE:-/var/lib/openstack-loopback}
KS_PORT=${OSL_KS_PORT:-5000}
GL_PORT=${OSL_GL_PORT:-9292}
GL_PORT2=${OSL_GL_PORT2:-9293}
RABBIT=${OSL_RABBIT:-0}
RABBIT_PORT=${OSL_RABBIT_PORT:-5672}
SECOND_REGION=${OSL_SECOND_REGION:-0}
ADMIN_PASS=${OSL_ADMIN_PASS:-admin-secret}
SERVICE_PASS=${OSL_SERVICE_PASS:-glance-secret}
DEMO_PASS=${OSL_DEMO_PASS:-demo-secret}
RABBIT_PASS=${OSL_RABBIT_PASS:-rabbit-secret}
KS_PROCESSES=1   # must stay 1: keystone.conf uses a per-process memory cache
KS_THREADS=${OSL_KS_THREADS:-8}
GL_PROCESSES=${OSL_GL_PROCESSES:-2}
GL_THREADS=${OSL_GL_THREADS:-4}
UWSGI_QUIET=${OSL_UWSGI_QUIET:-true}      # false = log every request to log/*-uwsgi.log
IMPORT_HOSTS=${OSL_IMPORT_HOSTS:-127.0.0.1,localhost,::1}
REGION=RegionOne
REGION2=RegionTwo

OURS='uwsgi|beam|epmd|rabbitmq'
# shellcheck source=lib.sh
. "$HERE/lib.sh"
loopback_prelude up.sh

T_START=$(date +%s.%N)
mkdir -p "$STATE"/{log,run,etc/keystone,etc/glance}
chmod 755 "$STATE"
TIMINGS="$STATE/log/up-timings.log"
echo "=== up.sh $(date -Is) RABBIT=$RABBIT SECOND_REGION=$SECOND_REGION" >>"$TIMINGS"
SUMMARY=""

step() { # step NAME cmd... : run and record its wall time (printed, logged, kept for the summary)
    local name=$1; shift
    local t0 t1 dt; t0=$(date +%s.%N)
    "$@"
    t1=$(date +%s.%N); dt=$(awk "BEGIN{printf \"%.1f\", $t1 - $t0}")
    printf '%-28s %7s s\n' "$name" "$dt" | tee -a "$TIMINGS"
    SUMMARY="$SUMMARY $name=${dt}s"
}

# ---------------------------------------------------------------- install
lists_fresh() { # true if apt has package lists younger than a day (a snapshot or a mirror alike)
    [ -n "$(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -1)" ]
}

APT_LOG="$STATE/log/apt.log"
apt_quiet() { # apt_quiet ARGS... : apt-get with output to log/apt.log; its tail on failure
    if ! apt-get "$@" >>"$APT_LOG" 2>&1; then
        echo "apt-get $* failed; last lines of $APT_LOG:" >&2; tail -n 30 "$APT_LOG" >&2; return 1
    fi
}

install_pkgs() {
    # curl/iproute2/sqlite3 are used by this script itself; a minimal Debian image may lack them.
    local want=(keystone glance-api python3-openstackclient uwsgi-plugin-python3 sqlite3 curl iproute2)
    [ "$RABBIT" = 1 ] && want+=(rabbitmq-server python3-kombu)
    local missing; missing=$(pkgs_missing "${want[@]}")
    [ -z "$missing" ] && { echo "packages already installed"; return 0; }
    echo "installing: $missing (log: $APT_LOG)"
    # Package scripts must not start services (Debian's init scripts/units would bind
    # 0.0.0.0:5000/9292 and rabbitmq on all interfaces): deny via policy-rc.d for the install.
    deny_service_starts
    # Keep every debconf question at "do not configure a DB / do not register endpoints":
    # dbconfig-common must configure nothing, we configure by hand below.
    debconf-set-selections "$HERE/conf/preseed.debconf"
    # apt-get update only when the lists are missing (fresh machine) or older than a day,
    # plus once more if the install fails anyway (a mirror moved on: 404 on old versions).
    local updated=0
    if ! lists_fresh; then
        local t0; t0=$(date +%s.%N)
        apt_quiet update; updated=1
        printf '  apt-get update %.1f s\n' "$(awk "BEGIN{print $(date +%s.%N) - $t0}")"
    fi
    # --no-install-recommends: 232 instead of 377 packages (recommends pull GTK, GDAL, scipy...)
    # --force-unsafe-io: no fsync per unpacked file (throw-away CI/test machines)
    # $missing is split on purpose (package names)
    # shellcheck disable=SC2206
    local args=(install -y -q --no-install-recommends -o Dpkg::Options::=--force-unsafe-io
        -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold $missing)
    if ! apt_quiet "${args[@]}"; then
        [ $updated = 1 ] && return 1
        echo "retrying after apt-get update"; apt_quiet update; apt_quiet "${args[@]}"
    fi
    restore_policy
}

# ---------------------------------------------------------------- configure
render() { # render TEMPLATE OUT : substitute @VARS@; remember OUT in CHANGED if its content changed
    sed -e "s|@STATE@|$STATE|g" -e "s|@KS_PORT@|$KS_PORT|g" -e "s|@GL_PORT@|$GL_PORT|g" \
        -e "s|@KS_PROCESSES@|$KS_PROCESSES|g" -e "s|@KS_THREADS@|$KS_THREADS|g" \
        -e "s|@GL_PROCESSES@|$GL_PROCESSES|g" -e "s|@GL_THREADS@|$GL_THREADS|g" \
        -e "s|@SERVICE_PASS@|$SERVICE_PASS|g" -e "s|@UWSGI_QUIET@|$UWSGI_QUIET|g" \
        -e "s|@NOTIFY_DRIVER@|$NOTIFY_DRIVER|g" -e "s|@TRANSPORT_URL@|$TRANSPORT_URL|g" \
        -e "s|@GL_EXTRA_SOCKET@|$GL_EXTRA_SOCKET|g" -e "s|@IMPORT_HOSTS@|$IMPORT_HOSTS|g" \
        -e "s|@REGION@|$REGION|g" -e "s|@USE_LIMITS@|$USE_LIMITS|g" \
        -e "s|@GL_ENDPOINT_ID@|$GL_ENDPOINT_ID|g" \
        "$1" >"$2.tmp"
    # oslo.config would read "transport_url =" as an empty URL, not as "unset"
    if [ -z "$TRANSPORT_URL" ]; then sed -i '/^transport_url = $/d' "$2.tmp"; fi
    if [ -z "$GL_EXTRA_SOCKET" ]; then sed -i '/^http-socket = $/d' "$2.tmp"; fi
    if cmp -s "$2.tmp" "$2"; then rm -f "$2.tmp"; return 0; fi
    mv "$2.tmp" "$2"; CHANGED="$CHANGED $2"   # a running service using it gets restarted
}
CHANGED=""
ENDPOINT_ID_FILE="$STATE/glance/endpoint_id"   # written by identity_setup.py

limits_vars() { # unified limits on once the glance endpoint id is known (see glance-api.conf.in)
    GL_ENDPOINT_ID=$(cat "$ENDPOINT_ID_FILE" 2>/dev/null || true)
    USE_LIMITS=False; if [ -n "$GL_ENDPOINT_ID" ]; then USE_LIMITS=True; fi
}

configure() {
    limits_vars
    if [ "$RABBIT" = 1 ]; then
        NOTIFY_DRIVER=messagingv2
        TRANSPORT_URL="rabbit://openstack:$RABBIT_PASS@127.0.0.1:$RABBIT_PORT/"
    else
        NOTIFY_DRIVER=noop; TRANSPORT_URL=""
    fi
    # RegionTwo's image endpoint is the same glance-api (same DB and images) reached on a
    # second port, so a test can tell from the URL which region's endpoint a client picked.
    GL_EXTRA_SOCKET=""
    [ "$SECOND_REGION" = 1 ] && GL_EXTRA_SOCKET="127.0.0.1:$GL_PORT2"
    install -d -o keystone -g keystone -m 750 "$STATE/keystone"
    install -d -o keystone -g keystone -m 700 "$STATE/keystone/fernet-keys" "$STATE/keystone/credential-keys"
    install -d -o glance -g glance -m 750 "$STATE/glance" "$STATE/glance/images" "$STATE/glance/staging" "$STATE/glance/tasks" "$STATE/glance/lock"
    touch "$STATE/log/keystone.log" "$STATE/log/glance-api.log"
    chown keystone:keystone "$STATE/log/keystone.log"; chown glance:glance "$STATE/log/glance-api.log"
    render "$HERE/conf/keystone.conf.in" "$STATE/etc/keystone/keystone.conf"
    render "$HERE/conf/keystone-uwsgi.ini.in" "$STATE/etc/keystone/keystone-uwsgi.ini"
    render "$HERE/conf/glance-api.conf.in" "$STATE/etc/glance/glance-api.conf"
    render "$HERE/conf/glance-api-uwsgi.ini.in" "$STATE/etc/glance/glance-api-uwsgi.ini"
    render "$HERE/conf/glance-api-wsgi.py.in" "$STATE/etc/glance/glance-api-wsgi.py"
    render "$HERE/conf/nl_sqlite_immediate.py" "$STATE/etc/glance/nl_sqlite_immediate.py"
    # pipeline definition shipped by glance-common (flavor "keystone" selects glance-api-keystone)
    cmp -s /usr/share/glance-common/glance-api-paste.ini "$STATE/etc/glance/glance-api-paste.ini" \
        || cp /usr/share/glance-common/glance-api-paste.ini "$STATE/etc/glance/glance-api-paste.ini"
    # Debian's /etc/keystone and /etc/glance stay untouched; ours are readable by the service user only
    chown -R root:keystone "$STATE/etc/keystone"; chmod 750 "$STATE/etc/keystone"; chmod 640 "$STATE"/etc/keystone/*
    chown -R root:glance "$STATE/etc/glance"; chmod 750 "$STATE/etc/glance"; chmod 640 "$STATE"/etc/glance/*
}

# ---------------------------------------------------------------- databases
keystone_db() {
    [ -e "$STATE/keystone/.db_ready" ] && { echo "keystone db ready"; return 0; }
    local km=(runuser -u keystone -- keystone-manage --config-file "$STATE/etc/keystone/keystone.conf") p1 p2 p3
    # db_sync, fernet_setup and credential_setup are independent (~1.3 s of python start-up each).
    # WAL: readers never block writers (the default rollback journal + oslo.db's explicit BEGIN
    # make concurrent requests fail with "database is locked").
    ( "${km[@]}" db_sync && runuser -u keystone -- sqlite3 "$STATE/keystone/keystone.db" 'PRAGMA journal_mode=WAL;' >/dev/null ) &
    p1=$!
    ( [ -e "$STATE/keystone/fernet-keys/0" ] || "${km[@]}" fernet_setup --keystone-user keystone --keystone-group keystone ) &
    p2=$!
    ( [ -e "$STATE/keystone/credential-keys/0" ] || "${km[@]}" credential_setup --keystone-user keystone --keystone-group keystone ) &
    p3=$!
    wait $p1; wait $p2; wait $p3
    "${km[@]}" bootstrap \
        --bootstrap-password "$ADMIN_PASS" --bootstrap-username admin --bootstrap-project-name admin \
        --bootstrap-role-name admin --bootstrap-service-name keystone --bootstrap-region-id "$REGION" \
        --bootstrap-admin-url "http://127.0.0.1:$KS_PORT/v3" \
        --bootstrap-internal-url "http://127.0.0.1:$KS_PORT/v3" \
        --bootstrap-public-url "http://127.0.0.1:$KS_PORT/v3"
    touch "$STATE/keystone/.db_ready"
}

glance_db() {
    [ -e "$STATE/glance/.db_ready" ] && { echo "glance db ready"; return 0; }
    runuser -u glance -- glance-manage --config-file "$STATE/etc/glance/glance-api.conf" db_sync
    runuser -u glance -- sqlite3 "$STATE/glance/glance.db" 'PRAGMA journal_mode=WAL;' >/dev/null
    touch "$STATE/glance/.db_ready"
}

databases() { # keystone and glance schemas side by side
    local pg
    glance_db >"$STATE/log/glance-db_sync.log" 2>&1 &
    pg=$!
    keystone_db >"$STATE/log/keystone-db_sync.log" 2>&1 || { cat "$STATE/log/keystone-db_sync.log" >&2; return 1; }
    wait $pg || { cat "$STATE/log/glance-db_sync.log" >&2; return 1; }
}

# ---------------------------------------------------------------- processes
port_free() { # port_free PORT WHAT : fail loudly if someone else already listens there
    if ss -Hltn "sport = :$1" | grep -q .; then
        echo "port $1 ($2) is already in use by a process up.sh did not start (other OSL_STATE?)" >&2
        ss -Hltnp "sport = :$1" >&2; return 1
    fi
}

preflight() { # fail fast (before any DB work) if a port we need is taken by something not ours
    running "$STATE/run/keystone.pid" || port_free "$KS_PORT" keystone
    if ! running "$STATE/run/glance-api.pid"; then
        port_free "$GL_PORT" glance-api
        if [ "$SECOND_REGION" = 1 ]; then port_free "$GL_PORT2" "glance-api RegionTwo"; fi
    fi
    if [ "$RABBIT" = 1 ] && ! running "$STATE/run/rabbitmq.pid"; then port_free "$RABBIT_PORT" rabbitmq; fi
}

launch() { # launch NAME : start the uwsgi of NAME (keystone|glance-api) unless running; restart on config change
    local name=$1 dir=keystone pf="$STATE/run/$1.pid"
    [ "$name" = glance-api ] && dir=glance
    if running "$pf" && [[ "$CHANGED" == *"/etc/$dir/"* ]]; then
        echo "$name config changed: restarting"; stop_pid "$pf"
    fi
    if running "$pf"; then echo "$name already running (pid $(cat "$pf"))"; return 0; fi
    uwsgi --ini "$STATE/etc/$dir/$name-uwsgi.ini"   # daemonizes; pidfile = uwsgi master
}

start_services() { # both uwsgi masters load their apps in parallel (~1.5 s each)
    launch keystone
    # glance-api connects to RabbitMQ at its first notification: start it only once the broker is up
    if [ -n "${RABBIT_JOB:-}" ]; then wait "$RABBIT_JOB" || { cat "$STATE/log/up-rabbit.log" >&2; return 1; }; fi
    launch glance-api
    wait_http "http://127.0.0.1:$KS_PORT/v3" 60
    wait_http "http://127.0.0.1:$GL_PORT/healthcheck" 60
    if [ "$SECOND_REGION" = 1 ]; then wait_http "http://127.0.0.1:$GL_PORT2/healthcheck" 10; fi
}

start_rabbit() {
    # epmd and the broker bound to loopback only, run in the foreground of a background job
    # (not Debian's init script: it binds all interfaces and uses /var/lib/rabbitmq),
    # as user rabbitmq, PIDs in $STATE/run.
    local rdir="$STATE/rabbitmq"
    install -d -o rabbitmq -g rabbitmq -m 750 "$rdir" "$rdir/mnesia" "$rdir/log"
    if ! running "$STATE/run/epmd.pid"; then
        if ss -Hltn 'sport = :4369' | grep -q .; then
            echo "an epmd not started by up.sh already listens on 4369; reusing it"
        else
            # the child writes its own PID, then execs (setsid/setpriv exec too): the PID file is exact
            setsid /bin/sh -c 'echo $$ >"$1"; exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups \
                /usr/bin/epmd -address 127.0.0.1 -port 4369' sh "$STATE/run/epmd.pid" \
                >"$STATE/log/epmd.log" 2>&1 </dev/null &
            sleep 0.2
        fi
    fi
    cat >"$rdir/rabbitmq-env.sh" <<EOF
export HOME=$rdir
export RABBITMQ_NODENAME=rabbit@localhost
export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
export RABBITMQ_NODE_PORT=$RABBIT_PORT
export RABBITMQ_DIST_PORT=25672
export ERL_EPMD_ADDRESS=127.0.0.1
export RABBITMQ_MNESIA_BASE=$rdir/mnesia
export RABBITMQ_LOG_BASE=$rdir/log
export RABBITMQ_PID_FILE=$rdir/rabbit.pid
export RABBITMQ_CONFIG_FILE=$rdir/rabbitmq.conf
export RABBITMQ_ENABLED_PLUGINS_FILE=$rdir/enabled_plugins
export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
EOF
    printf 'listeners.tcp.default = 127.0.0.1:%s\nloopback_users.guest = true\n' "$RABBIT_PORT" >"$rdir/rabbitmq.conf"
    echo '[].' >"$rdir/enabled_plugins"
    chown -R rabbitmq:rabbitmq "$rdir"
    if ! running "$STATE/run/rabbitmq.pid"; then
        # the erlang cookie lives in $HOME of the rabbitmq user we run as ($rdir).
        # PID file = the rabbitmq-server script itself (everything before it execs); its SIGTERM
        # trap stops the Erlang node cleanly
        setsid /bin/sh -c 'echo $$ >"$1"; exec setpriv --reuid=rabbitmq --regid=rabbitmq --init-groups \
            /bin/sh -c ". \"$2\"; exec /usr/lib/rabbitmq/bin/rabbitmq-server"' sh "$STATE/run/rabbitmq.pid" "$rdir/rabbitmq-env.sh" \
            >"$STATE/log/rabbitmq-server.log" 2>&1 </dev/null &
        sleep 0.2
    fi
    local deadline=$((SECONDS + 90))
    until runuser -u rabbitmq -- /bin/sh -c ". '$rdir/rabbitmq-env.sh'; /usr/lib/rabbitmq/bin/rabbitmqctl -q await_startup" >/dev/null 2>&1; do
        [ $SECONDS -lt $deadline ] || { echo "rabbitmq did not start, see $rdir/log" >&2; return 1; }
        sleep 0.2
    done
    rctl() { runuser -u rabbitmq -- /bin/sh -c ". '$rdir/rabbitmq-env.sh'; /usr/lib/rabbitmq/bin/rabbitmqctl -q $*"; }
    rctl list_users | grep -q '^openstack' || rctl add_user openstack "$RABBIT_PASS"
    rctl set_permissions -p / openstack "'.*'" "'.*'" "'.*'"
}

# ---------------------------------------------------------------- identity + credentials
identity() {
    OS_AUTH_URL="http://127.0.0.1:$KS_PORT/v3" ADMIN_PASS=$ADMIN_PASS SERVICE_PASS=$SERVICE_PASS \
        DEMO_PASS=$DEMO_PASS ENDPOINT_ID_FILE=$ENDPOINT_ID_FILE GLANCE_URL="http://127.0.0.1:$GL_PORT" REGION=$REGION \
        REGION2=$REGION2 GLANCE_URL2="http://127.0.0.1:$GL_PORT2" SECOND_REGION=$SECOND_REGION \
        /usr/bin/python3 "$HERE/conf/identity_setup.py"
}

limits() { # fresh machine (or a new endpoint id): render glance-api.conf again, restart once
    limits_vars; CHANGED=""
    render "$HERE/conf/glance-api.conf.in" "$STATE/etc/glance/glance-api.conf"
    [ -z "$CHANGED" ] && { echo "unified limits already configured (endpoint $GL_ENDPOINT_ID)"; return 0; }
    chown root:glance "$STATE/etc/glance/glance-api.conf"; chmod 640 "$STATE/etc/glance/glance-api.conf"
    launch glance-api
    wait_http "http://127.0.0.1:$GL_PORT/healthcheck" 60
    if [ "$SECOND_REGION" = 1 ]; then wait_http "http://127.0.0.1:$GL_PORT2/healthcheck" 10; fi
}

write_creds() { # openrc files + clouds.yaml (what the tests read: OS_CLIENT_CONFIG_FILE=$STATE/clouds.yaml)
    local u p regions=""
    [ "$SECOND_REGION" = 1 ] && regions="    regions: [$REGION, $REGION2]"
    for u in admin demo1 demo2; do
        p=$DEMO_PASS; [ "$u" = admin ] && p=$ADMIN_PASS
        cat >"$STATE/$u-openrc.sh.tmp" <<EOF
export OS_AUTH_URL=http://127.0.0.1:$KS_PORT/v3
export OS_IDENTITY_API_VERSION=3
export OS_IMAGE_API_VERSION=2
export OS_USERNAME=$u
export OS_PASSWORD=$p
export OS_PROJECT_NAME=$u
export OS_USER_DOMAIN_NAME=Default
export OS_PROJECT_DOMAIN_NAME=Default
export OS_REGION_NAME=$REGION
export OS_INTERFACE=public
EOF
        mv "$STATE/$u-openrc.sh.tmp" "$STATE/$u-openrc.sh"
    done
    {
        echo "# written by scripts/openstack/up.sh; use with OS_CLIENT_CONFIG_FILE=$STATE/clouds.yaml"
        echo "clouds:"
        for u in admin demo1 demo2; do
            p=$DEMO_PASS; [ "$u" = admin ] && p=$ADMIN_PASS
            cat <<EOF
  $u:
    auth:
      auth_url: "http://127.0.0.1:$KS_PORT/v3"
      username: "$u"
      password: "$p"
      project_name: "$u"
      user_domain_name: "Default"
      project_domain_name: "Default"
    region_name: "$REGION"
$regions
    interface: "public"
    identity_api_version: 3
    image_api_version: 2
EOF
        done
    } | sed '/^$/d' >"$STATE/clouds.yaml.tmp"
    mv "$STATE/clouds.yaml.tmp" "$STATE/clouds.yaml"   # readers never see a half-written file
    # test runners may not run as root: the cloud is a throw-away loopback one
    chmod 644 "$STATE"/*-openrc.sh "$STATE/clouds.yaml"
}

smoke() { # a token and an authenticated GET /v2/images must work
    local tok
    tok=$(curl -sf -i -H 'Content-Type: application/json' -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"admin","domain":{"id":"default"},"password":"'"$ADMIN_PASS"'"}}},"scope":{"project":{"name":"admin","domain":{"id":"default"}}}}}' \
        "http://127.0.0.1:$KS_PORT/v3/auth/tokens" | tr -d '\r' | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}')
    [ -n "$tok" ] || { echo "smoke: keystone issued no token" >&2; return 1; }
    curl -sf -o /dev/null -H "X-Auth-Token: $tok" "http://127.0.0.1:$GL_PORT/v2/images?limit=1" \
        || { echo "smoke: GET /v2/images failed" >&2; return 1; }
    echo "smoke ok: token issued, GET /v2/images 200"
}

# ---------------------------------------------------------------- main
step install install_pkgs
step configure configure
preflight
RABBIT_JOB=""
if [ "$RABBIT" = 1 ]; then   # the broker boots (~5 s) while the schemas are created
    T_R=$(date +%s.%N)
    ( start_rabbit; printf '%-28s %7.2f s\n' "rabbitmq-start (parallel)" "$(awk "BEGIN{print $(date +%s.%N) - $T_R}")" >>"$TIMINGS" ) \
        >"$STATE/log/up-rabbit.log" 2>&1 &
    RABBIT_JOB=$!
fi
step databases databases
step start start_services
step identity identity
step limits limits
step smoke smoke
write_creds
T_END=$(date +%s.%N)
TOTAL=$(awk "BEGIN{printf \"%.1f\", $T_END - $T_START}")
printf '%-28s %7s s\n' "TOTAL up.sh" "$TOTAL" >>"$TIMINGS"
echo "Keystone http://127.0.0.1:$KS_PORT/v3 ($REGION)  Glance http://127.0.0.1:$GL_PORT  credentials: $STATE/clouds.yaml, $STATE/*-openrc.sh"
if [ "$SECOND_REGION" = 1 ]; then echo "$REGION2: image endpoint http://127.0.0.1:$GL_PORT2 (same glance)"; fi
if [ "$RABBIT" = 1 ]; then echo "RabbitMQ amqp://openstack:$RABBIT_PASS@127.0.0.1:$RABBIT_PORT/ (glance notifications -> exchange glance, queue notifications.info)"; fi
echo "up.sh OK in ${TOTAL}s:$SUMMARY (rabbit=$RABBIT region2=$SECOND_REGION state=$STATE)"
