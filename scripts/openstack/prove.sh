#!/bin/bash
# prove.sh - quick smoke of the loopback cloud started by up.sh (curl only, ~3-5 s):
# Keystone issues tokens and a catalog, Glance lists/creates/uploads/downloads/deletes an image,
# web-download imports from a loopback HTTP server, RegionTwo's endpoint answers (if
# registered), and Glance notifications arrive on RabbitMQ (if up.sh started it).
# Exits non-zero at the first failure. Leaves no images behind.
#   bash scripts/openstack/prove.sh
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
STATE=${OSL_STATE:-/var/lib/openstack-loopback}
KS=http://127.0.0.1:${OSL_KS_PORT:-5000}
GL=http://127.0.0.1:${OSL_GL_PORT:-9292}
DEMO_PASS=${OSL_DEMO_PASS:-demo-secret}
ADMIN_PASS=${OSL_ADMIN_PASS:-admin-secret}
RABBIT_URL="amqp://openstack:${OSL_RABBIT_PASS:-rabbit-secret}@127.0.0.1:${OSL_RABBIT_PORT:-5672}//"
export PATH=/usr/sbin:/usr/bin:/sbin:/bin   # Debian's python3 (kombu), not a pyenv shim
PY=/usr/bin/python3
T0=$(date +%s.%N)
TMP=$(mktemp -d)
SRV_PID=""
cleanup() { [ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null; rm -rf "$TMP"; }
trap cleanup EXIT
fail() { echo "prove.sh FAILED: $*" >&2; exit 1; }
ok() { echo "ok   $*"; }
json() { $PY -c "import json,sys; d=json.load(sys.stdin); print($1)"; }

token() { # token USER PASSWORD -> X-Subject-Token (project USER); the catalog goes to $TMP/catalog-USER.json
    curl -sf -D "$TMP/h" -o "$TMP/catalog-$1.json" -H 'Content-Type: application/json' \
        -d '{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"'"$1"'","domain":{"id":"default"},"password":"'"$2"'"}}},"scope":{"project":{"name":"'"$1"'","domain":{"id":"default"}}}}}' \
        "$KS/v3/auth/tokens" && tr -d '\r' <"$TMP/h" | awk -F': ' 'tolower($1)=="x-subject-token"{print $2}'
}

wait_status() { # wait_status ID WANTED SECONDS
    local i st
    for ((i = 0; i < $3 * 5; i++)); do
        st=$(curl -sf -H "X-Auth-Token: $T1" "$GL/v2/images/$1" | json 'd["status"]')
        [ "$st" = "$2" ] && return 0
        case $st in killed|deleted) break ;; esac
        sleep 0.2
    done
    fail "image $1 is '$st', wanted '$2'"
}

new_image() { # new_image NAME -> id
    curl -sf -X POST -H "X-Auth-Token: $T1" -H 'Content-Type: application/json' \
        -d '{"name":"'"$1"'","disk_format":"raw","container_format":"bare"}' "$GL/v2/images" | json 'd["id"]'
}

# -- Keystone
T1=$(token demo1 "$DEMO_PASS") && [ -n "$T1" ] || fail "keystone: no token for demo1"
TA=$(token admin "$ADMIN_PASS") && [ -n "$TA" ] || fail "keystone: no token for admin"
ok "keystone: tokens for demo1 and admin (POST /v3/auth/tokens -> X-Subject-Token)"
REGIONS=$(json '" ".join(sorted({e["region_id"]+"="+e["url"] for c in d["token"]["catalog"] if c["type"]=="image" for e in c["endpoints"] if e["interface"]=="public"}))' <"$TMP/catalog-demo1.json")
[[ " $REGIONS " == *" RegionOne=$GL "* ]] || fail "catalog: no public image endpoint RegionOne=$GL (got: $REGIONS)"
ok "catalog image endpoints: $REGIONS"

# -- Glance basics
curl -sf -o /dev/null -H "X-Auth-Token: $T1" "$GL/v2/images?limit=1" || fail "GET /v2/images"
ok "glance: GET /v2/images 200"
ID=$(new_image osl-prove) || fail "POST /v2/images"
head -c 65536 /dev/urandom >"$TMP/img.raw"
curl -sf -X PUT -H "X-Auth-Token: $T1" -H 'Content-Type: application/octet-stream' \
    --data-binary @"$TMP/img.raw" "$GL/v2/images/$ID/file" || fail "PUT /v2/images/$ID/file"
wait_status "$ID" active 10
curl -sf -H "X-Auth-Token: $T1" "$GL/v2/images/$ID/file" -o "$TMP/img.out" && cmp -s "$TMP/img.raw" "$TMP/img.out" \
    || fail "download differs"
ok "glance: create + upload + download identical ($ID)"

# -- RegionTwo: the same Glance behind another URL (only when up.sh ran with OSL_SECOND_REGION=1)
GL2=$(echo "$REGIONS" | tr ' ' '\n' | sed -n 's/^RegionTwo=//p')
if [ -n "$GL2" ]; then
    curl -sf -H "X-Auth-Token: $T1" "$GL2/v2/images/$ID" | json 'd["id"]' | grep -qx "$ID" || fail "RegionTwo $GL2 does not show $ID"
    ok "RegionTwo endpoint $GL2 serves the same images"
fi

# -- web-download from a loopback HTTP server on an ephemeral port
: >"$TMP/srv.log"   # exists before the server writes its port into it
(cd "$TMP" && exec $PY -u -m http.server 0 --bind 127.0.0.1 >>"$TMP/srv.log" 2>&1) &
SRV_PID=$!
for _ in $(seq 50); do PORT=$(sed -n 's/.* port \([0-9]*\) .*/\1/p' "$TMP/srv.log"); [ -n "$PORT" ] && break; sleep 0.1; done
[ -n "$PORT" ] || fail "test HTTP server did not start"
WID=$(new_image osl-prove-web-download)
code=$(curl -s -o "$TMP/import.out" -w '%{http_code}' -X POST -H "X-Auth-Token: $T1" -H 'Content-Type: application/json' \
    -d '{"method":{"name":"web-download","uri":"http://127.0.0.1:'"$PORT"'/img.raw"}}' "$GL/v2/images/$WID/import")
[ "$code" = 202 ] || fail "web-download import: HTTP $code $(cat "$TMP/import.out")"
wait_status "$WID" active 30
curl -sf -H "X-Auth-Token: $T1" "$GL/v2/images/$WID/file" | cmp -s - "$TMP/img.raw" || fail "web-download data differs"
ok "web-download: import from http://127.0.0.1:$PORT -> active, data identical"

# -- clean up (also produces image.delete notifications)
curl -sf -X DELETE -H "X-Auth-Token: $T1" "$GL/v2/images/$ID" || fail "DELETE $ID"
curl -sf -X DELETE -H "X-Auth-Token: $T1" "$GL/v2/images/$WID" || fail "DELETE $WID"
ok "glance: images deleted"

# -- notifications (only if up.sh started RabbitMQ)
if [ -s "$STATE/run/rabbitmq.pid" ] && [ -d "/proc/$(cat "$STATE/run/rabbitmq.pid")" ]; then
    $PY "$HERE/notify_dump.py" --url "$RABBIT_URL" --wait 3 >"$TMP/notify.out" || fail "notify_dump.py"
    for ev in image.create image.upload image.activate image.delete; do
        grep "\"$ID\"" "$TMP/notify.out" | grep -q "\"$ev\"" || { cat "$TMP/notify.out" >&2; fail "no $ev notification for $ID"; }
    done
    ok "rabbitmq: image.create/upload/activate/delete notifications for $ID ($(grep -c event_type "$TMP/notify.out") drained)"
fi
echo "prove.sh OK in $(awk "BEGIN{printf \"%.1f\", $(date +%s.%N) - $T0}")s"
