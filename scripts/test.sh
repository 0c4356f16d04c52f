#!/usr/bin/env bash
# Installs everything the test suite needs on a fresh Debian machine (root), then runs it all:
# ruff, mypy --strict, and pytest (real servers and Chromium included).  Idempotent.
# Usage: bash scripts/test.sh [pytest args...]   e.g.  bash scripts/test.sh -m "not slow"
set -euo pipefail
cd "$(dirname "$0")/.."

# 1. Debian packages: Chromium (ground truth), nginx, Apache and Varnish (real proxies and caches in tests).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx-light)
[ -x /usr/sbin/apache2 ] || missing+=(apache2)
[ -x /usr/sbin/varnishd ] || missing+=(varnish)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)
python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "test.sh: installing Debian packages: ${missing[*]}" >&2
  # Keep Debian from starting nginx and Apache on port 80 (they would collide): the tests run
  # their own servers on ephemeral loopback ports.
  made_policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && made_policy=1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  if [ "$made_policy" = 1 ]; then rm -f /usr/sbin/policy-rc.d; fi
fi
# Debian starts the services it installs; the tests run their own on ephemeral ports.
service nginx stop >/dev/null 2>&1 || true
service apache2 stop >/dev/null 2>&1 || true
service varnish stop >/dev/null 2>&1 || true

# 2. Python: a project venv with pinned versions.
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/python -m pip install -q --disable-pip-version-check -c constraints.txt -e '.[test]'

# 3. npm packages for the Express tests.
if [ -f tests/node/package.json ]; then
  (cd tests/node && npm ci --silent --no-audit --no-fund >/dev/null)
fi

# 4. Static checks, then the tests.
.venv/bin/ruff check src tests benchmarks
.venv/bin/ruff format --check src >/dev/null || echo "test.sh: note: ruff format would reformat files" >&2
.venv/bin/mypy
exec .venv/bin/python -m pytest -p no:cacheprovider "$@"
