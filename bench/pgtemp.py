"""A throwaway PostgreSQL server for the benchmarks, as tests/conftest.py starts one:
initdb in a temporary folder, pg_ctl on 127.0.0.1 and a free port, removed on exit.
Default durability settings (fsync on), unlike the tests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from glob import glob
from pathlib import Path


class TempPostgres:
    """``with TempPostgres("--postgres") as url:`` gives a ``postgresql://`` URL."""

    def __init__(self, flag: str = "PostgreSQL", prefix: str = "tcwatch-bench-pg-") -> None:
        self.flag = flag
        self.tmp_prefix = prefix

    def __enter__(self) -> str:
        found = sorted(glob("/usr/lib/postgresql/*/bin/initdb"))
        if not found:
            raise SystemExit(f"{self.flag} needs PostgreSQL (initdb) installed; ./test.sh installs it")
        self.bindir = Path(found[-1]).parent
        self.root = Path(tempfile.mkdtemp(prefix=self.tmp_prefix))
        self.prefix = []
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            self.prefix = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.data = self.root / "data"
        subprocess.run([*self.prefix, str(self.bindir / "initdb"), "-D", str(self.data), "-A", "trust", "-U",
                        "tcwatch"], check=True, capture_output=True)
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l",
                        str(self.root / "log"), "-w", "-o", f"-p {port} -k {self.root} -c listen_addresses=127.0.0.1",
                        "start"], check=True, capture_output=True)
        return f"postgresql://tcwatch@127.0.0.1:{port}/postgres"

    def __exit__(self, *exc) -> None:
        subprocess.run([*self.prefix, str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "fast", "stop"],
                       capture_output=True)
        shutil.rmtree(self.root, ignore_errors=True)
