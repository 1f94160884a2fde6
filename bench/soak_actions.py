#!/usr/bin/python3
"""Soak side stream: image actions through the panel against the real Glance (create, rename, delete, as the end
user), each making Glance publish notifications that the panel's consumer applies. Paced, bounded by --seconds.
Prints "actions N errors E" and every unexpected answer."""
import argparse, http.client, json, sys, time

ap = argparse.ArgumentParser()
ap.add_argument("--port", type=int, required=True)
ap.add_argument("--seconds", type=float, required=True)
ap.add_argument("--interval", type=float, default=1.0)
a = ap.parse_args()
H = {"Authorization": "Token bench-enduser-key", "Content-Type": "application/json"}
BASE = "/backend/api/openstack/images"


def call(method, path, body=None):
    c = http.client.HTTPConnection("127.0.0.1", a.port, timeout=60)
    c.request(method, path, json.dumps(body) if body is not None else None, H)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


actions = errors = 0
deadline = time.time() + a.seconds
n = 0
while time.time() < deadline:
    started = time.time()
    n += 1
    st, d = call("POST", BASE, {"name": f"soak-{n}", "client": 1000, "disk_format": "raw", "container_format": "bare"})
    actions += 1
    if st != 201:
        errors += 1
        print(f"create: {st} {d[:200]!r}", file=sys.stderr)
    else:
        image = json.loads(d)["id"]
        for step, (method, path, body, ok) in enumerate([
                ("PATCH", f"{BASE}/{image}", {"name": f"soak-{n}-renamed"}, 200),
                ("DELETE", f"{BASE}/{image}", None, 204)]):
            st, d = call(method, path, body)
            actions += 1
            if st != ok:
                errors += 1
                print(f"{method}: {st} {d[:200]!r}", file=sys.stderr)
    time.sleep(max(0.0, a.interval - (time.time() - started)))
print(f"actions {actions} errors {errors}")
