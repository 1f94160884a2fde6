"""Idempotent Keystone objects for the loopback cloud's identity scripts (Glance's and Nova's).

One process, one admin token (Debian's python3-keystoneauth1/python3-keystoneclient) instead of
~20 `openstack` CLI calls (each ~1.5 s). Env: OS_AUTH_URL, ADMIN_PASS, REGION.
"""
import os
import time
from keystoneauth1.identity import v3
from keystoneauth1 import session
from keystoneclient.v3 import client

auth_url = os.environ.get("OS_AUTH_URL", "http://127.0.0.1:5000/v3")
region = os.environ.get("REGION", "RegionOne")
ks = client.Client(session=session.Session(auth=v3.Password(
    auth_url=auth_url, username="admin", password=os.environ["ADMIN_PASS"], project_name="admin",
    user_domain_id="default", project_domain_id="default")), region_name=region)


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
        # have 1 s resolution) -> a service user would get 401s right after.
        if not found[0].enabled or not password_ok(name, password):
            ks.users.update(found[0], password=password, enabled=True)
            time.sleep(1.1)
        return found[0]
    return ks.users.create(name, domain="default", password=password,
                           default_project=proj, enabled=True)


def service(stype, name, desc):
    svcs = ks.services.list(type=stype)
    return svcs[0] if svcs else ks.services.create(name, type=stype, description=desc)


def endpoints(svc, reg, url):
    """public/internal/admin endpoints of svc in region reg at url."""
    for iface in ("public", "internal", "admin"):
        eps = [e for e in ks.endpoints.list(service=svc, interface=iface, region=reg)
               if getattr(e, "region_id", None) == reg]  # never trust the server-side filter alone
        if eps:
            if eps[0].url != url:
                ks.endpoints.update(eps[0], url=url)
        else:
            ks.endpoints.create(svc, url, interface=iface, region=reg)
