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

# Unified limits (glance-api.conf use_keystone_limits): oslo.limit in Glance reads limits as
# the glance user with a system-scoped reader role (Glance's "Unified limits" admin guide).
ks.roles.grant(reader_role, user=glance_u, system="all")
# Registered limits = every project's defaults. Generous: the tests create thousands of images
# in one project (KillTests 2000); a test that wants a small limit sets a project limit.
# A resource without a registered limit counts as limit 0 in oslo.limit: every one must exist.
TIB_MIB = 10 * 1024 * 1024
for res, want in (("image_count_total", 100000), ("image_count_uploading", 1000),
                  ("image_size_total", TIB_MIB), ("image_stage_total", TIB_MIB)):
    have = [r for r in ks.registered_limits.list(service=svc, resource_name=res, region=region)
            if getattr(r, "region_id", None) == region]
    if not have:
        ks.registered_limits.create(svc, res, want, region=region)
    elif have[0].default_limit != want:
        ks.registered_limits.update(have[0], default_limit=want)
msg += "; registered limits for glance in %s" % region
# [oslo_limit] endpoint_id of glance-api.conf: known only once the endpoint exists, so up.sh
# renders the limits part of the config after this script (and restarts glance-api once).
if os.environ.get("ENDPOINT_ID_FILE"):
    ep = [e for e in ks.endpoints.list(service=svc, interface="public", region=region)
          if getattr(e, "region_id", None) == region][0]
    with open(os.environ["ENDPOINT_ID_FILE"] + ".tmp", "w") as f:
        f.write(ep.id + "\n")
    os.replace(os.environ["ENDPOINT_ID_FILE"] + ".tmp", os.environ["ENDPOINT_ID_FILE"])

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
