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


@pytest.mark.parametrize("read_by", ["client", "workers"])
def test_a_killed_worker_loses_and_doubles_nothing(tmp_path, read_by):
    """Killed while it extracts a partition, or (``workers``) while it holds partitions it read from
    the file: they are read and extracted again elsewhere, and written once."""
    from tcwatch.backfill import backfill_paths

    docs = archive(copies=12)
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps({"id": d.id, "date": d.date, "text": d.text, "url": d.url,
                                        "source": d.source}) + "\n" for d in docs))
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
            report = backfill_paths(store, [str(path)], client, partition_size=4, max_in_flight=8,
                                    read_in_workers=read_by == "workers", on_partition=kill_a_busy_worker)
            got = snapshot(store)
    assert killed and killed[0][1], "a worker was killed while it had tasks"
    with open_store(str(tmp_path / "s.db")) as store:
        single = ingest_documents(store, docs)
        expected = snapshot(store)
    assert (report.stored, report.facts) == (single.stored, single.facts)
    for row in got["documents"] + expected["documents"]:
        row.pop("origin")  # the file and line, or nothing
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


# --- the workers read their own partitions ---------------------------------------------------------------
def write_archive(folder) -> list[str]:
    """The archive as files, the way a newsroom keeps one: a JSON Lines file (with blank lines, a
    malformed line, a record without text and a UTF-8 byte order mark), a folder of text files and a
    page, a CSV file, a UTF-16 JSON Lines file and a file of an unsupported type. Paths relative to
    ``folder``."""
    docs = archive(copies=3)
    folder.joinpath("news").mkdir()
    lines = []
    for k, d in enumerate(docs[:-4]):
        lines.append(json.dumps({"id": d.id, "date": d.date, "text": d.text, "url": d.url, "source": d.source}))
        if k % 5 == 1:
            lines.append("")
        if k == 6:
            lines.append('{"id": "broken", "date": ')
        if k == 9:
            lines.append(json.dumps({"id": "no-text", "date": "2025-01-01"}))
    folder.joinpath("news", "wire.jsonl").write_bytes(b"\xef\xbb\xbf" + ("\n".join(lines) + "\n\n").encode())
    pages = folder / "news" / "pages"
    pages.mkdir()
    for d in docs[-4:-2]:
        pages.joinpath(f"{d.id}.txt").write_text(f"{d.date}\n{d.text}\n")
    pages.joinpath("short.txt").write_text("2025-01-01\ntoo short\n")
    pages.joinpath("page.html").write_text(
        "<html><head><meta name='date' content='2025-03-20'><title>Flight to Kigali</title></head><body><article>"
        "<p>The United States deported five more men to Rwanda on Thursday under the agreement signed in "
        "the spring, the Rwandan government said in a statement.</p></article></body></html>")
    pages.joinpath("notes.docx").write_bytes(b"PK\x03\x04")
    with folder.joinpath("desk.csv").open("w", newline="") as fh:
        import csv

        w = csv.writer(fh)
        w.writerow(["id", "date", "text", "url"])
        for d in docs[-2:]:
            w.writerow([d.id, d.date, d.text.replace(". ", ".\n", 1), d.url])
    folder.joinpath("old.jsonl").write_text(json.dumps({"id": "utf16", "date": "2024-02-02", "text": docs[2].text
                                                        + " Archived."}) + "\n", encoding="utf-16")
    folder.joinpath("empty.jsonl").write_text("\n\n")
    return ["news", "desk.csv", "old.jsonl", "empty.jsonl", "missing.jsonl"]


def rejections(store) -> list:
    return [(r["origin"], r["reason"]) for r in store.conn.query("SELECT origin, reason FROM rejections ORDER BY id")]


def documents_in(value) -> int:
    """How many Documents a task argument holds (it may be a list, a tuple, a descriptor)."""
    from dataclasses import fields, is_dataclass

    from tcwatch.model import Document

    if isinstance(value, Document):
        return 1
    if isinstance(value, (list, tuple, set, frozenset)):
        return sum(documents_in(v) for v in value)
    if is_dataclass(value) and not isinstance(value, type):
        return sum(documents_in(getattr(value, f.name)) for f in fields(value))
    return 0


class Recording:
    """The client, with every task's arguments noted (what this process sends to the cluster)."""

    def __init__(self, client):
        self.client, self.sent = client, []

    def submit(self, fn, *args, **kwargs):
        self.sent.append((fn.__name__, args))
        return self.client.submit(fn, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.client, name)


def test_the_workers_read_their_own_partitions_and_store_what_ingest_stores(client, any_target, second_target,
                                                                            tmp_path, monkeypatch):
    from tcwatch.backfill import backfill_paths
    from tcwatch.ingest import ingest_paths

    monkeypatch.chdir(tmp_path)
    paths = write_archive(tmp_path)
    recording = Recording(client)
    written = []
    with open_store(any_target) as store:
        report = backfill_paths(store, paths, recording, partition_size=3, on_partition=written.append)
        got, got_figures, got_rejections = snapshot(store), figures(store), rejections(store)
    with open_store(second_target) as store:
        expected_report = ingest_paths(store, paths)
        expected, expected_figures, expected_rejections = snapshot(store), figures(store), rejections(store)
    assert report.to_dict() == expected_report.to_dict()
    assert got == expected and got_figures == expected_figures
    # the same file and line named for every rejected input, with the same reason
    assert got_rejections == expected_rejections
    assert [o for o, _ in got_rejections if o.startswith("news/wire.jsonl:")] == ["news/wire.jsonl:10", "news/wire.jsonl:14"]
    assert any(o == "empty.jsonl" for o, _ in got_rejections) and any(o == "missing.jsonl" for o, _ in got_rejections)
    assert written == list(range(len(written))) and len(written) == -(-report.read // 3)
    # the JSON Lines documents and the text files were read by the workers: no document of theirs was
    # sent from here (only the CSV and UTF-16 files' are: 3 documents)
    reads = [args for name, args in recording.sent if name == "read_pieces"]
    assert len(reads) >= 8
    assert sum(documents_in(args) for _, args in recording.sent) == 3


def test_a_rerun_of_a_file_backfill_extracts_only_what_is_not_stored(client, tmp_path, monkeypatch):
    import tcwatch.backfill as bf
    from tcwatch.backfill import backfill_paths

    monkeypatch.chdir(tmp_path)
    paths = write_archive(tmp_path)
    extracted = []
    real = bf.prepare_many
    monkeypatch.setattr(bf, "prepare_many", lambda docs: extracted.extend(d.hash for d in docs) or real(docs))

    def crash(index):
        if index == 3:
            raise Crash("writer killed")

    with open_store(str(tmp_path / "b.db")) as store:
        with pytest.raises(Crash):
            backfill_paths(store, paths, client, partition_size=4, on_partition=crash)
        stored = store.count_documents()
        before = {r["hash"] for r in store.conn.query("SELECT hash FROM documents")}
        assert stored >= 12
        extracted.clear()
        report = backfill_paths(store, paths, client, partition_size=4)
        got = snapshot(store)
        del got["rejections"]  # each run records the inputs it rejected, as ingest does
        after = {r["hash"] for r in store.conn.query("SELECT hash FROM documents")}
    with open_store(str(tmp_path / "s.db")) as store:
        from tcwatch.ingest import ingest_paths

        single = ingest_paths(store, paths)
        expected = snapshot(store)
        del expected["rejections"]
    assert got == expected
    assert report.stored == single.stored - stored
    # the documents stored before the crash were not extracted again; the others were
    assert extracted and not set(extracted) & before
    assert after - before <= set(extracted)


def test_a_worker_that_does_not_see_the_archive_stops_the_backfill_with_the_remedy(client, tmp_path, monkeypatch):
    """A worker that cannot open a planned file (the archive not mounted there), or finds another copy of
    it, fails its partition loudly, naming the file and the remedy: its documents are not stored as a
    list of "no such file" rejections, and what the other partitions stored is kept."""
    from tcwatch.backfill import plan_partitions, run
    from tcwatch.sources import ReadOptions

    monkeypatch.chdir(tmp_path)
    write_archive(tmp_path)
    partitions = list(plan_partitions(["news"], ReadOptions(), 3))
    # the archive changes under the workers after planning: one file gone, one of another size
    moved = tmp_path / "news" / "wire.jsonl"
    moved.rename(tmp_path / "elsewhere.jsonl")
    with open_store(str(tmp_path / "b.db")) as store:
        with pytest.raises(BackfillError, match=r"news/wire\.jsonl.*does not see the file.*same path.*--read-here"):
            run(store, partitions, client, read_options=ReadOptions(), retries=1)
        assert store.conn.scalar("SELECT count(*) FROM rejections WHERE reason LIKE 'no such file%'") == 0
    (tmp_path / "elsewhere.jsonl").rename(moved)
    with moved.open("a") as fh:
        fh.write("\n")
    with open_store(str(tmp_path / "c.db")) as store:
        with pytest.raises(BackfillError, match=r"news/wire\.jsonl.*bytes here"):
            run(store, partitions, client, read_options=ReadOptions(), retries=0)


def test_cli_backfill_read_here_ships_the_documents_and_stores_the_same(tmp_path, monkeypatch):
    from click.testing import CliRunner

    import tcwatch.backfill as bf
    from tcwatch.cli import cli

    monkeypatch.chdir(tmp_path)
    paths = write_archive(tmp_path)
    planned = []
    real = bf.plan_partitions
    monkeypatch.setattr(bf, "plan_partitions", lambda *a, **k: planned.append(a) or real(*a, **k))
    monkeypatch.delenv("TCWATCH_CONFIG", raising=False)
    runner = CliRunner()
    outputs = {}
    for name, extra in (("here", ["--read-here"]), ("workers", []), ("ingest", None)):
        args = (["backfill", *paths, "--workers", "1", "--partition", "5", *extra] if extra is not None
                else ["ingest", *paths]) + ["--db", str(tmp_path / f"{name}.db")]
        result = runner.invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 3, result.output  # some inputs are rejected
        outputs[name] = result.output.splitlines()[-1]
        if name == "here":
            assert not planned  # read here: nothing planned for the workers to read
    assert len(planned) == 1
    assert outputs["here"] == outputs["workers"] == outputs["ingest"]
    snaps = []
    for name in ("here", "workers", "ingest"):
        with open_store(str(tmp_path / f"{name}.db")) as store:
            snaps.append((snapshot(store), rejections(store)))
    assert snaps[0] == snaps[1] == snaps[2]
