#!/usr/bin/python3
"""Tops up the loopback Glance so that a project (default demo1) owns N private images named pi-bench-NNNNNN, the
Glance side of the side-by-side benchmark (all on 127.0.0.1). Only ever creates or deletes its own pi-bench-* images.

  glance-seed.py 10000 [--user demo1] [--concurrency 4]      # create the missing ones
  glance-seed.py 0 --delete                                   # delete this script's images
  glance-seed.py --token [--user demo1]                       # print a token (for wrk)
"""
import argparse, concurrent.futures as cf, http.client, json, os, sys, time

KS = ("127.0.0.1", int(os.environ.get("OSL_KS_PORT", "5000")))
GL = ("127.0.0.1", int(os.environ.get("OSL_GL_PORT", "9292")))
PREFIX = "pi-bench-"


def req(hostport, method, path, body=None, headers=None):
    c = http.client.HTTPConnection(*hostport, timeout=60)
    h = {"Content-Type": "application/json"}
    h.update(headers or {})
    c.request(method, path, body=json.dumps(body) if body is not None else None, headers=h)
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, data


def token(user, password):
    body = {"auth": {"identity": {"methods": ["password"], "password": {"user": {
        "name": user, "domain": {"id": "default"}, "password": password}}},
        "scope": {"project": {"name": user, "domain": {"id": "default"}}}}}
    st, h, d = req(KS, "POST", "/v3/auth/tokens", body)
    if st != 201:
        sys.exit(f"keystone: {st} {d[:200]}")
    return h["x-subject-token"]


def mine(tok):
    ids, path = {}, "/v2/images?limit=1000&visibility=private"
    while path:
        st, _, d = req(GL, "GET", path, headers={"X-Auth-Token": tok})
        assert st == 200, (st, d[:200])
        j = json.loads(d)
        ids.update({i["name"]: i["id"] for i in j["images"] if (i.get("name") or "").startswith(PREFIX)})
        path = j.get("next")
    return ids


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int, nargs="?", default=10000)
    ap.add_argument("--user", default="demo1")
    ap.add_argument("--password", default=os.environ.get("OSL_DEMO_PASS", "demo-secret"))
    ap.add_argument("--concurrency", type=int, default=4)
    ap.add_argument("--delete", action="store_true")
    ap.add_argument("--token", action="store_true")
    a = ap.parse_args()
    tok = token(a.user, a.password)
    if a.token:
        print(tok)
        return
    have = mine(tok)
    t0 = time.time()
    if a.delete:
        with cf.ThreadPoolExecutor(a.concurrency) as ex:
            list(ex.map(lambda i: req(GL, "DELETE", f"/v2/images/{i}", headers={"X-Auth-Token": tok}), have.values()))
        print(f"deleted {len(have)} {PREFIX}* images in {time.time() - t0:.1f} s", file=sys.stderr)
        return
    missing = [n for n in range(a.n) if f"{PREFIX}{n:06d}" not in have]

    def one(n):
        st, _, _ = req(GL, "POST", "/v2/images", {"name": f"{PREFIX}{n:06d}", "disk_format": "qcow2",
                                                  "container_format": "bare", "visibility": "private",
                                                  "os_distro": "ubuntu", "bench_index": str(n)}, {"X-Auth-Token": tok})
        return st == 201
    with cf.ThreadPoolExecutor(a.concurrency) as ex:
        ok = sum(ex.map(one, missing))
    print(f"{a.user}: had {len(have)} {PREFIX}* images, created {ok}/{len(missing)} in {time.time() - t0:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
