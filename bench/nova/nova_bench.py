#!/usr/bin/python3
"""Servers for the instance-sync benchmark on the loopback Nova (fake hypervisor, no networks).
usage: nova_bench.py count PREFIX           -> number of servers named PREFIX-*
       nova_bench.py seed N PREFIX [THREADS] -> boots N servers (demo1/demo2 alternating), waits until none is BUILD
       nova_bench.py list                   -> "<servers> <seconds>": admin all_tenants listing, limit 1000, to the end
       nova_bench.py delete PREFIX          -> deletes the PREFIX-* servers"""
import sys, threading, time
from keystoneauth1.identity import v3
from keystoneauth1 import session

KS, GLANCE = "http://127.0.0.1:5000/v3", "http://127.0.0.1:9292"
H = {"OpenStack-API-Version": "compute 2.46"}
PASS = {"admin": "admin-secret", "demo1": "demo-secret", "demo2": "demo-secret"}


def sess(u):
    return session.Session(auth=v3.Password(auth_url=KS, username=u, password=PASS[u], project_name=u,
                                            user_domain_id="default", project_domain_id="default"))


def nova_url(s):
    return s.get_endpoint(service_type="compute", interface="public").rstrip("/")


def all_servers(s, query=""):
    url, out = nova_url(s) + "/servers/detail?all_tenants=1&limit=1000" + query, []
    while url:
        body = s.get(url, headers=H).json()
        out += body["servers"]
        url = next((l["href"] for l in body.get("servers_links", []) if l["rel"] == "next"), None) if body["servers"] else None
    return out


def main():
    cmd = sys.argv[1]
    admin = sess("admin")
    if cmd == "count":
        print(sum(1 for x in all_servers(admin) if x["name"].startswith(sys.argv[2] + "-")))
    elif cmd == "list":
        t0 = time.perf_counter()
        n = len(all_servers(admin))
        print(n, "%.3f" % (time.perf_counter() - t0))
    elif cmd == "seed":
        n, prefix = int(sys.argv[2]), sys.argv[3]
        threads = int(sys.argv[4]) if len(sys.argv) > 4 else 8
        image = admin.get(GLANCE + "/v2/images?name=nl-boot-raw&status=active").json()["images"]
        if not image:
            sys.exit("no active nl-boot-raw image in Glance (prove_nova.py or the Nova tests create it)")
        image, todo, lock, errors = image[0]["id"], list(range(n)), threading.Lock(), []

        def worker(k):
            s = sess("demo1" if k % 2 == 0 else "demo2")
            url = nova_url(s)
            while True:
                with lock:
                    if not todo: return
                    i = todo.pop()
                r = s.post(url + "/servers", headers=H, raise_exc=False, json={"server": {
                    "name": "%s-%05d" % (prefix, i), "imageRef": image, "flavorRef": "nl-tiny", "networks": "none"}})
                if r.status_code != 202:
                    with lock: errors.append(r.status_code)
        ths = [threading.Thread(target=worker, args=(k,)) for k in range(threads)]
        [t.start() for t in ths]; [t.join() for t in ths]
        deadline = time.time() + 600
        while time.time() < deadline:
            building = [x for x in all_servers(admin) if x["name"].startswith(prefix + "-") and x["status"] == "BUILD"]
            if not building: break
            time.sleep(2)
        print("seeded %d servers (%d refused)" % (n - len(errors), len(errors)))
    elif cmd == "delete":
        url = nova_url(admin)
        victims = [x["id"] for x in all_servers(admin) if x["name"].startswith(sys.argv[2] + "-")]
        def worker(ids):
            for sid in ids: admin.delete(url + "/servers/" + sid, raise_exc=False)
        ths = [threading.Thread(target=worker, args=(victims[k::8],)) for k in range(8)]
        [t.start() for t in ths]; [t.join() for t in ths]
        print("deleted %d servers" % len(victims))


main()
