#!/usr/bin/python3
"""Idempotently create the identity objects the loopback cloud needs.

Uses the Debian python3-keystoneauth1/python3-keystoneclient (one process,
one token) instead of ~20 `openstack` CLI calls (each ~1.5 s).
Env: OS_AUTH_URL, ADMIN_PASS, SERVICE_PASS, DEMO_PASS, GLANCE_URL, REGION,
     SECOND_REGION (1 = also region REGION2 with image endpoints GLANCE_URL2; otherwise
     REGION2's image endpoints are removed again), REGION2, GLANCE_URL2.
"""
import os
import time
from keystoneauth1.identity import v3
from keystoneauth1 import session
from keystoneclient.v3 import client

auth_url = os.environ.get("OS_AUTH_URL", "http://127.0.0.1:5000/v3")
region = os.environ.get("REGION", "RegionOne")
glance_url = os.environ.get("GLANCE_URL", "http://127.0.0.1:9292")
auth = v3.Password(auth_url=auth_url, username="admin",
                   password=os.environ["ADMIN_PASS"], project_name="admin",
                   user_domain_id="default", project_domain_id="default")
ks = client.Client(session=session.Session(auth=auth), region_name=region)


def project(name, desc):
    found = ks.projects.list(name=name, domain="default")
    return found[0] if found else ks.projects.create(name, "default", description=desc)


def role(name):
    found = ks.roles.list(name=name)
    return found[0] if found else ks.roles.create(name)


def password_ok(name, password):
    try:
        session.Session(auth=v3.Password(
            auth_url=auth_url, username=name, password=password,
            user_domain_id="default", unscoped=True)).get_token()
        return True
    except Exception:
        return False


def user(name, password, proj):
    found = ks.users.list(name=name, domain="default")
    if found:
        # Only touch the password when it differs: a password change revokes every token of
        # the user, including ones issued later within the same second (revocation events
        # have 1 s resolution) -> glance's service user would get 401s right after.
        if not found[0].enabled or not password_ok(name, password):
            ks.users.update(found[0], password=password, enabled=True)
            time.sleep(1.1)
        return found[0]
    return ks.users.create(name, domain="default", password=password,
                           default_project=proj, enabled=True)


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

svcs = ks.services.list(type="image")
svc = svcs[0] if svcs else ks.services.create("glance", type="image",
                                                description="OpenStack Image")


def image_endpoints(reg, url):
    for iface in ("public", "internal", "admin"):
        eps = [e for e in ks.endpoints.list(service=svc, interface=iface, region=reg)
               if getattr(e, "region_id", None) == reg]
        if eps:
            if eps[0].url != url:
                ks.endpoints.update(eps[0], url=url)
        else:
            ks.endpoints.create(svc, url, interface=iface, region=reg)


image_endpoints(region, glance_url)
msg = "image endpoint %s %s" % (region, glance_url)

# Optional second region for multi-region tests: only an image service (the same Glance on
# another port); identity stays in RegionOne only, as in most multi-region clouds.
region2 = os.environ.get("REGION2", "RegionTwo")
if os.environ.get("SECOND_REGION") == "1":
    if not any(r.id == region2 for r in ks.regions.list()):
        ks.regions.create(id=region2, description="second region (loopback test cloud)")
    glance_url2 = os.environ.get("GLANCE_URL2", "http://127.0.0.1:9293")
    image_endpoints(region2, glance_url2)
    msg += ", %s %s" % (region2, glance_url2)
else:  # switched off again: no stale catalog entries pointing at a port nobody listens on
    for ep in ks.endpoints.list(service=svc, region=region2):
        if getattr(ep, "region_id", None) == region2:  # never trust the server-side filter alone
            ks.endpoints.delete(ep)
print("identity ok: projects admin,service,demo1,demo2; users admin,glance,demo1,demo2; " + msg)
