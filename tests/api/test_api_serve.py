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


def _first_answer(proc, port: int, seconds: float = 30) -> httpx.Response:
    """The server's first answer to /api/corridors, waiting while it starts."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(f"http://127.0.0.1:{port}/api/corridors", timeout=5)
        except httpx.TransportError:
            assert time.monotonic() < deadline, proc.stderr.read()
            time.sleep(0.1)


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
        r = _first_answer(proc, port)
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


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


def test_serve_with_two_workers_shares_the_port_and_the_options(db_path, sample):
    """``--workers 2`` runs two server processes on one port; both have the token and the database."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("TCWATCH_TOKEN", "TCWATCH_CONFIG")}
    env["PYTHONUNBUFFERED"] = "1"
    proc = subprocess.Popen(
        [sys.executable, "-c", "from tcwatch.cli import main; main()", "serve", "--port", str(port), "--db", db_path,
         "--workers", "2", "--token", "s3cret-token"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )
    try:
        line = proc.stdout.readline()
        assert f"http://127.0.0.1:{port}/" in line and "2 worker processes" in line and "read-only" not in line
        r = _first_answer(proc, port)
        assert r.status_code == 200 and "USA-RWA" in {c["id"] for c in r.json()["items"]}
        deadline = time.monotonic() + 30
        while len(_children(proc.pid)) < 2:  # the workers (the supervisor may add a helper process)
            assert time.monotonic() < deadline, _children(proc.pid)
            time.sleep(0.2)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            for _ in range(6):  # new connections, spread over the workers: each knows the token
                denied = client.post("/api/ingest", json={"documents": []}, headers={"Authorization": "Bearer x",
                                                                                     "Connection": "close"})
                assert denied.status_code == 403
                allowed = client.post("/api/ingest", json={"documents": []},
                                      headers={"Authorization": "Bearer s3cret-token", "Connection": "close"})
                assert allowed.status_code != 403, allowed.text
    finally:
        proc.terminate()
        proc.wait(timeout=20)
