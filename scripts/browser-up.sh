#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright drives it by path; nothing is downloaded at run time).
set -euo pipefail
if ! command -v chromium >/dev/null; then
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=900 install -y -qq chromium fonts-dejavu-core >/dev/null
fi
chromium --version
