#!/usr/bin/env bash
# Run Third-Country Watch on the embedded default: creates .venv, installs tcwatch, builds
# a SQLite database (./tcwatch.db, or $TCWATCH_DB) holding the bundled reference data plus
# any documents named on the command line, then serves the API and dashboard.
#   ./run.sh                          reference data only
#   ./run.sh news.jsonl articles/     plus your documents (any format `tcwatch ingest` reads)
# HOST and PORT choose the address (default 127.0.0.1:8000).
set -euo pipefail
cd "$(dirname "$0")"
PYTHON=${PYTHON:-python3}

if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e .

export TCWATCH_DB=${TCWATCH_DB:-$PWD/tcwatch.db}
if [ $# -gt 0 ]; then
  # exit code 3 means some inputs were rejected (listed above); the rest is stored
  .venv/bin/tcwatch ingest "$@" || [ $? -eq 3 ]
fi
.venv/bin/tcwatch corridors
exec .venv/bin/tcwatch serve --host "${HOST:-127.0.0.1}" --port "${PORT:-8000}"
