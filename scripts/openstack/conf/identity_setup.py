#!/usr/bin/python3
"""Idempotently create the identity objects the loopback cloud needs (see keystone_objects.py).

Env: OS_AUTH_URL, ADMIN_PASS, SERVICE_PASS, DEMO_PASS, GLANCE_URL, REGION,
     SECOND_REGION (1 = also region REGION2 with image endpoints GLANCE_URL2; otherwise
     REGION2's image endpoints are removed again), REGION2, GLANCE_URL2.
"""
import os
from keystone_objects import ks, region, project, role, user, service, endpoints

glance_url = os.environ.get("GLANCE_URL", "http://127.0.0.1:9292")

admin_role, member_role, reader_role = role("admin"), role("member"), role("reader")
service_p = project("service", "service project")
glance_u = user("glance", os.environ["SERVICE_PASS"], service_p)
ks.roles.grant(admin_role, user=glance_u, project=service_p)
ks.roles.grant(role("service"), user=glance_u, project=service_p)

for n in ("demo1", "demo2"):
    p = project(n, n + " project")
    u = user(n, os.environ["DEMO_PASS"], p)
    ks.roles.grant(member_role, user=u, project=p)
    ks.roles.grant(reader_role, user=u, project=p)

svc = service("image", "glance", "OpenStack Image")
endpoints(svc, region, glance_url)
msg = "image endpoint %s %s" % (region, glance_url)

# Optional second region for multi-region tests: only an image service (the same Glance on
# another port); identity stays in RegionOne only, as in most multi-region clouds.
region2 = os.environ.get("REGION2", "RegionTwo")
if os.environ.get("SECOND_REGION") == "1":
    if not any(r.id == region2 for r in ks.regions.list()):
        ks.regions.create(id=region2, description="second region (loopback test cloud)")
    glance_url2 = os.environ.get("GLANCE_URL2", "http://127.0.0.1:9293")
    endpoints(svc, region2, glance_url2)
    msg += ", %s %s" % (region2, glance_url2)
else:  # switched off again: no stale catalog entries pointing at a port nobody listens on
    for ep in ks.endpoints.list(service=svc, region=region2):
        if getattr(ep, "region_id", None) == region2:  # never trust the server-side filter alone
            ks.endpoints.delete(ep)
print("identity ok: projects admin,service,demo1,demo2; users admin,glance,demo1,demo2; " + msg)
