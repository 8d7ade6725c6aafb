"""``tcwatch backfill`` on a real dask LocalCluster stores exactly what a single-process ingest
stores (documents, facts, events, figures), on SQLite and PostgreSQL; a killed worker's
partition is redone, not lost or doubled; a rerun after a crash finishes the job."""

from __future__ import annotations

import json
import os
import signal
from dataclasses import replace

import pytest

from tcwatch.backfill import BackfillError, backfill
from tcwatch.corridors import corridor_detail, list_corridors
from tcwatch.ingest import ingest_documents
from tcwatch.store import open_store
from test_ingest_batch import corpus, snapshot

dd = pytest.importorskip("dask.distributed")


def archive(copies: int = 4) -> list:
    """The test corpus followed by copies from other desks (near-duplicates in later partitions)."""
    docs = corpus()
    for k in range(1, copies + 1):
        for doc in corpus()[:8]:
            docs.append(replace(doc, id=f"{doc.id}-desk{k}", url=f"https://desk{k}.example/{doc.id}",
                                text=doc.text + f" Filed by desk {k}."))
    return docs


def figures(store) -> dict:
    corridors = list_corridors(store)
    details = {}
    for c in corridors:
        if c.get("sender") and c.get("receiver"):
            d = corridor_detail(store, c["sender"], c["receiver"])
            details[f"{c['sender']}-{c['receiver']}"] = {"figures": d["figures"], "events": d.get("events")}
    return json.loads(json.dumps({"corridors": corridors, "details": details}, default=str))


def single_process(target) -> tuple[dict, dict]:
    with open_store(target) as store:
        ingest_documents(store, archive())
        return snapshot(store), figures(store)


@pytest.fixture(scope="module")
def client():
    """A real LocalCluster (threads in this process: quick to start) with two workers."""
    with dd.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address="127.0.0.1:0") as cluster:
        with dd.Client(cluster) as c:
            yield c


@pytest.fixture
def second_target(any_target, tmp_path):
    if any_target.startswith("postgresql"):
        import time

        import psycopg

        name = f"s{int(time.time() * 1e6)}"
        with psycopg.connect(any_target, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return any_target.rsplit("/", 1)[0] + f"/{name}"
    return str(tmp_path / "single.db")


def test_backfill_on_two_workers_equals_single_process_ingest(client, any_target, second_target):
    written = []
    with open_store(any_target) as store:
        report = backfill(store, archive(), client, partition_size=3, on_partition=written.append)
        got, got_figures = snapshot(store), figures(store)
    expected, expected_figures = single_process(second_target)
    assert written == list(range(len(written))) and len(written) == -(-len(archive()) // 3)
    assert report.stored == len(expected["documents"]) and report.near_duplicates >= 8
    assert got == expected  # same ids, same event of every fact, same near-duplicate marks
    assert got_figures == expected_figures
    copies = [d for d in got["documents"] if d["id"].endswith("-desk3")]
    assert copies and all(d["duplicate_of"] for d in copies if d["relevant"])


def test_a_killed_worker_loses_and_doubles_nothing(tmp_path):
    docs = archive(copies=12)
    killed = []
    with dd.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address="127.0.0.1:0",
                         host="127.0.0.1") as cluster, dd.Client(cluster) as client:
        pids = client.run(os.getpid)

        def kill_a_busy_worker(index):
            if killed:
                return
            busy = [(addr, keys) for addr, keys in client.processing().items() if keys]
            if busy:
                killed.append(busy[0])
                os.kill(pids[busy[0][0]], signal.SIGKILL)

        with open_store(str(tmp_path / "b.db")) as store:
            report = backfill(store, docs, client, partition_size=4, max_in_flight=8,
                              on_partition=kill_a_busy_worker)
            got = snapshot(store)
    assert killed and killed[0][1], "a worker was killed while extracting a partition"
    with open_store(str(tmp_path / "s.db")) as store:
        single = ingest_documents(store, docs)
        expected = snapshot(store)
    assert (report.stored, report.facts) == (single.stored, single.facts)
    assert got == expected


class Crash(Exception):
    pass


def test_a_rerun_after_the_writer_crashed_finishes_the_job(client, tmp_path):
    def crash(index):
        if index == 2:
            raise Crash("writer killed")

    target = str(tmp_path / "b.db")
    with open_store(target) as store:
        with pytest.raises(Crash):
            backfill(store, archive(), client, partition_size=5, on_partition=crash)
        assert store.count_documents() == 14  # 15 items, one of them read twice
        report = backfill(store, archive(), client, partition_size=5)
        got = snapshot(store)
    expected, _ = single_process(str(tmp_path / "s.db"))
    # the rerun skipped the 15 items committed before the crash and stored the rest
    assert report.read == len(archive()) and report.stored == len(expected["documents"]) - 14
    assert got == expected


def test_a_bad_partition_size_and_an_unreachable_scheduler_are_named(client, tmp_path):
    from tcwatch.backfill import connect

    with open_store(str(tmp_path / "b.db")) as store:
        with pytest.raises(BackfillError, match="partition size"):
            backfill(store, archive(), client, partition_size=0)
    with pytest.raises(BackfillError, match="tcp://127.0.0.1:9"):
        connect("tcp://127.0.0.1:9", timeout=1)


def test_cli_backfill_prints_the_ingest_summary_and_stores_the_same(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tcwatch.cli import cli

    path = tmp_path / "archive.jsonl"
    with path.open("w") as fh:
        for d in archive(copies=1):
            fh.write(json.dumps({"id": d.id, "date": d.date, "text": d.text, "url": d.url}) + "\n")
    monkeypatch.delenv("TCWATCH_CONFIG", raising=False)
    runner = CliRunner()
    a, b = str(tmp_path / "a.db"), str(tmp_path / "b.db")
    backfilled = runner.invoke(cli, ["backfill", str(path), "--workers", "1", "--partition", "4", "--db", a],
                               catch_exceptions=False)
    ingested = runner.invoke(cli, ["ingest", str(path), "--db", b], catch_exceptions=False)
    assert backfilled.exit_code == ingested.exit_code == 0, backfilled.output
    assert backfilled.output.splitlines()[-1] == ingested.output.splitlines()[-1]
    assert "stored 17" in backfilled.output
    with open_store(a) as sa, open_store(b) as sb:
        assert snapshot(sa) == snapshot(sb)
        assert sa.conn.query("SELECT kind, fact_id FROM alerts ORDER BY id") == \
            sb.conn.query("SELECT kind, fact_id FROM alerts ORDER BY id")
