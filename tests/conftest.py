"""Shared fixtures: temporary databases (SQLite, and a real PostgreSQL server started here),
the ../shared folder when present, and a CLI runner."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
from glob import glob
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def require_system(what: str) -> None:
    """Skip when a system part is missing, but fail under CI, where .ci/run installs it."""
    message = f"{what} is not installed (the README's test command installs it)"
    if os.environ.get("CI") or os.environ.get("TCWATCH_REQUIRE_SYSTEM"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` beside the repository; tests that need it skip when it is absent."""
    if not (SHARED / "data").is_dir():
        pytest.skip("../shared is not here (a user's fresh clone has none)")
    return SHARED


@pytest.fixture
def db_path(tmp_path) -> str:
    return str(tmp_path / "tcwatch.db")


@pytest.fixture
def store(db_path):
    """A fresh SQLite store with the bundled reference data loaded."""
    from tcwatch.store import open_store

    with open_store(db_path) as s:
        yield s


@pytest.fixture
def empty_store(db_path):
    """A fresh SQLite store without the reference data."""
    from tcwatch.store import open_store

    with open_store(db_path, reference=False) as s:
        yield s


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def postgres_server():
    """Start a real PostgreSQL server in a temporary folder for this test session."""
    found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
    initdb = found[-1] if found else shutil.which("initdb")
    if not initdb:
        require_system("PostgreSQL (initdb, pg_ctl)")
    bindir = Path(initdb).parent
    root = Path(tempfile.mkdtemp(prefix="tcwatch-pg-"))
    prefix: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root
        shutil.chown(root, "postgres")
        prefix = ["runuser", "-u", "postgres", "--"]
    port = _free_port()
    data = root / "data"
    subprocess.run([*prefix, str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "tcwatch"],
                   check=True, capture_output=True)
    subprocess.run(
        [*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "log"), "-w", "-o",
         f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"],
        check=True, capture_output=True,
    )
    url = f"postgresql://tcwatch@127.0.0.1:{port}/postgres"
    try:
        yield {"url": url, "port": port, "bindir": bindir, "prefix": prefix}
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server):
    """A new, empty PostgreSQL database on the session's server."""
    import psycopg

    name = f"t{int(time.time() * 1e6)}"
    with psycopg.connect(postgres_server["url"], autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_server["url"].rsplit("/", 1)[0] + f"/{name}"


@pytest.fixture(params=["sqlite", "postgresql"])
def any_target(request, tmp_path):
    """A database target of each kind the store supports."""
    if request.param == "sqlite":
        return str(tmp_path / "t.db")
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def run_cli(db_path, monkeypatch):
    """Run ``tcwatch ARGS`` in-process with the temp database; returns click's Result."""
    from click.testing import CliRunner

    from tcwatch.cli import cli

    monkeypatch.setenv("TCWATCH_DB", db_path)
    monkeypatch.delenv("TCWATCH_CONFIG", raising=False)

    def run(*args, input=None):
        return CliRunner().invoke(cli, [str(a) for a in args], input=input, catch_exceptions=False)

    return run
