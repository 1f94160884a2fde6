#!/usr/bin/python3
"""Seed, list and clean benchmark images in the loopback Glance (admin credentials from clouds.yaml).

  glance_bench.py seed N PREFIX      create N data-less images named PREFIX-000000.. (8 parallel clients)
  glance_bench.py list               time Glance's own full listing (limit=1000, following next), print seconds
  glance_bench.py clean PREFIX       delete every image whose name starts with PREFIX
"""
import json, os, sys, time, urllib.request, urllib.error
from concurrent.futures import ThreadPoolExecutor

CLOUDS = os.environ.get("OS_CLIENT_CONFIG_FILE", "/var/lib/openstack-loopback/clouds.yaml")
CLOUD = os.environ.get("OS_CLOUD", "admin")


def auth():
    import yaml
    c = yaml.safe_load(open(CLOUDS))["clouds"][CLOUD]["auth"]
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": c["username"], "domain": {"name": c.get("user_domain_name", "Default")}, "password": c["password"]}}},
        "scope": {"project": {"name": c["project_name"], "domain": {"name": c.get("project_domain_name", "Default")}}}}}
    req = urllib.request.Request(c["auth_url"].rstrip("/") + "/auth/tokens", json.dumps(body).encode(),
                                 {"Content-Type": "application/json"})
    with urllib.request.urlopen(req) as r:
        token = r.headers["X-Subject-Token"]
        catalog = json.load(r)["token"]["catalog"]
    glance = next(e["url"] for s in catalog if s["type"] == "image" for e in s["endpoints"] if e["interface"] == "public")
    return token, glance.rstrip("/")


def call(token, url, method="GET", body=None, tries=6):
    for attempt in range(1, tries + 1):
        req = urllib.request.Request(url, json.dumps(body).encode() if body is not None else None,
                                     {"X-Auth-Token": token, "Content-Type": "application/json"}, method=method)
        try:
            with urllib.request.urlopen(req) as r:
                data = r.read()
                return json.loads(data) if data else None
        except urllib.error.HTTPError as e:
            if e.code in (400, 404) and method == "DELETE":  # 400: an earlier 500 had deleted it after all
                return None
            if e.code >= 500 and attempt < tries:  # SQLite "database is locked" in the loopback Glance
                time.sleep(0.2 * attempt)
                continue
            raise


def list_all(token, glance, extra=""):
    url, images = f"{glance}/v2/images?limit=1000&visibility=all&member_status=all{extra}", []
    while url:
        page = call(token, url)
        images += page["images"]
        url = glance + page["next"] if page.get("next") else None
    return images


def main():
    token, glance = auth()
    cmd = sys.argv[1]
    if cmd == "seed":
        n, prefix = int(sys.argv[2]), sys.argv[3]
        t0 = time.time()
        with ThreadPoolExecutor(8) as pool:
            list(pool.map(lambda i: call(token, f"{glance}/v2/images", "POST",
                                         {"name": f"{prefix}-{i:06d}", "disk_format": "raw", "container_format": "bare",
                                          "os_distro": "ubuntu", "bench_property": str(i)}), range(n)))
        print(f"seeded {n} in {time.time() - t0:.1f} s")
    elif cmd == "list":
        t0 = time.time()
        images = list_all(token, glance)
        print(f"{len(images)} {time.time() - t0:.3f}")
    elif cmd == "clean":
        prefix = sys.argv[2]
        ids = [i["id"] for i in list_all(token, glance) if (i.get("name") or "").startswith(prefix)]
        def delete(i):
            try:
                call(token, f"{glance}/v2/images/{i}", "DELETE")
                return 0
            except urllib.error.HTTPError:
                return 1
        with ThreadPoolExecutor(4) as pool:
            failed = sum(pool.map(delete, ids))
        print(f"deleted {len(ids) - failed}, failed {failed}")


if __name__ == "__main__":
    main()
