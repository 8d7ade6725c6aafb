"""``tcwatch serve``: a real server process that says where it listens and answers the API and pages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

import httpx


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_prints_its_address_and_serves(db_path, sample):
    """The command prints the address, then serves JSON and HTML there; without a token it is read-only."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("TCWATCH_TOKEN", "TCWATCH_CONFIG")}
    env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tcwatch.cli import main; main()", "serve", "--port", str(port), "--db", db_path],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line and "read-only" in line
        deadline = time.monotonic() + 20
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/corridors", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, proc.stderr.read()
                time.sleep(0.1)
        assert r.status_code == 200
        assert {"USA-RWA", "AUS-NRU"} <= {c["id"] for c in r.json()["items"]}
        page = httpx.get(f"http://127.0.0.1:{port}/corridors/USA-RWA", timeout=5)
        assert page.status_code == 200 and "timeline-chart" in page.text
        denied = httpx.post(f"http://127.0.0.1:{port}/api/ingest", json={"documents": []},
                            headers={"Authorization": "Bearer x"}, timeout=5)
        assert denied.status_code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_serve_help_has_an_example(run_cli):
    """The command documents itself with an example."""
    result = run_cli("serve", "--help")
    assert result.exit_code == 0
    assert "Example: tcwatch serve" in result.output and "--port" in result.output
