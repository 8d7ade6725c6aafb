"""`tcwatch watch` as a process: it runs until SIGINT or SIGTERM, then finishes cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from support_watch import Feed, wait_for

from tcwatch.store import open_store
from tcwatch.store import watching as sql
from tcwatch.watch import add_source, get_source


WATCH = "import sys; from tcwatch.cli import main; sys.argv[0] = 'tcwatch'; main()"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_watch_runs_until_signalled_then_exits_cleanly(server, db_path, clock, signum):
    """The watcher polls, keeps running, and on a signal exits 0 with its summary."""
    feed = Feed()
    feed.add("p1", "Ministers meet", "Ministers met in the capital to talk about the plan for the coming year.")
    with open_store(db_path) as store:
        store.set_meta(sql.DEFAULTS_SEEDED, "test")
        source_id = add_source(store, server.feed("/rss", feed), every="10s", clock=clock).id
    env = {**os.environ, "TCWATCH_ALLOW_PRIVATE": "1", "TCWATCH_DB": db_path}
    proc = subprocess.Popen([sys.executable, "-c", WATCH, "watch"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        def polled() -> bool:
            with open_store(db_path, reference=False) as store:
                return get_source(store, source_id).last_success is not None

        assert wait_for(polled, timeout=60)
        assert proc.poll() is None  # still watching
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err.decode()
    assert b"stopping after the current source" in err
    assert b"polled 1 sources (0 failed), 1 new items" in out
