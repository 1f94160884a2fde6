#!/usr/bin/python3
"""What a members call costs Glance against a listed image: Glance uwsgi CPU (from /proc) and wall time.
usage: member_cost.py seed N | measure CONC... | clean   (seeds/cleans images named mcost-*)"""
import json, os, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import glance_bench as gb
token, glance = gb.auth()
PIDS = [int(p) for p in os.popen("pgrep -f glance-api-uwsgi").read().split()]
def cpu():
    t = 0
    for p in PIDS:
        f = open(f"/proc/{p}/stat").read().split(")")[1].split()
        t += int(f[11]) + int(f[12])
    return t / os.sysconf("SC_CLK_TCK")
def get(path):
    r = urllib.request.Request(glance + path, headers={"X-Auth-Token": token})
    return json.load(urllib.request.urlopen(r))
cmd = sys.argv[1]
if cmd == "seed":
    n = int(sys.argv[2])
    with ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: gb.call(token, f"{glance}/v2/images", "POST", {"name": f"mcost-{i:05d}", "disk_format": "raw", "container_format": "bare"}), range(n)))
elif cmd == "measure":
    images = [i for i in gb.list_all(token, glance) if i["name"].startswith("mcost-")]
    ids = [i["id"] for i in images]
    c0, t0 = cpu(), time.time(); gb.list_all(token, glance); c1, t1 = cpu(), time.time()
    total = len(gb.list_all(token, glance))
    print(f"listing {total} images: {t1-t0:.2f} s wall, {c1-c0:.2f} s Glance CPU = {1000*(c1-c0)/total:.3f} ms CPU/image")
    for conc in map(int, sys.argv[2:]):
        c0, t0 = cpu(), time.time()
        with ThreadPoolExecutor(conc) as pool: list(pool.map(lambda i: get(f"/v2/images/{i}/members"), ids))
        c1, t1 = cpu(), time.time()
        print(f"members x{len(ids)} at {conc}: {t1-t0:.2f} s wall = {len(ids)/(t1-t0):.0f}/s, Glance CPU {1000*(c1-c0)/len(ids):.2f} ms/call")
elif cmd == "clean":
    # One at a time: Glance on SQLite fails concurrent writes ("database is locked"). An image Glance lists as
    # deleted (a half-finished delete of that same failure) cannot be deleted again.
    for i in gb.list_all(token, glance):
        if i["name"].startswith("mcost-") and i["status"] != "deleted":
            gb.call(token, f"{glance}/v2/images/{i['id']}", "DELETE")
