#!/usr/bin/env bash
# Run the whole test suite on a fresh machine: creates .venv, installs tcwatch with its
# test dependencies, installs the system parts the tests use for real (Debian's chromium
# for the dashboard tests, a PostgreSQL server for the PostgreSQL tests), then runs pytest.
# Extra arguments go to pytest, e.g. ./test.sh tests/store -x
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip >/dev/null
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1; then
    sudo apt-get update -qq
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "note: ${missing[*]} not installed and no root: those tests will be skipped" >&2
  fi
fi

exec .venv/bin/python -m pytest -q "$@"
