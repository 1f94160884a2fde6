#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives it by path; nothing is downloaded at run time).
set -euo pipefail
# Another apt run (the OpenStack scripts) may hold the package lists' lock: the update is tried again until one ran.
for attempt in 1 2 3 4 5; do
  command -v chromium >/dev/null && break
  apt-get -o DPkg::Lock::Timeout=300 update -qq >/dev/null 2>&1 || { sleep 10; continue; }
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium fonts-dejavu-core >/dev/null || sleep 10
done
chromium --version
